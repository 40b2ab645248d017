import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ReconcileQueueError } from '../../model/errors.js';
import type { ReconcileRequest } from '../../model/reconcile-request.js';
import type { ReconcileQueue } from '../../ports/reconcile-queue.js';
import { describeError } from './failure-reason.js';

/** SQS's longest delivery delay of one message: 15 minutes. */
export const MAX_DELAY_SECONDS = 900;

/** Construction options of {@link SqsReconcileQueue}. */
export interface SqsReconcileQueueOptions {
  readonly client: SQSClient;
  /** The queue's URL (see {@link resolveQueueUrl} for a name). */
  readonly queueUrl: string;
}

/**
 * {@link ReconcileQueue} on an SQS standard queue: each request is one message whose body is the
 * request as JSON, delayed by `delaySeconds` (SQS's `DelaySeconds`, 0 to 900). Standard queues
 * deliver at least once, as the port promises; the consumer parses the body with
 * `reconcileRequestSchema`.
 *
 * @example
 * const queue = new SqsReconcileQueue({ client: aws.sqs, queueUrl: await resolveQueueUrl(aws.sqs, 'plumbline-reconcile') });
 * await queue.send({ kind: 'advance', env: 'staging', sha }, { delaySeconds: 60 });
 */
export class SqsReconcileQueue implements ReconcileQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(options: SqsReconcileQueueOptions) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
  }

  /**
   * @throws RangeError for a `delaySeconds` that is not a whole number from 0 to 900, before any call.
   * @throws {@link ReconcileQueueError} when SQS does not take the message.
   */
  async send(
    request: ReconcileRequest,
    options: { readonly delaySeconds?: number } = {},
  ): Promise<void> {
    const delaySeconds = options.delaySeconds ?? 0;
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
      throw new RangeError(
        `delaySeconds must be a whole number from 0 to ${MAX_DELAY_SECONDS}, got ${delaySeconds}`,
      );
    }
    try {
      await this.#client.send(
        new SendMessageCommand({
          QueueUrl: this.#queueUrl,
          MessageBody: JSON.stringify(request),
          DelaySeconds: delaySeconds,
        }),
      );
    } catch (error) {
      throw new ReconcileQueueError('send', this.#queueUrl, describeError(error), {
        cause: error,
      });
    }
  }
}

/**
 * The URL of the queue `nameOrUrl` names: a URL (`http://` or `https://`) is returned as it is, a
 * name is asked of SQS (GetQueueUrl, in the client's account and region).
 *
 * @throws {@link ReconcileQueueError} when SQS cannot answer the name's URL (no such queue, say).
 *
 * @example
 * const queueUrl = await resolveQueueUrl(aws.sqs, process.env.RECONCILE_QUEUE ?? 'plumbline-reconcile');
 */
export async function resolveQueueUrl(client: SQSClient, nameOrUrl: string): Promise<string> {
  if (/^https?:\/\//i.test(nameOrUrl)) return nameOrUrl;
  let url: string | undefined;
  try {
    url = (await client.send(new GetQueueUrlCommand({ QueueName: nameOrUrl }))).QueueUrl;
  } catch (error) {
    throw new ReconcileQueueError('resolve', nameOrUrl, describeError(error), { cause: error });
  }
  if (url === undefined) {
    throw new ReconcileQueueError('resolve', nameOrUrl, 'GetQueueUrl answered no QueueUrl');
  }
  return url;
}
