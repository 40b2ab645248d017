import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { buildEnvironment } from '../support/hand-built/build-environment.js';
import { driftJson } from './cli-harness.js';
import { resetSandbox, setFaults, stats } from './sandbox-admin.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(() => sandbox.close());

beforeEach(async () => {
  await resetSandbox(sandbox.url);
  await setFaults(sandbox.url, {});
  await buildEnvironment({
    endpoint: sandbox.url,
    manifestPath: 'desired-state/environments/dev.yaml',
  });
  const ecs = new ECSClient({ endpoint: sandbox.url, region: 'eu-west-1' });
  await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'dev-api', desiredCount: 5 }));
  ecs.destroy();
});

describe('drift scans under injected faults', () => {
  it('completes correctly with 30 % throttling, through the SDK retries', async () => {
    // Prepare
    await setFaults(sandbox.url, { throttleRate: 0.3, seed: 7 });
    // Act
    const { code, report } = await driftJson(sandbox.url, 'dev');
    const counted = await stats(sandbox.url);
    // Assess
    expect(counted.injected.throttled).toBeGreaterThan(0);
    expect(report.unchecked).toEqual([]);
    expect(report.drifts.map((d) => d.path)).toEqual(['services.api.desiredCount']);
    expect(report.status).toBe('drifted');
    expect(code).toBe(2);
  });

  it('reports resources behind a permanently failing operation as unchecked, status error, exit 1', async () => {
    // Prepare
    await setFaults(sandbox.url, {
      errorRate: 1,
      errorCode: 'AccessDenied',
      errorStatus: 403,
      errorMessage: 'User is not authorized to perform: rds:DescribeDBInstances',
      services: ['RDS'],
      operations: ['DescribeDBInstances'],
    });
    // Act
    const { code, report } = await driftJson(sandbox.url, 'dev');
    // Assess
    expect(report.status).toBe('error');
    expect(report.unchecked).toEqual([
      {
        resource: { kind: 'rds-instance', name: 'dev-postgres' },
        path: 'database',
        reason: expect.stringContaining('AccessDenied'),
      },
    ]);
    expect(report.drifts.map((d) => d.path)).toEqual(['services.api.desiredCount']);
    expect(report.drifts.some((d) => d.path.startsWith('database'))).toBe(false);
    expect(code).toBe(1);
  });

  it('reports every service as unchecked when DescribeServices keeps failing, never as in sync', async () => {
    await setFaults(sandbox.url, {
      errorRate: 1,
      errorCode: 'AccessDeniedException',
      errorStatus: 400,
      operations: ['DescribeServices'],
    });

    const { code, report } = await driftJson(sandbox.url, 'dev');

    expect(report.unchecked.map((u) => u.path).sort()).toEqual(['services.api', 'services.worker']);
    expect(report.drifts).toEqual([]);
    expect(code).toBe(1);
  });
});
