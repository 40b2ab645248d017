/**
 * EC2 security group operations. Rules are stored one peer per rule (as `SecurityGroupRule`s) and
 * described grouped by protocol and port range (as `IpPermission`s), as EC2 does.
 */
import { AwsError, type OperationHandler, type ServiceContext } from '../service.js';
import type { QueryInput } from '../shared/query-input.js';
import type { SandboxState } from '../state.js';
import {
  applyFilters,
  ec2Input,
  findAll,
  findOne,
  invalidParameter,
  newEc2Id,
  paginate,
  tagsFromSpecifications,
} from './common.js';
import {
  describeRule,
  permissions,
  requestedRules,
  revokedRuleOutput,
  ruleKey,
  ruleOutput,
} from './rules.js';
import type { SecurityGroupRecord, SecurityGroupRuleRecord, VpcRecord } from './state.js';

/** A security group as the SDK's `SecurityGroup`. */
export function securityGroupOutput(
  group: SecurityGroupRecord,
  ctx: ServiceContext,
): Record<string, unknown> {
  return {
    GroupId: group.GroupId,
    GroupName: group.GroupName,
    Description: group.Description,
    VpcId: group.VpcId,
    OwnerId: group.OwnerId,
    SecurityGroupArn: `arn:aws:ec2:${ctx.region}:${group.OwnerId}:security-group/${group.GroupId}`,
    IpPermissions: permissions(group.Rules.filter((r) => !r.IsEgress)),
    IpPermissionsEgress: permissions(group.Rules.filter((r) => r.IsEgress)),
    Tags: group.Tags.length > 0 ? group.Tags : undefined,
  };
}

function allowAllEgress(state: SandboxState): SecurityGroupRuleRecord {
  return {
    SecurityGroupRuleId: newEc2Id(state, 'sgr'),
    IsEgress: true,
    IpProtocol: '-1',
    CidrIpv4: '0.0.0.0/0',
  };
}

/** Creates the `default` security group every new VPC gets: all traffic from itself, all egress. */
export function createDefaultSecurityGroup(
  state: SandboxState,
  vpc: VpcRecord,
  ctx: ServiceContext,
): void {
  const groupId = newEc2Id(state, 'sg');
  state.ec2.securityGroups[groupId] = {
    GroupId: groupId,
    GroupName: 'default',
    Description: 'default VPC security group',
    VpcId: vpc.VpcId,
    OwnerId: ctx.accountId,
    Rules: [
      {
        SecurityGroupRuleId: newEc2Id(state, 'sgr'),
        IsEgress: false,
        IpProtocol: '-1',
        ReferencedGroupId: groupId,
        ReferencedUserId: ctx.accountId,
      },
      allowAllEgress(state),
    ],
    Tags: [],
  };
}

/** The id of a VPC's `default` security group. */
export function defaultSecurityGroupId(state: SandboxState, vpcId: string): string | undefined {
  return Object.values(state.ec2.securityGroups).find(
    (g) => g.VpcId === vpcId && g.GroupName === 'default',
  )?.GroupId;
}

/**
 * CreateSecurityGroup: names are unique per VPC (`InvalidGroup.Duplicate`); new groups allow all
 * egress.
 */
export const createSecurityGroup: OperationHandler = (state, raw, ctx) => {
  const input = ec2Input(raw);
  const name = input.requiredString('GroupName');
  const description = input.requiredString('GroupDescription');
  const vpcId = input.string('VpcId');
  if (vpcId === undefined || vpcId === '') {
    throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user');
  }
  const vpc = findOne('vpc', state.ec2.vpcs, vpcId);
  if (name.length > 255 || description.length > 255) {
    throw invalidParameter('Security group names and descriptions are limited to 255 characters');
  }
  if (name.toLowerCase().startsWith('sg-')) {
    throw invalidParameter('Group names may not be in the format sg-*');
  }
  if (
    Object.values(state.ec2.securityGroups).some(
      (g) => g.VpcId === vpc.VpcId && g.GroupName === name,
    )
  ) {
    throw new AwsError(
      'InvalidGroup.Duplicate',
      `The security group '${name}' already exists for VPC '${vpc.VpcId}'`,
    );
  }
  const tags = tagsFromSpecifications(input, 'security-group');
  const groupId = newEc2Id(state, 'sg');
  const group: SecurityGroupRecord = {
    GroupId: groupId,
    GroupName: name,
    Description: description,
    VpcId: vpc.VpcId,
    OwnerId: ctx.accountId,
    Rules: [allowAllEgress(state)],
    Tags: tags,
  };
  state.ec2.securityGroups[groupId] = group;
  return {
    GroupId: groupId,
    SecurityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:security-group/${groupId}`,
    Tags: tags.length > 0 ? tags : undefined,
  };
};

/**
 * DescribeSecurityGroups by id (`InvalidGroup.NotFound`) and by `group-name`, `group-id`, `vpc-id`,
 * `ip-permission.*`, tag and other filters.
 */
export const describeSecurityGroups: OperationHandler = (state, raw, ctx) => {
  const input = ec2Input(raw);
  const ids = input.strings('GroupId') ?? [];
  const names = input.strings('GroupName') ?? [];
  const [firstName] = names;
  if (firstName !== undefined) {
    // Names select groups of the default VPC only, and the sandbox account has none.
    throw new AwsError('InvalidGroup.NotFound', `The security group '${firstName}' does not exist`);
  }
  const selected =
    ids.length > 0
      ? findAll('securityGroup', state.ec2.securityGroups, ids)
      : Object.values(state.ec2.securityGroups);
  const ingress = (g: SecurityGroupRecord) => g.Rules.filter((r) => !r.IsEgress);
  const egress = (g: SecurityGroupRecord) => g.Rules.filter((r) => r.IsEgress);
  const filtered = applyFilters(selected, input, {
    'group-id': (g) => [g.GroupId],
    'group-name': (g) => [g.GroupName],
    'vpc-id': (g) => [g.VpcId],
    description: (g) => [g.Description],
    'owner-id': (g) => [g.OwnerId],
    'ip-permission.protocol': (g) => ingress(g).map((r) => r.IpProtocol),
    'ip-permission.from-port': (g) => ingress(g).map((r) => String(r.FromPort)),
    'ip-permission.to-port': (g) => ingress(g).map((r) => String(r.ToPort)),
    'ip-permission.cidr': (g) => ingress(g).map((r) => r.CidrIpv4),
    'ip-permission.group-id': (g) => ingress(g).map((r) => r.ReferencedGroupId),
    'egress.ip-permission.protocol': (g) => egress(g).map((r) => r.IpProtocol),
    'egress.ip-permission.cidr': (g) => egress(g).map((r) => r.CidrIpv4),
    'egress.ip-permission.group-id': (g) => egress(g).map((r) => r.ReferencedGroupId),
  });
  const { page, NextToken } = paginate(filtered, input, ids.length > 0 ? 'GroupId' : undefined);
  return { SecurityGroups: page.map((g) => securityGroupOutput(g, ctx)), NextToken };
};

/**
 * The group an operation addresses: by `GroupId`; a name alone addresses the (absent) default VPC.
 */
function targetGroup(state: SandboxState, input: QueryInput): SecurityGroupRecord {
  const id = input.string('GroupId');
  if (id === undefined || id === '') {
    const name = input.string('GroupName');
    if (name === undefined) {
      throw new AwsError('MissingParameter', 'The request must contain the parameter groupId');
    }
    throw new AwsError(
      'VPCIdNotSpecified',
      'No default VPC for this user. GroupName is only supported for default VPC.',
    );
  }
  return findOne('securityGroup', state.ec2.securityGroups, id);
}

/**
 * DeleteSecurityGroup: the `default` group cannot be deleted; a group referenced by another group,
 * a load balancer or a DB instance answers `DependencyViolation`.
 */
export const deleteSecurityGroup: OperationHandler = (state, raw) => {
  const group = targetGroup(state, ec2Input(raw));
  if (group.GroupName === 'default') {
    throw new AwsError(
      'CannotDelete',
      `the specified group: "${group.GroupId}" name: "default" cannot be deleted by a user`,
    );
  }
  const referenced = Object.values(state.ec2.securityGroups).some(
    (g) =>
      g.GroupId !== group.GroupId && g.Rules.some((r) => r.ReferencedGroupId === group.GroupId),
  );
  const attached =
    Object.values(state.elbv2.loadBalancers).some((lb) =>
      lb.SecurityGroups.includes(group.GroupId),
    ) ||
    Object.values(state.rds.instances).some((db) => db.VpcSecurityGroupIds.includes(group.GroupId));
  if (referenced || attached) {
    throw new AwsError('DependencyViolation', `resource ${group.GroupId} has a dependent object`);
  }
  delete state.ec2.securityGroups[group.GroupId];
  return { Return: true, GroupId: group.GroupId };
};

function authorize(isEgress: boolean): OperationHandler {
  return (state, raw, ctx) => {
    const input = ec2Input(raw);
    const group = targetGroup(state, input);
    const requested = requestedRules(state, input, isEgress, ctx);
    if (requested.length === 0) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter ipPermissions',
      );
    }
    const existing = new Set(group.Rules.map(ruleKey));
    const added: SecurityGroupRuleRecord[] = [];
    for (const rule of requested) {
      const key = ruleKey(rule);
      if (existing.has(key)) {
        throw new AwsError(
          'InvalidPermission.Duplicate',
          `the specified rule "${describeRule(rule)}" already exists`,
        );
      }
      existing.add(key);
      added.push({ SecurityGroupRuleId: newEc2Id(state, 'sgr'), ...rule });
    }
    tagsFromSpecifications(input, 'security-group-rule');
    group.Rules.push(...added);
    return { Return: true, SecurityGroupRules: added.map((r) => ruleOutput(group, r)) };
  };
}

function revoke(isEgress: boolean): OperationHandler {
  return (state, raw, ctx) => {
    const input = ec2Input(raw);
    const group = targetGroup(state, input);
    const revoked: SecurityGroupRuleRecord[] = [];
    for (const ruleId of input.strings('SecurityGroupRuleId') ?? []) {
      const rule = group.Rules.find(
        (r) => r.SecurityGroupRuleId === ruleId && r.IsEgress === isEgress,
      );
      if (!rule) {
        throw new AwsError(
          'InvalidSecurityGroupRuleId.NotFound',
          `The security group rule ID '${ruleId}' does not exist`,
        );
      }
      revoked.push(rule);
    }
    for (const wanted of requestedRules(state, input, isEgress, ctx)) {
      const rule = group.Rules.find((r) => ruleKey(r) === ruleKey(wanted));
      if (!rule) {
        // In a non-default VPC an unmatched rule fails the whole call and revokes nothing.
        throw new AwsError(
          'InvalidPermission.NotFound',
          'The specified rule does not exist in this security group.',
        );
      }
      revoked.push(rule);
    }
    if (revoked.length === 0) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter ipPermissions',
      );
    }
    const ids = new Set(revoked.map((r) => r.SecurityGroupRuleId));
    group.Rules = group.Rules.filter((r) => !ids.has(r.SecurityGroupRuleId));
    return {
      Return: true,
      RevokedSecurityGroupRules: revoked.map((r) => revokedRuleOutput(group, r)),
    };
  };
}

/** AuthorizeSecurityGroupIngress: `InvalidPermission.Duplicate` for a rule that exists. */
export const authorizeSecurityGroupIngress = authorize(false);
/** AuthorizeSecurityGroupEgress: `InvalidPermission.Duplicate` for a rule that exists. */
export const authorizeSecurityGroupEgress = authorize(true);
/**
 * RevokeSecurityGroupIngress by rule or rule id; an unmatched rule answers
 * `InvalidPermission.NotFound`.
 */
export const revokeSecurityGroupIngress = revoke(false);
/**
 * RevokeSecurityGroupEgress by rule or rule id; an unmatched rule answers
 * `InvalidPermission.NotFound`.
 */
export const revokeSecurityGroupEgress = revoke(true);
