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

/** The bucket for templates over CloudFormation's inline limit, per account and region. */
export function defaultTemplateBucket(account: string, region: string): string {
  return `plumbline-templates-${account}-${region}`;
}
