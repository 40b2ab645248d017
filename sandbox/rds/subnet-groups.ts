/** RDS DB subnet group operations over the subnets of the EC2 emulation. */

import type { SubnetRecord } from '../ec2/state.js';
import { AwsError, type OperationHandler } from '../service.js';
import type { SandboxState } from '../state.js';
import {
  invalidValue,
  paginateRecords,
  rdsArn,
  rdsInput,
  readRdsTags,
  subnetGroupNotFound,
} from './common.js';
import type { DbSubnetGroupRecord } from './state.js';
import { subnetGroupOutput } from './view.js';

/**
 * The subnets of a DB subnet group, checked as CreateDBSubnetGroup checks them: they exist in the
 * EC2 emulation, lie in one VPC and cover at least two availability zones.
 */
export function subnetGroupSubnets(
  state: SandboxState,
  subnetIds: readonly string[],
): SubnetRecord[] {
  const ids = [...new Set(subnetIds)];
  if (ids.length === 0) {
    throw new AwsError('MissingParameter', 'The request must contain the parameter SubnetIds');
  }
  const missing = ids.filter((id) => !state.ec2.subnets[id]);
  if (missing.length > 0) {
    throw new AwsError(
      'InvalidSubnet',
      `Some input subnets in :[${missing.join(', ')}] are invalid.`,
    );
  }
  const subnets = ids.flatMap((id) => state.ec2.subnets[id] ?? []);
  const vpcs = new Set(subnets.map((s) => s.VpcId));
  if (vpcs.size > 1) {
    throw new AwsError(
      'InvalidSubnet',
      'Subnets in a DB subnet group must all belong to the same VPC.',
    );
  }
  const zones = [...new Set(subnets.map((s) => s.AvailabilityZone))];
  if (zones.length < 2) {
    throw new AwsError(
      'DBSubnetGroupDoesNotCoverEnoughAZs',
      `The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: ${zones.join(', ')}. Add subnets to cover at least 2 AZs.`,
    );
  }
  return subnets;
}

/** CreateDBSubnetGroup: subnets of the EC2 emulation in one VPC, covering at least two zones. */
export const createDBSubnetGroup: OperationHandler = (state, raw, ctx) => {
  const input = rdsInput(raw);
  const requestedName = input.requiredString('DBSubnetGroupName');
  if (!/^[A-Za-z0-9._ -]{1,255}$/.test(requestedName)) {
    throw invalidValue(
      'The parameter DBSubnetGroupName must contain no more than 255 letters, numbers, periods, underscores, spaces, or hyphens.',
    );
  }
  const name = requestedName.toLowerCase();
  if (name === 'default') {
    throw invalidValue('The DB subnet group name default is reserved.');
  }
  if (state.rds.subnetGroups[name]) {
    throw new AwsError(
      'DBSubnetGroupAlreadyExists',
      `The DB subnet group '${name}' already exists.`,
    );
  }
  const description = input.requiredString('DBSubnetGroupDescription');
  const subnets = subnetGroupSubnets(state, input.strings('SubnetIds') ?? []);
  const group: DbSubnetGroupRecord = {
    DBSubnetGroupName: name,
    DBSubnetGroupDescription: description,
    DBSubnetGroupArn: rdsArn(ctx, 'subgrp', name),
    VpcId: subnets[0]?.VpcId ?? '',
    Subnets: subnets.map((s) => ({
      SubnetIdentifier: s.SubnetId,
      AvailabilityZone: s.AvailabilityZone,
    })),
    Tags: readRdsTags(input),
  };
  state.rds.subnetGroups[name] = group;
  return { DBSubnetGroup: subnetGroupOutput(group, true) };
};

/** DescribeDBSubnetGroups, or one by name (`DBSubnetGroupNotFoundFault`, 404). */
export const describeDBSubnetGroups: OperationHandler = (state, raw) => {
  const input = rdsInput(raw);
  const name = input.string('DBSubnetGroupName');
  let groups = Object.values(state.rds.subnetGroups).sort((a, b) =>
    a.DBSubnetGroupName.localeCompare(b.DBSubnetGroupName),
  );
  if (name !== undefined) {
    const group = state.rds.subnetGroups[name.toLowerCase()];
    if (!group) {
      throw subnetGroupNotFound(name);
    }
    groups = [group];
  }
  const { page, Marker } = paginateRecords(groups, input);
  return { DBSubnetGroups: page.map((g) => subnetGroupOutput(g, true)), Marker };
};

/** DeleteDBSubnetGroup: `InvalidDBSubnetGroupStateFault` while an instance uses it. */
export const deleteDBSubnetGroup: OperationHandler = (state, raw) => {
  const name = rdsInput(raw).requiredString('DBSubnetGroupName').toLowerCase();
  if (!state.rds.subnetGroups[name]) {
    throw subnetGroupNotFound(name);
  }
  const user = Object.values(state.rds.instances).find((db) => db.DBSubnetGroupName === name);
  if (user) {
    throw new AwsError(
      'InvalidDBSubnetGroupStateFault',
      `Cannot delete the subnet group '${name}' because at least one database instance: ${user.DBInstanceIdentifier} is still using it.`,
    );
  }
  delete state.rds.subnetGroups[name];
  return undefined;
};
