/**
 * Security group rules: reading the rules a request asks for (its IP permissions), their identity
 * for duplicate and revoke matching, and their rendering as `SecurityGroupRule`s and grouped
 * `IpPermission`s.
 */
import { AwsError, type ServiceContext } from '../service.js';
import type { QueryInput } from '../shared/query-input.js';
import type { SandboxState } from '../state.js';
import { parseCidr } from './cidr.js';
import { findOne, invalidParameter } from './common.js';
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from './state.js';

/** A rule as requested: everything but its id. */
export type RequestedRule = Omit<SecurityGroupRuleRecord, 'SecurityGroupRuleId'>;

const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
  all: '-1',
};

function normalizeProtocol(raw: string): string {
  const lower = raw.toLowerCase();
  if (['tcp', 'udp', 'icmp', 'icmpv6', '-1'].includes(lower)) {
    return lower;
  }
  if (PROTOCOL_NAMES[lower]) {
    return PROTOCOL_NAMES[lower];
  }
  if (/^[0-9]+$/.test(lower) && Number(lower) <= 255) {
    return String(Number(lower));
  }
  throw invalidParameter(`Invalid value '${raw}' for IP protocol. Unknown protocol.`);
}

function portRange(protocol: string, from: number | undefined, to: number | undefined) {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) {
      throw invalidParameter(
        "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.",
      );
    }
    if (from < 0 || to > 65535 || from > to) {
      throw invalidParameter(`Invalid value '${from}-${to}' for portRange.`);
    }
    return { FromPort: from, ToPort: to };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    return { FromPort: from ?? -1, ToPort: to ?? -1 };
  }
  return {};
}

/** Reads the peers of one permission (or of the legacy top-level parameters) as rules. */
function rulesOfPermission(
  state: SandboxState,
  permission: QueryInput,
  isEgress: boolean,
  ctx: ServiceContext,
): RequestedRule[] {
  const protocol = normalizeProtocol(permission.requiredString('IpProtocol'));
  const base = {
    IsEgress: isEgress,
    IpProtocol: protocol,
    ...portRange(protocol, permission.integer('FromPort'), permission.integer('ToPort')),
  };
  const described = (item: QueryInput) => {
    const description = item.string('Description');
    return description === undefined ? {} : { Description: description };
  };
  const rules: RequestedRule[] = [];
  const legacyCidr = permission.string('CidrIp');
  if (legacyCidr !== undefined) {
    rules.push({ ...base, CidrIpv4: legacyCidr });
  }
  for (const range of permission.structs('IpRanges') ?? []) {
    const cidr = range.requiredString('CidrIp');
    if (!parseCidr(cidr)) {
      throw invalidParameter(`CIDR block ${cidr} is malformed`);
    }
    rules.push({ ...base, CidrIpv4: cidr, ...described(range) });
  }
  for (const range of permission.structs('Ipv6Ranges') ?? []) {
    rules.push({ ...base, CidrIpv6: range.requiredString('CidrIpv6'), ...described(range) });
  }
  for (const prefixList of permission.structs('PrefixListIds') ?? []) {
    rules.push({
      ...base,
      PrefixListId: prefixList.requiredString('PrefixListId'),
      ...described(prefixList),
    });
  }
  for (const pair of permission.structs('Groups') ?? []) {
    const peerId = pair.string('GroupId');
    if (peerId === undefined) {
      const name = pair.string('GroupName') ?? '';
      throw new AwsError('InvalidGroup.NotFound', `The security group '${name}' does not exist`);
    }
    const peer = findOne('securityGroup', state.ec2.securityGroups, peerId);
    rules.push({
      ...base,
      ReferencedGroupId: peer.GroupId,
      ReferencedUserId: pair.string('UserId') ?? ctx.accountId,
      ...described(pair),
    });
  }
  return rules;
}

/**
 * The rules a request asks for: its `IpPermissions`, or the legacy top-level `IpProtocol`,
 * `FromPort`, `ToPort` and `CidrIp` parameters.
 */
export function requestedRules(
  state: SandboxState,
  input: QueryInput,
  isEgress: boolean,
  ctx: ServiceContext,
): RequestedRule[] {
  const rules = (input.structs('IpPermissions') ?? []).flatMap((p) =>
    rulesOfPermission(state, p, isEgress, ctx),
  );
  if (input.has('IpProtocol')) {
    rules.push(...rulesOfPermission(state, input, isEgress, ctx));
  }
  return rules;
}

function peerOf(rule: RequestedRule): string {
  return rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ?? rule.ReferencedGroupId ?? '';
}

/**
 * The identity of a rule for duplicate and revoke matching: direction, protocol, ports and peer.
 */
export function ruleKey(rule: RequestedRule): string {
  return [rule.IsEgress, rule.IpProtocol, rule.FromPort, rule.ToPort, peerOf(rule)].join('|');
}

/**
 * A rule as EC2 quotes it in `InvalidPermission.Duplicate` (`peer: 0.0.0.0/0, TCP, from port: 80,
 * to port: 80, ALLOW`).
 */
export function describeRule(rule: RequestedRule): string {
  const protocol = rule.IpProtocol === '-1' ? 'ALL' : rule.IpProtocol.toUpperCase();
  const ports =
    rule.FromPort === undefined ? '' : `, from port: ${rule.FromPort}, to port: ${rule.ToPort}`;
  return `peer: ${peerOf(rule)}, ${protocol}${ports}, ALLOW`;
}

/** A rule as the SDK's `SecurityGroupRule`. */
export function ruleOutput(
  group: SecurityGroupRecord,
  rule: SecurityGroupRuleRecord,
): Record<string, unknown> {
  return {
    SecurityGroupRuleId: rule.SecurityGroupRuleId,
    GroupId: group.GroupId,
    GroupOwnerId: group.OwnerId,
    IsEgress: rule.IsEgress,
    IpProtocol: rule.IpProtocol,
    FromPort: rule.FromPort ?? -1,
    ToPort: rule.ToPort ?? -1,
    CidrIpv4: rule.CidrIpv4,
    CidrIpv6: rule.CidrIpv6,
    PrefixListId: rule.PrefixListId,
    ReferencedGroupInfo: rule.ReferencedGroupId
      ? { GroupId: rule.ReferencedGroupId, UserId: rule.ReferencedUserId }
      : undefined,
    Description: rule.Description,
  };
}

/** Rules grouped into the SDK's `IpPermission`s by protocol and port range. */
export function permissions(
  rules: readonly SecurityGroupRuleRecord[],
): Array<Record<string, unknown>> {
  const grouped = new Map<
    string,
    { head: SecurityGroupRuleRecord; rules: SecurityGroupRuleRecord[] }
  >();
  for (const rule of rules) {
    const key = [rule.IpProtocol, rule.FromPort, rule.ToPort].join('|');
    const entry = grouped.get(key);
    if (entry) {
      entry.rules.push(rule);
    } else {
      grouped.set(key, { head: rule, rules: [rule] });
    }
  }
  const described = (r: SecurityGroupRuleRecord) =>
    r.Description === undefined ? {} : { Description: r.Description };
  return [...grouped.values()].map(({ head, rules: peers }) => ({
    IpProtocol: head.IpProtocol,
    FromPort: head.FromPort,
    ToPort: head.ToPort,
    UserIdGroupPairs: peers
      .filter((r) => r.ReferencedGroupId)
      .map((r) => ({ UserId: r.ReferencedUserId, GroupId: r.ReferencedGroupId, ...described(r) })),
    IpRanges: peers.filter((r) => r.CidrIpv4).map((r) => ({ CidrIp: r.CidrIpv4, ...described(r) })),
    Ipv6Ranges: peers
      .filter((r) => r.CidrIpv6)
      .map((r) => ({ CidrIpv6: r.CidrIpv6, ...described(r) })),
    PrefixListIds: peers
      .filter((r) => r.PrefixListId)
      .map((r) => ({ PrefixListId: r.PrefixListId, ...described(r) })),
  }));
}

/** A revoked rule as the SDK's `RevokedSecurityGroupRule`. */
export function revokedRuleOutput(
  group: SecurityGroupRecord,
  rule: SecurityGroupRuleRecord,
): Record<string, unknown> {
  return {
    SecurityGroupRuleId: rule.SecurityGroupRuleId,
    GroupId: group.GroupId,
    IsEgress: rule.IsEgress,
    IpProtocol: rule.IpProtocol,
    FromPort: rule.FromPort ?? -1,
    ToPort: rule.ToPort ?? -1,
    CidrIpv4: rule.CidrIpv4,
    CidrIpv6: rule.CidrIpv6,
    PrefixListId: rule.PrefixListId,
    ReferencedGroupId: rule.ReferencedGroupId,
    Description: rule.Description,
  };
}
