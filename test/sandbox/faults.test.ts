import {
  CreateClusterCommand,
  DescribeServicesCommand,
  ListClustersCommand,
} from '@aws-sdk/client-ecs';
import { FaultSpecError, type Sandbox, startSandbox } from '../../sandbox/index.js';
import { ec2Codec, queryCodec } from '../../sandbox/protocols/codecs.js';
import { jsonCodec } from '../../sandbox/protocols/json.js';
import { ecsClient } from './helpers.js';

describe('sandbox fault injection', () => {
  let sandbox: Sandbox;

  afterEach(async () => {
    await sandbox.close();
  });

  it('throttles the named operation with ThrottlingException through every SDK attempt', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    const ecs = ecsClient(sandbox, { maxAttempts: 2 });
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    sandbox.setFaults({ throttleRate: 1, services: ['ECS'], operations: ['DescribeServices'] });

    // Act
    const error = await ecs
      .send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }))
      .catch((caught: unknown) => caught);
    const other = await ecs.send(new ListClustersCommand({}));
    ecs.destroy();

    // Assess
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400, attempts: 2 } });
    expect(other.clusterArns).toHaveLength(1);
    expect(sandbox.stats().byService.ECS?.DescribeServices).toBe(2);
    expect(sandbox.stats().injected.throttled).toBe(2);
  });

  it('injects errors only into the named operations', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    const ecs = ecsClient(sandbox);
    sandbox.setFaults({ errorRate: 1, operations: ['CreateCluster'] });

    // Act
    const error = await ecs
      .send(new CreateClusterCommand({ clusterName: 'prod' }))
      .catch((caught: unknown) => caught);
    const listed = await ecs.send(new ListClustersCommand({}));
    ecs.destroy();

    // Assess
    expect(error).toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
    expect(listed.clusterArns).toEqual([]);
    expect(sandbox.stats().injected.errors).toBe(1);
  });

  it('uses the configured error code and status', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    const ecs = ecsClient(sandbox);
    sandbox.setFaults({
      errorRate: 1,
      errorCode: 'ServerException',
      errorStatus: 503,
      errorMessage: 'down',
    });

    // Act
    const error = await ecs.send(new ListClustersCommand({})).catch((caught: unknown) => caught);
    ecs.destroy();

    // Assess
    expect(error).toMatchObject({
      name: 'ServerException',
      message: 'down',
      $metadata: { httpStatusCode: 503 },
    });
  });

  it('counts injected latency in the stats', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    const ecs = ecsClient(sandbox);
    sandbox.setFaults([{ latencyMs: 20, operations: ['ListClusters'] }, { latencyMs: 5 }]);

    // Act
    await ecs.send(new ListClustersCommand({}));
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    ecs.destroy();

    // Assess
    expect(sandbox.stats().injected).toMatchObject({
      delayed: 2,
      delayMs: 30,
      throttled: 0,
      errors: 0,
    });
  });

  it('draws from the injected random source', async () => {
    // Prepare
    const draws = [0.1, 0.9];
    sandbox = await startSandbox({ port: 0, random: () => draws.shift() ?? 1 });
    const ecs = ecsClient(sandbox);
    sandbox.setFaults({ throttleRate: 0.5 });

    // Act
    const first = await ecs.send(new ListClustersCommand({})).catch((caught: unknown) => caught);
    const second = await ecs.send(new ListClustersCommand({}));
    ecs.destroy();

    // Assess
    expect(first).toMatchObject({ name: 'ThrottlingException' });
    expect(second.clusterArns).toEqual([]);
  });

  it('repeats the same outcomes for the same seed', async () => {
    // Prepare
    const outcomes: string[][] = [];

    // Act
    for (let run = 0; run < 2; run += 1) {
      sandbox = await startSandbox({ port: 0 });
      const ecs = ecsClient(sandbox);
      sandbox.setFaults({ errorRate: 0.5, seed: 7, errorStatus: 400 });
      const results: string[] = [];
      for (let call = 0; call < 12; call += 1) {
        results.push(
          await ecs.send(new ListClustersCommand({})).then(
            () => 'ok',
            () => 'error',
          ),
        );
      }
      outcomes.push(results);
      ecs.destroy();
      if (run === 0) await sandbox.close();
    }

    // Assess
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(outcomes[0]).toContain('ok');
    expect(outcomes[0]).toContain('error');
  });

  it('clears every fault with an empty spec', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    const ecs = ecsClient(sandbox);
    sandbox.setFaults({ errorRate: 1 });

    // Act
    sandbox.setFaults({});
    const listed = await ecs.send(new ListClustersCommand({}));
    ecs.destroy();

    // Assess
    expect(listed.clusterArns).toEqual([]);
    expect(sandbox.faults()).toEqual([]);
  });

  it('rejects a spec with an unknown field or an out-of-range rate', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });

    // Act
    const unknownField = () => sandbox.setFaults({ throttle: 1 } as never);
    const badRate = () => sandbox.setFaults({ errorRate: 2 });

    // Assess
    expect(unknownField).toThrow(FaultSpecError);
    expect(badRate).toThrow('spec.errorRate: must be a number from 0 to 1');
  });
});

describe('protocol throttling errors', () => {
  it('answers throttling as each protocol family does on AWS', () => {
    // Prepare
    const codecs = { json: jsonCodec, query: queryCodec, ec2: ec2Codec };

    // Act
    const errors = Object.fromEntries(
      Object.entries(codecs).map(([name, codec]) => [
        name,
        { code: codec.throttling().code, status: codec.throttling().status },
      ]),
    );

    // Assess
    expect(errors).toEqual({
      json: { code: 'ThrottlingException', status: 400 },
      query: { code: 'Throttling', status: 400 },
      ec2: { code: 'RequestLimitExceeded', status: 503 },
    });
  });
});
