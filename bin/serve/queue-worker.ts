import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeFailure } from '../../controller/core/text.js';
import { lambdaContext } from './lambda-context.js';

/** A Lambda handler fed by SQS, as the event source mapping calls it. */
export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface QueueWorkerOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly region: string;
  readonly handler: SqsHandler;
  /** Long-poll duration of each receive (0..20). @default 20 */
  readonly waitSeconds?: number;
  /** How long one invocation may run, as the function's timeout. @default 900_000 */
  readonly invocationMs?: number;
  readonly onError: (line: string) => void;
}

/**
 * Reads the reconcile queue as Lambda's SQS event source mapping does, for `plumbline serve`: long
 * polls one message at a time, invokes the handler with an `SQSEvent`, deletes the messages it did
 * not report in `batchItemFailures` and leaves the others to reappear after their visibility
 * timeout (and, past the queue's maxReceiveCount, to move to its dead-letter queue).
 *
 * @example
 * const worker = new QueueWorker({ client, queueUrl, region, handler, onError });
 * worker.start(); ... await worker.stop();
 */
export class QueueWorker {
  #stopped = false;
  #loop: Promise<void> | undefined;
  readonly #abort = new AbortController();
  #queueArn = '';

  constructor(private readonly options: QueueWorkerOptions) {}

  /** Whether the worker is polling. */
  get running(): boolean {
    return this.#loop !== undefined && !this.#stopped;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops polling; an invocation under way is awaited. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { client, queueUrl } = this.options;
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    this.#queueArn = attributes.Attributes?.QueueArn ?? '';
    while (!this.#stopped) {
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 1,
            WaitTimeSeconds: this.options.waitSeconds ?? 20,
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: this.#abort.signal },
        );
        const messages = received.Messages ?? [];
        if (messages.length > 0) await this.#invoke(messages.map((m) => this.#record(m)));
      } catch (error) {
        if (this.#stopped) return;
        this.options.onError(`reconcile worker: ${describeFailure(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  async #invoke(records: SQSRecord[]): Promise<void> {
    const started = Date.now();
    const limit = this.options.invocationMs ?? 900_000;
    const context = lambdaContext('plumbline-reconcile', () => limit - (Date.now() - started));
    let failed: Set<string>;
    try {
      const response = await this.options.handler({ Records: records }, context);
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch (error) {
      // As Lambda does: the whole batch fails and reappears after its visibility timeout.
      this.options.onError(`reconcile handler failed: ${describeFailure(error)}`);
      return;
    }
    for (const record of records) {
      if (failed.has(record.messageId)) continue;
      await this.options.client.send(
        new DeleteMessageCommand({
          QueueUrl: this.options.queueUrl,
          ReceiptHandle: record.receiptHandle,
        }),
      );
    }
  }

  #record(message: Message): SQSRecord {
    const a: Partial<Record<string, string>> = message.Attributes ?? {};
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
        SentTimestamp: a.SentTimestamp ?? String(Date.now()),
        SenderId: a.SenderId ?? '',
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.#queueArn,
      awsRegion: this.options.region,
    };
  }
}
