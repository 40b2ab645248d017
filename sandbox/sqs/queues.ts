/** SQS queue operations: CreateQueue, GetQueueUrl, ListQueues, PurgeQueue and DeleteQueue. */
import { AwsError } from '../service.js';
import { isPlainObject } from '../shared/json-value.js';
import { checkedAttributes, effectiveAttribute, fifoUnsupported } from './attributes.js';
import {
  callerQueueArn,
  integerInRange,
  QUEUE_NAME,
  queueArn,
  queueByArn,
  queueOperation,
  queueSignal,
  queueUrl,
  sqsOperation,
} from './common.js';
import { invalidParameterValue, sqsError } from './errors.js';
import type { SqsQueue } from './state.js';

/** How long a deleted queue's name stays taken, and how often a queue may be purged: 60 seconds. */
export const QUEUE_COOL_DOWN_MS = 60_000;

function tagsOf(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw) || !Object.values(raw).every((value) => typeof value === 'string')) {
    throw invalidParameterValue('tags', raw);
  }
  return raw as Record<string, string>;
}

/**
 * CreateQueue: creates a standard queue, or answers the URL of the caller's queue of that name when
 * every attribute sent has the value the queue has (the call is idempotent), as SQS does.
 *
 * @throws AwsError `QueueNameExists` (query code `QueueAlreadyExists`) when an attribute sent
 *   differs, `QueueDeletedRecently` within 60 seconds of deleting a queue of that name,
 *   `InvalidParameterValue` for a bad name, `UnsupportedOperation` for a FIFO queue.
 */
export const createQueue = sqsOperation(({ input, ctx, state }): { QueueUrl: string } => {
  const name = input.requiredString('QueueName');
  if (name.endsWith('.fifo')) throw fifoUnsupported();
  if (!QUEUE_NAME.test(name)) {
    throw new AwsError(
      'InvalidParameterValue',
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
  const attributes = checkedAttributes(state, input.member('Attributes'), ctx);
  const tags = tagsOf(input.member('tags'));
  const arn = callerQueueArn(ctx, name);
  const now = ctx.now.getTime();
  const existing = Object.hasOwn(state.sqs.queues, arn) ? state.sqs.queues[arn] : undefined;
  if (existing !== undefined) {
    const differing = Object.entries(attributes).find(
      ([key, value]) => effectiveAttribute(existing, key) !== value,
    );
    if (differing !== undefined) {
      throw sqsError(
        'QueueNameExists',
        `A queue already exists with the same name and a different value for attribute ${differing[0]}`,
      );
    }
    return { QueueUrl: queueUrl(ctx, existing) };
  }
  const deletedAt = state.sqs.deleted[arn];
  if (deletedAt !== undefined && now - deletedAt < QUEUE_COOL_DOWN_MS) {
    throw sqsError(
      'QueueDeletedRecently',
      'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
    );
  }
  for (const [deleted, at] of Object.entries(state.sqs.deleted)) {
    if (now - at >= QUEUE_COOL_DOWN_MS) delete state.sqs.deleted[deleted];
  }
  const seconds = Math.floor(now / 1000);
  const queue: SqsQueue = {
    arn,
    name,
    accountId: ctx.accountId,
    region: ctx.region,
    attributes: Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== '')),
    tags,
    createdAt: seconds,
    lastModifiedAt: seconds,
    messages: [],
  };
  state.sqs.queues[arn] = queue;
  return { QueueUrl: queueUrl(ctx, queue) };
});

/**
 * GetQueueUrl: the URL of the queue of that name, in the caller's account or in
 * `QueueOwnerAWSAccountId`'s.
 */
export const getQueueUrl = sqsOperation(({ input, ctx, state }): { QueueUrl: string } => {
  const name = input.requiredString('QueueName');
  const owner = input.string('QueueOwnerAWSAccountId') ?? ctx.accountId;
  return { QueueUrl: queueUrl(ctx, queueByArn(state, queueArn(ctx.region, owner, name))) };
});

/** An offset within the list, carried as `NextToken`. */
function tokenOffset(token: string | undefined, length: number): number {
  if (token === undefined || token === '') return 0;
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const offset = /^\d+$/.test(decoded) ? Number(decoded) : -1;
  if (offset <= 0 || offset > length) {
    throw new AwsError('InvalidParameterValue', 'Invalid NextToken value.');
  }
  return offset;
}

/**
 * ListQueues: the caller's queues in this region whose names start with `QueueNamePrefix`, in
 * creation order; up to 1,000, or pages of `MaxResults` (1 to 1,000) with a `NextToken`.
 */
export const listQueues = sqsOperation(
  ({ input, ctx, state }): { QueueUrls?: string[]; NextToken?: string } => {
    const prefix = input.string('QueueNamePrefix') ?? '';
    const max = integerInRange(
      input,
      'MaxResults',
      [1, 1000],
      'MaxResults must be an integer between 1 and 1000.',
    );
    const queues = Object.values(state.sqs.queues).filter(
      (queue) =>
        queue.accountId === ctx.accountId &&
        queue.region === ctx.region &&
        queue.name.startsWith(prefix),
    );
    const offset = tokenOffset(input.string('NextToken'), queues.length);
    const end = offset + (max ?? 1000);
    const urls = queues.slice(offset, end).map((queue) => queueUrl(ctx, queue));
    return {
      ...(urls.length === 0 ? {} : { QueueUrls: urls }),
      ...(max !== undefined && end < queues.length
        ? { NextToken: Buffer.from(String(end)).toString('base64url') }
        : {}),
    };
  },
);

/**
 * PurgeQueue: deletes every message of the queue.
 *
 * @throws AwsError `PurgeQueueInProgress` within 60 seconds of the queue's last purge.
 */
export const purgeQueue = queueOperation(({ queue, ctx }): undefined => {
  const now = ctx.now.getTime();
  if (queue.purgedAt !== undefined && now - queue.purgedAt < QUEUE_COOL_DOWN_MS) {
    throw sqsError(
      'PurgeQueueInProgress',
      `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`,
    );
  }
  queue.messages = [];
  queue.purgedAt = now;
  return undefined;
});

/** DeleteQueue: deletes the queue and its messages; its name stays taken for 60 seconds. */
export const deleteQueue = queueOperation(({ queue, ctx, state }): undefined => {
  delete state.sqs.queues[queue.arn];
  state.sqs.deleted[queue.arn] = ctx.now.getTime();
  // Long polls on the queue answer now (with QueueDoesNotExist), not at the end of their wait.
  ctx.notify?.(queueSignal(queue.arn));
  return undefined;
});
