/**
 * Security groups in the EC2 emulation: `AWS::EC2::SecurityGroup` with its inline rules, and the
 * standalone `AWS::EC2::SecurityGroupIngress` / `AWS::EC2::SecurityGroupEgress` rules.
 */

import { findOne } from '../../ec2/common.js';
import type { SecurityGroupRuleRecord } from '../../ec2/state.js';
import type { SandboxState } from '../../state.js';
import type { ProvisionResult, ResourceTypeHandler, StackContext } from '../contract.js';
import { ec2, tagSpecification } from './ec2.js';
import {
  changes,
  generatedName,
  type Handlers,
  ignoreNotFound,
  objects,
  type Properties,
  requiredText,
  retag,
  text,
} from './support.js';

type Direction = 'ingress' | 'egress';

/** The allow-all egress rule EC2 gives a new group, which an explicit egress list replaces. */
const DEFAULT_EGRESS: Properties = { IpProtocol: '-1', CidrIp: '0.0.0.0/0' };

/** A CloudFormation rule (inline or standalone) as one EC2 `IpPermissions` item. */
function permission(rule: Properties, direction: Direction): Record<string, unknown> {
  const description = text(rule, 'Description');
  const described = description === undefined ? {} : { Description: description };
  const prefixList = text(
    rule,
    direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId',
  );
  const group = text(
    rule,
    direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId',
  );
  const groupName = direction === 'ingress' ? text(rule, 'SourceSecurityGroupName') : undefined;
  const cidr = text(rule, 'CidrIp');
  const cidrIpv6 = text(rule, 'CidrIpv6');
  return {
    IpProtocol: text(rule, 'IpProtocol'),
    FromPort: text(rule, 'FromPort'),
    ToPort: text(rule, 'ToPort'),
    ...(cidr === undefined ? {} : { IpRanges: [{ CidrIp: cidr, ...described }] }),
    ...(cidrIpv6 === undefined ? {} : { Ipv6Ranges: [{ CidrIpv6: cidrIpv6, ...described }] }),
    ...(prefixList === undefined
      ? {}
      : { PrefixListIds: [{ PrefixListId: prefixList, ...described }] }),
    ...(group === undefined && groupName === undefined
      ? {}
      : {
          Groups: [
            {
              GroupId: group,
              GroupName: groupName,
              UserId: text(rule, 'SourceSecurityGroupOwnerId'),
              ...described,
            },
          ],
        }),
  };
}

function operation(verb: 'Authorize' | 'Revoke', direction: Direction): string {
  return `${verb}SecurityGroup${direction === 'ingress' ? 'Ingress' : 'Egress'}`;
}

/** Brings a group's rules of one direction from `before` to `after`: revokes the removed, authorizes the added. */
function syncRules(
  state: SandboxState,
  groupId: string,
  before: readonly Properties[],
  after: readonly Properties[],
  direction: Direction,
  ctx: StackContext,
): void {
  const key = (rule: Properties) => JSON.stringify(permission(rule, direction));
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  for (const rule of before.filter((r) => !afterKeys.has(key(r)))) {
    const members = { GroupId: groupId, IpPermissions: [permission(rule, direction)] };
    ignoreNotFound(() => ec2(operation('Revoke', direction), state, members, ctx));
  }
  const added = after.filter((r) => !beforeKeys.has(key(r)));
  if (added.length > 0) {
    const members = { GroupId: groupId, IpPermissions: added.map((r) => permission(r, direction)) };
    ec2(operation('Authorize', direction), state, members, ctx);
  }
}

function egressOf(props: Properties): Properties[] {
  return props.SecurityGroupEgress === undefined
    ? [DEFAULT_EGRESS]
    : objects(props, 'SecurityGroupEgress');
}

function groupResult(state: SandboxState, groupId: string): ProvisionResult {
  const group = findOne('securityGroup', state.ec2.securityGroups, groupId);
  return { physicalId: groupId, attributes: { GroupId: groupId, VpcId: group.VpcId } };
}

const securityGroup: ResourceTypeHandler = {
  replaceOn: ['GroupDescription', 'GroupName', 'VpcId'],
  nameProperty: 'GroupName',
  create(state, logicalId, props, ctx) {
    const members = {
      GroupName: text(props, 'GroupName') ?? generatedName(state, ctx, logicalId),
      GroupDescription: requiredText(props, 'GroupDescription', logicalId),
      VpcId: text(props, 'VpcId'),
      ...tagSpecification('security-group', props, ctx),
    };
    const { GroupId } = ec2('CreateSecurityGroup', state, members, ctx) as { GroupId: string };
    retag(findOne('securityGroup', state.ec2.securityGroups, GroupId), props, ctx, logicalId);
    syncRules(state, GroupId, [], objects(props, 'SecurityGroupIngress'), 'ingress', ctx);
    syncRules(state, GroupId, [DEFAULT_EGRESS], egressOf(props), 'egress', ctx);
    return groupResult(state, GroupId);
  },
  update(state, _logicalId, physicalId, previous, props, ctx) {
    ec2('DescribeSecurityGroups', state, { GroupId: [physicalId] }, ctx);
    const ingress = (p: Properties) => objects(p, 'SecurityGroupIngress');
    syncRules(state, physicalId, ingress(previous), ingress(props), 'ingress', ctx);
    syncRules(state, physicalId, egressOf(previous), egressOf(props), 'egress', ctx);
    retag(findOne('securityGroup', state.ec2.securityGroups, physicalId), props, ctx);
    return groupResult(state, physicalId);
  },
  delete(state, physicalId, _props, ctx) {
    ignoreNotFound(() => ec2('DeleteSecurityGroup', state, { GroupId: physicalId }, ctx));
  },
};

/** The group holding a rule, with the rule. */
function findRule(state: SandboxState, ruleId: string) {
  for (const group of Object.values(state.ec2.securityGroups)) {
    const rule = group.Rules.find((r) => r.SecurityGroupRuleId === ruleId);
    if (rule !== undefined) return { group, rule };
  }
  return undefined;
}

function describe(rule: SecurityGroupRuleRecord, props: Properties): void {
  const description = text(props, 'Description');
  if (description === undefined) delete rule.Description;
  else rule.Description = description;
}

/** A standalone rule: its physical id is the `sgr-` id of the rule it authorized. */
function standaloneRule(direction: Direction, peers: readonly string[]): ResourceTypeHandler {
  return {
    replaceOn: [
      'GroupId',
      'GroupName',
      'IpProtocol',
      'FromPort',
      'ToPort',
      'CidrIp',
      'CidrIpv6',
      ...peers,
    ],
    create(state, logicalId, props, ctx) {
      const members = {
        GroupId: text(props, 'GroupId'),
        GroupName:
          text(props, 'GroupId') === undefined
            ? requiredText(props, 'GroupName', logicalId)
            : undefined,
        IpPermissions: [permission(props, direction)],
      };
      const { SecurityGroupRules } = ec2(
        operation('Authorize', direction),
        state,
        members,
        ctx,
      ) as {
        SecurityGroupRules: Array<{ SecurityGroupRuleId: string }>;
      };
      const ruleId = SecurityGroupRules[0]?.SecurityGroupRuleId ?? '';
      return { physicalId: ruleId, attributes: { Id: ruleId } };
    },
    update(state, _logicalId, physicalId, previous, props) {
      const found = findRule(state, physicalId);
      if (found !== undefined && changes(previous, props, ['Description']).length > 0) {
        describe(found.rule, props);
      }
      return { physicalId, attributes: { Id: physicalId } };
    },
    delete(state, physicalId, _props, ctx) {
      const found = findRule(state, physicalId);
      if (found === undefined) return;
      const members = { GroupId: found.group.GroupId, SecurityGroupRuleId: [physicalId] };
      ignoreNotFound(() => ec2(operation('Revoke', direction), state, members, ctx));
    },
  };
}

/** `AWS::EC2::SecurityGroup`, `AWS::EC2::SecurityGroupIngress`, `AWS::EC2::SecurityGroupEgress`. */
export const securityGroupHandlers: Handlers = {
  'AWS::EC2::SecurityGroup': securityGroup,
  'AWS::EC2::SecurityGroupIngress': standaloneRule('ingress', [
    'SourcePrefixListId',
    'SourceSecurityGroupId',
    'SourceSecurityGroupName',
    'SourceSecurityGroupOwnerId',
  ]),
  'AWS::EC2::SecurityGroupEgress': standaloneRule('egress', [
    'DestinationPrefixListId',
    'DestinationSecurityGroupId',
  ]),
};
