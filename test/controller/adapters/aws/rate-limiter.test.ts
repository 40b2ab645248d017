import { AWS_RATE_LIMITS, groupsOf } from '../../../../controller/adapters/aws/aws-rate-limits.js';
import {
  rateLimiterFor,
  withOverrides,
} from '../../../../controller/adapters/aws/rate-limit-config.js';
import {
  AwsRateLimiter,
  accountKeyOf,
  DEFAULT_ACCOUNT_KEY,
  ReservationBucket,
} from '../../../../controller/adapters/aws/rate-limiter.js';
import { AwsClientConfigError } from '../../../../controller/model/errors.js';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const HOME = { accountKey: DEFAULT_ACCOUNT_KEY, region: 'eu-west-1' };

/** The waits, in ms, of `count` reservations of one operation at one instant. */
function waits(
  limiter: AwsRateLimiter,
  count: number,
  at: number,
  operation = 'DescribeTaskDefinition',
  scope = HOME,
  service = 'ECS',
): number[] {
  return Array.from({ length: count }, () => limiter.reserve(scope, service, operation, at));
}

describe('ReservationBucket', () => {
  it('lends its capacity at once, then books one token per refill interval', () => {
    // Prepare
    const bucket = new ReservationBucket(2, 20, T0);

    // Act
    const booked = [bucket.reserve(T0), bucket.reserve(T0), bucket.reserve(T0), bucket.reserve(T0)];

    // Assess
    expect(booked).toEqual([0, 0, 50, 100]);
  });

  it('counts the time passed against what is booked, never beyond its capacity', () => {
    // Prepare
    const bucket = new ReservationBucket(2, 20, T0);
    bucket.reserve(T0);
    bucket.reserve(T0);
    bucket.reserve(T0);

    // Act
    const after25ms = bucket.reserve(T0 + 25);
    const afterAMinute = [bucket.reserve(T0 + 60_000), bucket.reserve(T0 + 60_000)];
    const third = bucket.reserve(T0 + 60_000);

    // Assess
    expect(after25ms).toBeCloseTo(75, 9);
    expect(afterAMinute).toEqual([0, 0]);
    expect(third).toBeCloseTo(50, 9);
  });
});

describe('AwsRateLimiter', () => {
  it('paces a group to its documented burst, then to its refill rate', () => {
    // Prepare: Task definition read actions hold 50 tokens and refill 20 per second.
    const limiter = new AwsRateLimiter({ delaySpreadMs: 0 });

    // Act
    const booked = waits(limiter, 53, T0);

    // Assess
    expect(booked.slice(0, 50).every((ms) => ms === 0)).toBe(true);
    expect(booked.slice(50).map(Math.round)).toEqual([50, 100, 150]);
  });

  it('keeps refill × delay spread of each burst in reserve', () => {
    // Prepare: 250 ms at 20 tokens per second keeps 5 of the 50 in reserve.
    const limiter = new AwsRateLimiter({ delaySpreadMs: 250 });

    // Act
    const booked = waits(limiter, 46, T0);

    // Assess
    expect(booked.filter((ms) => ms === 0)).toHaveLength(45);
    expect(Math.round(booked[45] ?? 0)).toBe(50);
  });

  it('shares one bucket across the operations of a group and keeps groups apart', () => {
    // Prepare
    const limiter = new AwsRateLimiter({ delaySpreadMs: 0 });
    waits(limiter, 50, T0, 'DescribeTaskDefinition');

    // Act
    const sameGroup = limiter.reserve(HOME, 'ECS', 'ListTaskDefinitions', T0);
    const otherGroup = limiter.reserve(HOME, 'ECS', 'DescribeServices', T0);

    // Assess
    expect([Math.round(sameGroup), otherGroup]).toEqual([50, 0]);
  });

  it('keeps buckets per account key and region', () => {
    // Prepare
    const limiter = new AwsRateLimiter({ delaySpreadMs: 0 });
    waits(limiter, 50, T0);

    // Act
    const home = limiter.reserve(HOME, 'ECS', 'DescribeTaskDefinition', T0);
    const otherRegion = limiter.reserve(
      { ...HOME, region: 'us-east-1' },
      'ECS',
      'DescribeTaskDefinition',
      T0,
    );
    const otherAccount = limiter.reserve(
      { ...HOME, accountKey: '123456789012' },
      'ECS',
      'DescribeTaskDefinition',
      T0,
    );

    // Assess
    expect([Math.round(home), otherRegion, otherAccount]).toEqual([50, 0, 0]);
  });

  it('waits for the later of an ELBv2 category and the account-level bucket', () => {
    // Prepare: Registration holds 20 tokens (4/s), the account-level bucket 40 (10/s).
    const limiter = new AwsRateLimiter({ delaySpreadMs: 0 });
    const elbv2 = 'ElasticLoadBalancingV2';
    waits(limiter, 40, T0, 'DescribeLoadBalancers', HOME, elbv2);

    // Act
    const registration = limiter.reserve(HOME, elbv2, 'RegisterTargets', T0);

    // Assess: the account-level bucket owes one token, 100 ms away; Registration has 20.
    expect(Math.round(registration)).toBe(100);
  });

  it('does not pace operations no group lists', () => {
    // Prepare
    const limiter = new AwsRateLimiter();

    // Act
    const booked = waits(limiter, 1000, T0, 'GetCallerIdentity', HOME, 'STS');

    // Assess
    expect(new Set(booked)).toEqual(new Set([0]));
  });

  it('sleeps whole milliseconds when a token is booked ahead, and not at all otherwise', async () => {
    // Prepare
    const slept: number[] = [];
    const limiter = new AwsRateLimiter({
      groups: [
        {
          id: 'test.read',
          service: 'ECS',
          operations: ['DescribeServices'],
          capacity: 1,
          refillPerSecond: 3,
        },
      ],
      now: () => T0,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });

    // Act
    for (let i = 0; i < 3; i++) await limiter.acquire(HOME, 'ECS', 'DescribeServices');

    // Assess: tokens at 333.3 ms and 666.7 ms.
    expect(slept).toEqual([334, 667]);
  });
});

describe('accountKeyOf', () => {
  it('names the account of a role ARN, and the default chain without one', () => {
    // Prepare
    const roles = [
      'arn:aws:iam::123456789012:role/plumbline-read',
      'arn:aws-cn:iam::210987654321:role/path/reader',
      undefined,
    ];

    // Act
    const keys = roles.map((role) => accountKeyOf(role));

    // Assess
    expect(keys).toEqual(['123456789012', '210987654321', 'default-credentials']);
  });
});

describe('AWS_RATE_LIMITS', () => {
  it('mirrors the documented defaults of the groups a drift scan draws from', () => {
    // Prepare
    const calls = [
      ['ECS', 'DescribeServices'],
      ['ECS', 'DescribeTaskDefinition'],
      ['ElasticLoadBalancingV2', 'DescribeTargetGroups'],
      ['RDS', 'DescribeDBInstances'],
    ] as const;

    // Act
    const table = calls.map(([service, operation]) =>
      groupsOf(AWS_RATE_LIMITS, service, operation).map((g) => [
        g.id,
        g.capacity,
        g.refillPerSecond,
      ]),
    );

    // Assess
    expect(table).toEqual([
      [['ecs.service-read', 100, 20]],
      [['ecs.task-definition-read', 50, 20]],
      [
        ['elbv2.account', 40, 10],
        ['elbv2.non-mutating', 40, 10],
      ],
      [['rds.account', 300, 12]],
    ]);
  });
});

describe('rate-limit configuration', () => {
  it('replaces the rates of the named groups only', () => {
    // Prepare
    const overrides = ' ecs.task-definition-read=100/40, rds.account=600/24.5 ';

    // Act
    const groups = withOverrides(AWS_RATE_LIMITS, overrides);
    const rates = (id: string) => {
      const g = groups.find((candidate) => candidate.id === id);
      return [g?.capacity, g?.refillPerSecond];
    };

    // Assess
    expect(rates('ecs.task-definition-read')).toEqual([100, 40]);
    expect(rates('rds.account')).toEqual([600, 24.5]);
    expect(rates('ecs.service-read')).toEqual([100, 20]);
    expect(groups).toHaveLength(AWS_RATE_LIMITS.length);
  });

  it.each([
    [
      'ecs.task-definition-read=100',
      '"ecs.task-definition-read=100" is not <group>=<capacity>/<refill per second>',
    ],
    ['ecs.nothing=1/1', '"ecs.nothing" is not a rate-limit group'],
    [
      'rds.account=10/0',
      '"rds.account=10/0" needs a capacity of at least 1 and a refill rate above 0',
    ],
  ])('rejects %s', (overrides, message) => {
    // Prepare
    const apply = () => withOverrides(AWS_RATE_LIMITS, overrides);

    // Act
    const error = (() => {
      try {
        apply();
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    // Assess
    expect(error).toBeInstanceOf(AwsClientConfigError);
    expect((error as Error).message).toBe(`invalid AWS client option "rateLimits": ${message}`);
  });

  it('turns pacing off with "off" and uses the defaults when unset', () => {
    // Prepare
    const settings = ['off', undefined, ''];

    // Act
    const limiters = settings.map((setting) => rateLimiterFor(setting));

    // Assess
    expect(limiters[0]).toBeUndefined();
    expect(limiters[1]?.groups).toEqual(AWS_RATE_LIMITS);
    expect(limiters[2]?.groups).toEqual(AWS_RATE_LIMITS);
  });
});
