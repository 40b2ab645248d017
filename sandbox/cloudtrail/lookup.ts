/** CloudTrail `LookupEvents` over the events the sandbox recorded (see `./record.ts`). */
import { AwsError, type ServiceContext } from '../service.js';
import { JsonInput } from '../shared/json-input.js';
import type { SandboxState } from '../state.js';
import { cloudTrailRecord } from './record.js';
import type { TrailEvent } from './state.js';

/** LookupEvents' default and largest page. */
export const MAX_LOOKUP_RESULTS = 50;
/** LookupEvents looks back 90 days at most. */
const LOOKBACK_MS = 90 * 24 * 3600 * 1000;

const ATTRIBUTES: Readonly<Record<string, (event: TrailEvent, value: string) => boolean>> = {
  EventId: (event, value) => event.eventId === value,
  EventName: (event, value) => event.eventName === value,
  ReadOnly: (event, value) => String(event.readOnly) === value,
  Username: (event, value) => event.username === value,
  ResourceType: (event, value) => event.resources.some((r) => r.ResourceType === value),
  ResourceName: (event, value) => event.resources.some((r) => r.ResourceName === value),
  EventSource: (event, value) => event.eventSource === value,
  AccessKeyId: (event, value) => event.accessKeyId === value,
};

function lookupInput(raw: Record<string, unknown>): JsonInput {
  return new JsonInput(raw, {
    wrongType: (name) =>
      new AwsError('SerializationException', `${name} is not of the expected type.`),
    missing: (name) => new AwsError('ValidationException', `${name} is required.`),
    blankIsMissing: false,
  });
}

function attributeFilter(input: JsonInput): (event: TrailEvent) => boolean {
  const attributes = input.objects('LookupAttributes') ?? [];
  if (attributes.length > 1) {
    throw new AwsError(
      'InvalidLookupAttributesException',
      'You can specify at most one lookup attribute.',
    );
  }
  const [attribute] = attributes;
  if (attribute === undefined) return () => true;
  const { AttributeKey: key, AttributeValue: value } = attribute;
  const matches =
    typeof key === 'string' && Object.hasOwn(ATTRIBUTES, key) ? ATTRIBUTES[key] : undefined;
  if (matches === undefined) {
    throw new AwsError(
      'InvalidLookupAttributesException',
      `The lookup attribute key ${String(key)} is not valid. Valid keys: ${Object.keys(ATTRIBUTES).join(', ')}.`,
    );
  }
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'InvalidLookupAttributesException',
      'The lookup attribute value must be 1 to 2000 characters.',
    );
  }
  return (event) => matches(event, value);
}

function maxResults(input: JsonInput): number {
  const max = input.integer('MaxResults') ?? MAX_LOOKUP_RESULTS;
  if (max < 1 || max > MAX_LOOKUP_RESULTS) {
    throw new AwsError(
      'InvalidMaxResultsException',
      `MaxResults must be from 1 to ${MAX_LOOKUP_RESULTS}.`,
    );
  }
  return max;
}

/** The `seq` a NextToken points below; `Infinity` without a token. */
function cursor(input: JsonInput): number {
  const token = input.string('NextToken');
  if (token === undefined) return Number.POSITIVE_INFINITY;
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^seq:(\d+)$/.exec(decoded);
  if (match?.[1] === undefined) {
    throw new AwsError('InvalidNextTokenException', 'The NextToken is not valid.');
  }
  return Number(match[1]);
}

function tokenFor(event: TrailEvent): string {
  return Buffer.from(`seq:${event.seq}`).toString('base64url');
}

/** The caller's lookup window in epoch milliseconds: `StartTime`..`EndTime`, at most 90 days back. */
function timeRange(input: JsonInput, now: Date): { from: number; to: number } {
  const start = input.number('StartTime');
  const end = input.number('EndTime');
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsError('InvalidTimeRangeException', 'The StartTime must not be after the EndTime.');
  }
  const from = Math.max(now.getTime() - LOOKBACK_MS, start === undefined ? 0 : start * 1000);
  return { from, to: end === undefined ? Number.POSITIVE_INFINITY : end * 1000 };
}

/** One event as LookupEvents answers it; `EventTime` leaves as epoch seconds. */
function view(event: TrailEvent): Record<string, unknown> {
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    ...(event.accessKeyId === undefined ? {} : { AccessKeyId: event.accessKeyId }),
    EventTime: new Date(event.eventTime),
    EventSource: event.eventSource,
    Username: event.username,
    Resources: event.resources,
    CloudTrailEvent: JSON.stringify(cloudTrailRecord(event)),
  };
}

/**
 * LookupEvents: the caller's account and region's events, newest first, filtered by at most one
 * lookup attribute and the time range, `MaxResults` (1 to 50, default 50) per page with a
 * `NextToken` that stays valid while new events arrive. Insights events are never recorded, so
 * `EventCategory: insight` finds none.
 */
export function lookupEvents(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): { Events: Record<string, unknown>[]; NextToken?: string } {
  const input = lookupInput(raw);
  const category = input.string('EventCategory');
  if (category !== undefined && category !== 'insight') {
    throw new AwsError(
      'InvalidEventCategoryException',
      `The event category ${category} is not valid; the only category is insight.`,
    );
  }
  const matches = attributeFilter(input);
  const max = maxResults(input);
  const below = cursor(input);
  const { from, to } = timeRange(input, ctx.now);
  if (category === 'insight') return { Events: [] };
  const found: TrailEvent[] = [];
  let more = false;
  for (let i = state.cloudtrail.events.length - 1; i >= 0; i -= 1) {
    const event = state.cloudtrail.events[i];
    if (event === undefined || event.seq >= below) continue;
    if (event.accountId !== ctx.accountId || event.region !== ctx.region) continue;
    if (event.eventTime < from || event.eventTime > to || !matches(event)) continue;
    if (found.length === max) {
      more = true;
      break;
    }
    found.push(event);
  }
  const last = found.at(-1);
  return {
    Events: found.map(view),
    ...(more && last !== undefined ? { NextToken: tokenFor(last) } : {}),
  };
}
