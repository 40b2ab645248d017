import {
  CreateTopicCommand,
  type MessageAttributeValue,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import {
  type AlertEvent,
  type EventSeverity,
  SEVERITY_OF,
  SNS_MESSAGE_MAX_BYTES,
  SUBJECT_MAX,
} from '../../model/alert.js';
import { alertTopicName } from '../../model/conventions.js';
import type { Priority } from '../../model/drift.js';
import { AlertMessageInvalidError, AlertPublishError } from '../../model/errors.js';
import { PRIORITIES } from '../../model/vocabulary.js';
import type { AlertPublisher } from '../../ports/alert-publisher.js';
import { describeError } from './failure-reason.js';

/** The `client` every message names: PagerDuty shows it as the alert's origin. */
export const ALERT_CLIENT = 'plumbline';

/**
 * The SNS message body: a PagerDuty Events API v2 alert event without `routing_key`. The routing key
 * is the PagerDuty integration's secret and belongs to whatever forwards a topic to PagerDuty (one
 * key per topic, so P0 and P3 can page different services); SNS bodies also reach e-mail and chat
 * subscribers, which must not see it.
 *
 * A `resolve` carries the same `payload` as a `trigger`: PagerDuty needs only `dedup_key` to resolve
 * and ignores the rest, while other subscribers get a readable summary.
 */
export interface PagerDutyEvent {
  readonly event_action: AlertEvent['action'];
  readonly dedup_key: string;
  readonly payload: {
    readonly summary: string;
    readonly source: string;
    readonly severity: EventSeverity;
    readonly timestamp: string;
    readonly custom_details: Readonly<Record<string, unknown>>;
  };
  readonly client: string;
  /** The report page of the scan that raised the event, when it was stored. */
  readonly client_url?: string;
}

/** Where each priority's alerts go. */
export type AlertTopics =
  /** The topics named by `alertTopicName` in that account and region (the client's by default). */
  | { readonly account: string; readonly region?: string }
  /** Explicit topic ARNs. */
  | { readonly arns: Readonly<Record<Priority, string>> };

/** Construction options of {@link SnsAlertPublisher}. */
export interface SnsAlertPublisherOptions {
  readonly client: SNSClient;
  readonly topics: AlertTopics;
}

/**
 * {@link AlertPublisher} on SNS: one topic per priority, the body a {@link PagerDutyEvent}, and
 * `priority`, `environment` and `event_action` as String message attributes that subscription
 * filter policies can match. The event is sent as the core shaped it; what cannot be published as
 * is (see {@link AlertMessageInvalidError}) is refused before any call.
 *
 * @example
 * const alerts = new SnsAlertPublisher({ client: aws.sns, topics: { account: '123456789012' } });
 * await alerts.publish(event);
 */
export class SnsAlertPublisher implements AlertPublisher {
  readonly #client: SNSClient;
  readonly #topics: AlertTopics;
  #arns: Promise<Readonly<Record<Priority, string>>> | undefined;

  constructor(options: SnsAlertPublisherOptions) {
    this.#client = options.client;
    this.#topics = options.topics;
  }

  /**
   * @throws {@link AlertMessageInvalidError} for a Subject or message SNS would refuse.
   * @throws {@link AlertPublishError} when SNS does not take the message.
   */
  async publish(alert: AlertEvent): Promise<void> {
    const message = JSON.stringify(pagerDutyEvent(alert));
    const attributes: Record<string, MessageAttributeValue> = {
      priority: { DataType: 'String', StringValue: alert.priority },
      environment: { DataType: 'String', StringValue: alert.environment },
      event_action: { DataType: 'String', StringValue: alert.action },
    };
    checkSubject(alert);
    const bytes = publishedBytes(message, attributes);
    if (bytes > SNS_MESSAGE_MAX_BYTES) {
      throw new AlertMessageInvalidError(
        alert.dedupKey,
        'Message',
        `is ${bytes} bytes with its attributes, over SNS's ${SNS_MESSAGE_MAX_BYTES}`,
      );
    }
    const topicArn = (await this.#topicArns())[alert.priority];
    try {
      await this.#client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: alert.subject,
          Message: message,
          MessageAttributes: attributes,
        }),
      );
    } catch (error) {
      throw new AlertPublishError(alert.dedupKey, topicArn, describeError(error), {
        cause: error,
      });
    }
  }

  #topicArns(): Promise<Readonly<Record<Priority, string>>> {
    const topics = this.#topics;
    if ('arns' in topics) return Promise.resolve(topics.arns);
    this.#arns ??= (async () =>
      alertTopicArns(topics.account, topics.region ?? (await this.#client.config.region())))();
    return this.#arns;
  }
}

/** The message body of an alert (see {@link PagerDutyEvent}). */
export function pagerDutyEvent(alert: AlertEvent): PagerDutyEvent {
  const report = alert.details.report;
  return {
    event_action: alert.action,
    dedup_key: alert.dedupKey,
    payload: {
      summary: alert.summary,
      source: alert.source,
      severity: SEVERITY_OF[alert.priority],
      timestamp: alert.timestamp,
      custom_details: alert.details,
    },
    client: ALERT_CLIENT,
    ...(typeof report === 'string' ? { client_url: report } : {}),
  };
}

/** `arn:<partition>:sns:<region>:<account>:plumbline-alerts-p0` .. `-p3`, the platform alarms' topics. */
export function alertTopicArns(account: string, region: string): Record<Priority, string> {
  const arn = (p: Priority) =>
    `arn:${partitionOf(region)}:sns:${region}:${account}:${alertTopicName(p)}`;
  return { P0: arn('P0'), P1: arn('P1'), P2: arn('P2'), P3: arn('P3') };
}

/**
 * Creates the four alert topics (CreateTopic answers the existing topic's ARN when it exists) and
 * returns their ARNs. On AWS the controller's stack owns the topics; this is for emulators.
 *
 * @example
 * const arns = await ensureAlertTopics(aws.sns);
 * const alerts = new SnsAlertPublisher({ client: aws.sns, topics: { arns } });
 */
export async function ensureAlertTopics(sns: SNSClient): Promise<Record<Priority, string>> {
  const arns = await Promise.all(
    PRIORITIES.map(async (priority) => {
      const out = await sns.send(new CreateTopicCommand({ Name: alertTopicName(priority) }));
      if (out.TopicArn === undefined) {
        throw new Error(`CreateTopic ${alertTopicName(priority)} answered no TopicArn`);
      }
      return [priority, out.TopicArn] as const;
    }),
  );
  return Object.fromEntries(arns) as Record<Priority, string>;
}

/** SNS's Subject rule: under 100 characters, no line breaks or other control characters. */
function checkSubject(alert: AlertEvent): void {
  const length = [...alert.subject].length;
  if (length === 0 || length > SUBJECT_MAX) {
    throw new AlertMessageInvalidError(
      alert.dedupKey,
      'Subject',
      `must be 1 to ${SUBJECT_MAX} characters, got ${length}`,
    );
  }
  if (/\p{Cc}/u.test(alert.subject)) {
    throw new AlertMessageInvalidError(
      alert.dedupKey,
      'Subject',
      'must not contain line breaks or control characters',
    );
  }
}

/** What SNS counts against its limit: the message and every attribute's name, type and value. */
function publishedBytes(
  message: string,
  attributes: Record<string, MessageAttributeValue>,
): number {
  let bytes = Buffer.byteLength(message, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType ?? '', 'utf8');
    bytes += Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return bytes;
}

/** The ARN partition of a region: China and GovCloud have their own. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
