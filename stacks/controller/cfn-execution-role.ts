import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { DesiredState } from '../../controller/model/manifest.js';
import { iamArn, templateObjects, Wildcards } from './wildcards.js';

/** The CloudFormation service role of the platform stacks in the controller's own account. */
export const CFN_EXECUTION_ROLE_NAME = 'plumbline-cfn-exec';

/**
 * The role CloudFormation acts as when it executes a change set of a same-account platform stack.
 * A platform stack creates a VPC with its subnets, routes, gateways and security groups, a load
 * balancer, an ECS cluster with services and task definitions, auto-scaling, alarms, log groups, a
 * PostgreSQL instance with its generated secret, and IAM roles for its tasks; its resources get
 * generated names and ids, so the services that hold them are granted whole. Only CloudFormation
 * can assume the role, and the reconciler may pass it only to CloudFormation, for the
 * `plumbline-<env>` stacks it synthesizes itself. What has a predictable name is scoped by it: IAM
 * roles and S3 buckets (`plumbline-<env>-*`: CloudFormation's generated names start with the
 * stack's).
 */
export function cloudFormationExecutionRole(
  scope: Construct,
  local: readonly DesiredState[],
): Role {
  const wildcards = new Wildcards();
  const services = [
    'application-autoscaling',
    'cloudwatch',
    'ec2',
    'ecs',
    'elasticloadbalancing',
    'logs',
    'rds',
    'secretsmanager',
  ].map((service) =>
    wildcards.action(
      `${service}:*`,
      'CloudFormation creates, updates and deletes the platform’s resources of this service; their ids are generated, so no narrower grant can name them. Only CloudFormation can assume this role.',
    ),
  );
  const roles = wildcards.resources(
    local.map((e) => iamArn(e, `role/plumbline-${e.environment.name}-*`)),
    'The task roles of a platform stack; CloudFormation names them <stack>-<logical id>-<suffix>.',
  );
  const role = new Role(scope, 'CloudFormationExecutionRole', {
    roleName: CFN_EXECUTION_ROLE_NAME,
    assumedBy: new ServicePrincipal('cloudformation.amazonaws.com'),
    description: 'CloudFormation service role of the Plumbline platform stacks in this account',
    inlinePolicies: {
      platform: new PolicyDocument({
        statements: [
          // The services a platform stack is made of; their resources have generated ids (see above).
          new PolicyStatement({
            sid: 'PlatformServices',
            actions: services,
            resources: wildcards.resources(
              [() => '*'],
              'The platform’s services are granted whole (see the Action findings): resources with generated ids cannot be named in advance.',
            ),
          }),
          new PolicyStatement({
            sid: 'TaskRoles',
            actions: [
              'iam:CreateRole',
              'iam:DeleteRole',
              'iam:GetRole',
              'iam:UpdateRole',
              'iam:UpdateAssumeRolePolicy',
              'iam:TagRole',
              'iam:UntagRole',
              'iam:PutRolePolicy',
              'iam:GetRolePolicy',
              'iam:DeleteRolePolicy',
              'iam:ListRolePolicies',
              'iam:ListAttachedRolePolicies',
            ],
            resources: roles,
          }),
          new PolicyStatement({
            sid: 'PassTaskRolesToEcs',
            actions: ['iam:PassRole'],
            resources: roles,
            conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
          }),
          // First use of ECS, ELB, RDS or ECS auto-scaling in an account creates its service-linked role.
          new PolicyStatement({
            sid: 'ServiceLinkedRoles',
            actions: ['iam:CreateServiceLinkedRole'],
            resources: wildcards.resources(
              local.map((e) => iamArn(e, 'role/aws-service-role/*')),
              'Service-linked roles live under aws-service-role/; the iam:AWSServiceName condition allows only the four services a platform uses.',
            ),
            conditions: {
              StringEquals: {
                'iam:AWSServiceName': [
                  'ecs.amazonaws.com',
                  'ecs.application-autoscaling.amazonaws.com',
                  'elasticloadbalancing.amazonaws.com',
                  'rds.amazonaws.com',
                ],
              },
            },
          }),
          // The load balancer's access-log bucket (loadBalancer.accessLogs), bucket-level calls only.
          new PolicyStatement({
            sid: 'AccessLogBuckets',
            actions: [
              wildcards.action(
                's3:*',
                'CloudFormation creates and configures the load balancer’s access-log bucket (encryption, policy, ownership, public access block); the resource is limited to the stack’s own bucket names.',
              ),
            ],
            resources: wildcards.resources(
              local.map(
                (e) => (partition: string) =>
                  `arn:${partition}:s3:::plumbline-${e.environment.name}-*`,
              ),
              'CloudFormation names a stack’s buckets <stack>-<logical id>-<suffix>.',
            ),
          }),
          new PolicyStatement({
            sid: 'LargeTemplates',
            actions: ['s3:GetObject'],
            resources: wildcards.resources(
              local.map(templateObjects),
              'The templates a rollout uploaded for this stack, one object per template hash.',
            ),
          }),
        ],
      }),
    },
  });
  wildcards.acknowledgeOn(role);
  return role;
}
