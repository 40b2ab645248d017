import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbApprovalStore } from '../../../../controller/adapters/aws/dynamodb-approval-store.js';
import { ApprovalStoreError } from '../../../../controller/model/errors.js';
import { sandboxStateTable } from './sandbox-state-table.js';

const TABLE = 'plumbline-state';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const AT = new Date('2025-03-01T12:00:00.000Z');

describe('DynamoDbApprovalStore on the sandbox (dynalite)', () => {
  const aws = sandboxStateTable(TABLE);

  it('stores the first approval under approval#<env>#<sha>, expiring 90 days after it', async () => {
    // Prepare
    const store = new DynamoDbApprovalStore({ client: aws.client });

    // Act
    await store.record({
      env: 'prod',
      sha: SHA,
      by: 'github:octocat',
      via: 'commit-comment',
      at: AT,
    });
    await store.record({ env: 'prod', sha: SHA, by: 'github:hubot', via: 'cli', at: new Date() });
    const out = await aws.client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `approval#prod#${SHA}` } } }),
    );

    // Assess
    expect(out.Item).toEqual({
      pk: { S: `approval#prod#${SHA}` },
      env: { S: 'prod' },
      sha: { S: SHA },
      approvedBy: { S: 'github:octocat' },
      via: { S: 'commit-comment' },
      approvedAt: { S: '2025-03-01T12:00:00.000Z' },
      ttl: { N: String(AT.getTime() / 1000 + 90 * 24 * 60 * 60) },
    });
  });

  it('reports a missing table as a retryable ApprovalStoreError that keeps the cause', async () => {
    // Prepare
    const store = new DynamoDbApprovalStore({ client: aws.client, tableName: 'no-such-table' });

    // Act
    const found = store.find('prod', SHA);

    // Assess
    await expect(found).rejects.toBeInstanceOf(ApprovalStoreError);
    await expect(found).rejects.toMatchObject({
      operation: 'find',
      terminal: false,
      cause: expect.objectContaining({ name: 'ResourceNotFoundException' }),
    });
  });
});
