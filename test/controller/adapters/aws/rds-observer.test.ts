import {
  DBInstanceNotFoundFault,
  DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandOutput,
  RDSClient,
  RDSServiceException,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { observeDatabase } from '../../../../controller/adapters/aws/rds-observer.js';
import type { RdsInstanceState } from '../../../../controller/model/live-state.js';
import { liveFixture } from './support.js';

const rdsMock = mockClient(RDSClient);
const rds = new RDSClient({ region: 'eu-west-1' });

function fixture(): DescribeDBInstancesCommandOutput {
  return liveFixture<DescribeDBInstancesCommandOutput>('rds/describe-db-instances.prod.json');
}

describe('observeDatabase', () => {
  afterEach(() => {
    rdsMock.reset();
  });

  it('translates the described instance, tags included, from one call', async () => {
    // Prepare
    rdsMock.on(DescribeDBInstancesCommand).resolves(fixture());

    // Act
    const live = await observeDatabase(rds, 'prod-postgres');

    // Assess
    expect(rdsMock).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 1);
    expect(rdsMock.commandCalls(DescribeDBInstancesCommand)[0]?.args[0].input).toEqual({
      DBInstanceIdentifier: 'prod-postgres',
    });
    const expected: RdsInstanceState = {
      identifier: 'prod-postgres',
      status: 'available',
      engine: 'postgres',
      engineVersion: '16.4',
      instanceClass: 'db.t3.small',
      allocatedStorage: 100,
      storageType: 'gp3',
      multiAz: true,
      backupRetentionDays: 30,
      deletionProtection: true,
      storageEncrypted: true,
      publiclyAccessible: false,
      tags: { 'plumbline:environment': 'prod', team: 'platform' },
    };
    expect(live).toEqual({ state: 'present', value: expected });
  });

  it('reports an instance being deleted as present, with its status', async () => {
    // Prepare
    const output = fixture();
    const [instance] = output.DBInstances ?? [];
    rdsMock
      .on(DescribeDBInstancesCommand)
      .resolves({ ...output, DBInstances: [{ ...instance, DBInstanceStatus: 'deleting' }] });

    // Act
    const live = await observeDatabase(rds, 'prod-postgres');

    // Assess
    expect(live).toMatchObject({ state: 'present', value: { status: 'deleting' } });
  });

  it.each([
    [
      'the modelled fault',
      new DBInstanceNotFoundFault({
        message: 'DBInstance prod-postgres not found.',
        $metadata: {},
      }),
    ],
    [
      'the bare wire code',
      new RDSServiceException({
        name: 'DBInstanceNotFound',
        $fault: 'client',
        message: 'DBInstance prod-postgres not found.',
        $metadata: {},
      }),
    ],
  ])('reports an unknown identifier as missing (%s)', async (_case, error) => {
    // Prepare
    rdsMock.on(DescribeDBInstancesCommand).rejects(error);

    // Act
    const live = await observeDatabase(rds, 'prod-postgres');

    // Assess
    expect(live).toEqual({ state: 'missing' });
  });

  it('reports any other failure as unchecked with a short reason', async () => {
    // Prepare
    rdsMock.on(DescribeDBInstancesCommand).rejects(
      new RDSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'User is not authorized',
        $metadata: {},
      }),
    );

    // Act
    const live = await observeDatabase(rds, 'prod-postgres');

    // Assess
    expect(live).toEqual({
      state: 'unchecked',
      reason: 'DescribeDBInstances failed: AccessDenied: User is not authorized',
    });
  });
});
