import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbLockStore } from '../../../../controller/adapters/aws/dynamodb-lock-store.js';
import { LockHeldError, LockLostError } from '../../../../controller/model/errors.js';
import { type Dynalite, startDynalite } from '../../../support/dynalite.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const TTL = 60_000;

/** A clock the test moves by hand; leases never depend on wall time here. */
class ManualClock {
  private ms = T0;
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('DynamoDbLockStore on dynalite', () => {
  let dynalite: Dynalite;
  let client: DynamoDBClient;
  let clock: ManualClock;
  let store: DynamoDbLockStore;
  let env: string;
  let envCount = 0;

  beforeAll(async () => {
    dynalite = await startDynalite();
    client = new DynamoDBClient({ endpoint: dynalite.endpoint, maxAttempts: 1 });
    await new DynamoDbLockStore({ client }).ensureTable({ pollMs: 5 });
  });

  afterAll(async () => {
    client.destroy();
    await dynalite.close();
  });

  beforeEach(() => {
    clock = new ManualClock();
    store = new DynamoDbLockStore({ client, clock });
    envCount += 1;
    env = `env-${envCount}`;
  });

  it('acquires, renews and releases a lease, leaving the environment free', async () => {
    // Prepare
    const lease = await store.acquire(env, 'rollout-a', TTL);
    clock.advance(20_000);

    // Act
    const renewed = await store.renew(lease, TTL);
    const held = await store.inspect(env);
    await store.release(renewed);
    const after = await store.inspect(env);

    // Assess
    expect(lease).toEqual({
      env,
      owner: 'rollout-a',
      token: 1,
      acquiredAt: new Date(T0),
      expiresAt: new Date(T0 + TTL),
    });
    expect(renewed).toEqual({ ...lease, expiresAt: new Date(T0 + 20_000 + TTL) });
    expect(held).toEqual(renewed);
    expect(after).toBeUndefined();
  });

  it('refuses a second owner with a LockHeldError naming the holder and its times', async () => {
    // Prepare
    await store.acquire(env, 'rollout-a', TTL);
    clock.advance(1_000);

    // Act
    const error = await rejection(store.acquire(env, 'rollout-b', TTL));

    // Assess
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error).toMatchObject({
      env,
      holder: 'rollout-a',
      acquiredAt: new Date(T0),
      expiresAt: new Date(T0 + TTL),
    });
  });

  it('keeps an unexpired lease held up to and including its expiry instant', async () => {
    // Prepare
    await store.acquire(env, 'rollout-a', TTL);
    clock.advance(TTL);

    // Act
    const error = await rejection(store.acquire(env, 'rollout-b', TTL));

    // Assess
    expect(error).toBeInstanceOf(LockHeldError);
  });

  it('hands an abandoned lease to a new owner once it has expired', async () => {
    // Prepare
    const crashed = await store.acquire(env, 'rollout-crashed', TTL);
    clock.advance(TTL + 1);

    // Act
    const taken = await store.acquire(env, 'rollout-b', TTL);

    // Assess
    expect(taken).toMatchObject({ owner: 'rollout-b', token: crashed.token + 1 });
    expect(taken.acquiredAt).toEqual(new Date(T0 + TTL + 1));
    expect(await store.inspect(env)).toEqual(taken);
  });

  it('rejects a renewal and a release with a stale token after a takeover', async () => {
    // Prepare
    const stale = await store.acquire(env, 'rollout-a', TTL);
    clock.advance(TTL + 1);
    const current = await store.acquire(env, 'rollout-b', TTL);

    // Act
    const renewError = await rejection(store.renew(stale, TTL));
    const releaseError = await rejection(store.release(stale));

    // Assess
    expect(renewError).toBeInstanceOf(LockLostError);
    expect(renewError).toMatchObject({ env, owner: 'rollout-a', token: stale.token });
    expect(releaseError).toBeInstanceOf(LockLostError);
    expect(await store.inspect(env)).toEqual(current);
  });

  it('rejects a stale token of the same owner after it re-acquired', async () => {
    // Prepare
    const first = await store.acquire(env, 'rollout-a', TTL);
    await store.release(first);
    const second = await store.acquire(env, 'rollout-a', TTL);

    // Act
    const error = await rejection(store.release(first));

    // Assess
    expect(error).toBeInstanceOf(LockLostError);
    expect(await store.inspect(env)).toEqual(second);
  });

  it('refuses to renew an expired lease even when nobody took it over', async () => {
    // Prepare
    const lease = await store.acquire(env, 'rollout-a', TTL);
    clock.advance(TTL + 1);

    // Act
    const error = await rejection(store.renew(lease, TTL));

    // Assess
    expect(error).toBeInstanceOf(LockLostError);
    expect(await store.inspect(env)).toEqual(lease);
  });

  it('increases the fencing token on every acquisition, across releases and takeovers', async () => {
    // Prepare
    const tokens: number[] = [];

    // Act
    const a = await store.acquire(env, 'rollout-a', TTL);
    tokens.push(a.token);
    await store.release(a);
    const b = await store.acquire(env, 'rollout-b', TTL);
    tokens.push(b.token);
    clock.advance(TTL + 1);
    const c = await store.acquire(env, 'rollout-c', TTL);
    tokens.push(c.token);
    await store.forceRelease(env);
    const d = await store.acquire(env, 'rollout-a', TTL);
    tokens.push(d.token);

    // Assess
    expect(tokens).toEqual([1, 2, 3, 4]);
  });

  it('force-releases the current lease, returns it, and voids it for its holder', async () => {
    // Prepare
    const lease = await store.acquire(env, 'rollout-a', TTL);

    // Act
    const broken = await store.forceRelease(env);
    const again = await store.forceRelease(env);

    // Assess
    expect(broken).toEqual(lease);
    expect(again).toBeUndefined();
    expect(await store.inspect(env)).toBeUndefined();
    await expect(store.renew(lease, TTL)).rejects.toBeInstanceOf(LockLostError);
    await expect(store.acquire(env, 'rollout-b', TTL)).resolves.toMatchObject({ token: 2 });
  });

  it('reports nothing to force-release on an environment never locked', async () => {
    // Prepare
    const untouched = `${env}-never`;

    // Act
    const broken = await store.forceRelease(untouched);

    // Assess
    expect(broken).toBeUndefined();
    expect(await store.inspect(untouched)).toBeUndefined();
  });

  it('creates the table once and accepts being asked again', async () => {
    // Prepare
    const tableName = `locks-${envCount}`;
    const fresh = new DynamoDbLockStore({ client, tableName, clock });

    // Act
    await fresh.ensureTable({ pollMs: 5 });
    await fresh.ensureTable({ pollMs: 5 });
    const lease = await fresh.acquire(env, 'rollout-a', TTL);

    // Assess
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(lease.token).toBe(1);
  });
});
