import { changeSetReach, leftOutOnUpdate } from '../../../controller/core/change-set-reach.js';
import { diff } from '../../../controller/core/diff.js';
import { sortAfterRollout } from '../../../controller/core/remaining-drift.js';
import type { ResourceChange } from '../../../controller/model/change-set.js';
import { formatPath, type ManifestPath } from '../../../controller/model/manifest-path.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';
import {
  editContainer,
  editService,
  editTargetGroup,
  setService,
} from '../../fixtures/live-edits.js';

const PATHS: Record<string, ManifestPath> = {
  Api: ['services', 'api'],
  ApiTask: ['services', 'api'],
  ApiScaling: ['services', 'api'],
  Group: ['loadBalancer', 'targetGroups', 'api'],
  Db: ['database'],
};
const pathOf = (id: string) => PATHS[id];

const modify = (
  logicalId: string,
  resourceType: string,
  ...properties: string[]
): ResourceChange => ({
  action: 'Modify',
  logicalId,
  resourceType,
  replacement: 'False',
  details: properties.map((name) => ({
    attribute: 'Properties',
    name,
    requiresRecreation: 'Never',
  })),
});
const paths = (drifts: readonly { path: ManifestPath }[]) => drifts.map((d) => formatPath(d.path));

describe('changeSetReach', () => {
  it('reaches the fields of the properties a modification names', () => {
    // Prepare
    const changes = [
      modify('Api', 'AWS::ECS::Service', 'DesiredCount', 'NetworkConfiguration'),
      modify('Group', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'HealthCheckPath'),
    ];
    // Act
    const reach = changeSetReach(changes, pathOf);
    // Assess
    expect(reach.map(formatPath)).toEqual([
      'services.api.desiredCount',
      'loadBalancer.targetGroups.api.healthCheck.path',
    ]);
  });

  it('reaches a task definition’s fields, not its service’s count, when the revision is replaced', () => {
    const changes: ResourceChange[] = [
      {
        ...modify('ApiTask', 'AWS::ECS::TaskDefinition', 'ContainerDefinitions'),
        replacement: 'True',
      },
      modify('Api', 'AWS::ECS::Service', 'TaskDefinition'),
    ];
    const reach = changeSetReach(changes, pathOf).map(formatPath);
    expect(reach).toContain('services.api.image');
    expect(reach).toContain('services.api.environment');
    expect(reach).not.toContain('services.api.desiredCount');
    expect(reach).not.toContain('services.api');
  });

  it('reaches the whole declaration of a replaced resource, and tags for a tag change', () => {
    const changes: ResourceChange[] = [
      { ...modify('Db', 'AWS::RDS::DBInstance', 'DBInstanceIdentifier'), replacement: 'True' },
      {
        ...modify('Group', 'AWS::ElasticLoadBalancingV2::TargetGroup'),
        details: [{ attribute: 'Tags' }],
      },
    ];
    expect(changeSetReach(changes, pathOf).map(formatPath)).toEqual([
      'database',
      'loadBalancer.targetGroups.api.tags',
    ]);
  });

  it('reaches nothing through resources without a manifest path or types nothing compares', () => {
    const changes = [
      modify('Alarm', 'AWS::CloudWatch::Alarm', 'Threshold'),
      modify('ApiScaling', 'AWS::ApplicationAutoScaling::ScalableTarget', 'MinCapacity'),
    ];
    expect(changeSetReach(changes, pathOf)).toEqual([]);
  });
});

describe('leftOutOnUpdate', () => {
  it('keeps a DesiredCount change from reaching an auto-scaled service’s count, not another’s', () => {
    // Prepare: prod's api is auto-scaled, its worker is not.
    const desired = desiredState();
    const changes = [
      modify('Api', 'AWS::ECS::Service', 'DesiredCount'),
      modify('Worker', 'AWS::ECS::Service', 'DesiredCount'),
    ];
    const paths = (id: string) => (id === 'Api' ? PATHS.Api : ['services', 'worker']);
    // Act
    const reach = changeSetReach(changes, paths, leftOutOnUpdate(desired));
    // Assess
    expect(leftOutOnUpdate(desired).map(formatPath)).toEqual(['services.api.desiredCount']);
    expect(reach.map(formatPath)).toEqual(['services.worker.desiredCount']);
  });
});

describe('sortAfterRollout', () => {
  const desired = desiredState();
  const scaled = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 12 }));

  it('reports drift from before that the change set did not reach as remaining', () => {
    // Prepare
    const before = diff(desired, scaled);
    const after = diff(desired, scaled);
    const reach = changeSetReach([modify('Api', 'AWS::ECS::Service', 'TaskDefinition')], pathOf);
    // Act
    const verdict = sortAfterRollout(before, after, reach);
    // Assess
    expect(paths(verdict.remaining)).toEqual(['services.api.desiredCount']);
    expect(verdict.notLanded).toEqual([]);
  });

  it('fails a field the change set set that is still not as declared', () => {
    const reach = changeSetReach([modify('Api', 'AWS::ECS::Service', 'DesiredCount')], pathOf);
    const verdict = sortAfterRollout(diff(desired, scaled), diff(desired, scaled), reach);
    expect(paths(verdict.notLanded)).toEqual(['services.api.desiredCount']);
    expect(verdict.remaining).toEqual([]);
  });

  it('fails a declared change that did not land even though the same path drifted before', () => {
    // Prepare: the manifest moved the image on; the live service still runs the old one.
    const old = editContainer(liveStateFor(desired), 'api', (c) => ({ ...c, image: 'nginx:1' }));
    const reach = changeSetReach(
      [
        {
          ...modify('ApiTask', 'AWS::ECS::TaskDefinition', 'ContainerDefinitions'),
          replacement: 'True',
        },
      ],
      pathOf,
    );
    // Act
    const verdict = sortAfterRollout(diff(desired, old), diff(desired, old), reach);
    // Assess
    expect(paths(verdict.notLanded)).toEqual(['services.api.image']);
  });

  it('fails drift that was not there before the rollout, or that moved while it ran', () => {
    const moved = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 11 }));
    const health = editTargetGroup(moved, 'api', (t) => ({
      ...t,
      healthCheck: { ...t.healthCheck, path: '/' },
    }));
    const verdict = sortAfterRollout(diff(desired, scaled), diff(desired, health), []);
    expect(paths(verdict.notLanded)).toEqual([
      'loadBalancer.targetGroups.api.healthCheck.path',
      'services.api.desiredCount',
    ]);
    expect(verdict.remaining).toEqual([]);
  });

  it('fails a declared resource still missing, even one missing before', () => {
    const missing = setService(liveStateFor(desired), 'worker', { state: 'missing' });
    const verdict = sortAfterRollout(diff(desired, missing), diff(desired, missing), []);
    expect(paths(verdict.notLanded)).toEqual(['services.worker']);
  });

  it('fails every drift of a first create, which has no before', () => {
    const verdict = sortAfterRollout(undefined, diff(desired, scaled), []);
    expect(paths(verdict.notLanded)).toEqual(['services.api.desiredCount']);
  });
});
