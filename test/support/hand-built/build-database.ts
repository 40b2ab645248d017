import {
  CreateDBInstanceCommand,
  CreateDBSubnetGroupCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { fail } from './build-network.js';
import { type Log, type ManifestDoc, type NetworkIds, tagList } from './manifest-doc.js';

/** A DB subnet group over the isolated subnets and the PostgreSQL instance in it. */
export async function createDatabase(
  rds: RDSClient,
  doc: ManifestDoc,
  network: NetworkIds,
  log: Log,
): Promise<void> {
  const db = doc.database ?? fail('no database declared');
  const env = doc.environment.name;
  const subnetGroup = `${env}-database`;
  await rds.send(
    new CreateDBSubnetGroupCommand({
      DBSubnetGroupName: subnetGroup,
      DBSubnetGroupDescription: `${env} isolated subnets`,
      SubnetIds: network.isolatedSubnets,
    }),
  );
  const identifier = db.identifier ?? `${env}-postgres`;
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: identifier,
      Engine: db.engine,
      EngineVersion: db.engineVersion,
      DBInstanceClass: db.instanceClass,
      AllocatedStorage: db.allocatedStorage,
      StorageType: db.storageType ?? 'gp3',
      MultiAZ: db.multiAz,
      BackupRetentionPeriod: db.backupRetentionDays,
      DeletionProtection: db.deletionProtection ?? false,
      StorageEncrypted: db.storageEncrypted ?? true,
      PubliclyAccessible: db.publiclyAccessible ?? false,
      DBName: db.databaseName ?? 'app',
      MasterUsername: 'app',
      ManageMasterUserPassword: true,
      DBSubnetGroupName: subnetGroup,
      VpcSecurityGroupIds: [network.databaseSecurityGroup],
      Tags: tagList(doc.tags, db.tags),
    }),
  );
  log(`database ${identifier}`);
}
