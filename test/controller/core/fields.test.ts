import {
  databaseFields,
  type Fields,
  listenerFields,
  loadBalancerAttributesCompared,
  loadBalancerFields,
  serviceFields,
  targetGroupFields,
} from '../../../controller/core/fields.js';
import type { LiveState, Observation } from '../../../controller/model/live-state.js';
import type { DesiredState } from '../../../controller/model/manifest.js';
import { formatPath } from '../../../controller/model/manifest-path.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';
import {
  editContainer,
  editDatabase,
  editService,
  editTargetGroup,
} from '../../fixtures/live-edits.js';

/** One row per compared field: dotted path, comparator, declared value, live value. */
const table = (fields: Fields) =>
  fields.checks.map((c) => [formatPath(c.path), c.comparator, c.declared, c.live]);

function presentValue<T>(obs: Observation<T> | undefined): T {
  if (obs?.state !== 'present') throw new Error('fixture: observation is not present');
  return obs.value;
}

function service(m: DesiredState, name: string) {
  const s = m.services.find((x) => x.name === name);
  if (!s) throw new Error(`fixture: no service ${name}`);
  return s;
}

function loadBalancer(m: DesiredState) {
  if (!m.loadBalancer) throw new Error('fixture: no load balancer');
  return m.loadBalancer;
}

function database(m: DesiredState) {
  if (!m.database) throw new Error('fixture: no database');
  return m.database;
}

const serviceOf = (m: DesiredState, live: LiveState, name: string) =>
  serviceFields(m, service(m, name), presentValue(live.services[name]));

type Doc = Record<string, unknown>;
const docs = (v: unknown) => v as Doc[];
const doc = (v: unknown) => v as Doc;

const CERT = 'arn:aws:acm:eu-west-1:222222222222:certificate/0f0e0d0c-1111-2222-3333-444455556666';

describe('fields', () => {
  describe('serviceFields', () => {
    it('compares every field of an auto-scaled service with a port and a health check', () => {
      // Prepare
      const desired = desiredState();
      const live = liveStateFor(desired);

      // Act
      const fields = serviceOf(desired, live, 'api');

      // Assess
      expect(table(fields)).toEqual([
        ['services.api.desiredCount', 'withinRange', { min: 3, max: 10 }, 3],
        ['services.api.deployment.minimumHealthyPercent', 'exact', 100, 100],
        ['services.api.deployment.maximumPercent', 'exact', 200, 200],
        ['services.api.deployment.circuitBreaker.enable', 'exact', true, true],
        ['services.api.deployment.circuitBreaker.rollback', 'exact', true, true],
        ['services.api.tags.team', 'exact', 'platform', 'platform'],
        ['services.api.cpu', 'exact', 256, 256],
        ['services.api.memory', 'exact', 512, 512],
        ['services.api.container', 'exact', 'api', 'api'],
        [
          'services.api.image',
          'imageRef',
          'public.ecr.aws/plumbline/task-api:1.0.0',
          'public.ecr.aws/plumbline/task-api:1.0.0',
        ],
        ['services.api.command', 'exact', undefined, undefined],
        ['services.api.port', 'setEqual', [8080], [8080]],
        ['services.api.readonlyRootFilesystem', 'exact', false, false],
        ['services.api.environment.LOG_LEVEL', 'exact', 'info', 'info'],
        [
          'services.api.secrets.DATABASE_PASSWORD',
          'exact',
          'arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-AbCdEf',
          'arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-AbCdEf',
        ],
        [
          'services.api.healthCheck.command',
          'exact',
          ['CMD', 'node', 'healthcheck.js'],
          ['CMD', 'node', 'healthcheck.js'],
        ],
        ['services.api.healthCheck.intervalSeconds', 'exact', 30, 30],
        ['services.api.healthCheck.timeoutSeconds', 'exact', 5, 5],
        ['services.api.healthCheck.retries', 'exact', 3, 3],
        ['services.api.healthCheck.startPeriodSeconds', 'exact', 0, 0],
      ]);
      expect(fields.gaps).toEqual([]);
    });

    it('compares desiredCount exactly, the port as an empty set and the health check as absent when undeclared', () => {
      // Prepare
      const desired = desiredState();
      const live = liveStateFor(desired);

      // Act
      const fields = serviceOf(desired, live, 'worker');

      // Assess
      expect(table(fields)).toEqual([
        ['services.worker.desiredCount', 'exact', 2, 2],
        ['services.worker.deployment.minimumHealthyPercent', 'exact', 100, 100],
        ['services.worker.deployment.maximumPercent', 'exact', 200, 200],
        ['services.worker.deployment.circuitBreaker.enable', 'exact', true, true],
        ['services.worker.deployment.circuitBreaker.rollback', 'exact', true, true],
        ['services.worker.tags.team', 'exact', 'platform', 'platform'],
        ['services.worker.cpu', 'exact', 256, 256],
        ['services.worker.memory', 'exact', 512, 512],
        ['services.worker.container', 'exact', 'worker', 'worker'],
        [
          'services.worker.image',
          'imageRef',
          'public.ecr.aws/plumbline/task-api:1.0.0',
          'public.ecr.aws/plumbline/task-api:1.0.0',
        ],
        [
          'services.worker.command',
          'exact',
          ['node', 'dist/main.js', 'worker'],
          ['node', 'dist/main.js', 'worker'],
        ],
        ['services.worker.port', 'setEqual', [], []],
        ['services.worker.readonlyRootFilesystem', 'exact', false, false],
        ['services.worker.healthCheck', 'exact', undefined, undefined],
      ]);
    });

    it('compares a declared read-only root file system with a writable live one', () => {
      // Prepare
      const desired = desiredState((d) => {
        const [api] = docs(d.services);
        if (api) api.readonlyRootFilesystem = true;
      });
      const live = editContainer(liveStateFor(desired), 'api', (c) => ({
        ...c,
        readonlyRootFilesystem: false,
      }));

      // Act
      const rows = table(serviceOf(desired, live, 'api')).filter(([path]) =>
        String(path).endsWith('readonlyRootFilesystem'),
      );

      // Assess
      expect(rows).toEqual([['services.api.readonlyRootFilesystem', 'exact', true, false]]);
    });

    it('compares the union of declared and live environment variables and secrets, key by key', () => {
      // Prepare
      const desired = desiredState();
      const live = editContainer(liveStateFor(desired), 'api', (c) => ({
        ...c,
        environment: { EXTRA: '1' },
        secrets: {
          DATABASE_PASSWORD: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-AbCdEf',
          API_KEY: 'arn:aws:ssm:eu-west-1:222222222222:parameter/prod/api-key',
        },
      }));

      // Act
      const rows = table(serviceOf(desired, live, 'api')).filter(
        ([path]) =>
          String(path).startsWith('services.api.environment') ||
          String(path).startsWith('services.api.secrets'),
      );

      // Assess
      expect(rows).toEqual([
        ['services.api.environment.LOG_LEVEL', 'exact', 'info', undefined],
        ['services.api.environment.EXTRA', 'exact', undefined, '1'],
        [
          'services.api.secrets.DATABASE_PASSWORD',
          'exact',
          'arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-AbCdEf',
          'arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-AbCdEf',
        ],
        [
          'services.api.secrets.API_KEY',
          'exact',
          undefined,
          'arn:aws:ssm:eu-west-1:222222222222:parameter/prod/api-key',
        ],
      ]);
    });

    it('compares only declared tags, the service tags overriding the manifest ones', () => {
      // Prepare
      const desired = desiredState((d) => {
        d.tags = { team: 'platform', 'cost-center': 'cc-42' };
        const [api] = docs(d.services);
        if (api) api.tags = { team: 'payments' };
      });
      const live = editService(liveStateFor(desired), 'api', (s) => ({
        ...s,
        tags: { team: 'platform', owner: 'someone', 'aws:cloudformation:stack-name': 'prod' },
      }));

      // Act
      const rows = table(serviceOf(desired, live, 'api')).filter(([path]) =>
        String(path).startsWith('services.api.tags'),
      );

      // Assess
      expect(rows).toEqual([
        ['services.api.tags.team', 'exact', 'payments', 'platform'],
        ['services.api.tags.cost-center', 'exact', 'cc-42', undefined],
      ]);
    });

    it.each([
      [
        { state: 'missing' },
        'arn:aws:ecs:eu-west-1:222222222222:task-definition/prod-api:1: task definition not found',
      ],
      [
        { state: 'unchecked', reason: 'DescribeTaskDefinition failed: Throttling' },
        'arn:aws:ecs:eu-west-1:222222222222:task-definition/prod-api:1: DescribeTaskDefinition failed: Throttling',
      ],
    ] as const)(
      'reports a task definition that is %j as a gap and still compares the service',
      (td, reason) => {
        // Prepare
        const desired = desiredState();
        const live = editService(liveStateFor(desired), 'api', (s) => ({
          ...s,
          taskDefinition: td,
        }));

        // Act
        const fields = serviceOf(desired, live, 'api');

        // Assess
        expect(fields.gaps).toEqual([{ path: ['services', 'api', 'taskDefinition'], reason }]);
        expect(table(fields).map(([path]) => path)).toEqual([
          'services.api.desiredCount',
          'services.api.deployment.minimumHealthyPercent',
          'services.api.deployment.maximumPercent',
          'services.api.deployment.circuitBreaker.enable',
          'services.api.deployment.circuitBreaker.rollback',
          'services.api.tags.team',
        ]);
      },
    );

    it('stops at the container check when the task definition has no container of the service', () => {
      // Prepare
      const desired = desiredState();
      const live = editContainer(liveStateFor(desired), 'api', (c) => ({ ...c, name: 'app' }));

      // Act
      const fields = serviceOf(desired, live, 'api');

      // Assess
      expect(table(fields).slice(-3)).toEqual([
        ['services.api.cpu', 'exact', 256, 256],
        ['services.api.memory', 'exact', 512, 512],
        ['services.api.container', 'exact', 'api', undefined],
      ]);
      expect(fields.gaps).toEqual([]);
    });

    it.each([
      ['declared but not live', 'api', 'declared', undefined],
      ['live but not declared', 'worker', undefined, 'declared'],
    ] as const)(
      'compares a container health check %s as one presence field',
      (_, name, declared, liveValue) => {
        // Prepare
        const desired = desiredState();
        const live = editContainer(liveStateFor(desired), name, (c) => {
          const { healthCheck: _dropped, ...rest } = c;
          return name === 'api'
            ? rest
            : {
                ...rest,
                healthCheck: {
                  command: ['CMD', 'true'],
                  intervalSeconds: 30,
                  timeoutSeconds: 5,
                  retries: 3,
                  startPeriodSeconds: 0,
                },
              };
        });

        // Act
        const rows = table(serviceOf(desired, live, name)).filter(([path]) =>
          String(path).includes('.healthCheck'),
        );

        // Assess
        expect(rows).toEqual([[`services.${name}.healthCheck`, 'exact', declared, liveValue]]);
      },
    );

    it('hands over the live values as observed, leaving the comparison to the comparators', () => {
      // Prepare
      const desired = desiredState();
      let live = editService(liveStateFor(desired), 'worker', (s) => ({ ...s, desiredCount: 5 }));
      live = editContainer(live, 'worker', (c) => ({
        ...c,
        image: 'nginx',
        containerPorts: [80, 80],
      }));

      // Act
      const rows = table(serviceOf(desired, live, 'worker'));

      // Assess
      expect(rows).toEqual(
        expect.arrayContaining([
          ['services.worker.desiredCount', 'exact', 2, 5],
          ['services.worker.image', 'imageRef', 'public.ecr.aws/plumbline/task-api:1.0.0', 'nginx'],
          ['services.worker.port', 'setEqual', [], [80, 80]],
        ]),
      );
    });
  });

  describe('databaseFields', () => {
    it('compares every database field, the engine version by prefix', () => {
      // Prepare
      const desired = desiredState();
      const live = liveStateFor(desired);

      // Act
      const fields = databaseFields(desired, database(desired), presentValue(live.database));

      // Assess
      expect(table(fields)).toEqual([
        ['database.engine', 'exact', 'postgres', 'postgres'],
        ['database.engineVersion', 'versionPrefix', '16', '16.4'],
        ['database.instanceClass', 'exact', 'db.t3.small', 'db.t3.small'],
        ['database.allocatedStorage', 'exact', 100, 100],
        ['database.storageType', 'exact', 'gp3', 'gp3'],
        ['database.multiAz', 'exact', true, true],
        ['database.backupRetentionDays', 'exact', 30, 30],
        ['database.deletionProtection', 'exact', true, true],
        ['database.storageEncrypted', 'exact', true, true],
        ['database.publiclyAccessible', 'exact', false, false],
        ['database.tags.team', 'exact', 'platform', 'platform'],
      ]);
      expect(fields.gaps).toEqual([]);
    });

    it('compares the database tags over the manifest tags, and only those', () => {
      // Prepare
      const desired = desiredState((d) => {
        doc(d.database).tags = { team: 'data', backup: 'daily' };
      });
      const live = editDatabase(liveStateFor(desired), (db) => ({
        ...db,
        tags: { team: 'data', owner: 'someone' },
      }));

      // Act
      const rows = table(
        databaseFields(desired, database(desired), presentValue(live.database)),
      ).slice(10);

      // Assess
      expect(rows).toEqual([
        ['database.tags.team', 'exact', 'data', 'data'],
        ['database.tags.backup', 'exact', 'daily', undefined],
      ]);
    });
  });

  describe('loadBalancerFields', () => {
    it('compares the scheme, a declared idle timeout and invalid-header dropping, on by default', () => {
      // Prepare
      const desired = desiredState();
      const live = liveStateFor(desired);

      // Act
      const fields = loadBalancerFields(loadBalancer(desired), presentValue(live.loadBalancer));

      // Assess
      expect(table(fields)).toEqual([
        ['loadBalancer.scheme', 'exact', 'internet-facing', 'internet-facing'],
        ['loadBalancer.idleTimeoutSeconds', 'exact', 60, 60],
        ['loadBalancer.dropInvalidHeaderFields', 'exact', true, true],
      ]);
      expect(fields.gaps).toEqual([]);
    });

    it('compares deletion protection and access logs where the manifest turns them on', () => {
      // Prepare
      const desired = desiredState((d) => {
        Object.assign(doc(d.loadBalancer), { deletionProtection: true, accessLogs: true });
      });
      const lbState = {
        ...presentValue(liveStateFor(desired).loadBalancer),
        deletionProtection: false,
        accessLogs: false,
      };

      // Act
      const fields = loadBalancerFields(loadBalancer(desired), lbState);

      // Assess
      expect(table(fields).slice(2)).toEqual([
        ['loadBalancer.dropInvalidHeaderFields', 'exact', true, true],
        ['loadBalancer.deletionProtection', 'exact', true, false],
        ['loadBalancer.accessLogs', 'exact', true, false],
      ]);
    });

    it('skips the idle timeout when undeclared, and every switch turned off, whatever is live', () => {
      // Prepare
      const desired = desiredState((d) => {
        delete doc(d.loadBalancer).idleTimeoutSeconds;
        doc(d.loadBalancer).dropInvalidHeaderFields = false;
      });
      const lbState = {
        ...presentValue(liveStateFor(desired).loadBalancer),
        idleTimeoutSeconds: 4000,
        dropInvalidHeaderFields: true,
        deletionProtection: true,
        accessLogs: true,
      };

      // Act
      const fields = loadBalancerFields(loadBalancer(desired), lbState);

      // Assess
      expect(table(fields)).toEqual([
        ['loadBalancer.scheme', 'exact', 'internet-facing', 'internet-facing'],
      ]);
    });

    it.each([
      ['the idle timeout is declared', { dropInvalidHeaderFields: false }, true],
      ['invalid-header dropping is on', { idleTimeoutSeconds: undefined }, true],
      [
        'deletion protection is on',
        { idleTimeoutSeconds: undefined, dropInvalidHeaderFields: false, deletionProtection: true },
        true,
      ],
      [
        'access logs are on',
        { idleTimeoutSeconds: undefined, dropInvalidHeaderFields: false, accessLogs: true },
        true,
      ],
      [
        'nothing compared needs them',
        { idleTimeoutSeconds: undefined, dropInvalidHeaderFields: false },
        false,
      ],
    ])('reads the attributes when %s', (_, settings, expected) => {
      // Prepare
      const desired = desiredState((d) => {
        const lb = doc(d.loadBalancer);
        for (const [key, value] of Object.entries(settings)) {
          if (value === undefined) delete lb[key];
          else lb[key] = value;
        }
      });

      // Act
      const compared = loadBalancerAttributesCompared(loadBalancer(desired));

      // Assess
      expect(compared).toBe(expected);
    });
  });

  describe('targetGroupFields', () => {
    it('compares every health-check field, the port normalized and the matcher as a set', () => {
      // Prepare
      const desired = desiredState();
      const live = liveStateFor(desired);
      const [group] = loadBalancer(desired).targetGroups;
      if (!group) throw new Error('fixture: no target group');

      // Act
      const fields = targetGroupFields(group, presentValue(live.targetGroups.api));

      // Assess
      expect(table(fields)).toEqual([
        ['loadBalancer.targetGroups.api.healthCheck.path', 'exact', '/health', '/health'],
        ['loadBalancer.targetGroups.api.healthCheck.port', 'exact', 'traffic-port', 'traffic-port'],
        ['loadBalancer.targetGroups.api.healthCheck.intervalSeconds', 'exact', 15, 15],
        ['loadBalancer.targetGroups.api.healthCheck.timeoutSeconds', 'exact', 5, 5],
        ['loadBalancer.targetGroups.api.healthCheck.healthyThreshold', 'exact', 2, 2],
        ['loadBalancer.targetGroups.api.healthCheck.unhealthyThreshold', 'exact', 3, 3],
        ['loadBalancer.targetGroups.api.healthCheck.matcher', 'setEqual', ['200'], ['200']],
      ]);
      expect(fields.gaps).toEqual([]);
    });

    it('normalizes the port and the matcher of both sides before comparing', () => {
      // Prepare
      const desired = desiredState((d) => {
        const [group] = docs(doc(d.loadBalancer).targetGroups);
        if (group) group.healthCheck = { path: '/health', port: 8080, matcher: '302,200' };
      });
      const live = editTargetGroup(liveStateFor(desired), 'api', (t) => ({
        ...t,
        // The API reports the port as a string.
        healthCheck: { ...t.healthCheck, port: '8080' as unknown as number, matcher: '200, 302' },
      }));
      const [group] = loadBalancer(desired).targetGroups;
      if (!group) throw new Error('fixture: no target group');

      // Act
      const rows = table(targetGroupFields(group, presentValue(live.targetGroups.api)));

      // Assess
      expect(rows).toEqual(
        expect.arrayContaining([
          ['loadBalancer.targetGroups.api.healthCheck.port', 'exact', 8080, 8080],
          [
            'loadBalancer.targetGroups.api.healthCheck.matcher',
            'setEqual',
            ['200', '302'],
            ['200', '302'],
          ],
        ]),
      );
    });
  });

  describe('listenerFields', () => {
    it('compares protocol, an undeclared certificate as an empty set, and the physical forward target', () => {
      // Prepare
      const desired = desiredState();
      const live = liveStateFor(desired);
      const [listener] = loadBalancer(desired).listeners;
      if (!listener) throw new Error('fixture: no listener');

      // Act
      const fields = listenerFields(desired, listener, presentValue(live.listeners['80']));

      // Assess
      expect(table(fields)).toEqual([
        ['loadBalancer.listeners.80.protocol', 'exact', 'HTTP', 'HTTP'],
        ['loadBalancer.listeners.80.certificateArn', 'setEqual', [], []],
        ['loadBalancer.listeners.80.forward', 'setEqual', ['prod-api'], ['prod-api']],
      ]);
      expect(fields.gaps).toEqual([]);
    });

    it('compares a declared certificate and forwards to a target group by its own physical name', () => {
      // Prepare
      const desired = desiredState((d) => {
        const lb = doc(d.loadBalancer);
        lb.listeners = [{ port: 443, protocol: 'HTTPS', certificateArn: CERT, forward: 'api' }];
        const [group] = docs(lb.targetGroups);
        if (group) group.targetGroupName = 'api-blue';
      });
      const base = presentValue(liveStateFor(desired).listeners['443']);
      const liveListener = { ...base, certificateArns: [CERT, 'arn:aws:acm:extra'] };
      const [listener] = loadBalancer(desired).listeners;
      if (!listener) throw new Error('fixture: no listener');

      // Act
      const fields = listenerFields(desired, listener, liveListener);

      // Assess
      expect(table(fields)).toEqual([
        ['loadBalancer.listeners.443.protocol', 'exact', 'HTTPS', 'HTTPS'],
        [
          'loadBalancer.listeners.443.certificateArn',
          'setEqual',
          [CERT],
          [CERT, 'arn:aws:acm:extra'],
        ],
        [
          'loadBalancer.listeners.443.sslPolicy',
          'exact',
          'ELBSecurityPolicy-TLS13-1-2-2021-06',
          'ELBSecurityPolicy-TLS13-1-2-2021-06',
        ],
        ['loadBalancer.listeners.443.forward', 'setEqual', ['api-blue'], ['api-blue']],
      ]);
    });

    it('compares the declared security policy of an HTTPS listener with the live one', () => {
      // Prepare
      const desired = desiredState((d) => {
        doc(d.loadBalancer).listeners = [
          {
            port: 443,
            protocol: 'HTTPS',
            certificateArn: CERT,
            sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
            forward: 'api',
          },
        ];
      });
      const liveListener = {
        ...presentValue(liveStateFor(desired).listeners['443']),
        sslPolicy: 'ELBSecurityPolicy-2016-08',
      };
      const [listener] = loadBalancer(desired).listeners;
      if (!listener) throw new Error('fixture: no listener');

      // Act
      const rows = table(listenerFields(desired, listener, liveListener));

      // Assess
      expect(rows[2]).toEqual([
        'loadBalancer.listeners.443.sslPolicy',
        'exact',
        'ELBSecurityPolicy-TLS13-1-3-2021-06',
        'ELBSecurityPolicy-2016-08',
      ]);
    });

    it('compares a redirecting listener by its whole target, not by where it forwards', () => {
      // Prepare
      const desired = desiredState((d) => {
        doc(d.loadBalancer).listeners = [
          { port: 80, protocol: 'HTTP', redirect: { protocol: 'HTTPS', port: 443 } },
          { port: 443, protocol: 'HTTPS', certificateArn: CERT, forward: 'api' },
        ];
      });
      const base = presentValue(liveStateFor(desired).listeners['80']);
      const { redirect: _, ...forwarding } = { ...base, forwardTargetGroups: ['prod-api'] };
      const [listener] = loadBalancer(desired).listeners;
      if (!listener) throw new Error('fixture: no listener');

      // Act
      const inSync = table(listenerFields(desired, listener, base));
      const served = table(listenerFields(desired, listener, forwarding));

      // Assess
      const target = {
        protocol: 'HTTPS',
        port: 443,
        host: '#{host}',
        path: '/#{path}',
        query: '#{query}',
        statusCode: 'HTTP_301',
      };
      expect(inSync).toEqual([
        ['loadBalancer.listeners.80.protocol', 'exact', 'HTTP', 'HTTP'],
        ['loadBalancer.listeners.80.certificateArn', 'setEqual', [], []],
        ['loadBalancer.listeners.80.redirect', 'exact', target, target],
      ]);
      expect(served[2]).toEqual(['loadBalancer.listeners.80.redirect', 'exact', target, undefined]);
    });

    it('falls back to the declared forward name when no declared target group carries it', () => {
      // Prepare
      const desired = desiredState();
      const lb = loadBalancer(desired);
      const [listener] = lb.listeners;
      if (!listener) throw new Error('fixture: no listener');
      const orphaned: DesiredState = { ...desired, loadBalancer: { ...lb, targetGroups: [] } };

      // Act
      const fields = listenerFields(
        orphaned,
        listener,
        presentValue(liveStateFor(desired).listeners['80']),
      );

      // Assess
      expect(table(fields)[2]).toEqual([
        'loadBalancer.listeners.80.forward',
        'setEqual',
        ['api'],
        ['prod-api'],
      ]);
    });
  });

  it('does not modify its inputs', () => {
    // Prepare
    const desired = desiredState();
    const live = liveStateFor(desired);
    const before = JSON.stringify([desired, live]);
    const lb = loadBalancer(desired);

    // Act
    serviceOf(desired, live, 'api');
    databaseFields(desired, database(desired), presentValue(live.database));
    loadBalancerFields(lb, presentValue(live.loadBalancer));
    for (const t of lb.targetGroups) targetGroupFields(t, presentValue(live.targetGroups[t.name]));
    for (const l of lb.listeners)
      listenerFields(desired, l, presentValue(live.listeners[String(l.port)]));

    // Assess
    expect(JSON.stringify([desired, live])).toBe(before);
  });
});
