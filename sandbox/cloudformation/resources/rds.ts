/**
 * RDS DB instances in the RDS emulation, made through the RDS operation handlers. Updates apply
 * at once (`ApplyImmediately`), as CloudFormation applies them.
 */

import { findInstance } from '../../rds/instances.js';
import { rdsService } from '../../rds/service.js';
import { instanceOutput } from '../../rds/view.js';
import { AwsError } from '../../service.js';
import type { SandboxState } from '../../state.js';
import type { ProvisionResult, StackContext } from '../contract.js';
import {
  changes,
  generatedName,
  type Handlers,
  ignoreNotFound,
  invoke,
  notUpdatable,
  object,
  type Properties,
  queryInput,
  randomSuffix,
  resourceTags,
  systemTags,
  text,
  withUserTags,
} from './support.js';

/** Calls an RDS operation with members in their wire form. */
export function rds(
  operation: string,
  state: SandboxState,
  members: Record<string, unknown>,
  ctx: StackContext,
): Record<string, unknown> {
  return invoke(rdsService, operation, state, queryInput(members), ctx);
}

/** Properties passed as the API member of the same name. */
const SAME_NAMED = [
  'AllocatedStorage',
  'AutoMinorVersionUpgrade',
  'BackupRetentionPeriod',
  'CACertificateIdentifier',
  'CopyTagsToSnapshot',
  'DBInstanceClass',
  'DBParameterGroupName',
  'DeletionProtection',
  'EnableIAMDatabaseAuthentication',
  'EnablePerformanceInsights',
  'EngineVersion',
  'Iops',
  'ManageMasterUserPassword',
  'MasterUserPassword',
  'MaxAllocatedStorage',
  'MonitoringInterval',
  'MultiAZ',
  'OptionGroupName',
  'PreferredBackupWindow',
  'PreferredMaintenanceWindow',
  'PubliclyAccessible',
  'StorageThroughput',
  'StorageType',
];
/** Set at creation only (`Update requires: Replacement`). */
const CREATE_ONLY = [
  'CharacterSetName',
  'CustomIAMInstanceProfile',
  'DBClusterIdentifier',
  'DBInstanceIdentifier',
  'DBName',
  'DBSubnetGroupName',
  'KmsKeyId',
  'MasterUsername',
  'NcharCharacterSetName',
  'Port',
  'SourceRegion',
  'StorageEncrypted',
  'Timezone',
];
/** Restores from snapshots, backups or other instances, which the sandbox does not make. */
const RESTORE = [
  'DBClusterSnapshotIdentifier',
  'DBSnapshotIdentifier',
  'RestoreTime',
  'SourceDBClusterIdentifier',
  'SourceDBInstanceAutomatedBackupsArn',
  'SourceDBInstanceIdentifier',
  'SourceDbiResourceId',
  'UseLatestRestorableTime',
];

/** The API members of the properties among `names` (all but `DBInstanceIdentifier` go as named). */
function instanceMembers(props: Properties, names: readonly string[]): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  for (const name of names) {
    if (name === 'VPCSecurityGroups') members.VpcSecurityGroupIds = props[name];
    else if (name === 'MasterUserSecret')
      members.MasterUserSecretKmsKeyId = object(props, name)?.KmsKeyId;
    else if (name !== 'EnableCloudwatchLogsExports') members[name] = props[name];
  }
  return members;
}

function instanceResult(
  state: SandboxState,
  identifier: string,
  ctx: StackContext,
): ProvisionResult {
  const db = findInstance(state, identifier);
  const view = instanceOutput(state, db, ctx) as { Endpoint: { HostedZoneId?: string } };
  return {
    physicalId: db.DBInstanceIdentifier,
    attributes: {
      'Endpoint.Address': db.EndpointAddress,
      'Endpoint.Port': String(db.Port),
      ...(view.Endpoint.HostedZoneId === undefined
        ? {}
        : { 'Endpoint.HostedZoneId': view.Endpoint.HostedZoneId }),
      DBInstanceArn: db.DBInstanceArn,
      DbiResourceId: db.DbiResourceId,
      'CertificateDetails.CAIdentifier': db.CACertificateIdentifier,
      ...(db.MasterUserSecretArn === undefined
        ? {}
        : { 'MasterUserSecret.SecretArn': db.MasterUserSecretArn }),
    },
  };
}

/** The conditional replacement an update asks for, if any: another engine, zone, or restore source. */
function replacedProperty(
  state: SandboxState,
  physicalId: string,
  previous: Properties,
  props: Properties,
) {
  const db = findInstance(state, physicalId);
  const engine = text(props, 'Engine');
  const zone = text(props, 'AvailabilityZone');
  if (engine !== undefined && engine.toLowerCase() !== db.Engine) return 'Engine';
  if (zone !== undefined && zone !== db.AvailabilityZone) return 'AvailabilityZone';
  return changes(previous, props, [...RESTORE, 'PerformanceInsightsKMSKeyId'])[0];
}

const UPDATED = [
  ...SAME_NAMED,
  'VPCSecurityGroups',
  'MasterUserSecret',
  'EnableCloudwatchLogsExports',
];

/**
 * Deletes a DB instance after a final snapshot, as CloudFormation does for a DeletionPolicy or
 * UpdateReplacePolicy of `Snapshot` (the default of DB instances): the snapshot is named
 * `<stack>-<instance>-snapshot-<12 random>`, lower case.
 */
export function deleteWithFinalSnapshot(
  state: SandboxState,
  physicalId: string,
  ctx: StackContext,
): void {
  const snapshot = `${ctx.stackName}-${physicalId}-snapshot-${randomSuffix(state)}`.toLowerCase();
  const members = {
    DBInstanceIdentifier: physicalId,
    FinalDBSnapshotIdentifier: snapshot.replace(/-+/g, '-'),
  };
  ignoreNotFound(() => rds('DeleteDBInstance', state, members, ctx));
}

/** `AWS::RDS::DBInstance`. */
export const dbInstanceHandlers: Handlers = {
  'AWS::RDS::DBInstance': {
    replaceOn: CREATE_ONLY,
    conditionalReplaceOn: [
      'AutoMinorVersionUpgrade',
      'AvailabilityZone',
      'BackupRetentionPeriod',
      'DBParameterGroupName',
      'Engine',
      'MultiAZ',
      'PerformanceInsightsKMSKeyId',
      'PreferredMaintenanceWindow',
      'StorageType',
      ...RESTORE,
    ],
    nameProperty: 'DBInstanceIdentifier',
    create(state, logicalId, props, ctx) {
      const restore = RESTORE.find((name) => props[name] !== undefined);
      if (restore !== undefined) {
        throw new AwsError(
          'ValidationError',
          `Property ${restore} of ${logicalId}: the sandbox creates DB instances empty and does not restore them.`,
        );
      }
      const identifier =
        text(props, 'DBInstanceIdentifier') ??
        generatedName(state, ctx, logicalId, { maxLength: 63, lowercase: true });
      const members = {
        ...instanceMembers(props, [
          ...CREATE_ONLY,
          ...SAME_NAMED,
          'Engine',
          'AvailabilityZone',
          'LicenseModel',
          'VPCSecurityGroups',
          'MasterUserSecret',
        ]),
        DBInstanceIdentifier: identifier,
        EnableCloudwatchLogsExports: props.EnableCloudwatchLogsExports,
        Tags: resourceTags(props, ctx),
      };
      rds('CreateDBInstance', state, members, ctx);
      findInstance(state, identifier).Tags.push(...systemTags(ctx, logicalId));
      return instanceResult(state, identifier, ctx);
    },
    update(state, _logicalId, physicalId, previous, props, ctx) {
      rds('DescribeDBInstances', state, { DBInstanceIdentifier: physicalId }, ctx);
      const replaced = replacedProperty(state, physicalId, previous, props);
      if (replaced !== undefined) throw notUpdatable('AWS::RDS::DBInstance', physicalId, replaced);
      const changed = changes(previous, props, UPDATED).filter((name) => props[name] !== undefined);
      const logs = changes(previous, props, ['EnableCloudwatchLogsExports']).length > 0;
      if (changed.length > 0 || logs) {
        const before = (previous.EnableCloudwatchLogsExports as string[] | undefined) ?? [];
        const after = (props.EnableCloudwatchLogsExports as string[] | undefined) ?? [];
        const members = {
          DBInstanceIdentifier: physicalId,
          ApplyImmediately: true,
          ...instanceMembers(props, changed),
          ...(changed.includes('EngineVersion')
            ? { AllowMajorVersionUpgrade: props.AllowMajorVersionUpgrade }
            : {}),
          ...(logs
            ? {
                CloudwatchLogsExportConfiguration: {
                  EnableLogTypes: after.filter((t) => !before.includes(t)),
                  DisableLogTypes: before.filter((t) => !after.includes(t)),
                },
              }
            : {}),
        };
        rds('ModifyDBInstance', state, members, ctx);
      }
      const db = findInstance(state, physicalId);
      db.Tags = withUserTags(db.Tags, resourceTags(props, ctx));
      return instanceResult(state, physicalId, ctx);
    },
    delete(state, physicalId, _props, ctx) {
      const members = { DBInstanceIdentifier: physicalId, SkipFinalSnapshot: true };
      ignoreNotFound(() => rds('DeleteDBInstance', state, members, ctx));
    },
  },
};
