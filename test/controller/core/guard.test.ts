import { guard } from '../../../controller/core/guard.js';
import type { ResourceChange } from '../../../controller/model/change-set.js';
import type { ManifestPath } from '../../../controller/model/manifest-path.js';

const paths: Record<string, ManifestPath> = {
  DatabaseInstance: ['database'],
  DatabaseSubnets: ['database'],
  ApiTargetGroup: ['loadBalancer', 'targetGroups', 'api'],
  ApiService: ['services', 'api'],
};
const policy = { pathOf: (id: string) => paths[id], stateful: [], allowReplace: [] };

function modify(
  logicalId: string,
  resourceType: string,
  replacement: 'True' | 'False' | 'Conditional',
  property: string,
): ResourceChange {
  return {
    action: 'Modify',
    logicalId,
    physicalId: `${logicalId.toLowerCase()}-1`,
    resourceType,
    replacement,
    details: [
      {
        attribute: 'Properties',
        name: property,
        requiresRecreation:
          replacement === 'True'
            ? 'Always'
            : replacement === 'Conditional'
              ? 'Conditionally'
              : 'Never',
      },
    ],
  };
}

describe('guard', () => {
  it.each([
    ['Engine', 'True'],
    ['DBInstanceIdentifier', 'True'],
    ['StorageEncrypted', 'True'],
    ['DBSubnetGroupName', 'Conditional'],
  ] as const)(
    'blocks a database change of %s (Replacement %s) and names the property',
    (property, replacement) => {
      // Prepare
      const changes = [modify('DatabaseInstance', 'AWS::RDS::DBInstance', replacement, property)];
      // Act
      const verdict = guard(changes, policy);
      // Assess
      expect(verdict).toEqual({
        allowed: false,
        blocked: [
          expect.objectContaining({
            logicalId: 'DatabaseInstance',
            path: ['database'],
            properties: [property],
            impact: replacement === 'True' ? 'will-replace' : 'may-replace',
            message: `AWS::RDS::DBInstance DatabaseInstance (databaseinstance-1) ${replacement === 'True' ? 'would be replaced' : 'may be replaced'} because ${property} changed: data would be lost; add "database" to rollout.allowReplace to allow it`,
          }),
        ],
      });
    },
  );

  it('blocks removing the database subnet group', () => {
    const verdict = guard(
      [
        {
          action: 'Remove',
          logicalId: 'DatabaseSubnets',
          resourceType: 'AWS::RDS::DBSubnetGroup',
          details: [],
        },
      ],
      policy,
    );
    expect(verdict.allowed).toBe(false);
  });

  it('allows in-place database changes', () => {
    const verdict = guard(
      [modify('DatabaseInstance', 'AWS::RDS::DBInstance', 'False', 'DBInstanceClass')],
      policy,
    );
    expect(verdict).toEqual({ allowed: true });
  });

  it('allows replacing stateless resources', () => {
    const verdict = guard(
      [modify('ApiService', 'AWS::ECS::Service', 'True', 'ServiceName')],
      policy,
    );
    expect(verdict).toEqual({ allowed: true });
  });

  it('allows a database replacement the manifest explicitly allows', () => {
    const verdict = guard([modify('DatabaseInstance', 'AWS::RDS::DBInstance', 'True', 'Engine')], {
      ...policy,
      allowReplace: ['database'],
    });
    expect(verdict).toEqual({ allowed: true });
  });

  it('protects a data-holding type even without a known manifest path', () => {
    const verdict = guard(
      [
        {
          action: 'Remove',
          logicalId: 'Unknown',
          resourceType: 'AWS::RDS::DBInstance',
          details: [],
        },
      ],
      {
        ...policy,
        pathOf: () => undefined,
      },
    );
    expect(verdict.allowed).toBe(false);
  });

  it('never advises allowing a resource that no manifest path declares', () => {
    // Prepare: a bucket the stack holds but no manifest declaration built
    const removal: ResourceChange = {
      action: 'Remove',
      logicalId: 'LogsBucket',
      physicalId: 'dev-logs',
      resourceType: 'AWS::S3::Bucket',
      details: [],
    };

    // Act
    const verdict = guard([removal], { ...policy, allowReplace: ['bucket', '*'] });

    // Assess
    expect(verdict).toEqual({
      allowed: false,
      blocked: [
        {
          logicalId: 'LogsBucket',
          resourceType: 'AWS::S3::Bucket',
          physicalId: 'dev-logs',
          impact: 'will-destroy',
          properties: [],
          message:
            'AWS::S3::Bucket LogsBucket (dev-logs) would be removed: data would be lost; it is not declared in the manifest, so rollout.allowReplace cannot allow it',
        },
      ],
    });
  });

  it('advises the real manifest path of a declared resource', () => {
    const change = modify(
      'ApiTargetGroup',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'True',
      'Port',
    );
    const verdict = guard([change], { ...policy, stateful: ['loadBalancer.targetGroups.api'] });
    expect(verdict.allowed === false && verdict.blocked[0]?.message).toBe(
      'AWS::ElasticLoadBalancingV2::TargetGroup ApiTargetGroup (apitargetgroup-1) would be replaced because Port changed: data would be lost; add "loadBalancer.targetGroups.api" to rollout.allowReplace to allow it',
    );
  });

  it('protects manifest paths the manifest marks stateful', () => {
    const change = modify(
      'ApiTargetGroup',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'True',
      'Port',
    );
    expect(guard([change], policy)).toEqual({ allowed: true });
    expect(guard([change], { ...policy, stateful: ['loadBalancer.targetGroups.*'] })).toMatchObject(
      {
        allowed: false,
        blocked: [{ logicalId: 'ApiTargetGroup', properties: ['Port'] }],
      },
    );
  });
});
