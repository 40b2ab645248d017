/**
 * SNS Publish. Messages are validated as SNS validates them and kept in the state, in publish order,
 * for `GET /_sandbox/sns/messages`, and delivered to the topic's SQS subscriptions (`./delivery.ts`).
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type ServiceContext } from '../service.js';
import type { QueryInput } from '../shared/query-input.js';
import type { SandboxState } from '../state.js';
import { findTopic, invalidParameter, SNS_INPUT_ERRORS, snsInput } from './common.js';
import { deliverToQueues } from './delivery.js';
import type { SnsMessage, SnsMessageAttribute } from './state.js';

/** SNS's size limit of a message, its attributes included: 256 KiB. */
export const MAX_MESSAGE_BYTES = 262_144;
/** How many published messages the state keeps (the oldest are dropped first). */
export const MAX_KEPT_MESSAGES = 1_000;

/** `ParameterValueInvalid`, SNS's answer to a malformed message attribute. */
function attributeInvalid(message: string): AwsError {
  return new AwsError('ParameterValueInvalid', message);
}

/**
 * SNS's Subject rule: ASCII text that begins with a letter, number or punctuation mark, without line
 * breaks or control characters, and less than 100 characters long.
 */
function checkSubject(subject: string): void {
  const valid =
    subject.length > 0 && subject.length < 100 && /^[\x21-\x7e][\x20-\x7e]*$/.test(subject);
  if (!valid) throw invalidParameter('Subject');
}

/** One message attribute, checked as SNS checks it. */
function messageAttribute(name: string, value: QueryInput | undefined): SnsMessageAttribute {
  const dataType = value?.string('DataType') ?? '';
  const kind = /^(String|Number|Binary)(\.|$)/.exec(dataType)?.[1];
  if (kind === undefined) {
    throw attributeInvalid(
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  }
  const empty = () =>
    attributeInvalid(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${kind}'.`,
    );
  if (kind === 'Binary') {
    const binary = value?.string('BinaryValue') ?? '';
    if (binary === '') throw empty();
    return { DataType: dataType, BinaryValue: binary };
  }
  const text = value?.string('StringValue') ?? '';
  if (text === '') throw empty();
  if (kind === 'Number' && !Number.isFinite(Number(text))) {
    throw attributeInvalid(`Could not cast message attribute '${name}' value to number.`);
  }
  return { DataType: dataType, StringValue: text };
}

/**
 * `MessageAttributes`, which the query protocol sends as `entry.N.Name` / `entry.N.Value.DataType`
 * / `entry.N.Value.StringValue` (or `BinaryValue`, base64).
 */
function messageAttributes(input: QueryInput): Record<string, SnsMessageAttribute> {
  const attributes: Record<string, SnsMessageAttribute> = {};
  for (const entry of input.structs('MessageAttributes') ?? []) {
    const name = entry.string('Name') ?? '';
    if (name === '') throw invalidParameter('MessageAttributes');
    attributes[name] = messageAttribute(name, entry.struct('Value'));
  }
  return attributes;
}

/** The bytes SNS counts against {@link MAX_MESSAGE_BYTES}: the message and every attribute's name, type and value. */
function payloadBytes(message: string, attributes: Record<string, SnsMessageAttribute>): number {
  let bytes = Buffer.byteLength(message, 'utf8');
  for (const [name, attribute] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType, 'utf8');
    bytes += Buffer.byteLength(attribute.StringValue ?? '', 'utf8');
    bytes += Buffer.from(attribute.BinaryValue ?? '', 'base64').length;
  }
  return bytes;
}

/**
 * Checks a `MessageStructure=json` message and answers what SQS subscribers get: its `sqs` entry,
 * else its `default`; any other message as it is.
 */
function checkStructure(input: QueryInput, message: string): string {
  if (input.string('MessageStructure') !== 'json') return message;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const fallback = (parsed as { default?: unknown } | null)?.default;
  if (typeof fallback !== 'string') {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
  const forSqs = (parsed as { sqs?: unknown }).sqs;
  return typeof forSqs === 'string' ? forSqs : fallback;
}

/**
 * Publish to a topic (`TopicArn`, or `TargetArn` naming a topic): validates the subject, the
 * attributes and the size, keeps the message, delivers it to the topic's SQS subscriptions, and
 * answers its `MessageId` (and a `SequenceNumber` for a FIFO topic, which needs a `MessageGroupId`).
 */
export function publish(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): { MessageId: string; SequenceNumber?: string } {
  const input = snsInput(raw);
  const arn = input.string('TopicArn') ?? input.string('TargetArn');
  if (arn === undefined || arn === '') {
    throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  }
  const message = input.string('Message');
  if (message === undefined) throw SNS_INPUT_ERRORS.missing('Message');
  if (message === '') throw invalidParameter('Empty message');
  const subject = input.string('Subject');
  if (subject !== undefined) checkSubject(subject);
  const attributes = messageAttributes(input);
  if (payloadBytes(message, attributes) > MAX_MESSAGE_BYTES) {
    throw invalidParameter('Message too long');
  }
  const sqsMessage = checkStructure(input, message);
  const topic = findTopic(state.sns, ctx, arn, input.has('TopicArn') ? 'TopicArn' : 'TargetArn');
  const fifo = topic.attributes.FifoTopic?.toLowerCase() === 'true';
  if (fifo && (input.string('MessageGroupId') ?? '') === '') {
    throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
  }
  if (
    fifo &&
    topic.attributes.ContentBasedDeduplication?.toLowerCase() !== 'true' &&
    (input.string('MessageDeduplicationId') ?? '') === ''
  ) {
    throw invalidParameter(
      'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
  }
  const messageId = randomUUID();
  const published: SnsMessage = {
    messageId,
    topicArn: topic.arn,
    ...(subject === undefined ? {} : { subject }),
    message,
    messageAttributes: attributes,
    timestamp: ctx.now.toISOString(),
  };
  state.sns.messages.push(published);
  state.sns.messages.splice(0, Math.max(0, state.sns.messages.length - MAX_KEPT_MESSAGES));
  deliverToQueues(state, topic, { message: published, sqsMessage }, ctx);
  if (!fifo) return { MessageId: messageId };
  topic.sequence = (topic.sequence ?? 0) + 1;
  return { MessageId: messageId, SequenceNumber: String(topic.sequence).padStart(20, '0') };
}
