import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sharedClientConfig } from '../../controller/adapters/aws/client-config.js';
import { DynamoDbDeliveryLedger } from '../../controller/adapters/aws/dynamodb-delivery-ledger.js';
import {
  resolveQueueUrl,
  SqsReconcileQueue,
} from '../../controller/adapters/aws/sqs-reconcile-queue.js';
import { WebhookSignatureVerifier } from '../../controller/adapters/github/webhook-signature.js';
import type { WebhookConfig } from '../../controller/core/webhook/classify-webhook.js';
import type { ReceiveWebhookDeps } from '../../controller/flows/receive-webhook.js';
import { webhookConfig } from './webhook-config.js';
import { webhookSecret } from './webhook-secret.js';

/** What one webhook container builds once and every invocation reuses. */
export interface WebhookContainer {
  readonly logger: Logger;
  readonly deps: ReceiveWebhookDeps;
  readonly webhook: WebhookConfig;
}

/**
 * GitHub waits 10 seconds for an answer and can redeliver: the SDK tries a call three times with
 * its standard backoff, rather than the controller's six adaptive attempts meant for scans.
 */
const WEBHOOK_MAX_ATTEMPTS = 3;

/**
 * The webhook function's composition root, kept apart from the other handlers' so its bundle holds
 * only what receiving needs: the signature check, the delivery ledger on the state table and the
 * reconcile queue on SQS (no rollout, scan, CDK or GitHub REST code).
 *
 * @example
 * const { deps, webhook, logger } = await webhookContainer(process.env);
 */
export async function webhookContainer(
  env: Readonly<Record<string, string | undefined>>,
): Promise<WebhookContainer> {
  const config = webhookConfig(env);
  const aws = sharedClientConfig({
    region: config.AWS_REGION,
    ...(config.AWS_ENDPOINT_URL ? { endpoint: config.AWS_ENDPOINT_URL } : {}),
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    retryMode: 'standard',
  });
  const sqs = new SQSClient(aws);
  const [secret, queueUrl] = await Promise.all([
    webhookSecret(config),
    resolveQueueUrl(sqs, config.RECONCILE_QUEUE_URL),
  ]);
  return {
    logger: new Logger({ serviceName: 'plumbline' }),
    deps: {
      verifier: new WebhookSignatureVerifier(secret),
      deliveries: new DynamoDbDeliveryLedger({
        client: new DynamoDBClient(aws),
        tableName: config.STATE_TABLE,
      }),
      queue: new SqsReconcileQueue({ client: sqs, queueUrl }),
      clock: { now: () => new Date() },
    },
    webhook: { repository: config.GITHUB_REPOSITORY, branch: config.MAIN_BRANCH },
  };
}
