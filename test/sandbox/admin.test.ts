import {
  CreateClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
} from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { ecsClient, temporaryDirectory } from './helpers.js';

describe('sandbox admin endpoints', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  async function call(
    method: string,
    path: string,
    body?: string,
  ): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, json: await response.json() };
  }

  it('reports health', async () => {
    // Prepare
    const path = '/_sandbox/health';

    // Act
    const response = await call('GET', path);

    // Assess
    expect(response).toEqual({ status: 200, json: { status: 'ok' } });
  });

  it('counts requests per service and operation, and zeroes the counters on request', async () => {
    // Prepare
    const ecs = ecsClient(sandbox);
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }));
    await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }));
    ecs.destroy();

    // Act
    const counted = await call('GET', '/_sandbox/stats');
    const zeroed = await call('POST', '/_sandbox/stats/reset');

    // Assess
    expect(counted).toEqual({
      status: 200,
      json: {
        total: 3,
        byService: { ECS: { CreateCluster: 1, DescribeClusters: 2 } },
        injected: { delayed: 0, delayMs: 0, throttled: 0, errors: 0 },
        quota: { throttled: 0, byService: {} },
      },
    });
    expect(zeroed.json).toMatchObject({ total: 0, byService: {} });
  });

  it('empties the state and the counters on reset', async () => {
    // Prepare
    const ecs = ecsClient(sandbox);
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));

    // Act
    const reset = await call('POST', '/_sandbox/reset');
    const countsAfterReset = sandbox.stats().total;
    const listed = await ecs.send(new ListClustersCommand({}));
    ecs.destroy();

    // Assess
    expect(reset.status).toBe(200);
    expect(countsAfterReset).toBe(0);
    expect(listed.clusterArns).toEqual([]);
  });

  it('sets, shows and clears fault rules', async () => {
    // Prepare
    const spec = JSON.stringify({ throttleRate: 1, operations: ['ListClusters'] });

    // Act
    const set = await call('POST', '/_sandbox/faults', spec);
    const shown = await call('GET', '/_sandbox/faults');
    const cleared = await call('POST', '/_sandbox/faults', '{}');

    // Assess
    expect(set).toEqual({ status: 200, json: [{ throttleRate: 1, operations: ['ListClusters'] }] });
    expect(shown.json).toEqual(set.json);
    expect(cleared).toEqual({ status: 200, json: [] });
  });

  it('answers an invalid fault spec with 400 and keeps the active rules', async () => {
    // Prepare
    sandbox.setFaults({ latencyMs: 1 });

    // Act
    const response = await call('POST', '/_sandbox/faults', JSON.stringify({ latencyMs: -5 }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ message: 'spec.latencyMs: must be a number from 0 to 600000' });
    expect(sandbox.faults()).toEqual([{ latencyMs: 1 }]);
  });

  it('answers unknown admin paths with 404 and wrong methods with 405', async () => {
    // Prepare
    const paths = ['/_sandbox/nothing', '/_sandbox/health'];

    // Act
    const [unknown, wrongMethod] = [
      await call('GET', paths[0] ?? ''),
      await call('POST', paths[1] ?? ''),
    ];

    // Assess
    expect(unknown.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
  });
});

describe('sandbox reset with a data directory', () => {
  it('persists the empty state so a restart starts empty', async () => {
    // Prepare
    const dataDir = await temporaryDirectory();
    const first = await startSandbox({ port: 0, dataDir: dataDir.path });
    const before = ecsClient(first);
    await before.send(new CreateClusterCommand({ clusterName: 'prod' }));
    before.destroy();

    // Act
    await first.reset();
    await first.close();
    const second = await startSandbox({ port: 0, dataDir: dataDir.path });
    const after = ecsClient(second);
    const listed = await after.send(new ListClustersCommand({}));
    after.destroy();
    await second.close();
    await dataDir.remove();

    // Assess
    expect(listed.clusterArns).toEqual([]);
  });
});
