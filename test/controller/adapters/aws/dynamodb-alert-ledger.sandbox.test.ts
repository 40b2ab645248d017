import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbAlertLedger } from '../../../../controller/adapters/aws/dynamodb-alert-ledger.js';
import { ensureLockTable } from '../../../../controller/adapters/aws/lock-table.js';
import type { OpenAlert } from '../../../../controller/model/alert.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';

const TABLE = 'plumbline-state';
/** Races run; each is two scans writing the same version at once. */
const RACES = 20;

function dynamoDb(sandbox: Sandbox): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: sandbox.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

function alert(dedupKey: string, notifiedAt: string): OpenAlert {
  return {
    dedupKey,
    priority: 'P2',
    summary: `staging: ${dedupKey} drifted`,
    source: 'staging/ecs-service/staging-api',
    openedAt: '2025-03-01T10:00:00.000Z',
    notifiedAt,
  };
}

describe('DynamoDbAlertLedger on the sandbox (dynalite)', () => {
  let sandbox: Sandbox;
  let clients: DynamoDBClient[];
  let scanA: DynamoDbAlertLedger;
  let scanB: DynamoDbAlertLedger;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    // One client per scan, so their writes travel on separate connections.
    clients = [dynamoDb(sandbox), dynamoDb(sandbox)];
    await ensureLockTable(clients[0] as DynamoDBClient, TABLE, { pollMs: 5 });
    scanA = new DynamoDbAlertLedger({ client: clients[0] as DynamoDBClient, tableName: TABLE });
    scanB = new DynamoDbAlertLedger({ client: clients[1] as DynamoDBClient, tableName: TABLE });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await sandbox.close();
  });

  it('writes at the version read, refuses a stale version and reads back what was written', async () => {
    // Prepare
    const first = [alert('k1', '2025-03-01T12:00:00.000Z')];
    const second = [
      alert('k1', '2025-03-01T16:00:00.000Z'),
      alert('k2', '2025-03-01T16:00:00.000Z'),
    ];

    // Act
    const empty = await scanA.read('dev');
    const wroteFirst = await scanA.replace('dev', empty.version, first);
    const staleWrite = await scanB.replace('dev', empty.version, second);
    const afterFirst = await scanB.read('dev');
    const wroteSecond = await scanB.replace('dev', afterFirst.version, second);
    const afterSecond = await scanA.read('dev');

    // Assess
    expect(empty).toEqual({ open: [], version: 0 });
    expect([wroteFirst, staleWrite, wroteSecond]).toEqual([true, false, true]);
    expect(afterFirst).toEqual({ open: first, version: 1 });
    expect(afterSecond).toEqual({ open: second, version: 2 });
  });

  it('lets exactly one of two concurrent writes of the same version win, first write or later', async () => {
    // Prepare: half the races start from no item (version 0), half from an entry at version 1.
    const outcomes: { env: string; a: boolean; b: boolean }[] = [];

    // Act
    for (let race = 0; race < RACES; race++) {
      const env = `race-${race}`;
      let version = 0;
      if (race % 2 === 1) {
        await scanA.replace(env, 0, []);
        version = 1;
      }
      const [a, b] = await Promise.all([
        scanA.replace(env, version, [alert('k', '2025-03-01T12:00:00.000Z')]),
        scanB.replace(env, version, [alert('k', '2025-03-01T12:00:00.001Z')]),
      ]);
      outcomes.push({ env, a, b });
    }

    // Assess: one winner per race, and the stored entry is the winner's.
    for (const { env, a, b } of outcomes) {
      expect([env, a !== b]).toEqual([env, true]);
      const stored = await scanA.read(env);
      const winner = a ? '2025-03-01T12:00:00.000Z' : '2025-03-01T12:00:00.001Z';
      expect(stored.open.map((o) => o.notifiedAt)).toEqual([winner]);
    }
  });

  it('lets exactly one win even when both scans decided the very same alerts', async () => {
    // Prepare
    const same = [alert('k', '2025-03-01T12:00:00.000Z')];

    // Act
    const results = await Promise.all([
      scanA.replace('identical', 0, same),
      scanB.replace('identical', 0, same),
    ]);
    const stored = await clients[0]?.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'alerts#identical' } } }),
    );

    // Assess
    expect(results.filter(Boolean)).toEqual([true]);
    expect(stored?.Item?.version).toEqual({ N: '1' });
  });
});
