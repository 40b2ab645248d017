import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbRunStore } from '../../../../controller/adapters/aws/dynamodb-run-store.js';
import type { ScanRun } from '../../../../controller/model/scan-run.js';
import { sandboxStateTable } from './sandbox-state-table.js';

const TABLE = 'plumbline-state';

const RUN: ScanRun = {
  scanId: 'scan-20250301T120000Z',
  ref: 'main',
  startedAt: '2025-03-01T12:00:00.000Z',
  durationMs: 812,
  environments: [
    {
      environment: 'dev',
      status: 'in-sync',
      worstPriority: null,
      drifts: 0,
      unchecked: 0,
      apiCalls: 9,
      durationMs: 700,
      alertsSent: 0,
      errors: [],
    },
  ],
};

describe('DynamoDbRunStore on the sandbox (dynalite)', () => {
  const aws = sandboxStateTable(TABLE);
  let store: DynamoDbRunStore;

  beforeAll(() => {
    store = new DynamoDbRunStore({ client: aws.client, tableName: TABLE });
  });

  it('stores a run record with its TTL in epoch seconds', async () => {
    // Act
    await store.record(RUN);
    const out = await aws.client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'run#scan-20250301T120000Z' } } }),
    );

    // Assess
    expect(out.Item?.ttl).toEqual({ N: String(1_740_830_400 + 30 * 24 * 3600) });
    expect(out.Item?.environments?.L?.[0]?.M?.status).toEqual({ S: 'in-sync' });
    expect(out.Item?.environments?.L?.[0]?.M?.worstPriority).toEqual({ NULL: true });
  });

  it('moves the last in-sync time forward and never back', async () => {
    // Prepare
    const t1 = new Date('2025-03-01T12:00:00.000Z');
    const t2 = new Date('2025-03-01T12:10:00.000Z');

    // Act
    const never = await store.lastInSync('staging');
    await store.markInSync('staging', t1);
    const first = await store.lastInSync('staging');
    await store.markInSync('staging', t2);
    await store.markInSync('staging', t2);
    await store.markInSync('staging', t1);
    const last = await store.lastInSync('staging');

    // Assess
    expect(never).toBeUndefined();
    expect(first).toEqual(t1);
    expect(last).toEqual(t2);
  });
});
