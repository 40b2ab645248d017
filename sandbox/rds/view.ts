/** RDS records rendered as the SDK's `DBInstance` and `DBSubnetGroup`. */
import type { ServiceContext } from '../service.js';
import type { SandboxState } from '../state.js';
import type { DbInstanceRecord, DbSubnetGroupRecord } from './state.js';

/** Route 53 hosted zone of RDS endpoints per region (for `Endpoint.HostedZoneId`). */
const HOSTED_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z2R2ITUGPM61AM',
  'us-east-2': 'Z2XHWR1WZ565X2',
  'us-west-1': 'Z10WI91S59XXQN',
  'us-west-2': 'Z1PVIF0B656C1W',
  'eu-west-1': 'Z29XKXDKYMONMX',
  'eu-west-2': 'Z1H9VIP5VKCGQT',
  'eu-central-1': 'Z1RLNUO7B9Q6NB',
};

/** A subnet group as the SDK's `DBSubnetGroup`; `withArn` as in DescribeDBSubnetGroups. */
export function subnetGroupOutput(
  group: DbSubnetGroupRecord,
  withArn: boolean,
): Record<string, unknown> {
  return {
    DBSubnetGroupName: group.DBSubnetGroupName,
    DBSubnetGroupDescription: group.DBSubnetGroupDescription,
    VpcId: group.VpcId,
    SubnetGroupStatus: 'Complete',
    Subnets: group.Subnets.map((s) => ({
      SubnetIdentifier: s.SubnetIdentifier,
      SubnetAvailabilityZone: { Name: s.AvailabilityZone },
      SubnetOutpost: {},
      SubnetStatus: 'Active',
    })),
    DBSubnetGroupArn: withArn ? group.DBSubnetGroupArn : undefined,
    SupportedNetworkTypes: ['IPV4'],
  };
}

/** An instance as the SDK's `DBInstance`. */
export function instanceOutput(
  state: SandboxState,
  db: DbInstanceRecord,
  ctx: ServiceContext,
): Record<string, unknown> {
  const group = db.DBSubnetGroupName ? state.rds.subnetGroups[db.DBSubnetGroupName] : undefined;
  const pending = Object.fromEntries(
    Object.entries(db.PendingModifiedValues).filter(([, v]) => v !== undefined),
  );
  return {
    DBInstanceIdentifier: db.DBInstanceIdentifier,
    DBInstanceClass: db.DBInstanceClass,
    Engine: db.Engine,
    DBInstanceStatus: db.DBInstanceStatus,
    MasterUsername: db.MasterUsername,
    DBName: db.DBName,
    Endpoint: {
      Address: db.EndpointAddress,
      Port: db.Port,
      HostedZoneId: HOSTED_ZONES[ctx.region],
    },
    AllocatedStorage: db.AllocatedStorage,
    InstanceCreateTime: db.InstanceCreateTime,
    PreferredBackupWindow: db.PreferredBackupWindow,
    BackupRetentionPeriod: db.BackupRetentionPeriod,
    DBSecurityGroups: [],
    VpcSecurityGroups: db.VpcSecurityGroupIds.map((id) => ({
      VpcSecurityGroupId: id,
      Status: 'active',
    })),
    DBParameterGroups: [
      { DBParameterGroupName: db.DBParameterGroupName, ParameterApplyStatus: 'in-sync' },
    ],
    AvailabilityZone: db.AvailabilityZone,
    DBSubnetGroup: group ? subnetGroupOutput(group, false) : undefined,
    PreferredMaintenanceWindow: db.PreferredMaintenanceWindow,
    PendingModifiedValues: pending,
    MultiAZ: db.MultiAZ,
    EngineVersion: db.EngineVersion,
    AutoMinorVersionUpgrade: db.AutoMinorVersionUpgrade,
    ReadReplicaDBInstanceIdentifiers: [],
    LicenseModel: db.LicenseModel,
    Iops: db.Iops,
    StorageThroughput: db.StorageThroughput,
    OptionGroupMemberships: [{ OptionGroupName: db.OptionGroupName, Status: 'in-sync' }],
    SecondaryAvailabilityZone: db.SecondaryAvailabilityZone,
    PubliclyAccessible: db.PubliclyAccessible,
    StorageType: db.StorageType,
    DbInstancePort: 0,
    StorageEncrypted: db.StorageEncrypted,
    KmsKeyId: db.KmsKeyId,
    DbiResourceId: db.DbiResourceId,
    CACertificateIdentifier: db.CACertificateIdentifier,
    DomainMemberships: [],
    CopyTagsToSnapshot: db.CopyTagsToSnapshot,
    MonitoringInterval: db.MonitoringInterval,
    DBInstanceArn: db.DBInstanceArn,
    IAMDatabaseAuthenticationEnabled: db.IAMDatabaseAuthenticationEnabled,
    PerformanceInsightsEnabled: db.PerformanceInsightsEnabled,
    EnabledCloudwatchLogsExports:
      db.EnabledCloudwatchLogsExports.length > 0 ? db.EnabledCloudwatchLogsExports : undefined,
    DeletionProtection: db.DeletionProtection,
    AssociatedRoles: [],
    MaxAllocatedStorage: db.MaxAllocatedStorage,
    TagList: db.Tags,
    CustomerOwnedIpEnabled: false,
    BackupTarget: 'region',
    NetworkType: 'IPV4',
    MasterUserSecret: db.MasterUserSecretArn
      ? {
          SecretArn: db.MasterUserSecretArn,
          SecretStatus: 'active',
          KmsKeyId: db.MasterUserSecretKmsKeyId,
        }
      : undefined,
    DedicatedLogVolume: false,
  };
}
