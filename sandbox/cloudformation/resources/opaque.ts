/**
 * Resource types no emulation holds (IAM, CloudWatch Logs and alarms, Application Auto Scaling,
 * SNS, KMS, route tables, NAT gateways, CDK metadata, ...): a handler keeps nothing in any service's
 * state, and gives the resource a plausible physical id, `Ref` and attributes, so that templates
 * that reference them resolve as they would on AWS.
 */

import { newEc2Id } from '../../ec2/common.js';
import { stableChars, stableHex } from '../../shared/hex-ids.js';
import { nextHex, nextUuid } from '../../shared/ids.js';
import type { SandboxState } from '../../state.js';
import type { ProvisionResult, ResourceTypeHandler, StackContext } from '../contract.js';
import { generatedName, type Properties, text } from './support.js';

/** How a type's resources are identified, as AWS identifies them. */
interface Convention {
  readonly replaceOn: readonly string[];
  readonly nameProperty?: string;
  /** The physical id of a new resource. @default - the name property's value, else a generated name */
  readonly id?: (
    state: SandboxState,
    logicalId: string,
    props: Properties,
    ctx: StackContext,
  ) => string;
  /** What `Ref` returns, when not the physical id. */
  readonly ref?: (id: string, props: Properties, ctx: StackContext) => unknown;
  readonly attributes?: (
    id: string,
    props: Properties,
    ctx: StackContext,
  ) => Record<string, unknown>;
  readonly maxLength?: number;
  readonly lowercase?: boolean;
}

const arn = (ctx: StackContext, service: string, resource: string, regional = true) =>
  `arn:aws:${service}:${regional ? ctx.region : ''}:${ctx.accountId}:${resource}`;

const ec2Id = (prefix: string) => (state: SandboxState) => newEc2Id(state, prefix);

/** Conventions by type; types not listed get a generated name and an `Arn` built from it. */
const CONVENTIONS: Readonly<Record<string, Convention>> = {
  'AWS::IAM::Role': {
    replaceOn: ['RoleName', 'Path'],
    nameProperty: 'RoleName',
    maxLength: 64,
    attributes: (id, props, ctx) => {
      const roleArn = arn(ctx, 'iam', `role${text(props, 'Path') ?? '/'}${id}`, false);
      return {
        Arn: roleArn,
        RoleId: `AROA${stableChars(roleArn, 17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      };
    },
  },
  'AWS::IAM::Policy': { replaceOn: [], maxLength: 128, attributes: (id) => ({ Id: id }) },
  'AWS::IAM::ManagedPolicy': {
    replaceOn: ['ManagedPolicyName', 'Path'],
    nameProperty: 'ManagedPolicyName',
    ref: (id, props, ctx) => arn(ctx, 'iam', `policy${text(props, 'Path') ?? '/'}${id}`, false),
    attributes: (id, props, ctx) => ({
      PolicyArn: arn(ctx, 'iam', `policy${text(props, 'Path') ?? '/'}${id}`, false),
    }),
  },
  'AWS::Logs::LogGroup': {
    replaceOn: ['LogGroupName'],
    nameProperty: 'LogGroupName',
    maxLength: 512,
    attributes: (id, _props, ctx) => ({ Arn: arn(ctx, 'logs', `log-group:${id}:*`) }),
  },
  'AWS::CloudWatch::Alarm': {
    replaceOn: ['AlarmName'],
    nameProperty: 'AlarmName',
    attributes: (id, _props, ctx) => ({ Arn: arn(ctx, 'cloudwatch', `alarm:${id}`) }),
  },
  'AWS::ApplicationAutoScaling::ScalableTarget': {
    replaceOn: ['ResourceId', 'ScalableDimension', 'ServiceNamespace'],
    id: (_state, _logicalId, props) =>
      ['ResourceId', 'ScalableDimension', 'ServiceNamespace']
        .map((key) => text(props, key) ?? '')
        .join('|'),
    attributes: (id) => ({ Id: id }),
  },
  'AWS::ApplicationAutoScaling::ScalingPolicy': {
    replaceOn: [
      'PolicyName',
      'PolicyType',
      'ResourceId',
      'ScalableDimension',
      'ScalingTargetId',
      'ServiceNamespace',
    ],
    id: (state, logicalId, props, ctx) => {
      const target = (text(props, 'ScalingTargetId') ?? text(props, 'ResourceId') ?? '').split('|');
      const resource = `${text(props, 'ServiceNamespace') ?? target[2] ?? 'ecs'}/${target[0] ?? ''}`;
      const name = text(props, 'PolicyName') ?? logicalId;
      return arn(
        ctx,
        'autoscaling',
        `scalingPolicy:${nextUuid(state, 'scaling-policy')}:resource/${resource}:policyName/${name}`,
      );
    },
    attributes: (id) => ({ Arn: id }),
  },
  'AWS::SNS::Topic': {
    replaceOn: ['TopicName', 'FifoTopic'],
    nameProperty: 'TopicName',
    ref: (id, _props, ctx) => arn(ctx, 'sns', id),
    attributes: (id, _props, ctx) => ({ TopicArn: arn(ctx, 'sns', id), TopicName: id }),
  },
  'AWS::SNS::Subscription': {
    replaceOn: ['Endpoint', 'Protocol', 'TopicArn'],
    id: (state, _logicalId, props) =>
      `${text(props, 'TopicArn') ?? ''}:${nextUuid(state, 'sns-subscription')}`,
    attributes: (id) => ({ Arn: id }),
  },
  'AWS::KMS::Key': {
    replaceOn: [],
    id: (state) => nextUuid(state, 'kms-key'),
    attributes: (id, _props, ctx) => ({ Arn: arn(ctx, 'kms', `key/${id}`), KeyId: id }),
  },
  'AWS::KMS::Alias': { replaceOn: ['AliasName'], nameProperty: 'AliasName' },
  'AWS::EC2::RouteTable': {
    replaceOn: ['VpcId'],
    id: ec2Id('rtb'),
    attributes: (id) => ({ RouteTableId: id }),
  },
  'AWS::EC2::Route': {
    replaceOn: [
      'RouteTableId',
      'DestinationCidrBlock',
      'DestinationIpv6CidrBlock',
      'DestinationPrefixListId',
    ],
    id: (_state, _logicalId, props) =>
      `${text(props, 'RouteTableId') ?? ''}|${text(props, 'DestinationCidrBlock') ?? text(props, 'DestinationIpv6CidrBlock') ?? text(props, 'DestinationPrefixListId') ?? ''}`,
  },
  'AWS::EC2::SubnetRouteTableAssociation': {
    replaceOn: ['SubnetId'],
    id: ec2Id('rtbassoc'),
    attributes: (id) => ({ Id: id }),
  },
  'AWS::EC2::EIP': {
    replaceOn: ['Domain', 'NetworkBorderGroup', 'PublicIpv4Pool', 'TransferAddress'],
    id: (state) => {
      const hex = nextHex(state, 'eip', 6);
      return `52.${[0, 2, 4].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join('.')}`;
    },
    attributes: (id) => ({ PublicIp: id, AllocationId: `eipalloc-${stableHex(`eip:${id}`, 17)}` }),
  },
  'AWS::EC2::NatGateway': {
    replaceOn: ['AllocationId', 'ConnectivityType', 'PrivateIpAddress', 'SubnetId'],
    id: ec2Id('nat'),
    attributes: (id) => ({ NatGatewayId: id }),
  },
  'AWS::EC2::VPCEndpoint': {
    replaceOn: ['ServiceName', 'VpcEndpointType', 'VpcId'],
    id: ec2Id('vpce'),
    attributes: (id) => ({ Id: id, DnsEntries: [], NetworkInterfaceIds: [] }),
  },
  'AWS::S3::Bucket': {
    replaceOn: ['BucketName', 'ObjectLockEnabled'],
    nameProperty: 'BucketName',
    maxLength: 63,
    lowercase: true,
    attributes: (id, _props, ctx) => ({
      Arn: `arn:aws:s3:::${id}`,
      DomainName: `${id}.s3.amazonaws.com`,
      RegionalDomainName: `${id}.s3.${ctx.region}.amazonaws.com`,
    }),
  },
  'AWS::CDK::Metadata': { replaceOn: [] },
};

/** The service part of a type's ARN: `AWS::Lambda::Function` → `lambda`. */
function serviceOf(type: string): string {
  return (type.split('::')[1] ?? 'cloudformation').toLowerCase();
}

function result(
  type: string,
  convention: Convention,
  id: string,
  props: Properties,
  ctx: StackContext,
): ProvisionResult {
  const resourceType = (type.split('::')[2] ?? 'resource').toLowerCase();
  const attributes =
    convention.attributes?.(id, props, ctx) ??
    (CONVENTIONS[type] === undefined
      ? { Arn: arn(ctx, serviceOf(type), `${resourceType}/${id}`) }
      : {});
  const ref = convention.ref?.(id, props, ctx);
  return { physicalId: id, ...(ref === undefined ? {} : { ref }), attributes };
}

/** The handler of a type no emulation holds (see the module comment). */
export function opaqueHandler(type: string): ResourceTypeHandler {
  const convention = CONVENTIONS[type] ?? { replaceOn: [] };
  return {
    replaceOn: convention.replaceOn,
    ...(convention.nameProperty === undefined ? {} : { nameProperty: convention.nameProperty }),
    create(state, logicalId, props, ctx) {
      const named =
        convention.nameProperty === undefined ? undefined : text(props, convention.nameProperty);
      const options = {
        ...(convention.maxLength === undefined ? {} : { maxLength: convention.maxLength }),
        ...(convention.lowercase === undefined ? {} : { lowercase: convention.lowercase }),
      };
      const id =
        convention.id?.(state, logicalId, props, ctx) ??
        named ??
        generatedName(state, ctx, logicalId, options);
      return result(type, convention, id, props, ctx);
    },
    update: (_state, _logicalId, physicalId, _previous, props, ctx) =>
      result(type, convention, physicalId, props, ctx),
    delete() {},
  };
}
