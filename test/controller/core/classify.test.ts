import {
  type ClassifyInput,
  compileClassifier,
  defaultPriority,
} from '../../../controller/core/classify.js';
import type { Priority } from '../../../controller/model/drift.js';
import type { ResourceKind } from '../../../controller/model/resource-key.js';
import { desiredState } from '../../fixtures/desired-state.js';

/** A field update at a dotted path, as the diff hands it to classification. */
function update(
  path: string,
  declared: unknown,
  live: unknown,
  kind: ResourceKind = 'ecs-service',
): ClassifyInput {
  return { kind, action: 'update', path: path.split('.'), declared, live };
}

/** The classifier of a manifest whose `drift.severity` is `severity`, parsed like any manifest. */
function classifierFor(severity: Record<string, Priority>) {
  return compileClassifier(
    desiredState((d) => {
      d.drift = { severity };
    }).drift.severity,
  );
}

describe('classify', () => {
  describe('defaultPriority', () => {
    it('gives a missing database P0', () => {
      // Prepare
      const input: ClassifyInput = {
        kind: 'rds-instance',
        action: 'create',
        path: ['database'],
        declared: 'present',
        live: 'missing',
      };

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe('P0');
    });

    it.each([
      ['ecs-service', ['services', 'api'], 'P0'],
      ['rds-instance', ['database'], 'P0'],
      ['load-balancer', ['loadBalancer'], 'P0'],
      ['listener', ['loadBalancer', 'listeners', '443'], 'P0'],
      ['target-group', ['loadBalancer', 'targetGroups', 'api'], 'P1'],
    ] as const)('gives a missing %s at %j %s', (kind, path, expected) => {
      // Prepare
      const input: ClassifyInput = {
        kind,
        action: 'create',
        path,
        declared: 'present',
        live: 'missing',
      };

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe(expected);
    });

    it.each([
      ['target-group', ['loadBalancer', 'targetGroups', 'prod-old']],
      ['listener', ['loadBalancer', 'listeners', '8081']],
    ] as const)('gives an undeclared %s P2', (kind, path) => {
      // Prepare
      const input: ClassifyInput = {
        kind,
        action: 'delete',
        path,
        declared: 'absent',
        live: 'present',
      };

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe('P2');
    });

    it('gives a service nobody declares P3: watch, not page', () => {
      // Prepare
      const input: ClassifyInput = {
        kind: 'ecs-service',
        action: 'delete',
        path: ['services', 'prod-legacy'],
        declared: 'absent',
        live: 'present',
      };

      // Act / Assess
      expect(defaultPriority(input)).toBe('P3');
    });

    it('decides creations and deletions by the action, not by the field rules of the path', () => {
      // Prepare: values that would make this field a P0 update
      const base = update('database.publiclyAccessible', false, true, 'rds-instance');

      // Act
      const asCreate = defaultPriority({ ...base, action: 'create' });
      const asDelete = defaultPriority({ ...base, action: 'delete' });
      const asUpdate = defaultPriority(base);

      // Assess
      expect([asCreate, asDelete, asUpdate]).toEqual(['P0', 'P2', 'P0']);
    });

    it.each([
      // Safety settings: urgent only in the weakening direction.
      ['database.publiclyAccessible', false, true, 'P0'],
      ['database.publiclyAccessible', true, false, 'P3'],
      ['database.storageEncrypted', true, false, 'P0'],
      ['database.storageEncrypted', true, undefined, 'P0'],
      ['database.storageEncrypted', false, true, 'P3'],
      ['database.multiAz', true, false, 'P1'],
      ['database.multiAz', true, undefined, 'P1'],
      ['database.multiAz', false, true, 'P3'],
      ['database.deletionProtection', true, false, 'P1'],
      ['database.deletionProtection', false, true, 'P3'],
      ['database.backupRetentionDays', 30, 7, 'P1'],
      ['database.backupRetentionDays', 30, 0, 'P1'],
      ['database.backupRetentionDays', 7, 30, 'P3'],
      ['database.backupRetentionDays', 30, undefined, 'P3'],
      // Sizing.
      ['database.instanceClass', 'db.t3.small', 'db.t3.micro', 'P2'],
      ['database.allocatedStorage', 100, 200, 'P2'],
      ['database.storageType', 'gp3', 'gp2', 'P2'],
      // No rule: configuration drift.
      ['database.engine', 'postgres', 'mysql', 'P3'],
      ['database.engineVersion', '16', '17.1', 'P3'],
      ['database.tags.team', 'platform', 'other', 'P3'],
    ] as const)('gives %s drift from %p to %p %s', (path, declared, live, expected) => {
      // Prepare
      const input = update(path, declared, live, 'rds-instance');

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe(expected);
    });

    it.each([
      ['services.api.image', 'P1'],
      ['services.worker.command', 'P1'],
      ['services.api.container', 'P1'],
      ['services.api.environment.LOG_LEVEL', 'P1'],
      ['services.api.secrets.DATABASE_PASSWORD', 'P1'],
      ['services.api.desiredCount', 'P2'],
      ['services.api.cpu', 'P2'],
      ['services.api.memory', 'P2'],
      ['services.api.healthCheck', 'P2'],
      ['services.api.healthCheck.retries', 'P2'],
      ['services.api.deployment.maximumPercent', 'P2'],
      ['services.api.deployment.circuitBreaker.rollback', 'P2'],
      ['services.api.port', 'P3'],
      ['services.api.tags.team', 'P3'],
    ] as const)('gives an ECS service drift at %s %s', (path, expected) => {
      // Prepare
      const input = update(path, 'declared', 'live', 'ecs-service');

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe(expected);
    });

    it.each([
      ['loadBalancer.scheme', 'load-balancer', 'P1'],
      ['loadBalancer.idleTimeoutSeconds', 'load-balancer', 'P2'],
      ['loadBalancer.targetGroups.api.healthCheck.path', 'target-group', 'P1'],
      ['loadBalancer.targetGroups.api.healthCheck.port', 'target-group', 'P1'],
      ['loadBalancer.targetGroups.api.healthCheck.intervalSeconds', 'target-group', 'P2'],
      ['loadBalancer.targetGroups.api.healthCheck.matcher', 'target-group', 'P2'],
      ['loadBalancer.listeners.443.forward', 'listener', 'P1'],
      ['loadBalancer.listeners.443.protocol', 'listener', 'P1'],
      ['loadBalancer.listeners.443.certificateArn', 'listener', 'P1'],
    ] as const)('gives a load balancer drift at %s (%s) %s', (path, kind, expected) => {
      // Prepare
      const input = update(path, 'declared', 'live', kind);

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe(expected);
    });

    it.each([
      ['loadBalancer.dropInvalidHeaderFields', true, false, 'P2'],
      ['loadBalancer.deletionProtection', true, false, 'P2'],
      ['loadBalancer.accessLogs', true, undefined, 'P2'],
      ['loadBalancer.accessLogs', false, true, 'P3'],
      ['services.api.readonlyRootFilesystem', true, false, 'P2'],
      ['services.api.readonlyRootFilesystem', false, true, 'P3'],
    ] as const)('gives %s declared %s and live %s %s', (path, declared, live, expected) => {
      // Prepare
      const kind = path.startsWith('services') ? 'ecs-service' : 'load-balancer';
      const input = update(path, declared, live, kind);

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe(expected);
    });

    it.each([
      ['a policy that still accepts TLS 1.0', 'ELBSecurityPolicy-2016-08', 'P1'],
      ['a TLS 1.1 policy', 'ELBSecurityPolicy-TLS13-1-1-2021-06', 'P1'],
      ['a policy it does not know', 'ELBSecurityPolicy-Custom-2030-01', 'P1'],
      ['no policy', undefined, 'P1'],
      ['other ciphers at TLS 1.2', 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', 'P2'],
      ['a TLS 1.3-only policy', 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'P3'],
    ] as const)('gives a TLS 1.2 listener running %s (%s) %s', (_, live, expected) => {
      // Prepare
      const input = update(
        'loadBalancer.listeners.443.sslPolicy',
        'ELBSecurityPolicy-TLS13-1-2-2021-06',
        live,
        'listener',
      );

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe(expected);
    });

    it.each([
      ['forwards instead (plain HTTP is served)', undefined, 'P1'],
      ['redirects to another host', { host: 'example.com' }, 'P1'],
      ['redirects to HTTP', { protocol: 'HTTP', port: 80 }, 'P1'],
      ['redirects temporarily instead of permanently', { statusCode: 'HTTP_302' }, 'P3'],
    ] as const)('gives a listener declared to redirect that %s %s', (_, change, expected) => {
      // Prepare
      const target = {
        protocol: 'HTTPS',
        port: 443,
        host: '#{host}',
        path: '/#{path}',
        query: '#{query}',
        statusCode: 'HTTP_301',
      };
      const live = change === undefined ? undefined : { ...target, ...change };
      const input = update('loadBalancer.listeners.80.redirect', target, live, 'listener');

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe(expected);
    });

    it('matches a rule only at its own depth, never a shorter path above it', () => {
      // Prepare: `services.*.image` must not match the service declaration itself
      const input = update('services.api', 'declared', 'live');

      // Act
      const priority = defaultPriority(input);

      // Assess
      expect(priority).toBe('P3');
    });
  });

  describe('compileClassifier', () => {
    it('falls back to the default priorities without overrides', () => {
      // Prepare
      const classify = classifierFor({});
      const inputs = [
        update('database.publiclyAccessible', false, true, 'rds-instance'),
        update('database.multiAz', true, false, 'rds-instance'),
        update('services.api.cpu', 256, 512),
        update('services.api.tags.team', 'platform', 'other'),
      ];

      // Act
      const priorities = inputs.map(classify);

      // Assess
      expect(priorities).toEqual(['P0', 'P1', 'P2', 'P3']);
    });

    it('lets an override downgrade even a P0 default', () => {
      // Prepare
      const classify = classifierFor({ 'database.publiclyAccessible': 'P3' });

      // Act
      const priority = classify(update('database.publiclyAccessible', false, true, 'rds-instance'));

      // Assess
      expect(priority).toBe('P3');
    });

    it('applies an override to every path below it and to nothing beside it', () => {
      // Prepare
      const classify = classifierFor({ 'services.api': 'P0' });

      // Act
      const below = classify(update('services.api.deployment.maximumPercent', 200, 100));
      const beside = classify(update('services.worker.deployment.maximumPercent', 200, 100));
      const prefixOnly = classify(update('services.apiv2.cpu', 256, 512));

      // Assess
      expect([below, beside, prefixOnly]).toEqual(['P0', 'P2', 'P2']);
    });

    it('applies an override to a missing resource at its declaration path', () => {
      // Prepare
      const classify = classifierFor({ 'services.worker': 'P2' });

      // Act
      const priority = classify({
        kind: 'ecs-service',
        action: 'create',
        path: ['services', 'worker'],
        declared: 'present',
        live: 'missing',
      });

      // Assess
      expect(priority).toBe('P2');
    });

    it('does not apply a field override to the resource that holds the field', () => {
      // Prepare
      const classify = classifierFor({ 'services.*.image': 'P3' });

      // Act
      const priority = classify({
        kind: 'ecs-service',
        action: 'create',
        path: ['services', 'worker'],
        declared: 'present',
        live: 'missing',
      });

      // Assess
      expect(priority).toBe('P0');
    });

    it.each([
      [{ 'services.*': 'P3', 'services.api.image': 'P0' }],
      [{ 'services.api.image': 'P0', 'services.*': 'P3' }],
    ] as const)('lets the longer pattern win whatever the declaration order: %j', (severity) => {
      // Prepare
      const classify = classifierFor(severity);

      // Act
      const image = classify(update('services.api.image', 'a:1', 'a:2'));
      const cpu = classify(update('services.api.cpu', 256, 512));

      // Assess
      expect([image, cpu]).toEqual(['P0', 'P3']);
    });

    it.each([
      [{ 'services.*.image': 'P3', 'services.api.image': 'P0' }],
      [{ 'services.api.image': 'P0', 'services.*.image': 'P3' }],
    ] as const)('lets a literal segment outweigh a wildcard of the same length: %j', (severity) => {
      // Prepare
      const classify = classifierFor(severity);

      // Act
      const api = classify(update('services.api.image', 'a:1', 'a:2'));
      const worker = classify(update('services.worker.image', 'a:1', 'a:2'));

      // Assess
      expect([api, worker]).toEqual(['P0', 'P3']);
    });

    it.each([
      [{ 'loadBalancer.targetGroups.*.healthCheck': 'P0', loadBalancer: 'P3' }],
      [{ loadBalancer: 'P3', 'loadBalancer.targetGroups.*.healthCheck': 'P0' }],
    ] as const)('lets a longer wildcard pattern beat a shorter literal one: %j', (severity) => {
      // Prepare
      const classify = classifierFor(severity);

      // Act
      const healthCheck = classify(
        update(
          'loadBalancer.targetGroups.api.healthCheck.matcher',
          ['200'],
          ['302'],
          'target-group',
        ),
      );
      const scheme = classify(
        update('loadBalancer.scheme', 'internal', 'internet-facing', 'load-balancer'),
      );

      // Assess
      expect([healthCheck, scheme]).toEqual(['P0', 'P3']);
    });

    it('keeps the default for a path no override matches', () => {
      // Prepare
      const classify = classifierFor({ 'services.*': 'P3' });

      // Act
      const priority = classify(update('database.storageEncrypted', true, false, 'rds-instance'));

      // Assess
      expect(priority).toBe('P0');
    });

    it('lets a single wildcard override every path, creations included', () => {
      // Prepare
      const classify = classifierFor({ '*': 'P3' });

      // Act
      const missing = classify({
        kind: 'rds-instance',
        action: 'create',
        path: ['database'],
        declared: 'present',
        live: 'missing',
      });
      const encrypted = classify(update('database.storageEncrypted', true, false, 'rds-instance'));

      // Assess
      expect([missing, encrypted]).toEqual(['P3', 'P3']);
    });
  });
});
