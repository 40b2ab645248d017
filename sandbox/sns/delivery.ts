/**
 * SNS delivery to SQS: a published message goes, at once, to every confirmed `sqs` subscription of
 * its topic whose endpoint is a queue in the sandbox and whose filter policy it passes. The SQS
 * message is SNS's JSON notification envelope, or with `RawMessageDelivery` `true` the message
 * itself with its attributes as SQS message attributes. Other protocols deliver nothing.
 */
import { createHash } from 'node:crypto';
import { AwsError, type ServiceContext } from '../service.js';
import { enqueue } from '../sqs/send.js';
import type { SqsMessageAttribute } from '../sqs/state.js';
import type { SandboxState } from '../state.js';
import { matchesFilterPolicy } from './filter-policy.js';
import type { SnsMessage, SnsSubscription, SnsTopic } from './state.js';

/** SQS takes at most 10 message attributes; a raw delivery with more is dropped, as SNS drops it. */
const MAX_RAW_ATTRIBUTES = 10;

/** The certificate name SNS's envelopes point at (the sandbox signs nothing with it). */
const SIGNING_CERT = 'SimpleNotificationService-0000000000000000000000000000000.pem';

/** What a delivery needs beyond the stored message: the text for SQS (per-protocol under `MessageStructure=json`). */
export interface Delivery {
  readonly message: SnsMessage;
  /** The message SQS subscribers get: the `sqs` entry of a JSON structure, else its `default`, else the message. */
  readonly sqsMessage: string;
}

/** Whether `value` is `true` the way SNS reads a boolean attribute. */
function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/**
 * SNS's notification envelope. `Signature` has the form of SNS's (base64 of a digest of the
 * string SNS signs) but is not an RSA signature: it does not verify against any certificate.
 */
export function notificationEnvelope(
  topic: SnsTopic,
  subscription: SnsSubscription,
  delivery: Delivery,
): Record<string, unknown> {
  const { message } = delivery;
  const version = topic.attributes.SignatureVersion === '2' ? '2' : '1';
  const signed = [
    ['Message', delivery.sqsMessage],
    ['MessageId', message.messageId],
    ...(message.subject === undefined ? [] : [['Subject', message.subject]]),
    ['Timestamp', message.timestamp],
    ['TopicArn', topic.arn],
    ['Type', 'Notification'],
  ]
    .map(([key, value]) => `${key}\n${value}\n`)
    .join('');
  const signature = createHash(version === '2' ? 'sha256' : 'sha1')
    .update(signed)
    .digest('base64');
  const attributes = Object.entries(message.messageAttributes);
  return {
    Type: 'Notification',
    MessageId: message.messageId,
    TopicArn: topic.arn,
    ...(message.subject === undefined ? {} : { Subject: message.subject }),
    Message: delivery.sqsMessage,
    Timestamp: message.timestamp,
    SignatureVersion: version,
    Signature: signature,
    SigningCertURL: `https://sns.${topic.region}.amazonaws.com/${SIGNING_CERT}`,
    UnsubscribeURL: `https://sns.${topic.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscription.arn}`,
    ...(attributes.length === 0
      ? {}
      : {
          MessageAttributes: Object.fromEntries(
            attributes.map(([name, value]) => [
              name,
              { Type: value.DataType, Value: value.StringValue ?? value.BinaryValue ?? '' },
            ]),
          ),
        }),
  };
}

function sqsAttributes(message: SnsMessage): Record<string, SqsMessageAttribute> {
  return Object.fromEntries(
    Object.entries(message.messageAttributes).map(([name, value]) => [name, { ...value }]),
  );
}

/** Delivers a published message to the topic's SQS subscriptions (see the module comment). */
export function deliverToQueues(
  state: SandboxState,
  topic: SnsTopic,
  delivery: Delivery,
  ctx: ServiceContext,
): void {
  for (const subscription of Object.values(state.sns.subscriptions)) {
    if (subscription.topicArn !== topic.arn || subscription.protocol !== 'sqs') continue;
    const queue = Object.hasOwn(state.sqs.queues, subscription.endpoint)
      ? state.sqs.queues[subscription.endpoint]
      : undefined;
    if (!subscription.confirmed || queue === undefined) continue;
    const target = {
      scope:
        subscription.attributes.FilterPolicyScope === 'MessageBody'
          ? ('MessageBody' as const)
          : ('MessageAttributes' as const),
      message: delivery.sqsMessage,
      attributes: delivery.message.messageAttributes,
    };
    if (!matchesFilterPolicy(subscription.attributes.FilterPolicy, target)) continue;
    const raw = isTrue(subscription.attributes.RawMessageDelivery);
    if (raw && Object.keys(delivery.message.messageAttributes).length > MAX_RAW_ATTRIBUTES)
      continue;
    try {
      enqueue(
        queue,
        {
          body: raw
            ? delivery.sqsMessage
            : JSON.stringify(notificationEnvelope(topic, subscription, delivery)),
          attributes: raw ? sqsAttributes(delivery.message) : {},
          senderId: topic.accountId,
        },
        ctx,
      );
    } catch (error) {
      // A message SQS refuses (longer than the queue takes) is lost for this subscription, as
      // SNS gives up on it; the publish itself succeeded.
      if (!(error instanceof AwsError)) throw error;
    }
  }
}
