import {
  DEFAULT_MANIFEST_DIR,
  DEFAULT_STATE_TABLE,
  defaultTemplateBucket,
} from '../controller/model/conventions.js';

/** What the commands' options and the process environment decide, resolved once. */
export interface PlumblineConfig {
  /** The desired-state directory. */
  readonly dir: string;
  /** `--endpoint`, else `AWS_ENDPOINT_URL`; absent means AWS itself. */
  readonly endpoint?: string;
  /** `AWS_REGION`, else `AWS_DEFAULT_REGION`: where the caller works. Absent: each manifest's region. */
  readonly region?: string;
  /** The state table (leases). */
  readonly table: string;
  /** `--template-bucket`; absent means {@link defaultTemplateBucket} of the environment. */
  readonly templateBucket?: string;
  /**
   * `PLUMBLINE_AWS_RATE_LIMITS`: `off`, or overrides of the documented request buckets the AWS
   * calls are paced to (`ecs.task-definition-read=100/40,...`). Absent: AWS's defaults.
   */
  readonly rateLimits?: string;
  /**
   * `CFN_EXECUTION_ROLE_ARN`: the role CloudFormation acts as for environments in the controller's
   * own account (no `environment.roleArn`), as the controller's stack sets it.
   */
  readonly cfnExecutionRoleArn?: string;
}

/** The options commands share; every one may be absent. */
export interface ConfigOptions {
  readonly dir?: string;
  readonly endpoint?: string;
  readonly table?: string;
  readonly templateBucket?: string;
}

/**
 * Resolves the configuration from a command's options and the environment variables the AWS SDK
 * and GitHub Actions use. Commands, Lambda handlers and `plumbline serve` all go through it.
 *
 * @example
 * const config = resolveConfig(opts, process.env);
 */
export function resolveConfig(
  options: ConfigOptions,
  env: Readonly<Record<string, string | undefined>>,
): PlumblineConfig {
  const endpoint = options.endpoint ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  const rateLimits = nonEmpty(env.PLUMBLINE_AWS_RATE_LIMITS);
  const cfnExecutionRoleArn = nonEmpty(env.CFN_EXECUTION_ROLE_ARN);
  return {
    dir: options.dir ?? DEFAULT_MANIFEST_DIR,
    table: options.table ?? DEFAULT_STATE_TABLE,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(options.templateBucket === undefined ? {} : { templateBucket: options.templateBucket }),
    ...(rateLimits === undefined ? {} : { rateLimits }),
    ...(cfnExecutionRoleArn === undefined ? {} : { cfnExecutionRoleArn }),
  };
}

/** The template bucket of an environment's account and region. */
export function templateBucketOf(
  config: PlumblineConfig,
  environment: { readonly account: string; readonly region: string },
): string {
  return config.templateBucket ?? defaultTemplateBucket(environment.account, environment.region);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
