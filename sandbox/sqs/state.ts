/**
 * The SQS emulation's slice of the sandbox state: queues keyed by ARN (which holds the account and
 * region), each with its messages in send order. Plain JSON; times are epoch milliseconds, so delays
 * and visibility timeouts run on real time across requests and restarts.
 */

/** A message attribute as sent: `DataType` and its `StringValue` or base64 `BinaryValue`. */
export type SqsMessageAttribute = {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
};

/** A message in a queue. */
export type SqsMessage = {
  messageId: string;
  body: string;
  /** Message attributes by name. */
  attributes: Record<string, SqsMessageAttribute>;
  /** The X-Ray trace header sent as the `AWSTraceHeader` message system attribute. */
  traceHeader?: string;
  /** `SenderId`: the sender's access key id, or the account of a service that sent it. */
  senderId: string;
  /** `MessageGroupId` (fair queues on a standard queue). */
  groupId?: string;
  /** The queue a dead-letter queue's message was moved from. */
  deadLetterSourceArn?: string;
  /** When it was sent (epoch ms); retention counts from here, also after a move to a dead-letter queue. */
  sentAt: number;
  /** When it can be received (epoch ms): the end of its delivery delay, or of its visibility timeout. */
  visibleAt: number;
  /** How many times it was received. */
  receiveCount: number;
  /** When it was first received (epoch ms). */
  firstReceivedAt?: number;
  /** When it was last received (epoch ms): a visibility timeout can reach at most 12 hours past it. */
  receivedAt?: number;
  /** The receipt handle of the latest receive; only it deletes the message. */
  receipt?: string;
};

/** A queue. */
export type SqsQueue = {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  /** The attributes set at creation or with SetQueueAttributes (defaults are not stored). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** Epoch seconds. */
  createdAt: number;
  /** Epoch seconds. */
  lastModifiedAt: number;
  /** When the queue was last purged (epoch ms): another purge within 60 seconds is refused. */
  purgedAt?: number;
  /** Oldest first. */
  messages: SqsMessage[];
};

/** The SQS emulation's slice of the sandbox state. */
export interface SqsState {
  /** By queue ARN, in creation order. */
  queues: Record<string, SqsQueue>;
  /** When each deleted queue was deleted (epoch ms), by ARN: its name is taken for 60 seconds. */
  deleted: Record<string, number>;
}

/** An empty SQS slice. */
export function initialSqsState(): SqsState {
  return { queues: {}, deleted: {} };
}
