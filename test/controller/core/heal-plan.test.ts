import { diff } from '../../../controller/core/diff.js';
import { describeHealAction } from '../../../controller/core/heal-messages.js';
import { healHeld, planHeal } from '../../../controller/core/heal-plan.js';
import type { LiveState } from '../../../controller/model/live-state.js';
import type { DesiredState } from '../../../controller/model/manifest.js';
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

const TG_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:222222222222:targetgroup/prod-api/0123456789abcdef';
const LISTENER_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/prod-alb/0123456789abcdef/80';
const LB_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/prod-alb/0123456789abcdef';
const API_TD = 'arn:aws:ecs:eu-west-1:222222222222:task-definition/prod-api:1';
const CERT = 'arn:aws:acm:eu-west-1:222222222222:certificate/0f0e0d0c-1111-2222-3333-444455556666';

/** The plan for `live` against `desired`, as the scan would make it. */
const planFor = (desired: DesiredState, live: LiveState) =>
  planHeal(desired, diff(desired, live), live);
const unhealedOf = (plan: ReturnType<typeof planHeal>) =>
  plan.unhealed.map((u) => [formatPath(u.drift.path), u.reason]);
const apiKey = { env: 'prod', kind: 'ecs-service', name: 'prod-api' } as const;

describe('planHeal', () => {
  it('plans nothing when the live state matches the manifest', () => {
    // Prepare
    const desired = desiredState();
    // Act
    const plan = planFor(desired, liveStateFor(desired));
    // Assess
    expect(plan).toEqual({ actions: [], unhealed: [] });
  });

  it.each([
    [12, 10],
    [1, 3],
  ])(
    'scales a count of %i outside the auto-scaling range 3..10 to the nearest bound, %i',
    (found, bound) => {
      // Prepare
      const desired = desiredState();
      const live = editService(liveStateFor(desired), 'api', (s) => ({
        ...s,
        desiredCount: found,
      }));
      // Act
      const plan = planFor(desired, live);
      // Assess
      expect(plan.actions).toEqual([
        {
          api: 'UpdateService',
          key: apiKey,
          cluster: 'prod',
          service: 'prod-api',
          desiredCount: bound,
          heals: [{ path: ['services', 'api', 'desiredCount'], from: found, to: bound }],
        },
      ]);
      expect(plan.unhealed).toEqual([]);
    },
  );

  it('scales a service without auto-scaling back to its declared count', () => {
    const desired = desiredState();
    const live = editService(liveStateFor(desired), 'worker', (s) => ({ ...s, desiredCount: 5 }));
    const [action] = planFor(desired, live).actions;
    expect(action).toMatchObject({ api: 'UpdateService', service: 'prod-worker', desiredCount: 2 });
    expect(action?.heals).toEqual([
      { path: ['services', 'worker', 'desiredCount'], from: 5, to: 2 },
    ]);
  });

  it('never plans an ignored path', () => {
    // Prepare
    const desired = desiredState((d) => {
      d.drift = { ignore: ['services.worker.desiredCount'] };
    });
    const live = editService(liveStateFor(desired), 'worker', (s) => ({ ...s, desiredCount: 7 }));
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan).toEqual({ actions: [], unhealed: [] });
  });

  it('rolls a drifted image back to the declared revision, in the same call as the count', () => {
    // Prepare
    const desired = desiredState();
    let live = editContainer(liveStateFor(desired), 'api', (c) => ({
      ...c,
      image: 'public.ecr.aws/plumbline/task-api:1.0.1-hotfix',
    }));
    live = editService(live, 'api', (s) => ({ ...s, desiredCount: 11 }));
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan.actions).toEqual([
      {
        api: 'UpdateService',
        key: apiKey,
        cluster: 'prod',
        service: 'prod-api',
        desiredCount: 10,
        taskDefinition: { declaration: ['services', 'api'], liveArn: API_TD },
        heals: [
          {
            path: ['services', 'api', 'image'],
            from: 'public.ecr.aws/plumbline/task-api:1.0.1-hotfix',
            to: 'public.ecr.aws/plumbline/task-api:1.0.0',
          },
          { path: ['services', 'api', 'desiredCount'], from: 11, to: 10 },
        ],
      },
    ]);
  });

  it.each([
    [
      'environment',
      (c: { environment: Record<string, string> }) => ({
        ...c,
        environment: { LOG_LEVEL: 'debug' },
      }),
    ],
    ['cpu', undefined],
  ])('rolls the task definition back for %s drift', (field, editC) => {
    const desired = desiredState();
    const live = editC
      ? editContainer(liveStateFor(desired), 'api', (c) => ({ ...c, ...editC(c) }))
      : editService(liveStateFor(desired), 'api', (s) => {
          if (s.taskDefinition.state !== 'present') throw new Error('no task definition');
          return {
            ...s,
            taskDefinition: { state: 'present', value: { ...s.taskDefinition.value, cpu: 512 } },
          };
        });
    const [action] = planFor(desired, live).actions;
    expect(action).toMatchObject({
      api: 'UpdateService',
      taskDefinition: { declaration: ['services', 'api'], liveArn: API_TD },
    });
    expect(action?.heals.map((h) => h.path[2])).toEqual([field]);
  });

  it('does not roll a revision back while an ignored field of it differs', () => {
    // Prepare
    const desired = desiredState((d) => {
      d.drift = { ignore: ['services.api.environment.LOG_LEVEL'] };
    });
    const live = editContainer(liveStateFor(desired), 'api', (c) => ({
      ...c,
      image: 'public.ecr.aws/plumbline/task-api:1.0.1-hotfix',
      environment: { LOG_LEVEL: 'debug' },
    }));
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan.actions).toEqual([]);
    expect(unhealedOf(plan)).toEqual([
      [
        'services.api.image',
        'rolling the task definition back would also reset services.api.environment.LOG_LEVEL, which drift.ignore leaves alone',
      ],
    ]);
  });

  it('puts drifted deployment settings back and keeps the live value of an ignored one', () => {
    // Prepare
    const desired = desiredState((d) => {
      d.drift = { ignore: ['services.api.deployment.minimumHealthyPercent'] };
    });
    const live = editService(liveStateFor(desired), 'api', (s) => ({
      ...s,
      deployment: {
        minimumHealthyPercent: 50,
        maximumPercent: 150,
        circuitBreaker: { enable: false, rollback: true },
      },
    }));
    // Act
    const [action] = planFor(desired, live).actions;
    // Assess
    expect(action).toEqual({
      api: 'UpdateService',
      key: apiKey,
      cluster: 'prod',
      service: 'prod-api',
      deployment: {
        minimumHealthyPercent: 50,
        maximumPercent: 200,
        circuitBreaker: { enable: true, rollback: true },
      },
      heals: [
        {
          path: ['services', 'api', 'deployment', 'circuitBreaker', 'enable'],
          from: false,
          to: true,
        },
        { path: ['services', 'api', 'deployment', 'maximumPercent'], from: 150, to: 200 },
      ],
    });
  });

  it('modifies only the drifted health-check settings of a target group', () => {
    // Prepare
    const desired = desiredState();
    const live = editTargetGroup(liveStateFor(desired), 'api', (t) => ({
      ...t,
      healthCheck: { ...t.healthCheck, path: '/', intervalSeconds: 30, matcher: '200-299' },
    }));
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan.actions).toEqual([
      {
        api: 'ModifyTargetGroup',
        key: { env: 'prod', kind: 'target-group', name: 'prod-api' },
        arn: TG_ARN,
        healthCheck: { path: '/health', intervalSeconds: 15, matcher: '200' },
        heals: [
          {
            path: ['loadBalancer', 'targetGroups', 'api', 'healthCheck', 'path'],
            from: '/',
            to: '/health',
          },
          {
            path: ['loadBalancer', 'targetGroups', 'api', 'healthCheck', 'intervalSeconds'],
            from: 30,
            to: 15,
          },
          {
            path: ['loadBalancer', 'targetGroups', 'api', 'healthCheck', 'matcher'],
            from: ['200-299'],
            to: '200',
          },
        ],
      },
    ]);
  });

  it('puts a listener back to its declared protocol and target group, dropping the certificate', () => {
    // Prepare
    const desired = desiredState();
    const live = editListener(liveStateFor(desired), 80, (l) => ({
      ...l,
      protocol: 'HTTPS',
      certificateArns: [CERT],
      forwardTargetGroups: ['prod-other'],
    }));
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan.actions).toEqual([
      {
        api: 'ModifyListener',
        key: { env: 'prod', kind: 'listener', name: 'prod-alb:80' },
        arn: LISTENER_ARN,
        protocol: 'HTTP',
        defaultAction: { type: 'forward', targetGroupArn: TG_ARN },
        heals: [
          {
            path: ['loadBalancer', 'listeners', '80', 'certificateArn'],
            from: [CERT],
            to: [],
          },
          {
            path: ['loadBalancer', 'listeners', '80', 'forward'],
            from: ['prod-other'],
            to: ['prod-api'],
          },
          { path: ['loadBalancer', 'listeners', '80', 'protocol'], from: 'HTTPS', to: 'HTTP' },
        ],
      },
    ]);
  });

  it('sends the declared certificate and security policy when it puts HTTPS back', () => {
    const desired = desiredState((d) => {
      (d.loadBalancer as { listeners: unknown[] }).listeners = [
        { port: 443, protocol: 'HTTPS', certificateArn: CERT, forward: 'api' },
      ];
    });
    const live = editListener(liveStateFor(desired), 443, (l) => ({
      ...l,
      protocol: 'HTTP',
      certificateArns: [],
    }));
    const [action] = planFor(desired, live).actions;
    expect(action).toMatchObject({
      api: 'ModifyListener',
      protocol: 'HTTPS',
      certificateArns: [CERT],
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    expect(action && 'defaultAction' in action).toBe(false);
  });

  it('puts back the declared security policy of an HTTPS listener', () => {
    const desired = desiredState((d) => {
      (d.loadBalancer as { listeners: unknown[] }).listeners = [
        { port: 443, protocol: 'HTTPS', certificateArn: CERT, forward: 'api' },
      ];
    });
    const live = editListener(liveStateFor(desired), 443, (l) => ({
      ...l,
      sslPolicy: 'ELBSecurityPolicy-2016-08',
    }));
    expect(planFor(desired, live).actions).toEqual([
      {
        api: 'ModifyListener',
        key: { env: 'prod', kind: 'listener', name: 'prod-alb:443' },
        arn: expect.stringContaining(':listener/'),
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        heals: [
          {
            path: ['loadBalancer', 'listeners', '443', 'sslPolicy'],
            from: 'ELBSecurityPolicy-2016-08',
            to: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          },
        ],
      },
    ]);
  });

  it('turns a declared load balancer switch back on, but not access logs', () => {
    const desired = desiredState((d) => {
      Object.assign(d.loadBalancer as object, { deletionProtection: true, accessLogs: true });
    });
    const live = editLoadBalancer(liveStateFor(desired), (lb) => ({
      ...lb,
      deletionProtection: false,
      dropInvalidHeaderFields: true,
      accessLogs: false,
    }));
    const plan = planFor(desired, live);
    expect(plan.actions).toMatchObject([
      { api: 'ModifyLoadBalancerAttributes', attributes: { deletionProtection: true } },
    ]);
    expect(unhealedOf(plan)).toEqual([
      [
        'loadBalancer.accessLogs',
        'access logs need the bucket they go to, which only the stack knows',
      ],
    ]);
  });

  it('modifies the idle timeout but never the scheme of the load balancer', () => {
    // Prepare
    const desired = desiredState();
    const live = editLoadBalancer(liveStateFor(desired), (lb) => ({
      ...lb,
      idleTimeoutSeconds: 300,
      scheme: 'internal',
    }));
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan.actions).toEqual([
      {
        api: 'ModifyLoadBalancerAttributes',
        key: { env: 'prod', kind: 'load-balancer', name: 'prod-alb' },
        arn: LB_ARN,
        attributes: { idleTimeoutSeconds: 60 },
        heals: [{ path: ['loadBalancer', 'idleTimeoutSeconds'], from: 300, to: 60 }],
      },
    ]);
    expect(unhealedOf(plan)).toEqual([
      ['loadBalancer.scheme', 'the scheme is chosen when the load balancer is created'],
    ]);
  });

  it('merges every drifted database setting into one ModifyDBInstance that applies immediately', () => {
    // Prepare
    const desired = desiredState();
    const live = editDatabase(liveStateFor(desired), (db) => ({
      ...db,
      publiclyAccessible: true,
      multiAz: false,
      backupRetentionDays: 7,
      deletionProtection: false,
      instanceClass: 'db.t3.micro',
      allocatedStorage: 50,
      storageType: 'gp2',
    }));
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({
      api: 'ModifyDBInstance',
      key: { env: 'prod', kind: 'rds-instance', name: 'prod-postgres' },
      identifier: 'prod-postgres',
      applyImmediately: true,
      changes: {
        publiclyAccessible: false,
        multiAz: true,
        backupRetentionDays: 30,
        deletionProtection: true,
        instanceClass: 'db.t3.small',
        allocatedStorage: 100,
        storageType: 'gp3',
      },
    });
    expect(plan.actions[0]?.heals.map((h) => formatPath(h.path))).toEqual([
      'database.publiclyAccessible',
      'database.backupRetentionDays',
      'database.deletionProtection',
      'database.multiAz',
      'database.allocatedStorage',
      'database.instanceClass',
      'database.storageType',
    ]);
  });

  it('leaves the apply to the maintenance window when the manifest says so', () => {
    const desired = desiredState((d) => {
      d.drift = { healApplyImmediately: false };
    });
    const live = editDatabase(liveStateFor(desired), (db) => ({ ...db, multiAz: false }));
    expect(planFor(desired, live).actions[0]).toMatchObject({
      api: 'ModifyDBInstance',
      applyImmediately: false,
      changes: { multiAz: true },
    });
  });

  it('never heals encryption, the engine, a larger storage or tags', () => {
    // Prepare
    const desired = desiredState();
    const live = editDatabase(liveStateFor(desired), (db) => ({
      ...db,
      storageEncrypted: false,
      engine: 'mysql',
      allocatedStorage: 200,
      tags: {},
    }));
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan.actions).toEqual([]);
    expect(unhealedOf(plan)).toEqual([
      ['database.storageEncrypted', 'encryption is chosen when the instance is created'],
      ['database.allocatedStorage', 'RDS cannot shrink allocated storage'],
      ['database.engine', 'the engine is chosen when the instance is created'],
      ['database.tags.team', 'tags are not healed'],
    ]);
  });

  it('never heals a missing or an undeclared resource', () => {
    // Prepare
    const desired = desiredState();
    const base = setService(liveStateFor(desired), 'worker', { state: 'missing' });
    const live: LiveState = {
      ...base,
      undeclared: {
        targetGroups: [
          {
            name: 'prod-extra',
            arn: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:targetgroup/prod-extra/1',
            port: 80,
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
          },
        ],
        listeners: [],
      },
    };
    // Act
    const plan = planFor(desired, live);
    // Assess
    expect(plan.actions).toEqual([]);
    expect(unhealedOf(plan)).toEqual([
      ['services.worker', 'declared but missing: creating it is a rollout’s job'],
      [
        'loadBalancer.targetGroups.prod-extra',
        'not declared: removing it is a rollout’s or a person’s decision',
      ],
    ]);
  });
});

describe('healHeld', () => {
  const desired = desiredState();
  const drifted = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 12 }));
  const plan = planFor(desired, drifted);

  it('holds when no healed path is drifted afterwards', () => {
    expect(healHeld(plan, diff(desired, liveStateFor(desired)))).toBe(true);
  });

  it('does not hold when a healed path is still drifted', () => {
    expect(healHeld(plan, diff(desired, drifted))).toBe(false);
  });

  it('does not hold when the healed resource could not be read', () => {
    const unreadable = setService(liveStateFor(desired), 'api', {
      state: 'unchecked',
      reason: 'AccessDenied',
    });
    expect(healHeld(plan, diff(desired, unreadable))).toBe(false);
  });
});

describe('describeHealAction', () => {
  it('names the call, the resource and each healed path with both values', () => {
    // Prepare
    const desired = desiredState();
    const live = editDatabase(liveStateFor(desired), (db) => ({
      ...db,
      publiclyAccessible: true,
      backupRetentionDays: 7,
    }));
    const [action] = planFor(desired, live).actions;
    // Act
    const line = action ? describeHealAction(action) : '';
    // Assess
    expect(line).toBe(
      'ModifyDBInstance prod-postgres: database.publiclyAccessible true -> false, database.backupRetentionDays 7 -> 30 (ApplyImmediately)',
    );
  });

  it('says when a service goes back to the declared revision', () => {
    const desired = desiredState();
    const live = editContainer(liveStateFor(desired), 'api', (c) => ({ ...c, image: 'nginx' }));
    const [action] = planFor(desired, live).actions;
    expect(action ? describeHealAction(action) : '').toBe(
      'UpdateService prod-api: services.api.image nginx -> public.ecr.aws/plumbline/task-api:1.0.0 (back to the task definition revision the stack declares)',
    );
  });
});
