import type { StackContext } from '../../../../sandbox/cloudformation/contract.js';
import { handlerFor } from '../../../../sandbox/cloudformation/engine/provisioners.js';
import { ecsService } from '../../../../sandbox/ecs/service.js';
import { AwsError } from '../../../../sandbox/service.js';
import { initialSandboxState, type SandboxState } from '../../../../sandbox/state.js';
import { callOperation } from '../../helpers.js';
import { stackContext } from './helpers.js';

const ctx: StackContext = {
  ...stackContext(),
  stackTags: [{ Key: 'owner', Value: 'platform-team' }],
};

/** An ECS operation as the API answers it. */
function ecs(state: SandboxState, operation: string, input: Record<string, unknown>) {
  return callOperation<Record<string, Record<string, unknown> & Array<Record<string, unknown>>>>(
    ecsService,
    state,
    operation,
    input,
    ctx,
  );
}

/** A Fargate task definition as CDK writes it. */
function taskDefinition(image: string): Record<string, unknown> {
  return {
    Family: 'platform-api',
    Cpu: '256',
    Memory: '512',
    NetworkMode: 'awsvpc',
    RequiresCompatibilities: ['FARGATE'],
    ExecutionRoleArn: 'arn:aws:iam::111111111111:role/exec',
    ContainerDefinitions: [
      {
        Name: 'api',
        Image: image,
        Essential: true,
        PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
        Environment: [{ Name: 'PORT', Value: '8080' }],
        HealthCheck: {
          Command: ['CMD', 'true'],
          Interval: 30,
          Retries: 3,
          StartPeriod: 15,
          Timeout: 5,
        },
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: {
            'awslogs-group': 'api',
            'awslogs-stream-prefix': 'api',
            'awslogs-region': 'eu-west-1',
          },
        },
      },
    ],
    Tags: [{ Key: 'service', Value: 'api' }],
  };
}

describe('ECS resource handlers', () => {
  let state: SandboxState;

  beforeEach(() => {
    state = initialSandboxState();
  });

  function cluster() {
    return handlerFor('AWS::ECS::Cluster').create(
      state,
      'Cluster',
      { ClusterName: 'staging' },
      ctx,
    );
  }

  function service(taskDefinitionArn: string, extra: Record<string, unknown> = {}) {
    const props = {
      Cluster: 'staging',
      ServiceName: 'api',
      TaskDefinition: taskDefinitionArn,
      LaunchType: 'FARGATE',
      NetworkConfiguration: {
        AwsvpcConfiguration: { Subnets: ['subnet-a'], SecurityGroups: ['sg-a'] },
      },
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 50,
      },
      ...extra,
    };
    return { props, result: handlerFor('AWS::ECS::Service').create(state, 'Service', props, ctx) };
  }

  it('creates a cluster that DescribeClusters shows, with stack and system tags', () => {
    // Prepare
    const props = {
      ClusterName: 'staging',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    };

    // Act
    const result = handlerFor('AWS::ECS::Cluster').create(state, 'Cluster', props, ctx);

    // Assess
    const described = ecs(state, 'DescribeClusters', {
      clusters: ['staging'],
      include: ['TAGS'],
    }).clusters;
    expect(result).toEqual({
      physicalId: 'staging',
      attributes: { Arn: 'arn:aws:ecs:eu-west-1:111111111111:cluster/staging' },
    });
    expect(described?.[0]).toMatchObject({
      status: 'ACTIVE',
      settings: [{ name: 'containerInsights', value: 'enabled' }],
      tags: [
        { key: 'owner', value: 'platform-team' },
        { key: 'aws:cloudformation:stack-name', value: 'platform' },
        { key: 'aws:cloudformation:logical-id', value: 'Cluster' },
        { key: 'aws:cloudformation:stack-id', value: ctx.stackId },
      ],
    });
  });

  it('refuses a named cluster that already exists', () => {
    // Prepare
    cluster();

    // Act
    const failure = (() => {
      try {
        cluster();
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).toBeInstanceOf(AwsError);
    expect((failure as AwsError).message).toBe(
      "Resource of type 'AWS::ECS::Cluster' with identifier 'staging' already exists.",
    );
  });

  it('registers a task definition in the ECS API spelling', () => {
    // Prepare
    const props = taskDefinition('ghcr.io/acme/api:1.0.0');

    // Act
    const result = handlerFor('AWS::ECS::TaskDefinition').create(state, 'Task', props, ctx);

    // Assess
    const described = ecs(state, 'DescribeTaskDefinition', {
      taskDefinition: result.physicalId,
      include: ['TAGS'],
    });
    expect(result.physicalId).toBe(
      'arn:aws:ecs:eu-west-1:111111111111:task-definition/platform-api:1',
    );
    expect(described.taskDefinition).toMatchObject({
      family: 'platform-api',
      cpu: '256',
      memory: '512',
      compatibilities: ['EC2', 'FARGATE'],
      containerDefinitions: [
        expect.objectContaining({
          name: 'api',
          portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
          environment: [{ name: 'PORT', value: '8080' }],
          healthCheck: {
            command: ['CMD', 'true'],
            interval: 30,
            retries: 3,
            startPeriod: 15,
            timeout: 5,
          },
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': 'api',
              'awslogs-stream-prefix': 'api',
              'awslogs-region': 'eu-west-1',
            },
          },
        }),
      ],
    });
    expect(described.tags).toContainEqual({ key: 'service', value: 'api' });
  });

  it('replaces a task definition on any change: a new revision, the old one deregistered', () => {
    // Prepare
    const handler = handlerFor('AWS::ECS::TaskDefinition');
    const first = handler.create(state, 'Task', taskDefinition('api:1'), ctx);

    // Act
    const second = handler.create(state, 'Task', taskDefinition('api:2'), ctx);
    handler.delete(state, first.physicalId, taskDefinition('api:1'), ctx);

    // Assess
    const old = ecs(state, 'DescribeTaskDefinition', {
      taskDefinition: first.physicalId,
    }).taskDefinition;
    expect(second.physicalId).toMatch(/task-definition\/platform-api:2$/);
    expect(old?.status).toBe('INACTIVE');
    expect(handler.replaceOn).toEqual(
      expect.arrayContaining(['ContainerDefinitions', 'Cpu', 'Family', 'TaskRoleArn']),
    );
    expect(handler.replaceOn).not.toContain('Tags');
  });

  it('creates a service that DescribeServices shows, with one task unless told otherwise', () => {
    // Prepare
    cluster();
    const task = handlerFor('AWS::ECS::TaskDefinition').create(
      state,
      'Task',
      taskDefinition('api:1'),
      ctx,
    );

    // Act
    const { result } = service(task.physicalId);

    // Assess
    const [described] =
      ecs(state, 'DescribeServices', { cluster: 'staging', services: ['api'] }).services ?? [];
    expect(result).toEqual({
      physicalId: 'arn:aws:ecs:eu-west-1:111111111111:service/staging/api',
      attributes: {
        ServiceArn: 'arn:aws:ecs:eu-west-1:111111111111:service/staging/api',
        Name: 'api',
      },
    });
    expect(described).toMatchObject({
      status: 'ACTIVE',
      desiredCount: 1,
      runningCount: 1,
      launchType: 'FARGATE',
      taskDefinition: task.physicalId,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-a'],
          securityGroups: ['sg-a'],
          assignPublicIp: 'DISABLED',
        },
      },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        minimumHealthyPercent: 50,
      },
    });
  });

  it('updates the desired count and task definition of a service in place', () => {
    // Prepare
    cluster();
    const tasks = handlerFor('AWS::ECS::TaskDefinition');
    const first = tasks.create(state, 'Task', taskDefinition('api:1'), ctx);
    const second = tasks.create(state, 'Task', taskDefinition('api:2'), ctx);
    const { props, result } = service(first.physicalId);
    const next = { ...props, TaskDefinition: second.physicalId, DesiredCount: 3 };

    // Act
    const updated = handlerFor('AWS::ECS::Service').update(
      state,
      'Service',
      result.physicalId,
      props,
      next,
      ctx,
    );

    // Assess
    const [described] =
      ecs(state, 'DescribeServices', { cluster: 'staging', services: ['api'] }).services ?? [];
    expect(updated.physicalId).toBe(result.physicalId);
    expect(described).toMatchObject({
      desiredCount: 3,
      runningCount: 3,
      taskDefinition: second.physicalId,
    });
    expect(described?.deployments).toEqual([
      expect.objectContaining({ status: 'PRIMARY', taskDefinition: second.physicalId }),
    ]);
    expect(handlerFor('AWS::ECS::Service').replaceOn).toEqual(
      expect.arrayContaining(['ServiceName', 'Cluster', 'LaunchType']),
    );
    expect(handlerFor('AWS::ECS::Service').replaceOn).not.toContain('DesiredCount');
  });

  it.each([
    [
      'a new task definition',
      (next: Record<string, unknown>, task: string) => ({ ...next, TaskDefinition: task }),
    ],
    [
      'a tag',
      (next: Record<string, unknown>) => ({ ...next, Tags: [{ Key: 'team', Value: 'tasks' }] }),
    ],
  ])(
    'sends every declared property on an update for %s: a declared DesiredCount resets the running count',
    (_what, change) => {
      // Prepare
      cluster();
      const tasks = handlerFor('AWS::ECS::TaskDefinition');
      const first = tasks.create(state, 'Task', taskDefinition('api:1'), ctx);
      const second = tasks.create(state, 'Task', taskDefinition('api:2'), ctx);
      const { props, result } = service(first.physicalId, { DesiredCount: 2 });
      ecs(state, 'UpdateService', { cluster: 'staging', service: 'api', desiredCount: 8 });

      // Act
      handlerFor('AWS::ECS::Service').update(
        state,
        'Service',
        result.physicalId,
        props,
        change(props, second.physicalId),
        ctx,
      );

      // Assess
      const [described] =
        ecs(state, 'DescribeServices', { cluster: 'staging', services: ['api'] }).services ?? [];
      expect(described).toMatchObject({ desiredCount: 2, runningCount: 2 });
    },
  );

  it('keeps the running count on an update when the template declares no DesiredCount', () => {
    // Prepare
    cluster();
    const tasks = handlerFor('AWS::ECS::TaskDefinition');
    const first = tasks.create(state, 'Task', taskDefinition('api:1'), ctx);
    const second = tasks.create(state, 'Task', taskDefinition('api:2'), ctx);
    const { props, result } = service(first.physicalId, { DesiredCount: 2 });
    ecs(state, 'UpdateService', { cluster: 'staging', service: 'api', desiredCount: 8 });
    const { DesiredCount: _dropped, ...withoutCount }: Record<string, unknown> = props;

    // Act
    handlerFor('AWS::ECS::Service').update(
      state,
      'Service',
      result.physicalId,
      props,
      { ...withoutCount, TaskDefinition: second.physicalId },
      ctx,
    );

    // Assess
    const [described] =
      ecs(state, 'DescribeServices', { cluster: 'staging', services: ['api'] }).services ?? [];
    expect(described).toMatchObject({
      desiredCount: 8,
      runningCount: 8,
      taskDefinition: second.physicalId,
    });
  });

  it('deletes a running service, and deleting it again succeeds', () => {
    // Prepare
    cluster();
    const task = handlerFor('AWS::ECS::TaskDefinition').create(
      state,
      'Task',
      taskDefinition('api:1'),
      ctx,
    );
    const { props, result } = service(task.physicalId, { DesiredCount: 2 });

    // Act
    handlerFor('AWS::ECS::Service').delete(state, result.physicalId, props, ctx);
    handlerFor('AWS::ECS::Service').delete(state, result.physicalId, props, ctx);

    // Assess
    const [described] =
      ecs(state, 'DescribeServices', { cluster: 'staging', services: ['api'] }).services ?? [];
    expect(described).toMatchObject({ status: 'INACTIVE', runningCount: 0 });
  });

  it('gives an unnamed cluster the name CloudFormation generates', () => {
    // Prepare
    const clusters = handlerFor('AWS::ECS::Cluster');

    // Act
    const unnamed = clusters.create(state, 'ClusterEB0386A7', {}, ctx);

    // Assess
    expect(unnamed.physicalId).toMatch(/^platform-ClusterEB0386A7-[A-Z0-9]{12}$/);
    expect(ecs(state, 'ListClusters', {}).clusterArns).toEqual([unnamed.attributes.Arn]);
  });
});
