import {
  InstanceType,
  type ISecurityGroup,
  type IVpc,
  type SubnetSelection,
} from 'aws-cdk-lib/aws-ec2';
import {
  Credentials,
  DatabaseInstance,
  DatabaseInstanceEngine,
  DatabaseSecret,
  PostgresEngineVersion,
  StorageType,
} from 'aws-cdk-lib/aws-rds';
import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import type { DatabaseSpec } from '../../controller/model/manifest.js';

/** The port PostgreSQL listens on. */
export const POSTGRES_PORT = 5432;

/** Props of {@link PlatformDatabase}. */
export interface PlatformDatabaseProps {
  /** The database as the manifest declares it. */
  readonly spec: DatabaseSpec;
  /** Physical DB instance identifier. */
  readonly instanceIdentifier: string;
  readonly vpc: IVpc;
  /** Subnets of the instance's own DB subnet group. */
  readonly subnets: SubnetSelection;
  readonly securityGroup: ISecurityGroup;
  /**
   * Username of the generated credentials secret.
   * @default 'app'
   */
  readonly username?: string;
}

const STORAGE_TYPES: Record<DatabaseSpec['storageType'], StorageType> = {
  gp2: StorageType.GP2,
  gp3: StorageType.GP3,
  io1: StorageType.IO1,
  io2: StorageType.IO2,
};

/**
 * The RDS PostgreSQL instance as declared, in its own subnet group, with generated credentials.
 * Stateful: a stack deletion or a replacement leaves a final snapshot and keeps the credentials
 * secret; the rollout guard blocks replacing it unless the manifest allows it.
 */
export class PlatformDatabase extends Construct {
  readonly instance: DatabaseInstance;

  constructor(scope: Construct, id: string, props: PlatformDatabaseProps) {
    super(scope, id);
    const { spec } = props;
    const major = spec.engineVersion.split('.')[0] ?? spec.engineVersion;
    this.instance = new DatabaseInstance(this, 'Instance', {
      instanceIdentifier: props.instanceIdentifier,
      engine: DatabaseInstanceEngine.postgres({
        version: PostgresEngineVersion.of(spec.engineVersion, major),
      }),
      // CDK renders the `db.` prefix itself.
      instanceType: new InstanceType(spec.instanceClass.replace(/^db\./, '')),
      allocatedStorage: spec.allocatedStorage,
      storageType: STORAGE_TYPES[spec.storageType],
      multiAz: spec.multiAz,
      backupRetention: Duration.days(spec.backupRetentionDays),
      deletionProtection: spec.deletionProtection,
      storageEncrypted: spec.storageEncrypted,
      publiclyAccessible: spec.publiclyAccessible,
      databaseName: spec.databaseName,
      credentials: Credentials.fromGeneratedSecret(props.username ?? 'app'),
      port: POSTGRES_PORT,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [props.securityGroup],
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    // The snapshot a deletion or replacement leaves is only useful with its credentials. CDK
    // names the generated secret `Secret` and gives it no removal policy of its own.
    const generated = this.instance.node.tryFindChild('Secret');
    if (generated instanceof DatabaseSecret) generated.applyRemovalPolicy(RemovalPolicy.RETAIN);
    for (const [key, value] of Object.entries(spec.tags)) Tags.of(this).add(key, value);
  }
}
