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

/** A copy of dev with `workers` extra worker services (each with its own task definition). */
function writeWideEnvironment(name: string, workers: number, idleTimeout?: number): string {
  const doc = parse(readFileSync('desired-state/environments/dev.yaml', 'utf8'));
  doc.environment.name = name;
  const worker = doc.services.find((s: { name: string }) => s.name === 'worker');
  for (let i = 1; i <= workers; i++) doc.services.push({ ...worker, name: `worker-${i}` });
  if (idleTimeout !== undefined) doc.loadBalancer.idleTimeoutSeconds = idleTimeout;
  const file = join(dir, 'environments', `${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

describe('API-call budget of a scan, from the sandbox counters', () => {
  it.each([
    [2, 0],
    [25, 23],
  ])(
    'scans %i services in at most ceil(S/10) + k + 4 calls, and reports what the sandbox counted',
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
      const budget = Math.ceil(services / 10) + k + 4;
      expect(code).toBe(0);
      expect(report.stats.apiCalls).toBe(counted.total);
      expect(counted.total).toBeLessThanOrEqual(budget);
      expect(counted.byService.ECS?.DescribeServices).toBe(Math.ceil(services / 10));
      expect(counted.byService.ECS?.DescribeTaskDefinition).toBe(k);
      expect(counted.byService.RDS).toEqual({ DescribeDBInstances: 1 });
      expect(counted.byService.ELBv2).toEqual({
        DescribeLoadBalancers: 1,
        DescribeTargetGroups: 1,
        DescribeListeners: 1,
      });
    },
  );

  it('reads load balancer attributes only when the manifest declares the idle timeout', async () => {
    await buildEnvironment({
      endpoint: sandbox.url,
      manifestPath: writeWideEnvironment('idle', 0, 120),
    });
    await resetStats(sandbox.url);

    const { code } = await driftJson(sandbox.url, 'idle', dir);
    const counted = await stats(sandbox.url);

    expect(code).toBe(0);
    expect(counted.byService.ELBv2?.DescribeLoadBalancerAttributes).toBe(1);
    expect(counted.total).toBe(Math.ceil(2 / 10) + 2 + 4 + 1);
  });
});
