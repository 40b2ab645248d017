import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { DriftReport } from '../../controller/model/report.js';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { buildEnvironment } from '../support/hand-built/build-environment.js';
import { cli } from './cli-harness.js';
import { resetStats, stats } from './sandbox-admin.js';

const ENVIRONMENTS = 6;
const SERVICES = 10;

let sandbox: Sandbox;
let dir: string;

/** A copy of dev named `name` with {@link SERVICES} services, each with its own task definition. */
function writeEnvironment(name: string): string {
  const doc = parse(readFileSync('desired-state/environments/dev.yaml', 'utf8'));
  doc.environment.name = name;
  const worker = doc.services.find((s: { name: string }) => s.name === 'worker');
  for (let i = 1; i <= SERVICES - 2; i++) doc.services.push({ ...worker, name: `worker-${i}` });
  const file = join(dir, 'environments', `${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'plumbline-pacing-'));
  mkdirSync(join(dir, 'environments'));
  for (let i = 1; i <= ENVIRONMENTS; i++) {
    await buildEnvironment({ endpoint: sandbox.url, manifestPath: writeEnvironment(`env${i}`) });
  }
});

afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('drift --all against a sandbox that throttles like AWS', () => {
  it('paces its calls to the buckets instead of being throttled', async () => {
    // Prepare: 60 DescribeTaskDefinition calls against a bucket of 50 that refills 20 per second.
    sandbox.setQuotas('aws');
    await resetStats(sandbox.url);

    // Act
    const run = await cli([
      'drift',
      '--all',
      '--concurrency',
      '2',
      '--format',
      'json',
      '--endpoint',
      sandbox.url,
      '--dir',
      dir,
    ]);
    const counted = await stats(sandbox.url);

    // Assess
    const reports = JSON.parse(run.stdout) as DriftReport[];
    expect(run.stderr).toBe('');
    expect(reports.map((r) => r.environment)).toEqual(
      Array.from({ length: ENVIRONMENTS }, (_, i) => `env${i + 1}`),
    );
    expect(reports.filter((r) => r.status === 'error' || r.unchecked.length > 0)).toEqual([]);
    expect(counted.byService.ECS?.DescribeTaskDefinition).toBe(ENVIRONMENTS * SERVICES);
    expect(counted.quota).toEqual({ throttled: 0, byService: {} });
  });
});
