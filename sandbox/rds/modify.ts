/**
 * RDS ModifyDBInstance. Settings RDS applies in the maintenance window (class, storage, Multi-AZ,
 * engine version, subnet group, a backup retention change to or from 0, a rename) are applied at
 * once with `ApplyImmediately`, and otherwise kept in `PendingModifiedValues` until a later call
 * with `ApplyImmediately` (the emulation has no maintenance window). The other settings always
 * apply at once. The whole request is validated before anything changes.
 */

import { defaultSecurityGroupId } from '../ec2/security-groups.js';
import { AwsError, type OperationHandler, type ServiceContext } from '../service.js';
import type { QueryInput } from '../shared/query-input.js';
import type { SandboxState } from '../state.js';
import {
  checkIdentifier,
  invalidCombination,
  invalidValue,
  rdsArn,
  rdsInput,
  subnetGroupNotFound,
} from './common.js';
import { checkInstanceClass, checkStorage, compareVersions, resolveEngine } from './engines.js';
import { endpointAddress, findInstance, kmsKeyArn, secretArn, standbyZone } from './instances.js';
import {
  checkBackupRetention,
  checkBackupWindow,
  checkMaintenanceWindow,
  checkPassword,
  checkVpcSecurityGroups,
} from './rules.js';
import type { DbInstanceRecord, RdsPendingValues } from './state.js';
import { instanceOutput } from './view.js';

/** Applies pending values to an instance, renaming it in the state when one of them is a rename. */
function applyPending(
  state: SandboxState,
  db: DbInstanceRecord,
  pending: RdsPendingValues,
  ctx: ServiceContext,
): void {
  const { DBInstanceIdentifier: rename, ...values } = pending;
  Object.assign(db, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)));
  db.PendingModifiedValues = {};
  if (db.MultiAZ && db.SecondaryAvailabilityZone === undefined) {
    db.SecondaryAvailabilityZone = standbyZone(state, db, ctx);
  }
  if (!db.MultiAZ) {
    delete db.SecondaryAvailabilityZone;
  }
  if (rename !== undefined && rename !== db.DBInstanceIdentifier) {
    delete state.rds.instances[db.DBInstanceIdentifier];
    db.DBInstanceIdentifier = rename;
    db.DBInstanceArn = rdsArn(ctx, 'db', rename);
    db.EndpointAddress = endpointAddress(rename, ctx);
    state.rds.instances[rename] = db;
  }
}

/** The maintenance-window settings of a request, over those already pending. */
function deferredSettings(
  state: SandboxState,
  db: DbInstanceRecord,
  input: QueryInput,
): { deferred: RdsPendingValues; backupRetention?: number } {
  const deferred: RdsPendingValues = { ...db.PendingModifiedValues };
  const current = { ...db, ...deferred };
  const instanceClass = input.string('DBInstanceClass');
  if (instanceClass !== undefined) {
    deferred.DBInstanceClass = checkInstanceClass(instanceClass);
  }
  const storageType = input.string('StorageType');
  const allocated = input.integer('AllocatedStorage');
  const iops = input.integer('Iops');
  if (storageType !== undefined || allocated !== undefined) {
    const type = storageType ?? current.StorageType;
    const size = allocated ?? current.AllocatedStorage;
    checkStorage(db.Engine, type, size);
    if (size < db.AllocatedStorage) {
      throw invalidValue(
        'Invalid storage size: the allocated storage of a DB instance cannot be reduced.',
      );
    }
    if (
      allocated !== undefined &&
      size > db.AllocatedStorage &&
      size < Math.ceil(db.AllocatedStorage * 1.1)
    ) {
      throw invalidCombination(
        'The new allocated storage must be at least 10% greater than the current allocated storage.',
      );
    }
    if ((type === 'io1' || type === 'io2') && (iops ?? current.Iops) === undefined) {
      throw invalidCombination(`You must specify Iops for storage type ${type}.`);
    }
    if (storageType !== undefined) deferred.StorageType = storageType;
    if (allocated !== undefined) deferred.AllocatedStorage = allocated;
  }
  if (iops !== undefined) deferred.Iops = iops;
  const throughput = input.integer('StorageThroughput');
  if (throughput !== undefined) deferred.StorageThroughput = throughput;
  const multiAz = input.boolean('MultiAZ');
  if (multiAz !== undefined) deferred.MultiAZ = multiAz;

  const requestedVersion = input.string('EngineVersion');
  if (requestedVersion !== undefined) {
    const target = resolveEngine(db.Engine, requestedVersion);
    const from = resolveEngine(db.Engine, db.EngineVersion);
    if (compareVersions(target.version, db.EngineVersion) < 0) {
      throw invalidCombination(
        `Cannot upgrade ${db.Engine} from ${db.EngineVersion} to ${target.version}`,
      );
    }
    if (target.major !== from.major && !(input.boolean('AllowMajorVersionUpgrade') ?? false)) {
      throw invalidCombination(
        'The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.',
      );
    }
    deferred.EngineVersion = target.version;
  }

  const groupName = input.string('DBSubnetGroupName')?.toLowerCase();
  if (groupName !== undefined && groupName !== db.DBSubnetGroupName) {
    if (!state.rds.subnetGroups[groupName]) {
      throw subnetGroupNotFound(groupName);
    }
    deferred.DBSubnetGroupName = groupName;
  }

  const rename = input.string('NewDBInstanceIdentifier');
  if (rename !== undefined) {
    const id = checkIdentifier('NewDBInstanceIdentifier', rename);
    if (id !== db.DBInstanceIdentifier && state.rds.instances[id]) {
      throw new AwsError('DBInstanceAlreadyExists', 'DB instance already exists');
    }
    deferred.DBInstanceIdentifier = id;
  }

  const retention = input.integer('BackupRetentionPeriod');
  if (retention === undefined) {
    return { deferred };
  }
  checkBackupRetention(retention);
  // Only turning backups on or off waits for the maintenance window.
  if ((retention === 0) !== (db.BackupRetentionPeriod === 0)) {
    deferred.BackupRetentionPeriod = retention;
    return { deferred };
  }
  return { deferred, backupRetention: retention };
}

/** The settings of a request RDS applies at once whatever `ApplyImmediately` says. */
function immediateSettings(
  state: SandboxState,
  db: DbInstanceRecord,
  input: QueryInput,
  ctx: ServiceContext,
  vpcId: string | undefined,
): { changes: Partial<DbInstanceRecord>; unmanagePassword: boolean } {
  const changes: Partial<DbInstanceRecord> = {};
  const set = <K extends keyof DbInstanceRecord>(
    key: K,
    value: DbInstanceRecord[K] | undefined,
  ) => {
    if (value !== undefined) {
      changes[key] = value;
    }
  };
  set('DeletionProtection', input.boolean('DeletionProtection'));
  set('PubliclyAccessible', input.boolean('PubliclyAccessible'));
  set('CopyTagsToSnapshot', input.boolean('CopyTagsToSnapshot'));
  set('AutoMinorVersionUpgrade', input.boolean('AutoMinorVersionUpgrade'));
  set('IAMDatabaseAuthenticationEnabled', input.boolean('EnableIAMDatabaseAuthentication'));
  set('PerformanceInsightsEnabled', input.boolean('EnablePerformanceInsights'));
  set('MonitoringInterval', input.integer('MonitoringInterval'));
  set('Port', input.integer('DBPortNumber'));
  set('DBParameterGroupName', input.string('DBParameterGroupName'));
  set('OptionGroupName', input.string('OptionGroupName'));
  set('CACertificateIdentifier', input.string('CACertificateIdentifier'));
  const backupWindow = input.string('PreferredBackupWindow');
  set(
    'PreferredBackupWindow',
    backupWindow === undefined ? undefined : checkBackupWindow(backupWindow),
  );
  const maintenance = input.string('PreferredMaintenanceWindow');
  set(
    'PreferredMaintenanceWindow',
    maintenance === undefined ? undefined : checkMaintenanceWindow(maintenance),
  );
  const maxAllocated = input.integer('MaxAllocatedStorage');
  if (maxAllocated !== undefined) {
    if (maxAllocated < db.AllocatedStorage) {
      throw invalidValue('MaxAllocatedStorage must be greater than AllocatedStorage.');
    }
    changes.MaxAllocatedStorage = maxAllocated;
  }
  const logs = input.struct('CloudwatchLogsExportConfiguration');
  if (logs) {
    const disabled = new Set(logs.strings('DisableLogTypes') ?? []);
    const enabled = [...db.EnabledCloudwatchLogsExports, ...(logs.strings('EnableLogTypes') ?? [])];
    changes.EnabledCloudwatchLogsExports = [...new Set(enabled)].filter((t) => !disabled.has(t));
  }
  const groups = input.strings('VpcSecurityGroupIds');
  if (groups !== undefined) {
    changes.VpcSecurityGroupIds = checkVpcSecurityGroups(state, groups, vpcId);
  }

  const password = input.string('MasterUserPassword');
  const manage = input.boolean('ManageMasterUserPassword');
  const managed = db.MasterUserSecretArn !== undefined;
  if (password !== undefined) {
    if (manage === true || (managed && manage !== false)) {
      throw invalidCombination(
        "You can't specify MasterUserPassword when the master password is managed in Secrets Manager.",
      );
    }
    checkPassword(password);
  }
  if (manage === false && managed && password === undefined) {
    throw invalidCombination(
      'MasterUserPassword is required when turning off ManageMasterUserPassword.',
    );
  }
  if (manage === true && !managed) {
    changes.MasterUserSecretArn = secretArn(ctx, db.DbiResourceId);
    changes.MasterUserSecretKmsKeyId = kmsKeyArn(
      ctx,
      input.string('MasterUserSecretKmsKeyId'),
      'secretsmanager',
    );
  }
  return { changes, unmanagePassword: manage === false && managed };
}

/** ModifyDBInstance: see the module comment for what applies at once and what stays pending. */
export const modifyDBInstance: OperationHandler = (state, raw, ctx) => {
  const input = rdsInput(raw);
  const db = findInstance(state, input.requiredString('DBInstanceIdentifier'));
  if (db.DBInstanceStatus !== 'available') {
    throw new AwsError('InvalidDBInstanceState', 'Database instance is not in available state.');
  }
  if (input.has('StorageEncrypted')) {
    throw invalidCombination(
      'Encryption of an existing DB instance cannot be changed; StorageEncrypted is set only when the instance is created.',
    );
  }
  const applyNow = input.boolean('ApplyImmediately') ?? false;
  const { deferred, backupRetention } = deferredSettings(state, db, input);
  const movesNow = applyNow && deferred.DBSubnetGroupName !== undefined;
  const groupName = movesNow ? deferred.DBSubnetGroupName : db.DBSubnetGroupName;
  const vpcId = groupName ? state.rds.subnetGroups[groupName]?.VpcId : undefined;
  const { changes, unmanagePassword } = immediateSettings(state, db, input, ctx, vpcId);

  // Everything is valid: change the instance.
  if (movesNow && changes.VpcSecurityGroupIds === undefined && vpcId !== undefined) {
    const stay = db.VpcSecurityGroupIds.every(
      (id) => state.ec2.securityGroups[id]?.VpcId === vpcId,
    );
    const fallback = defaultSecurityGroupId(state, vpcId);
    if (!stay) {
      changes.VpcSecurityGroupIds = fallback ? [fallback] : [];
    }
  }
  if (backupRetention !== undefined) {
    db.BackupRetentionPeriod = backupRetention;
  }
  if (unmanagePassword) {
    delete db.MasterUserSecretArn;
    delete db.MasterUserSecretKmsKeyId;
  }
  Object.assign(db, changes);
  if (applyNow) {
    applyPending(state, db, deferred, ctx);
  } else {
    db.PendingModifiedValues = deferred;
  }
  return { DBInstance: instanceOutput(state, db, ctx) };
};
