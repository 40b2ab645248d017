/** EC2 internet gateway operations. */
import { AwsError, type OperationHandler } from '../service.js';
import {
  applyFilters,
  ec2Input,
  findAll,
  findOne,
  newEc2Id,
  paginate,
  tagsFromSpecifications,
} from './common.js';
import type { InternetGatewayRecord } from './state.js';

/** An internet gateway as the SDK's `InternetGateway`. */
function internetGatewayOutput(gateway: InternetGatewayRecord): Record<string, unknown> {
  return {
    InternetGatewayId: gateway.InternetGatewayId,
    OwnerId: gateway.OwnerId,
    Attachments: gateway.AttachedVpcId
      ? [{ State: 'available', VpcId: gateway.AttachedVpcId }]
      : [],
    Tags: gateway.Tags.length > 0 ? gateway.Tags : undefined,
  };
}

/** CreateInternetGateway: a detached gateway, tagged from its tag specifications. */
export const createInternetGateway: OperationHandler = (state, raw, ctx) => {
  const gateway: InternetGatewayRecord = {
    InternetGatewayId: newEc2Id(state, 'igw'),
    OwnerId: ctx.accountId,
    Tags: tagsFromSpecifications(ec2Input(raw), 'internet-gateway'),
  };
  state.ec2.internetGateways[gateway.InternetGatewayId] = gateway;
  return { InternetGateway: internetGatewayOutput(gateway) };
};

/**
 * AttachInternetGateway: one gateway per VPC and one VPC per gateway
 * (`Resource.AlreadyAssociated`).
 */
export const attachInternetGateway: OperationHandler = (state, raw) => {
  const input = ec2Input(raw);
  const gateway = findOne(
    'internetGateway',
    state.ec2.internetGateways,
    input.requiredString('InternetGatewayId'),
  );
  const vpc = findOne('vpc', state.ec2.vpcs, input.requiredString('VpcId'));
  if (gateway.AttachedVpcId !== undefined) {
    throw new AwsError(
      'Resource.AlreadyAssociated',
      `resource ${gateway.InternetGatewayId} is already attached to network ${gateway.AttachedVpcId}`,
    );
  }
  const other = Object.values(state.ec2.internetGateways).find(
    (g) => g.AttachedVpcId === vpc.VpcId,
  );
  if (other) {
    throw new AwsError(
      'Resource.AlreadyAssociated',
      `Network ${vpc.VpcId} already has an internet gateway attached`,
    );
  }
  gateway.AttachedVpcId = vpc.VpcId;
  return { Return: true };
};

/** DetachInternetGateway: `Gateway.NotAttached` unless attached to that VPC. */
export const detachInternetGateway: OperationHandler = (state, raw) => {
  const input = ec2Input(raw);
  const gateway = findOne(
    'internetGateway',
    state.ec2.internetGateways,
    input.requiredString('InternetGatewayId'),
  );
  const vpcId = input.requiredString('VpcId');
  if (gateway.AttachedVpcId !== vpcId) {
    throw new AwsError(
      'Gateway.NotAttached',
      `resource ${gateway.InternetGatewayId} is not attached to network ${vpcId}`,
    );
  }
  delete gateway.AttachedVpcId;
  return { Return: true };
};

/** DeleteInternetGateway: refused with `DependencyViolation` while attached. */
export const deleteInternetGateway: OperationHandler = (state, raw) => {
  const gateway = findOne(
    'internetGateway',
    state.ec2.internetGateways,
    ec2Input(raw).requiredString('InternetGatewayId'),
  );
  if (gateway.AttachedVpcId !== undefined) {
    throw new AwsError(
      'DependencyViolation',
      `The internetGateway '${gateway.InternetGatewayId}' has dependencies and cannot be deleted.`,
    );
  }
  delete state.ec2.internetGateways[gateway.InternetGatewayId];
  return { Return: true };
};

/**
 * DescribeInternetGateways by id, `internet-gateway-id`, `attachment.vpc-id`, `attachment.state`,
 * `owner-id` and tag filters.
 */
export const describeInternetGateways: OperationHandler = (state, raw) => {
  const input = ec2Input(raw);
  const ids = input.strings('InternetGatewayId') ?? [];
  const selected =
    ids.length > 0
      ? findAll('internetGateway', state.ec2.internetGateways, ids)
      : Object.values(state.ec2.internetGateways);
  const filtered = applyFilters(selected, input, {
    'internet-gateway-id': (g) => [g.InternetGatewayId],
    'attachment.vpc-id': (g) => [g.AttachedVpcId],
    'attachment.state': (g) => (g.AttachedVpcId ? ['available'] : []),
    'owner-id': (g) => [g.OwnerId],
  });
  const { page, NextToken } = paginate(
    filtered,
    input,
    ids.length > 0 ? 'InternetGatewayId' : undefined,
  );
  return { InternetGateways: page.map(internetGatewayOutput), NextToken };
};
