import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatManifestIssue } from '../../../controller/model/errors.js';
import type { DesiredState } from '../../../controller/model/manifest.js';
import { manifestIssueAt, parseManifest } from '../../../controller/model/parse-manifest.js';
import { SSL_POLICIES } from '../../../controller/model/vocabulary.js';
import { BASE, BASE_FILE, edit } from '../../fixtures/manifests/base.js';

const DESIRED_STATE = path.join(__dirname, '../../../desired-state');

function parseShipped(env: string): DesiredState {
  const file = path.join(DESIRED_STATE, 'environments', `${env}.yaml`);
  const result = parseManifest(readFileSync(file, 'utf8'), file, { expectedEnvironment: env });
  if (!result.ok) throw new Error(result.errors.map(formatManifestIssue).join('\n'));
  return result.value;
}

function messages(text: string): string[] {
  const result = parseManifest(text, BASE_FILE, { expectedEnvironment: 'dev' });
  return result.ok ? [] : result.errors.map(formatManifestIssue);
}

const at = (line: number, column: number, rest: string) =>
  `${BASE_FILE}:${line}:${column}: ${rest}`;
const WORKER_COUNT = '    cpu: 256\n    memory: 512\n    desiredCount: 1';
const API_CPU = '    cpu: 256\n    memory: 512\n    port';
const SERVICES = BASE.slice(BASE.indexOf('services:'), BASE.indexOf('database:'));
const HTTPS_REDIRECT = '      redirect:\n        protocol: HTTPS\n        port: 443';
const HTTPS_LISTENER =
  '    - port: 443\n      protocol: HTTPS\n      certificateArn: arn:aws:acm:eu-west-1:000000000000:certificate/abc';

describe('parseManifest', () => {
  describe('shipped manifests', () => {
    it('reads dev as a small single-AZ environment', () => {
      // Prepare
      const env = 'dev';

      // Act
      const dev = parseShipped(env);

      // Assess
      expect(dev.environment).toEqual({
        name: 'dev',
        account: '000000000000',
        region: 'eu-west-1',
      });
      expect(dev.network.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b']);
      expect(dev.services.map((s) => [s.name, s.desiredCount, s.port])).toEqual([
        ['api', 1, 8080],
        ['worker', 1, undefined],
      ]);
      expect(dev.services[0]?.autoscaling).toEqual({
        min: 1,
        max: 2,
        cpuTarget: 70,
        memoryTarget: 80,
      });
      expect(dev.database).toMatchObject({
        instanceClass: 'db.t3.micro',
        allocatedStorage: 20,
        storageType: 'gp3',
        multiAz: false,
        backupRetentionDays: 1,
        deletionProtection: false,
        storageEncrypted: true,
      });
      expect(dev.loadBalancer?.listeners).toEqual([{ port: 80, protocol: 'HTTP', forward: 'api' }]);
      expect(dev.loadBalancer?.targetGroups[0]).toMatchObject({
        service: 'api',
        healthCheck: { path: '/health' },
      });
      expect(dev.drift.ignore).toEqual(['services.worker.desiredCount']);
      expect(dev.rollout.after).toBeUndefined();
    });

    it('reads the deployer role of their own account for staging and prod, none for dev', () => {
      // Act
      const [dev, staging, prod] = ['dev', 'staging', 'prod'].map(parseShipped);

      // Assess
      expect(dev?.environment.roleArn).toBeUndefined();
      expect(staging?.environment.roleArn).toBe(
        'arn:aws:iam::111111111111:role/plumbline-deployer',
      );
      expect(prod?.environment.roleArn).toBe('arn:aws:iam::222222222222:role/plumbline-deployer');
    });

    it('reads staging as one task, db.t3.micro, 7-day backups, HTTP redirected to HTTPS, after dev', () => {
      // Prepare
      const env = 'staging';

      // Act
      const staging = parseShipped(env);

      // Assess
      expect(staging.environment.account).toBe('111111111111');
      expect(staging.services[0]).toMatchObject({
        desiredCount: 1,
        autoscaling: { min: 1, max: 3 },
      });
      expect(staging.database).toMatchObject({
        instanceClass: 'db.t3.micro',
        multiAz: false,
        backupRetentionDays: 7,
      });
      expect(staging.loadBalancer).toMatchObject({
        dropInvalidHeaderFields: true,
        deletionProtection: false,
        accessLogs: false,
      });
      expect(staging.loadBalancer?.listeners.find((l) => l.port === 80)).toEqual({
        port: 80,
        protocol: 'HTTP',
        redirect: { protocol: 'HTTPS', port: 443, statusCode: 'HTTP_301' },
      });
      expect(staging.rollout).toEqual({
        after: 'dev',
        requireApproval: false,
        approvers: [],
        freeze: [],
        allowReplace: [],
        stateful: [],
      });
    });

    it('reads prod as Multi-AZ, protected, logged, HTTP redirected to HTTPS, approved after staging', () => {
      // Prepare
      const env = 'prod';

      // Act
      const prod = parseShipped(env);

      // Assess
      expect(prod.environment.account).toBe('222222222222');
      expect(prod.network.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
      const [api, worker] = prod.services;
      expect(api).toMatchObject({
        cpu: 256,
        memory: 512,
        desiredCount: 3,
        autoscaling: { min: 3, max: 10, cpuTarget: 70, memoryTarget: 80 },
        secrets: {
          DATABASE_PASSWORD: expect.stringMatching(
            /^arn:aws:secretsmanager:eu-west-1:222222222222:secret:/,
          ),
        },
      });
      expect(worker).toMatchObject({
        name: 'worker',
        command: ['node', 'dist/main.js', 'worker'],
        desiredCount: 2,
      });
      expect(worker?.port).toBeUndefined();
      expect(prod.database).toMatchObject({
        instanceClass: 'db.t3.small',
        allocatedStorage: 100,
        storageType: 'gp3',
        multiAz: true,
        backupRetentionDays: 30,
        deletionProtection: true,
        storageEncrypted: true,
      });
      expect(prod.loadBalancer).toMatchObject({
        idleTimeoutSeconds: 60,
        dropInvalidHeaderFields: true,
        deletionProtection: true,
        accessLogs: true,
      });
      expect(
        prod.loadBalancer?.listeners.map((l) => [
          l.port,
          l.protocol,
          l.certificateArn !== undefined,
          l.sslPolicy,
          l.forward ?? l.redirect,
        ]),
      ).toEqual([
        [443, 'HTTPS', true, 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'api'],
        [80, 'HTTP', false, undefined, { protocol: 'HTTPS', port: 443, statusCode: 'HTTP_301' }],
      ]);
      expect(prod.services.map((s) => s.readonlyRootFilesystem)).toEqual([true, true]);
      expect(prod.drift.severity).toEqual({
        'services.worker.desiredCount': 'P1',
        'loadBalancer.idleTimeoutSeconds': 'P3',
      });
      expect(prod.rollout).toMatchObject({ after: 'staging', requireApproval: true });
    });

    it.each(['dev', 'staging', 'prod'])(
      'points %s at the generated JSON Schema on its first line',
      (env) => {
        // Prepare
        const file = path.join(DESIRED_STATE, 'environments', `${env}.yaml`);

        // Act
        const firstLine = readFileSync(file, 'utf8').split('\n')[0];

        // Assess
        expect(firstLine).toBe('# yaml-language-server: $schema=../schema/environment.schema.json');
      },
    );

    it.each(['minimal-single-service', 'worker-only', 'internal-api'])(
      'accepts the %s example',
      (name) => {
        // Prepare
        const file = path.join(DESIRED_STATE, 'examples', `${name}.yaml`);

        // Act
        const result = parseManifest(readFileSync(file, 'utf8'), file);

        // Assess
        expect(result.ok ? [] : result.errors.map(formatManifestIssue)).toEqual([]);
      },
    );
  });

  it('applies the defaults a manifest leaves out', () => {
    // Prepare
    const text = BASE;

    // Act
    const result = parseManifest(text, BASE_FILE);

    // Assess
    if (!result.ok) throw new Error('BASE must be valid');
    expect(result.value.services[0]?.deployment).toEqual({
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
    });
    expect(result.value.database).toMatchObject({
      storageType: 'gp3',
      deletionProtection: false,
      storageEncrypted: true,
    });
    expect(result.value.drift).toEqual({
      ignore: [],
      severity: {},
      selfHeal: false,
      unmanagedServices: 'auto',
      alertRepeatMinutes: 240,
      healApplyImmediately: true,
    });
  });

  it('applies the load balancer, listener and container security defaults', () => {
    // Prepare
    const text = BASE;

    // Act
    const result = parseManifest(text, BASE_FILE);

    // Assess
    if (!result.ok) throw new Error('BASE must be valid');
    expect(result.value.services.map((s) => s.readonlyRootFilesystem)).toEqual([false, false]);
    expect(result.value.loadBalancer).toMatchObject({
      dropInvalidHeaderFields: true,
      deletionProtection: false,
      accessLogs: false,
    });
    expect(result.value.loadBalancer?.listeners).toEqual([
      { port: 80, protocol: 'HTTP', forward: 'api' },
    ]);
  });

  it('defaults a redirect to a permanent one', () => {
    // Prepare
    const text = edit(
      '      forward: api',
      `${HTTPS_REDIRECT}\n${HTTPS_LISTENER}\n      forward: api`,
    );

    // Act
    const result = parseManifest(text, BASE_FILE);

    // Assess
    if (!result.ok) throw new Error(result.errors.map(formatManifestIssue).join('\n'));
    expect(result.value.loadBalancer?.listeners[0]?.redirect).toEqual({
      protocol: 'HTTPS',
      port: 443,
      statusCode: 'HTTP_301',
    });
  });

  // Each case breaks BASE (test/fixtures/manifests/base.ts) in one place and lists every message.
  const malformed: [string, string, string[]][] = [
    [
      'an unclosed flow sequence',
      edit('[eu-west-1a, eu-west-1b]', '[eu-west-1a, eu-west-1b'),
      [
        at(
          9,
          1,
          'flow sequence in block collection must be sufficiently indented and end with a ]',
        ),
      ],
    ],
    [
      'an unclosed quote',
      edit('"000000000000"', '"000000000000'),
      [at(4, 25, 'missing closing "quote')],
    ],
    [
      'tab indentation',
      edit('  account:', '\taccount:'),
      [
        at(4, 1, 'tabs are not allowed as indentation'),
        at(5, 1, 'all mapping items must start at the same column'),
      ],
    ],
    [
      'a duplicate key',
      edit(API_CPU, '    cpu: 256\n    memory: 512\n    cpu: 512\n    port'),
      [at(14, 5, 'duplicate key "cpu"')],
    ],
    [
      'a second YAML document',
      `${BASE}---\nversion: 1\n`,
      [at(44, 1, 'a manifest holds one YAML document; a second one starts here')],
    ],
    ['an empty file', '# nothing declared yet\n', [at(1, 1, 'the manifest is empty')]],
    ['a list instead of a mapping', '- version: 1\n', [at(1, 1, 'expected mapping, got list')]],
    [
      'an alias without its anchor',
      edit('  name: dev', '  name: *env'),
      [at(3, 9, 'unresolved alias (the anchor must be set before the alias): env')],
    ],
    [
      'an unknown top-level key',
      `${BASE}owner: platform\n`,
      [at(44, 1, 'owner: unknown key "owner"')],
    ],
    [
      'a misspelt top-level key',
      edit('network:', 'netwrk:'),
      [
        at(1, 1, 'network: is required'),
        at(6, 1, 'netwrk: unknown key "netwrk"; did you mean "network"?'),
      ],
    ],
    [
      'a misspelt nested key',
      edit(WORKER_COUNT, WORKER_COUNT.replace('desiredCount', 'desiredCont')),
      [
        at(21, 5, 'services.worker.desiredCount: is required'),
        at(
          26,
          5,
          'services.worker.desiredCont: unknown key "desiredCont"; did you mean "desiredCount"?',
        ),
      ],
    ],
    [
      'two unknown keys in one mapping',
      edit('  multiAz: false', '  multiAZ: false\n  iops: 3000'),
      [
        at(28, 3, 'database.multiAz: is required'),
        at(32, 3, 'database.multiAZ: unknown key "multiAZ"; did you mean "multiAz"?'),
        at(33, 3, 'database.iops: unknown key "iops"'),
      ],
    ],
    [
      'an unknown listener key',
      edit('      protocol: HTTP', '      protocol: HTTP\n      alpn: h2'),
      [at(38, 7, 'loadBalancer.listeners.80.alpn: unknown key "alpn"')],
    ],
    [
      'a string for a number',
      edit(API_CPU, API_CPU.replace('256', '"256"')),
      [at(12, 10, 'services.api.cpu: expected number, got string')],
    ],
    [
      'a fraction for an integer',
      edit(API_CPU, API_CPU.replace('256', '256.5')),
      [at(12, 10, 'services.api.cpu: expected integer, got 256.5')],
    ],
    [
      'a scalar for a mapping',
      edit(
        BASE.slice(BASE.indexOf('environment:'), BASE.indexOf('network:')),
        'environment: dev\n',
      ),
      [at(2, 14, 'environment: expected mapping, got string')],
    ],
    [
      'an empty mapping value',
      edit(BASE.slice(BASE.indexOf('environment:'), BASE.indexOf('network:')), 'environment:\n'),
      [at(2, 1, 'environment: expected mapping, got null')],
    ],
    [
      'an unquoted number for a string',
      `${BASE.replace('  - name: worker\n', '  - name: worker\n    environment:\n      PORT: 8080\n')}`,
      [
        at(
          23,
          13,
          'services.worker.environment.PORT: expected string, got number; quote the value',
        ),
      ],
    ],
    [
      'an invalid Fargate cpu',
      edit(API_CPU, API_CPU.replace('256', '300')),
      [
        at(
          12,
          10,
          'services.api.cpu: invalid Fargate cpu 300; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384',
        ),
      ],
    ],
    [
      'a memory size the cpu does not allow',
      edit(API_CPU, API_CPU.replace('512', '4096')),
      [
        at(
          13,
          13,
          'services.api.memory: invalid Fargate memory 4096 for cpu 256; allowed: 512, 1024, 2048',
        ),
      ],
    ],
    [
      'autoscaling min above max',
      edit('      min: 1', '      min: 3'),
      [at(17, 12, 'services.api.autoscaling.min: min 3 is greater than max 2')],
    ],
    [
      'desiredCount outside the scaling range',
      edit('    desiredCount: 1\n    autoscaling', '    desiredCount: 5\n    autoscaling'),
      [
        at(
          15,
          19,
          'services.api.desiredCount: desiredCount 5 is outside the autoscaling range 1..2',
        ),
      ],
    ],
    [
      'a negative desiredCount',
      edit('    desiredCount: 1\n    autoscaling', '    desiredCount: -1\n    autoscaling'),
      [at(15, 19, 'services.api.desiredCount: must be between 0 and 1000')],
    ],
    [
      'an unsupported engine',
      edit('engine: postgres', 'engine: mysql'),
      [at(28, 11, 'database.engine: must be one of: postgres')],
    ],
    [
      'an unknown storage type',
      edit('  multiAz: false', '  multiAz: false\n  storageType: ssd'),
      [at(33, 16, 'database.storageType: must be one of: gp2, gp3, io1, io2')],
    ],
    [
      'a backup retention of 40 days',
      edit('backupRetentionDays: 1', 'backupRetentionDays: 40'),
      [at(33, 24, 'database.backupRetentionDays: must be between 0 and 35')],
    ],
    [
      'negative storage',
      edit('allocatedStorage: 20', 'allocatedStorage: -20'),
      [at(31, 21, 'database.allocatedStorage: must be between 20 and 65536')],
    ],
    [
      'a duplicate service name',
      edit('  - name: worker', '  - name: api'),
      [at(21, 11, 'services.api.name: duplicate service name "api"')],
    ],
    [
      'a duplicate target group',
      `${BASE}    - name: api\n      service: api\n`,
      [
        at(44, 13, 'loadBalancer.targetGroups.api.name: duplicate target group name "api"'),
        at(
          45,
          16,
          'loadBalancer.targetGroups.api.service: service "api" already has a target group',
        ),
      ],
    ],
    [
      'a target group for an unknown service',
      edit('      service: api', '      service: web'),
      [
        at(
          41,
          16,
          'loadBalancer.targetGroups.api.service: unknown service "web"; declared: api, worker',
        ),
      ],
    ],
    [
      'a target group for a service without a port',
      edit('      service: api', '      service: worker'),
      [
        at(
          41,
          16,
          'loadBalancer.targetGroups.api.service: service "worker" declares no port, so it cannot receive traffic',
        ),
      ],
    ],
    [
      'a listener forwarding to an unknown target group',
      edit('      forward: api', '      forward: web'),
      [at(38, 16, 'loadBalancer.listeners.80.forward: unknown target group "web"; declared: api')],
    ],
    [
      'a listener that neither forwards nor redirects',
      edit('      forward: api\n', ''),
      [
        at(
          36,
          7,
          'loadBalancer.listeners.80.forward: a listener needs forward (a target group name) or redirect',
        ),
      ],
    ],
    [
      'a listener that both forwards and redirects',
      edit('      forward: api', `      forward: api\n${HTTPS_REDIRECT}`),
      [
        at(
          40,
          9,
          'loadBalancer.listeners.80.redirect: a listener either forwards or redirects: remove forward or redirect',
        ),
      ],
    ],
    [
      'a redirect to a port no listener declares',
      edit('      forward: api', HTTPS_REDIRECT),
      [
        at(
          40,
          15,
          'loadBalancer.listeners.80.redirect.port: no listener on port 443; declared: 80',
        ),
      ],
    ],
    [
      'a redirect to its own port and protocol',
      edit('      forward: api', '      redirect:\n        protocol: HTTP\n        port: 80'),
      [
        at(
          40,
          15,
          'loadBalancer.listeners.80.redirect.port: a redirect to its own port 80 and protocol would loop',
        ),
      ],
    ],
    [
      'a redirect to a listener of another protocol',
      edit(
        '      forward: api',
        `${HTTPS_REDIRECT}\n    - port: 443\n      protocol: HTTP\n      forward: api`,
      ),
      [
        at(
          39,
          19,
          'loadBalancer.listeners.80.redirect.protocol: the listener on port 443 is HTTP, not HTTPS',
        ),
      ],
    ],
    [
      'an HTTPS listener redirecting to HTTP',
      edit(
        '      forward: api',
        `${HTTPS_REDIRECT}\n${HTTPS_LISTENER}\n      redirect:\n        protocol: HTTP\n        port: 80`,
      ),
      [
        at(
          45,
          19,
          'loadBalancer.listeners.443.redirect.protocol: an HTTPS listener cannot redirect to HTTP',
        ),
      ],
    ],
    [
      'a redirect status code ELB does not send',
      edit(
        '      forward: api',
        `${HTTPS_REDIRECT}\n        statusCode: HTTP_307\n${HTTPS_LISTENER}\n      forward: api`,
      ),
      [
        at(
          41,
          21,
          'loadBalancer.listeners.80.redirect.statusCode: must be one of: HTTP_301, HTTP_302',
        ),
      ],
    ],
    [
      'a security policy on an HTTP listener',
      edit(
        '      protocol: HTTP',
        '      protocol: HTTP\n      sslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06',
      ),
      [at(38, 18, 'loadBalancer.listeners.80.sslPolicy: an HTTP listener takes no sslPolicy')],
    ],
    [
      'a security policy that still accepts TLS 1.0',
      edit(
        '      forward: api',
        `      forward: api\n${HTTPS_LISTENER}\n      sslPolicy: ELBSecurityPolicy-2016-08\n      forward: api`,
      ),
      [
        at(
          42,
          18,
          `loadBalancer.listeners.443.sslPolicy: must be one of: ${SSL_POLICIES.join(', ')}`,
        ),
      ],
    ],
    [
      'a read-only root file system that is not a boolean',
      edit(WORKER_COUNT, `${WORKER_COUNT}\n    readonlyRootFilesystem: "yes"`),
      [at(27, 29, 'services.worker.readonlyRootFilesystem: expected boolean, got string')],
    ],
    [
      'load balancer access logs that are not a boolean',
      edit('loadBalancer:\n', 'loadBalancer:\n  accessLogs: on\n  deletionProtection: 1\n'),
      [
        at(35, 15, 'loadBalancer.accessLogs: expected boolean, got string'),
        at(36, 23, 'loadBalancer.deletionProtection: expected boolean, got number'),
      ],
    ],
    [
      'HTTPS without a certificate',
      edit('      protocol: HTTP', '      protocol: HTTPS'),
      [
        at(
          36,
          7,
          'loadBalancer.listeners.80.certificateArn: an HTTPS listener needs certificateArn',
        ),
      ],
    ],
    [
      'a health check port that is neither a number nor traffic-port',
      edit('        path: /health', '        path: /health\n        port: web'),
      [
        at(
          44,
          15,
          'loadBalancer.targetGroups.api.healthCheck.port: expected "traffic-port" or number, got string',
        ),
      ],
    ],
    [
      'a bad image reference',
      edit(
        `1.0.0\n    cpu: 256\n    memory: 512\n    port`,
        `1.0.0:Latest\n    cpu: 256\n    memory: 512\n    port`,
      ),
      [
        at(
          11,
          12,
          'services.api.image: must be an image reference such as registry/repo:tag or repo@sha256:digest',
        ),
      ],
    ],
    [
      'a bad region',
      edit('region: eu-west-1', 'region: europe'),
      [at(5, 11, 'environment.region: must be an AWS region such as eu-west-1')],
    ],
    [
      'an availability zone outside the region',
      edit('eu-west-1b]', 'eu-central-1b]'),
      [
        at(
          8,
          35,
          'network.availabilityZones.1: availability zone "eu-central-1b" is not in region eu-west-1',
        ),
      ],
    ],
    [
      'a single availability zone',
      edit('[eu-west-1a, eu-west-1b]', '[eu-west-1a]'),
      [at(8, 22, 'network.availabilityZones: must have between 2 and 6 items')],
    ],
    [
      'a short account id',
      edit('"000000000000"', '"12345"'),
      [at(4, 12, 'environment.account: must be a 12-digit AWS account id')],
    ],
    [
      'an unquoted account id',
      edit('"000000000000"', '123456789012'),
      [at(4, 12, 'environment.account: expected string, got number; quote the value')],
    ],
    [
      'a role ARN that names no role',
      edit(
        '  region: eu-west-1',
        '  region: eu-west-1\n  roleArn: arn:aws:iam::000000000000:user/ops',
      ),
      [
        at(
          6,
          12,
          'environment.roleArn: must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<path/name>)',
        ),
      ],
    ],
    [
      'a role in another account than the environment',
      edit(
        '  region: eu-west-1',
        '  region: eu-west-1\n  roleArn: arn:aws:iam::111111111111:role/plumbline-deployer',
      ),
      [
        at(
          6,
          12,
          "environment.roleArn: role is in account 111111111111, not in the environment's account 000000000000",
        ),
      ],
    ],
    [
      'an external id without a role',
      edit('  region: eu-west-1', '  region: eu-west-1\n  externalId: dev-7f3a'),
      [
        at(
          6,
          15,
          'environment.externalId: externalId is sent when assuming roleArn; declare roleArn',
        ),
      ],
    ],
    [
      'an external id too short for STS',
      edit(
        '  region: eu-west-1',
        '  region: eu-west-1\n  roleArn: arn:aws:iam::000000000000:role/x\n  externalId: x',
      ),
      [
        at(
          7,
          15,
          'environment.externalId: must be 2-1224 letters, digits or the characters +=,.@:/-',
        ),
      ],
    ],
    [
      'an unsupported version',
      edit('version: 1', 'version: 2'),
      [at(1, 10, 'version: unsupported manifest version 2; supported: 1')],
    ],
    [
      'a secret that is not a Secrets Manager or SSM ARN',
      edit(
        'arn:aws:secretsmanager:eu-west-1:000000000000:secret:dev/db-AbCdEf',
        'arn:aws:s3:::secrets/db',
      ),
      [
        at(
          20,
          26,
          'services.api.secrets.DATABASE_PASSWORD: must be a Secrets Manager secret or SSM parameter ARN',
        ),
      ],
    ],
    [
      'a secret named like no environment variable',
      edit('      DATABASE_PASSWORD:', '      database-password:'),
      [at(20, 7, 'services.api.secrets.database-password: must be an environment variable name')],
    ],
    [
      'an empty services list',
      edit(SERVICES, 'services: []\n'),
      [at(9, 11, 'services: must not be empty')],
    ],
    [
      'a missing required field',
      edit('  region: eu-west-1\n', ''),
      [at(3, 3, 'environment.region: is required')],
    ],
    [
      'an environment name that differs from the file name',
      edit('  name: dev', '  name: qa'),
      [at(3, 9, 'environment.name: must equal the file name "dev", got "qa"')],
    ],
    [
      'promotion after itself',
      `${BASE}rollout:\n  after: dev\n`,
      [at(45, 10, 'rollout.after: an environment cannot be promoted after itself')],
    ],
    [
      'an unknown priority',
      `${BASE}drift:\n  severity:\n    services.api.image: P5\n`,
      [at(46, 25, 'drift.severity.services.api.image: must be one of: P0, P1, P2, P3')],
    ],
  ];

  it.each(malformed)('reports %s', (_name, text, expected) => {
    // Prepare: the text comes from the table

    // Act
    const actual = messages(text);

    // Assess
    expect(actual).toEqual(expected);
  });

  it('accepts a role with a path and an external id in the environment account', () => {
    // Prepare
    const text = edit(
      '  region: eu-west-1',
      '  region: eu-west-1\n  roleArn: arn:aws:iam::000000000000:role/ci/plumbline-deployer\n  externalId: dev-7f3a',
    );

    // Act
    const result = parseManifest(text, BASE_FILE, { expectedEnvironment: 'dev' });

    // Assess
    expect(result.ok && result.value.environment).toEqual({
      name: 'dev',
      account: '000000000000',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::000000000000:role/ci/plumbline-deployer',
      externalId: 'dev-7f3a',
    });
  });

  it('sorts issues by line, then column', () => {
    // Prepare
    const text = edit('engine: postgres', 'engine: mysql').replace('version: 1', 'version: 2');

    // Act
    const actual = messages(text);

    // Assess
    expect(actual).toEqual([
      at(1, 10, 'version: unsupported manifest version 2; supported: 1'),
      at(28, 11, 'database.engine: must be one of: postgres'),
    ]);
  });

  it('names list items without a name or port by their index', () => {
    // Prepare
    const text = edit('    command: [node, dist/main.js, worker]', '    command: [node, ""]');

    // Act
    const actual = messages(text);

    // Assess
    expect(actual).toEqual([at(23, 21, 'services.worker.command.1: must not be empty')]);
  });

  it('leaves the environment name unchecked when no file name is expected', () => {
    // Prepare
    const text = edit('  name: dev', '  name: qa');

    // Act
    const result = parseManifest(text, BASE_FILE);

    // Assess
    expect(result.ok && result.value.environment.name).toBe('qa');
  });
});

describe('manifestIssueAt', () => {
  it('locates a path of a valid manifest for checks across files', () => {
    // Prepare
    const text = `${BASE}rollout:\n  after: qa\n`;

    // Act
    const issue = manifestIssueAt(
      text,
      BASE_FILE,
      ['rollout', 'after'],
      'unknown environment "qa"',
    );

    // Assess
    expect(formatManifestIssue(issue)).toBe(at(45, 10, 'rollout.after: unknown environment "qa"'));
  });
});
