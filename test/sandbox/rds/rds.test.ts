import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  type CreateDBInstanceCommandInput,
  CreateDBSubnetGroupCommand,
  DBInstanceAlreadyExistsFault,
  DBInstanceNotFoundFault,
  DBSubnetGroupDoesNotCoverEnoughAZs,
  DBSubnetGroupNotFoundFault,
  DeleteDBInstanceCommand,
  DeleteDBSubnetGroupCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  InvalidDBSubnetGroupStateFault,
  ListTagsForResourceCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-rds';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';

const CREDENTIALS = { accessKeyId: '123456789012', secretAccessKey: 'test' };

describe('RDS emulation', () => {
  let sandbox: Sandbox;
  let rds: RDSClient;
  let ec2: EC2Client;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    const config = {
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      maxAttempts: 1,
    };
    rds = new RDSClient(config);
    ec2 = new EC2Client(config);
  });

  afterEach(async () => {
    rds.destroy();
    ec2.destroy();
    await sandbox.close();
  });

  /** A VPC with isolated subnets in two zones, a database security group and a DB subnet group. */
  async function network(zones = ['eu-west-1a', 'eu-west-1b']) {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const subnetIds: string[] = [];
    for (const [i, zone] of zones.entries()) {
      const subnet = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.0.${i}.0/24`,
          AvailabilityZone: zone,
        }),
      );
      subnetIds.push(subnet.Subnet?.SubnetId ?? '');
    }
    const group = await ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: 'database',
        Description: 'database',
      }),
    );
    return { vpcId, subnetIds, groupId: group.GroupId ?? '' };
  }

  const POSTGRES: CreateDBInstanceCommandInput = {
    DBInstanceIdentifier: 'orders',
    Engine: 'postgres',
    EngineVersion: '16.4',
    DBInstanceClass: 'db.t3.micro',
    AllocatedStorage: 20,
    MasterUsername: 'app',
    MasterUserPassword: 'correct-horse-battery',
  };

  async function createInstance(overrides: Partial<CreateDBInstanceCommandInput> = {}) {
    const created = await rds.send(new CreateDBInstanceCommand({ ...POSTGRES, ...overrides }));
    return created.DBInstance;
  }

  describe('CreateDBInstance and DescribeDBInstances', () => {
    it('creates an available instance with the fields a drift check reads', async () => {
      // Prepare
      const { vpcId, subnetIds, groupId } = await network();
      await rds.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: 'isolated',
          DBSubnetGroupDescription: 'isolated subnets',
          SubnetIds: subnetIds,
        }),
      );
      await createInstance({
        DBInstanceClass: 'db.t3.small',
        AllocatedStorage: 100,
        StorageType: 'gp3',
        MultiAZ: true,
        BackupRetentionPeriod: 30,
        DeletionProtection: true,
        StorageEncrypted: true,
        DBName: 'orders',
        DBSubnetGroupName: 'isolated',
        VpcSecurityGroupIds: [groupId],
        Tags: [{ Key: 'env', Value: 'prod' }],
      });

      // Act
      const described = await rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' }),
      );

      // Assess
      const db = described.DBInstances?.[0];
      expect(db).toMatchObject({
        DBInstanceIdentifier: 'orders',
        DBInstanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:orders',
        DBInstanceClass: 'db.t3.small',
        Engine: 'postgres',
        EngineVersion: '16.4',
        DBInstanceStatus: 'available',
        AllocatedStorage: 100,
        StorageType: 'gp3',
        MultiAZ: true,
        BackupRetentionPeriod: 30,
        DeletionProtection: true,
        StorageEncrypted: true,
        PubliclyAccessible: false,
        MasterUsername: 'app',
        DBName: 'orders',
        Endpoint: { Port: 5432 },
        DBSubnetGroup: { DBSubnetGroupName: 'isolated', VpcId: vpcId },
        VpcSecurityGroups: [{ VpcSecurityGroupId: groupId, Status: 'active' }],
        TagList: [{ Key: 'env', Value: 'prod' }],
        PendingModifiedValues: {},
      });
      expect(db?.Endpoint?.Address).toMatch(
        /^orders\.[a-z0-9]{12}\.eu-west-1\.rds\.amazonaws\.com$/,
      );
      expect(db?.KmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
      expect(db?.DbiResourceId).toMatch(/^db-[A-Z0-9]{26}$/);
      expect(db?.InstanceCreateTime).toBeInstanceOf(Date);
      expect(db?.SecondaryAvailabilityZone).toBe('eu-west-1b');
    });

    it('stores the identifier in lowercase and finds it in any case', async () => {
      // Prepare
      await createInstance({ DBInstanceIdentifier: 'Orders-DB' });

      // Act
      const described = await rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'ORDERS-db' }),
      );

      // Assess
      expect(described.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(['orders-db']);
    });

    it('answers DBInstanceNotFound with HTTP 404 for an unknown identifier', async () => {
      // Act
      const error = await rds
        .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'missing' }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DBInstanceNotFoundFault);
      expect(error).toMatchObject({
        message: 'DBInstance missing not found.',
        $metadata: { httpStatusCode: 404 },
      });
    });

    it('refuses a second instance with the same identifier', async () => {
      // Prepare
      await createInstance();

      // Act
      const error = await rds.send(new CreateDBInstanceCommand(POSTGRES)).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DBInstanceAlreadyExistsFault);
    });

    it.each([
      ['an unknown engine', { Engine: 'cobol-db' }, 'InvalidParameterValue'],
      ['a malformed instance class', { DBInstanceClass: 't3.micro' }, 'InvalidParameterValue'],
      [
        'storage below the gp3 minimum',
        { AllocatedStorage: 10, StorageType: 'gp3' },
        'InvalidParameterCombination',
      ],
      ['storage above the maximum', { AllocatedStorage: 70000 }, 'InvalidParameterCombination'],
      ['a backup retention over 35 days', { BackupRetentionPeriod: 36 }, 'InvalidParameterValue'],
      ['an unknown engine version', { EngineVersion: '99.1' }, 'InvalidParameterCombination'],
      ['a short password', { MasterUserPassword: 'short' }, 'InvalidParameterValue'],
      ['an invalid identifier', { DBInstanceIdentifier: '1-db' }, 'InvalidParameterValue'],
      ['a KMS key without encryption', { KmsKeyId: 'alias/db' }, 'InvalidParameterCombination'],
    ])('refuses %s', async (_case, overrides, code) => {
      // Act
      const error = await createInstance(overrides).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
    });

    it('refuses a security group that does not exist', async () => {
      // Act
      const error = await createInstance({ VpcSecurityGroupIds: ['sg-0123456789abcdef0'] }).catch(
        (e: unknown) => e,
      );

      // Assess
      expect(error).toMatchObject({ name: 'InvalidParameterValue' });
    });

    it('filters by db-instance-id, given identifiers or ARNs', async () => {
      // Prepare
      await createInstance({ DBInstanceIdentifier: 'a' });
      const b = await createInstance({ DBInstanceIdentifier: 'b' });
      await createInstance({ DBInstanceIdentifier: 'c' });

      // Act
      const described = await rds.send(
        new DescribeDBInstancesCommand({
          Filters: [{ Name: 'db-instance-id', Values: ['a', b?.DBInstanceArn ?? ''] }],
        }),
      );

      // Assess
      expect(described.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(['a', 'b']);
    });

    it('pages with MaxRecords and Marker, and refuses a page size under 20', async () => {
      // Prepare
      for (let i = 0; i < 23; i++) {
        await createInstance({ DBInstanceIdentifier: `db-${String(i).padStart(2, '0')}` });
      }

      // Act
      const first = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }));
      const second = await rds.send(
        new DescribeDBInstancesCommand({ MaxRecords: 20, Marker: first.Marker }),
      );
      const tooSmall = await rds
        .send(new DescribeDBInstancesCommand({ MaxRecords: 10 }))
        .catch((e: unknown) => e);

      // Assess
      expect(first.DBInstances).toHaveLength(20);
      expect(second.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual([
        'db-20',
        'db-21',
        'db-22',
      ]);
      expect(second.Marker).toBeUndefined();
      expect(tooSmall).toMatchObject({ name: 'InvalidParameterValue' });
    });
  });

  describe('ModifyDBInstance', () => {
    it('applies class, storage and Multi-AZ changes at once with ApplyImmediately', async () => {
      // Prepare
      await createInstance();

      // Act
      const modified = await rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          DBInstanceClass: 'db.t3.small',
          AllocatedStorage: 100,
          StorageType: 'gp3',
          MultiAZ: true,
          ApplyImmediately: true,
        }),
      );

      // Assess
      expect(modified.DBInstance).toMatchObject({
        DBInstanceClass: 'db.t3.small',
        AllocatedStorage: 100,
        MultiAZ: true,
        DBInstanceStatus: 'available',
        PendingModifiedValues: {},
      });
    });

    it('keeps maintenance-window changes pending without ApplyImmediately, until a later immediate call', async () => {
      // Prepare
      await createInstance();

      // Act
      await rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          DBInstanceClass: 'db.m5.large',
        }),
      );
      const pending = await rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' }),
      );
      await rds.send(
        new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'orders', ApplyImmediately: true }),
      );
      const applied = await rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' }),
      );

      // Assess
      expect(pending.DBInstances?.[0]).toMatchObject({
        DBInstanceClass: 'db.t3.micro',
        PendingModifiedValues: { DBInstanceClass: 'db.m5.large' },
      });
      expect(applied.DBInstances?.[0]).toMatchObject({
        DBInstanceClass: 'db.m5.large',
        PendingModifiedValues: {},
      });
    });

    it('applies deletion protection, backups, public access and security groups at once', async () => {
      // Prepare
      const { subnetIds, groupId } = await network();
      await rds.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: 'data',
          DBSubnetGroupDescription: 'd',
          SubnetIds: subnetIds,
        }),
      );
      await createInstance({ DBSubnetGroupName: 'data' });

      // Act
      const modified = await rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          DeletionProtection: true,
          BackupRetentionPeriod: 7,
          PubliclyAccessible: true,
          VpcSecurityGroupIds: [groupId],
          MasterUserPassword: 'another-long-password',
        }),
      );

      // Assess
      expect(modified.DBInstance).toMatchObject({
        DeletionProtection: true,
        BackupRetentionPeriod: 7,
        PubliclyAccessible: true,
        VpcSecurityGroups: [{ VpcSecurityGroupId: groupId, Status: 'active' }],
        PendingModifiedValues: {},
      });
    });

    it('refuses to change storage encryption', async () => {
      // Prepare
      await createInstance();
      // ModifyDBInstance has no StorageEncrypted member; a raw request can still send one.
      const body =
        'Action=ModifyDBInstance&Version=2014-10-31&DBInstanceIdentifier=orders&StorageEncrypted=true';

      // Act
      const response = await fetch(`${sandbox.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization:
            'AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/rds/aws4_request, SignedHeaders=host, Signature=0',
        },
        body,
      });

      // Assess
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('<Code>InvalidParameterCombination</Code>');
    });

    it('requires AllowMajorVersionUpgrade for a new major version and refuses downgrades', async () => {
      // Prepare
      await createInstance();

      // Act
      const major = await rds
        .send(
          new ModifyDBInstanceCommand({
            DBInstanceIdentifier: 'orders',
            EngineVersion: '17.4',
            ApplyImmediately: true,
          }),
        )
        .catch((e: unknown) => e);
      const downgrade = await rds
        .send(
          new ModifyDBInstanceCommand({
            DBInstanceIdentifier: 'orders',
            EngineVersion: '16.1',
            ApplyImmediately: true,
          }),
        )
        .catch((e: unknown) => e);
      const upgraded = await rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          EngineVersion: '17.4',
          AllowMajorVersionUpgrade: true,
          ApplyImmediately: true,
        }),
      );

      // Assess
      expect(major).toMatchObject({ name: 'InvalidParameterCombination' });
      expect(downgrade).toMatchObject({ name: 'InvalidParameterCombination' });
      expect(upgraded.DBInstance?.EngineVersion).toBe('17.4');
    });

    it('refuses to shrink storage', async () => {
      // Prepare
      await createInstance({ AllocatedStorage: 100 });

      // Act
      const error = await rds
        .send(
          new ModifyDBInstanceCommand({
            DBInstanceIdentifier: 'orders',
            AllocatedStorage: 50,
            ApplyImmediately: true,
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidParameterValue' });
    });

    it('keeps a rename pending until applied, then answers under the new identifier only', async () => {
      // Prepare
      const created = await createInstance({ Tags: [{ Key: 'env', Value: 'dev' }] });

      // Act
      const pending = await rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          NewDBInstanceIdentifier: 'billing',
        }),
      );
      const renamed = await rds.send(
        new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'orders', ApplyImmediately: true }),
      );
      const old = await rds
        .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' }))
        .catch((e: unknown) => e);

      // Assess
      expect(pending.DBInstance?.PendingModifiedValues).toEqual({
        DBInstanceIdentifier: 'billing',
      });
      expect(renamed.DBInstance).toMatchObject({
        DBInstanceIdentifier: 'billing',
        DBInstanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:billing',
        DbiResourceId: created?.DbiResourceId,
        TagList: [{ Key: 'env', Value: 'dev' }],
      });
      expect(old).toBeInstanceOf(DBInstanceNotFoundFault);
    });

    it('changes nothing when any part of a modification is invalid', async () => {
      // Prepare
      await createInstance({ BackupRetentionPeriod: 7 });

      // Act
      const error = await rds
        .send(
          new ModifyDBInstanceCommand({
            DBInstanceIdentifier: 'orders',
            BackupRetentionPeriod: 14,
            DeletionProtection: true,
            DBInstanceClass: 'not-a-class',
            ApplyImmediately: true,
          }),
        )
        .catch((e: unknown) => e);
      const after = await rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' }),
      );

      // Assess
      expect(error).toMatchObject({ name: 'InvalidParameterValue' });
      expect(after.DBInstances?.[0]).toMatchObject({
        BackupRetentionPeriod: 7,
        DeletionProtection: false,
      });
    });

    it('answers DBInstanceNotFound for an unknown instance', async () => {
      // Act
      const error = await rds
        .send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'missing', MultiAZ: true }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DBInstanceNotFoundFault);
    });
  });

  describe('DeleteDBInstance', () => {
    it('refuses to delete a protected instance', async () => {
      // Prepare
      await createInstance({ DeletionProtection: true });

      // Act
      const error = await rds
        .send(
          new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'orders', SkipFinalSnapshot: true }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({
        name: 'InvalidParameterCombination',
        message:
          'Cannot delete protected DB Instance, please disable deletion protection and try again.',
      });
    });

    it('requires a final snapshot identifier unless the final snapshot is skipped', async () => {
      // Prepare
      await createInstance();

      // Act
      const error = await rds
        .send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'orders' }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidParameterCombination' });
    });

    it('deletes the instance, which is then not found', async () => {
      // Prepare
      await createInstance();

      // Act
      const deleted = await rds.send(
        new DeleteDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          FinalDBSnapshotIdentifier: 'orders-final',
        }),
      );
      const after = await rds
        .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' }))
        .catch((e: unknown) => e);

      // Assess
      expect(deleted.DBInstance?.DBInstanceStatus).toBe('deleting');
      expect(after).toBeInstanceOf(DBInstanceNotFoundFault);
    });

    it('refuses a final snapshot identifier already taken', async () => {
      // Prepare
      await createInstance({ DBInstanceIdentifier: 'a' });
      await createInstance({ DBInstanceIdentifier: 'b' });
      await rds.send(
        new DeleteDBInstanceCommand({
          DBInstanceIdentifier: 'a',
          FinalDBSnapshotIdentifier: 'final',
        }),
      );

      // Act
      const error = await rds
        .send(
          new DeleteDBInstanceCommand({
            DBInstanceIdentifier: 'b',
            FinalDBSnapshotIdentifier: 'final',
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'DBSnapshotAlreadyExistsFault' });
    });
  });

  describe('tags', () => {
    it('adds, lists and removes the tags of an instance', async () => {
      // Prepare
      const db = await createInstance({ Tags: [{ Key: 'env', Value: 'dev' }] });
      const arn = db?.DBInstanceArn ?? '';

      // Act
      await rds.send(
        new AddTagsToResourceCommand({
          ResourceName: arn,
          Tags: [
            { Key: 'team', Value: 'core' },
            { Key: 'env', Value: 'prod' },
          ],
        }),
      );
      await rds.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['team'] }));
      const listed = await rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));

      // Assess
      expect(listed.TagList).toEqual([{ Key: 'env', Value: 'prod' }]);
    });

    it('answers DBInstanceNotFound for the ARN of an unknown instance', async () => {
      // Act
      const error = await rds
        .send(
          new ListTagsForResourceCommand({
            ResourceName: 'arn:aws:rds:eu-west-1:123456789012:db:missing',
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DBInstanceNotFoundFault);
    });
  });

  describe('DB subnet groups', () => {
    it('creates, describes and deletes a subnet group', async () => {
      // Prepare
      const { vpcId, subnetIds } = await network();

      // Act
      await rds.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: 'Data',
          DBSubnetGroupDescription: 'd',
          SubnetIds: subnetIds,
        }),
      );
      const described = await rds.send(
        new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: 'data' }),
      );
      await rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: 'data' }));
      const after = await rds
        .send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: 'data' }))
        .catch((e: unknown) => e);

      // Assess
      expect(described.DBSubnetGroups?.[0]).toMatchObject({
        DBSubnetGroupName: 'data',
        VpcId: vpcId,
        SubnetGroupStatus: 'Complete',
        DBSubnetGroupArn: 'arn:aws:rds:eu-west-1:123456789012:subgrp:data',
      });
      expect(
        described.DBSubnetGroups?.[0]?.Subnets?.map((s) => s.SubnetAvailabilityZone?.Name),
      ).toEqual(['eu-west-1a', 'eu-west-1b']);
      expect(after).toBeInstanceOf(DBSubnetGroupNotFoundFault);
    });

    it('refuses subnets that cover a single availability zone', async () => {
      // Prepare
      const { subnetIds } = await network(['eu-west-1a', 'eu-west-1a']);

      // Act
      const error = await rds
        .send(
          new CreateDBSubnetGroupCommand({
            DBSubnetGroupName: 'one',
            DBSubnetGroupDescription: 'd',
            SubnetIds: subnetIds,
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DBSubnetGroupDoesNotCoverEnoughAZs);
    });

    it('refuses to create an instance in an unknown subnet group', async () => {
      // Act
      const error = await createInstance({ DBSubnetGroupName: 'missing' }).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DBSubnetGroupNotFoundFault);
    });

    it('refuses to delete a subnet group an instance uses', async () => {
      // Prepare
      const { subnetIds } = await network();
      await rds.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: 'data',
          DBSubnetGroupDescription: 'd',
          SubnetIds: subnetIds,
        }),
      );
      await createInstance({ DBSubnetGroupName: 'data' });

      // Act
      const error = await rds
        .send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: 'data' }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(InvalidDBSubnetGroupStateFault);
    });
  });
});
