import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  InvalidParameterException,
  ListClustersCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ACCOUNT, ecsClient, fargateTaskDefinition, NETWORK, REGION } from '../helpers.js';

describe('ECS emulation: clusters, task definitions and services', () => {
  let sandbox: Sandbox;
  let ecs: ECSClient;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    ecs = ecsClient(sandbox);
  });

  afterEach(async () => {
    ecs.destroy();
    await sandbox.close();
  });

  async function createApiService(desiredCount = 2): Promise<void> {
    await ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'staging',
        serviceName: 'api',
        taskDefinition: 'api',
        desiredCount,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
      }),
    );
  }

  it('creates a cluster with a long-format ARN and lists it', async () => {
    // Prepare
    const create = new CreateClusterCommand({
      clusterName: 'staging',
      tags: [{ key: 'env', value: 'staging' }],
    });

    // Act
    const created = await ecs.send(create);
    const listed = await ecs.send(new ListClustersCommand({}));

    // Assess
    expect(created.cluster).toMatchObject({
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/staging`,
      clusterName: 'staging',
      status: 'ACTIVE',
      activeServicesCount: 0,
      tags: [{ key: 'env', value: 'staging' }],
    });
    expect(listed.clusterArns).toEqual([`arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/staging`]);
  });

  it('numbers task definition revisions per family and returns tags only when included', async () => {
    // Prepare
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('worker')));

    // Act
    const second = await ecs.send(
      new RegisterTaskDefinitionCommand(
        fargateTaskDefinition('api', { tags: [{ key: 'team', value: 'core' }] }),
      ),
    );
    const withTags = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'api', include: ['TAGS'] }),
    );
    const withoutTags = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'api:1' }),
    );

    // Assess
    expect(second.taskDefinition).toMatchObject({
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/api:2`,
      family: 'api',
      revision: 2,
      status: 'ACTIVE',
      cpu: '256',
      memory: '512',
      compatibilities: ['EC2', 'FARGATE'],
    });
    expect(second.taskDefinition?.containerDefinitions?.[0]?.portMappings).toEqual([
      { containerPort: 8080, hostPort: 8080, protocol: 'tcp' },
    ]);
    expect(withTags.taskDefinition?.revision).toBe(2);
    expect(withTags.tags).toEqual([{ key: 'team', value: 'core' }]);
    expect(withoutTags.taskDefinition?.revision).toBe(1);
    expect(withoutTags.tags).toBeUndefined();
  });

  it('deregisters a revision so that the family resolves to the latest active one', async () => {
    // Prepare
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));

    // Act
    const deregistered = await ecs.send(
      new DeregisterTaskDefinitionCommand({ taskDefinition: 'api:2' }),
    );
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }));
    const active = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'api' }));
    const inactive = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'api', status: 'INACTIVE' }),
    );

    // Assess
    expect(deregistered.taskDefinition?.status).toBe('INACTIVE');
    expect(deregistered.taskDefinition?.deregisteredAt).toBeInstanceOf(Date);
    expect(latest.taskDefinition?.revision).toBe(1);
    expect(active.taskDefinitionArns).toEqual([
      `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/api:1`,
    ]);
    expect(inactive.taskDefinitionArns).toEqual([
      `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/api:2`,
    ]);
  });

  it('creates a Fargate service that has converged, with the default deployment configuration', async () => {
    // Prepare
    await createApiService(2);

    // Act
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );

    // Assess
    const service = described.services?.[0];
    expect(described.failures).toEqual([]);
    expect(service).toMatchObject({
      serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/staging/api`,
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/staging`,
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/api:1`,
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: false, rollback: false },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
      },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d'],
          securityGroups: ['sg-0a1b2c3d'],
          assignPublicIp: 'DISABLED',
        },
      },
    });
    expect(service?.createdAt).toBeInstanceOf(Date);
    expect(service?.deployments).toHaveLength(1);
    expect(service?.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      runningCount: 2,
    });
    expect(service?.events?.[0]?.message).toBe('(service api) has reached a steady state.');
  });

  it('updates desiredCount in place and starts a new deployment for a new task definition', async () => {
    // Prepare
    await createApiService(1);
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
    const before = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );
    const firstDeployment = before.services?.[0]?.deployments?.[0]?.id;

    // Act
    const scaled = await ecs.send(
      new UpdateServiceCommand({ cluster: 'staging', service: 'api', desiredCount: 3 }),
    );
    const redeployed = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'staging',
        service: 'api',
        taskDefinition: 'api:2',
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );

    // Assess
    expect(scaled.service?.deployments?.[0]?.id).toBe(firstDeployment);
    expect(scaled.service).toMatchObject({ desiredCount: 3, runningCount: 3 });
    expect(redeployed.service?.deployments).toHaveLength(1);
    expect(redeployed.service?.deployments?.[0]?.id).not.toBe(firstDeployment);
    expect(redeployed.service).toMatchObject({
      taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/api:2`,
      runningCount: 3,
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
      },
    });
  });

  it('starts a new deployment on forceNewDeployment without other changes', async () => {
    // Prepare
    await createApiService(2);
    const before = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );

    // Act
    const forced = await ecs.send(
      new UpdateServiceCommand({ cluster: 'staging', service: 'api', forceNewDeployment: true }),
    );

    // Assess
    expect(forced.service?.deployments?.[0]?.id).not.toBe(
      before.services?.[0]?.deployments?.[0]?.id,
    );
    expect(forced.service?.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
    });
    expect(forced.service?.events?.[1]?.message).toMatch(
      /^\(service api\) \(deployment ecs-svc\/\d{19}\) deployment completed\.$/,
    );
  });

  it('refuses to delete a scaled service without force', async () => {
    // Prepare
    await createApiService(2);

    // Act
    const attempt = ecs.send(new DeleteServiceCommand({ cluster: 'staging', service: 'api' }));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(attempt).rejects.toThrow(
      'The service cannot be stopped while it is scaled above 0.',
    );
  });

  it('keeps a force-deleted service describable as INACTIVE and lets the name be reused', async () => {
    // Prepare
    await createApiService(2);

    // Act
    const deleted = await ecs.send(
      new DeleteServiceCommand({ cluster: 'staging', service: 'api', force: true }),
    );
    const afterDelete = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );
    const listed = await ecs.send(new ListServicesCommand({ cluster: 'staging' }));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'staging',
        serviceName: 'api',
        taskDefinition: 'api',
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
      }),
    );
    const recreated = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );

    // Assess
    expect(deleted.service?.status).toBe('DRAINING');
    expect(afterDelete.services?.[0]).toMatchObject({ status: 'INACTIVE', runningCount: 0 });
    expect(listed.serviceArns).toEqual([]);
    expect(recreated.services?.[0]).toMatchObject({ status: 'ACTIVE', desiredCount: 1 });
  });

  it('pages ListServices with maxResults and nextToken', async () => {
    // Prepare
    await createApiService(1);
    for (const name of ['b', 'c', 'd', 'e']) {
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'staging',
          serviceName: name,
          taskDefinition: 'api',
          launchType: 'FARGATE',
          networkConfiguration: NETWORK,
        }),
      );
    }

    // Act
    const first = await ecs.send(new ListServicesCommand({ cluster: 'staging', maxResults: 2 }));
    const second = await ecs.send(
      new ListServicesCommand({ cluster: 'staging', maxResults: 2, nextToken: first.nextToken }),
    );
    const third = await ecs.send(
      new ListServicesCommand({ cluster: 'staging', maxResults: 2, nextToken: second.nextToken }),
    );

    // Assess
    const names = [first, second, third]
      .flatMap((page) => page.serviceArns ?? [])
      .map((arn) => arn.split('/').pop());
    expect(names).toEqual(['api', 'b', 'c', 'd', 'e']);
    expect(first.nextToken).toEqual(expect.any(String));
    expect(third.nextToken).toBeUndefined();
  });

  it('tags, untags and lists the tags of a service', async () => {
    // Prepare
    await createApiService(1);
    const arn = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/staging/api`;

    // Act
    await ecs.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'env', value: 'staging' },
          { key: 'owner', value: 'platform' },
        ],
      }),
    );
    await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['owner'] }));
    const listed = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: [arn], include: ['TAGS'] }),
    );

    // Assess
    expect(listed.tags).toEqual([{ key: 'env', value: 'staging' }]);
    expect(described.services?.[0]?.tags).toEqual([{ key: 'env', value: 'staging' }]);
  });

  it('deletes an empty cluster, which stays describable as INACTIVE', async () => {
    // Prepare
    await ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));

    // Act
    const deleted = await ecs.send(new DeleteClusterCommand({ cluster: 'staging' }));
    const described = await ecs.send(new DescribeClustersCommand({ clusters: ['staging'] }));
    const listed = await ecs.send(new ListClustersCommand({}));

    // Assess
    expect(deleted.cluster?.status).toBe('INACTIVE');
    expect(described.clusters?.[0]?.status).toBe('INACTIVE');
    expect(listed.clusterArns).toEqual([]);
  });
});
