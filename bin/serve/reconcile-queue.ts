import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_RECONCILE_QUEUE } from '../../controller/model/conventions.js';

/** The dead-letter queue's name, beside the reconcile queue's. */
export const RECONCILE_DLQ = `${DEFAULT_RECONCILE_QUEUE}-dlq`;

/**
 * Against an emulator, creates what the controller's stack owns on AWS: the reconcile queue and its
 * dead-letter queue (5 receives), with the stack's visibility timeout. Idempotent (CreateQueue with
 * the same attributes returns the existing queue). Returns the queue's URL.
 */
export async function ensureReconcileQueue(sqs: SQSClient): Promise<string> {
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: RECONCILE_DLQ,
      Attributes: { MessageRetentionPeriod: String(14 * 24 * 60 * 60) },
    }),
  );
  const dlqArn = (
    await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
    )
  ).Attributes?.QueueArn;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: DEFAULT_RECONCILE_QUEUE,
      Attributes: {
        VisibilityTimeout: String(16 * 60),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }),
      },
    }),
  );
  return queue.QueueUrl ?? '';
}
