import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Duration } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { DEFAULT_RECONCILE_QUEUE } from '../../controller/model/conventions.js';

/**
 * AWS's guidance for a queue that feeds a Lambda function: a visibility timeout of at least six
 * times the function's timeout, so that Lambda can retry a batch it could not hand over at once
 * (a throttled function) before the message becomes visible again.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** SQS's maximum visibility timeout, 12 hours. */
const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);

/** Props of {@link ReconcileQueue}. */
export interface ReconcileQueueProps {
  /** The timeout of the function that consumes the queue. */
  readonly consumerTimeout: Duration;
  /**
   * Receives before a message moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/**
 * The reconcile queue (`DEFAULT_RECONCILE_QUEUE`), which every producer of reconcile requests sends
 * to (webhook, schedule, the reconciler itself, the CLI), and its dead-letter queue. Both are encrypted with SQS-managed keys (SSE-SQS),
 * which EventBridge can send to without a key policy, and refuse requests without TLS. A request
 * that fails `maxReceiveCount` times is kept 14 days (SQS's maximum) in the dead-letter queue.
 */
export class ReconcileQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ReconcileQueueProps) {
    super(scope, id);
    const visibilityTimeout = Duration.seconds(
      props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR,
    );
    if (visibilityTimeout.toSeconds() > MAX_VISIBILITY_TIMEOUT.toSeconds())
      throw new Error(
        `a consumer timeout of ${props.consumerTimeout.toHumanString()} needs a visibility timeout over SQS's 12 hours`,
      );
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${DEFAULT_RECONCILE_QUEUE}-dlq`,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: DEFAULT_RECONCILE_QUEUE,
      visibilityTimeout,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
