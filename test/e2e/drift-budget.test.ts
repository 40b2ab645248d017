import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { buildEnvironment } from '../support/hand-built/build-environment.js';
import { driftJson } from './cli-harness.js';
import { resetSandbox, resetStats, stats } from './sandbox-admin.js';

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'plumbline-budget-'));
  mkdirSync(join(dir, 'environments'));
});

afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => resetSandbox(sandbox.url));

/**
 * A copy of dev with `workers` extra worker services (each with its own task definition), and
 * `loadBalancer` settings over dev's; by default none that needs the load balancer's attributes.
 */
function writeWideEnvironment(
  name: string,
  workers: number,
  loadBalancer: Record<string, unknown> = { dropInvalidHeaderFields: false },
): string {
  const doc = parse(readFileSync('desired-state/environments/dev.yaml', 'utf8'));
  doc.environment.name = name;
  const worker = doc.services.find((s: { name: string }) => s.name === 'worker');
  for (let i = 1; i <= workers; i++) doc.services.push({ ...worker, name: `worker-${i}` });
  Object.assign(doc.loadBalancer, loadBalancer);
  const file = join(dir, 'environments', `${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

describe('API-call budget of a scan, from the sandbox counters', () => {
  it.each([
    [2, 0],
    [25, 23],
  ])(
    'scans %i services in at most ceil(S/10) + k + 4 + ceil(N/100) calls, and reports what the sandbox counted',
    async (services, extraWorkers) => {
      // Prepare
      const name = `wide${services}`;
      await buildEnvironment({
        endpoint: sandbox.url,
        manifestPath: writeWideEnvironment(name, extraWorkers),
      });
      await resetStats(sandbox.url);
      // Act
      const { code, report } = await driftJson(sandbox.url, name, dir);
      const counted = await stats(sandbox.url);
      // Assess
      const k = services; // every service runs its own task definition family
      const listed = Math.max(1, Math.ceil(services / 100)); // ListServices, N = services in the cluster
      const budget = Math.ceil(services / 10) + k + 4 + listed;
      expect(code).toBe(0);
      expect(report.stats.apiCalls).toBe(counted.total);
      expect(counted.total).toBeLessThanOrEqual(budget);
      expect(counted.byService.ECS?.DescribeServices).toBe(Math.ceil(services / 10));
      expect(counted.byService.ECS?.DescribeTaskDefinition).toBe(k);
      expect(counted.byService.ECS?.ListServices).toBe(listed);
      expect(counted.byService.RDS).toEqual({ DescribeDBInstances: 1 });
      expect(counted.byService.ELBv2).toEqual({
        DescribeLoadBalancers: 1,
        DescribeTargetGroups: 1,
        DescribeListeners: 1,
      });
    },
  );

  it.each([
    ['the idle timeout', { idleTimeoutSeconds: 120, dropInvalidHeaderFields: false }],
    ['invalid-header dropping (on by default)', {}],
    ['deletion protection', { deletionProtection: true, dropInvalidHeaderFields: false }],
    ['access logs', { accessLogs: true, dropInvalidHeaderFields: false }],
    ['all four', { idleTimeoutSeconds: 120, deletionProtection: true, accessLogs: true }],
  ])('reads load balancer attributes in one call when the manifest declares %s', async (_, lb) => {
    await buildEnvironment({
      endpoint: sandbox.url,
      manifestPath: writeWideEnvironment('attrs', 0, lb),
    });
    await resetStats(sandbox.url);

    const { code } = await driftJson(sandbox.url, 'attrs', dir);
    const counted = await stats(sandbox.url);

    expect(code).toBe(0);
    expect(counted.byService.ELBv2).toEqual({
      DescribeLoadBalancers: 1,
      DescribeTargetGroups: 1,
      DescribeListeners: 1,
      DescribeLoadBalancerAttributes: 1,
    });
    expect(counted.total).toBe(Math.ceil(2 / 10) + 2 + 4 + 1 + 1);
  });
});
