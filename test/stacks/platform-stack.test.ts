import { Match } from 'aws-cdk-lib/assertions';
import { ENVIRONMENT_TAG_KEY } from '../../controller/model/conventions.js';
import { MANIFEST_PATH_METADATA_KEY } from '../../controller/model/manifest-path.js';
import {
  clusterName,
  containerName,
  databaseIdentifier,
  loadBalancerName,
  serviceName,
  targetGroupName,
  taskFamily,
} from '../../controller/model/names.js';
import { platformStackName } from '../../stacks/platform-stack.js';
import { ENVIRONMENTS, manifest, platform, resources } from './platform-fixtures.js';

/** The values of one property across every resource of a type, sorted. */
function propertyValues(
  template: ReturnType<typeof platform>['template'],
  type: string,
  key: string,
) {
  return Object.values(resources(template, type))
    .map((r) => r.Properties[key])
    .sort();
}

describe('PlatformStack names', () => {
  it.each(ENVIRONMENTS)('gives every named resource of %s its names.ts name', (env) => {
    // Prepare
    const desired = manifest(env);
    // Act
    const { template } = platform(desired);
    // Assess
    const lb = desired.loadBalancer;
    expect(propertyValues(template, 'AWS::ECS::Cluster', 'ClusterName')).toEqual([
      clusterName(desired),
    ]);
    expect(propertyValues(template, 'AWS::ECS::Service', 'ServiceName')).toEqual(
      desired.services.map((s) => serviceName(desired, s)).sort(),
    );
    expect(propertyValues(template, 'AWS::ECS::TaskDefinition', 'Family')).toEqual(
      desired.services.map((s) => taskFamily(desired, s)).sort(),
    );
    const containers = Object.values(resources(template, 'AWS::ECS::TaskDefinition')).flatMap((r) =>
      (r.Properties.ContainerDefinitions as { Name: string }[]).map((c) => c.Name),
    );
    expect(containers.sort()).toEqual(desired.services.map((s) => containerName(s)).sort());
    expect(propertyValues(template, 'AWS::RDS::DBInstance', 'DBInstanceIdentifier')).toEqual([
      databaseIdentifier(desired),
    ]);
    expect(propertyValues(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Name')).toEqual([
      loadBalancerName(desired),
    ]);
    expect(propertyValues(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Name')).toEqual(
      (lb?.targetGroups ?? []).map((t) => targetGroupName(desired, t)).sort(),
    );
  });

  it('uses the names a manifest declares instead of the defaults', () => {
    // Prepare
    const desired = manifest(
      'staging',
      ['  - name: api\n', '  - name: api\n    serviceName: tasks-api\n'],
      ['database:\n', 'cluster:\n  name: shared-staging\n\ndatabase:\n  identifier: tasks-db\n'],
      ['  scheme: internet-facing\n', '  name: tasks-alb\n  scheme: internet-facing\n'],
      [
        '    - name: api\n      service: api',
        '    - name: api\n      targetGroupName: tasks-tg\n      service: api',
      ],
    );
    // Act
    const { template } = platform(desired);
    // Assess
    expect(propertyValues(template, 'AWS::ECS::Cluster', 'ClusterName')).toEqual([
      'shared-staging',
    ]);
    expect(propertyValues(template, 'AWS::ECS::Service', 'ServiceName')).toEqual([
      'staging-worker',
      'tasks-api',
    ]);
    expect(propertyValues(template, 'AWS::RDS::DBInstance', 'DBInstanceIdentifier')).toEqual([
      'tasks-db',
    ]);
    expect(propertyValues(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Name')).toEqual([
      'tasks-alb',
    ]);
    expect(propertyValues(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Name')).toEqual([
      'tasks-tg',
    ]);
  });
});

describe('PlatformStack', () => {
  it('is the protected stack plumbline-<env> in the manifest account and region', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { stack } = platform(desired);
    // Assess
    expect(platformStackName(desired)).toBe('plumbline-prod');
    expect(stack.stackName).toBe('plumbline-prod');
    expect(stack.terminationProtection).toBe(true);
    expect([stack.account, stack.region]).toEqual(['222222222222', 'eu-west-1']);
  });

  it('needs no context lookup: the availability zones come from the manifest', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { stack, template, missingContext } = platform(desired);
    // Assess
    expect(missingContext).toBeUndefined();
    expect(stack.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::GetAZs');
  });

  it('tags every taggable resource with the environment tags and plumbline:environment', () => {
    // Prepare
    const desired = manifest('staging');
    // Act
    const { template } = platform(desired);
    // Assess
    const tagged = Object.entries(
      template.toJSON().Resources as Record<string, { Properties?: { Tags?: unknown } }>,
    ).filter(([, r]) => Array.isArray(r.Properties?.Tags));
    expect(tagged.length).toBeGreaterThan(40);
    for (const [, r] of tagged) {
      expect(r.Properties?.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'environment', Value: 'staging' },
          { Key: 'owner', Value: 'platform' },
          { Key: 'cost-center', Value: 'engineering' },
          { Key: ENVIRONMENT_TAG_KEY, Value: 'staging' },
        ]),
      );
    }
  });

  it('adds declared resource tags to their resource only', () => {
    // Prepare
    const desired = manifest(
      'dev',
      ['  storageEncrypted: true\n', '  storageEncrypted: true\n  tags:\n    backup: daily\n'],
      [
        '      deregistrationDelaySeconds: 10',
        '      deregistrationDelaySeconds: 10\n      tags:\n        tier: web',
      ],
      [
        '    desiredCount: 1 # no port',
        '    tags:\n      queue: tasks\n    desiredCount: 1 # no port',
      ],
    );
    // Act
    const { template } = platform(desired);
    // Assess
    const withTag = (key: string, value: string) =>
      Object.values(
        template.toJSON().Resources as Record<
          string,
          { Type: string; Properties?: { Tags?: unknown } }
        >,
      )
        .filter((r) =>
          JSON.stringify(r.Properties?.Tags ?? []).includes(`{"Key":"${key}","Value":"${value}"}`),
        )
        .map((r) => r.Type)
        .sort();
    expect(withTag('backup', 'daily')).toEqual([
      'AWS::RDS::DBInstance',
      'AWS::RDS::DBSubnetGroup',
      'AWS::SecretsManager::Secret',
    ]);
    expect(withTag('tier', 'web')).toEqual(['AWS::ElasticLoadBalancingV2::TargetGroup']);
    expect(withTag('queue', 'tasks')).toEqual(
      expect.arrayContaining(['AWS::ECS::Service', 'AWS::ECS::TaskDefinition']),
    );
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'dev-api',
      Tags: Match.not(Match.arrayWith([{ Key: 'queue', Value: 'tasks' }])),
    });
  });

  it('names the manifest path of every resource built from a declaration', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const byPath = new Map<string, string[]>();
    for (const r of Object.values(
      template.toJSON().Resources as Record<
        string,
        { Type: string; Metadata?: Record<string, unknown> }
      >,
    )) {
      const path = String(r.Metadata?.[MANIFEST_PATH_METADATA_KEY] ?? '(none)');
      byPath.set(path, [...(byPath.get(path) ?? []), r.Type]);
    }
    const types = (path: string) => [...new Set(byPath.get(path))].sort();
    expect([...byPath.keys()].sort()).toEqual([
      '(none)',
      'cluster',
      'database',
      'loadBalancer',
      'loadBalancer.accessLogs',
      'loadBalancer.listeners.443',
      'loadBalancer.listeners.80',
      'loadBalancer.targetGroups.api',
      'network',
      'services.api',
      'services.worker',
    ]);
    expect(types('(none)')).toEqual(['AWS::CloudWatch::Alarm']);
    expect(types('database')).toEqual([
      'AWS::RDS::DBInstance',
      'AWS::RDS::DBSubnetGroup',
      'AWS::SecretsManager::Secret',
      'AWS::SecretsManager::SecretTargetAttachment',
    ]);
    expect(types('loadBalancer.accessLogs')).toEqual(['AWS::S3::Bucket', 'AWS::S3::BucketPolicy']);
    expect(types('loadBalancer.targetGroups.api')).toEqual([
      'AWS::ElasticLoadBalancingV2::TargetGroup',
    ]);
    expect(types('services.api')).toEqual(
      expect.arrayContaining([
        'AWS::ECS::Service',
        'AWS::ECS::TaskDefinition',
        'AWS::ApplicationAutoScaling::ScalableTarget',
      ]),
    );
    expect(types('network')).toEqual(
      expect.arrayContaining(['AWS::EC2::VPC', 'AWS::EC2::SecurityGroup']),
    );
  });
});
