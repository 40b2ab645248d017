import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { createAwsClients } from '../../controller/adapters/aws/clients.js';
import { DynamoDbLockStore } from '../../controller/adapters/aws/dynamodb-lock-store.js';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { cli, driftJson } from './cli-harness.js';
import { ManifestWorkspace, rolloutJson } from './rollout-harness.js';
import { resetSandbox, resetStats, setFaults, stats } from './sandbox-admin.js';

let sandbox: Sandbox;
let cfn: CloudFormationClient;
let rds: RDSClient;
let ws: ManifestWorkspace;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, stepDelayMs: 1 });
  const config = { endpoint: sandbox.url, region: 'eu-west-1' };
  cfn = new CloudFormationClient(config);
  rds = new RDSClient(config);
});

afterAll(async () => {
  cfn.destroy();
  rds.destroy();
  await sandbox.close();
});

beforeEach(async () => {
  await resetSandbox(sandbox.url);
  await setFaults(sandbox.url, {});
  ws = new ManifestWorkspace();
});

afterEach(() => ws.remove());

const database = async () =>
  (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'dev-postgres' })))
    .DBInstances?.[0];
const stackStatus = async () =>
  (await cfn.send(new DescribeStacksCommand({ StackName: 'plumbline-dev' }))).Stacks?.[0]
    ?.StackStatus;

describe('plumbline rollout against the sandbox, through the real SDK', () => {
  it('creates dev on an empty sandbox, after which drift finds it in sync and a rollout of the same manifest changes nothing running', async () => {
    // Act
    const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir);
    // Assess
    expect(outcome).toMatchObject({
      environment: 'dev',
      result: 'succeeded',
      stackName: 'plumbline-dev',
      stackStatus: 'CREATE_COMPLETE',
    });
    expect(outcome.changes.every((c) => c.action === 'Add')).toBe(true);
    expect(outcome.warnings).toEqual([]);
    expect(code).toBe(0);
    expect((await driftJson(sandbox.url, 'dev', ws.dir)).code).toBe(0);
    // The first update only takes the auto-scaled API's starting count out of the template (what
    // reads the service's attributes is listed too, as CloudFormation lists it: it may change).
    const update = await rolloutJson(sandbox.url, 'dev', ws.dir);
    expect(update.outcome.result).toBe('succeeded');
    expect(
      update.outcome.changes
        .filter((c) => c.resourceType.startsWith('AWS::ECS::'))
        .map((c) => [c.action, c.resourceType, c.replacement, c.details.map((d) => d.name)]),
    ).toEqual([['Modify', 'AWS::ECS::Service', 'False', ['DesiredCount']]]);
    expect(update.outcome.changes.every((c) => c.action === 'Modify')).toBe(true);
    const again = await rolloutJson(sandbox.url, 'dev', ws.dir);
    expect(again.outcome.result).toBe('no-changes');
  });

  it('rolls out a task cpu change as a Modify of the task definition and service, then drift is clean', async () => {
    await rolloutJson(sandbox.url, 'dev', ws.dir);
    ws.edit(
      'dev',
      /cpu: 256 # the smallest Fargate size.*\n {4}memory: 512/,
      'cpu: 512\n    memory: 1024',
    );

    const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir);

    expect(code).toBe(0);
    expect(outcome.result).toBe('succeeded');
    const modified = outcome.changes
      .filter((c) => c.action === 'Modify')
      .map((c) => c.resourceType);
    expect(modified).toEqual(
      expect.arrayContaining(['AWS::ECS::TaskDefinition', 'AWS::ECS::Service']),
    );
    const drift = await driftJson(sandbox.url, 'dev', ws.dir);
    expect(drift.report.drifts).toEqual([]);
    expect(drift.code).toBe(0);
  });

  it.each([
    [
      'the instance identifier',
      (w: ManifestWorkspace) =>
        w.edit('dev', /^database:\n/m, 'database:\n  identifier: dev-main\n'),
      'DBInstanceIdentifier',
    ],
    [
      'storage encryption',
      (w: ManifestWorkspace) =>
        w.edit('dev', /^ {2}storageEncrypted: true/m, '  storageEncrypted: false'),
      'StorageEncrypted',
    ],
    [
      'the database name',
      (w: ManifestWorkspace) =>
        w.edit('dev', /^database:\n/m, 'database:\n  databaseName: tasks\n'),
      'DBName',
    ],
    [
      'removing the database',
      (w: ManifestWorkspace) => w.edit('dev', /^database:\n(?: {2}.*\n)+/m, ''),
      '',
    ],
    [
      'a target group marked stateful',
      (w: ManifestWorkspace) => {
        w.edit('dev', /^rollout:\n/m, 'rollout:\n  stateful: [loadBalancer.targetGroups.api]\n');
        w.edit(
          'dev',
          /^ {4}- name: api\n {6}service: api\n/m,
          '    - name: api\n      targetGroupName: dev-api-v2\n      service: api\n',
        );
      },
      'Name',
    ],
    [
      'a service marked stateful',
      (w: ManifestWorkspace) => {
        w.edit('dev', /^rollout:\n/m, 'rollout:\n  stateful: [services.worker]\n');
        w.edit(
          'dev',
          /^ {2}- name: worker\n/m,
          '  - name: worker\n    serviceName: dev-queue-worker\n',
        );
      },
      'ServiceName',
    ],
  ])(
    'blocks %s: exit 3, change set deleted, database untouched',
    async (_what, editManifest, property) => {
      // Prepare
      await rolloutJson(sandbox.url, 'dev', ws.dir);
      const before = await database();
      editManifest(ws);
      // Act
      const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir);
      // Assess
      expect(outcome.result).toBe('blocked');
      expect(code).toBe(3);
      expect(outcome.blocked?.length).toBeGreaterThan(0);
      if (property) expect(outcome.blocked?.flatMap((b) => b.properties)).toContain(property);
      expect(outcome.error).toMatch(/would be (replaced|removed)/);
      expect(outcome.phases.map((p) => p.name)).not.toContain('execute');
      const changeSets = await cfn.send(new ListChangeSetsCommand({ StackName: 'plumbline-dev' }));
      expect(
        (changeSets.Summaries ?? []).filter((c) => c.ExecutionStatus !== 'EXECUTE_COMPLETE'),
      ).toEqual([]);
      expect((changeSets.Summaries ?? []).map((c) => c.ChangeSetId)).not.toContain(
        outcome.changeSetId,
      );
      expect(await stackStatus()).toBe('CREATE_COMPLETE');
      expect(await database()).toEqual(before);
    },
  );

  it('allows a database replacement the manifest explicitly allows', async () => {
    await rolloutJson(sandbox.url, 'dev', ws.dir);
    ws.edit('dev', /^database:\n/m, 'database:\n  identifier: dev-main\n');
    ws.edit('dev', /^rollout:\n/m, 'rollout:\n  allowReplace: [database]\n');

    const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir);

    expect(outcome.result).toBe('succeeded');
    expect(outcome.changes).toContainEqual(
      expect.objectContaining({ resourceType: 'AWS::RDS::DBInstance', replacement: 'True' }),
    );
    expect(code).toBe(0);
  });

  it('fails, as CloudFormation does, to replace a custom-named database under the same name', async () => {
    await rolloutJson(sandbox.url, 'dev', ws.dir);
    ws.edit('dev', /^database:\n/m, 'database:\n  databaseName: tasks\n');
    ws.edit('dev', /^rollout:\n/m, 'rollout:\n  allowReplace: [database]\n');

    const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir);

    expect(outcome).toMatchObject({ result: 'failed', stackStatus: 'UPDATE_ROLLBACK_COMPLETE' });
    expect(code).toBe(1);
    expect((await database())?.DBName).toBe('app');
  });

  it('rolls back a failed update: exit 1, previous live state intact, lock released', async () => {
    // Prepare
    await rolloutJson(sandbox.url, 'dev', ws.dir);
    ws.edit(
      'dev',
      /cpu: 256 # the smallest Fargate size.*\n {4}memory: 512/,
      'cpu: 512\n    memory: 1024',
    );
    await setFaults(sandbox.url, {
      resources: ['AWS::ECS::Service'],
      errorRate: 1,
      errorMessage: 'Resource handler returned message: "Service unavailable"',
    });
    // Act
    const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir);
    await setFaults(sandbox.url, {});
    // Assess
    expect(outcome).toMatchObject({ result: 'failed', stackStatus: 'UPDATE_ROLLBACK_COMPLETE' });
    expect(code).toBe(1);
    ws.restore('dev');
    expect((await driftJson(sandbox.url, 'dev', ws.dir)).code).toBe(0);
    const lock = await cli(['lock', 'status', '--env', 'dev', '--endpoint', sandbox.url]);
    expect(lock.stdout).toMatch(/^dev: free/);
  });

  it.each([
    [
      'is denied',
      {
        errorCode: 'AccessDenied',
        errorStatus: 403,
        errorMessage:
          'User: arn:aws:iam::000000000000:user/deployer is not authorized to perform: cloudformation:UpdateTerminationProtection',
      },
    ],
    [
      'is not implemented by the endpoint',
      {
        errorCode: 'InvalidAction',
        errorStatus: 400,
        errorMessage: 'The action UpdateTerminationProtection is not valid for this web service.',
      },
    ],
  ])('succeeds with a warning when turning termination protection on %s', async (_what, fault) => {
    // Prepare
    await setFaults(sandbox.url, {
      errorRate: 1,
      ...fault,
      services: ['CloudFormation'],
      operations: ['UpdateTerminationProtection'],
    });
    await resetStats(sandbox.url);
    // Act
    const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir);
    // Assess
    expect(outcome).toMatchObject({ result: 'succeeded', stackStatus: 'CREATE_COMPLETE' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.warnings).toEqual([
      {
        phase: 'protect',
        message: `termination protection is off for stack plumbline-dev (${fault.errorMessage}); enable it with: aws cloudformation update-termination-protection --enable-termination-protection --stack-name plumbline-dev`,
      },
    ]);
    expect(outcome.phases.map((p) => [p.name, p.status]).slice(-3)).toEqual([
      ['protect', 'failed'],
      ['verify', 'ok'],
      ['release', 'ok'],
    ]);
    expect(code).toBe(0);
    const counted = await stats(sandbox.url);
    expect(counted.byService.CloudFormation?.UpdateTerminationProtection).toBe(1);
    expect(counted.injected.errors).toBe(1);
    const described = await cfn.send(new DescribeStacksCommand({ StackName: 'plumbline-dev' }));
    expect(described.Stacks?.[0]?.EnableTerminationProtection).toBe(false);
    const lock = await cli(['lock', 'status', '--env', 'dev', '--endpoint', sandbox.url]);
    expect(lock.stdout).toMatch(/^dev: free/);
  });

  it('refuses a manifest for another account before any write', async () => {
    await resetStats(sandbox.url);

    // The SDK reads credentials from the process environment.
    const saved = process.env.AWS_ACCESS_KEY_ID;
    process.env.AWS_ACCESS_KEY_ID = '111111111111';
    const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir).finally(() => {
      process.env.AWS_ACCESS_KEY_ID = saved;
    });

    expect(outcome.result).toBe('refused');
    expect(outcome.error).toBe(
      'refusing to roll out dev: the manifest declares account 000000000000 in eu-west-1, but the credentials are for account 111111111111 in eu-west-1',
    );
    expect(code).toBe(1);
    const counted = await stats(sandbox.url);
    expect(Object.keys(counted.byService)).toEqual(['STS']);
  });

  it('lets one of two concurrent rollouts run; the other exits 4 naming the holder', async () => {
    const [a, b] = await Promise.all([
      rolloutJson(sandbox.url, 'dev', ws.dir),
      rolloutJson(sandbox.url, 'dev', ws.dir),
    ]);

    const results = [a.outcome.result, b.outcome.result].sort();
    expect(results).toEqual(['lock-held', 'succeeded']);
    const held = a.outcome.result === 'lock-held' ? a : b;
    expect(held.code).toBe(4);
    expect(held.outcome.error).toMatch(/^environment "dev" is locked by cli:/);
  });

  it('makes the second of two concurrent rollouts wait with --wait-lock', async () => {
    const [a, b] = await Promise.all([
      rolloutJson(sandbox.url, 'dev', ws.dir, ['--wait-lock', '60']),
      rolloutJson(sandbox.url, 'dev', ws.dir, ['--wait-lock', '60']),
    ]);

    // The second finds the stack the first created, and updates it (see the test above).
    expect([a.outcome.stackStatus, b.outcome.stackStatus].sort()).toEqual([
      'CREATE_COMPLETE',
      'UPDATE_COMPLETE',
    ]);
    expect([a.outcome.result, b.outcome.result]).toEqual(['succeeded', 'succeeded']);
    expect([a.code, b.code]).toEqual([0, 0]);
  });

  it('shows the holder with lock status, and lock release --force says what it broke', async () => {
    // Prepare: a holder that crashed mid-rollout (never released)
    const aws = createAwsClients({ region: 'eu-west-1', endpoint: sandbox.url });
    const locks = new DynamoDbLockStore({ client: aws.dynamodb });
    await locks.ensureTable();
    const lease = await locks.acquire('dev', 'cli:crashed-host:4242:abcd', 600_000);
    aws.destroy();
    const lock = (...args: string[]) =>
      cli(['lock', ...args, '--env', 'dev', '--endpoint', sandbox.url]);
    // Act
    const status = await lock('status');
    const refused = await lock('release');
    const released = await lock('release', '--force');
    const after = await lock('status');
    const rolled = await rolloutJson(sandbox.url, 'dev', ws.dir);
    // Assess
    expect(status.stdout).toBe(
      `dev: held by cli:crashed-host:4242:abcd (token ${lease.token}, acquired ${lease.acquiredAt.toISOString()}, expires ${lease.expiresAt.toISOString()})\n`,
    );
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('refusing without --force'),
    });
    expect(released.stdout).toContain('dev: released the lease held by cli:crashed-host:4242:abcd');
    expect(released.stdout).toContain('can no longer renew or release it');
    expect(after.stdout).toMatch(/^dev: free/);
    expect(rolled.outcome.result).toBe('succeeded');
  });
});
