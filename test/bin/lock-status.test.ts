import { runCli } from '../../bin/cli.js';
import type { CliIo } from '../../bin/io.js';
import { createAwsClients } from '../../controller/adapters/aws/clients.js';
import { DynamoDbLockStore } from '../../controller/adapters/aws/dynamodb-lock-store.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';

const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'eu-west-1' };
const HOUR = 3_600_000;

/** The CLI with a fixed environment and captured output. */
async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: ENV,
    isTTY: false,
    untilStopped: async () => {},
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

describe('plumbline lock status of a parked lease', () => {
  let sandbox: Sandbox;
  let aws: ReturnType<typeof createAwsClients>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    aws = createAwsClients({ region: 'eu-west-1', endpoint: sandbox.url });
    await new DynamoDbLockStore({ client: aws.dynamodb }).ensureTable({ pollMs: 5 });
  });

  afterAll(async () => {
    aws.destroy();
    await sandbox.close();
  });

  it('shows a parked lease as parked, with its holder, token and hold', async () => {
    // Prepare
    const locks = new DynamoDbLockStore({ client: aws.dynamodb });
    const lease = await locks.acquire('dev', 'rollout-parked', 60_000);
    const parked = await locks.park(lease, HOUR);

    // Act
    const out = await run(['lock', 'status', '--env', 'dev', '--endpoint', sandbox.url]);

    // Assess
    expect(out).toEqual({
      code: 0,
      stderr: '',
      stdout: `dev: parked by rollout-parked (token ${lease.token}, acquired ${lease.acquiredAt.toISOString()}, expires ${parked.expiresAt.toISOString()}), held for the run's next invocation to resume\n`,
    });
  });

  it('shows a parked lease whose hold ran out as free, last parked', async () => {
    // Prepare: a store whose clock runs two hours behind parks for one hour
    const past = { now: () => new Date(Date.now() - 2 * HOUR) };
    const locks = new DynamoDbLockStore({ client: aws.dynamodb, clock: past });
    const parked = await locks.park(await locks.acquire('staging', 'rollout-old', 60_000), HOUR);

    // Act
    const out = await run(['lock', 'status', '--env', 'staging', '--endpoint', sandbox.url]);

    // Assess
    expect(out.stdout).toBe(
      `staging: free (last parked by rollout-old, token ${parked.token}, expired ${parked.expiresAt.toISOString()})\n`,
    );
  });
});
