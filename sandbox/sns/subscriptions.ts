/**
 * SNS subscription operations: Subscribe and ListSubscriptionsByTopic. Confirmed `sqs`
 * subscriptions receive what is published (`./delivery.ts`); other protocols get nothing.
 */
import type { ServiceContext } from '../service.js';
import { nextUuid } from '../shared/ids.js';
import type { SandboxState } from '../state.js';
import { findTopic, invalidParameter, snsInput, stringMap } from './common.js';
import type { SnsSubscription } from './state.js';
import { checkSubscriptionAttribute } from './subscription-attributes.js';
import { snsPage } from './topics.js';

/** What Subscribe answers, instead of an ARN, for a subscription the endpoint has yet to confirm. */
export const PENDING_CONFIRMATION = 'pending confirmation';

/** The endpoint each protocol takes, and the reason SNS gives when it is not one. */
const PROTOCOLS: Readonly<Record<string, { endpoint: RegExp; invalid: string }>> = {
  http: { endpoint: /^http:\/\/\S+$/, invalid: 'Endpoint' },
  https: { endpoint: /^https:\/\/\S+$/, invalid: 'Endpoint' },
  email: { endpoint: /^[^\s@]+@[^\s@]+$/, invalid: 'Email address' },
  'email-json': { endpoint: /^[^\s@]+@[^\s@]+$/, invalid: 'Email address' },
  sms: { endpoint: /^\+?[0-9]{7,15}$/, invalid: 'Invalid SMS endpoint' },
  sqs: { endpoint: /^arn:aws[\w-]*:sqs:[\w-]+:\d{12}:[\w.-]+$/, invalid: 'SQS endpoint ARN' },
  lambda: {
    endpoint: /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/,
    invalid: 'Lambda endpoint ARN',
  },
  firehose: {
    endpoint: /^arn:aws[\w-]*:firehose:[\w-]+:\d{12}:deliverystream\/[\w.-]+$/,
    invalid: 'Firehose endpoint ARN',
  },
  application: {
    endpoint: /^arn:aws[\w-]*:sns:[\w-]+:\d{12}:endpoint\/\S+$/,
    invalid: 'Application endpoint ARN',
  },
};

/** Endpoints of these protocols must confirm the subscription before SNS delivers to them. */
const CONFIRMED_BY_ENDPOINT: ReadonlySet<string> = new Set([
  'http',
  'https',
  'email',
  'email-json',
]);

/**
 * Subscribe: stores the subscription (the same topic, protocol and endpoint give the same one). An
 * `http`, `https`, `email` or `email-json` subscription stays unconfirmed, and the answer is
 * `pending confirmation` unless `ReturnSubscriptionArn` is true, as SNS answers.
 */
export function subscribe(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): { SubscriptionArn: string } {
  const input = snsInput(raw);
  const topic = findTopic(state.sns, ctx, input.requiredString('TopicArn'));
  const protocol = input.requiredString('Protocol');
  const rule = Object.hasOwn(PROTOCOLS, protocol) ? PROTOCOLS[protocol] : undefined;
  if (rule === undefined) {
    throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  }
  const endpoint = input.string('Endpoint') ?? '';
  if (!rule.endpoint.test(endpoint)) throw invalidParameter(rule.invalid);
  const attributes = stringMap(input, 'Attributes');
  for (const [name, value] of Object.entries(attributes)) checkSubscriptionAttribute(name, value);
  const returnArn = input.boolean('ReturnSubscriptionArn') === true;
  const existing = Object.values(state.sns.subscriptions).find(
    (s) => s.topicArn === topic.arn && s.protocol === protocol && s.endpoint === endpoint,
  );
  const subscription: SnsSubscription = existing ?? {
    arn: `${topic.arn}:${nextUuid(state, 'sns-subscription')}`,
    topicArn: topic.arn,
    protocol,
    endpoint,
    owner: ctx.accountId,
    confirmed: !CONFIRMED_BY_ENDPOINT.has(protocol),
    attributes,
  };
  state.sns.subscriptions[subscription.arn] = subscription;
  return {
    SubscriptionArn: subscription.confirmed || returnArn ? subscription.arn : PENDING_CONFIRMATION,
  };
}

/** ListSubscriptionsByTopic: the topic's subscriptions, 100 per page; unconfirmed ones read `PendingConfirmation`. */
export function listSubscriptionsByTopic(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): { Subscriptions: Array<Record<string, string>>; NextToken?: string } {
  const input = snsInput(raw);
  const topic = findTopic(state.sns, ctx, input.requiredString('TopicArn'));
  const subscriptions = Object.values(state.sns.subscriptions).filter(
    (s) => s.topicArn === topic.arn,
  );
  const page = snsPage(subscriptions, input.string('NextToken'));
  return {
    Subscriptions: page.items.map((s) => ({
      SubscriptionArn: s.confirmed ? s.arn : 'PendingConfirmation',
      Owner: s.owner,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      TopicArn: s.topicArn,
    })),
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
  };
}
