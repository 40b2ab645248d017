import { pair, type ResourcePair } from '../../../controller/core/pair.js';
import type {
  ListenerState,
  LiveState,
  TargetGroupState,
} from '../../../controller/model/live-state.js';
import { formatPath } from '../../../controller/model/manifest-path.js';
import { formatKey } from '../../../controller/model/resource-key.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';
import { setService } from '../../fixtures/live-edits.js';

/** One line per pair: key, path, whether it is declared, and the state of its observation. */
const outline = (pairs: ResourcePair[]) =>
  pairs.map((p) => [
    formatKey(p.key),
    formatPath(p.path),
    p.desired === undefined ? 'undeclared' : 'declared',
    p.live.state,
  ]);

type Doc = Record<string, unknown>;
const docs = (v: unknown) => v as Doc[];
const doc = (v: unknown) => v as Doc;

const legacyTargetGroup: TargetGroupState = {
  name: 'prod-legacy',
  arn: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:targetgroup/prod-legacy/fedcba9876543210',
  port: 8080,
  protocol: 'HTTP',
  healthCheck: {
    path: '/',
    port: 'traffic-port',
    protocol: 'HTTP',
    intervalSeconds: 30,
    timeoutSeconds: 5,
    healthyThreshold: 5,
    unhealthyThreshold: 2,
    matcher: '200',
  },
};

const adminListener: ListenerState = {
  arn: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/prod-alb/0123456789abcdef/8081',
  port: 8081,
  protocol: 'HTTP',
  certificateArns: [],
  forwardTargetGroups: ['prod-legacy'],
};

const withUndeclared = (live: LiveState): LiveState => ({
  ...live,
  undeclared: { targetGroups: [legacyTargetGroup], listeners: [adminListener] },
});

describe('pair', () => {
  it('pairs every declared resource with its observation, services first and listeners last', () => {
    // Prepare
    const desired = desiredState();
    const live = liveStateFor(desired);

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(outline(pairs)).toEqual([
      ['prod/ecs-service/prod-api', 'services.api', 'declared', 'present'],
      ['prod/ecs-service/prod-worker', 'services.worker', 'declared', 'present'],
      ['prod/rds-instance/prod-postgres', 'database', 'declared', 'present'],
      ['prod/load-balancer/prod-alb', 'loadBalancer', 'declared', 'present'],
      ['prod/target-group/prod-api', 'loadBalancer.targetGroups.api', 'declared', 'present'],
      ['prod/listener/prod-alb:80', 'loadBalancer.listeners.80', 'declared', 'present'],
    ]);
  });

  it('hands over the declared spec and the observation themselves, not copies', () => {
    // Prepare
    const desired = desiredState();
    const live = liveStateFor(desired);

    // Act
    const [api, , database, loadBalancer, targetGroup, listener] = pair(desired, live);

    // Assess
    expect(api?.desired).toBe(desired.services[0]);
    expect(api?.live).toBe(live.services.api);
    expect(database?.desired).toBe(desired.database);
    expect(database?.live).toBe(live.database);
    expect(loadBalancer?.desired).toBe(desired.loadBalancer);
    expect(loadBalancer?.live).toBe(live.loadBalancer);
    expect(targetGroup?.desired).toBe(desired.loadBalancer?.targetGroups[0]);
    expect(targetGroup?.live).toBe(live.targetGroups.api);
    expect(listener?.desired).toBe(desired.loadBalancer?.listeners[0]);
    expect(listener?.live).toBe(live.listeners['80']);
  });

  it('keeps a declared resource the reader found missing, with nothing to compare', () => {
    // Prepare
    const desired = desiredState();
    const live: LiveState = {
      ...setService(liveStateFor(desired), 'worker', { state: 'missing' }),
      database: { state: 'missing' },
      targetGroups: { api: { state: 'missing' } },
    };

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(outline(pairs).map(([key, , , state]) => [key, state])).toEqual([
      ['prod/ecs-service/prod-api', 'present'],
      ['prod/ecs-service/prod-worker', 'missing'],
      ['prod/rds-instance/prod-postgres', 'missing'],
      ['prod/load-balancer/prod-alb', 'present'],
      ['prod/target-group/prod-api', 'missing'],
      ['prod/listener/prod-alb:80', 'present'],
    ]);
    expect(pairs[1]?.desired).toBe(desired.services[1]);
  });

  it('passes on the reason of a declared resource that could not be read', () => {
    // Prepare
    const desired = desiredState();
    const live: LiveState = {
      ...setService(liveStateFor(desired), 'api', {
        state: 'unchecked',
        reason: 'DescribeServices failed: AccessDenied',
      }),
      listeners: { '80': { state: 'unchecked', reason: 'DescribeListeners failed: Throttling' } },
    };

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(pairs.filter((p) => p.live.state === 'unchecked')).toEqual([
      {
        kind: 'ecs-service',
        key: { env: 'prod', kind: 'ecs-service', name: 'prod-api' },
        path: ['services', 'api'],
        desired: desired.services[0],
        live: { state: 'unchecked', reason: 'DescribeServices failed: AccessDenied' },
      },
      {
        kind: 'listener',
        key: { env: 'prod', kind: 'listener', name: 'prod-alb:80' },
        path: ['loadBalancer', 'listeners', '80'],
        desired: desired.loadBalancer?.listeners[0],
        live: { state: 'unchecked', reason: 'DescribeListeners failed: Throttling' },
      },
    ]);
  });

  it('marks every declared resource the reader did not report as unchecked, never as missing', () => {
    // Prepare: the desired side only
    const desired = desiredState();
    const live: LiveState = {
      services: {},
      targetGroups: {},
      listeners: {},
      undeclared: { targetGroups: [], listeners: [] },
    };

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(pairs.map((p) => [formatPath(p.path), p.live])).toEqual([
      ['services.api', { state: 'unchecked', reason: 'not observed' }],
      ['services.worker', { state: 'unchecked', reason: 'not observed' }],
      ['database', { state: 'unchecked', reason: 'not observed' }],
      ['loadBalancer', { state: 'unchecked', reason: 'not observed' }],
      ['loadBalancer.targetGroups.api', { state: 'unchecked', reason: 'not observed' }],
      ['loadBalancer.listeners.80', { state: 'unchecked', reason: 'not observed' }],
    ]);
  });

  it('pairs target groups and listeners found on the declared load balancer with nothing', () => {
    // Prepare: the live side only, next to the declared resources
    const desired = desiredState();
    const live = withUndeclared(liveStateFor(desired));

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(pairs.filter((p) => p.desired === undefined)).toEqual([
      {
        kind: 'target-group',
        key: { env: 'prod', kind: 'target-group', name: 'prod-legacy' },
        path: ['loadBalancer', 'targetGroups', 'prod-legacy'],
        desired: undefined,
        live: { state: 'present', value: legacyTargetGroup },
      },
      {
        kind: 'listener',
        key: { env: 'prod', kind: 'listener', name: 'prod-alb:8081' },
        path: ['loadBalancer', 'listeners', '8081'],
        desired: undefined,
        live: { state: 'present', value: adminListener },
      },
    ]);
  });

  it('ignores live services the manifest does not declare', () => {
    // Prepare
    const desired = desiredState();
    const base = liveStateFor(desired);
    const live = setService(base, 'legacy', { state: 'unchecked', reason: 'stray' });

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(outline(pairs)).toEqual(outline(pair(desired, base)));
    expect(pairs.some((p) => p.path.includes('legacy'))).toBe(false);
  });

  it('pairs neither the database nor anything of a load balancer the manifest does not declare', () => {
    // Prepare
    const desired = desiredState((d) => {
      delete d.database;
      delete d.loadBalancer;
    });
    const declaredEverything = desiredState();
    const live = withUndeclared(liveStateFor(declaredEverything));

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(outline(pairs)).toEqual([
      ['prod/ecs-service/prod-api', 'services.api', 'declared', 'present'],
      ['prod/ecs-service/prod-worker', 'services.worker', 'declared', 'present'],
    ]);
  });

  it('keys resources by the physical names the manifest sets, and paths by manifest names', () => {
    // Prepare
    const desired = desiredState((d) => {
      doc(d.environment).name = 'staging';
      const [api] = docs(d.services);
      if (api) api.serviceName = 'api-v2';
      doc(d.database).identifier = 'orders-db';
      const lb = doc(d.loadBalancer);
      lb.name = 'edge';
      const [group] = docs(lb.targetGroups);
      if (group) group.targetGroupName = 'edge-api-blue';
    });
    const live = withUndeclared(liveStateFor(desired));

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(outline(pairs)).toEqual([
      ['staging/ecs-service/api-v2', 'services.api', 'declared', 'present'],
      ['staging/ecs-service/staging-worker', 'services.worker', 'declared', 'present'],
      ['staging/rds-instance/orders-db', 'database', 'declared', 'present'],
      ['staging/load-balancer/edge', 'loadBalancer', 'declared', 'present'],
      [
        'staging/target-group/edge-api-blue',
        'loadBalancer.targetGroups.api',
        'declared',
        'present',
      ],
      ['staging/listener/edge:80', 'loadBalancer.listeners.80', 'declared', 'present'],
      [
        'staging/target-group/prod-legacy',
        'loadBalancer.targetGroups.prod-legacy',
        'undeclared',
        'present',
      ],
      ['staging/listener/edge:8081', 'loadBalancer.listeners.8081', 'undeclared', 'present'],
    ]);
  });

  it('pairs every declared listener and target group by port and by name', () => {
    // Prepare
    const desired = desiredState((d) => {
      docs(d.services).push({
        name: 'admin',
        image: 'public.ecr.aws/plumbline/task-admin:1.0.0',
        cpu: 256,
        memory: 512,
        port: 9000,
        desiredCount: 1,
      });
      const lb = doc(d.loadBalancer);
      docs(lb.targetGroups).push({ name: 'admin', service: 'admin' });
      docs(lb.listeners).push(
        { port: 8443, protocol: 'HTTP', forward: 'admin' },
        { port: 9090, protocol: 'HTTP', forward: 'api' },
      );
    });
    const base = liveStateFor(desired);
    const live: LiveState = {
      ...base,
      targetGroups: { ...base.targetGroups, admin: { state: 'missing' } },
      listeners: { ...base.listeners, '9090': { state: 'missing' } },
    };

    // Act
    const pairs = pair(desired, live);

    // Assess
    expect(
      outline(pairs.filter((p) => p.kind === 'target-group' || p.kind === 'listener')),
    ).toEqual([
      ['prod/target-group/prod-api', 'loadBalancer.targetGroups.api', 'declared', 'present'],
      ['prod/target-group/prod-admin', 'loadBalancer.targetGroups.admin', 'declared', 'missing'],
      ['prod/listener/prod-alb:80', 'loadBalancer.listeners.80', 'declared', 'present'],
      ['prod/listener/prod-alb:8443', 'loadBalancer.listeners.8443', 'declared', 'present'],
      ['prod/listener/prod-alb:9090', 'loadBalancer.listeners.9090', 'declared', 'missing'],
    ]);
  });

  it('does not modify its inputs', () => {
    // Prepare
    const desired = desiredState();
    const live = withUndeclared(liveStateFor(desired));
    const before = JSON.stringify([desired, live]);

    // Act
    pair(desired, live);

    // Assess
    expect(JSON.stringify([desired, live])).toBe(before);
  });
});
