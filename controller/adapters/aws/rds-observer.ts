import {
  type DBInstance,
  DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandOutput,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { Observation, RdsInstanceState } from '../../model/live-state.js';
import { failureReason, isErrorNamed } from './failure-reason.js';
import { MISSING, present, unchecked } from './observation.js';
import { pairsToRecord } from './records.js';

/**
 * Observes one RDS DB instance with a single DescribeDBInstances call (tags included in the
 * response). Never throws for AWS errors: an unknown identifier is `missing`, any other failure
 * `unchecked`. An instance being deleted is still present, with status `deleting`.
 */
export async function observeDatabase(
  rds: RDSClient,
  identifier: string,
): Promise<Observation<RdsInstanceState>> {
  let output: DescribeDBInstancesCommandOutput;
  try {
    output = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
  } catch (error) {
    // DBInstanceNotFound is the query-protocol wire code of DBInstanceNotFoundFault.
    if (isErrorNamed(error, 'DBInstanceNotFoundFault', 'DBInstanceNotFound')) return MISSING;
    return unchecked(failureReason('DescribeDBInstances', error));
  }
  const instance = output.DBInstances?.find(
    // Identifiers are case-insensitive; RDS reports them in lowercase.
    (i) => i.DBInstanceIdentifier?.toLowerCase() === identifier.toLowerCase(),
  );
  return instance ? present(toRdsInstanceState(instance)) : MISSING;
}

/** Translates a `DescribeDBInstances` entry; a field RDS did not return is `null`, never a default. */
export function toRdsInstanceState(i: DBInstance): RdsInstanceState {
  return {
    identifier: i.DBInstanceIdentifier ?? '',
    status: i.DBInstanceStatus ?? '',
    engine: i.Engine ?? '',
    engineVersion: i.EngineVersion ?? null,
    instanceClass: i.DBInstanceClass ?? null,
    allocatedStorage: i.AllocatedStorage ?? null,
    storageType: i.StorageType ?? null,
    multiAz: i.MultiAZ ?? null,
    backupRetentionDays: i.BackupRetentionPeriod ?? null,
    deletionProtection: i.DeletionProtection ?? null,
    storageEncrypted: i.StorageEncrypted ?? null,
    publiclyAccessible: i.PubliclyAccessible ?? null,
    tags: pairsToRecord(
      i.TagList,
      (t) => t.Key,
      (t) => t.Value,
    ),
  };
}
