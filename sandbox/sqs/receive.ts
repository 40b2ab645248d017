/**
 * SQS ReceiveMessage: short and long polling, visibility timeouts, and the redrive policy that moves
 * a message to its dead-letter queue once it has been received `maxReceiveCount` times.
 */
import type { ServiceContext } from '../service.js';
import type { SandboxState } from '../state.js';
import { redrivePolicyOf } from './attributes.js';
import {
  dropExpired,
  integerInRange,
  numericAttribute,
  queueOperation,
  queueSignal,
} from './common.js';
import { md5Hex, md5OfAttributes } from './message-attributes.js';
import { MAX_VISIBILITY_SECONDS, newReceiptHandle } from './receipts.js';
import type { SqsMessage, SqsMessageAttribute, SqsQueue } from './state.js';

/** A received message, as ReceiveMessage answers it. */
interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, SqsMessageAttribute>;
}

/** The message system attributes SQS returns, by name, for a message. */
function systemAttributes(message: SqsMessage): Record<string, string> {
  return {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    ...(message.traceHeader === undefined ? {} : { AWSTraceHeader: message.traceHeader }),
    ...(message.groupId === undefined ? {} : { MessageGroupId: message.groupId }),
    ...(message.deadLetterSourceArn === undefined
      ? {}
      : { DeadLetterQueueSourceArn: message.deadLetterSourceArn }),
  };
}

/** The requested system attributes (`All` for every one; unknown names are ignored). */
function pickSystem(message: SqsMessage, names: readonly string[]): Record<string, string> {
  const all = systemAttributes(message);
  if (names.includes('All')) return all;
  return Object.fromEntries(Object.entries(all).filter(([name]) => names.includes(name)));
}

/** The requested message attributes: `All` or `.*` for every one, `prefix.*` for a prefix, else by name. */
function pickAttributes(
  message: SqsMessage,
  names: readonly string[],
): Record<string, SqsMessageAttribute> {
  const wanted = (name: string): boolean =>
    names.some(
      (pattern) =>
        pattern === 'All' ||
        pattern === '.*' ||
        pattern === name ||
        (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
    );
  return Object.fromEntries(Object.entries(message.attributes).filter(([name]) => wanted(name)));
}

function view(
  message: SqsMessage,
  systemNames: readonly string[],
  attributeNames: readonly string[],
): ReceivedMessage {
  const system = pickSystem(message, systemNames);
  const attributes = pickAttributes(message, attributeNames);
  const digest = md5OfAttributes(attributes);
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receipt ?? '',
    MD5OfBody: md5Hex(message.body),
    Body: message.body,
    ...(Object.keys(system).length === 0 ? {} : { Attributes: system }),
    ...(digest === undefined
      ? {}
      : { MD5OfMessageAttributes: digest, MessageAttributes: attributes }),
  };
}

/**
 * Moves `message` to the dead-letter queue of `queue`'s redrive policy when it has been received
 * `maxReceiveCount` times; another receive would exceed it. Its id, body, attributes, send time and
 * receive count go with it, and it is visible there at once.
 *
 * @returns true when the message was moved.
 */
function redrive(
  state: SandboxState,
  queue: SqsQueue,
  message: SqsMessage,
  ctx: ServiceContext,
): boolean {
  const policy = redrivePolicyOf(queue);
  if (policy === undefined || message.receiveCount < policy.maxReceiveCount) return false;
  const target = Object.hasOwn(state.sqs.queues, policy.deadLetterTargetArn)
    ? state.sqs.queues[policy.deadLetterTargetArn]
    : undefined;
  // A dead-letter queue deleted since keeps nothing: the message stays where it is.
  if (target === undefined) return false;
  queue.messages = queue.messages.filter((m) => m !== message);
  const { receipt: _receipt, receivedAt: _receivedAt, ...kept } = message;
  target.messages.push({
    ...kept,
    visibleAt: ctx.now.getTime(),
    deadLetterSourceArn: queue.arn,
  });
  ctx.notify?.(queueSignal(target.arn));
  return true;
}

/**
 * ReceiveMessage: up to `MaxNumberOfMessages` (1 to 10) visible messages, oldest first, each hidden
 * for `VisibilityTimeout` seconds (the queue's by default) with a new receipt handle and one more
 * receive counted. With nothing visible and a `WaitTimeSeconds` (0 to 20; the queue's
 * `ReceiveMessageWaitTimeSeconds` by default), the request waits and answers as soon as a message
 * is sent, a delay ends or a visibility timeout runs out, or empty when the wait is over.
 *
 * @throws AwsError `InvalidParameterValue` for a parameter out of range.
 */
export const receiveMessage = queueOperation(({ queue, input, ctx, state }): unknown => {
  const max =
    integerInRange(
      input,
      'MaxNumberOfMessages',
      [1, 10],
      'Must be between 1 and 10, if provided.',
    ) ?? 1;
  const visibility =
    integerInRange(
      input,
      'VisibilityTimeout',
      [0, MAX_VISIBILITY_SECONDS],
      `Must be >= 0 and <= ${MAX_VISIBILITY_SECONDS}, if provided.`,
    ) ?? numericAttribute(queue, 'VisibilityTimeout');
  const wait =
    integerInRange(input, 'WaitTimeSeconds', [0, 20], 'Must be >= 0 and <= 20, if provided.') ??
    numericAttribute(queue, 'ReceiveMessageWaitTimeSeconds');
  const systemNames = [
    ...(input.strings('AttributeNames') ?? []),
    ...(input.strings('MessageSystemAttributeNames') ?? []),
  ];
  const attributeNames = input.strings('MessageAttributeNames') ?? [];
  const now = ctx.now.getTime();
  dropExpired(queue, now);
  const received: ReceivedMessage[] = [];
  for (const message of [...queue.messages]) {
    if (received.length >= max) break;
    if (message.visibleAt > now || redrive(state, queue, message, ctx)) continue;
    message.receiveCount += 1;
    message.firstReceivedAt ??= now;
    message.receivedAt = now;
    message.visibleAt = now + visibility * 1000;
    message.receipt = newReceiptHandle(queue, message);
    received.push(view(message, systemNames, attributeNames));
  }
  if (received.length > 0) return { Messages: received };
  if (wait > 0 && ctx.waitFor !== undefined) {
    const next = Math.min(...queue.messages.map((message) => message.visibleAt));
    return ctx.waitFor({
      signal: queueSignal(queue.arn),
      maxWaitMs: wait * 1000,
      ...(Number.isFinite(next) ? { retryAt: new Date(next) } : {}),
    });
  }
  return {};
});
