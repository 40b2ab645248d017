import { type CloudTrailClient, type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AttributionLookupError } from '../../model/errors.js';
import type { ChangedBy } from '../../model/report.js';
import type { AttributionReader } from '../../ports/attribution-reader.js';
import type { RateLimitGroup } from './aws-rate-limits.js';
import { describeError } from './failure-reason.js';
import { AwsRateLimiter, DEFAULT_ACCOUNT_KEY } from './rate-limiter.js';

/**
 * CloudTrail's LookupEvents quota: "The rate of lookup requests is limited to two per second, per
 * account, per Region. If this limit is exceeded, a throttling error occurs." (LookupEvents, AWS
 * CloudTrail API Reference). No burst is documented, so none is taken: calls leave at most one per
 * half second.
 */
export const CLOUDTRAIL_RATE_LIMITS: readonly RateLimitGroup[] = [
  {
    id: 'cloudtrail.lookup-events',
    service: 'CloudTrail',
    operations: ['LookupEvents'],
    capacity: 1,
    refillPerSecond: 2,
  },
];

/** LookupEvents' largest page. */
export const LOOKUP_PAGE_SIZE = 50;

/**
 * One limiter per client unless one is given: every reader over the same client (and so the same
 * account and region) waits in the same line.
 */
const sharedLimiters = new WeakMap<CloudTrailClient, AwsRateLimiter>();

/** Construction options of {@link CloudTrailAttribution}. */
export interface CloudTrailAttributionOptions {
  readonly client: CloudTrailClient;
  /**
   * Pages of {@link LOOKUP_PAGE_SIZE} events read per resource at most. The newest write is on the
   * first page unless read-only events fill it; past this many pages the resource is left
   * unattributed rather than holding the scan up.
   * @default 3
   */
  readonly maxPages?: number;
  /**
   * Paces LookupEvents to {@link CLOUDTRAIL_RATE_LIMITS}; give one limiter (with those groups) to
   * every reader of the process to share the account's quota across clients.
   * @default - one limiter per client
   */
  readonly limiter?: AwsRateLimiter;
  /**
   * Whose quota the calls draw from (`accountKeyOf(roleArn)`).
   * @default DEFAULT_ACCOUNT_KEY
   */
  readonly accountKey?: string;
}

/**
 * {@link AttributionReader} on CloudTrail's event history: LookupEvents by resource name since the
 * given time, newest first, skipping read-only events; the newest write names the principal (the
 * caller's ARN from the event record, else CloudTrail's user name), the call and its time.
 *
 * Calls are paced client-side to CloudTrail's two lookups per second, so a scan with many drifted
 * resources waits instead of being throttled into failure.
 *
 * @example
 * const attribution = new CloudTrailAttribution({ client: aws.cloudtrail });
 * const who = await attribution.lastWrite('prod-api', lastInSyncAt);
 */
export class CloudTrailAttribution implements AttributionReader {
  readonly #client: CloudTrailClient;
  readonly #maxPages: number;
  readonly #limiter: AwsRateLimiter;
  readonly #accountKey: string;

  constructor(options: CloudTrailAttributionOptions) {
    this.#client = options.client;
    this.#maxPages = options.maxPages ?? 3;
    if (!Number.isSafeInteger(this.#maxPages) || this.#maxPages < 1) {
      throw new RangeError(`maxPages must be a positive integer, got ${options.maxPages}`);
    }
    this.#limiter = options.limiter ?? sharedLimiter(options.client);
    this.#accountKey = options.accountKey ?? DEFAULT_ACCOUNT_KEY;
  }

  /** @throws {@link AttributionLookupError} when CloudTrail cannot be asked. */
  async lastWrite(resourceName: string, since: Date): Promise<ChangedBy | undefined> {
    let nextToken: string | undefined;
    for (let page = 0; page < this.#maxPages; page++) {
      const out = await this.#lookup(resourceName, since, nextToken);
      const newest = newestWrite(out.Events ?? []);
      if (newest !== undefined) return changedBy(newest);
      nextToken = out.NextToken;
      if (nextToken === undefined) return undefined;
    }
    return undefined;
  }

  async #lookup(resourceName: string, since: Date, nextToken: string | undefined) {
    try {
      const region = await this.#client.config.region();
      await this.#limiter.acquire(
        { accountKey: this.#accountKey, region },
        'CloudTrail',
        'LookupEvents',
      );
      return await this.#client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: resourceName }],
          StartTime: since,
          MaxResults: LOOKUP_PAGE_SIZE,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
    } catch (error) {
      throw new AttributionLookupError(resourceName, describeError(error), { cause: error });
    }
  }
}

function sharedLimiter(client: CloudTrailClient): AwsRateLimiter {
  let limiter = sharedLimiters.get(client);
  if (limiter === undefined) {
    limiter = new AwsRateLimiter({ groups: CLOUDTRAIL_RATE_LIMITS });
    sharedLimiters.set(client, limiter);
  }
  return limiter;
}

/** The event record LookupEvents carries as JSON text, as far as attribution reads it. */
interface TrailRecord {
  readonly readOnly?: unknown;
  readonly userIdentity?: { readonly arn?: unknown; readonly invokedBy?: unknown };
}

/**
 * The newest write of a page. Pages come newest first; the times are compared anyway, so the
 * answer does not rest on the order within a page.
 */
function newestWrite(events: readonly Event[]): Event | undefined {
  let newest: Event | undefined;
  for (const event of events) {
    if (isReadOnly(event)) continue;
    if (newest === undefined || time(event) > time(newest)) newest = event;
  }
  return newest;
}

function isReadOnly(event: Event): boolean {
  return event.ReadOnly === 'true' || recordOf(event)?.readOnly === true;
}

function time(event: Event): number {
  return event.EventTime?.getTime() ?? Number.NEGATIVE_INFINITY;
}

/**
 * The writer of an event: the caller's ARN, else CloudTrail's user name, else the service that
 * called. `undefined` when the event names nobody: the newest writer is then unknown, and an older
 * one would be a guess.
 */
function changedBy(event: Event): ChangedBy | undefined {
  const identity = recordOf(event)?.userIdentity;
  const principal = text(identity?.arn) ?? text(event.Username) ?? text(identity?.invokedBy);
  if (principal === undefined || event.EventName === undefined || event.EventTime === undefined) {
    return undefined;
  }
  return { principal, eventName: event.EventName, eventTime: event.EventTime.toISOString() };
}

function recordOf(event: Event): TrailRecord | undefined {
  if (event.CloudTrailEvent === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(event.CloudTrailEvent);
    return typeof parsed === 'object' && parsed !== null ? (parsed as TrailRecord) : undefined;
  } catch {
    // A record CloudTrail could not serialise whole: the event's own fields still name the caller.
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
