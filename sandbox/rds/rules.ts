/** Validation of RDS instance settings shared by CreateDBInstance and ModifyDBInstance. */
import type { SandboxState } from '../state.js';
import { invalidCombination, invalidValue } from './common.js';

/** Checks a backup retention period is within 0..35 days. */
export function checkBackupRetention(days: number): number {
  if (days < 0 || days > 35) {
    throw invalidValue(`Invalid backup retention period: ${days}. Valid values are 0 to 35 days.`);
  }
  return days;
}

/**
 * Checks a master password: 8 to 128 printable ASCII characters other than `/`, `@`, `"` and space.
 */
export function checkPassword(password: string): void {
  if (password.length < 8) {
    throw invalidValue(
      'The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.',
    );
  }
  if (password.length > 128 || !/^[\x21-\x7e]+$/.test(password) || /[/@"]/.test(password)) {
    throw invalidValue(
      "The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used.",
    );
  }
}

/** Checks a master user name: a letter, then up to 62 letters, digits or underscores. */
export function checkMasterUsername(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name) || name.toLowerCase() === 'rdsadmin') {
    throw invalidValue(`The parameter MasterUsername is not a valid identifier: ${name}`);
  }
  return name;
}

/** Checks a database name: a letter, then up to 62 letters, digits or underscores. */
export function checkDatabaseName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw invalidValue(`The parameter DBName is not a valid identifier: ${name}`);
  }
  return name;
}

function minutes(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Checks a backup window `hh24:mi-hh24:mi` (UTC, at least 30 minutes). */
export function checkBackupWindow(window: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(window);
  if (!match) {
    throw invalidValue(
      `The parameter PreferredBackupWindow must be in the format hh24:mi-hh24:mi: ${window}`,
    );
  }
  const [from = '', to = ''] = window.split('-');
  const length = (minutes(to) - minutes(from) + 1440) % 1440;
  if (length < 30) {
    throw invalidValue('The backup window must be at least 30 minutes.');
  }
  return window;
}

/** Checks a maintenance window `ddd:hh24:mi-ddd:hh24:mi`. */
export function checkMaintenanceWindow(window: string): string {
  const part = '(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d';
  if (!new RegExp(`^${part}-${part}$`, 'i').test(window)) {
    throw invalidValue(
      `The parameter PreferredMaintenanceWindow must be in the format ddd:hh24:mi-ddd:hh24:mi: ${window}`,
    );
  }
  return window.toLowerCase();
}

/**
 * Checks VPC security groups exist in the EC2 emulation and belong to the instance's VPC (when it
 * has one).
 */
export function checkVpcSecurityGroups(
  state: SandboxState,
  ids: readonly string[],
  vpcId: string | undefined,
): string[] {
  for (const id of ids) {
    const group = state.ec2.securityGroups[id];
    if (!group) {
      throw invalidValue(`Invalid security group , groupId= ${id}, groupName=.`);
    }
    if (vpcId !== undefined && group.VpcId !== vpcId) {
      throw invalidCombination(
        `The DB instance and EC2 security group are in different VPCs. The DB instance is in ${vpcId} and the EC2 security group is in ${group.VpcId}`,
      );
    }
  }
  return [...new Set(ids)];
}
