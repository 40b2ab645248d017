/**
 * SQS SendMessage and SendMessageBatch, and {@link enqueue}, which SNS delivery uses too. A message
 * is stored with the time it becomes visible (now plus its delay), so delays run on real time.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type ServiceContext } from '../service.js';
import type { JsonInput } from '../shared/json-input.js';
import { isPlainObject } from '../shared/json-value.js';
import {
  dropExpired,
  integerInRange,
  numericAttribute,
  queueOperation,
  queueSignal,
  sqsInput,
} from './common.js';
import { invalidParameterValue, missingParameter, sqsError } from './errors.js';
import {
  checkBody,
  md5Hex,
  md5OfAttributes,
  messageAttributes,
  messageBytes,
} from './message-attributes.js';
import type { SqsMessage, SqsMessageAttribute, SqsQueue } from './state.js';

/** The largest batch SendMessageBatch takes, and the most bytes all its messages may hold together. */
const MAX_BATCH_ENTRIES = 10;
const MAX_BATCH_BYTES = 1_048_576;
const DELAY_REASON = 'DelaySeconds must be >= 0 and <= 900.';

/** A message to put on a queue. */
export interface OutgoingMessage {
  readonly body: string;
  readonly attributes: Record<string, SqsMessageAttribute>;
  /** @default - the queue's `DelaySeconds` */
  readonly delaySeconds?: number;
  readonly traceHeader?: string;
  readonly groupId?: string;
  readonly senderId: string;
}

/**
 * Puts a message on `queue` (body and attributes already checked) and wakes the queue's long
 * polls. The body and attributes count against the queue's `MaximumMessageSize`.
 *
 * @throws AwsError `InvalidParameterValue` when the message is too long for the queue.
 */
export function enqueue(
  queue: SqsQueue,
  message: OutgoingMessage,
  ctx: ServiceContext,
): SqsMessage {
  const limit = numericAttribute(queue, 'MaximumMessageSize');
  if (messageBytes(message.body, message.attributes) > limit) {
    throw new AwsError(
      'InvalidParameterValue',
      `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
    );
  }
  const now = ctx.now.getTime();
  dropExpired(queue, now);
  const delay = message.delaySeconds ?? numericAttribute(queue, 'DelaySeconds');
  const stored: SqsMessage = {
    messageId: randomUUID(),
    body: message.body,
    attributes: message.attributes,
    ...(message.traceHeader === undefined ? {} : { traceHeader: message.traceHeader }),
    senderId: message.senderId,
    ...(message.groupId === undefined ? {} : { groupId: message.groupId }),
    sentAt: now,
    visibleAt: now + delay * 1000,
    receiveCount: 0,
  };
  queue.messages.push(stored);
  ctx.notify?.(queueSignal(queue.arn));
  return stored;
}

/** `MessageSystemAttributes`: only `AWSTraceHeader`, a String. */
function traceHeaderOf(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw)) throw invalidParameterValue('MessageSystemAttributes', raw);
  for (const name of Object.keys(raw)) {
    if (name !== 'AWSTraceHeader') {
      throw new AwsError(
        'InvalidParameterValue',
        `Message system attribute name '${name}' is invalid.`,
      );
    }
  }
  const header = raw.AWSTraceHeader;
  if (header === undefined) return undefined;
  const fields = isPlainObject(header) ? header : {};
  if (
    fields.DataType !== 'String' ||
    typeof fields.StringValue !== 'string' ||
    fields.StringValue === ''
  ) {
    throw new AwsError(
      'InvalidParameterValue',
      "Message system attribute 'AWSTraceHeader' must be a non-empty String.",
    );
  }
  return fields.StringValue;
}

/** What SendMessage and a batch entry answer. */
interface SentMessage {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
}

/** Reads, checks and enqueues one message of SendMessage or of a batch entry. */
function sendOne(queue: SqsQueue, entry: JsonInput, ctx: ServiceContext): SentMessage {
  const body = entry.string('MessageBody');
  if (body === undefined || body === '') throw missingParameter('MessageBody');
  const delaySeconds = integerInRange(entry, 'DelaySeconds', [0, 900], DELAY_REASON);
  checkBody(body);
  const attributes = messageAttributes(entry.member('MessageAttributes'));
  const traceHeader = traceHeaderOf(entry.member('MessageSystemAttributes'));
  const deduplicationId = entry.string('MessageDeduplicationId');
  if (deduplicationId !== undefined) {
    throw invalidParameterValue(
      'MessageDeduplicationId',
      deduplicationId,
      'The request include parameter that is not valid for this queue type.',
    );
  }
  const groupId = entry.string('MessageGroupId');
  if (groupId !== undefined && !/^[\x21-\x7e]{1,128}$/.test(groupId)) {
    throw invalidParameterValue('MessageGroupId', groupId);
  }
  const stored = enqueue(
    queue,
    {
      body,
      attributes,
      ...(delaySeconds === undefined ? {} : { delaySeconds }),
      ...(traceHeader === undefined ? {} : { traceHeader }),
      ...(groupId === undefined ? {} : { groupId }),
      senderId: ctx.accessKeyId ?? ctx.accountId,
    },
    ctx,
  );
  const attributesMd5 = md5OfAttributes(attributes);
  const systemMd5 =
    traceHeader === undefined
      ? undefined
      : md5OfAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: traceHeader } });
  return {
    MessageId: stored.messageId,
    MD5OfMessageBody: md5Hex(body),
    ...(attributesMd5 === undefined ? {} : { MD5OfMessageAttributes: attributesMd5 }),
    ...(systemMd5 === undefined ? {} : { MD5OfMessageSystemAttributes: systemMd5 }),
  };
}

/**
 * SendMessage: checks the message as SQS does and puts it on the queue, visible after its
 * `DelaySeconds` (0 to 900; the queue's by default).
 *
 * @throws AwsError `MissingParameter` for an absent or empty body, `InvalidMessageContents` for a
 *   character SQS does not allow, `InvalidParameterValue` for a delay out of range, bad attributes
 *   or a message longer than the queue's `MaximumMessageSize`.
 */
export const sendMessage = queueOperation(({ queue, input, ctx }): SentMessage => {
  return sendOne(queue, input, ctx);
});

/** A failed entry of a batch, as SQS reports it. */
export interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/**
 * The entries of a batch request, checked as SQS checks a batch: 1 to 10 entries with distinct ids
 * of up to 80 letters, digits, hyphens and underscores.
 */
export function batchEntries(
  input: JsonInput,
  kind: string,
): Array<{ id: string; entry: JsonInput }> {
  const entries = input.objects('Entries') ?? [];
  if (entries.length === 0) {
    throw sqsError('EmptyBatchRequest', `There should be at least one ${kind} in the request.`);
  }
  if (entries.length > MAX_BATCH_ENTRIES) {
    throw sqsError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`,
    );
  }
  const seen = new Set<string>();
  return entries.map((raw) => {
    const entry = sqsInput(raw);
    const id = entry.requiredString('Id');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) {
      throw sqsError(
        'InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      );
    }
    if (seen.has(id)) throw sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    seen.add(id);
    return { id, entry };
  });
}

/** The bytes of one batch entry's message; attributes SQS would refuse count for nothing (the entry fails). */
function entryBytes(entry: JsonInput): number {
  const body = entry.member('MessageBody');
  const text = typeof body === 'string' ? body : '';
  try {
    return messageBytes(text, messageAttributes(entry.member('MessageAttributes')));
  } catch {
    return Buffer.byteLength(text, 'utf8');
  }
}

/** The failure of one batch entry, from the error it met. */
export function batchFailure(id: string, error: unknown): BatchFailure {
  if (!(error instanceof AwsError)) throw error;
  return {
    Id: id,
    SenderFault: error.fault === 'Sender',
    Code: error.code,
    Message: error.message,
  };
}

/**
 * SendMessageBatch: each entry is sent as SendMessage sends it; an entry SQS refuses is reported in
 * `Failed` and does not stop the others.
 *
 * @throws AwsError for a malformed batch (see {@link batchEntries}), `BatchRequestTooLong` when the
 *   messages together exceed 1 MiB.
 */
export const sendMessageBatch = queueOperation(
  ({
    queue,
    input,
    ctx,
  }): { Successful: Array<SentMessage & { Id: string }>; Failed: BatchFailure[] } => {
    const entries = batchEntries(input, 'SendMessageBatchRequestEntry');
    const total = entries.reduce((sum, { entry }) => sum + entryBytes(entry), 0);
    if (total > MAX_BATCH_BYTES) {
      throw sqsError(
        'BatchRequestTooLong',
        `Batch requested message too long. The maximum is ${MAX_BATCH_BYTES} bytes for all messages together.`,
      );
    }
    const successful: Array<SentMessage & { Id: string }> = [];
    const failed: BatchFailure[] = [];
    for (const { id, entry } of entries) {
      try {
        successful.push({ Id: id, ...sendOne(queue, entry, ctx) });
      } catch (error) {
        failed.push(batchFailure(id, error));
      }
    }
    return { Successful: successful, Failed: failed };
  },
);
