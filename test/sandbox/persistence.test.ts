import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { SandboxStateFileError, startSandbox } from '../../sandbox/index.js';
import { ecsClient, fargateTaskDefinition, NETWORK, temporaryDirectory } from './helpers.js';

describe('sandbox state persistence', () => {
  let dataDir: { path: string; remove: () => Promise<void> };

  beforeEach(async () => {
    dataDir = await temporaryDirectory();
  });

  afterEach(async () => {
    await dataDir.remove();
  });

  it('keeps clusters, task definitions and services across a restart with the same data directory', async () => {
    // Prepare
    const first = await startSandbox({ port: 0, dataDir: dataDir.path });
    const before = ecsClient(first);
    await before.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await before.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
    await before.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'api',
        taskDefinition: 'api',
        desiredCount: 3,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
      }),
    );
    before.destroy();
    await first.close();

    // Act
    const second = await startSandbox({ port: 0, dataDir: dataDir.path });
    const after = ecsClient(second);
    const services = await after.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }),
    );
    await after.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
    const latest = await after.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }));
    after.destroy();
    await second.close();

    // Assess
    expect(services.services?.[0]).toMatchObject({
      serviceName: 'api',
      desiredCount: 3,
      status: 'ACTIVE',
    });
    expect(latest.taskDefinition?.revision).toBe(2);
  });

  it('writes state.json atomically, leaving no temporary files', async () => {
    // Prepare
    const sandbox = await startSandbox({ port: 0, dataDir: dataDir.path });
    const ecs = ecsClient(sandbox);

    // Act
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    const files = await readdir(dataDir.path);
    const state: unknown = JSON.parse(await readFile(join(dataDir.path, 'state.json'), 'utf8'));
    ecs.destroy();
    await sandbox.close();

    // Assess
    expect(files).toEqual(['state.json']);
    expect(state).toMatchObject({
      ecs: { clusters: { 'arn:aws:ecs:eu-west-1:000000000000:cluster/prod': {} } },
    });
  });

  it('does not write state for read operations', async () => {
    // Prepare
    const sandbox = await startSandbox({ port: 0, dataDir: dataDir.path });
    const ecs = ecsClient(sandbox);

    // Act
    await ecs.send(new ListClustersCommand({}));
    const files = await readdir(dataDir.path);
    ecs.destroy();
    await sandbox.close();

    // Assess
    expect(files).toEqual([]);
  });

  it('keeps state in memory only without a data directory', async () => {
    // Prepare
    const first = await startSandbox({ port: 0 });
    const before = ecsClient(first);
    await before.send(new CreateClusterCommand({ clusterName: 'prod' }));
    before.destroy();
    await first.close();

    // Act
    const second = await startSandbox({ port: 0 });
    const after = ecsClient(second);
    const listed = await after.send(new ListClustersCommand({}));
    after.destroy();
    await second.close();

    // Assess
    expect(listed.clusterArns).toEqual([]);
  });

  it('refuses to start on a corrupt state file rather than discard it', async () => {
    // Prepare
    await writeFile(join(dataDir.path, 'state.json'), '{ not json');

    // Act
    const attempt = startSandbox({ port: 0, dataDir: dataDir.path });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(SandboxStateFileError);
  });
});
