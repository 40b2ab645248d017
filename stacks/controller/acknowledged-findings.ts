import { CfnResource, Stack, Validations } from 'aws-cdk-lib/core';
import type { IConstruct } from 'constructs';
import { REPORTS_PREFIX } from './buckets.js';

/**
 * The constructs of the controller stack that AWS best-practice rules (cdk-nag's AwsSolutions)
 * flag by design. The wildcards derived from the manifests are acknowledged where they are granted
 * (`EnvironmentAccess`).
 */
export interface ControllerFindingScopes {
  /** The reconcile function's role. */
  readonly reconciler: IConstruct;
  /** The report bucket (its logical id names the finding). */
  readonly reports: IConstruct;
  /** The GitHub webhook secret and token. */
  readonly secrets: readonly IConstruct[];
}

const NO_ROTATION = {
  id: 'AwsSolutions-SMG4',
  reason:
    'A GitHub secret cannot be rotated by AWS: the webhook secret must change on GitHub at the same moment, and the token is issued by GitHub. Operators replace both with put-secret-value; the functions read them once per container.',
};

const ENCRYPTED_TOPICS = {
  id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
  reason:
    'Publishing to a topic encrypted with the alert key needs a data key of that key (GenerateDataKey and its variant without plaintext); the grant names the alert key only.',
};

/**
 * Acknowledges, with the reason for each, the findings the controller accepts by design.
 * Acknowledgments are construct metadata: the template is unchanged.
 */
export function acknowledgeControllerFindings(scopes: ControllerFindingScopes): void {
  const bucket = scopes.reports.node.defaultChild;
  if (!CfnResource.isCfnResource(bucket)) throw new Error('the report bucket has no CfnBucket');
  const logicalId = Stack.of(bucket).getLogicalId(bucket);
  Validations.of(scopes.reconciler).acknowledge(ENCRYPTED_TOPICS, {
    id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${REPORTS_PREFIX}*]`,
    reason:
      'The reconciler reads and writes scan reports, one object per environment and scan under reports/; nothing else in the bucket.',
  });
  for (const secret of scopes.secrets) Validations.of(secret).acknowledge(NO_ROTATION);
}
