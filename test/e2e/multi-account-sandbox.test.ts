import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import type { DriftReport } from '../../controller/model/report.js';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { cli } from './cli-harness.js';
import { ManifestWorkspace, rolloutJson } from './rollout-harness.js';
import { resetSandbox, resetStats, setFaults, stats } from './sandbox-admin.js';

const STAGING_ROLE = 'arn:aws:iam::111111111111:role/plumbline-deployer';
const DENIAL =
  'User: arn:aws:iam::000000000000:user/sandbox is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/plumbline-deployer';

let sandbox: Sandbox;
let ws: ManifestWorkspace;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, stepDelayMs: 1 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  await resetSandbox(sandbox.url);
  await setFaults(sandbox.url, {});
  ws = new ManifestWorkspace();
});

afterEach(() => ws.remove());

/** Runs `plumbline drift --all --format json` over the workspace. */
async function driftAll() {
  const run = await cli([
    'drift',
    '--all',
    '--format',
    'json',
    '--endpoint',
    sandbox.url,
    '--dir',
    ws.dir,
  ]);
  return { code: run.code, reports: JSON.parse(run.stdout) as DriftReport[], stderr: run.stderr };
}

/** What an account holds, seen with that account's own credentials (a 12-digit key is the account). */
async function inAccount(account: string, env: string) {
  const config = {
    endpoint: sandbox.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: account, secretAccessKey: 'test' },
  };
  const ecs = new ECSClient(config);
  const cfn = new CloudFormationClient(config);
  try {
    const clusters = await ecs.send(new DescribeClustersCommand({ clusters: [env] }));
    const stack: Stack | undefined = await cfn
      .send(new DescribeStacksCommand({ StackName: `plumbline-${env}` }))
      .then(
        (out) => out.Stacks?.[0],
        () => undefined,
      );
    return {
      cluster: clusters.clusters?.[0]?.clusterArn,
      stack: stack?.StackStatus,
    };
  } finally {
    ecs.destroy();
    cfn.destroy();
  }
}

describe('environments in several accounts, with one set of credentials', () => {
  it('rolls out staging and prod through their roles, and one drift --all finds all three in sync', async () => {
    // Prepare: the process runs with dev's credentials (account 000000000000) alone.
    expect(process.env.AWS_ACCESS_KEY_ID).toBe('test');
    await rolloutJson(sandbox.url, 'dev', ws.dir);
    await resetStats(sandbox.url);

    // Act
    const staging = await rolloutJson(sandbox.url, 'staging', ws.dir);
    const prod = await rolloutJson(sandbox.url, 'prod', ws.dir);
    const rolloutStats = await stats(sandbox.url);
    await resetStats(sandbox.url);
    const drift = await driftAll();
    const driftStats = await stats(sandbox.url);

    // Assess
    expect([staging.outcome.result, staging.code]).toEqual(['succeeded', 0]);
    expect([prod.outcome.result, prod.code]).toEqual(['succeeded', 0]);
    expect(staging.outcome.phases.find((p) => p.name === 'identity')?.status).toBe('ok');
    // One AssumeRole per rollout: every client of the environment shares the role's credentials.
    expect(rolloutStats.byService.STS).toEqual({ AssumeRole: 2, GetCallerIdentity: 2 });
    expect(drift.reports.map((r) => [r.environment, r.status])).toEqual([
      ['dev', 'in-sync'],
      ['staging', 'in-sync'],
      ['prod', 'in-sync'],
    ]);
    expect(drift.code).toBe(0);
    expect(driftStats.byService.STS).toEqual({ AssumeRole: 2 });
    expect(await inAccount('111111111111', 'staging')).toEqual({
      cluster: 'arn:aws:ecs:eu-west-1:111111111111:cluster/staging',
      stack: 'CREATE_COMPLETE',
    });
    expect(await inAccount('222222222222', 'prod')).toEqual({
      cluster: 'arn:aws:ecs:eu-west-1:222222222222:cluster/prod',
      stack: 'CREATE_COMPLETE',
    });
    // Nothing of staging or prod landed in the caller's own account.
    expect(await inAccount('000000000000', 'staging')).toEqual({
      cluster: undefined,
      stack: undefined,
    });
    expect(await inAccount('000000000000', 'prod')).toEqual({
      cluster: undefined,
      stack: undefined,
    });
  });

  it('refuses a rollout whose role STS denies, before any write, with STS message', async () => {
    // Prepare
    await setFaults(sandbox.url, {
      errorRate: 1,
      services: ['STS'],
      operations: ['AssumeRole'],
      errorCode: 'AccessDenied',
      errorStatus: 403,
      errorMessage: DENIAL,
    });
    await resetStats(sandbox.url);

    // Act
    const { code, outcome } = await rolloutJson(sandbox.url, 'staging', ws.dir);

    // Assess
    const error = `refusing to roll out staging: cannot assume role ${STAGING_ROLE}: AccessDenied: ${DENIAL}`;
    expect(outcome.result).toBe('refused');
    expect(outcome.error).toBe(error);
    expect(outcome.phases.map((p) => [p.name, p.status])).toEqual([
      ['load', 'ok'],
      ['identity', 'failed'],
    ]);
    expect(code).toBe(1);
    const counted = await stats(sandbox.url);
    // Only the refused AssumeRole: no lease, no change set, no bucket, not even GetCallerIdentity.
    expect(counted.byService).toEqual({ STS: { AssumeRole: 1 } });
  });

  it('reports a role STS denies as one error per environment in drift --all', async () => {
    // Prepare
    await rolloutJson(sandbox.url, 'dev', ws.dir);
    await setFaults(sandbox.url, {
      errorRate: 1,
      services: ['STS'],
      operations: ['AssumeRole'],
      errorCode: 'AccessDenied',
      errorStatus: 403,
      errorMessage: DENIAL,
    });

    // Act
    const { code, reports } = await driftAll();

    // Assess
    const staging = reports.find((r) => r.environment === 'staging');
    expect(reports.map((r) => [r.environment, r.status])).toEqual([
      ['dev', 'in-sync'],
      ['staging', 'error'],
      ['prod', 'error'],
    ]);
    expect(staging).toMatchObject({
      error: `cannot assume role ${STAGING_ROLE}: AccessDenied: ${DENIAL}`,
      drifts: [],
      unchecked: [],
      stats: { apiCalls: 0 },
    });
    expect(code).toBe(1);
  });

  it('refuses in validate a role outside the environment account, at its line', async () => {
    // Prepare
    ws.edit(
      'staging',
      'roleArn: arn:aws:iam::111111111111:role/plumbline-deployer',
      'roleArn: arn:aws:iam::999999999999:role/plumbline-deployer',
    );

    // Act
    const run = await cli(['validate', '--dir', ws.dir]);

    // Assess
    const file = join(ws.dir, 'environments', 'staging.yaml');
    expect(run.stderr.split('\n').filter((l) => l.includes('roleArn'))).toEqual([
      `${file}:13:12: environment.roleArn: role is in account 999999999999, not in the environment's account 111111111111`,
    ]);
    expect(run.code).toBe(1);
  });
});
