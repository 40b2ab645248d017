import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { ApiCallCounter } from '../../ports/api-call-counter.js';
import { type AwsClientOptions, sharedClientConfig } from './client-config.js';
import { attachCounter } from './counting-middleware.js';
import { attachPacing, type ClientPacing } from './pacing-middleware.js';
import { RequestCounter } from './request-counter.js';

/** The explicitly configured values; an absent field is left to the SDK's standard configuration. */
export interface AwsClientsConfig {
  readonly region?: string;
  readonly endpoint?: string;
}

/**
 * The SDK clients the observers, the lock store and rollouts use, sharing one configuration and
 * one counter. Building a client opens no connection, so unused ones cost nothing.
 */
export interface AwsClients {
  readonly ecs: ECSClient;
  readonly rds: RDSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly sts: STSClient;
  /** The lock table's client (`DynamoDbLockStore`). */
  readonly dynamodb: DynamoDBClient;
  /** Change sets (`CfnStackDeployer`). */
  readonly cloudformation: CloudFormationClient;
  /** Templates over the inline limit; path-style when an endpoint is given (no bucket subdomains on an IP). */
  readonly s3: S3Client;
  /** Alerts, one topic per priority (`SnsAlertPublisher`). */
  readonly sns: SNSClient;
  /** The reconcile queue (`SqsReconcileQueue`). */
  readonly sqs: SQSClient;
  /** Drift attribution (`CloudTrailAttribution`, which paces LookupEvents itself). */
  readonly cloudtrail: CloudTrailClient;
  /** Every HTTP attempt of the clients above, retries included. */
  readonly counter: ApiCallCounter & Pick<RequestCounter, 'byOperation'>;
  readonly config: AwsClientsConfig;
  /** Closes the clients' keep-alive connections. */
  destroy(): void;
}

/** Options of {@link createAwsClients}. */
export interface AwsClientsOptions extends AwsClientOptions {
  /** Paces every attempt to AWS's documented request buckets. @default - not paced */
  readonly pacing?: ClientPacing;
}

/**
 * Builds the AWS SDK clients from one set of options (see {@link sharedClientConfig}), each counted
 * by the same {@link RequestCounter}. The SDK's default HTTP handler (keep-alive agents) is kept.
 *
 * @throws {@link AwsClientConfigError} for unusable options.
 *
 * @example
 * const aws = createAwsClients({ endpoint: 'http://127.0.0.1:4566', region: 'eu-west-1' });
 * try { ... } finally { aws.destroy(); }
 */
export function createAwsClients(options: AwsClientsOptions = {}): AwsClients {
  const shared = sharedClientConfig(options);
  const counter = new RequestCounter();
  const ecs = new ECSClient(shared);
  const rds = new RDSClient(shared);
  const elbv2 = new ElasticLoadBalancingV2Client(shared);
  const sts = new STSClient(shared);
  const dynamodb = new DynamoDBClient(shared);
  const cloudformation = new CloudFormationClient(shared);
  const s3 = new S3Client({ ...shared, forcePathStyle: shared.endpoint !== undefined });
  const sns = new SNSClient(shared);
  const sqs = new SQSClient(shared);
  const cloudtrail = new CloudTrailClient(shared);
  // One call per client: each client's middleware stack has its own input and output types.
  attachCounter(ecs, counter);
  attachCounter(rds, counter);
  attachCounter(elbv2, counter);
  attachCounter(sts, counter);
  attachCounter(dynamodb, counter);
  attachCounter(cloudformation, counter);
  attachCounter(s3, counter);
  attachCounter(sns, counter);
  attachCounter(sqs, counter);
  attachCounter(cloudtrail, counter);
  if (options.pacing !== undefined) {
    attachPacing(ecs, options.pacing);
    attachPacing(rds, options.pacing);
    attachPacing(elbv2, options.pacing);
    attachPacing(sts, options.pacing);
    attachPacing(dynamodb, options.pacing);
    attachPacing(cloudformation, options.pacing);
    attachPacing(s3, options.pacing);
    attachPacing(sns, options.pacing);
    attachPacing(sqs, options.pacing);
    attachPacing(cloudtrail, options.pacing);
  }
  const all: readonly { destroy(): void }[] = [
    ecs,
    rds,
    elbv2,
    sts,
    dynamodb,
    cloudformation,
    s3,
    sns,
    sqs,
    cloudtrail,
  ];
  const config: AwsClientsConfig = {
    ...(shared.region === undefined ? {} : { region: shared.region }),
    ...(shared.endpoint === undefined ? {} : { endpoint: shared.endpoint }),
  };
  return {
    ecs,
    rds,
    elbv2,
    sts,
    dynamodb,
    cloudformation,
    s3,
    sns,
    sqs,
    cloudtrail,
    counter,
    config,
    destroy() {
      for (const client of all) client.destroy();
    },
  };
}
