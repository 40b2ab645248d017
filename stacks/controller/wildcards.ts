import { type Acknowledgment, Aws, Validations } from 'aws-cdk-lib/core';
import type { IConstruct } from 'constructs';
import { defaultTemplateBucket, platformStackNameOf } from '../../controller/model/conventions.js';
import type { DesiredState } from '../../controller/model/manifest.js';
import { clusterName } from '../../controller/model/names.js';
import { TEMPLATES_PREFIX } from './buckets.js';

/** An ARN with the partition left open: the policy gets `${AWS::Partition}`, a finding its name. */
export type Pattern = (partition: string) => string;

/** How cdk-nag names the partition in its findings. */
const NAG_PARTITION = '<AWS::Partition>';

/** Collects the wildcard resources of one role and acknowledges each, with its reason. */
export class Wildcards {
  readonly #acknowledgments = new Map<string, Acknowledgment>();

  /** The policy's resources; each pattern is acknowledged (AwsSolutions-IAM5) with `reason`. */
  resources(patterns: readonly Pattern[], reason: string): string[] {
    for (const pattern of patterns) {
      const id = `AwsSolutions-IAM5[Resource::${pattern(NAG_PARTITION)}]`;
      this.#acknowledgments.set(id, { id, reason });
    }
    return [...new Set(patterns.map((pattern) => pattern(Aws.PARTITION)))];
  }

  /** A wildcard action, acknowledged with `reason`. */
  action(action: string, reason: string): string {
    const id = `AwsSolutions-IAM5[Action::${action}]`;
    this.#acknowledgments.set(id, { id, reason });
    return action;
  }

  /** Records every acknowledgment collected so far on `scope` (the role whose policy has them). */
  acknowledgeOn(scope: IConstruct): void {
    if (this.#acknowledgments.size > 0)
      Validations.of(scope).acknowledge(...this.#acknowledgments.values());
  }
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` in the environment's account and region. */
export function arn(e: DesiredState, service: string, resource: string): Pattern {
  const { region, account } = e.environment;
  return (partition) => `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

/** An environment's platform stack, `plumbline-<env>`, whatever id CloudFormation gave it. */
export function stackArn(e: DesiredState): Pattern {
  return arn(e, 'cloudformation', `stack/${platformStackNameOf(e)}/*`);
}

/** An environment's ECS cluster. */
export function clusterArn(e: DesiredState): Pattern {
  return arn(e, 'ecs', `cluster/${clusterName(e)}`);
}

/** Where a rollout of `e` uploads a large template (`CfnStackDeployer`). */
export function templateObjects(e: DesiredState): Pattern {
  const bucket = defaultTemplateBucket(e.environment.account, e.environment.region);
  return (partition) =>
    `arn:${partition}:s3:::${bucket}/${TEMPLATES_PREFIX}${platformStackNameOf(e)}/*`;
}

/** An IAM ARN (no region) in the environment's account. */
export function iamArn(e: DesiredState, resource: string): Pattern {
  return (partition) => `arn:${partition}:iam::${e.environment.account}:${resource}`;
}
