/**
 * RDS CreateDBInstance, DescribeDBInstances and DeleteDBInstance. Instances converge at once: a
 * created instance is `available` in the CreateDBInstance response already, and a deleted one is
 * gone from the next DescribeDBInstances.
 */

import { defaultSecurityGroupId } from '../ec2/security-groups.js';
import { AwsError, type OperationHandler, type ServiceContext } from '../service.js';
import { stableChars, stableUuid } from '../shared/hex-ids.js';
import { nextHex } from '../shared/ids.js';
import type { SandboxState } from '../state.js';
import {
  checkIdentifier,
  instanceNotFound,
  invalidCombination,
  invalidValue,
  paginateRecords,
  parseRdsArn,
  rdsArn,
  rdsInput,
  readRdsTags,
  subnetGroupNotFound,
} from './common.js';
import { checkInstanceClass, checkStorage, resolveEngine } from './engines.js';
import {
  checkBackupRetention,
  checkBackupWindow,
  checkDatabaseName,
  checkMaintenanceWindow,
  checkMasterUsername,
  checkPassword,
  checkVpcSecurityGroups,
} from './rules.js';
import type { DbInstanceRecord } from './state.js';
import { instanceOutput } from './view.js';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The instance with this identifier (any case), or `DBInstanceNotFound`. */
export function findInstance(state: SandboxState, identifier: string): DbInstanceRecord {
  const db = state.rds.instances[identifier.toLowerCase()];
  if (!db) {
    throw instanceNotFound(identifier);
  }
  return db;
}

/**
 * The endpoint host of an instance: `<id>.<account-and-region part>.<region>.rds.amazonaws.com`.
 */
export function endpointAddress(identifier: string, ctx: ServiceContext): string {
  const cluster = stableChars(`rds-endpoint:${ctx.accountId}:${ctx.region}`, 12, LOWER_ALNUM);
  return `${identifier}.${cluster}.${ctx.region}.rds.amazonaws.com`;
}

/** A KMS key ARN for a key id, alias or ARN; the account's `aws/<service>` key when absent. */
export function kmsKeyArn(ctx: ServiceContext, keyId: string | undefined, service: string): string {
  if (keyId?.startsWith('arn:')) {
    return keyId;
  }
  const seed = keyId === undefined ? `aws/${service}` : keyId;
  const id = /^[0-9a-f-]{36}$/.test(seed)
    ? seed
    : stableUuid(`kms:${ctx.accountId}:${ctx.region}:${seed}`);
  return `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${id}`;
}

/** The ARN of the Secrets Manager secret holding a managed master password. */
export function secretArn(ctx: ServiceContext, seed: string): string {
  const suffix = stableChars(seed, 6, LOWER_ALNUM + UPPER_ALNUM);
  return `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:rds!db-${stableUuid(seed)}-${suffix}`;
}

/**
 * A second availability zone for a Multi-AZ standby: another zone of the subnet group, or of the
 * region.
 */
export function standbyZone(
  state: SandboxState,
  db: DbInstanceRecord,
  ctx: ServiceContext,
): string {
  const group = db.DBSubnetGroupName ? state.rds.subnetGroups[db.DBSubnetGroupName] : undefined;
  const zones = group
    ? group.Subnets.map((s) => s.AvailabilityZone)
    : ['a', 'b', 'c'].map((l) => `${ctx.region}${l}`);
  return zones.find((z) => z !== db.AvailabilityZone) ?? db.AvailabilityZone;
}

/**
 * CreateDBInstance: validates engine, version, class, storage, backups and credentials; the
 * instance is `available` at once.
 */
export const createDBInstance: OperationHandler = (state, raw, ctx) => {
  const input = rdsInput(raw);
  const id = checkIdentifier('DBInstanceIdentifier', input.requiredString('DBInstanceIdentifier'));
  if (state.rds.instances[id]) {
    throw new AwsError('DBInstanceAlreadyExists', 'DB instance already exists');
  }
  const instanceClass = checkInstanceClass(input.requiredString('DBInstanceClass'));
  const engine = resolveEngine(
    input.requiredString('Engine').toLowerCase(),
    input.string('EngineVersion'),
  );
  const iops = input.integer('Iops');
  const storageType = input.string('StorageType') ?? (iops === undefined ? 'gp3' : 'io1');
  const allocated = checkStorage(engine.engine, storageType, input.integer('AllocatedStorage'));
  if ((storageType === 'io1' || storageType === 'io2') && iops === undefined) {
    throw invalidCombination(`You must specify Iops for storage type ${storageType}.`);
  }
  const backupRetention = checkBackupRetention(input.integer('BackupRetentionPeriod') ?? 1);
  const username = checkMasterUsername(input.requiredString('MasterUsername'));
  const managed = input.boolean('ManageMasterUserPassword') ?? false;
  const password = input.string('MasterUserPassword');
  if (managed && password !== undefined) {
    throw invalidCombination(
      "You can't specify MasterUserPassword when ManageMasterUserPassword is turned on.",
    );
  }
  if (!managed) {
    if (password === undefined || password === '') {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter MasterUserPassword',
      );
    }
    checkPassword(password);
  }

  const groupName = input.string('DBSubnetGroupName')?.toLowerCase();
  const group = groupName ? state.rds.subnetGroups[groupName] : undefined;
  if (groupName && !group) {
    throw subnetGroupNotFound(groupName);
  }
  const requestedGroups = input.strings('VpcSecurityGroupIds') ?? [];
  const defaultGroup = group ? defaultSecurityGroupId(state, group.VpcId) : undefined;
  const securityGroups =
    requestedGroups.length > 0
      ? checkVpcSecurityGroups(state, requestedGroups, group?.VpcId)
      : defaultGroup
        ? [defaultGroup]
        : [];

  const multiAz = input.boolean('MultiAZ') ?? false;
  const zones = group ? group.Subnets.map((s) => s.AvailabilityZone) : [`${ctx.region}a`];
  const requestedZone = input.string('AvailabilityZone');
  if (requestedZone !== undefined && multiAz) {
    throw invalidCombination(
      'Requesting a specific availability zone is not valid for Multi-AZ instances.',
    );
  }
  if (requestedZone !== undefined && group && !zones.includes(requestedZone)) {
    throw invalidValue(
      `DB subnet group '${group.DBSubnetGroupName}' does not cover availability zone ${requestedZone}`,
    );
  }

  const encrypted = input.boolean('StorageEncrypted') ?? false;
  const kmsKey = input.string('KmsKeyId');
  if (kmsKey !== undefined && !encrypted) {
    throw invalidCombination('KmsKeyId can only be specified when StorageEncrypted is true.');
  }
  const dbName = input.string('DBName');
  const resourceSeed = nextHex(state, 'rds', 16);
  const db: DbInstanceRecord = {
    DBInstanceIdentifier: id,
    DBInstanceArn: rdsArn(ctx, 'db', id),
    DbiResourceId: `db-${stableChars(resourceSeed, 26, UPPER_ALNUM)}`,
    DBInstanceClass: instanceClass,
    Engine: engine.engine,
    EngineVersion: engine.version,
    DBInstanceStatus: 'available',
    MasterUsername: username,
    ...(dbName === undefined ? {} : { DBName: checkDatabaseName(dbName) }),
    EndpointAddress: endpointAddress(id, ctx),
    Port: input.integer('Port') ?? engine.port,
    AllocatedStorage: allocated,
    StorageType: storageType,
    ...(iops === undefined ? {} : { Iops: iops }),
    InstanceCreateTime: ctx.now.toISOString(),
    PreferredBackupWindow: checkBackupWindow(
      input.string('PreferredBackupWindow') ?? '03:00-03:30',
    ),
    PreferredMaintenanceWindow: checkMaintenanceWindow(
      input.string('PreferredMaintenanceWindow') ?? 'sun:04:00-sun:04:30',
    ),
    BackupRetentionPeriod: backupRetention,
    MultiAZ: multiAz,
    AvailabilityZone: requestedZone ?? zones[0] ?? `${ctx.region}a`,
    AutoMinorVersionUpgrade: input.boolean('AutoMinorVersionUpgrade') ?? true,
    PubliclyAccessible: input.boolean('PubliclyAccessible') ?? false,
    StorageEncrypted: encrypted,
    ...(encrypted ? { KmsKeyId: kmsKeyArn(ctx, kmsKey, 'rds') } : {}),
    DeletionProtection: input.boolean('DeletionProtection') ?? false,
    CopyTagsToSnapshot: input.boolean('CopyTagsToSnapshot') ?? false,
    VpcSecurityGroupIds: securityGroups,
    DBParameterGroupName: input.string('DBParameterGroupName') ?? engine.parameterGroup,
    OptionGroupName: input.string('OptionGroupName') ?? engine.optionGroup,
    LicenseModel: input.string('LicenseModel') ?? engine.licenseModel,
    CACertificateIdentifier: input.string('CACertificateIdentifier') ?? 'rds-ca-rsa2048-g1',
    IAMDatabaseAuthenticationEnabled: input.boolean('EnableIAMDatabaseAuthentication') ?? false,
    PerformanceInsightsEnabled: input.boolean('EnablePerformanceInsights') ?? false,
    MonitoringInterval: input.integer('MonitoringInterval') ?? 0,
    EnabledCloudwatchLogsExports: input.strings('EnableCloudwatchLogsExports') ?? [],
    PendingModifiedValues: {},
    Tags: readRdsTags(input),
  };
  const maxAllocated = input.integer('MaxAllocatedStorage');
  if (maxAllocated !== undefined) {
    if (maxAllocated < allocated) {
      throw invalidValue('MaxAllocatedStorage must be greater than AllocatedStorage.');
    }
    db.MaxAllocatedStorage = maxAllocated;
  }
  if (groupName) {
    db.DBSubnetGroupName = groupName;
  }
  if (multiAz) {
    db.SecondaryAvailabilityZone = standbyZone(state, db, ctx);
  }
  if (managed) {
    db.MasterUserSecretArn = secretArn(ctx, db.DbiResourceId);
    db.MasterUserSecretKmsKeyId = kmsKeyArn(
      ctx,
      input.string('MasterUserSecretKmsKeyId'),
      'secretsmanager',
    );
  }
  state.rds.instances[id] = db;
  return { DBInstance: instanceOutput(state, db, ctx) };
};

/**
 * Instance identifiers named by a `db-instance-id` filter value: an identifier or an instance ARN.
 */
function identifierOf(value: string): string {
  const arn = parseRdsArn(value);
  return (arn?.type === 'db' ? arn.name : value).toLowerCase();
}

/**
 * DescribeDBInstances by identifier (`DBInstanceNotFound`, 404) or filters (`db-instance-id`,
 * `dbi-resource-id`, `engine`), paged with `MaxRecords`/`Marker`.
 */
export const describeDBInstances: OperationHandler = (state, raw, ctx) => {
  const input = rdsInput(raw);
  const identifier = input.string('DBInstanceIdentifier');
  let instances = Object.values(state.rds.instances).sort((a, b) =>
    a.DBInstanceIdentifier.localeCompare(b.DBInstanceIdentifier),
  );
  if (identifier !== undefined) {
    instances = [findInstance(state, identifierOf(identifier))];
  }
  for (const filter of input.structs('Filters') ?? []) {
    const name = filter.requiredString('Name');
    const values = filter.strings('Values') ?? [];
    const fields: Record<string, (db: DbInstanceRecord) => string | undefined> = {
      'db-instance-id': (db) => db.DBInstanceIdentifier,
      'dbi-resource-id': (db) => db.DbiResourceId,
      engine: (db) => db.Engine,
      'db-cluster-id': () => undefined,
    };
    const field = fields[name];
    if (!field) {
      throw invalidValue(`Unrecognized filter name: ${name}`);
    }
    const wanted = new Set(name === 'db-instance-id' ? values.map(identifierOf) : values);
    instances = instances.filter((db) => {
      const value = field(db);
      return value !== undefined && wanted.has(value);
    });
  }
  const { page, Marker } = paginateRecords(instances, input);
  return { DBInstances: page.map((db) => instanceOutput(state, db, ctx)), Marker };
};

/**
 * DeleteDBInstance: refused under deletion protection; needs `SkipFinalSnapshot` or a new
 * `FinalDBSnapshotIdentifier`; the instance is gone at once.
 */
export const deleteDBInstance: OperationHandler = (state, raw, ctx) => {
  const input = rdsInput(raw);
  const db = findInstance(state, input.requiredString('DBInstanceIdentifier'));
  if (db.DeletionProtection) {
    throw invalidCombination(
      'Cannot delete protected DB Instance, please disable deletion protection and try again.',
    );
  }
  const skip = input.boolean('SkipFinalSnapshot') ?? false;
  const snapshot = input.string('FinalDBSnapshotIdentifier');
  if (skip && snapshot !== undefined) {
    throw invalidCombination(
      'FinalDBSnapshotIdentifier can not be specified when SkipFinalSnapshot is enabled.',
    );
  }
  if (!skip) {
    if (snapshot === undefined || snapshot === '') {
      throw invalidCombination(
        'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.',
      );
    }
    const snapshotId = checkIdentifier('FinalDBSnapshotIdentifier', snapshot);
    if (state.rds.snapshots[snapshotId]) {
      throw new AwsError(
        'DBSnapshotAlreadyExists',
        `Cannot create the snapshot because a snapshot with the identifier ${snapshotId} already exists.`,
      );
    }
    state.rds.snapshots[snapshotId] = {
      DBSnapshotIdentifier: snapshotId,
      DBInstanceIdentifier: db.DBInstanceIdentifier,
      SnapshotCreateTime: ctx.now.toISOString(),
    };
  }
  const output = instanceOutput(state, { ...db, DBInstanceStatus: 'deleting' }, ctx);
  delete state.rds.instances[db.DBInstanceIdentifier];
  return { DBInstance: output };
};
