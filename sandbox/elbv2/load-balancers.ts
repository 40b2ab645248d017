/**
 * ELBv2 load balancer operations (Application Load Balancers). A created load balancer is `active`
 * at once; its subnets and security groups must exist in the EC2 emulation.
 */

import { defaultSecurityGroupId } from '../ec2/security-groups.js';
import { AwsError, type OperationHandler, type ServiceContext } from '../service.js';
import { stableHex } from '../shared/hex-ids.js';
import type { QueryInput } from '../shared/query-input.js';
import type { SandboxState } from '../state.js';
import {
  attributeList,
  defaultAttributes,
  loadBalancerAttributeSet,
  modifyAttributes,
} from './attributes.js';
import {
  arnPrefix,
  checkArn,
  checkListLength,
  elbv2Input,
  findLoadBalancer,
  invalidConfiguration,
  loadBalancerNotFound,
  mergeElbv2Tags,
  newResourceId,
  paginateElbv2,
  readElbv2Tags,
  validationError,
} from './common.js';
import type { LoadBalancerRecord } from './state.js';

/** Route 53 hosted zone of Application Load Balancer DNS names per region. */
const ALB_HOSTED_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-west-1': 'Z368ELLRRE2KJ0',
  'us-west-2': 'Z1H1FL5HABSF5',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-west-2': 'ZHURV8PSTC4K8',
  'eu-central-1': 'Z215JYRZR1TBD5',
};

/** A load balancer as the SDK's `LoadBalancer`. */
export function loadBalancerOutput(lb: LoadBalancerRecord): Record<string, unknown> {
  return {
    LoadBalancerArn: lb.LoadBalancerArn,
    DNSName: lb.DNSName,
    CanonicalHostedZoneId: lb.CanonicalHostedZoneId,
    CreatedTime: lb.CreatedTime,
    LoadBalancerName: lb.LoadBalancerName,
    Scheme: lb.Scheme,
    VpcId: lb.VpcId,
    State: { Code: 'active' },
    Type: lb.Type,
    AvailabilityZones: lb.AvailabilityZones.map((z) => ({ ...z, LoadBalancerAddresses: [] })),
    SecurityGroups: lb.SecurityGroups,
    IpAddressType: lb.IpAddressType,
  };
}

function checkName(name: string): string {
  if (name.length > 32) {
    throw validationError(`The load balancer name '${name}' cannot be longer than '32' characters`);
  }
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    throw validationError(
      `The load balancer name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`,
    );
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    throw validationError(`The load balancer name '${name}' cannot begin or end with a hyphen`);
  }
  if (name.toLowerCase().startsWith('internal-')) {
    throw validationError(`The load balancer name '${name}' cannot begin with 'internal-'`);
  }
  return name;
}

/**
 * The subnets of the request (`Subnets` or `SubnetMappings`), checked against the EC2 emulation.
 */
export function placement(state: SandboxState, input: QueryInput) {
  const ids = [
    ...(input.strings('Subnets') ?? []),
    ...(input.structs('SubnetMappings') ?? []).map((m) => m.requiredString('SubnetId')),
  ];
  for (const id of ids) {
    if (!state.ec2.subnets[id]) {
      throw new AwsError('SubnetNotFound', `The subnet ID '${id}' is not valid`);
    }
  }
  const subnets = [...new Set(ids)].flatMap((id) => state.ec2.subnets[id] ?? []);
  const zones = new Set(subnets.map((s) => s.AvailabilityZone));
  if (zones.size < 2) {
    throw validationError(
      'At least two subnets in two different Availability Zones must be specified',
    );
  }
  if (zones.size < subnets.length) {
    throw invalidConfiguration(
      'A load balancer cannot be attached to multiple subnets in the same Availability Zone',
    );
  }
  const vpcs = new Set(subnets.map((s) => s.VpcId));
  const [vpcId] = vpcs;
  if (vpcs.size > 1 || vpcId === undefined) {
    throw invalidConfiguration('The subnets of a load balancer must all belong to the same VPC');
  }
  return {
    vpcId,
    zones: subnets.map((s) => ({ ZoneName: s.AvailabilityZone, SubnetId: s.SubnetId })),
  };
}

/** The security groups of a load balancer in `vpcId`: the VPC's default group when none are named. */
export function securityGroups(
  state: SandboxState,
  ids: readonly string[],
  vpcId: string,
): string[] {
  if (ids.length === 0) {
    const fallback = defaultSecurityGroupId(state, vpcId);
    return fallback ? [fallback] : [];
  }
  for (const id of ids) {
    const group = state.ec2.securityGroups[id];
    if (!group) {
      throw new AwsError('InvalidSecurityGroup', `Security group '${id}' does not exist`);
    }
    if (group.VpcId !== vpcId) {
      throw new AwsError(
        'InvalidSecurityGroup',
        `Security group '${id}' does not belong to VPC '${vpcId}'`,
      );
    }
  }
  return [...new Set(ids)];
}

function dnsName(name: string, scheme: string, id: string, ctx: ServiceContext): string {
  const digits = String(Number.parseInt(stableHex(id, 8), 16))
    .padStart(10, '1')
    .slice(0, 10);
  const prefix = scheme === 'internal' ? 'internal-' : '';
  return `${prefix}${name}-${digits}.${ctx.region}.elb.amazonaws.com`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * CreateLoadBalancer: an Application Load Balancer in subnets of at least two zones; the same
 * settings under a taken name return the existing one, others answer `DuplicateLoadBalancerName`.
 */
export const createLoadBalancer: OperationHandler = (state, raw, ctx) => {
  const input = elbv2Input(raw);
  const name = checkName(input.requiredString('Name'));
  const type = input.string('Type') ?? 'application';
  if (type !== 'application') {
    throw validationError(
      `Load balancer type '${type}' is not supported; only 'application' load balancers are emulated`,
    );
  }
  const scheme = input.string('Scheme') ?? 'internet-facing';
  if (scheme !== 'internet-facing' && scheme !== 'internal') {
    throw new AwsError('InvalidScheme', `The scheme '${scheme}' is not valid`);
  }
  const ipAddressType = input.string('IpAddressType') ?? 'ipv4';
  if (!['ipv4', 'dualstack', 'dualstack-without-public-ipv4'].includes(ipAddressType)) {
    throw validationError(`The IP address type '${ipAddressType}' is not valid`);
  }
  const { vpcId, zones } = placement(state, input);
  const groups = securityGroups(state, input.strings('SecurityGroups') ?? [], vpcId);
  const tags = mergeElbv2Tags([], readElbv2Tags(input));

  const existing = Object.values(state.elbv2.loadBalancers).find(
    (lb) => lb.LoadBalancerName === name,
  );
  if (existing) {
    const same =
      existing.Scheme === scheme &&
      existing.Type === type &&
      existing.IpAddressType === ipAddressType &&
      sameSet(
        existing.AvailabilityZones.map((z) => z.SubnetId),
        zones.map((z) => z.SubnetId),
      ) &&
      sameSet(existing.SecurityGroups, groups);
    if (!same) {
      throw new AwsError(
        'DuplicateLoadBalancerName',
        `A load balancer with the same name '${name}' exists, but with different settings`,
      );
    }
    return { LoadBalancers: [loadBalancerOutput(existing)] };
  }

  const id = newResourceId(state);
  const lb: LoadBalancerRecord = {
    LoadBalancerArn: `${arnPrefix(ctx)}loadbalancer/app/${name}/${id}`,
    LoadBalancerName: name,
    DNSName: dnsName(name, scheme, id, ctx),
    CanonicalHostedZoneId: ALB_HOSTED_ZONES[ctx.region] ?? 'Z35SXDOTRQ7X7K',
    CreatedTime: ctx.now.toISOString(),
    Scheme: scheme,
    VpcId: vpcId,
    Type: type,
    IpAddressType: ipAddressType,
    SecurityGroups: groups,
    AvailabilityZones: zones,
    Attributes: defaultAttributes(loadBalancerAttributeSet()),
    Tags: tags,
  };
  state.elbv2.loadBalancers[lb.LoadBalancerArn] = lb;
  return { LoadBalancers: [loadBalancerOutput(lb)] };
};

/**
 * DescribeLoadBalancers by names or ARNs (`LoadBalancerNotFound` when any is absent), paged with
 * `PageSize`/`Marker`.
 */
export const describeLoadBalancers: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const names = input.strings('Names') ?? [];
  const arns = input.strings('LoadBalancerArns') ?? [];
  if (names.length > 0 && arns.length > 0) {
    throw validationError(
      'Load balancer names and load balancer ARNs cannot be specified at the same time',
    );
  }
  checkListLength('Names', names, 20);
  checkListLength('LoadBalancerArns', arns, 20);
  const all = Object.values(state.elbv2.loadBalancers);
  let selected = all;
  if (names.length > 0) {
    selected = names.map((n) => {
      const lb = all.find((candidate) => candidate.LoadBalancerName === n);
      if (!lb) {
        throw loadBalancerNotFound();
      }
      return lb;
    });
  } else if (arns.length > 0) {
    selected = arns.map((arn) => findLoadBalancer(state, arn));
  }
  const { page, NextMarker } = paginateElbv2(selected, input);
  return { LoadBalancers: page.map(loadBalancerOutput), NextMarker };
};

/**
 * DeleteLoadBalancer with its listeners; succeeds for an absent load balancer, refused while
 * deletion protection is on.
 */
export const deleteLoadBalancer: OperationHandler = (state, raw) => {
  const arn = checkArn('loadBalancer', elbv2Input(raw).requiredString('LoadBalancerArn'));
  const lb = state.elbv2.loadBalancers[arn];
  if (!lb) {
    return {};
  }
  if (lb.Attributes['deletion_protection.enabled'] === 'true') {
    throw new AwsError(
      'OperationNotPermitted',
      `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`,
    );
  }
  for (const listener of Object.values(state.elbv2.listeners)) {
    if (listener.LoadBalancerArn === arn) {
      delete state.elbv2.listeners[listener.ListenerArn];
    }
  }
  delete state.elbv2.loadBalancers[arn];
  return {};
};

/** DescribeLoadBalancerAttributes: every attribute with its value. */
export const describeLoadBalancerAttributes: OperationHandler = (state, raw) => {
  const lb = findLoadBalancer(state, elbv2Input(raw).requiredString('LoadBalancerArn'));
  return { Attributes: attributeList(lb.Attributes) };
};

/** ModifyLoadBalancerAttributes: known keys with valid values only. */
export const modifyLoadBalancerAttributes: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const lb = findLoadBalancer(state, input.requiredString('LoadBalancerArn'));
  lb.Attributes = modifyAttributes(
    'Load balancer',
    loadBalancerAttributeSet(),
    lb.Attributes,
    input,
  );
  return { Attributes: attributeList(lb.Attributes) };
};
