import {
  deleteWithSnapshot,
  handlerFor,
} from '../../../../sandbox/cloudformation/engine/provisioners.js';
import { rdsService } from '../../../../sandbox/rds/service.js';
import { secretsManagerService } from '../../../../sandbox/secretsmanager/service.js';
import { initialSandboxState, type SandboxState } from '../../../../sandbox/state.js';
import { callOperation, failureOf } from '../../helpers.js';
import { stackContext } from './helpers.js';

const ctx = stackContext('Platform');

type Props = Record<string, unknown>;

/** An RDS operation as the API answers it. */
function rds(state: SandboxState, operation: string, input: Record<string, unknown>) {
  return callOperation<Record<string, Array<Record<string, unknown>>>>(
    rdsService,
    state,
    operation,
    input,
    ctx,
  );
}

describe('RDS resource handlers', () => {
  let state: SandboxState;
  let subnets: string[];
  let groupId: string;

  beforeEach(() => {
    state = initialSandboxState();
    const vpc = handlerFor('AWS::EC2::VPC').create(
      state,
      'Vpc',
      { CidrBlock: '10.0.0.0/16' },
      ctx,
    ).physicalId;
    subnets = ['a', 'b', 'c'].map(
      (zone, i) =>
        handlerFor('AWS::EC2::Subnet').create(
          state,
          `Isolated${i}`,
          { VpcId: vpc, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `eu-west-1${zone}` },
          ctx,
        ).physicalId,
    );
    groupId = handlerFor('AWS::EC2::SecurityGroup').create(
      state,
      'DbGroup',
      { GroupDescription: 'db', VpcId: vpc },
      ctx,
    ).physicalId;
  });

  function subnetGroup(ids = subnets.slice(0, 2)) {
    const props = { DBSubnetGroupDescription: 'Subnet group for Database', SubnetIds: ids };
    return {
      props,
      result: handlerFor('AWS::RDS::DBSubnetGroup').create(
        state,
        'DatabaseSubnetGroup7D60F180',
        props,
        ctx,
      ),
    };
  }

  function instance(extra: Props = {}) {
    const group = subnetGroup().result.physicalId;
    const props = {
      DBInstanceIdentifier: 'platform-db',
      DBInstanceClass: 'db.t4g.micro',
      Engine: 'postgres',
      EngineVersion: '16',
      AllocatedStorage: '100',
      StorageType: 'gp2',
      MasterUsername: 'app',
      MasterUserPassword: 'correct-horse-battery',
      DBName: 'app',
      DBSubnetGroupName: group,
      VPCSecurityGroups: [groupId],
      CopyTagsToSnapshot: true,
      ...extra,
    };
    return {
      props,
      result: handlerFor('AWS::RDS::DBInstance').create(state, 'Database', props, ctx),
    };
  }

  it('creates a DB subnet group under a generated lower-case name', () => {
    // Prepare
    const expected = /^platform-databasesubnetgroup7d60f180-[a-z0-9]{12}$/;

    // Act
    const { result } = subnetGroup();

    // Assess
    const [described] =
      rds(state, 'DescribeDBSubnetGroups', { DBSubnetGroupName: result.physicalId })
        .DBSubnetGroups ?? [];
    expect(result.physicalId).toMatch(expected);
    expect(described).toMatchObject({
      DBSubnetGroupDescription: 'Subnet group for Database',
      SubnetGroupStatus: 'Complete',
    });
    expect(described?.Subnets).toHaveLength(2);
    expect(handlerFor('AWS::RDS::DBSubnetGroup').replaceOn).toEqual(['DBSubnetGroupName']);
  });

  it('changes the subnets of a DB subnet group in place, checked as CreateDBSubnetGroup checks them', () => {
    // Prepare
    const { props, result } = subnetGroup();
    const handler = handlerFor('AWS::RDS::DBSubnetGroup');

    // Act
    handler.update(state, 'Group', result.physicalId, props, { ...props, SubnetIds: subnets }, ctx);
    const refused = failureOf(() =>
      handler.update(
        state,
        'Group',
        result.physicalId,
        props,
        { ...props, SubnetIds: subnets.slice(0, 1) },
        ctx,
      ),
    );

    // Assess
    const [described] =
      rds(state, 'DescribeDBSubnetGroups', { DBSubnetGroupName: result.physicalId })
        .DBSubnetGroups ?? [];
    expect(described?.Subnets).toHaveLength(3);
    expect(refused.code).toBe('DBSubnetGroupDoesNotCoverEnoughAZs');
  });

  it('creates a DB instance that DescribeDBInstances shows, with its endpoint as attributes', () => {
    // Prepare
    const extra = { Tags: [{ Key: 'env', Value: 'dev' }] };

    // Act
    const { result } = instance(extra);

    // Assess
    const [described] =
      rds(state, 'DescribeDBInstances', { DBInstanceIdentifier: 'platform-db' }).DBInstances ?? [];
    expect(result.physicalId).toBe('platform-db');
    expect(described).toMatchObject({
      DBInstanceStatus: 'available',
      Engine: 'postgres',
      EngineVersion: '16.8',
      AllocatedStorage: 100,
      DBName: 'app',
      VpcSecurityGroups: [{ VpcSecurityGroupId: groupId, Status: 'active' }],
      CopyTagsToSnapshot: true,
    });
    expect(described?.TagList).toEqual(
      expect.arrayContaining([
        { Key: 'env', Value: 'dev' },
        { Key: 'aws:cloudformation:logical-id', Value: 'Database' },
      ]),
    );
    expect(result.attributes).toEqual({
      'Endpoint.Address': (described?.Endpoint as { Address?: string } | undefined)?.Address,
      'Endpoint.Port': '5432',
      'Endpoint.HostedZoneId': 'Z29XKXDKYMONMX',
      DBInstanceArn: 'arn:aws:rds:eu-west-1:111111111111:db:platform-db',
      DbiResourceId: described?.DbiResourceId,
      'CertificateDetails.CAIdentifier': 'rds-ca-rsa2048-g1',
    });
  });

  it('resolves the master password from the secret CDK generates', () => {
    // Prepare
    const secret = secretsManagerService.operations.CreateSecret?.(
      state,
      { Name: 'db-credentials', SecretString: '{"username":"app","password":"from-the-secret"}' },
      ctx,
    ) as { ARN: string };
    const password = `{{resolve:secretsmanager:${secret.ARN}:SecretString:password::}}`;

    // Act
    instance({ MasterUserPassword: password });

    // Assess
    expect(state.rds.instances['platform-db']).toBeDefined();
    const mismatch = failureOf(() =>
      handlerFor('AWS::RDS::DBInstance').create(
        state,
        'Other',
        {
          DBInstanceClass: 'db.t4g.micro',
          Engine: 'postgres',
          AllocatedStorage: '20',
          MasterUsername: 'app',
          MasterUserPassword: '{{resolve:secretsmanager:db-credentials:SecretString:missing}}',
        },
        ctx,
      ),
    );
    expect(mismatch.message).toBe('Could not find SecretKey missing in SecretString');
  });

  it('applies class, storage, backups and Multi-AZ changes at once, in place', () => {
    // Prepare
    const { props } = instance();
    const next = {
      ...props,
      DBInstanceClass: 'db.m6g.large',
      AllocatedStorage: '200',
      BackupRetentionPeriod: 7,
      MultiAZ: true,
    };

    // Act
    const updated = handlerFor('AWS::RDS::DBInstance').update(
      state,
      'Database',
      'platform-db',
      props,
      next,
      ctx,
    );

    // Assess
    const [described] =
      rds(state, 'DescribeDBInstances', { DBInstanceIdentifier: 'platform-db' }).DBInstances ?? [];
    expect(updated.physicalId).toBe('platform-db');
    expect(described).toMatchObject({
      DBInstanceClass: 'db.m6g.large',
      AllocatedStorage: 200,
      BackupRetentionPeriod: 7,
      MultiAZ: true,
      PendingModifiedValues: {},
    });
  });

  it('fails an update that shrinks storage, as RDS refuses it', () => {
    // Prepare
    const { props } = instance();

    // Act
    const failure = failureOf(() =>
      handlerFor('AWS::RDS::DBInstance').update(
        state,
        'Database',
        'platform-db',
        props,
        { ...props, AllocatedStorage: '50' },
        ctx,
      ),
    );

    // Assess
    expect(failure.code).toBe('InvalidParameterValue');
    expect(failure.message).toContain('cannot be reduced');
  });

  it('answers NotUpdatable for another engine, and declares the replacing properties', () => {
    // Prepare
    const { props } = instance();
    const handler = handlerFor('AWS::RDS::DBInstance');

    // Act
    const failure = failureOf(() =>
      handler.update(state, 'Database', 'platform-db', props, { ...props, Engine: 'mysql' }, ctx),
    );

    // Assess
    expect(failure.code).toBe('NotUpdatable');
    expect(handler.replaceOn).toEqual(
      expect.arrayContaining([
        'DBInstanceIdentifier',
        'StorageEncrypted',
        'KmsKeyId',
        'DBName',
        'MasterUsername',
        'DBSubnetGroupName',
        'CharacterSetName',
      ]),
    );
    expect(handler.replaceOn).not.toContain('DBInstanceClass');
    expect(handler.conditionalReplaceOn).toEqual(
      expect.arrayContaining(['Engine', 'AvailabilityZone']),
    );
  });

  it('refuses to delete a protected instance, then deletes it once unprotected', () => {
    // Prepare
    const { props } = instance({ DeletionProtection: true });
    const handler = handlerFor('AWS::RDS::DBInstance');

    // Act
    const refused = failureOf(() => handler.delete(state, 'platform-db', props, ctx));
    const unprotected = { ...props, DeletionProtection: false };
    handler.update(state, 'Database', 'platform-db', props, unprotected, ctx);
    handler.delete(state, 'platform-db', unprotected, ctx);
    handler.delete(state, 'platform-db', unprotected, ctx);

    // Assess
    expect(refused.code).toBe('InvalidParameterCombination');
    expect(refused.message).toContain('Cannot delete protected DB Instance');
    expect(rds(state, 'DescribeDBInstances', {}).DBInstances).toEqual([]);
  });

  it('takes a final snapshot before deleting when the policy asks for one', () => {
    // Prepare
    instance();

    // Act
    const deleted = deleteWithSnapshot(state, 'AWS::RDS::DBInstance', 'platform-db', ctx);
    const other = deleteWithSnapshot(state, 'AWS::ECS::Cluster', 'staging', ctx);

    // Assess
    expect(deleted).toBe(true);
    expect(other).toBe(false);
    expect(rds(state, 'DescribeDBInstances', {}).DBInstances).toEqual([]);
    expect(Object.values(state.rds.snapshots)).toEqual([
      expect.objectContaining({
        DBInstanceIdentifier: 'platform-db',
        DBSnapshotIdentifier: expect.stringMatching(/^platform-platform-db-snapshot-[a-z0-9]{12}$/),
      }),
    ]);
  });
});
