import {
  DeleteServiceCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { buildEnvironment } from '../support/hand-built/build-environment.js';
import { driftJson } from './cli-harness.js';
import { resetSandbox } from './sandbox-admin.js';

let sandbox: Sandbox;
let ecs: ECSClient;
let elbv2: ElasticLoadBalancingV2Client;
let rds: RDSClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  const config = { endpoint: sandbox.url, region: 'eu-west-1' };
  ecs = new ECSClient(config);
  elbv2 = new ElasticLoadBalancingV2Client(config);
  rds = new RDSClient(config);
});

afterAll(async () => {
  for (const c of [ecs, elbv2, rds]) c.destroy();
  await sandbox.close();
});

beforeEach(async () => {
  await resetSandbox(sandbox.url);
});

/** The account of each shipped manifest: staging and prod are read through roles in their own accounts. */
const ACCOUNTS: Record<string, string> = {
  dev: '000000000000',
  staging: '111111111111',
  prod: '222222222222',
};

/** Credentials of an environment's account: the sandbox takes a 12-digit access key id as the account. */
const credentialsOf = (env: string) => ({
  accessKeyId: ACCOUNTS[env] ?? '000000000000',
  secretAccessKey: 'test',
});

/** Builds an environment by hand in its own account, as its operators would. */
const build = (env: string) =>
  buildEnvironment({
    endpoint: sandbox.url,
    manifestPath: `desired-state/environments/${env}.yaml`,
    credentials: credentialsOf(env),
  });

/** The (path, priority, action) triples of a report, for exact assertions. */
const found = (report: { drifts: readonly { path: string; priority: string; action: string }[] }) =>
  report.drifts.map((d) => [d.path, d.priority, d.action]);

describe('plumbline drift against the sandbox, through the real SDK', () => {
  it('exits 0 when dev was built by hand exactly as declared', async () => {
    // Prepare
    await build('dev');
    // Act
    const { code, report } = await driftJson(sandbox.url, 'dev');
    // Assess
    expect(report).toMatchObject({
      environment: 'dev',
      status: 'in-sync',
      worstPriority: null,
      drifts: [],
      unchecked: [],
    });
    expect(code).toBe(0);
  });

  it('exits 0 when staging and prod were built by hand exactly as declared', async () => {
    await build('staging');
    await build('prod');
    expect((await driftJson(sandbox.url, 'staging')).code).toBe(0);
    expect((await driftJson(sandbox.url, 'prod')).report.drifts).toEqual([]);
  });

  it('reports desiredCount outside the auto-scaling range as P2 and accepts it inside', async () => {
    await build('dev');

    await ecs.send(
      new UpdateServiceCommand({ cluster: 'dev', service: 'dev-api', desiredCount: 2 }),
    );
    const inside = await driftJson(sandbox.url, 'dev');
    expect(inside.code).toBe(0);

    await ecs.send(
      new UpdateServiceCommand({ cluster: 'dev', service: 'dev-api', desiredCount: 5 }),
    );
    const outside = await driftJson(sandbox.url, 'dev');
    expect(outside.code).toBe(2);
    expect(outside.report.drifts).toEqual([
      {
        resource: { kind: 'ecs-service', name: 'dev-api' },
        path: 'services.api.desiredCount',
        declared: { min: 1, max: 2 },
        live: 5,
        priority: 'P2',
        action: 'update',
        message: 'services.api.desiredCount is 5, outside the declared range 1..2',
      },
    ]);
  });

  it('reports a changed container image as P1', async () => {
    await build('dev');
    const current = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'dev-api' }),
    );
    const td = current.taskDefinition;
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'dev-api',
        cpu: td?.cpu,
        memory: td?.memory,
        networkMode: td?.networkMode,
        requiresCompatibilities: td?.requiresCompatibilities,
        containerDefinitions: td?.containerDefinitions?.map((c) => ({
          ...c,
          image: 'public.ecr.aws/plumbline/task-api:1.0.1-hotfix',
        })),
      }),
    );
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'dev',
        service: 'dev-api',
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      }),
    );

    const { code, report } = await driftJson(sandbox.url, 'dev');

    expect(code).toBe(2);
    expect(found(report)).toEqual([['services.api.image', 'P1', 'update']]);
    expect(report.drifts[0]?.live).toBe('public.ecr.aws/plumbline/task-api:1.0.1-hotfix');
  });

  it('reports a changed target-group health-check path as P1', async () => {
    await build('dev');
    const groups = await elbv2.send(new DescribeTargetGroupsCommand({ Names: ['dev-api'] }));
    await elbv2.send(
      new ModifyTargetGroupCommand({
        TargetGroupArn: groups.TargetGroups?.[0]?.TargetGroupArn,
        HealthCheckPath: '/',
      }),
    );

    const { report } = await driftJson(sandbox.url, 'dev');

    expect(found(report)).toEqual([
      ['loadBalancer.targetGroups.api.healthCheck.path', 'P1', 'update'],
    ]);
    expect(report.drifts[0]).toMatchObject({
      resource: { kind: 'target-group', name: 'dev-api' },
      declared: '/health',
      live: '/',
    });
  });

  it('reports a changed instance class as P2', async () => {
    await build('dev');
    await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'dev-postgres',
        DBInstanceClass: 'db.t3.small',
        ApplyImmediately: true,
      }),
    );

    const { report } = await driftJson(sandbox.url, 'dev');

    expect(found(report)).toEqual([['database.instanceClass', 'P2', 'update']]);
  });

  it('reports Multi-AZ switched off in prod as P1', async () => {
    await build('prod');
    const prodRds = new RDSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: credentialsOf('prod'),
    });
    await prodRds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'prod-postgres',
        MultiAZ: false,
        ApplyImmediately: true,
      }),
    );
    prodRds.destroy();

    const { code, report } = await driftJson(sandbox.url, 'prod');

    expect(code).toBe(2);
    expect(found(report)).toEqual([['database.multiAz', 'P1', 'update']]);
  });

  it('reports a publicly accessible database as P0', async () => {
    await build('dev');
    await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'dev-postgres',
        PubliclyAccessible: true,
        ApplyImmediately: true,
      }),
    );

    const { report } = await driftJson(sandbox.url, 'dev');

    expect(report.worstPriority).toBe('P0');
    expect(found(report)).toEqual([['database.publiclyAccessible', 'P0', 'update']]);
  });

  it('reports a deleted service as missing, P0, at the path of its declaration', async () => {
    await build('dev');
    await ecs.send(
      new DeleteServiceCommand({ cluster: 'dev', service: 'dev-worker', force: true }),
    );

    const { code, report } = await driftJson(sandbox.url, 'dev');

    expect(code).toBe(2);
    expect(report.drifts).toEqual([
      expect.objectContaining({
        resource: { kind: 'ecs-service', name: 'dev-worker' },
        path: 'services.worker',
        priority: 'P0',
        action: 'create',
      }),
    ]);
  });

  it('reports no drift when only an ignored path changed', async () => {
    await build('dev');
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'dev', service: 'dev-worker', desiredCount: 4 }),
    );

    const { code, report } = await driftJson(sandbox.url, 'dev');

    expect(report.drifts).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports every declared resource as missing in an empty account', async () => {
    const { code, report } = await driftJson(sandbox.url, 'dev');
    expect(code).toBe(2);
    expect(found(report)).toEqual([
      ['database', 'P0', 'create'],
      ['loadBalancer', 'P0', 'create'],
      ['loadBalancer.listeners.80', 'P0', 'create'],
      ['services.api', 'P0', 'create'],
      ['services.worker', 'P0', 'create'],
      ['loadBalancer.targetGroups.api', 'P1', 'create'],
    ]);
  });
});
