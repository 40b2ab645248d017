/** SNS topic operations: CreateTopic, DeleteTopic, ListTopics and GetTopicAttributes. */
import { AwsError, type ServiceContext } from '../service.js';
import type { SandboxState } from '../state.js';
import { findTopic, invalidParameter, snsInput, stringMap, topicArn } from './common.js';
import type { SnsState, SnsTag, SnsTopic } from './state.js';

/** Attributes CreateTopic accepts; SNS refuses any other name. */
const TOPIC_ATTRIBUTES: ReadonlySet<string> = new Set([
  'ArchivePolicy',
  'ContentBasedDeduplication',
  'DeliveryPolicy',
  'DisplayName',
  'FifoThroughputScope',
  'FifoTopic',
  'KmsMasterKeyId',
  'Policy',
  'SignatureVersion',
  'TracingConfig',
]);

/** Topic names: 1 to 256 letters, digits, hyphens and underscores, plus `.fifo` for FIFO topics. */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

/** ListTopics and ListSubscriptionsByTopic return up to 100 items per page. */
export const SNS_PAGE_SIZE = 100;

function tagsOf(input: ReturnType<typeof snsInput>): SnsTag[] {
  return (input.structs('Tags') ?? []).map((tag) => ({
    Key: tag.requiredString('Key'),
    Value: tag.string('Value') ?? '',
  }));
}

function sameTags(a: readonly SnsTag[], b: readonly SnsTag[]): boolean {
  const key = (tags: readonly SnsTag[]) =>
    JSON.stringify([...tags].sort((x, y) => x.Key.localeCompare(y.Key)));
  return key(a) === key(b);
}

/**
 * CreateTopic: creates the topic, or answers the ARN of the caller's topic of that name when it
 * exists with the same attributes and tags (the operation is idempotent), as SNS does.
 */
export function createTopic(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): { TopicArn: string } {
  const input = snsInput(raw);
  const name = input.requiredString('Name');
  const attributes = stringMap(input, 'Attributes');
  const tags = tagsOf(input);
  for (const attribute of Object.keys(attributes)) {
    if (!TOPIC_ATTRIBUTES.has(attribute)) throw invalidParameter('AttributeName');
  }
  const fifo = name.endsWith('.fifo');
  const base = fifo ? name.slice(0, -'.fifo'.length) : name;
  if (!TOPIC_NAME.test(base) || name.length > 256) throw invalidParameter('Topic Name');
  if (fifo !== (attributes.FifoTopic?.toLowerCase() === 'true')) {
    // A FIFO topic's name ends with .fifo, and only a FIFO topic's name may.
    throw invalidParameter('Topic Name');
  }
  const arn = topicArn(ctx, name);
  const existing = Object.hasOwn(state.sns.topics, arn) ? state.sns.topics[arn] : undefined;
  if (existing !== undefined) {
    const differs = Object.entries(attributes).some(
      ([key, value]) => existing.attributes[key] !== value,
    );
    if (differs) {
      throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
    }
    if (input.has('Tags') && !sameTags(existing.tags, tags)) {
      throw invalidParameter('Tags Reason: Topic already exists with different tags');
    }
    return { TopicArn: arn };
  }
  state.sns.topics[arn] = {
    arn,
    name,
    accountId: ctx.accountId,
    region: ctx.region,
    attributes,
    tags,
  };
  return { TopicArn: arn };
}

/** DeleteTopic: deletes the topic and its subscriptions; deleting a topic that is gone succeeds. */
export function deleteTopic(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): undefined {
  const arn = snsInput(raw).requiredString('TopicArn');
  let topic: SnsTopic;
  try {
    topic = findTopic(state.sns, ctx, arn);
  } catch (error) {
    if (error instanceof AwsError && error.code === 'NotFound') return undefined;
    throw error;
  }
  delete state.sns.topics[topic.arn];
  for (const [key, subscription] of Object.entries(state.sns.subscriptions)) {
    if (subscription.topicArn === topic.arn) delete state.sns.subscriptions[key];
  }
  return undefined;
}

/**
 * One page of `items` and the token of the next: the token is the offset, base64-encoded, and one
 * that does not decode to an offset within `items` is an `InvalidParameter`.
 */
export function snsPage<T>(
  items: readonly T[],
  token: string | undefined,
): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (token !== undefined && token !== '') {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    offset = /^\d+$/.test(decoded) ? Number(decoded) : -1;
    if (offset <= 0 || offset > items.length) throw invalidParameter('NextToken');
  }
  const end = offset + SNS_PAGE_SIZE;
  const page = items.slice(offset, end);
  return end < items.length
    ? { items: page, nextToken: Buffer.from(String(end)).toString('base64url') }
    : { items: page };
}

/** ListTopics: the caller's topics in this region, in creation order, 100 per page. */
export function listTopics(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): { Topics: Array<{ TopicArn: string }>; NextToken?: string } {
  const topics = Object.values(state.sns.topics).filter(
    (topic) => topic.accountId === ctx.accountId && topic.region === ctx.region,
  );
  const page = snsPage(topics, snsInput(raw).string('NextToken'));
  return {
    Topics: page.items.map((topic) => ({ TopicArn: topic.arn })),
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
  };
}

function defaultPolicy(topic: SnsTopic): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topic.arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': topic.accountId } },
      },
    ],
  });
}

const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

function subscriptionCounts(state: SnsState, arn: string): { confirmed: number; pending: number } {
  const subscriptions = Object.values(state.subscriptions).filter((s) => s.topicArn === arn);
  const confirmed = subscriptions.filter((s) => s.confirmed).length;
  return { confirmed, pending: subscriptions.length - confirmed };
}

/** GetTopicAttributes: the topic's own attributes plus those SNS computes (owner, counts, policies). */
export function getTopicAttributes(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): { Attributes: Record<string, string> } {
  const topic = findTopic(state.sns, ctx, snsInput(raw).requiredString('TopicArn'));
  const counts = subscriptionCounts(state.sns, topic.arn);
  return {
    Attributes: {
      TopicArn: topic.arn,
      Owner: topic.accountId,
      Policy: defaultPolicy(topic),
      DisplayName: '',
      SubscriptionsConfirmed: String(counts.confirmed),
      SubscriptionsPending: String(counts.pending),
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: EFFECTIVE_DELIVERY_POLICY,
      ...topic.attributes,
    },
  };
}
