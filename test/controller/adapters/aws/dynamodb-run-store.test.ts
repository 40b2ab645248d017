import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbRunStore } from '../../../../controller/adapters/aws/dynamodb-run-store.js';
import { RunStoreError } from '../../../../controller/model/errors.js';
import type { ScanRun } from '../../../../controller/model/scan-run.js';

const ddbMock = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'eu-west-1' });
const store = new DynamoDbRunStore({ client, tableName: 'state' });

/** 2025-03-01T12:00:00Z in epoch seconds, and thirty days after it. */
const STARTED_S = 1_740_830_400;
const EXPIRES_S = STARTED_S + 30 * 24 * 3600;

const RUN: ScanRun = {
  scanId: 'scan-20250301T120000Z',
  ref: 'main',
  startedAt: '2025-03-01T12:00:00.000Z',
  durationMs: 4210,
  environments: [
    {
      environment: 'prod',
      status: 'drifted',
      worstPriority: 'P1',
      drifts: 2,
      unchecked: 0,
      apiCalls: 14,
      durationMs: 3900,
      reportUrl: 'https://r.example/reports/prod/scan-20250301T120000Z.html',
      alertsSent: 2,
      commitStatus: 'written',
      healed: { actions: ['desiredCount 2 → 3'], held: true },
      errors: [],
    },
    {
      environment: 'dev',
      status: 'error',
      worstPriority: null,
      drifts: 0,
      unchecked: 3,
      apiCalls: 5,
      durationMs: 1200,
      alertsSent: 0,
      errors: ['alerts: AlertPublishError: not published'],
    },
  ],
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('DynamoDbRunStore', () => {
  afterEach(() => {
    ddbMock.reset();
  });

  it('records a run as a run#<scanId> item that DynamoDB TTL may delete thirty days after it started', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).resolves({});

    // Act
    await store.record(RUN);

    // Assess
    expect(ddbMock).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: 'state',
      Item: {
        pk: { S: 'run#scan-20250301T120000Z' },
        scanId: { S: 'scan-20250301T120000Z' },
        ref: { S: 'main' },
        startedAt: { S: '2025-03-01T12:00:00.000Z' },
        durationMs: { N: '4210' },
        environments: {
          L: [
            {
              M: {
                environment: { S: 'prod' },
                status: { S: 'drifted' },
                worstPriority: { S: 'P1' },
                drifts: { N: '2' },
                unchecked: { N: '0' },
                apiCalls: { N: '14' },
                durationMs: { N: '3900' },
                reportUrl: { S: 'https://r.example/reports/prod/scan-20250301T120000Z.html' },
                alertsSent: { N: '2' },
                commitStatus: { S: 'written' },
                healed: {
                  M: { actions: { L: [{ S: 'desiredCount 2 → 3' }] }, held: { BOOL: true } },
                },
                errors: { L: [] },
              },
            },
            {
              M: {
                environment: { S: 'dev' },
                status: { S: 'error' },
                worstPriority: { NULL: true },
                drifts: { N: '0' },
                unchecked: { N: '3' },
                apiCalls: { N: '5' },
                durationMs: { N: '1200' },
                alertsSent: { N: '0' },
                errors: { L: [{ S: 'alerts: AlertPublishError: not published' }] },
              },
            },
          ],
        },
        ttl: { N: String(EXPIRES_S) },
      },
    });
    expect(Object.keys(ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input ?? {})).toEqual([
      'TableName',
      'Item',
    ]);
  });

  it('moves the last in-sync time forward only, on the env#<env> item', async () => {
    // Prepare
    ddbMock.on(UpdateItemCommand).resolves({});

    // Act
    await store.markInSync('prod', new Date('2025-03-01T12:00:00.000Z'));

    // Assess
    expect(ddbMock.commandCalls(UpdateItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'state',
        Key: { pk: { S: 'env#prod' } },
        UpdateExpression: 'SET lastInSyncAt = :at',
        ConditionExpression: 'attribute_not_exists(lastInSyncAt) OR lastInSyncAt < :at',
        ExpressionAttributeValues: { ':at': { N: String(STARTED_S * 1000) } },
      },
    ]);
  });

  it('keeps a later stored in-sync time without failing', async () => {
    // Prepare
    ddbMock
      .on(UpdateItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));

    // Act
    const result = await store.markInSync('prod', new Date('2025-03-01T11:00:00.000Z'));

    // Assess
    expect(result).toBeUndefined();
  });

  it('reads the last in-sync time, and undefined when the environment never was', async () => {
    // Prepare
    ddbMock
      .on(GetItemCommand, { Key: { pk: { S: 'env#prod' } } })
      .resolves({ Item: { lastInSyncAt: { N: String(STARTED_S * 1000) } } })
      .on(GetItemCommand, { Key: { pk: { S: 'env#dev' } } })
      .resolves({});

    // Act
    const prod = await store.lastInSync('prod');
    const dev = await store.lastInSync('dev');

    // Assess
    expect(prod).toEqual(new Date('2025-03-01T12:00:00.000Z'));
    expect(dev).toBeUndefined();
    expect(ddbMock).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: 'state',
      Key: { pk: { S: 'env#prod' } },
      ProjectionExpression: 'lastInSyncAt',
      ConsistentRead: true,
    });
  });

  it('wraps table failures in a RunStoreError naming the operation', async () => {
    // Prepare
    const missing = new ResourceNotFoundException({
      message: 'Requested resource not found',
      $metadata: {},
    });
    ddbMock.on(PutItemCommand).rejects(missing).on(UpdateItemCommand).rejects(missing);

    // Act
    const recordError = await rejection(store.record(RUN));
    const markError = await rejection(store.markInSync('prod', new Date(0)));

    // Assess
    expect(recordError).toBeInstanceOf(RunStoreError);
    expect(recordError).toMatchObject({
      operation: 'record',
      subject: 'scan-20250301T120000Z',
      cause: missing,
      message:
        'run store record of "scan-20250301T120000Z" failed: ResourceNotFoundException: Requested resource not found',
    });
    expect(markError).toMatchObject({ operation: 'markInSync', subject: 'prod' });
  });
});
