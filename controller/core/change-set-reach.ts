import { impactOf, type ResourceChange } from '../model/change-set.js';
import type { DesiredState } from '../model/manifest.js';
import type { ManifestPath } from '../model/manifest-path.js';

/** The service fields a task definition holds: a new revision may change any of them. */
const TASK_DEFINITION: readonly ManifestPath[] = [
  ['cpu'],
  ['memory'],
  ['container'],
  ['image'],
  ['command'],
  ['port'],
  ['environment'],
  ['secrets'],
  ['healthCheck'],
];

/**
 * For each resource type the platform stack builds from a declaration: the compared manifest
 * fields (relative to the resource's manifest path) each CloudFormation property sets, and what a
 * replacement, creation or removal reaches (`[[]]`: the whole declaration).
 */
const REACH: Readonly<
  Record<
    string,
    {
      readonly whole: readonly ManifestPath[];
      readonly properties: Readonly<Record<string, readonly ManifestPath[]>>;
    }
  >
> = {
  'AWS::ECS::Service': {
    whole: [[]],
    properties: {
      DesiredCount: [['desiredCount']],
      TaskDefinition: TASK_DEFINITION,
      DeploymentConfiguration: [['deployment']],
      Tags: [['tags']],
    },
  },
  // Marked with its service's path: a new revision reaches the container, not the service's count.
  'AWS::ECS::TaskDefinition': { whole: TASK_DEFINITION, properties: {} },
  'AWS::RDS::DBInstance': {
    whole: [[]],
    properties: {
      DBInstanceClass: [['instanceClass']],
      AllocatedStorage: [['allocatedStorage']],
      StorageType: [['storageType']],
      MultiAZ: [['multiAz']],
      BackupRetentionPeriod: [['backupRetentionDays']],
      DeletionProtection: [['deletionProtection']],
      PubliclyAccessible: [['publiclyAccessible']],
      StorageEncrypted: [['storageEncrypted']],
      Engine: [['engine']],
      EngineVersion: [['engineVersion']],
      Tags: [['tags']],
    },
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    whole: [[]],
    properties: {
      HealthCheckPath: [['healthCheck', 'path']],
      HealthCheckPort: [['healthCheck', 'port']],
      HealthCheckIntervalSeconds: [['healthCheck', 'intervalSeconds']],
      HealthCheckTimeoutSeconds: [['healthCheck', 'timeoutSeconds']],
      HealthyThresholdCount: [['healthCheck', 'healthyThreshold']],
      UnhealthyThresholdCount: [['healthCheck', 'unhealthyThreshold']],
      Matcher: [['healthCheck', 'matcher']],
      Tags: [['tags']],
    },
  },
  'AWS::ElasticLoadBalancingV2::Listener': {
    whole: [[]],
    properties: {
      Protocol: [['protocol']],
      Certificates: [['certificateArn']],
      SslPolicy: [['sslPolicy']],
      DefaultActions: [['forward'], ['redirect']],
    },
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    whole: [[]],
    properties: {
      Scheme: [['scheme']],
      LoadBalancerAttributes: [
        ['idleTimeoutSeconds'],
        ['dropInvalidHeaderFields'],
        ['deletionProtection'],
        ['accessLogs'],
      ],
      Tags: [['tags']],
    },
  },
};

/**
 * The manifest paths a change set sets, from its entries' manifest paths and property names: a
 * drift at or below one of them is something CloudFormation was asked to change. A replacement,
 * creation or removal reaches the whole declaration (for a task definition: the fields it holds);
 * a modification reaches the fields of the properties it names (and `tags` for a tag change).
 * Resources without a manifest path (alarms, roles) and properties no compared field comes from
 * reach nothing, nor do the `leftOut` paths (see {@link leftOutOnUpdate}). Pure.
 *
 * @example
 * changeSetReach([{ action: 'Modify', logicalId: 'Api', resourceType: 'AWS::ECS::Service',
 *   replacement: 'False', details: [{ attribute: 'Properties', name: 'DesiredCount' }] }],
 *   () => ['services', 'api']);
 * // [['services', 'api', 'desiredCount']]
 */
export function changeSetReach(
  changes: readonly ResourceChange[],
  pathOf: (logicalId: string) => ManifestPath | undefined,
  leftOut: readonly ManifestPath[] = [],
): ManifestPath[] {
  const reach: ManifestPath[] = [];
  for (const change of changes) {
    const base = pathOf(change.logicalId);
    const known = REACH[change.resourceType];
    if (base === undefined || known === undefined) continue;
    const impact = impactOf(change);
    const relative =
      impact === 'update'
        ? change.details.flatMap((d) =>
            d.attribute === 'Tags'
              ? [['tags']]
              : d.attribute === 'Properties' && d.name !== undefined
                ? (known.properties[d.name] ?? [])
                : [],
          )
        : known.whole;
    for (const r of relative) {
      const path = [...base, ...r];
      if (!leftOut.some((p) => p.length === path.length && p.every((s, i) => s === path[i])))
        reach.push(path);
    }
  }
  return reach;
}

/**
 * The fields the platform stack's update template leaves out, so that CloudFormation never sets
 * them on an update: the desired count of every auto-scaled service (Application Auto Scaling owns
 * it). A change set may still name `DesiredCount` there, when the count leaves the template after
 * the first create; that removes it from the template and sets nothing.
 */
export function leftOutOnUpdate(desired: DesiredState): ManifestPath[] {
  return desired.services
    .filter((s) => s.autoscaling !== undefined)
    .map((s) => ['services', s.name, 'desiredCount']);
}
