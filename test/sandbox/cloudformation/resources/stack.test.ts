import type { ProvisionResult, ResolveEnv } from '../../../../sandbox/cloudformation/contract.js';
import { handlerFor } from '../../../../sandbox/cloudformation/engine/provisioners.js';
import type { Template } from '../../../../sandbox/cloudformation/template/document.js';
import { resolveDynamicReferences } from '../../../../sandbox/cloudformation/template/dynamic-references.js';
import {
  dependencies,
  evaluateConditions,
  resolveValue,
} from '../../../../sandbox/cloudformation/template/intrinsics.js';
import { ecsService } from '../../../../sandbox/ecs/service.js';
import { elbv2Service } from '../../../../sandbox/elbv2/service.js';
import { rdsService } from '../../../../sandbox/rds/service.js';
import { secretsManagerService } from '../../../../sandbox/secretsmanager/service.js';
import { AwsError, type SandboxService } from '../../../../sandbox/service.js';
import { initialSandboxState, type SandboxState } from '../../../../sandbox/state.js';
import { callOperation } from '../../helpers.js';
import { stackContext } from './helpers.js';

const ctx = stackContext('Platform');

const ref = (id: string) => ({ Ref: id });
const groupId = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });
const zone = (index: number) => ({ 'Fn::Select': [index, { 'Fn::GetAZs': '' }] });
const fromSecret = (key: string) => ({
  'Fn::Join': [
    '',
    ['{{resolve:secretsmanager:', ref('DatabaseSecret'), `:SecretString:${key}::}}`],
  ],
});

/** A platform stack as CDK synthesizes it: network, ALB, Fargate service and PostgreSQL. */
function platformTemplate(image: string, desiredCount: number): Template {
  const subnet = (index: number, cidr: string, isPublic: boolean) => ({
    Type: 'AWS::EC2::Subnet',
    Properties: {
      AvailabilityZone: zone(index),
      CidrBlock: cidr,
      MapPublicIpOnLaunch: isPublic,
      VpcId: ref('Vpc8378EB38'),
    },
  });
  return {
    Conditions: {
      CDKMetadataAvailable: {
        'Fn::Or': [
          { 'Fn::Equals': [ref('AWS::Region'), 'eu-west-1'] },
          { 'Fn::Equals': [ref('AWS::Region'), 'us-east-1'] },
        ],
      },
    },
    Resources: {
      Vpc8378EB38: {
        Type: 'AWS::EC2::VPC',
        Properties: {
          CidrBlock: '10.0.0.0/16',
          EnableDnsHostnames: true,
          EnableDnsSupport: true,
          InstanceTenancy: 'default',
          Tags: [{ Key: 'Name', Value: 'Platform/Vpc' }],
        },
      },
      VpcPublicSubnet1: subnet(0, '10.0.0.0/18', true),
      VpcPublicSubnet2: subnet(1, '10.0.64.0/18', true),
      VpcPrivateSubnet1: subnet(0, '10.0.128.0/18', false),
      VpcPrivateSubnet2: subnet(1, '10.0.192.0/18', false),
      VpcIGW: { Type: 'AWS::EC2::InternetGateway' },
      VpcVPCGW: {
        Type: 'AWS::EC2::VPCGatewayAttachment',
        Properties: { InternetGatewayId: ref('VpcIGW'), VpcId: ref('Vpc8378EB38') },
      },
      VpcPublicSubnet1RouteTable: {
        Type: 'AWS::EC2::RouteTable',
        Properties: { VpcId: ref('Vpc8378EB38') },
      },
      VpcPublicSubnet1DefaultRoute: {
        Type: 'AWS::EC2::Route',
        Properties: {
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: ref('VpcIGW'),
          RouteTableId: ref('VpcPublicSubnet1RouteTable'),
        },
        DependsOn: ['VpcVPCGW'],
      },
      AlbSecurityGroup: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'Automatically created Security Group for ELB PlatformAlb',
          SecurityGroupIngress: [
            {
              CidrIp: '0.0.0.0/0',
              Description: 'Allow from anyone on port 80',
              FromPort: 80,
              IpProtocol: 'tcp',
              ToPort: 80,
            },
          ],
          SecurityGroupEgress: [
            {
              CidrIp: '255.255.255.255/32',
              Description: 'Disallow all traffic',
              FromPort: 252,
              IpProtocol: 'icmp',
              ToPort: 86,
            },
          ],
          VpcId: ref('Vpc8378EB38'),
        },
      },
      ServiceSecurityGroup: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'Platform/Service/SecurityGroup',
          SecurityGroupEgress: [
            {
              CidrIp: '0.0.0.0/0',
              Description: 'Allow all outbound traffic by default',
              IpProtocol: '-1',
            },
          ],
          VpcId: ref('Vpc8378EB38'),
        },
      },
      ServiceFromAlb: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          Description: 'Load balancer to target',
          FromPort: 8080,
          GroupId: groupId('ServiceSecurityGroup'),
          IpProtocol: 'tcp',
          SourceSecurityGroupId: groupId('AlbSecurityGroup'),
          ToPort: 8080,
        },
      },
      AlbToService: {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: {
          Description: 'Load balancer to target',
          DestinationSecurityGroupId: groupId('ServiceSecurityGroup'),
          FromPort: 8080,
          GroupId: groupId('AlbSecurityGroup'),
          IpProtocol: 'tcp',
          ToPort: 8080,
        },
      },
      Alb16C2F182: {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: {
          LoadBalancerAttributes: [
            { Key: 'deletion_protection.enabled', Value: 'false' },
            { Key: 'idle_timeout.timeout_seconds', Value: '120' },
          ],
          Scheme: 'internet-facing',
          SecurityGroups: [groupId('AlbSecurityGroup')],
          Subnets: [ref('VpcPublicSubnet1'), ref('VpcPublicSubnet2')],
          Type: 'application',
        },
        DependsOn: ['VpcPublicSubnet1DefaultRoute'],
      },
      AlbHttpApiGroup: {
        Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        Properties: {
          HealthCheckPath: '/health',
          Port: 8080,
          Protocol: 'HTTP',
          TargetGroupAttributes: [{ Key: 'stickiness.enabled', Value: 'false' }],
          TargetType: 'ip',
          VpcId: ref('Vpc8378EB38'),
        },
      },
      AlbHttp: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: {
          DefaultActions: [{ TargetGroupArn: ref('AlbHttpApiGroup'), Type: 'forward' }],
          LoadBalancerArn: ref('Alb16C2F182'),
          Port: 80,
          Protocol: 'HTTP',
        },
      },
      ClusterEB0386A7: { Type: 'AWS::ECS::Cluster' },
      TaskExecutionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [
              {
                Action: 'sts:AssumeRole',
                Effect: 'Allow',
                Principal: { Service: 'ecs-tasks.amazonaws.com' },
              },
            ],
          },
        },
      },
      TaskLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
      Task79114B6B: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          ContainerDefinitions: [
            {
              Essential: true,
              Image: image,
              LogConfiguration: {
                LogDriver: 'awslogs',
                Options: {
                  'awslogs-group': ref('TaskLogGroup'),
                  'awslogs-stream-prefix': 'api',
                  'awslogs-region': ref('AWS::Region'),
                },
              },
              Name: 'api',
              PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
              Secrets: [
                {
                  Name: 'DB_PASSWORD',
                  ValueFrom: { 'Fn::Join': ['', [ref('DatabaseSecretAttachment'), ':password::']] },
                },
              ],
            },
          ],
          Cpu: '256',
          ExecutionRoleArn: { 'Fn::GetAtt': ['TaskExecutionRole', 'Arn'] },
          Family: 'PlatformTaskCF952DF6',
          Memory: '512',
          NetworkMode: 'awsvpc',
          RequiresCompatibilities: ['FARGATE'],
        },
      },
      ServiceD69D759B: {
        Type: 'AWS::ECS::Service',
        Properties: {
          Cluster: ref('ClusterEB0386A7'),
          DeploymentConfiguration: {
            Alarms: { AlarmNames: [], Enable: false, Rollback: false },
            DeploymentCircuitBreaker: { Enable: true, Rollback: true },
            MaximumPercent: 200,
            MinimumHealthyPercent: 50,
          },
          DeploymentController: { Type: 'ECS' },
          DesiredCount: desiredCount,
          EnableECSManagedTags: false,
          HealthCheckGracePeriodSeconds: 60,
          LaunchType: 'FARGATE',
          LoadBalancers: [
            { ContainerName: 'api', ContainerPort: 8080, TargetGroupArn: ref('AlbHttpApiGroup') },
          ],
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              AssignPublicIp: 'DISABLED',
              SecurityGroups: [groupId('ServiceSecurityGroup')],
              Subnets: [ref('VpcPrivateSubnet1'), ref('VpcPrivateSubnet2')],
            },
          },
          TaskDefinition: ref('Task79114B6B'),
        },
        DependsOn: ['AlbHttpApiGroup', 'AlbHttp'],
      },
      ServiceTaskCountTarget: {
        Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
        Properties: {
          MaxCapacity: 4,
          MinCapacity: 1,
          ResourceId: {
            'Fn::Join': [
              '',
              [
                'service/',
                ref('ClusterEB0386A7'),
                '/',
                { 'Fn::GetAtt': ['ServiceD69D759B', 'Name'] },
              ],
            ],
          },
          RoleARN: {
            'Fn::Join': [
              '',
              [
                'arn:',
                ref('AWS::Partition'),
                ':iam::',
                ref('AWS::AccountId'),
                ':role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
              ],
            ],
          },
          ScalableDimension: 'ecs:service:DesiredCount',
          ServiceNamespace: 'ecs',
        },
      },
      DatabaseSubnetGroup: {
        Type: 'AWS::RDS::DBSubnetGroup',
        Properties: {
          DBSubnetGroupDescription: 'Subnet group for Database database',
          SubnetIds: [ref('VpcPrivateSubnet1'), ref('VpcPrivateSubnet2')],
        },
      },
      DatabaseSecurityGroup: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'Security group for Database database',
          SecurityGroupEgress: [
            {
              CidrIp: '0.0.0.0/0',
              Description: 'Allow all outbound traffic by default',
              IpProtocol: '-1',
            },
          ],
          VpcId: ref('Vpc8378EB38'),
        },
      },
      DatabaseFromService: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          Description: 'from PlatformServiceSecurityGroup:{IndirectPort}',
          FromPort: { 'Fn::GetAtt': ['DatabaseB269D8BB', 'Endpoint.Port'] },
          GroupId: groupId('DatabaseSecurityGroup'),
          IpProtocol: 'tcp',
          SourceSecurityGroupId: groupId('ServiceSecurityGroup'),
          ToPort: { 'Fn::GetAtt': ['DatabaseB269D8BB', 'Endpoint.Port'] },
        },
      },
      DatabaseSecret: {
        Type: 'AWS::SecretsManager::Secret',
        Properties: {
          Description: {
            'Fn::Join': ['', ['Generated by the CDK for stack: ', ref('AWS::StackName')]],
          },
          GenerateSecretString: {
            ExcludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
            GenerateStringKey: 'password',
            PasswordLength: 30,
            SecretStringTemplate: '{"username":"app"}',
          },
        },
      },
      DatabaseSecretAttachment: {
        Type: 'AWS::SecretsManager::SecretTargetAttachment',
        Properties: {
          SecretId: ref('DatabaseSecret'),
          TargetId: ref('DatabaseB269D8BB'),
          TargetType: 'AWS::RDS::DBInstance',
        },
      },
      DatabaseB269D8BB: {
        Type: 'AWS::RDS::DBInstance',
        Properties: {
          AllocatedStorage: '100',
          CopyTagsToSnapshot: true,
          DBInstanceClass: 'db.t4g.micro',
          DBName: 'app',
          DBSubnetGroupName: ref('DatabaseSubnetGroup'),
          Engine: 'postgres',
          EngineVersion: '16',
          MasterUserPassword: fromSecret('password'),
          MasterUsername: fromSecret('username'),
          PubliclyAccessible: false,
          StorageType: 'gp2',
          VPCSecurityGroups: [groupId('DatabaseSecurityGroup')],
        },
      },
      CDKMetadata: {
        Type: 'AWS::CDK::Metadata',
        Properties: { Analytics: 'v2:deflate64:H4sIAAAAAAAA' },
        Condition: 'CDKMetadataAvailable',
      },
    },
  };
}

interface Deployment {
  readonly results: Record<string, ProvisionResult>;
  readonly properties: Record<string, Record<string, unknown>>;
  readonly order: string[];
}

/** What resolving the template sees: the stack and the resources provisioned so far. */
function envFor(template: Template, deployment: Deployment): ResolveEnv {
  const base = {
    stackName: ctx.stackName,
    stackId: ctx.stackId,
    region: ctx.region,
    accountId: ctx.accountId,
    parameters: {},
    mappings: template.Mappings,
    ref: (id: string) => deployment.results[id]?.ref ?? deployment.results[id]?.physicalId,
    getAtt: (id: string, attribute: string) => deployment.results[id]?.attributes[attribute],
    importValue: () => undefined,
  };
  return { ...base, conditions: evaluateConditions(template, base) };
}

/** Provisions or updates every resource in dependency order, replacing where the type says so. */
function deploy(state: SandboxState, template: Template, previous?: Deployment): Deployment {
  const deployment: Deployment = {
    results: { ...previous?.results },
    properties: { ...previous?.properties },
    order: [],
  };
  const env = envFor(template, deployment);
  const pending = new Set(
    Object.entries(template.Resources)
      .filter(
        ([, resource]) => resource.Condition === undefined || env.conditions[resource.Condition],
      )
      .map(([id]) => id),
  );
  const replaced: Array<{ type: string; physicalId: string }> = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((id) =>
      [...dependencies(template.Resources[id] ?? { Type: '' }, template)].every(
        (d) => !pending.has(d),
      ),
    );
    if (ready.length === 0)
      throw new Error(`circular dependencies among ${[...pending].join(', ')}`);
    for (const id of ready) {
      const type = template.Resources[id]?.Type ?? '';
      const handler = handlerFor(type);
      // Intrinsics first, then dynamic references, as the engine resolves properties.
      const resolved = resolveValue(template.Resources[id]?.Properties ?? {}, env);
      const props = resolveDynamicReferences(state, resolved, ctx) as Record<string, unknown>;
      const before = deployment.properties[id];
      const old = deployment.results[id];
      const changed = Object.keys({ ...before, ...props }).filter(
        (key) => JSON.stringify(before?.[key]) !== JSON.stringify(props[key]),
      );
      if (
        old === undefined ||
        before === undefined ||
        changed.some((key) => handler.replaceOn.includes(key))
      ) {
        if (old !== undefined) replaced.push({ type, physicalId: old.physicalId });
        deployment.results[id] = handler.create(state, id, props, ctx);
      } else if (changed.length > 0) {
        deployment.results[id] = handler.update(state, id, old.physicalId, before, props, ctx);
      }
      deployment.properties[id] = props;
      deployment.order.push(id);
      pending.delete(id);
    }
  }
  for (const { type, physicalId } of replaced) handlerFor(type).delete(state, physicalId, {}, ctx);
  return deployment;
}

function call(
  state: SandboxState,
  service: SandboxService,
  operation: string,
  input: Record<string, unknown>,
) {
  return callOperation<Record<string, Array<Record<string, unknown>>>>(
    service,
    state,
    operation,
    input,
    ctx,
  );
}

describe('a CDK platform stack provisioned through the resource handlers', () => {
  let state: SandboxState;

  beforeEach(() => {
    state = initialSandboxState();
  });

  it('leaves ECS, ELBv2, RDS and Secrets Manager describing what the template declares', () => {
    // Prepare
    const template = platformTemplate('ghcr.io/acme/api:1.0.0', 2);

    // Act
    const { results } = deploy(state, template);

    // Assess
    const physical = (id: string) => results[id]?.physicalId;
    const [service] =
      call(state, ecsService, 'DescribeServices', {
        cluster: physical('ClusterEB0386A7'),
        services: [physical('ServiceD69D759B')],
      }).services ?? [];
    expect(service).toMatchObject({
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      launchType: 'FARGATE',
      taskDefinition: physical('Task79114B6B'),
      loadBalancers: [
        { containerName: 'api', containerPort: 8080, targetGroupArn: physical('AlbHttpApiGroup') },
      ],
      networkConfiguration: {
        awsvpcConfiguration: {
          assignPublicIp: 'DISABLED',
          securityGroups: [physical('ServiceSecurityGroup')],
          subnets: [physical('VpcPrivateSubnet1'), physical('VpcPrivateSubnet2')],
        },
      },
    });
    const [group] =
      call(state, elbv2Service, 'DescribeTargetGroups', {
        LoadBalancerArn: physical('Alb16C2F182'),
      }).TargetGroups ?? [];
    expect(group).toMatchObject({
      TargetGroupArn: physical('AlbHttpApiGroup'),
      HealthCheckPath: '/health',
      LoadBalancerArns: [physical('Alb16C2F182')],
    });
    const health = call(state, elbv2Service, 'DescribeTargetHealth', {
      TargetGroupArn: physical('AlbHttpApiGroup'),
    }).TargetHealthDescriptions;
    expect(health).toHaveLength(2);
    const [db] =
      call(state, rdsService, 'DescribeDBInstances', {
        DBInstanceIdentifier: physical('DatabaseB269D8BB'),
      }).DBInstances ?? [];
    expect(db).toMatchObject({
      MasterUsername: 'app',
      DBSubnetGroup: expect.objectContaining({
        DBSubnetGroupName: physical('DatabaseSubnetGroup'),
      }),
      VpcSecurityGroups: [
        { VpcSecurityGroupId: physical('DatabaseSecurityGroup'), Status: 'active' },
      ],
    });
    const secret = call(state, secretsManagerService, 'GetSecretValue', {
      SecretId: physical('DatabaseSecret') ?? '',
    }) as unknown as { SecretString: string };
    expect(JSON.parse(secret.SecretString)).toMatchObject({
      username: 'app',
      host: (db?.Endpoint as { Address?: string } | undefined)?.Address,
      port: 5432,
    });
    expect(results.ServiceTaskCountTarget?.physicalId).toBe(
      `service/${physical('ClusterEB0386A7')}/${results.ServiceD69D759B?.attributes.Name}|ecs:service:DesiredCount|ecs`,
    );
    expect(results.CDKMetadata).toBeDefined();
  });

  it('scales the service in place and replaces the task definition with a new revision', () => {
    // Prepare
    const first = deploy(state, platformTemplate('ghcr.io/acme/api:1.0.0', 2));

    // Act
    const second = deploy(state, platformTemplate('ghcr.io/acme/api:1.1.0', 3), first);

    // Assess
    const [service] =
      call(state, ecsService, 'DescribeServices', {
        cluster: second.results.ClusterEB0386A7?.physicalId,
        services: [second.results.ServiceD69D759B?.physicalId],
      }).services ?? [];
    const old = call(state, ecsService, 'DescribeTaskDefinition', {
      taskDefinition: first.results.Task79114B6B?.physicalId,
    }).taskDefinition as unknown as { status: string };
    expect(second.results.ServiceD69D759B?.physicalId).toBe(
      first.results.ServiceD69D759B?.physicalId,
    );
    expect(second.results.Task79114B6B?.physicalId).toMatch(
      /task-definition\/PlatformTaskCF952DF6:2$/,
    );
    expect(service).toMatchObject({
      desiredCount: 3,
      runningCount: 3,
      taskDefinition: second.results.Task79114B6B?.physicalId,
    });
    expect(old.status).toBe('INACTIVE');
  });

  it('deletes every resource in reverse order, leaving the services empty', () => {
    // Prepare
    const { results, order } = deploy(state, platformTemplate('ghcr.io/acme/api:1.0.0', 2));

    // Act
    for (const id of [...order].reverse()) {
      const result = results[id];
      if (result === undefined) continue;
      try {
        handlerFor(platformTemplate('', 0).Resources[id]?.Type ?? '').delete(
          state,
          result.physicalId,
          {},
          ctx,
        );
      } catch (error) {
        throw new Error(`${id}: ${error instanceof AwsError ? error.message : String(error)}`);
      }
    }

    // Assess
    expect(call(state, elbv2Service, 'DescribeLoadBalancers', {}).LoadBalancers).toEqual([]);
    expect(call(state, rdsService, 'DescribeDBInstances', {}).DBInstances).toEqual([]);
    expect(call(state, rdsService, 'DescribeDBSubnetGroups', {}).DBSubnetGroups).toEqual([]);
    expect(Object.values(state.ecs.services).map((s) => s.status)).toEqual(['INACTIVE']);
    expect(Object.values(state.ecs.clusters).map((c) => c.status)).toEqual(['INACTIVE']);
    expect(state.ec2.vpcs).toEqual({});
    expect(state.secretsmanager.secrets).toEqual({});
  });
});
