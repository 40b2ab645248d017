import { type Acknowledgment, Validations } from 'aws-cdk-lib/core';
import type { IConstruct } from 'constructs';
import type { DesiredState } from '../controller/model/manifest.js';

/** The constructs of a platform stack that AWS best-practice rules (cdk-nag's AwsSolutions) flag. */
export interface FindingScopes {
  readonly vpc: IConstruct;
  /** Absent without a load balancer. */
  readonly loadBalancerSecurityGroup?: IConstruct | undefined;
  readonly loadBalancer?: IConstruct | undefined;
  readonly accessLogsBucket?: IConstruct | undefined;
  readonly cluster: IConstruct;
  readonly taskDefinitions: readonly IConstruct[];
  /** The database instance (its generated master secret is a child). */
  readonly database?: IConstruct | undefined;
}

const FLOW_LOGS: Acknowledgment = {
  id: 'AwsSolutions-VPC7',
  reason:
    'No VPC flow logs: every connection from outside passes the load balancer, whose access logs the manifest turns on where an audit trail is required (loadBalancer.accessLogs), and tasks and database accept traffic only from the security group in front of them. Flow logs would add a log group and an IAM role per environment that nothing reads.',
};

const PUBLIC_LISTENERS: Acknowledgment = {
  id: 'AwsSolutions-EC23',
  reason:
    'An internet-facing load balancer accepts its listener ports from any address; that is its purpose. Only the declared listener ports are open, and the services and the database accept traffic only from the security group in front of them.',
};

const CONTAINER_INSIGHTS: Acknowledgment = {
  id: 'AwsSolutions-ECS4',
  reason:
    'Container Insights is billed per metric and task. The stack alarms on the per-service CPU and memory utilization ECS publishes at no charge, and on the target groups’ health, latency and 5XX counts.',
};

const ENVIRONMENT_VARIABLES: Acknowledgment = {
  id: 'AwsSolutions-ECS2',
  reason:
    'The manifest’s `environment` holds non-secret settings only (port, log level, database name); secrets reach the container from Secrets Manager or SSM through `secrets`. The drift check compares both with the manifest.',
};

const SECRET_ROTATION: Acknowledgment = {
  id: 'AwsSolutions-SMG4',
  reason:
    'The master password is not rotated automatically: rotation needs a rotation function with network access to the database, deployed from a code asset or the Serverless Application Repository, which the inline synthesizer cannot publish; and the services read their password once at start, so a rotation would fail running tasks until they restart.',
};

const DEFAULT_PORT: Acknowledgment = {
  id: 'AwsSolutions-RDS11',
  reason:
    'The database sits in isolated subnets and accepts connections only from the services’ security group; a non-default port hides nothing from a client inside the VPC and every client would have to be told it.',
};

const SINGLE_AZ: Acknowledgment = {
  id: 'AwsSolutions-RDS3',
  reason:
    'The manifest declares database.multiAz false: an environment that trades availability for cost says so in review, and the drift check reports the live setting against it.',
};

const NO_DATABASE_DELETION_PROTECTION: Acknowledgment = {
  id: 'AwsSolutions-RDS10',
  reason:
    'The manifest declares database.deletionProtection false for an environment that is rebuilt freely; the stateful guard still blocks any replacement or removal of the instance by a rollout.',
};

const NO_ACCESS_LOGS: Acknowledgment = {
  id: 'AwsSolutions-ELB2',
  reason:
    'The manifest leaves loadBalancer.accessLogs off for an environment without production traffic; an environment that needs the audit trail turns it on and the drift check reports it being switched off.',
};

const LOG_BUCKET_ACCESS_LOGS: Acknowledgment = {
  id: 'AwsSolutions-S1',
  reason:
    'This bucket is itself the access-log destination of the load balancer. Logging requests to it would need another bucket, itself unlogged; only the ELB log delivery principal writes to it, over TLS.',
};

/**
 * Acknowledges, with the reason for each, the AWS best-practice findings the platform accepts by
 * design. Rules that depend on a manifest setting (Multi-AZ, deletion protection, access logs) are
 * acknowledged only where the manifest turns the setting off, so turning it on is never hidden and
 * removing it again is a finding. Acknowledgments are construct metadata: the template is unchanged.
 */
export function acknowledgeFindings(desired: DesiredState, scopes: FindingScopes): void {
  const ack = (scope: IConstruct | undefined, ...rules: Acknowledgment[]) => {
    if (scope && rules.length > 0) Validations.of(scope).acknowledge(...rules);
  };
  const db = desired.database;
  const lb = desired.loadBalancer;
  ack(scopes.vpc, FLOW_LOGS);
  ack(scopes.cluster, CONTAINER_INSIGHTS);
  for (const taskDefinition of scopes.taskDefinitions) ack(taskDefinition, ENVIRONMENT_VARIABLES);
  ack(
    scopes.database,
    SECRET_ROTATION,
    DEFAULT_PORT,
    ...(db?.multiAz === false ? [SINGLE_AZ] : []),
    ...(db?.deletionProtection === false ? [NO_DATABASE_DELETION_PROTECTION] : []),
  );
  if (lb?.scheme === 'internet-facing') ack(scopes.loadBalancerSecurityGroup, PUBLIC_LISTENERS);
  if (lb?.accessLogs === false) ack(scopes.loadBalancer, NO_ACCESS_LOGS);
  ack(scopes.accessLogsBucket, LOG_BUCKET_ACCESS_LOGS);
}
