/** What the SQS operations share: input reads, queue URLs and ARNs, lookups, and the message clock. */
import type { ServiceContext } from '../service.js';
import { JsonInput } from '../shared/json-input.js';
import type { SandboxState } from '../state.js';
import { invalidParameterValue, queueDoesNotExist, SQS_INPUT_ERRORS, sqsError } from './errors.js';
import type { SqsMessage, SqsQueue } from './state.js';

/** Queue names: 1 to 80 letters, digits, hyphens and underscores. */
export const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Wraps a decoded SQS input. */
export function sqsInput(raw: Readonly<Record<string, unknown>>): JsonInput {
  return new JsonInput(raw, SQS_INPUT_ERRORS);
}

/** The ARN of a queue: `arn:aws:sqs:<region>:<account>:<name>`. */
export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

/** The ARN a queue of `name` has in the caller's account and region. */
export function callerQueueArn(ctx: ServiceContext, name: string): string {
  return queueArn(ctx.region, ctx.accountId, name);
}

/**
 * The URL of a queue: `<origin of the request>/<account>/<name>`, as SQS answers it with its own
 * host; without a request origin (deferred work), SQS's regional endpoint.
 */
export function queueUrl(ctx: ServiceContext, queue: SqsQueue): string {
  const origin = ctx.origin ?? `https://sqs.${queue.region}.amazonaws.com`;
  return `${origin}/${queue.accountId}/${queue.name}`;
}

/** The signal long polls of a queue wait for, and that is notified when a message may be available. */
export function queueSignal(arn: string): string {
  return `sqs:${arn}`;
}

/**
 * The queue a `QueueUrl` names: its path is `/<account>/<name>` (any host, as the SDK sends the URL
 * it was given), in the caller's region. The sandbox evaluates no queue policy, so a queue of
 * another account is reachable by its URL.
 *
 * @throws AwsError `InvalidAddress` for a URL of another shape, `QueueDoesNotExist` when no such queue exists.
 */
export function queueByUrl(state: SandboxState, ctx: ServiceContext, url: string): SqsQueue {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    throw sqsError('InvalidAddress', `The address ${url} is not valid for this endpoint.`);
  }
  const match = /^\/(\d{12})\/([^/]+)\/?$/.exec(path);
  if (match === null) {
    throw sqsError('InvalidAddress', `The address ${url} is not valid for this endpoint.`);
  }
  const [, accountId = '', name = ''] = match;
  return queueByArn(state, queueArn(ctx.region, accountId, name));
}

/**
 * The queue of an ARN.
 *
 * @throws AwsError `QueueDoesNotExist`
 */
export function queueByArn(state: SandboxState, arn: string): SqsQueue {
  const queue = Object.hasOwn(state.sqs.queues, arn) ? state.sqs.queues[arn] : undefined;
  if (queue === undefined) throw queueDoesNotExist();
  return queue;
}

/** The queue a request's `QueueUrl` names (required). */
export function requestedQueue(
  state: SandboxState,
  input: JsonInput,
  ctx: ServiceContext,
): SqsQueue {
  return queueByUrl(state, ctx, input.requiredString('QueueUrl'));
}

/** What an SQS operation handler works with: the input, the request's context and the state. */
export interface SqsRequest {
  readonly input: JsonInput;
  readonly ctx: ServiceContext;
  readonly state: SandboxState;
}

/**
 * An operation handler whose input is read as an SQS input.
 *
 * @example
 * export const getQueueUrl = sqsOperation(({ input, ctx, state }) => {
 *   const arn = callerQueueArn(ctx, input.requiredString('QueueName'));
 *   return { QueueUrl: queueUrl(ctx, queueByArn(state, arn)) };
 * });
 */
export function sqsOperation<T>(
  act: (request: SqsRequest) => T,
): (state: SandboxState, raw: Readonly<Record<string, unknown>>, ctx: ServiceContext) => T {
  return (state, raw, ctx) => act({ input: sqsInput(raw), ctx, state });
}

/**
 * An operation handler on the queue the request's `QueueUrl` names. The queue is looked up before
 * `act` runs, so a missing or malformed `QueueUrl` is refused ahead of any other parameter.
 *
 * @example
 * export const purgeQueue = queueOperation(({ queue }) => {
 *   queue.messages = [];
 *   return undefined;
 * });
 */
export function queueOperation<T>(
  act: (request: SqsRequest & { readonly queue: SqsQueue }) => T,
): (state: SandboxState, raw: Readonly<Record<string, unknown>>, ctx: ServiceContext) => T {
  return sqsOperation((request) =>
    act({ ...request, queue: requestedQueue(request.state, request.input, request.ctx) }),
  );
}

/** An attribute of a queue as a number (its stored value, else SQS's default). */
export function numericAttribute(queue: SqsQueue, name: keyof typeof NUMERIC_DEFAULTS): number {
  return Number(queue.attributes[name] ?? NUMERIC_DEFAULTS[name]);
}

/** SQS's defaults of the numeric queue attributes. */
export const NUMERIC_DEFAULTS = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
} as const;

/** Whether a message has outlived the queue's retention period at `nowMs`. */
export function isExpired(queue: SqsQueue, message: SqsMessage, nowMs: number): boolean {
  return message.sentAt + numericAttribute(queue, 'MessageRetentionPeriod') * 1000 <= nowMs;
}

/** Drops the messages that outlived the queue's retention period, as SQS deletes them. */
export function dropExpired(queue: SqsQueue, nowMs: number): void {
  queue.messages = queue.messages.filter((message) => !isExpired(queue, message, nowMs));
}

/**
 * An integer parameter checked against its range, as SQS checks it.
 *
 * @param reason the `Reason:` SQS gives for a value out of range
 */
export function integerInRange(
  input: JsonInput,
  name: string,
  range: readonly [number, number],
  reason: string,
): number | undefined {
  const value = input.member(name);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < range[0] || (value as number) > range[1]) {
    throw invalidParameterValue(name, value, reason);
  }
  return value as number;
}
