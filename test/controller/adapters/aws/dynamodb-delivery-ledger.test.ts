import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbDeliveryLedger } from '../../../../controller/adapters/aws/dynamodb-delivery-ledger.js';
import { DeliveryLedgerError } from '../../../../controller/model/errors.js';

const ddbMock = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'eu-west-1' });

const ID = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const NOW = new Date('2025-03-01T12:00:00.250Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

function conflict(claimId?: string): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(claimId === undefined
      ? {}
      : { Item: { pk: { S: `delivery#${ID}` }, claimId: { S: claimId } } }),
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

describe('DynamoDbDeliveryLedger', () => {
  const ledger = new DynamoDbDeliveryLedger({
    client,
    tableName: 'state',
    retainDays: 3,
    newClaimId: () => 'claim-1',
  });

  afterEach(() => {
    ddbMock.reset();
  });

  it('claims with one PutItem that counts an expired, undeleted item as absent', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).resolves({});

    // Act
    const claimed = await ledger.claim(ID, NOW);

    // Assess
    expect(claimed).toBe(true);
    expect(ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input).toStrictEqual({
      TableName: 'state',
      Item: {
        pk: { S: `delivery#${ID}` },
        ttl: { N: String(NOW_SECONDS + 3 * 24 * 60 * 60) },
        claimedAt: { N: String(NOW.getTime()) },
        claimId: { S: 'claim-1' },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': { N: String(NOW_SECONDS) } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('answers a repeat from the failed item, and its own earlier write (a retry) as claimed', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).rejectsOnce(conflict('claim-0')).rejectsOnce(conflict('claim-1'));

    // Act
    const claims = [await ledger.claim(ID, NOW), await ledger.claim(ID, NOW)];

    // Assess
    expect(claims).toEqual([false, true]);
    expect(ddbMock).not.toHaveReceivedCommand(GetItemCommand);
  });

  it('reads the item back, consistently, when the failure carries none', async () => {
    // Prepare
    ddbMock.on(PutItemCommand).rejects(conflict());
    ddbMock.on(GetItemCommand).resolves({ Item: { claimId: { S: 'claim-0' } } });

    // Act
    const claimed = await ledger.claim(ID, NOW);

    // Assess
    expect(claimed).toBe(false);
    expect(ddbMock).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: 'state',
      Key: { pk: { S: `delivery#${ID}` } },
      ConsistentRead: true,
    });
  });

  it('wraps other failures in a retryable DeliveryLedgerError that keeps the cause', async () => {
    // Prepare
    const throttled = new Error('Rate exceeded');
    throttled.name = 'ProvisionedThroughputExceededException';
    ddbMock.on(PutItemCommand).rejects(throttled);
    ddbMock.on(DeleteItemCommand).rejects(throttled);

    // Act
    const errors = [await rejection(ledger.claim(ID, NOW)), await rejection(ledger.forget(ID))];

    // Assess
    expect(errors).toEqual([
      expect.objectContaining({ constructor: DeliveryLedgerError, operation: 'claim' }),
      expect.objectContaining({ constructor: DeliveryLedgerError, operation: 'forget' }),
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ terminal: false, cause: throttled }),
      expect.objectContaining({ terminal: false, cause: throttled }),
    ]);
    expect((errors[0] as Error).message).toBe(
      `delivery ledger claim of "${ID}" failed: ProvisionedThroughputExceededException: Rate exceeded`,
    );
  });

  it('forgets with an unconditional DeleteItem', async () => {
    // Prepare
    ddbMock.on(DeleteItemCommand).resolves({});

    // Act
    await ledger.forget(ID);

    // Assess
    expect(ddbMock.commandCalls(DeleteItemCommand)[0]?.args[0].input).toStrictEqual({
      TableName: 'state',
      Key: { pk: { S: `delivery#${ID}` } },
    });
  });

  it('refuses a bad id before calling DynamoDB, quoting it cut short', async () => {
    // Act
    const error = await rejection(ledger.claim(`bad\n${'x'.repeat(500)}`, NOW));

    // Assess
    expect(error).toBeInstanceOf(DeliveryLedgerError);
    expect((error as Error).message).toBe(
      `delivery ledger claim of ${JSON.stringify(`bad\n${'x'.repeat(124)}`)} failed: not a delivery id (1 to 128 letters, digits and dashes)`,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it.each([0, -1, 1.5])('refuses a retention of %p days', (retainDays) => {
    // Act
    const build = () => new DynamoDbDeliveryLedger({ client, retainDays });

    // Assess
    expect(build).toThrow(RangeError);
  });
});
