import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbAlertLedger } from '../../../../controller/adapters/aws/dynamodb-alert-ledger.js';
import type { OpenAlert } from '../../../../controller/model/alert.js';
import { AlertLedgerError } from '../../../../controller/model/errors.js';

const ddbMock = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'eu-west-1' });

const OPEN: OpenAlert = {
  dedupKey: 'plumbline/prod/ecs-service/prod-api/services.api.image',
  priority: 'P1',
  summary: 'prod: services.api.image is task-api:1.4.1, declared task-api:1.4.2',
  source: 'prod/ecs-service/prod-api',
  openedAt: '2025-03-01T10:00:00.000Z',
  notifiedAt: '2025-03-01T12:00:00.000Z',
};

const OPEN_ITEM = {
  M: {
    dedupKey: { S: OPEN.dedupKey },
    priority: { S: 'P1' },
    summary: { S: OPEN.summary },
    source: { S: OPEN.source },
    openedAt: { S: OPEN.openedAt },
    notifiedAt: { S: OPEN.notifiedAt },
  },
};

function ledger(): DynamoDbAlertLedger {
  return new DynamoDbAlertLedger({ client, tableName: 'state', newWriteId: () => 'write-1' });
}

function conflict(item?: Record<string, AttributeValue>): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item === undefined ? {} : { Item: item }),
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('DynamoDbAlertLedger', () => {
  afterEach(() => {
    ddbMock.reset();
  });

  it('reads an environment without an item as version 0 with no open alerts', async () => {
    // Prepare
    ddbMock.on(GetItemCommand).resolves({});

    // Act
    const entry = await ledger().read('prod');

    // Assess
    expect(entry).toEqual({ open: [], version: 0 });
    expect(ddbMock).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: 'state',
      Key: { pk: { S: 'alerts#prod' } },
      ConsistentRead: true,
    });
  });

  it('reads the open alerts and version of a stored item', async () => {
    // Prepare
    ddbMock.on(GetItemCommand).resolves({
      Item: {
        pk: { S: 'alerts#prod' },
        version: { N: '7' },
        alerts: { L: [OPEN_ITEM] },
        writeId: { S: 'w' },
      },
    });

    // Act
    const entry = await ledger().read('prod');

    // Assess
    expect(entry).toEqual({ open: [OPEN], version: 7 });
  });

  it('refuses a malformed item with a terminal AlertLedgerError', async () => {
    // Prepare
    ddbMock.on(GetItemCommand).resolves({
      Item: {
        pk: { S: 'alerts#prod' },
        version: { N: '2' },
        alerts: { L: [{ M: { ...OPEN_ITEM.M, priority: { S: 'P9' } } }] },
      },
    });

    // Act
    const error = await rejection(ledger().read('prod'));

    // Assess
    expect(error).toBeInstanceOf(AlertLedgerError);
    expect(error).toMatchObject({ operation: 'read', env: 'prod', terminal: true });
    expect((error as Error).message).toMatch(
      /^alert ledger read of "prod" failed: malformed ledger item /,
    );
  });

  it('writes the first entry only when no item exists yet or it is still at version 0', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).resolves({});

    // Act
    const written = await ledger().replace('prod', 0, [OPEN]);

    // Assess
    expect(written).toBe(true);
    expect(ddbMock.commandCalls(PutItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'state',
        Item: {
          pk: { S: 'alerts#prod' },
          version: { N: '1' },
          writeId: { S: 'write-1' },
          alerts: { L: [OPEN_ITEM] },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR version = :expected',
        ExpressionAttributeValues: { ':expected': { N: '0' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ]);
  });

  it('writes a later entry only at the version read, moving it one up', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).resolves({});

    // Act
    const written = await ledger().replace('prod', 4, []);

    // Assess
    expect(written).toBe(true);
    expect(ddbMock).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: 'state',
      Item: {
        pk: { S: 'alerts#prod' },
        version: { N: '5' },
        writeId: { S: 'write-1' },
        alerts: { L: [] },
      },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': { N: '4' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('answers false when another scan wrote first', async () => {
    // Prepare
    ddbMock
      .on(PutItemCommand)
      .rejects(
        conflict({ pk: { S: 'alerts#prod' }, version: { N: '5' }, writeId: { S: 'other' } }),
      );

    // Act
    const written = await ledger().replace('prod', 4, [OPEN]);

    // Assess
    expect(written).toBe(false);
  });

  it('answers false on a conflict that carries no item', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).rejects(conflict());

    // Act
    const written = await ledger().replace('prod', 4, [OPEN]);

    // Assess
    expect(written).toBe(false);
  });

  it('answers true when the item that failed the condition is its own retried write', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).rejects(
      conflict({
        pk: { S: 'alerts#prod' },
        version: { N: '5' },
        writeId: { S: 'write-1' },
        alerts: { L: [OPEN_ITEM] },
      }),
    );

    // Act
    const written = await ledger().replace('prod', 4, [OPEN]);

    // Assess
    expect(written).toBe(true);
  });

  it('wraps any other failure in an AlertLedgerError that keeps the cause', async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({
      message: 'Rate exceeded',
      $metadata: {},
    });
    ddbMock.on(PutItemCommand).rejects(throttled);

    // Act
    const error = await rejection(ledger().replace('prod', 4, [OPEN]));

    // Assess
    expect(error).toBeInstanceOf(AlertLedgerError);
    expect(error).toMatchObject({
      operation: 'replace',
      env: 'prod',
      terminal: false,
      cause: throttled,
      message:
        'alert ledger replace of "prod" failed: ProvisionedThroughputExceededException: Rate exceeded',
    });
  });

  it('refuses a negative or fractional version without calling DynamoDB', async () => {
    // Act
    const negative = await rejection(ledger().replace('prod', -1, []));
    const fractional = await rejection(ledger().replace('prod', 1.5, []));

    // Assess
    expect(negative).toBeInstanceOf(RangeError);
    expect(fractional).toBeInstanceOf(RangeError);
    expect(ddbMock).toHaveReceivedCommandTimes(PutItemCommand, 0);
  });
});
