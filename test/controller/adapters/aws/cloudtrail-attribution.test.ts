import { setImmediate } from 'node:timers/promises';
import {
  CloudTrailClient,
  CloudTrailServiceException,
  type Event,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CLOUDTRAIL_RATE_LIMITS,
  CloudTrailAttribution,
} from '../../../../controller/adapters/aws/cloudtrail-attribution.js';
import { AwsRateLimiter } from '../../../../controller/adapters/aws/rate-limiter.js';
import { AttributionLookupError } from '../../../../controller/model/errors.js';

const trailMock = mockClient(CloudTrailClient);
const client = new CloudTrailClient({ region: 'eu-west-1' });
const SINCE = new Date('2025-03-01T00:00:00.000Z');
const ALICE = 'arn:aws:iam::123456789012:user/alice';
const BOB = 'arn:aws:sts::123456789012:assumed-role/ops/bob';

function trailEvent(
  name: string,
  time: string,
  options: { readOnly?: boolean; arn?: string; username?: string; record?: string } = {},
): Event {
  const record = {
    eventName: name,
    readOnly: options.readOnly ?? false,
    ...(options.arn === undefined ? {} : { userIdentity: { type: 'IAMUser', arn: options.arn } }),
  };
  return {
    EventName: name,
    EventTime: new Date(time),
    ReadOnly: String(options.readOnly ?? false),
    ...(options.username === undefined ? {} : { Username: options.username }),
    CloudTrailEvent: options.record ?? JSON.stringify(record),
  };
}

/**
 * A limiter at CloudTrail's rate whose clock stands still and whose sleeps are recorded: every wait
 * is then the time from one instant until the caller's booked token exists.
 */
function pacedLimiter(): { limiter: AwsRateLimiter; sleeps: number[] } {
  const sleeps: number[] = [];
  const limiter = new AwsRateLimiter({
    groups: CLOUDTRAIL_RATE_LIMITS,
    now: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { limiter, sleeps };
}

function reader(options: { maxPages?: number } = {}): CloudTrailAttribution {
  return new CloudTrailAttribution({ client, limiter: pacedLimiter().limiter, ...options });
}

describe('CloudTrailAttribution', () => {
  afterEach(() => {
    trailMock.reset();
  });

  it('looks events up by resource name since the given time and names the newest writer by ARN', async () => {
    // Prepare
    trailMock.on(LookupEventsCommand).resolves({
      Events: [
        trailEvent('DescribeServices', '2025-03-01T12:05:00Z', { readOnly: true, arn: BOB }),
        trailEvent('UpdateService', '2025-03-01T12:00:00Z', { arn: ALICE, username: 'alice' }),
        trailEvent('UpdateService', '2025-03-01T09:00:00Z', { arn: BOB }),
      ],
    });

    // Act
    const who = await reader().lastWrite('prod-api', SINCE);

    // Assess
    expect(who).toEqual({
      principal: ALICE,
      eventName: 'UpdateService',
      eventTime: '2025-03-01T12:00:00.000Z',
    });
    expect(trailMock.commandCalls(LookupEventsCommand).map((c) => c.args[0].input)).toEqual([
      {
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'prod-api' }],
        StartTime: SINCE,
        MaxResults: 50,
      },
    ]);
  });

  it('skips events the record marks read-only even when the event field does not', async () => {
    // Prepare
    const readInRecord = {
      ...trailEvent('GetParameter', '2025-03-01T13:00:00Z', { arn: BOB }),
      CloudTrailEvent: JSON.stringify({ readOnly: true, userIdentity: { arn: BOB } }),
    };
    trailMock.on(LookupEventsCommand).resolves({
      Events: [readInRecord, trailEvent('PutParameter', '2025-03-01T11:00:00Z', { arn: ALICE })],
    });

    // Act
    const who = await reader().lastWrite('prod-param', SINCE);

    // Assess
    expect(who).toEqual({
      principal: ALICE,
      eventName: 'PutParameter',
      eventTime: '2025-03-01T11:00:00.000Z',
    });
  });

  it('falls back to the user name, then the calling service, when the record has no ARN', async () => {
    // Prepare
    trailMock
      .on(LookupEventsCommand, {
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'a' }],
      })
      .resolves({
        Events: [trailEvent('ModifyDBInstance', '2025-03-01T10:00:00Z', { username: 'carol' })],
      })
      .on(LookupEventsCommand, {
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'b' }],
      })
      .resolves({
        Events: [
          trailEvent('UpdateService', '2025-03-01T10:00:00Z', {
            record: JSON.stringify({
              readOnly: false,
              userIdentity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' },
            }),
          }),
        ],
      });

    // Act
    const byName = await reader().lastWrite('a', SINCE);
    const byService = await reader().lastWrite('b', SINCE);

    // Assess
    expect(byName?.principal).toBe('carol');
    expect(byService?.principal).toBe('cloudformation.amazonaws.com');
  });

  it('reads further pages while they hold only read-only events, and no more than the bound', async () => {
    // Prepare
    const reads = (token: string) => ({
      Events: [
        trailEvent('DescribeServices', '2025-03-01T12:00:00Z', { readOnly: true, arn: BOB }),
      ],
      NextToken: token,
    });
    trailMock
      .on(LookupEventsCommand)
      .resolvesOnce(reads('t1'))
      .resolvesOnce({
        Events: [trailEvent('UpdateService', '2025-03-01T08:00:00Z', { arn: ALICE })],
      });

    // Act
    const found = await reader().lastWrite('prod-api', SINCE);
    trailMock.reset();
    trailMock.on(LookupEventsCommand).resolves(reads('again'));
    const bounded = await reader({ maxPages: 2 }).lastWrite('prod-api', SINCE);

    // Assess
    expect(found?.principal).toBe(ALICE);
    expect(bounded).toBeUndefined();
    expect(
      trailMock.commandCalls(LookupEventsCommand).map((c) => c.args[0].input.NextToken),
    ).toEqual([undefined, 'again']);
  });

  it('answers undefined when no write is recorded', async () => {
    // Prepare
    trailMock.on(LookupEventsCommand).resolves({ Events: [] });

    // Act
    const who = await reader().lastWrite('prod-api', SINCE);

    // Assess
    expect(who).toBeUndefined();
    expect(trailMock).toHaveReceivedCommandTimes(LookupEventsCommand, 1);
  });

  it('answers undefined when the newest write names nobody, rather than an older writer', async () => {
    // Prepare
    trailMock.on(LookupEventsCommand).resolves({
      Events: [
        trailEvent('UpdateService', '2025-03-01T12:00:00Z', { record: '{"readOnly":false}' }),
        trailEvent('UpdateService', '2025-03-01T09:00:00Z', { arn: BOB }),
      ],
    });

    // Act
    const who = await reader().lastWrite('prod-api', SINCE);

    // Assess
    expect(who).toBeUndefined();
  });

  it('paces lookups to two per second on one client, whichever reader sends them', async () => {
    // Prepare: the clock stands still and every sleep is held until released.
    trailMock.on(LookupEventsCommand).resolves({ Events: [] });
    const sleeps: number[] = [];
    const held: (() => void)[] = [];
    const limiter = new AwsRateLimiter({
      groups: CLOUDTRAIL_RATE_LIMITS,
      now: () => 0,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise<void>((resolve) => held.push(resolve));
      },
    });
    const first = new CloudTrailAttribution({ client, limiter });
    const second = new CloudTrailAttribution({ client, limiter });

    // Act
    const lookups = Promise.all([
      first.lastWrite('a', SINCE),
      second.lastWrite('b', SINCE),
      first.lastWrite('c', SINCE),
      second.lastWrite('d', SINCE),
    ]);
    await setImmediate();
    const sentBeforeTheWaits = trailMock.commandCalls(LookupEventsCommand).length;
    for (const release of held) release();
    await lookups;

    // Assess: the first call goes at once, each later one waits for its own half second.
    expect(sentBeforeTheWaits).toBe(1);
    expect(sleeps).toEqual([500, 1000, 1500]);
    expect(trailMock).toHaveReceivedCommandTimes(LookupEventsCommand, 4);
  });

  it('shares one pacer between readers of the same client unless given one', async () => {
    // Prepare
    trailMock.on(LookupEventsCommand).resolves({ Events: [] });
    const shared = new CloudTrailClient({ region: 'eu-west-1' });
    const other = new CloudTrailClient({ region: 'eu-west-1' });
    const first = new CloudTrailAttribution({ client: shared });
    const second = new CloudTrailAttribution({ client: shared });
    const elsewhere = new CloudTrailAttribution({ client: other });
    await first.lastWrite('warm-up', SINCE);

    // Act: the second reader's call must wait for the token the first one took.
    const waiting = second.lastWrite('b', SINCE);
    await elsewhere.lastWrite('c', SINCE);
    const sentBeforeTheWait = trailMock.commandCalls(LookupEventsCommand).length;
    await waiting;

    // Assess
    expect(sentBeforeTheWait).toBe(2);
    expect(
      trailMock
        .commandCalls(LookupEventsCommand)
        .map((c) => c.args[0].input.LookupAttributes?.[0]?.AttributeValue),
    ).toEqual(['warm-up', 'c', 'b']);
  });

  it('wraps a CloudTrail failure in an AttributionLookupError naming the resource', async () => {
    // Prepare
    const denied = new CloudTrailServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: {},
      message: 'not authorized to perform cloudtrail:LookupEvents',
    });
    trailMock.on(LookupEventsCommand).rejects(denied);

    // Act
    const error = await reader()
      .lastWrite('prod-api', SINCE)
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(AttributionLookupError);
    expect(error).toMatchObject({
      resourceName: 'prod-api',
      cause: denied,
      message:
        'CloudTrail lookup for "prod-api" failed: AccessDeniedException: not authorized to perform cloudtrail:LookupEvents',
    });
  });
});
