import { diff } from '../../../controller/core/diff.js';
import { formatPath } from '../../../controller/model/manifest-path.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';
import {
  editContainer,
  editDatabase,
  editListener,
  editLoadBalancer,
  editService,
  editTargetGroup,
  setService,
} from '../../fixtures/live-edits.js';

const CERT = 'arn:aws:acm:eu-west-1:222222222222:certificate/0f0e0d0c-1111-2222-3333-444455556666';

const summary = (r: ReturnType<typeof diff>) =>
  r.drifts.map((d) => [formatPath(d.path), d.priority, d.action]);

describe('diff', () => {
  it('finds nothing when the live state matches the manifest', () => {
    // Prepare
    const desired = desiredState();
    // Act
    const result = diff(desired, liveStateFor(desired));
    // Assess
    expect(result).toEqual({ drifts: [], unchecked: [] });
  });

  it('accepts a desiredCount inside the auto-scaling range', () => {
    const desired = desiredState();
    const live = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 7 }));
    expect(diff(desired, live).drifts).toEqual([]);
  });

  it('reports desiredCount outside the auto-scaling range as P2 drift', () => {
    const desired = desiredState();
    const live = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 12 }));
    const [drift] = diff(desired, live).drifts;
    expect(drift).toMatchObject({
      key: { env: 'prod', kind: 'ecs-service', name: 'prod-api' },
      path: ['services', 'api', 'desiredCount'],
      declared: { min: 3, max: 10 },
      live: 12,
      comparator: 'withinRange',
      priority: 'P2',
      action: 'update',
      message: 'services.api.desiredCount is 12, outside the declared range 3..10',
    });
  });

  it('compares desiredCount exactly when no auto-scaling is declared', () => {
    const desired = desiredState();
    const live = editService(liveStateFor(desired), 'worker', (s) => ({ ...s, desiredCount: 3 }));
    expect(summary(diff(desired, live))).toEqual([
      ['services.worker.desiredCount', 'P2', 'update'],
    ]);
  });

  it('treats equivalent image references as equal and a changed tag as P1', () => {
    const desired = desiredState((d) => {
      const [, worker] = d.services as { image: string }[];
      if (worker) worker.image = 'nginx';
    });
    const base = liveStateFor(desired);
    const same = editContainer(base, 'worker', (c) => ({
      ...c,
      image: 'docker.io/library/nginx:latest',
    }));
    const changed = editContainer(base, 'api', (c) => ({
      ...c,
      image: 'public.ecr.aws/plumbline/task-api:1.0.1',
    }));
    expect(diff(desired, same).drifts).toEqual([]);
    expect(summary(diff(desired, changed))).toEqual([['services.api.image', 'P1', 'update']]);
  });

  it('reports environment and secret differences key by key as P1', () => {
    const desired = desiredState();
    const live = editContainer(liveStateFor(desired), 'api', (c) => ({
      ...c,
      environment: { LOG_LEVEL: 'debug', EXTRA: '1' },
      secrets: {},
    }));
    expect(summary(diff(desired, live))).toEqual([
      ['services.api.environment.EXTRA', 'P1', 'update'],
      ['services.api.environment.LOG_LEVEL', 'P1', 'update'],
      ['services.api.secrets.DATABASE_PASSWORD', 'P1', 'update'],
    ]);
  });

  it('reports a missing service as P0 with the path of its declaration', () => {
    const desired = desiredState();
    const live = setService(liveStateFor(desired), 'worker', { state: 'missing' });
    expect(diff(desired, live).drifts).toEqual([
      expect.objectContaining({
        path: ['services', 'worker'],
        priority: 'P0',
        action: 'create',
        message: 'ECS service prod-worker is declared but missing',
      }),
    ]);
  });

  it('reports an unreadable service as unchecked, never as in sync', () => {
    const desired = desiredState();
    const live = setService(liveStateFor(desired), 'api', {
      state: 'unchecked',
      reason: 'DescribeServices failed: AccessDenied',
    });
    const result = diff(desired, live);
    expect(result.drifts).toEqual([]);
    expect(result.unchecked).toEqual([
      {
        key: { env: 'prod', kind: 'ecs-service', name: 'prod-api' },
        path: ['services', 'api'],
        reason: 'DescribeServices failed: AccessDenied',
      },
    ]);
  });

  it('reports an unreadable task definition as unchecked and still compares the service', () => {
    const desired = desiredState();
    const live = editService(liveStateFor(desired), 'api', (s) => ({
      ...s,
      desiredCount: 1,
      taskDefinition: { state: 'unchecked', reason: 'Throttling' },
    }));
    const result = diff(desired, live);
    expect(summary(result)).toEqual([['services.api.desiredCount', 'P2', 'update']]);
    expect(result.unchecked.map((u) => formatPath(u.path))).toEqual([
      'services.api.taskDefinition',
    ]);
  });

  it.each([
    ['publiclyAccessible', true, 'P0'],
    ['storageEncrypted', false, 'P0'],
    ['multiAz', false, 'P1'],
    ['deletionProtection', false, 'P1'],
    ['backupRetentionDays', 7, 'P1'],
    ['backupRetentionDays', 35, 'P3'],
    ['instanceClass', 'db.t3.large', 'P2'],
    ['allocatedStorage', 200, 'P2'],
  ] as const)('classifies database.%s = %p as %s', (field, value, priority) => {
    const desired = desiredState();
    const live = editDatabase(liveStateFor(desired), (d) => ({ ...d, [field]: value }));
    expect(summary(diff(desired, live))).toEqual([[`database.${field}`, priority, 'update']]);
  });

  it('accepts a live engine version within the declared major version', () => {
    const desired = desiredState();
    const patched = editDatabase(liveStateFor(desired), (d) => ({ ...d, engineVersion: '16.9' }));
    const upgraded = editDatabase(liveStateFor(desired), (d) => ({ ...d, engineVersion: '17.1' }));
    expect(diff(desired, patched).drifts).toEqual([]);
    expect(summary(diff(desired, upgraded))).toEqual([['database.engineVersion', 'P3', 'update']]);
  });

  it('classifies a changed health-check path as P1 and a changed interval as P2', () => {
    const desired = desiredState();
    const live = editTargetGroup(liveStateFor(desired), 'api', (t) => ({
      ...t,
      healthCheck: { ...t.healthCheck, path: '/', intervalSeconds: 30 },
    }));
    expect(summary(diff(desired, live))).toEqual([
      ['loadBalancer.targetGroups.api.healthCheck.path', 'P1', 'update'],
      ['loadBalancer.targetGroups.api.healthCheck.intervalSeconds', 'P2', 'update'],
    ]);
  });

  it('compares only the tags the manifest declares', () => {
    const desired = desiredState();
    const extra = editService(liveStateFor(desired), 'api', (s) => ({
      ...s,
      tags: { ...s.tags, owner: 'someone' },
    }));
    const changed = editService(liveStateFor(desired), 'api', (s) => ({
      ...s,
      tags: { team: 'other' },
    }));
    expect(diff(desired, extra).drifts).toEqual([]);
    expect(summary(diff(desired, changed))).toEqual([['services.api.tags.team', 'P3', 'update']]);
  });

  it('drops ignored paths, including everything below an ignored prefix', () => {
    const desired = desiredState((d) => {
      d.drift = { ignore: ['services.*.desiredCount', 'database.tags'] };
    });
    let live = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 50 }));
    live = editDatabase(live, (d) => ({ ...d, tags: {} }));
    expect(diff(desired, live).drifts).toEqual([]);
  });

  it('ignores an unreadable resource when its whole declaration is ignored', () => {
    const desired = desiredState((d) => {
      d.drift = { ignore: ['services.worker'] };
    });
    const live = setService(liveStateFor(desired), 'worker', { state: 'unchecked', reason: 'x' });
    expect(diff(desired, live)).toEqual({ drifts: [], unchecked: [] });
  });

  it('applies severity overrides, the most specific pattern first', () => {
    const desired = desiredState((d) => {
      d.drift = { severity: { 'services.*': 'P3', 'services.api.image': 'P0' } };
    });
    let live = editContainer(liveStateFor(desired), 'api', (c) => ({ ...c, image: 'other:1' }));
    live = editService(live, 'worker', (s) => ({ ...s, desiredCount: 9 }));
    expect(summary(diff(desired, live))).toEqual([
      ['services.api.image', 'P0', 'update'],
      ['services.worker.desiredCount', 'P3', 'update'],
    ]);
  });

  it('reports a listener on the load balancer that the manifest does not declare', () => {
    const desired = desiredState();
    const base = liveStateFor(desired);
    const live = {
      ...base,
      undeclared: {
        targetGroups: [],
        listeners: [
          {
            arn: 'arn:l',
            port: 8081,
            protocol: 'HTTP',
            certificateArns: [],
            forwardTargetGroups: ['prod-api'],
          },
        ],
      },
    };
    expect(diff(desired, live).drifts).toEqual([
      expect.objectContaining({
        path: ['loadBalancer', 'listeners', '8081'],
        action: 'delete',
        priority: 'P2',
      }),
    ]);
  });

  it('reports HTTP served where a redirect is declared, and a weaker TLS policy, as P1', () => {
    const desired = desiredState((d) => {
      (d.loadBalancer as Record<string, unknown>).listeners = [
        { port: 80, protocol: 'HTTP', redirect: { protocol: 'HTTPS', port: 443 } },
        { port: 443, protocol: 'HTTPS', certificateArn: CERT, forward: 'api' },
      ];
    });
    let live = editListener(liveStateFor(desired), 80, ({ redirect: _, ...l }) => ({
      ...l,
      forwardTargetGroups: ['prod-api'],
    }));
    live = editListener(live, 443, (l) => ({ ...l, sslPolicy: 'ELBSecurityPolicy-2016-08' }));

    const { drifts } = diff(desired, live);

    expect(summary({ drifts, unchecked: [] })).toEqual([
      ['loadBalancer.listeners.443.sslPolicy', 'P1', 'update'],
      ['loadBalancer.listeners.80.redirect', 'P1', 'update'],
    ]);
    expect(drifts.map((d) => d.message)).toEqual([
      'loadBalancer.listeners.443.sslPolicy is ELBSecurityPolicy-2016-08, declared ELBSecurityPolicy-TLS13-1-2-2021-06',
      'loadBalancer.listeners.80.redirect is declared as {"protocol":"HTTPS","port":443,"host":"#{host}","path":"/#{path}","query":"#{query}","statusCode":"HTTP_301"} but not set',
    ]);
  });

  it('reports switched-off load balancer safety settings and a writable root file system as P2', () => {
    const desired = desiredState((d) => {
      Object.assign(d.loadBalancer as Record<string, unknown>, {
        deletionProtection: true,
        accessLogs: true,
      });
      const [api] = d.services as Record<string, unknown>[];
      if (api) api.readonlyRootFilesystem = true;
    });
    let live = editLoadBalancer(liveStateFor(desired), (lb) => ({
      ...lb,
      dropInvalidHeaderFields: false,
      deletionProtection: false,
      accessLogs: false,
    }));
    live = editContainer(live, 'api', (c) => ({ ...c, readonlyRootFilesystem: false }));

    expect(summary(diff(desired, live))).toEqual([
      ['loadBalancer.accessLogs', 'P2', 'update'],
      ['loadBalancer.deletionProtection', 'P2', 'update'],
      ['loadBalancer.dropInvalidHeaderFields', 'P2', 'update'],
      ['services.api.readonlyRootFilesystem', 'P2', 'update'],
    ]);
  });

  it('does not modify its inputs', () => {
    const desired = desiredState();
    const live = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 99 }));
    const before = JSON.stringify([desired, live]);
    diff(desired, live);
    expect(JSON.stringify([desired, live])).toBe(before);
  });
});
