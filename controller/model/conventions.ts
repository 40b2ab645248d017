/**
 * Names Plumbline shares across its parts: what one part writes, another reads, so each is defined
 * once here and imported everywhere.
 */

/** The tag every resource of an environment carries, with the environment's name as value. */
export const ENVIRONMENT_TAG_KEY = 'plumbline:environment';

/** The ref reported for manifests read from the local working tree rather than a git revision. */
export const WORKING_TREE_REF = 'working-tree';

/** Where manifests live in the repository, unless told otherwise. */
export const DEFAULT_MANIFEST_DIR = 'desired-state';

/** The controller's DynamoDB state table (leases, alerts, runs), unless told otherwise. */
export const DEFAULT_STATE_TABLE = 'plumbline-state';

/**
 * The STS role session name of an environment's reads and writes (`environment.roleArn`): it shows
 * in CloudTrail and in the assumed-role ARN of the environment's account, so that account's owners
 * see which environment acted.
 */
export function roleSessionName(env: string): string {
  return `plumbline-${env}`;
}

/** The bucket for templates over CloudFormation's inline limit, per account and region. */
export function defaultTemplateBucket(account: string, region: string): string {
  return `plumbline-templates-${account}-${region}`;
}

/** Commit-status contexts, one per environment and purpose (GitHub keys statuses by context). */
export const STATUS_CONTEXTS = {
  /** A rollout of the commit to the environment. */
  rollout: (env: string) => `plumbline/${env}`,
  /** A pull request's plan preview. */
  plan: (env: string) => `plumbline/plan/${env}`,
  /** The latest drift scan, on main's head. */
  drift: (env: string) => `plumbline/drift/${env}`,
} as const;

/** The bucket drift reports land in, per account and region. */
export function defaultReportBucket(account: string, region: string): string {
  return `plumbline-reports-${account}-${region}`;
}

/** The SNS topic of one alert priority (`plumbline-alerts-p0` .. `-p3`), as the platform alarms use. */
export function alertTopicName(priority: string): string {
  return `plumbline-alerts-${priority.toLowerCase()}`;
}

/** The CloudFormation stack of an environment's platform: `plumbline-<env>`. */
export function platformStackNameOf(environment: {
  readonly environment: { readonly name: string };
}): string {
  return `plumbline-${environment.environment.name}`;
}

/** The queue the webhook, the schedule and `plumbline approve` feed the reconciler through. */
export const DEFAULT_RECONCILE_QUEUE = 'plumbline-reconcile';
