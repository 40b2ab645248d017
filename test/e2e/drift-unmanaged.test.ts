import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  TagResourceCommand,
} from '@aws-sdk/client-ecs';
import { parse, stringify } from 'yaml';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { buildEnvironment } from '../support/hand-built/build-environment.js';
import { driftJson } from './cli-harness.js';
import { resetSandbox, resetStats, stats } from './sandbox-admin.js';

let sandbox: Sandbox;
let dir: string;
let ecs: ECSClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  ecs = new ECSClient({ endpoint: sandbox.url, region: 'eu-west-1' });
  dir = mkdtempSync(join(tmpdir(), 'plumbline-unmanaged-'));
  mkdirSync(join(dir, 'environments'));
});

afterAll(async () => {
  ecs.destroy();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** dev's manifest with `drift` settings of our choosing, built by hand, plus a service nobody declares. */
async function prepare(drift: Record<string, unknown>): Promise<void> {
  await resetSandbox(sandbox.url);
  const doc = parse(readFileSync('desired-state/environments/dev.yaml', 'utf8'));
  doc.drift = { ...doc.drift, ...drift };
  const file = join(dir, 'environments', 'dev.yaml');
  writeFileSync(file, stringify(doc));
  await buildEnvironment({ endpoint: sandbox.url, manifestPath: file });
  const api = await ecs.send(
    new DescribeServicesCommand({ cluster: 'dev', services: ['dev-api'] }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'dev',
      serviceName: 'dev-legacy',
      taskDefinition: api.services?.[0]?.taskDefinition,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: api.services?.[0]?.networkConfiguration,
    }),
  );
  await resetStats(sandbox.url);
}

const unmanaged = (report: Awaited<ReturnType<typeof driftJson>>['report']) =>
  report.drifts.filter((d) => d.resource.name === 'dev-legacy');

describe('services nobody declares', () => {
  it('reports them as delete findings, P3, with one ListServices call', async () => {
    // Prepare
    await prepare({ unmanagedServices: 'report' });
    // Act
    const { code, report } = await driftJson(sandbox.url, 'dev', dir);
    const counted = await stats(sandbox.url);
    // Assess
    expect(unmanaged(report)).toEqual([
      {
        resource: { kind: 'ecs-service', name: 'dev-legacy' },
        path: 'services.dev-legacy',
        declared: 'absent',
        live: 'present',
        priority: 'P3',
        action: 'delete',
        message: 'ECS service dev-legacy exists but is not declared',
      },
    ]);
    expect(report.status).toBe('drifted');
    expect(code).toBe(2);
    expect(counted.byService.ECS?.ListServices).toBe(1);
    expect(report.stats.apiCalls).toBe(counted.total);
  });

  it('takes its priority from drift.severity', async () => {
    await prepare({ unmanagedServices: 'report', severity: { 'services.dev-legacy': 'P1' } });
    const { report } = await driftJson(sandbox.url, 'dev', dir);
    expect(unmanaged(report).map((d) => d.priority)).toEqual(['P1']);
  });

  it('is switched off with unmanagedServices: ignore, which also saves the call', async () => {
    await prepare({ unmanagedServices: 'ignore' });
    const { code, report } = await driftJson(sandbox.url, 'dev', dir);
    const counted = await stats(sandbox.url);
    expect(unmanaged(report)).toEqual([]);
    expect(code).toBe(0);
    expect(counted.byService.ECS?.ListServices).toBeUndefined();
  });

  it('by default ignores them in a cluster Plumbline does not manage', async () => {
    await prepare({});
    const { code, report } = await driftJson(sandbox.url, 'dev', dir);
    expect(unmanaged(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('by default reports them once the environment is deployed by Plumbline (tagged)', async () => {
    // Prepare: the services carry the environment tag, as the platform stack puts it
    await prepare({});
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: 'dev', services: ['dev-api', 'dev-worker'] }),
    );
    for (const s of described.services ?? [])
      await ecs.send(
        new TagResourceCommand({
          resourceArn: s.serviceArn,
          tags: [{ key: 'plumbline:environment', value: 'dev' }],
        }),
      );
    // Act
    const { report } = await driftJson(sandbox.url, 'dev', dir);
    // Assess
    expect(unmanaged(report).map((d) => [d.action, d.priority])).toEqual([['delete', 'P3']]);
  });
});
