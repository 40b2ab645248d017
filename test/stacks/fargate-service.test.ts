import { Match } from 'aws-cdk-lib/assertions';
import { manifest, platform, resources } from './platform-fixtures.js';

const PROD_SECRET =
  'arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/task-api/database-password-Qz4vN7';
const HEALTH_COMMAND = [
  'CMD',
  'node',
  '-e',
  "fetch('http://localhost:8080/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))",
];

/** Logical ids of the subnets of one subnet group (`public`, `private`, `isolated`). */
function subnetRefs(template: ReturnType<typeof platform>['template'], group: string) {
  return Object.keys(resources(template, 'AWS::EC2::Subnet'))
    .filter((id) => id.startsWith(`NetworkVpc${group}Subnet`))
    .sort()
    .map((id) => ({ Ref: id }));
}

describe('PlatformService', () => {
  it('runs the declared container: image, size, port, command, environment, secrets, health check', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'prod-api',
      Cpu: '256',
      Memory: '512',
      RequiresCompatibilities: ['FARGATE'],
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'api',
          Image: 'public.ecr.aws/plumbline/task-api:1.0.0',
          PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
          Command: Match.absent(),
          Environment: [
            { Name: 'PORT', Value: '8080' },
            { Name: 'LOG_LEVEL', Value: 'info' },
            { Name: 'DATABASE_NAME', Value: 'app' },
          ],
          Secrets: [{ Name: 'DATABASE_PASSWORD', ValueFrom: PROD_SECRET }],
          HealthCheck: {
            Command: HEALTH_COMMAND,
            Interval: 30,
            Timeout: 5,
            Retries: 3,
            StartPeriod: 15,
          },
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'prod-worker',
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'worker',
          Command: ['node', 'dist/main.js', 'worker'],
          PortMappings: Match.absent(),
          HealthCheck: Match.absent(),
        }),
      ],
    });
  });

  it.each(['dev', 'staging', 'prod'] as const)(
    'runs every container of %s with the read-only root file system its manifest declares',
    (env) => {
      // Prepare
      const desired = manifest(env);
      // Act
      const { template } = platform(desired);
      // Assess
      for (const family of [`${env}-api`, `${env}-worker`]) {
        template.hasResourceProperties('AWS::ECS::TaskDefinition', {
          Family: family,
          ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: true })],
        });
      }
    },
  );

  it('leaves the root file system writable, and the setting out, when a service turns it off', () => {
    // Prepare
    const desired = manifest('dev', [
      '    readonlyRootFilesystem: true # the image writes nothing to disk\n',
      '',
    ]);
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'dev-api',
      ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: Match.absent() })],
    });
  });

  it('lets the execution role read the declared secrets by ARN', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Effect: 'Allow',
            Resource: PROD_SECRET,
          },
        ]),
      },
    });
  });

  it('reads a secret declared as an SSM parameter ARN from Parameter Store', () => {
    // Prepare
    const parameter = 'arn:aws:ssm:eu-west-1:000000000000:parameter/dev/task-api/api-key';
    const desired = manifest('dev', [
      '      DATABASE_NAME: app\n    secrets:\n',
      `      DATABASE_NAME: app\n    secrets:\n      API_KEY: ${parameter}\n`,
    ]);
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'dev-api',
      ContainerDefinitions: [
        Match.objectLike({
          Secrets: Match.arrayWith([{ Name: 'API_KEY', ValueFrom: parameter }]),
        }),
      ],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['ssm:GetParameters']), Resource: parameter }),
        ]),
      },
    });
  });

  it('runs the services in the private subnets with the declared count and deployment settings', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired, { stackExists: false });
    // Assess
    const targetGroup = Object.keys(
      resources(template, 'AWS::ElasticLoadBalancingV2::TargetGroup'),
    )[0];
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'prod-api',
      LaunchType: 'FARGATE',
      DesiredCount: 3,
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
      LoadBalancers: [
        { ContainerName: 'api', ContainerPort: 8080, TargetGroupArn: { Ref: targetGroup } },
      ],
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({
          AssignPublicIp: 'DISABLED',
          Subnets: subnetRefs(template, 'private'),
        }),
      },
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'prod-worker',
      DesiredCount: 2,
      LoadBalancers: Match.absent(),
    });
  });

  it('leaves the count of an auto-scaled service out of the template of an update, and keeps the others', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'prod-api',
      DesiredCount: Match.absent(),
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'prod-worker',
      DesiredCount: 2,
    });
  });

  it('starts an auto-scaled service with its declared count in the template of a first create', () => {
    // Prepare: a starting count other than the range's minimum
    const desired = manifest('staging', [
      '    desiredCount: 1\n    autoscaling:',
      '    desiredCount: 2\n    autoscaling:',
    ]);
    // Act
    const created = platform(desired, { stackExists: false }).template;
    const updated = platform(desired, { stackExists: true }).template;
    // Assess
    created.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'staging-api',
      DesiredCount: 2,
    });
    updated.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'staging-api',
      DesiredCount: Match.absent(),
    });
  });

  it('follows the declared circuit breaker: rollback off, or no breaker at all', () => {
    // Prepare
    const noRollback = manifest('prod', ['        rollback: true', '        rollback: false']);
    const disabled = manifest('prod', ['        enable: true', '        enable: false']);
    // Act
    const withoutRollback = platform(noRollback).template;
    const withoutBreaker = platform(disabled).template;
    // Assess
    withoutRollback.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'prod-api',
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: false },
      }),
    });
    withoutBreaker.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'prod-api',
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: Match.absent() }),
    });
  });

  it.each([
    ['prod', 3, 10],
    ['staging', 1, 3],
  ] as const)(
    'scales the %s API between %i and %i tasks on CPU 70 % and memory 80 %',
    (env, min, max) => {
      // Prepare
      const desired = manifest(env);
      // Act
      const { template } = platform(desired);
      // Assess
      const targets = resources(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
      expect(
        Object.values(targets).map((t) => [t.Properties.MinCapacity, t.Properties.MaxCapacity]),
      ).toEqual([[min, max]]);
      const target = { Ref: Object.keys(targets)[0] };
      for (const [metric, value] of [
        ['ECSServiceAverageCPUUtilization', 70],
        ['ECSServiceAverageMemoryUtilization', 80],
      ] as const) {
        template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
          PolicyType: 'TargetTrackingScaling',
          ScalingTargetId: target,
          TargetTrackingScalingPolicyConfiguration: {
            PredefinedMetricSpecification: { PredefinedMetricType: metric },
            TargetValue: value,
          },
        });
      }
    },
  );

  it('sends the container logs to a log group kept for a month', () => {
    // Prepare
    const desired = manifest('dev');
    // Act
    const { template } = platform(desired);
    // Assess
    const groups = resources(template, 'AWS::Logs::LogGroup');
    expect(Object.values(groups).map((g) => g.Properties.RetentionInDays)).toEqual([30, 30]);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'dev-api',
      ContainerDefinitions: [
        Match.objectLike({
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: Match.objectLike({
              'awslogs-group': { Ref: Match.stringLikeRegexp('^ServiceapiLogs') },
            }),
          },
        }),
      ],
    });
  });
});
