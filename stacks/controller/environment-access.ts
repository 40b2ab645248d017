import { type IRole, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { Aws } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import type { DesiredState } from '../../controller/model/manifest.js';
import {
  clusterName,
  databaseIdentifier,
  loadBalancerName,
  targetGroupName,
} from '../../controller/model/names.js';
import { cloudFormationExecutionRole } from './cfn-execution-role.js';
import { arn, clusterArn, stackArn, templateObjects, Wildcards } from './wildcards.js';

/**
 * What a rollout, a scan and a heal call on an environment's platform stack
 * (`CfnStackDeployer`, `DeclaredTaskDefinition`); each takes the stack's ARN.
 */
const STACK_ACTIONS = [
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackEvents',
  'cloudformation:DescribeStackResource',
  'cloudformation:GetTemplate',
  'cloudformation:DescribeChangeSet',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:DeleteChangeSet',
  'cloudformation:UpdateTerminationProtection',
] as const;

/**
 * The reads of a scan that IAM cannot scope to a resource: the Service Authorization Reference
 * lists no resource type for them, so their statement must name `*`.
 */
export const UNSCOPED_READS = [
  // Who changed a drifted resource; LookupEvents has no resource-level permissions.
  'cloudtrail:LookupEvents',
  // Task definitions are looked up by ARN; DescribeTaskDefinition has no resource-level permissions.
  'ecs:DescribeTaskDefinition',
  // Every ELBv2 Describe* call is account-wide; none has resource-level permissions.
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTargetGroups',
] as const;

/** Props of {@link EnvironmentAccess}. */
export interface EnvironmentAccessProps {
  /** Every managed environment, from its manifest. */
  readonly environments: readonly DesiredState[];
  /** The role that reconciles them (rollouts, scans, heals). */
  readonly reconciler: IRole;
}

/**
 * What the reconciler may do in the environments, derived from their manifests at synthesis:
 *
 * - an environment that declares `environment.roleArn` is reached through that role, so the
 *   reconciler may only `sts:AssumeRole` it; what the role may do is its own account's business;
 * - an environment without one lives in the controller's account. There the reconciler gets the
 *   scan's reads, the heal's writes on the environment's own resources (by ARN, from the names
 *   the manifest derives), its platform stack, and its template uploads. It never provisions
 *   anything itself: a change set must run as the CloudFormation service role `plumbline-cfn-exec`
 *   (the `cloudformation:RoleArn` condition), whose broad permissions only CloudFormation can use.
 *
 * Every wildcard resource is acknowledged (AwsSolutions-IAM5) where it is granted, with its reason.
 * Adding a load balancer, a target group or a database to a same-account environment, or a new
 * environment, needs a deploy of the controller; a new service in a known cluster does not.
 */
export class EnvironmentAccess extends Construct {
  /**
   * The CloudFormation service role of same-account environments.
   * @default - absent when every environment declares a roleArn
   */
  readonly executionRole?: Role;

  constructor(scope: Construct, id: string, props: EnvironmentAccessProps) {
    super(scope, id);
    const grant = (statement: PolicyStatement) => props.reconciler.addToPrincipalPolicy(statement);
    const wildcards = new Wildcards();

    const roles = [
      ...new Set(props.environments.flatMap((e) => e.environment.roleArn ?? [])),
    ].sort();
    if (roles.length > 0)
      grant(
        new PolicyStatement({
          sid: 'AssumeEnvironmentRoles',
          actions: ['sts:AssumeRole'],
          resources: roles,
        }),
      );

    const local = props.environments.filter((e) => e.environment.roleArn === undefined);
    if (local.length === 0) return;
    const executionRole = cloudFormationExecutionRole(this, local);
    this.executionRole = executionRole;

    const stacks = wildcards.resources(
      local.map(stackArn),
      'A platform stack is named plumbline-<env>; its ARN ends in the id CloudFormation gives it.',
    );
    grant(
      new PolicyStatement({
        sid: 'PlatformStacks',
        actions: [...STACK_ACTIONS],
        resources: stacks,
      }),
    );
    grant(
      new PolicyStatement({
        sid: 'ChangeSetsRunAsExecutionRole',
        actions: ['cloudformation:CreateChangeSet'],
        resources: stacks,
        conditions: { ArnEquals: { 'cloudformation:RoleArn': executionRole.roleArn } },
      }),
    );
    grant(
      new PolicyStatement({
        sid: 'PassExecutionRoleToCloudFormation',
        actions: ['iam:PassRole'],
        resources: [executionRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }),
    );
    grant(
      new PolicyStatement({
        sid: 'LargeTemplates',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: wildcards.resources(
          local.map(templateObjects),
          "A rollout uploads templates over CloudFormation's inline limit under templates/<stack>/, one object per template hash.",
        ),
      }),
    );
    const unscoped = wildcards.resources(
      [() => '*'],
      'CloudTrail LookupEvents, ECS DescribeTaskDefinition and ListServices, and the ELBv2 Describe* calls have no resource-level permissions (Service Authorization Reference); ListServices is limited to the environments’ clusters by its ecs:cluster condition.',
    );
    // See UNSCOPED_READS: these actions accept no narrower resource.
    grant(
      new PolicyStatement({
        sid: 'UnscopedReads',
        actions: [...UNSCOPED_READS],
        resources: unscoped,
      }),
    );
    // ListServices names no resource type either; its ecs:cluster condition key scopes it.
    grant(
      new PolicyStatement({
        sid: 'ListClusterServices',
        actions: ['ecs:ListServices'],
        resources: unscoped,
        conditions: {
          ArnEquals: { 'ecs:cluster': local.map((e) => clusterArn(e)(Aws.PARTITION)) },
        },
      }),
    );
    grant(
      new PolicyStatement({
        sid: 'ReadAndHealServices',
        actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
        resources: wildcards.resources(
          local.map((e) => arn(e, 'ecs', `service/${clusterName(e)}/*`)),
          'The services of the environment’s own cluster: a scan reads them, a heal sets their count, task definition and deployment settings.',
        ),
      }),
    );
    const databases = local.flatMap((e) =>
      e.database ? [arn(e, 'rds', `db:${databaseIdentifier(e)}`)(Aws.PARTITION)] : [],
    );
    if (databases.length > 0)
      grant(
        new PolicyStatement({
          sid: 'ReadAndHealDatabases',
          actions: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance'],
          resources: databases,
        }),
      );
    const balanced = local.filter((e) => e.loadBalancer !== undefined);
    if (balanced.length > 0) {
      const elb = (e: DesiredState, resource: string) => arn(e, 'elasticloadbalancing', resource);
      const idSuffix =
        'ELBv2 ARNs end in an id AWS assigns; the name before it is the one the manifest declares.';
      grant(
        new PolicyStatement({
          sid: 'HealTargetGroups',
          actions: ['elasticloadbalancing:ModifyTargetGroup'],
          resources: wildcards.resources(
            balanced.flatMap((e) =>
              (e.loadBalancer?.targetGroups ?? []).map((t) =>
                elb(e, `targetgroup/${targetGroupName(e, t)}/*`),
              ),
            ),
            idSuffix,
          ),
        }),
      );
      grant(
        new PolicyStatement({
          sid: 'HealListeners',
          actions: ['elasticloadbalancing:ModifyListener'],
          resources: wildcards.resources(
            balanced.map((e) => elb(e, `listener/app/${loadBalancerName(e)}/*`)),
            idSuffix,
          ),
        }),
      );
      grant(
        new PolicyStatement({
          sid: 'HealLoadBalancers',
          actions: ['elasticloadbalancing:ModifyLoadBalancerAttributes'],
          resources: wildcards.resources(
            balanced.map((e) => elb(e, `loadbalancer/app/${loadBalancerName(e)}/*`)),
            idSuffix,
          ),
        }),
      );
    }
    wildcards.acknowledgeOn(props.reconciler);
  }
}
