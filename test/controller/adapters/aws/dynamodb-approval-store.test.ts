import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  APPROVAL_RETENTION_SECONDS,
  DynamoDbApprovalStore,
} from '../../../../controller/adapters/aws/dynamodb-approval-store.js';
import { ApprovalStoreError } from '../../../../controller/model/errors.js';
import type { Approval } from '../../../../controller/ports/approval-store.js';

const ddbMock = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'eu-west-1' });

const SHA = '0123456789abcdef0123456789abcdef01234567';
const AT = new Date('2025-03-01T12:00:00.000Z');
const KEY = { pk: { S: `approval#prod#${SHA}` } };
const APPROVAL: Approval = {
  env: 'prod',
  sha: SHA,
  by: 'github:octocat',
  via: 'commit-comment',
  at: AT,
};
const STORED = {
  ...KEY,
  env: { S: 'prod' },
  sha: { S: SHA },
  approvedBy: { S: 'github:hubot' },
  via: { S: 'cli' },
  approvedAt: { S: '2025-03-01T11:00:00.000Z' },
  ttl: { N: String(Date.parse('2025-03-01T11:00:00.000Z') / 1000 + APPROVAL_RETENTION_SECONDS) },
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('DynamoDbApprovalStore', () => {
  const store = new DynamoDbApprovalStore({ client, tableName: 'state' });

  afterEach(() => {
    ddbMock.reset();
  });

  it('records with one PutItem that keeps an existing approval, expiring 90 days after it', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).resolves({});

    // Act
    const kept = await store.record(APPROVAL);

    // Assess
    expect(kept).toEqual(APPROVAL);
    expect(ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input).toStrictEqual({
      TableName: 'state',
      Item: {
        ...KEY,
        env: { S: 'prod' },
        sha: { S: SHA },
        approvedBy: { S: 'github:octocat' },
        via: { S: 'commit-comment' },
        approvedAt: { S: '2025-03-01T12:00:00.000Z' },
        ttl: { N: String(AT.getTime() / 1000 + 90 * 24 * 60 * 60) },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('returns the stored approval from the failed condition without reading again', async () => {
    // Prepare
    ddbMock
      .on(PutItemCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'failed', $metadata: {}, Item: STORED }),
      );

    // Act
    const kept = await store.record(APPROVAL);

    // Assess
    expect(kept).toEqual({
      env: 'prod',
      sha: SHA,
      by: 'github:hubot',
      via: 'cli',
      at: new Date('2025-03-01T11:00:00.000Z'),
    });
    expect(ddbMock).not.toHaveReceivedCommand(GetItemCommand);
  });

  it('tries once more when the stored approval is gone by the time it is read', async () => {
    // Prepare
    ddbMock
      .on(PutItemCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }))
      .resolves({});
    ddbMock.on(GetItemCommand).resolves({});

    // Act
    const kept = await store.record(APPROVAL);

    // Assess
    expect(kept).toEqual(APPROVAL);
    expect(ddbMock).toHaveReceivedCommandTimes(PutItemCommand, 2);
  });

  it('finds with a consistent read, and refuses a malformed item as terminal', async () => {
    // Prepare
    ddbMock
      .on(GetItemCommand)
      .resolvesOnce({ Item: STORED })
      .resolves({ Item: { ...STORED, via: { S: 'email' } } });

    // Act
    const found = await store.find('prod', SHA);
    const malformed = await rejection(store.find('prod', SHA));

    // Assess
    expect(found).toMatchObject({ by: 'github:hubot', via: 'cli' });
    expect(ddbMock).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: 'state',
      Key: KEY,
      ConsistentRead: true,
    });
    expect(malformed).toBeInstanceOf(ApprovalStoreError);
    expect(malformed).toMatchObject({ operation: 'find', terminal: true });
  });

  it('wraps other failures in a retryable ApprovalStoreError that keeps the cause', async () => {
    // Prepare
    const missing = new Error('Requested resource not found');
    missing.name = 'ResourceNotFoundException';
    ddbMock.on(PutItemCommand).rejects(missing);
    ddbMock.on(GetItemCommand).rejects(missing);

    // Act
    const errors = [
      await rejection(store.record(APPROVAL)),
      await rejection(store.find('prod', SHA)),
    ];

    // Assess
    expect(errors).toEqual([
      expect.objectContaining({
        constructor: ApprovalStoreError,
        operation: 'record',
        cause: missing,
      }),
      expect.objectContaining({
        constructor: ApprovalStoreError,
        operation: 'find',
        cause: missing,
      }),
    ]);
    expect((errors[0] as ApprovalStoreError).terminal).toBe(false);
    expect((errors[0] as Error).message).toBe(
      `approval record of "prod" at ${SHA} failed: ResourceNotFoundException: Requested resource not found`,
    );
  });
});
