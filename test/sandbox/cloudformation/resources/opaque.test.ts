import {
  handlerFor,
  provisionedTypes,
} from '../../../../sandbox/cloudformation/engine/provisioners.js';
import { initialSandboxState, type SandboxState } from '../../../../sandbox/state.js';
import { stackContext } from './helpers.js';

const ctx = stackContext();

describe('opaque resource handlers', () => {
  let state: SandboxState;

  beforeEach(() => {
    state = initialSandboxState();
  });

  it('gives an unknown type a generated physical id and an Arn, and touches no service', () => {
    // Prepare
    const before = initialSandboxState();

    // Act
    const result = handlerFor('AWS::Events::Rule').create(
      state,
      'Nightly',
      { ScheduleExpression: 'rate(1 day)' },
      ctx,
    );

    // Assess
    expect(result.physicalId).toMatch(/^platform-Nightly-[A-Z0-9]{12}$/);
    expect(result.attributes).toEqual({
      Arn: `arn:aws:events:eu-west-1:111111111111:rule/${result.physicalId}`,
    });
    expect({ ...state, seq: 0 }).toEqual({ ...before, seq: 0 });
  });

  it('names an IAM role after its RoleName, else a generated name, with its Arn and RoleId', () => {
    // Prepare
    const handler = handlerFor('AWS::IAM::Role');

    // Act
    const named = handler.create(
      state,
      'TaskRole',
      { RoleName: 'api-task', Path: '/service/' },
      ctx,
    );
    const unnamed = handler.create(state, 'ServiceapiTaskDefinitionTaskRole869804AF', {}, ctx);

    // Assess
    expect(named.physicalId).toBe('api-task');
    expect(named.attributes).toEqual({
      Arn: 'arn:aws:iam::111111111111:role/service/api-task',
      RoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}$/),
    });
    expect(unnamed.physicalId.length).toBeLessThanOrEqual(64);
    expect(handler.replaceOn).toContain('RoleName');
  });

  it('gives network resources EC2-style ids and their attributes', () => {
    // Prepare
    const create = (type: string, props: Record<string, unknown>) =>
      handlerFor(type).create(state, 'Resource', props, ctx);

    // Act
    const table = create('AWS::EC2::RouteTable', { VpcId: 'vpc-1' });
    const route = create('AWS::EC2::Route', {
      RouteTableId: table.physicalId,
      DestinationCidrBlock: '0.0.0.0/0',
    });
    const address = create('AWS::EC2::EIP', { Domain: 'vpc' });
    const nat = create('AWS::EC2::NatGateway', {
      AllocationId: address.attributes.AllocationId,
      SubnetId: 'subnet-1',
    });

    // Assess
    expect(table.physicalId).toMatch(/^rtb-[0-9a-f]{17}$/);
    expect(table.attributes).toEqual({ RouteTableId: table.physicalId });
    expect(route.physicalId).toBe(`${table.physicalId}|0.0.0.0/0`);
    expect(address.physicalId).toMatch(/^52\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    expect(address.attributes).toEqual({
      PublicIp: address.physicalId,
      AllocationId: expect.stringMatching(/^eipalloc-[0-9a-f]{17}$/),
    });
    expect(nat.attributes).toEqual({ NatGatewayId: expect.stringMatching(/^nat-[0-9a-f]{17}$/) });
  });

  it('identifies scaling targets, topics and log groups as AWS does', () => {
    // Prepare
    const target = {
      ResourceId: 'service/staging/api',
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
    };

    // Act
    const scalable = handlerFor('AWS::ApplicationAutoScaling::ScalableTarget').create(
      state,
      'Target',
      target,
      ctx,
    );
    const topic = handlerFor('AWS::SNS::Topic').create(
      state,
      'Alerts',
      { TopicName: 'alerts' },
      ctx,
    );
    const logs = handlerFor('AWS::Logs::LogGroup').create(
      state,
      'Logs',
      { LogGroupName: '/ecs/api' },
      ctx,
    );

    // Assess
    expect(scalable.physicalId).toBe('service/staging/api|ecs:service:DesiredCount|ecs');
    expect(topic).toEqual({
      physicalId: 'alerts',
      ref: 'arn:aws:sns:eu-west-1:111111111111:alerts',
      attributes: { TopicArn: 'arn:aws:sns:eu-west-1:111111111111:alerts', TopicName: 'alerts' },
    });
    expect(logs.attributes).toEqual({
      Arn: 'arn:aws:logs:eu-west-1:111111111111:log-group:/ecs/api:*',
    });
  });

  it('names a bucket in lower case, as bucket names must be', () => {
    // Prepare
    const handler = handlerFor('AWS::S3::Bucket');

    // Act
    const bucket = handler.create(state, 'ArtifactsBucket7410C9EF', {}, ctx);

    // Assess
    expect(bucket.physicalId).toMatch(/^platform-artifactsbucket7410c9ef-[a-z0-9]{12}$/);
    expect(bucket.attributes.Arn).toBe(`arn:aws:s3:::${bucket.physicalId}`);
  });

  it('keeps the physical id through an update', () => {
    // Prepare
    const handler = handlerFor('AWS::CloudWatch::Alarm');
    const created = handler.create(state, 'Cpu', { Threshold: 80 }, ctx);

    // Act
    const updated = handler.update(
      state,
      'Cpu',
      created.physicalId,
      { Threshold: 80 },
      { Threshold: 90 },
      ctx,
    );

    // Assess
    expect(updated).toEqual(created);
  });

  it('provisions the platform types into the services and leaves the rest opaque', () => {
    // Prepare
    const expected = [
      'AWS::EC2::InternetGateway',
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::SecurityGroupEgress',
      'AWS::EC2::SecurityGroupIngress',
      'AWS::EC2::Subnet',
      'AWS::EC2::VPC',
      'AWS::EC2::VPCGatewayAttachment',
      'AWS::ECS::Cluster',
      'AWS::ECS::Service',
      'AWS::ECS::TaskDefinition',
      'AWS::ElasticLoadBalancingV2::Listener',
      'AWS::ElasticLoadBalancingV2::ListenerRule',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'AWS::RDS::DBInstance',
      'AWS::RDS::DBSubnetGroup',
      'AWS::SecretsManager::Secret',
      'AWS::SecretsManager::SecretTargetAttachment',
    ];

    // Act
    const types = provisionedTypes();

    // Assess
    expect(types).toEqual(expected);
  });
});
