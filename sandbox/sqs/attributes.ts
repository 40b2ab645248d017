/**
 * Queue attributes: what CreateQueue and SetQueueAttributes accept (checked as SQS checks them),
 * the redrive policy that moves messages to a dead-letter queue, and GetQueueAttributes.
 */
import { AwsError, type ServiceContext } from '../service.js';
import { isPlainObject } from '../shared/json-value.js';
import type { SandboxState } from '../state.js';
import { dropExpired, isExpired, NUMERIC_DEFAULTS, queueOperation } from './common.js';
import { invalidParameterValue, sqsError } from './errors.js';
import type { SqsQueue } from './state.js';

/** The numeric attributes and their valid ranges. */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

/** Attributes CreateQueue and SetQueueAttributes take on a standard queue. */
const SETTABLE: ReadonlySet<string> = new Set([
  ...Object.keys(RANGES),
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
]);

/** Attributes of FIFO queues, which the sandbox does not emulate. */
const FIFO_ATTRIBUTES: ReadonlySet<string> = new Set([
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);

/** What SQS computes for every queue. */
const COMPUTED = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

/** SQS's default for the attributes it always answers. */
const DEFAULTS: Readonly<Record<string, string>> = {
  ...NUMERIC_DEFAULTS,
  SqsManagedSseEnabled: 'true',
};

/** A queue's redrive policy, parsed. */
export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/** `UnsupportedOperation` for anything FIFO. */
export function fifoUnsupported(): AwsError {
  return sqsError(
    'UnsupportedOperation',
    'The sandbox emulates standard queues only; FIFO queues (FifoQueue, a .fifo name) are not supported.',
  );
}

function invalidAttributeValue(name: string): AwsError {
  return new AwsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
}

/**
 * Reads the `Attributes` map of CreateQueue or SetQueueAttributes and checks every attribute as SQS
 * does. An empty `Policy`, `RedrivePolicy` or `RedriveAllowPolicy` removes it (read as `''`).
 *
 * @throws AwsError `InvalidAttributeName` for an attribute SQS does not take, `InvalidAttributeValue`
 *   for a value out of range, `InvalidParameterValue` for a redrive policy SQS refuses, and
 *   `UnsupportedOperation` for FIFO attributes.
 */
export function checkedAttributes(
  state: SandboxState,
  raw: unknown,
  ctx: ServiceContext,
): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw invalidParameterValue('Attributes', raw);
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (FIFO_ATTRIBUTES.has(name)) {
      if (name === 'FifoQueue' && String(value).toLowerCase() === 'false') continue;
      throw fifoUnsupported();
    }
    if (!SETTABLE.has(name)) {
      throw new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
    if (typeof value !== 'string') throw invalidAttributeValue(name);
    attributes[name] = checkedValue(state, ctx, name, value);
  }
  return attributes;
}

function checkedValue(
  state: SandboxState,
  ctx: ServiceContext,
  name: string,
  value: string,
): string {
  const range = RANGES[name];
  if (range !== undefined) {
    const number = /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!(number >= range[0] && number <= range[1])) throw invalidAttributeValue(name);
    return String(number);
  }
  if (name === 'SqsManagedSseEnabled') {
    if (!/^(true|false)$/i.test(value)) throw invalidAttributeValue(name);
    return value.toLowerCase();
  }
  if (value === '' || name === 'KmsMasterKeyId') return value;
  if (name === 'RedrivePolicy') {
    checkRedrivePolicy(state, ctx, value);
    return value;
  }
  // Policy and RedriveAllowPolicy: stored as given once they are JSON objects.
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidAttributeValue(name);
  }
  if (!isPlainObject(parsed)) throw invalidAttributeValue(name);
  return value;
}

/** Parses a `RedrivePolicy` value, or explains why SQS refuses it. */
function parseRedrivePolicy(value: string): RedrivePolicy | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'Redrive policy is not a valid JSON map.';
  }
  if (!isPlainObject(parsed)) return 'Redrive policy is not a valid JSON map.';
  const target = parsed.deadLetterTargetArn;
  const rawCount = parsed.maxReceiveCount;
  if (typeof target !== 'string' || target === '') {
    return 'Redrive policy does not contain mandatory attribute: deadLetterTargetArn.';
  }
  if (rawCount === undefined) {
    return 'Redrive policy does not contain mandatory attribute: maxReceiveCount.';
  }
  const count =
    typeof rawCount === 'string' && /^\d+$/.test(rawCount) ? Number(rawCount) : rawCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    return `Invalid value for maxReceiveCount: ${String(rawCount)}, valid values are from 1 to 1000 both inclusive.`;
  }
  return { deadLetterTargetArn: target, maxReceiveCount: count };
}

function checkRedrivePolicy(state: SandboxState, ctx: ServiceContext, value: string): void {
  const policy = parseRedrivePolicy(value);
  if (typeof policy === 'string') throw invalidParameterValue('RedrivePolicy', value, policy);
  const arn = /^arn:aws[\w-]*:sqs:([\w-]+):(\d{12}):([\w-]+)$/.exec(policy.deadLetterTargetArn);
  const sameRegion = arn !== null && arn[1] === ctx.region;
  if (!sameRegion || !Object.hasOwn(state.sqs.queues, policy.deadLetterTargetArn)) {
    throw invalidParameterValue('RedrivePolicy', value, 'Dead letter target does not exist.');
  }
}

/** A queue's redrive policy, when it has a valid one. */
export function redrivePolicyOf(queue: SqsQueue): RedrivePolicy | undefined {
  const value = queue.attributes.RedrivePolicy;
  if (value === undefined || value === '') return undefined;
  const policy = parseRedrivePolicy(value);
  return typeof policy === 'string' ? undefined : policy;
}

/** The value a queue has for an attribute CreateQueue compares: stored, else SQS's default. */
export function effectiveAttribute(queue: SqsQueue, name: string): string {
  return queue.attributes[name] ?? DEFAULTS[name] ?? '';
}

/** The message counts SQS reports, at `nowMs`. */
function counts(queue: SqsQueue, nowMs: number): Record<string, string> {
  let visible = 0;
  let inFlight = 0;
  let delayed = 0;
  for (const message of queue.messages) {
    if (isExpired(queue, message, nowMs)) continue;
    if (message.visibleAt <= nowMs) visible += 1;
    else if (message.receiveCount > 0) inFlight += 1;
    else delayed += 1;
  }
  return {
    ApproximateNumberOfMessages: String(visible),
    ApproximateNumberOfMessagesNotVisible: String(inFlight),
    ApproximateNumberOfMessagesDelayed: String(delayed),
  };
}

/** Every attribute of a queue, as GetQueueAttributes `All` answers. */
function allAttributes(queue: SqsQueue, nowMs: number): Record<string, string> {
  const stored = Object.fromEntries(
    Object.entries(queue.attributes).filter(([, value]) => value !== ''),
  );
  return {
    QueueArn: queue.arn,
    ...counts(queue, nowMs),
    CreatedTimestamp: String(queue.createdAt),
    LastModifiedTimestamp: String(queue.lastModifiedAt),
    ...DEFAULTS,
    ...stored,
  };
}

/**
 * GetQueueAttributes: the named attributes (`All` for every one); no names answer none.
 *
 * @throws AwsError `InvalidAttributeName` for a name SQS does not know.
 */
export const getQueueAttributes = queueOperation(
  ({ queue, input, ctx }): { Attributes?: Record<string, string> } => {
    const names = input.strings('AttributeNames') ?? [];
    const all = allAttributes(queue, ctx.now.getTime());
    const known = new Set<string>([...SETTABLE, ...FIFO_ATTRIBUTES, ...COMPUTED, 'All']);
    const answer: Record<string, string> = {};
    for (const name of names) {
      if (!known.has(name))
        throw new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      if (name === 'All') Object.assign(answer, all);
      else if (all[name] !== undefined) answer[name] = all[name];
    }
    return Object.keys(answer).length === 0 ? {} : { Attributes: answer };
  },
);

/** SetQueueAttributes: checks and stores the attributes; an empty policy removes it. */
export const setQueueAttributes = queueOperation(({ queue, input, ctx, state }): undefined => {
  if (!input.has('Attributes'))
    throw new AwsError('MissingParameter', 'The request must contain the parameter Attributes.');
  const attributes = checkedAttributes(state, input.member('Attributes'), ctx);
  if (attributes.RedrivePolicy !== undefined && attributes.RedrivePolicy !== '') {
    const target = redrivePolicyOf({ ...queue, attributes })?.deadLetterTargetArn;
    if (target === queue.arn) {
      throw invalidParameterValue(
        'RedrivePolicy',
        attributes.RedrivePolicy,
        'Dead letter target cannot be the source queue.',
      );
    }
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (value === '' && name !== 'KmsMasterKeyId') delete queue.attributes[name];
    else queue.attributes[name] = value;
  }
  queue.lastModifiedAt = Math.floor(ctx.now.getTime() / 1000);
  dropExpired(queue, ctx.now.getTime());
  return undefined;
});
