import {
  ClientException,
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  InvalidParameterException,
  RegisterTaskDefinitionCommand,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ACCOUNT, ecsClient, fargateTaskDefinition, NETWORK, REGION } from '../helpers.js';

describe('ECS emulation: failures and errors as ECS reports them', () => {
  let sandbox: Sandbox;
  let ecs: ECSClient;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    ecs = ecsClient(sandbox);
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
  });

  afterEach(async () => {
    ecs.destroy();
    await sandbox.close();
  });

  function createService(serviceName: string, extra: Record<string, unknown> = {}) {
    return ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName,
        taskDefinition: 'api',
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        ...extra,
      }),
    );
  }

  it('reports unknown services as MISSING failures with their ARN', async () => {
    // Prepare
    await createService('api');

    // Act
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['api', 'ghost'] }),
    );

    // Assess
    expect(described.services?.map((service) => service.serviceName)).toEqual(['api']);
    expect(described.failures).toEqual([
      { arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/ghost`, reason: 'MISSING' },
    ]);
  });

  it('rejects DescribeServices with more than 10 services', async () => {
    // Prepare
    const names = Array.from({ length: 11 }, (_, index) => `svc-${index}`);

    // Act
    const attempt = ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: names }));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(attempt).rejects.toThrow('service names can have at most 10 items.');
  });

  it('surfaces a missing cluster as the SDK ClusterNotFoundException', async () => {
    // Prepare
    const command = new DescribeServicesCommand({ cluster: 'nowhere', services: ['api'] });

    // Act
    const error = await ecs.send(command).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ClusterNotFoundException);
    expect(error).toMatchObject({
      name: 'ClusterNotFoundException',
      message: 'Cluster not found.',
    });
    expect((error as ClusterNotFoundException).$metadata.httpStatusCode).toBe(400);
  });

  it('rejects a second service of the same name as not idempotent', async () => {
    // Prepare
    await createService('api');

    // Act
    const attempt = createService('api');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(attempt).rejects.toThrow('Creation of service was not idempotent.');
  });

  it('returns the existing service for a retried CreateService with the same clientToken', async () => {
    // Prepare
    const first = await createService('api', { clientToken: 'token-1' });

    // Act
    const retried = await createService('api', { clientToken: 'token-1' });

    // Assess
    expect(retried.service?.deployments?.[0]?.id).toBe(first.service?.deployments?.[0]?.id);
  });

  it('rejects a service whose task definition does not exist', async () => {
    // Prepare
    const input = { taskDefinition: 'nope:1' };

    // Act
    const attempt = createService('api', input);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ClientException);
    await expect(attempt).rejects.toThrow('TaskDefinition not found.');
  });

  it('answers DescribeTaskDefinition for an unknown family with ClientException', async () => {
    // Prepare
    const command = new DescribeTaskDefinitionCommand({ taskDefinition: 'unknown' });

    // Act
    const attempt = ecs.send(command);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ClientException);
    await expect(attempt).rejects.toThrow('Unable to describe task definition.');
  });

  it('rejects a Fargate task definition with a cpu and memory combination Fargate lacks', async () => {
    // Prepare
    const input = fargateTaskDefinition('api', { cpu: '512', memory: '512' });

    // Act
    const attempt = ecs.send(new RegisterTaskDefinitionCommand(input));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ClientException);
    await expect(attempt).rejects.toThrow(
      'No Fargate configuration exists for given values: 512 CPU, 512 memory.',
    );
  });

  it('rejects a Fargate task definition outside the awsvpc network mode', async () => {
    // Prepare
    const input = fargateTaskDefinition('api', { networkMode: 'bridge' });

    // Act
    const attempt = ecs.send(new RegisterTaskDefinitionCommand(input));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ClientException);
    await expect(attempt).rejects.toThrow("Fargate only supports network mode 'awsvpc'.");
  });

  it('requires a network configuration for awsvpc tasks', async () => {
    // Prepare
    const input = { networkConfiguration: undefined };

    // Act
    const attempt = createService('api', input);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(attempt).rejects.toThrow(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  });

  it('rejects a Fargate service for a task definition Fargate cannot run', async () => {
    // Prepare
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'legacy',
        containerDefinitions: [{ name: 'app', image: 'nginx', memory: 256 }],
      }),
    );

    // Act
    const attempt = createService('legacy', {
      taskDefinition: 'legacy',
      networkConfiguration: undefined,
    });

    // Assess
    await expect(attempt).rejects.toThrow('Task definition does not support launch_type FARGATE.');
  });

  it('answers updates of unknown services with ServiceNotFoundException', async () => {
    // Prepare
    const command = new UpdateServiceCommand({
      cluster: 'prod',
      service: 'ghost',
      desiredCount: 2,
    });

    // Act
    const attempt = ecs.send(command);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ServiceNotFoundException);
  });

  it('answers updates of deleted services with ServiceNotActiveException', async () => {
    // Prepare
    await createService('api');
    await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'api', force: true }));

    // Act
    const attempt = ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'api', desiredCount: 2 }),
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ServiceNotActiveException);
  });

  it('refuses to delete a cluster that still has services', async () => {
    // Prepare
    await createService('api');

    // Act
    const attempt = ecs.send(new DeleteClusterCommand({ cluster: 'prod' }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ClusterContainsServicesException' });
  });
});
