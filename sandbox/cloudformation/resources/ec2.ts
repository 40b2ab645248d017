/**
 * EC2 network resources in the EC2 emulation: VPCs, subnets, internet gateways and their VPC
 * attachments, made through the EC2 operation handlers.
 */

import { findOne } from '../../ec2/common.js';
import { defaultSecurityGroupId } from '../../ec2/security-groups.js';
import { ec2Service } from '../../ec2/service.js';
import { stableHex } from '../../shared/hex-ids.js';
import type { SandboxState } from '../../state.js';
import type { ProvisionResult, StackContext } from '../contract.js';
import {
  changes,
  flag,
  type Handlers,
  ignoreNotFound,
  invoke,
  type Properties,
  queryInput,
  requiredText,
  resourceTags,
  retag,
  text,
} from './support.js';

/** Calls an EC2 operation with members in their wire form. */
export function ec2(
  operation: string,
  state: SandboxState,
  members: Record<string, unknown>,
  ctx: StackContext,
): Record<string, unknown> {
  return invoke(ec2Service, operation, state, queryInput(members), ctx);
}

/** The `TagSpecification` of a create call carrying the template's tags. */
export function tagSpecification(
  resourceType: string,
  props: Properties,
  ctx: StackContext,
): Record<string, unknown> {
  const tags = resourceTags(props, ctx);
  return tags.length === 0 ? {} : { TagSpecification: [{ ResourceType: resourceType, Tag: tags }] };
}

function vpcResult(state: SandboxState, vpcId: string): ProvisionResult {
  const vpc = findOne('vpc', state.ec2.vpcs, vpcId);
  return {
    physicalId: vpcId,
    attributes: {
      VpcId: vpcId,
      CidrBlock: vpc.CidrBlock,
      CidrBlockAssociations: [vpc.CidrAssociationId],
      DefaultNetworkAcl: `acl-${stableHex(`acl:${vpcId}`, 17)}`,
      DefaultSecurityGroup: defaultSecurityGroupId(state, vpcId) ?? '',
      Ipv6CidrBlocks: [],
    },
  };
}

function subnetResult(state: SandboxState, subnetId: string): ProvisionResult {
  const subnet = findOne('subnet', state.ec2.subnets, subnetId);
  return {
    physicalId: subnetId,
    attributes: {
      SubnetId: subnetId,
      VpcId: subnet.VpcId,
      CidrBlock: subnet.CidrBlock,
      AvailabilityZone: subnet.AvailabilityZone,
      AvailabilityZoneId: subnet.AvailabilityZoneId,
      NetworkAclAssociationId: `aclassoc-${stableHex(`aclassoc:${subnetId}`, 17)}`,
      Ipv6CidrBlocks: [],
    },
  };
}

/** The VPC an attachment's physical id (`IGW|vpc-...`) names. */
function attachedVpc(physicalId: string): string {
  return physicalId.split('|')[1] ?? '';
}

function attach(
  state: SandboxState,
  props: Properties,
  logicalId: string,
  ctx: StackContext,
): ProvisionResult {
  const vpcId = requiredText(props, 'VpcId', logicalId);
  const gatewayId = text(props, 'InternetGatewayId');
  if (gatewayId !== undefined) {
    ec2('AttachInternetGateway', state, { InternetGatewayId: gatewayId, VpcId: vpcId }, ctx);
  } else {
    requiredText(props, 'VpnGatewayId', logicalId);
  }
  const kind = gatewayId === undefined ? 'VGW' : 'IGW';
  return { physicalId: `${kind}|${vpcId}`, attributes: { Id: `${kind}|${vpcId}` } };
}

function detach(state: SandboxState, physicalId: string, ctx: StackContext): void {
  const vpcId = attachedVpc(physicalId);
  const gateway = Object.values(state.ec2.internetGateways).find((g) => g.AttachedVpcId === vpcId);
  if (!physicalId.startsWith('IGW|') || gateway === undefined) return;
  const members = { InternetGatewayId: gateway.InternetGatewayId, VpcId: vpcId };
  ignoreNotFound(() => ec2('DetachInternetGateway', state, members, ctx));
}

/** `AWS::EC2::VPC`, `AWS::EC2::Subnet`, `AWS::EC2::InternetGateway`, `AWS::EC2::VPCGatewayAttachment`. */
export const ec2NetworkHandlers: Handlers = {
  'AWS::EC2::VPC': {
    replaceOn: ['CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength'],
    create(state, logicalId, props, ctx) {
      const members = {
        CidrBlock: requiredText(props, 'CidrBlock', logicalId),
        InstanceTenancy: text(props, 'InstanceTenancy'),
        ...tagSpecification('vpc', props, ctx),
      };
      const { Vpc } = ec2('CreateVpc', state, members, ctx) as { Vpc: { VpcId: string } };
      retag(findOne('vpc', state.ec2.vpcs, Vpc.VpcId), props, ctx, logicalId);
      return vpcResult(state, Vpc.VpcId);
    },
    update(state, _logicalId, physicalId, previous, props, ctx) {
      ec2('DescribeVpcs', state, { VpcId: [physicalId] }, ctx);
      const vpc = findOne('vpc', state.ec2.vpcs, physicalId);
      if (changes(previous, props, ['InstanceTenancy']).length > 0) {
        vpc.InstanceTenancy = text(props, 'InstanceTenancy') ?? 'default';
      }
      retag(vpc, props, ctx);
      return vpcResult(state, physicalId);
    },
    delete(state, physicalId, _props, ctx) {
      ignoreNotFound(() => ec2('DeleteVpc', state, { VpcId: physicalId }, ctx));
    },
  },
  'AWS::EC2::Subnet': {
    replaceOn: [
      'VpcId',
      'CidrBlock',
      'AvailabilityZone',
      'AvailabilityZoneId',
      'Ipv4IpamPoolId',
      'Ipv4NetmaskLength',
      'Ipv6Native',
      'OutpostArn',
    ],
    create(state, logicalId, props, ctx) {
      const members = {
        VpcId: requiredText(props, 'VpcId', logicalId),
        CidrBlock: text(props, 'CidrBlock'),
        AvailabilityZone: text(props, 'AvailabilityZone'),
        AvailabilityZoneId: text(props, 'AvailabilityZoneId'),
        ...tagSpecification('subnet', props, ctx),
      };
      const { Subnet } = ec2('CreateSubnet', state, members, ctx) as {
        Subnet: { SubnetId: string };
      };
      const subnet = findOne('subnet', state.ec2.subnets, Subnet.SubnetId);
      subnet.MapPublicIpOnLaunch = flag(props, 'MapPublicIpOnLaunch') ?? false;
      retag(subnet, props, ctx, logicalId);
      return subnetResult(state, Subnet.SubnetId);
    },
    update(state, _logicalId, physicalId, _previous, props, ctx) {
      ec2('DescribeSubnets', state, { SubnetId: [physicalId] }, ctx);
      const subnet = findOne('subnet', state.ec2.subnets, physicalId);
      subnet.MapPublicIpOnLaunch = flag(props, 'MapPublicIpOnLaunch') ?? false;
      retag(subnet, props, ctx);
      return subnetResult(state, physicalId);
    },
    delete(state, physicalId, _props, ctx) {
      ignoreNotFound(() => ec2('DeleteSubnet', state, { SubnetId: physicalId }, ctx));
    },
  },
  'AWS::EC2::InternetGateway': {
    replaceOn: [],
    create(state, logicalId, props, ctx) {
      const members = tagSpecification('internet-gateway', props, ctx);
      const { InternetGateway } = ec2('CreateInternetGateway', state, members, ctx) as {
        InternetGateway: { InternetGatewayId: string };
      };
      const id = InternetGateway.InternetGatewayId;
      retag(findOne('internetGateway', state.ec2.internetGateways, id), props, ctx, logicalId);
      return { physicalId: id, attributes: { InternetGatewayId: id } };
    },
    update(state, _logicalId, physicalId, _previous, props, ctx) {
      ec2('DescribeInternetGateways', state, { InternetGatewayId: [physicalId] }, ctx);
      retag(findOne('internetGateway', state.ec2.internetGateways, physicalId), props, ctx);
      return { physicalId, attributes: { InternetGatewayId: physicalId } };
    },
    delete(state, physicalId, _props, ctx) {
      const members = { InternetGatewayId: physicalId };
      ignoreNotFound(() => ec2('DeleteInternetGateway', state, members, ctx));
    },
  },
  'AWS::EC2::VPCGatewayAttachment': {
    replaceOn: ['VpcId'],
    create: (state, logicalId, props, ctx) => attach(state, props, logicalId, ctx),
    update(state, logicalId, physicalId, previous, props, ctx) {
      if (changes(previous, props, ['InternetGatewayId', 'VpnGatewayId']).length === 0) {
        return { physicalId, attributes: { Id: physicalId } };
      }
      detach(state, physicalId, ctx);
      return attach(state, props, logicalId, ctx);
    },
    delete: (state, physicalId, _props, ctx) => detach(state, physicalId, ctx),
  },
};
