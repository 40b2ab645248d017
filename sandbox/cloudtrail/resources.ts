/**
 * The resources a recorded call names, as CloudTrail lists them in an event's `Resources`: the
 * identifiers of the request (cluster and service names, DB identifiers, load balancer and target
 * group names or ARNs, topic names or ARNs, ...). An identifier sent as an ARN is listed as sent and
 * also by the resource's name, so a lookup by either finds the event.
 */
import type { TrailResource } from './state.js';

/** A resource type, or how to tell it from the operation (ELBv2's `Name`) or from an ARN. */
type TypeRule = string | ((operation: string) => string | undefined) | 'arn';

const ELB = 'AWS::ElasticLoadBalancingV2';

/** The request members that identify resources, per signing name. */
const MEMBERS: Readonly<Record<string, Readonly<Record<string, TypeRule>>>> = {
  ecs: {
    cluster: 'AWS::ECS::Cluster',
    clusterName: 'AWS::ECS::Cluster',
    service: 'AWS::ECS::Service',
    serviceName: 'AWS::ECS::Service',
    taskDefinition: 'AWS::ECS::TaskDefinition',
    family: 'AWS::ECS::TaskDefinition',
    resourceArn: 'arn',
  },
  rds: {
    DBInstanceIdentifier: 'AWS::RDS::DBInstance',
    DBSubnetGroupName: 'AWS::RDS::DBSubnetGroup',
    ResourceName: 'arn',
  },
  elasticloadbalancing: {
    Name: (operation) =>
      operation === 'CreateLoadBalancer'
        ? `${ELB}::LoadBalancer`
        : operation === 'CreateTargetGroup'
          ? `${ELB}::TargetGroup`
          : undefined,
    LoadBalancerArn: `${ELB}::LoadBalancer`,
    TargetGroupArn: `${ELB}::TargetGroup`,
    ListenerArn: `${ELB}::Listener`,
    ResourceArns: 'arn',
  },
  ec2: {
    GroupId: 'AWS::EC2::SecurityGroup',
    GroupName: 'AWS::EC2::SecurityGroup',
    VpcId: 'AWS::EC2::VPC',
    SubnetId: 'AWS::EC2::Subnet',
    InternetGatewayId: 'AWS::EC2::InternetGateway',
    ResourceId: 'arn',
  },
  secretsmanager: { SecretId: 'AWS::SecretsManager::Secret', Name: 'AWS::SecretsManager::Secret' },
  ssm: { Name: 'AWS::SSM::Parameter', Names: 'AWS::SSM::Parameter' },
  cloudformation: {
    StackName: 'AWS::CloudFormation::Stack',
    ChangeSetName: 'AWS::CloudFormation::ChangeSet',
  },
  sns: {
    Name: (operation) => (operation === 'CreateTopic' ? 'AWS::SNS::Topic' : undefined),
    TopicArn: 'AWS::SNS::Topic',
    SubscriptionArn: 'AWS::SNS::Subscription',
    ResourceArn: 'arn',
  },
  sqs: { QueueName: 'AWS::SQS::Queue', QueueUrl: 'AWS::SQS::Queue' },
  s3: { bucketName: 'AWS::S3::Bucket' },
  dynamodb: { TableName: 'AWS::DynamoDB::Table', ResourceArn: 'arn' },
  sts: { RoleArn: 'AWS::IAM::Role' },
};

/** Resource types by ARN service and resource prefix, and EC2 ids by prefix. */
const ARN_TYPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\//, 'AWS::ECS::Cluster'],
  [/^arn:[^:]+:ecs:[^:]*:[^:]*:service\//, 'AWS::ECS::Service'],
  [/^arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\//, 'AWS::ECS::TaskDefinition'],
  [/^arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:loadbalancer\//, `${ELB}::LoadBalancer`],
  [/^arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:targetgroup\//, `${ELB}::TargetGroup`],
  [/^arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:listener\//, `${ELB}::Listener`],
  [/^arn:[^:]+:rds:[^:]*:[^:]*:db:/, 'AWS::RDS::DBInstance'],
  [/^arn:[^:]+:rds:[^:]*:[^:]*:subgrp:/, 'AWS::RDS::DBSubnetGroup'],
  [/^arn:[^:]+:sns:[^:]*:[^:]*:[^:]+:/, 'AWS::SNS::Subscription'],
  [/^arn:[^:]+:sns:/, 'AWS::SNS::Topic'],
  [/^arn:[^:]+:secretsmanager:/, 'AWS::SecretsManager::Secret'],
  [/^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\//, 'AWS::SSM::Parameter'],
  [/^arn:[^:]+:cloudformation:[^:]*:[^:]*:stack\//, 'AWS::CloudFormation::Stack'],
  [/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\//, 'AWS::DynamoDB::Table'],
  [/^sg-/, 'AWS::EC2::SecurityGroup'],
  [/^vpc-/, 'AWS::EC2::VPC'],
  [/^subnet-/, 'AWS::EC2::Subnet'],
  [/^igw-/, 'AWS::EC2::InternetGateway'],
];

function typeOfArn(arn: string): string | undefined {
  return ARN_TYPES.find(([pattern]) => pattern.test(arn))?.[1];
}

/**
 * The name inside an ARN: the last path segment (ECS, SSM, DynamoDB, CloudFormation), the name before
 * the id (ELBv2 `loadbalancer/app/<name>/<id>`, `targetgroup/<name>/<id>`), or the last `:` field.
 */
export function nameInArn(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const resource = arn.split(':').slice(5).join(':');
  const elb = /^(?:loadbalancer\/(?:app|net|gwy)|targetgroup)\/([^/]+)\/[^/]+$/.exec(resource);
  if (elb?.[1] !== undefined) return elb[1];
  if (/^(?:stack|changeSet)\//.test(resource)) return resource.split('/')[1];
  if (resource.includes('/')) return resource.split('/').at(-1);
  const parts = arn.split(':');
  return parts.at(-1) === '' ? undefined : parts[parts.length - 1];
}

function identifiers(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The resources a call to `operation` of the service signed as `signingName` names in `input`. */
export function resourcesOf(
  signingName: string,
  operation: string,
  input: Readonly<Record<string, unknown>>,
): TrailResource[] {
  const members = MEMBERS[signingName] ?? {};
  const resources: TrailResource[] = [];
  const add = (type: string | undefined, name: string | undefined) => {
    if (type === undefined || name === undefined || name === '') return;
    if (resources.some((r) => r.ResourceType === type && r.ResourceName === name)) return;
    resources.push({ ResourceType: type, ResourceName: name });
  };
  for (const [member, rule] of Object.entries(members)) {
    if (!Object.hasOwn(input, member)) continue;
    for (const identifier of identifiers(input[member])) {
      const type =
        rule === 'arn'
          ? typeOfArn(identifier)
          : typeof rule === 'function'
            ? rule(operation)
            : rule;
      add(type, identifier);
      add(type, nameInArn(identifier));
    }
  }
  return resources;
}
