import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbDeliveryLedger } from '../../../../controller/adapters/aws/dynamodb-delivery-ledger.js';
import { DeliveryLedgerError } from '../../../../controller/model/errors.js';
import { sandboxStateTable } from './sandbox-state-table.js';

const TABLE = 'plumbline-state';
const NOW = new Date('2025-03-01T12:00:00.750Z');

describe('DynamoDbDeliveryLedger on the sandbox (dynalite)', () => {
  const aws = sandboxStateTable(TABLE);

  it('stores one item per delivery, with a ttl in epoch seconds for DynamoDB TTL', async () => {
    // Prepare
    const ledger = new DynamoDbDeliveryLedger({ client: aws.client, newClaimId: () => 'claim-a' });

    // Act
    await ledger.claim('layout-1', NOW);
    const out = await aws.client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'delivery#layout-1' } } }),
    );

    // Assess
    expect(out.Item).toEqual({
      pk: { S: 'delivery#layout-1' },
      ttl: { N: String(Math.floor(NOW.getTime() / 1000) + 7 * 24 * 60 * 60) },
      claimedAt: { N: String(NOW.getTime()) },
      claimId: { S: 'claim-a' },
    });
  });

  it('takes a replay of its own landed claim (an SDK retry) as claimed, another claim as a repeat', async () => {
    // Prepare
    const first = new DynamoDbDeliveryLedger({ client: aws.client, newClaimId: () => 'claim-a' });
    const other = new DynamoDbDeliveryLedger({ client: aws.client, newClaimId: () => 'claim-b' });
    await first.claim('replayed-1', NOW);

    // Act
    const replay = await first.claim('replayed-1', NOW);
    const repeat = await other.claim('replayed-1', NOW);

    // Assess
    expect([replay, repeat]).toEqual([true, false]);
  });

  it('reports a missing table as a retryable DeliveryLedgerError that keeps the cause', async () => {
    // Prepare
    const ledger = new DynamoDbDeliveryLedger({ client: aws.client, tableName: 'no-such-table' });

    // Act
    const claimed = ledger.claim('missing-1', NOW);

    // Assess
    await expect(claimed).rejects.toBeInstanceOf(DeliveryLedgerError);
    await expect(claimed).rejects.toMatchObject({
      operation: 'claim',
      terminal: false,
      cause: expect.objectContaining({ name: 'ResourceNotFoundException' }),
    });
  });
});
