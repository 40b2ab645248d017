import { Match } from 'aws-cdk-lib/assertions';
import { MANIFEST_PATH_METADATA_KEY } from '../../controller/model/manifest-path.js';
import { manifest, platform, resources } from './platform-fixtures.js';

describe('PlatformDatabase', () => {
  it('builds prod as declared: Multi-AZ, protected, encrypted, 100 GiB gp3, 30 days of backups', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: 'prod-postgres',
      Engine: 'postgres',
      EngineVersion: '16.4',
      DBInstanceClass: 'db.t3.small',
      AllocatedStorage: '100',
      StorageType: 'gp3',
      MultiAZ: true,
      BackupRetentionPeriod: 30,
      DeletionProtection: true,
      StorageEncrypted: true,
      PubliclyAccessible: false,
      DBName: 'app',
      MasterUsername: 'app',
      Port: '5432',
    });
  });

  it('builds staging as declared: single-AZ db.t3.micro with 7 days of backups', () => {
    // Prepare
    const desired = manifest('staging');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: 'staging-postgres',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: '20',
      MultiAZ: false,
      BackupRetentionPeriod: 7,
      DeletionProtection: false,
    });
  });

  it('keeps a snapshot on deletion and replacement, and names the instance by its manifest path', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Metadata: { [MANIFEST_PATH_METADATA_KEY]: 'database' },
    });
  });

  it('keeps the generated credentials secret with the snapshot', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"app"}' }),
      }),
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      MasterUserPassword: {
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('resolve:secretsmanager')])],
      },
    });
  });

  it('places the instance in its own subnet group over the isolated subnets', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const isolated = Object.keys(resources(template, 'AWS::EC2::Subnet'))
      .filter((id) => id.startsWith('NetworkVpcisolatedSubnet'))
      .sort()
      .map((id) => ({ Ref: id }));
    const groups = resources(template, 'AWS::RDS::DBSubnetGroup');
    expect(Object.values(groups).map((g) => g.Properties.SubnetIds)).toEqual([isolated]);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBSubnetGroupName: { Ref: Object.keys(groups)[0] },
    });
  });

  it('builds no database, database security group or database alarm without a declared database', () => {
    // Prepare
    const { database: _, ...desired } = manifest('dev');
    // Act
    const { template } = platform(desired);
    // Assess
    template.resourceCountIs('AWS::RDS::DBInstance', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 2);
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'))).not.toContain(
      'AWS/RDS',
    );
  });
});
