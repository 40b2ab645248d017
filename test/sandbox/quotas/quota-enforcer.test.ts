import { AWS_BUCKETS, bucketsOf } from '../../../sandbox/quotas/aws-buckets.js';
import { QuotaEnforcer, type QuotaTarget } from '../../../sandbox/quotas/quota-enforcer.js';
import { TokenBucket } from '../../../sandbox/quotas/token-bucket.js';

const T0 = Date.parse('2026-11-21T10:00:00Z');

const target = (operation: string, overrides: Partial<QuotaTarget> = {}): QuotaTarget => ({
  service: 'ECS',
  operation,
  accountId: '000000000000',
  region: 'eu-west-1',
  ...overrides,
});

/** How many of `count` requests to `operation` the enforcer admits at one instant. */
function admitted(enforcer: QuotaEnforcer, count: number, at: number, t = target('x')): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (enforcer.admit(t, at)) n += 1;
  return n;
}

describe('TokenBucket', () => {
  it('starts full and refills continuously up to its capacity', () => {
    // Prepare
    const bucket = new TokenBucket(10, 0.2, T0);

    // Act
    for (let i = 0; i < 10; i++) bucket.take(T0);
    const empty = bucket.available(T0);
    const afterTwoSeconds = bucket.available(T0 + 2_000);
    const afterFiveSeconds = bucket.available(T0 + 5_000);
    const afterAnHour = bucket.available(T0 + 3_600_000);

    // Assess
    expect(empty).toBe(0);
    expect(afterTwoSeconds).toBeCloseTo(0.4, 10);
    expect(afterFiveSeconds).toBeCloseTo(1, 10);
    expect(afterAnHour).toBe(10);
  });

  it('adds nothing when the clock goes backwards', () => {
    // Prepare
    const bucket = new TokenBucket(5, 1, T0);
    bucket.take(T0);

    // Act
    const earlier = bucket.available(T0 - 10_000);

    // Assess
    expect(earlier).toBe(4);
  });
});

describe('QuotaEnforcer', () => {
  it('admits everything when off', () => {
    // Prepare
    const enforcer = new QuotaEnforcer('off');

    // Act
    const n = admitted(enforcer, 500, T0, target('DescribeServices'));

    // Assess
    expect(n).toBe(500);
  });

  it('admits a burst of the bucket capacity, then one request per refill interval', () => {
    // Prepare: Service read actions hold 100 tokens and refill 20 per second (one per 50 ms).
    const enforcer = new QuotaEnforcer('aws');
    const describe = target('DescribeServices');

    // Act
    const burst = admitted(enforcer, 101, T0, describe);
    const at49ms = admitted(enforcer, 1, T0 + 49, describe);
    const at50ms = admitted(enforcer, 2, T0 + 50, describe);
    const atOneSecond = admitted(enforcer, 30, T0 + 1_050, describe);

    // Assess
    expect([burst, at49ms, at50ms, atOneSecond]).toEqual([100, 0, 1, 20]);
  });

  it('shares a bucket across the operations of one group and keeps groups apart', () => {
    // Prepare
    const enforcer = new QuotaEnforcer('aws');
    admitted(enforcer, 100, T0, target('DescribeServices'));

    // Act
    const listServices = enforcer.admit(target('ListServices'), T0);
    const describeClusters = admitted(enforcer, 51, T0, target('DescribeClusters'));

    // Assess
    expect(listServices).toBe(false);
    expect(describeClusters).toBe(50);
  });

  it('keeps buckets per account and per region', () => {
    // Prepare
    const enforcer = new QuotaEnforcer('aws');
    admitted(enforcer, 100, T0, target('DescribeServices'));

    // Act
    const sameScope = enforcer.admit(target('DescribeServices'), T0);
    const otherRegion = admitted(
      enforcer,
      101,
      T0,
      target('DescribeServices', { region: 'us-east-1' }),
    );
    const otherAccount = admitted(
      enforcer,
      101,
      T0,
      target('DescribeServices', { accountId: '111111111111' }),
    );

    // Assess
    expect([sameScope, otherRegion, otherAccount]).toEqual([false, 100, 100]);
  });

  it('draws ELBv2 calls from their category and from the account-level bucket', () => {
    // Prepare: Registration holds 20 tokens, the account-level bucket 40.
    const enforcer = new QuotaEnforcer('aws');
    const elbv2 = (operation: string) => target(operation, { service: 'ELBv2' });

    // Act
    const registrations = admitted(enforcer, 25, T0, elbv2('RegisterTargets'));
    const describes = admitted(enforcer, 40, T0, elbv2('DescribeTargetGroups'));
    const mutating = enforcer.admit(elbv2('AddTags'), T0);

    // Assess
    expect([registrations, describes, mutating]).toEqual([20, 20, false]);
  });

  it('takes no token from any bucket when one of them is empty', () => {
    // Prepare: the account-level ELBv2 bucket is spent by Describe calls, Registration is full.
    const enforcer = new QuotaEnforcer('aws');
    const elbv2 = (operation: string) => target(operation, { service: 'ELBv2' });
    admitted(enforcer, 40, T0, elbv2('DescribeLoadBalancers'));
    enforcer.admit(elbv2('RegisterTargets'), T0);

    // Act: four seconds refill 40 account tokens; Registration still has all 20.
    const registrations = admitted(enforcer, 21, T0 + 4_000, elbv2('RegisterTargets'));

    // Assess
    expect(registrations).toBe(20);
  });

  it('holds one account-level bucket of 300 tokens refilling 12 per second for every RDS call', () => {
    // Prepare
    const enforcer = new QuotaEnforcer('aws');
    const rds = (operation: string) => target(operation, { service: 'RDS' });

    // Act
    const describes = admitted(enforcer, 200, T0, rds('DescribeDBInstances'));
    const creates = admitted(enforcer, 101, T0, rds('CreateDBSubnetGroup'));
    const afterOneSecond = admitted(enforcer, 13, T0 + 1_000, rds('ListTagsForResource'));

    // Assess
    expect([describes, creates, afterOneSecond]).toEqual([200, 100, 12]);
  });

  it('refills every bucket when switched on again', () => {
    // Prepare
    const enforcer = new QuotaEnforcer('aws');
    admitted(enforcer, 100, T0, target('DescribeServices'));

    // Act
    enforcer.setMode('aws');
    const n = admitted(enforcer, 101, T0, target('DescribeServices'));

    // Assess
    expect(n).toBe(100);
  });
});

describe('AWS_BUCKETS', () => {
  it('lists the documented defaults of the groups a drift scan draws from', () => {
    // Prepare
    const groups = [
      ['ECS', 'DescribeServices'],
      ['ECS', 'DescribeTaskDefinition'],
      ['ELBv2', 'DescribeLoadBalancers'],
      ['RDS', 'DescribeDBInstances'],
    ] as const;

    // Act
    const table = groups.map(([service, operation]) =>
      bucketsOf(service, operation).map((b) => [b.name, b.capacity, b.refillPerSecond]),
    );

    // Assess
    expect(table).toEqual([
      [['Service read actions', 100, 20]],
      [['Task definition read actions', 50, 20]],
      [
        ['Account-level', 40, 10],
        ['Non-mutating', 40, 10],
      ],
      [['Account-level', 300, 12]],
    ]);
  });

  it('lists every operation in at most one group of its service besides the account level', () => {
    // Prepare
    const seen = new Map<string, string>();
    const duplicates: string[] = [];

    // Act
    for (const [service, buckets] of Object.entries(AWS_BUCKETS)) {
      for (const bucket of buckets) {
        if (bucket.operations === '*') continue;
        for (const operation of bucket.operations) {
          const key = `${service}.${operation}`;
          if (seen.has(key)) duplicates.push(key);
          seen.set(key, bucket.name);
        }
      }
    }

    // Assess
    expect(duplicates).toEqual([]);
  });
});
