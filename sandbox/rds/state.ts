/**
 * The persisted state of the RDS emulation: DB instances, DB subnet groups and the final snapshots
 * taken on deletion. Plain JSON, so the server can write it to disk after every mutating call.
 */

/** An RDS resource tag. */
export interface RdsTag {
  Key: string;
  Value: string;
}

/** Modifications accepted without `ApplyImmediately`, waiting for the maintenance window. */
export interface RdsPendingValues {
  /** A pending rename. */
  DBInstanceIdentifier?: string;
  DBSubnetGroupName?: string;
  DBInstanceClass?: string;
  AllocatedStorage?: number;
  MultiAZ?: boolean;
  EngineVersion?: string;
  StorageType?: string;
  Iops?: number;
  StorageThroughput?: number;
  BackupRetentionPeriod?: number;
}

/** A DB instance. */
export interface DbInstanceRecord {
  DBInstanceIdentifier: string;
  DBInstanceArn: string;
  DbiResourceId: string;
  DBInstanceClass: string;
  Engine: string;
  EngineVersion: string;
  DBInstanceStatus: string;
  MasterUsername: string;
  DBName?: string;
  EndpointAddress: string;
  Port: number;
  AllocatedStorage: number;
  MaxAllocatedStorage?: number;
  StorageType: string;
  Iops?: number;
  StorageThroughput?: number;
  /** ISO 8601. */
  InstanceCreateTime: string;
  PreferredBackupWindow: string;
  PreferredMaintenanceWindow: string;
  BackupRetentionPeriod: number;
  MultiAZ: boolean;
  AvailabilityZone: string;
  SecondaryAvailabilityZone?: string;
  AutoMinorVersionUpgrade: boolean;
  PubliclyAccessible: boolean;
  StorageEncrypted: boolean;
  KmsKeyId?: string;
  DeletionProtection: boolean;
  CopyTagsToSnapshot: boolean;
  /** Absent when the instance was created without a DB subnet group. */
  DBSubnetGroupName?: string;
  VpcSecurityGroupIds: string[];
  DBParameterGroupName: string;
  OptionGroupName: string;
  LicenseModel: string;
  CACertificateIdentifier: string;
  /** Set when RDS manages the master password in Secrets Manager. */
  MasterUserSecretArn?: string;
  MasterUserSecretKmsKeyId?: string;
  IAMDatabaseAuthenticationEnabled: boolean;
  PerformanceInsightsEnabled: boolean;
  MonitoringInterval: number;
  EnabledCloudwatchLogsExports: string[];
  PendingModifiedValues: RdsPendingValues;
  Tags: RdsTag[];
}

/** A DB subnet group. */
export interface DbSubnetGroupRecord {
  DBSubnetGroupName: string;
  DBSubnetGroupDescription: string;
  DBSubnetGroupArn: string;
  VpcId: string;
  /** The subnets with the availability zone each was in when the group was created or modified. */
  Subnets: Array<{ SubnetIdentifier: string; AvailabilityZone: string }>;
  Tags: RdsTag[];
}

/** A final snapshot taken when an instance was deleted. */
export interface DbSnapshotRecord {
  DBSnapshotIdentifier: string;
  DBInstanceIdentifier: string;
  /** ISO 8601. */
  SnapshotCreateTime: string;
}

/** The RDS emulation's slice of the sandbox state, keyed by (lowercase) identifier or name. */
export interface RdsState {
  instances: Record<string, DbInstanceRecord>;
  subnetGroups: Record<string, DbSubnetGroupRecord>;
  snapshots: Record<string, DbSnapshotRecord>;
}

/** An empty RDS state. */
export function initialRdsState(): RdsState {
  return { instances: {}, subnetGroups: {}, snapshots: {} };
}
