/**
 * SNS subscription attributes: their checks (shared by Subscribe), SetSubscriptionAttributes and
 * GetSubscriptionAttributes.
 */
import { AwsError, type ServiceContext } from '../service.js';
import { isPlainObject } from '../shared/json-value.js';
import type { SandboxState } from '../state.js';
import { invalidParameter, snsInput } from './common.js';
import type { SnsSubscription } from './state.js';

/** Attributes Subscribe and SetSubscriptionAttributes accept. */
export const SUBSCRIPTION_ATTRIBUTES: ReadonlySet<string> = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'ReplayPolicy',
  'SubscriptionRoleArn',
]);

function isJsonObject(value: string): boolean {
  try {
    return isPlainObject(JSON.parse(value));
  } catch {
    return false;
  }
}

/**
 * Checks one subscription attribute as SNS does: `RawMessageDelivery` is `true` or `false`,
 * `FilterPolicyScope` `MessageAttributes` or `MessageBody`, policies are JSON objects (an empty
 * `FilterPolicy` removes the filter).
 *
 * @throws AwsError `InvalidParameter`
 */
export function checkSubscriptionAttribute(name: string, value: string): void {
  if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw invalidParameter('AttributeName');
  const reason = (why: string) => invalidParameter(`Attributes Reason: ${name}: ${why}`);
  if (name === 'RawMessageDelivery' && !/^(true|false)$/i.test(value)) {
    throw reason(`Invalid value [${value}]. Must be true or false.`);
  }
  if (name === 'FilterPolicyScope' && !['MessageAttributes', 'MessageBody'].includes(value)) {
    throw reason(`Invalid value [${value}]. Must be MessageAttributes or MessageBody.`);
  }
  const policy = ['FilterPolicy', 'DeliveryPolicy', 'RedrivePolicy', 'ReplayPolicy'].includes(name);
  if (policy && value !== '' && !isJsonObject(value)) {
    throw reason('failed to parse JSON.');
  }
}

/**
 * The subscription an ARN names, for the caller's account and region.
 *
 * @throws AwsError `NotFound` (404) when it does not exist.
 */
function findSubscription(state: SandboxState, ctx: ServiceContext, arn: string): SnsSubscription {
  const subscription = Object.hasOwn(state.sns.subscriptions, arn)
    ? state.sns.subscriptions[arn]
    : undefined;
  const scope = `arn:aws:sns:${ctx.region}:${ctx.accountId}:`;
  if (subscription === undefined || !subscription.arn.startsWith(scope)) {
    throw new AwsError('NotFound', 'Subscription does not exist', 404);
  }
  return subscription;
}

/** SetSubscriptionAttributes: sets one attribute (`RawMessageDelivery`, `FilterPolicy`, ...). */
export function setSubscriptionAttributes(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): undefined {
  const input = snsInput(raw);
  const subscription = findSubscription(state, ctx, input.requiredString('SubscriptionArn'));
  const name = input.requiredString('AttributeName');
  const value = input.string('AttributeValue') ?? '';
  checkSubscriptionAttribute(name, value);
  if (value === '' && name !== 'RawMessageDelivery') delete subscription.attributes[name];
  else subscription.attributes[name] = value;
  return undefined;
}

/** GetSubscriptionAttributes: the subscription's own attributes plus those SNS reports for every one. */
export function getSubscriptionAttributes(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): { Attributes: Record<string, string> } {
  const input = snsInput(raw);
  const subscription = findSubscription(state, ctx, input.requiredString('SubscriptionArn'));
  return {
    Attributes: {
      SubscriptionArn: subscription.arn,
      TopicArn: subscription.topicArn,
      Protocol: subscription.protocol,
      Endpoint: subscription.endpoint,
      Owner: subscription.owner,
      ConfirmationWasAuthenticated: String(subscription.confirmed),
      PendingConfirmation: String(!subscription.confirmed),
      RawMessageDelivery: 'false',
      ...subscription.attributes,
    },
  };
}
