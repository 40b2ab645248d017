import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  ResourceInUseException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DynamoDbLockStore,
  UNKNOWN_HOLDER,
} from '../../../../controller/adapters/aws/dynamodb-lock-store.js';
import {
  LOCK_ITEM_RETENTION_SECONDS,
  type LockItem,
} from '../../../../controller/adapters/aws/lock-item.js';
import {
  LockHeldError,
  LockLostError,
  LockStoreError,
} from '../../../../controller/model/errors.js';
import type { Lease } from '../../../../controller/ports/lock-store.js';

const ddbMock = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'eu-west-1' });

const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const TTL = 90_000;
const clock = { now: () => new Date(NOW) };
const KEY = { pk: { S: 'lock#prod' } };

function item(owner: string | undefined, token: number, acquiredAt: number, expiresAt: number) {
  const fields: LockItem = {
    pk: { S: 'lock#prod' },
    token: { N: String(token) },
    acquiredAt: { N: String(acquiredAt) },
    expiresAt: { N: String(expiresAt) },
    ttl: { N: String(Math.ceil(expiresAt / 1000) + LOCK_ITEM_RETENTION_SECONDS) },
  };
  return owner === undefined ? fields : { ...fields, owner: { S: owner } };
}

function conflict(failed?: LockItem): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(failed === undefined ? {} : { Item: failed }),
  });
}

function lease(overrides: Partial<Lease> = {}): Lease {
  return {
    env: 'prod',
    owner: 'rollout-a',
    token: 7,
    acquiredAt: new Date(NOW - 30_000),
    expiresAt: new Date(NOW + 60_000),
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('DynamoDbLockStore', () => {
  const store = new DynamoDbLockStore({ client, tableName: 'locks', clock });

  afterEach(() => {
    ddbMock.reset();
  });

  describe('acquire', () => {
    it('sends one conditional UpdateItem that claims a free or expired lease and counts the token', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).resolves({ Attributes: item('rollout-a', 4, NOW, NOW + TTL) });

      // Act
      const acquired = await store.acquire('prod', 'rollout-a', TTL);

      // Assess
      expect(ddbMock).toHaveReceivedCommandTimes(UpdateItemCommand, 1);
      expect(ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toStrictEqual({
        TableName: 'locks',
        Key: KEY,
        UpdateExpression:
          'SET #owner = :owner, acquiredAt = :now, expiresAt = :expires, #ttl = :ttl REMOVE parked ADD #token :one',
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeNames: { '#owner': 'owner', '#token': 'token', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':owner': { S: 'rollout-a' },
          ':now': { N: String(NOW) },
          ':expires': { N: String(NOW + TTL) },
          ':ttl': { N: String(Math.ceil((NOW + TTL) / 1000) + LOCK_ITEM_RETENTION_SECONDS) },
          ':one': { N: '1' },
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      expect(acquired).toEqual({
        env: 'prod',
        owner: 'rollout-a',
        token: 4,
        acquiredAt: new Date(NOW),
        expiresAt: new Date(NOW + TTL),
      });
    });

    it('names the holder from the item the failed condition returns, without reading again', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict(item('rollout-b', 3, NOW - 5_000, NOW + 1)));

      // Act
      const error = await rejection(store.acquire('prod', 'rollout-a', TTL));

      // Assess
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error).toMatchObject({
        env: 'prod',
        holder: 'rollout-b',
        acquiredAt: new Date(NOW - 5_000),
        expiresAt: new Date(NOW + 1),
      });
      expect((error as LockHeldError).cause).toBeInstanceOf(ConditionalCheckFailedException);
      expect(ddbMock).not.toHaveReceivedCommand(GetItemCommand);
    });

    it('reads the holder with a consistent GetItem when the failure carries no item', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict());
      ddbMock.on(GetItemCommand).resolves({ Item: item('rollout-b', 3, NOW - 5_000, NOW + 9_000) });

      // Act
      const error = await rejection(store.acquire('prod', 'rollout-a', TTL));

      // Assess
      expect(ddbMock).toHaveReceivedCommandWith(GetItemCommand, {
        TableName: 'locks',
        Key: KEY,
        ConsistentRead: true,
      });
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error).toMatchObject({ holder: 'rollout-b', expiresAt: new Date(NOW + 9_000) });
      expect(ddbMock).toHaveReceivedCommandTimes(UpdateItemCommand, 1);
    });

    it('tries once more when the holder released before it could be read', async () => {
      // Prepare
      ddbMock
        .on(UpdateItemCommand)
        .rejectsOnce(conflict())
        .resolves({ Attributes: item('rollout-a', 5, NOW, NOW + TTL) });
      ddbMock.on(GetItemCommand).resolves({ Item: item(undefined, 4, NOW - 5_000, 0) });

      // Act
      const acquired = await store.acquire('prod', 'rollout-a', TTL);

      // Assess
      expect(ddbMock).toHaveReceivedCommandTimes(UpdateItemCommand, 2);
      expect(acquired).toMatchObject({ owner: 'rollout-a', token: 5 });
    });

    it('tries once more when the lease read back has expired by then', async () => {
      // Prepare
      ddbMock
        .on(UpdateItemCommand)
        .rejectsOnce(conflict())
        .resolves({ Attributes: item('rollout-a', 5, NOW, NOW + TTL) });
      ddbMock.on(GetItemCommand).resolves({ Item: item('rollout-b', 4, NOW - TTL, NOW - 1) });

      // Act
      const acquired = await store.acquire('prod', 'rollout-a', TTL);

      // Assess
      expect(ddbMock).toHaveReceivedCommandTimes(UpdateItemCommand, 2);
      expect(acquired.token).toBe(5);
    });

    it('reports an unknown holder when the lease changes hands faster than it can be read', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict());
      ddbMock.on(GetItemCommand).resolves({});

      // Act
      const error = await rejection(store.acquire('prod', 'rollout-a', TTL));

      // Assess
      expect(ddbMock).toHaveReceivedCommandTimes(UpdateItemCommand, 2);
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error).toMatchObject({ holder: UNKNOWN_HOLDER, expiresAt: new Date(NOW) });
    });

    it('recognises its own acquisition when a replayed write finds it already done', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict(item('rollout-a', 6, NOW, NOW + TTL)));

      // Act
      const acquired = await store.acquire('prod', 'rollout-a', TTL);

      // Assess
      expect(acquired).toEqual({
        env: 'prod',
        owner: 'rollout-a',
        token: 6,
        acquiredAt: new Date(NOW),
        expiresAt: new Date(NOW + TTL),
      });
    });

    it('wraps any other SDK failure in a LockStoreError that keeps the cause', async () => {
      // Prepare
      const throttled = new ProvisionedThroughputExceededException({
        message: 'slow down',
        $metadata: {},
      });
      ddbMock.on(UpdateItemCommand).rejects(throttled);

      // Act
      const error = await rejection(store.acquire('prod', 'rollout-a', TTL));

      // Assess
      expect(error).toBeInstanceOf(LockStoreError);
      expect(error).toMatchObject({ operation: 'acquire', subject: 'prod', terminal: false });
      expect((error as LockStoreError).cause).toBe(throttled);
    });

    it('refuses a malformed item rather than guessing a lease from it', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).resolves({
        Attributes: { pk: { S: 'lock#prod' }, owner: { S: 'rollout-a' }, token: { S: 'seven' } },
      });

      // Act
      const error = await rejection(store.acquire('prod', 'rollout-a', TTL));

      // Assess
      expect(error).toBeInstanceOf(LockStoreError);
      expect(error).toMatchObject({ terminal: true });
    });

    it('rejects a ttl that is not a positive integer before calling DynamoDB', async () => {
      // Prepare
      const ttl = 0;

      // Act
      const error = await rejection(store.acquire('prod', 'rollout-a', ttl));

      // Assess
      expect(error).toBeInstanceOf(RangeError);
      expect(ddbMock.calls()).toHaveLength(0);
    });
  });

  describe('renew', () => {
    it('extends the lease only for the same owner and token while it has not expired', async () => {
      // Prepare
      ddbMock
        .on(UpdateItemCommand)
        .resolves({ Attributes: item('rollout-a', 7, NOW - 30_000, NOW + TTL) });

      // Act
      const renewed = await store.renew(lease(), TTL);

      // Assess
      expect(ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toStrictEqual({
        TableName: 'locks',
        Key: KEY,
        UpdateExpression: 'SET expiresAt = :expires, #ttl = :ttl',
        ConditionExpression:
          '#owner = :owner AND #token = :token AND expiresAt >= :now AND attribute_not_exists(parked)',
        ExpressionAttributeNames: { '#owner': 'owner', '#token': 'token', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':owner': { S: 'rollout-a' },
          ':token': { N: '7' },
          ':now': { N: String(NOW) },
          ':expires': { N: String(NOW + TTL) },
          ':ttl': { N: String(Math.ceil((NOW + TTL) / 1000) + LOCK_ITEM_RETENTION_SECONDS) },
        },
        ReturnValues: 'ALL_NEW',
      });
      expect(renewed).toEqual(lease({ expiresAt: new Date(NOW + TTL) }));
    });

    it('reports a failed condition as the lease lost', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict());

      // Act
      const error = await rejection(store.renew(lease(), TTL));

      // Assess
      expect(error).toBeInstanceOf(LockLostError);
      expect(error).toMatchObject({ env: 'prod', owner: 'rollout-a', token: 7 });
    });

    it('wraps any other SDK failure in a LockStoreError', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(new Error('socket hang up'));

      // Act
      const error = await rejection(store.renew(lease(), TTL));

      // Assess
      expect(error).toBeInstanceOf(LockStoreError);
      expect(error).toMatchObject({ operation: 'renew' });
    });
  });

  describe('park', () => {
    it('holds the lease for the same owner and token while unexpired, and marks it parked', async () => {
      // Prepare
      const HOLD = 600_000;
      ddbMock.on(UpdateItemCommand).resolves({
        Attributes: { ...item('rollout-a', 7, NOW - 30_000, NOW + HOLD), parked: { BOOL: true } },
      });

      // Act
      const parked = await store.park(lease(), HOLD);

      // Assess
      expect(ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toStrictEqual({
        TableName: 'locks',
        Key: KEY,
        UpdateExpression: 'SET expiresAt = :expires, #ttl = :ttl, parked = :parked',
        ConditionExpression: '#owner = :owner AND #token = :token AND expiresAt >= :now',
        ExpressionAttributeNames: { '#owner': 'owner', '#token': 'token', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':owner': { S: 'rollout-a' },
          ':token': { N: '7' },
          ':now': { N: String(NOW) },
          ':expires': { N: String(NOW + HOLD) },
          ':ttl': { N: String(Math.ceil((NOW + HOLD) / 1000) + LOCK_ITEM_RETENTION_SECONDS) },
          ':parked': { BOOL: true },
        },
        ReturnValues: 'ALL_NEW',
      });
      expect(parked).toEqual(lease({ expiresAt: new Date(NOW + HOLD), parked: true }));
    });

    it('reports a failed condition as the lease lost, and wraps other failures', async () => {
      // Prepare
      ddbMock
        .on(UpdateItemCommand)
        .rejectsOnce(conflict())
        .rejectsOnce(new Error('socket hang up'));

      // Act
      const errors = [
        await rejection(store.park(lease(), TTL)),
        await rejection(store.park(lease(), TTL)),
      ];

      // Assess
      expect(errors[0]).toBeInstanceOf(LockLostError);
      expect(errors[0]).toMatchObject({ env: 'prod', owner: 'rollout-a', token: 7 });
      expect(errors[1]).toBeInstanceOf(LockStoreError);
      expect(errors[1]).toMatchObject({ operation: 'park' });
    });

    it('rejects a hold that is not a positive integer before calling DynamoDB', async () => {
      // Act
      const error = await rejection(store.park(lease(), 0));

      // Assess
      expect(error).toBeInstanceOf(RangeError);
      expect(ddbMock.calls()).toHaveLength(0);
    });
  });

  describe('resume', () => {
    it('takes back a parked or expired lease of the same owner and token, clearing the mark', async () => {
      // Prepare
      ddbMock
        .on(UpdateItemCommand)
        .resolves({ Attributes: item('rollout-a', 7, NOW - 30_000, NOW + TTL) });

      // Act
      const resumed = await store.resume(lease({ parked: true }), TTL);

      // Assess
      expect(ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toStrictEqual({
        TableName: 'locks',
        Key: KEY,
        UpdateExpression: 'SET expiresAt = :expires, #ttl = :ttl REMOVE parked',
        ConditionExpression:
          '#owner = :owner AND #token = :token AND (attribute_exists(parked) OR expiresAt < :now)',
        ExpressionAttributeNames: { '#owner': 'owner', '#token': 'token', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':owner': { S: 'rollout-a' },
          ':token': { N: '7' },
          ':now': { N: String(NOW) },
          ':expires': { N: String(NOW + TTL) },
          ':ttl': { N: String(Math.ceil((NOW + TTL) / 1000) + LOCK_ITEM_RETENTION_SECONDS) },
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      expect(resumed).toEqual(lease({ expiresAt: new Date(NOW + TTL) }));
    });

    it('answers a live, unparked lease of its own with a LockHeldError, from the failed item', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict(item('rollout-a', 7, NOW - 30_000, NOW + 5)));

      // Act
      const error = await rejection(store.resume(lease(), TTL));

      // Assess
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error).toMatchObject({
        env: 'prod',
        holder: 'rollout-a',
        acquiredAt: new Date(NOW - 30_000),
        expiresAt: new Date(NOW + 5),
      });
      expect(ddbMock).not.toHaveReceivedCommand(GetItemCommand);
    });

    it('answers another owner, another token or a released lease with a LockLostError', async () => {
      // Prepare
      ddbMock
        .on(UpdateItemCommand)
        .rejectsOnce(conflict(item('rollout-b', 8, NOW, NOW + TTL)))
        .rejectsOnce(conflict(item('rollout-a', 8, NOW, NOW + TTL)))
        .rejectsOnce(conflict(item(undefined, 7, NOW - 30_000, 0)));

      // Act
      const errors = [
        await rejection(store.resume(lease(), TTL)),
        await rejection(store.resume(lease(), TTL)),
        await rejection(store.resume(lease(), TTL)),
      ];

      // Assess
      expect(errors.map((e) => e instanceof LockLostError)).toEqual([true, true, true]);
      expect(errors[0]).toMatchObject({ env: 'prod', owner: 'rollout-a', token: 7 });
    });

    it('reads the record with a consistent GetItem when the failure carries no item', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict());
      ddbMock.on(GetItemCommand).resolvesOnce({});

      // Act
      const error = await rejection(store.resume(lease(), TTL));

      // Assess
      expect(error).toBeInstanceOf(LockLostError);
      expect(ddbMock).toHaveReceivedCommandWith(GetItemCommand, {
        TableName: 'locks',
        Key: KEY,
        ConsistentRead: true,
      });
    });

    it('tries once more when the record read back was parked after the write was refused', async () => {
      // Prepare
      const parked = { ...item('rollout-a', 7, NOW - 30_000, NOW + TTL), parked: { BOOL: true } };
      ddbMock
        .on(UpdateItemCommand)
        .rejectsOnce(conflict())
        .resolves({ Attributes: item('rollout-a', 7, NOW - 30_000, NOW + TTL) });
      ddbMock.on(GetItemCommand).resolves({ Item: parked });

      // Act
      const resumed = await store.resume(lease(), TTL);

      // Assess
      expect(resumed).toEqual(lease({ expiresAt: new Date(NOW + TTL) }));
      expect(ddbMock).toHaveReceivedCommandTimes(UpdateItemCommand, 2);
    });

    it('gives up with a LockHeldError when the record keeps changing between write and read', async () => {
      // Prepare
      const parked = { ...item('rollout-a', 7, NOW - 30_000, NOW + TTL), parked: { BOOL: true } };
      ddbMock.on(UpdateItemCommand).rejects(conflict());
      ddbMock.on(GetItemCommand).resolves({ Item: parked });

      // Act
      const error = await rejection(store.resume(lease(), TTL));

      // Assess
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error).toMatchObject({ holder: 'rollout-a' });
      expect(ddbMock).toHaveReceivedCommandTimes(UpdateItemCommand, 2);
    });

    it('wraps any other SDK failure, of the write or of the read, in a LockStoreError', async () => {
      // Prepare
      ddbMock
        .on(UpdateItemCommand)
        .rejectsOnce(new Error('socket hang up'))
        .rejectsOnce(conflict());
      ddbMock.on(GetItemCommand).rejects(new Error('throttled'));

      // Act
      const errors = [
        await rejection(store.resume(lease(), TTL)),
        await rejection(store.resume(lease(), TTL)),
      ];

      // Assess
      expect(errors.map((e) => e instanceof LockStoreError)).toEqual([true, true]);
      expect(errors).toEqual([
        expect.objectContaining({ operation: 'resume' }),
        expect.objectContaining({ operation: 'resume' }),
      ]);
    });
  });

  describe('release', () => {
    it('removes the owner but keeps the item and its token, for the same owner and token', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).resolves({});

      // Act
      await store.release(lease());

      // Assess
      expect(ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toStrictEqual({
        TableName: 'locks',
        Key: KEY,
        UpdateExpression: 'REMOVE #owner, parked SET expiresAt = :zero',
        ConditionExpression: '#owner = :owner AND #token = :token',
        ExpressionAttributeNames: { '#owner': 'owner', '#token': 'token' },
        ExpressionAttributeValues: {
          ':owner': { S: 'rollout-a' },
          ':token': { N: '7' },
          ':zero': { N: '0' },
        },
      });
      expect(ddbMock.calls()).toHaveLength(1);
    });

    it('reports a failed condition as the lease lost', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict());

      // Act
      const error = await rejection(store.release(lease()));

      // Assess
      expect(error).toBeInstanceOf(LockLostError);
      expect((error as LockLostError).cause).toBeInstanceOf(ConditionalCheckFailedException);
    });
  });

  describe('inspect', () => {
    it('reads the lease with a consistent read, expired or not', async () => {
      // Prepare
      ddbMock.on(GetItemCommand).resolves({ Item: item('rollout-b', 2, NOW - TTL, NOW - 1) });

      // Act
      const current = await store.inspect('prod');

      // Assess
      expect(ddbMock).toHaveReceivedCommandWith(GetItemCommand, {
        TableName: 'locks',
        Key: KEY,
        ConsistentRead: true,
      });
      expect(current).toEqual({
        env: 'prod',
        owner: 'rollout-b',
        token: 2,
        acquiredAt: new Date(NOW - TTL),
        expiresAt: new Date(NOW - 1),
      });
    });

    it('shows a parked lease as parked', async () => {
      // Prepare
      ddbMock.on(GetItemCommand).resolves({
        Item: { ...item('rollout-b', 2, NOW - TTL, NOW + TTL), parked: { BOOL: true } },
      });

      // Act
      const current = await store.inspect('prod');

      // Assess
      expect(current).toEqual({
        env: 'prod',
        owner: 'rollout-b',
        token: 2,
        acquiredAt: new Date(NOW - TTL),
        expiresAt: new Date(NOW + TTL),
        parked: true,
      });
    });

    it('finds no lease when the item is absent or released', async () => {
      // Prepare
      ddbMock
        .on(GetItemCommand)
        .resolvesOnce({})
        .resolves({ Item: item(undefined, 2, NOW - TTL, 0) });

      // Act
      const found = [await store.inspect('prod'), await store.inspect('prod')];

      // Assess
      expect(found).toEqual([undefined, undefined]);
    });
  });

  describe('forceRelease', () => {
    it('removes whatever owner holds the environment and returns the lease it broke', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).resolves({ Attributes: item('rollout-b', 3, NOW, NOW + TTL) });

      // Act
      const broken = await store.forceRelease('prod');

      // Assess
      expect(ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toStrictEqual({
        TableName: 'locks',
        Key: KEY,
        UpdateExpression: 'REMOVE #owner, parked SET expiresAt = :zero',
        ConditionExpression: 'attribute_exists(#owner)',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':zero': { N: '0' } },
        ReturnValues: 'ALL_OLD',
      });
      expect(broken).toMatchObject({ owner: 'rollout-b', token: 3 });
    });

    it('returns nothing when no owner holds the environment', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conflict());

      // Act
      const broken = await store.forceRelease('prod');

      // Assess
      expect(broken).toBeUndefined();
    });
  });

  describe('ensureTable', () => {
    it('creates the table keyed on pk, on demand, and waits until it is ACTIVE', async () => {
      // Prepare
      ddbMock.on(CreateTableCommand).resolves({});
      ddbMock
        .on(DescribeTableCommand)
        .resolvesOnce({ Table: { TableStatus: 'CREATING' } })
        .resolves({ Table: { TableStatus: 'ACTIVE' } });

      // Act
      await store.ensureTable({ pollMs: 1 });

      // Assess
      expect(ddbMock.commandCalls(CreateTableCommand)[0]?.args[0].input).toStrictEqual({
        TableName: 'locks',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      });
      expect(ddbMock).toHaveReceivedCommandTimes(DescribeTableCommand, 2);
    });

    it('accepts a table that already exists', async () => {
      // Prepare
      ddbMock
        .on(CreateTableCommand)
        .rejects(new ResourceInUseException({ message: 'Table already exists', $metadata: {} }));
      ddbMock.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });

      // Act
      const done = store.ensureTable({ pollMs: 1 });

      // Assess
      await expect(done).resolves.toBeUndefined();
      expect(ddbMock).toHaveReceivedCommandTimes(DescribeTableCommand, 1);
    });

    it('gives up with a LockStoreError when the table never becomes ACTIVE in time', async () => {
      // Prepare
      ddbMock.on(CreateTableCommand).resolves({});
      ddbMock.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'CREATING' } });

      // Act
      const error = await rejection(store.ensureTable({ pollMs: 1, timeoutMs: 5 }));

      // Assess
      expect(error).toBeInstanceOf(LockStoreError);
      expect(error).toMatchObject({ operation: 'ensureTable', subject: 'locks' });
    });

    it('wraps a failure to create the table in a LockStoreError', async () => {
      // Prepare
      const denied = new Error('not authorized to perform dynamodb:CreateTable');
      ddbMock.on(CreateTableCommand).rejects(denied);

      // Act
      const error = await rejection(store.ensureTable());

      // Assess
      expect(error).toBeInstanceOf(LockStoreError);
      expect((error as LockStoreError).cause).toBe(denied);
      expect(ddbMock).not.toHaveReceivedCommand(DescribeTableCommand);
    });
  });
});
