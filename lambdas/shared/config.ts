import { z } from 'zod';
import { DEFAULT_STATE_TABLE } from '../../controller/model/conventions.js';

/**
 * The handlers' configuration, read and validated once per container from the environment the
 * controller's stack sets (the names GitHub Actions uses for GitHub). A missing or malformed value
 * stops the cold start with one line naming the variable; secrets are never echoed.
 */
const environmentSchema = z.object({
  AWS_REGION: z.string().min(1),
  STATE_TABLE: z.string().min(1).default(DEFAULT_STATE_TABLE),
  REPORT_BUCKET: z.string().min(3),
  /** Public base of report links (a CDN in front of the bucket); default the bucket's S3 URL. */
  REPORT_BASE_URL: z.url().optional(),
  GITHUB_REPOSITORY: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be owner/name'),
  GITHUB_API_URL: z.url().default('https://api.github.com'),
  /** The token itself (local runs) or, on AWS, the Secrets Manager secret holding it. */
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_TOKEN_SECRET_ARN: z.string().startsWith('arn:').optional(),
  MAIN_BRANCH: z.string().min(1).default('main'),
  /** Topic ARNs by priority; default `plumbline-alerts-p0..p3` in the function's account. */
  ALERT_TOPIC_ARN_PREFIX: z.string().startsWith('arn:').optional(),
  /** The reconcile queue (URL, or name resolved with GetQueueUrl) the reconciler re-enqueues on. */
  RECONCILE_QUEUE_URL: z.string().min(1).optional(),
  /** The environment lease's duration while a rollout works; a killed invocation's lease expires after it. */
  LEASE_TTL_SECONDS: z.coerce.number().int().min(10).max(900).default(120),
  SCAN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** `AWS_ENDPOINT_URL` for emulators (`plumbline serve` against the sandbox). */
  AWS_ENDPOINT_URL: z.url().optional(),
});

export type HandlerConfig = z.output<typeof environmentSchema>;

/** A configuration that cannot work; the message names the variable, never its value. */
export class HandlerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerConfigError';
  }
}

/**
 * Parses the handlers' environment.
 *
 * @example
 * const config = handlerConfig(process.env);
 */
export function handlerConfig(env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HandlerConfigError(
      `invalid configuration: ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  if (!parsed.data.GITHUB_TOKEN && !parsed.data.GITHUB_TOKEN_SECRET_ARN)
    throw new HandlerConfigError(
      'invalid configuration: set GITHUB_TOKEN or GITHUB_TOKEN_SECRET_ARN',
    );
  return parsed.data;
}
