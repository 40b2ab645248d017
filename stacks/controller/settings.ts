import { err, ok, type Result } from '../../controller/model/result.js';

/** What an operator chooses when deploying the controller (CDK context, `-c key=value`). */
export interface ControllerSettings {
  /** The repository that declares the environments, `owner/name` (`GITHUB_REPOSITORY`). */
  readonly githubRepository: string;
  /** GitHub's REST API (`GITHUB_API_URL`); GitHub Enterprise Server has its own. */
  readonly githubApiUrl: string;
  /** The branch whose head is rolled out and scanned (`MAIN_BRANCH`). */
  readonly mainBranch: string;
  /** Minutes between two scheduled scans of every environment. */
  readonly scanRateMinutes: number;
  /** At most this many reconcile invocations at once (the SQS event source's maximum concurrency). */
  readonly reconcileMaxConcurrency: number;
  /**
   * Concurrency reserved for (and capping) the webhook, a public endpoint.
   * @default - unreserved, when the context says `none`
   */
  readonly webhookReservedConcurrency?: number;
}

/** The context keys {@link controllerSettings} reads, with their defaults. */
export const CONTROLLER_CONTEXT = {
  githubRepository: undefined,
  githubApiUrl: 'https://api.github.com',
  mainBranch: 'main',
  scanRateMinutes: 15,
  reconcileMaxConcurrency: 5,
  webhookReservedConcurrency: 10,
} as const;

type ContextKey = keyof typeof CONTROLLER_CONTEXT;

/** Reads one context value (`app.node.tryGetContext`). */
export type ContextReader = (key: ContextKey) => unknown;

/**
 * Parses the controller's context. Values come as strings from `-c key=value` and as JSON values
 * from `cdk.json`; both are accepted. Every problem is reported, each naming its key.
 *
 * @example
 * const settings = controllerSettings((key) => app.node.tryGetContext(key));
 * if (!settings.ok) console.error(settings.errors.join('\n'));
 */
export function controllerSettings(read: ContextReader): Result<ControllerSettings, string> {
  const errors: string[] = [];
  const text = (key: ContextKey, pattern: RegExp, rule: string): string => {
    const raw = read(key) ?? CONTROLLER_CONTEXT[key];
    if (typeof raw === 'string' && pattern.test(raw)) return raw;
    errors.push(
      raw === undefined
        ? `context ${key} is required (${rule}): cdk deploy -c ${key}=...`
        : `context ${key} must be ${rule}, got ${JSON.stringify(raw)}`,
    );
    return '';
  };
  const integer = (key: ContextKey, min: number, max: number, why: string): number => {
    const raw = read(key) ?? CONTROLLER_CONTEXT[key];
    const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
      return value;
    errors.push(`context ${key} must be an integer from ${min} to ${max} (${why})`);
    return min;
  };

  const githubRepository = text('githubRepository', /^[^/\s]+\/[^/\s]+$/, 'owner/name');
  const githubApiUrl = text('githubApiUrl', /^https?:\/\/\S+$/, 'an http(s) URL');
  const mainBranch = text('mainBranch', /^[^\s~^:?*[\\]+$/, 'a branch name');
  // EventBridge's rate expressions count whole minutes, one at least; a day is plenty for a backstop.
  const scanRateMinutes = integer('scanRateMinutes', 1, 1440, 'minutes between scans');
  // The bounds AWS Lambda accepts for an SQS event source's maximum concurrency.
  const reconcileMaxConcurrency = integer('reconcileMaxConcurrency', 2, 1000, "SQS's limits");
  const reserved = read('webhookReservedConcurrency');
  const webhookReservedConcurrency =
    reserved === 'none'
      ? undefined
      : integer('webhookReservedConcurrency', 1, 1000, 'or "none" to leave it unreserved');
  if (errors.length > 0) return err(errors);
  return ok({
    githubRepository,
    githubApiUrl: githubApiUrl.replace(/\/+$/, ''),
    mainBranch,
    scanRateMinutes,
    reconcileMaxConcurrency,
    ...(webhookReservedConcurrency === undefined ? {} : { webhookReservedConcurrency }),
  });
}
