/** EC2 VPC, subnet and availability-zone operations. */
import { AwsError, type OperationHandler, type ServiceContext } from '../service.js';
import { cidrContains, cidrOverlaps, parseCidr, usableAddresses } from './cidr.js';
import {
  applyFilters,
  availabilityZones,
  ec2Input,
  findAll,
  findOne,
  invalidParameter,
  newEc2Id,
  paginate,
  tagsFromSpecifications,
} from './common.js';
import { createDefaultSecurityGroup } from './security-groups.js';
import type { SubnetRecord, VpcRecord } from './state.js';

/** A VPC as the SDK's `Vpc`. */
export function vpcOutput(vpc: VpcRecord): Record<string, unknown> {
  return {
    VpcId: vpc.VpcId,
    OwnerId: vpc.OwnerId,
    State: 'available',
    CidrBlock: vpc.CidrBlock,
    CidrBlockAssociationSet: [
      {
        AssociationId: vpc.CidrAssociationId,
        CidrBlock: vpc.CidrBlock,
        CidrBlockState: { State: 'associated' },
      },
    ],
    DhcpOptionsId: vpc.DhcpOptionsId,
    InstanceTenancy: vpc.InstanceTenancy,
    IsDefault: vpc.IsDefault,
    BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
    Tags: vpc.Tags.length > 0 ? vpc.Tags : undefined,
  };
}

/** A subnet as the SDK's `Subnet`. */
export function subnetOutput(subnet: SubnetRecord, ctx: ServiceContext): Record<string, unknown> {
  const cidr = parseCidr(subnet.CidrBlock);
  return {
    SubnetId: subnet.SubnetId,
    SubnetArn: `arn:aws:ec2:${ctx.region}:${subnet.OwnerId}:subnet/${subnet.SubnetId}`,
    VpcId: subnet.VpcId,
    OwnerId: subnet.OwnerId,
    State: 'available',
    CidrBlock: subnet.CidrBlock,
    AvailableIpAddressCount: cidr ? usableAddresses(cidr) : 0,
    AvailabilityZone: subnet.AvailabilityZone,
    AvailabilityZoneId: subnet.AvailabilityZoneId,
    DefaultForAz: false,
    MapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch,
    MapCustomerOwnedIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: {
      HostnameType: 'ip-name',
      EnableResourceNameDnsARecord: false,
      EnableResourceNameDnsAAAARecord: false,
    },
    BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
    Tags: subnet.Tags.length > 0 ? subnet.Tags : undefined,
  };
}

function checkCidr(text: string): NonNullable<ReturnType<typeof parseCidr>> {
  const cidr = parseCidr(text);
  if (!cidr) {
    throw invalidParameter(
      `Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    );
  }
  return cidr;
}

/** CreateVpc: a /16 to /28 block; the VPC gets its `default` security group, as on AWS. */
export const createVpc: OperationHandler = (state, raw, ctx) => {
  const input = ec2Input(raw);
  const cidrText = input.requiredString('CidrBlock');
  const cidr = checkCidr(cidrText);
  if (cidr.prefix < 16 || cidr.prefix > 28) {
    throw new AwsError('InvalidVpc.Range', `The CIDR '${cidrText}' is invalid.`);
  }
  const tenancy = input.string('InstanceTenancy') ?? 'default';
  if (tenancy !== 'default' && tenancy !== 'dedicated') {
    throw invalidParameter(`Value (${tenancy}) for parameter instanceTenancy is invalid.`);
  }
  const tags = tagsFromSpecifications(input, 'vpc');
  const vpc: VpcRecord = {
    VpcId: newEc2Id(state, 'vpc'),
    OwnerId: ctx.accountId,
    CidrBlock: cidrText,
    CidrAssociationId: newEc2Id(state, 'vpc-cidr-assoc'),
    DhcpOptionsId: newEc2Id(state, 'dopt'),
    InstanceTenancy: tenancy,
    IsDefault: false,
    Tags: tags,
  };
  state.ec2.vpcs[vpc.VpcId] = vpc;
  createDefaultSecurityGroup(state, vpc, ctx);
  return { Vpc: vpcOutput(vpc) };
};

/**
 * DescribeVpcs by id (`InvalidVpcID.NotFound` for unknown ids) and by `vpc-id`, `cidr-block`,
 * `is-default`, `state`, tag and other filters.
 */
export const describeVpcs: OperationHandler = (state, raw) => {
  const input = ec2Input(raw);
  const ids = input.strings('VpcId');
  const all = Object.values(state.ec2.vpcs);
  const selected = ids && ids.length > 0 ? findAll('vpc', state.ec2.vpcs, ids) : all;
  const filtered = applyFilters(selected, input, {
    'vpc-id': (v) => [v.VpcId],
    'cidr-block': (v) => [v.CidrBlock],
    cidr: (v) => [v.CidrBlock],
    'cidr-block-association.cidr-block': (v) => [v.CidrBlock],
    'dhcp-options-id': (v) => [v.DhcpOptionsId],
    'is-default': (v) => [String(v.IsDefault)],
    'owner-id': (v) => [v.OwnerId],
    state: () => ['available'],
  });
  const { page, NextToken } = paginate(
    filtered,
    input,
    ids && ids.length > 0 ? 'VpcId' : undefined,
  );
  return { Vpcs: page.map(vpcOutput), NextToken };
};

/**
 * DeleteVpc: `DependencyViolation` while subnets, non-default security groups or an internet
 * gateway remain.
 */
export const deleteVpc: OperationHandler = (state, raw) => {
  const vpc = findOne('vpc', state.ec2.vpcs, ec2Input(raw).requiredString('VpcId'));
  const groups = Object.values(state.ec2.securityGroups).filter((g) => g.VpcId === vpc.VpcId);
  const dependent =
    Object.values(state.ec2.subnets).some((s) => s.VpcId === vpc.VpcId) ||
    groups.some((g) => g.GroupName !== 'default') ||
    Object.values(state.ec2.internetGateways).some((i) => i.AttachedVpcId === vpc.VpcId);
  if (dependent) {
    throw new AwsError(
      'DependencyViolation',
      `The vpc '${vpc.VpcId}' has dependencies and cannot be deleted.`,
    );
  }
  for (const group of groups) {
    delete state.ec2.securityGroups[group.GroupId];
  }
  delete state.ec2.vpcs[vpc.VpcId];
  return { Return: true };
};

/**
 * CreateSubnet: the block must lie in the VPC block (`InvalidSubnet.Range`) and overlap no other
 * subnet (`InvalidSubnet.Conflict`); zones are `<region>a`..`c`.
 */
export const createSubnet: OperationHandler = (state, raw, ctx) => {
  const input = ec2Input(raw);
  const vpc = findOne('vpc', state.ec2.vpcs, input.requiredString('VpcId'));
  const cidrText = input.requiredString('CidrBlock');
  const cidr = checkCidr(cidrText);
  const vpcCidr = checkCidr(vpc.CidrBlock);
  if (cidr.prefix < 16 || cidr.prefix > 28 || !cidrContains(vpcCidr, cidr)) {
    throw new AwsError('InvalidSubnet.Range', `The CIDR '${cidrText}' is invalid.`);
  }
  const clash = Object.values(state.ec2.subnets).find((s) => {
    const other = s.VpcId === vpc.VpcId ? parseCidr(s.CidrBlock) : undefined;
    return other !== undefined && cidrOverlaps(other, cidr);
  });
  if (clash) {
    throw new AwsError(
      'InvalidSubnet.Conflict',
      `The CIDR '${cidrText}' conflicts with another subnet`,
    );
  }
  const zones = availabilityZones(ctx.region);
  const zoneName = input.string('AvailabilityZone');
  const zoneId = input.string('AvailabilityZoneId');
  const inVpc = Object.values(state.ec2.subnets).filter((s) => s.VpcId === vpc.VpcId).length;
  const zone =
    zoneName !== undefined
      ? zones.find((z) => z.ZoneName === zoneName)
      : zoneId !== undefined
        ? zones.find((z) => z.ZoneId === zoneId)
        : zones[inVpc % zones.length];
  if (!zone) {
    throw invalidParameter(
      `Value (${zoneName ?? zoneId}) for parameter availabilityZone is invalid. ` +
        `Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.ZoneName).join(', ')}.`,
    );
  }
  const subnet: SubnetRecord = {
    SubnetId: newEc2Id(state, 'subnet'),
    VpcId: vpc.VpcId,
    OwnerId: ctx.accountId,
    CidrBlock: cidrText,
    AvailabilityZone: zone.ZoneName,
    AvailabilityZoneId: zone.ZoneId,
    MapPublicIpOnLaunch: false,
    Tags: tagsFromSpecifications(input, 'subnet'),
  };
  state.ec2.subnets[subnet.SubnetId] = subnet;
  return { Subnet: subnetOutput(subnet, ctx) };
};

/**
 * DescribeSubnets by id (`InvalidSubnetID.NotFound`) and by `subnet-id`, `vpc-id`,
 * `availability-zone`, tag and other filters.
 */
export const describeSubnets: OperationHandler = (state, raw, ctx) => {
  const input = ec2Input(raw);
  const ids = input.strings('SubnetId');
  const selected =
    ids && ids.length > 0
      ? findAll('subnet', state.ec2.subnets, ids)
      : Object.values(state.ec2.subnets);
  const filtered = applyFilters(selected, input, {
    'subnet-id': (s) => [s.SubnetId],
    'vpc-id': (s) => [s.VpcId],
    'cidr-block': (s) => [s.CidrBlock],
    'availability-zone': (s) => [s.AvailabilityZone],
    'availability-zone-id': (s) => [s.AvailabilityZoneId],
    'default-for-az': () => ['false'],
    'map-public-ip-on-launch': (s) => [String(s.MapPublicIpOnLaunch)],
    'owner-id': (s) => [s.OwnerId],
    state: () => ['available'],
  });
  const { page, NextToken } = paginate(
    filtered,
    input,
    ids && ids.length > 0 ? 'SubnetId' : undefined,
  );
  return { Subnets: page.map((s) => subnetOutput(s, ctx)), NextToken };
};

/** DeleteSubnet: `DependencyViolation` while a load balancer or a DB instance uses the subnet. */
export const deleteSubnet: OperationHandler = (state, raw) => {
  const subnet = findOne('subnet', state.ec2.subnets, ec2Input(raw).requiredString('SubnetId'));
  const usedByLoadBalancer = Object.values(state.elbv2.loadBalancers).some((lb) =>
    lb.AvailabilityZones.some((z) => z.SubnetId === subnet.SubnetId),
  );
  const usedByDatabase = Object.values(state.rds.instances).some((db) => {
    const group = db.DBSubnetGroupName ? state.rds.subnetGroups[db.DBSubnetGroupName] : undefined;
    return group?.Subnets.some((s) => s.SubnetIdentifier === subnet.SubnetId) ?? false;
  });
  if (usedByLoadBalancer || usedByDatabase) {
    throw new AwsError(
      'DependencyViolation',
      `The subnet '${subnet.SubnetId}' has dependencies and cannot be deleted.`,
    );
  }
  delete state.ec2.subnets[subnet.SubnetId];
  return { Return: true };
};

/** DescribeAvailabilityZones: zones a, b and c of the request region. */
export const describeAvailabilityZones: OperationHandler = (_state, raw, ctx) => {
  const input = ec2Input(raw);
  const zones = availabilityZones(ctx.region).map((z) => ({ ...z, Tags: [] }));
  const names = input.strings('ZoneName') ?? [];
  const ids = input.strings('ZoneId') ?? [];
  for (const name of names) {
    if (!zones.some((z) => z.ZoneName === name)) {
      throw invalidParameter(`The zone '${name}' does not exist in the region '${ctx.region}'`);
    }
  }
  for (const id of ids) {
    if (!zones.some((z) => z.ZoneId === id)) {
      throw invalidParameter(`The zone '${id}' does not exist in the region '${ctx.region}'`);
    }
  }
  const selected = zones.filter(
    (z) =>
      (names.length === 0 && ids.length === 0) ||
      names.includes(z.ZoneName) ||
      ids.includes(z.ZoneId),
  );
  const filtered = applyFilters(selected, input, {
    'zone-name': (z) => [z.ZoneName],
    'zone-id': (z) => [z.ZoneId],
    'region-name': () => [ctx.region],
    'group-name': () => [ctx.region],
    'zone-type': () => ['availability-zone'],
    'opt-in-status': () => ['opt-in-not-required'],
    state: () => ['available'],
  });
  return {
    AvailabilityZones: filtered.map((z) => ({
      ZoneName: z.ZoneName,
      ZoneId: z.ZoneId,
      State: 'available',
      OptInStatus: 'opt-in-not-required',
      Messages: [],
      RegionName: ctx.region,
      GroupName: ctx.region,
      NetworkBorderGroup: ctx.region,
      ZoneType: 'availability-zone',
    })),
  };
};
