import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib/core';
import {
  environmentIssues,
  loadEnvironments,
  RESERVED_ENVIRONMENT_NAMES,
} from '../../stacks/controller/environments.js';
import { addControllerStack } from '../../stacks/controller/from-context.js';
import { controllerSettings } from '../../stacks/controller/settings.js';
import { ControllerStack } from '../../stacks/controller-stack.js';
import { buildController, STUB_HANDLER, shippedEnvironments } from './controller-fixtures.js';

/** A context reader over a plain object, as `-c key=value` (strings) or cdk.json (JSON) give it. */
const context = (values: Record<string, unknown>) => (key: string) => values[key];

describe('controllerSettings', () => {
  it('applies the defaults when only the repository is given', () => {
    // Act
    const settings = controllerSettings(context({ githubRepository: 'acme/platform' }));
    // Assess
    expect(settings).toEqual({
      ok: true,
      value: {
        githubRepository: 'acme/platform',
        githubApiUrl: 'https://api.github.com',
        mainBranch: 'main',
        scanRateMinutes: 15,
        reconcileMaxConcurrency: 5,
        webhookReservedConcurrency: 10,
      },
    });
  });

  it('reads numbers given as strings on the command line, and "none" for an unreserved webhook', () => {
    // Act
    const settings = controllerSettings(
      context({
        githubRepository: 'acme/platform',
        githubApiUrl: 'https://github.example.com/api/v3/',
        mainBranch: 'trunk',
        scanRateMinutes: '30',
        reconcileMaxConcurrency: 12,
        webhookReservedConcurrency: 'none',
      }),
    );
    // Assess
    expect(settings).toEqual({
      ok: true,
      value: {
        githubRepository: 'acme/platform',
        githubApiUrl: 'https://github.example.com/api/v3',
        mainBranch: 'trunk',
        scanRateMinutes: 30,
        reconcileMaxConcurrency: 12,
      },
    });
  });

  it('reports every problem, each naming its context key', () => {
    // Act
    const settings = controllerSettings(
      context({
        githubApiUrl: 'api.github.com',
        scanRateMinutes: '0',
        reconcileMaxConcurrency: '1',
        webhookReservedConcurrency: 'lots',
      }),
    );
    // Assess
    expect(settings.ok).toBe(false);
    if (settings.ok) return;
    expect(settings.errors).toEqual([
      'context githubRepository is required (owner/name): cdk deploy -c githubRepository=...',
      'context githubApiUrl must be an http(s) URL, got "api.github.com"',
      'context scanRateMinutes must be an integer from 1 to 1440 (minutes between scans)',
      "context reconcileMaxConcurrency must be an integer from 2 to 1000 (SQS's limits)",
      'context webhookReservedConcurrency must be an integer from 1 to 1000 (or "none" to leave it unreserved)',
    ]);
  });

  it('refuses a repository that is not owner/name', () => {
    // Act
    const settings = controllerSettings(context({ githubRepository: 'platform' }));
    // Assess
    expect(settings).toEqual({
      ok: false,
      errors: ['context githubRepository must be owner/name, got "platform"'],
    });
  });
});

describe('the controller stack from context', () => {
  it('takes the scan rate, the reconciler’s concurrency and the webhook’s reservation from context', () => {
    // Prepare
    const built = buildController({
      context: {
        scanRateMinutes: '30',
        reconcileMaxConcurrency: '7',
        webhookReservedConcurrency: 'none',
        mainBranch: 'trunk',
      },
    });
    try {
      // Act
      const template = built.template;
      // Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(30 minutes)',
        Targets: [Match.objectLike({ RetryPolicy: { MaximumEventAgeInSeconds: 1800 } })],
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        ScalingConfig: { MaximumConcurrency: 7 },
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Timeout: 10,
        ReservedConcurrentExecutions: Match.absent(),
        Environment: { Variables: Match.objectLike({ MAIN_BRANCH: 'trunk' }) },
      });
    } finally {
      built.dispose();
    }
  });

  it('holds only the configuration errors, as error annotations, when the repository is missing', () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false });
    // Act
    const stack = addControllerStack(app, { manifestDir: 'desired-state/environments' });
    // Assess
    expect(stack).not.toBeInstanceOf(ControllerStack);
    expect(stack.stackName).toBe('plumbline-controller');
    Annotations.fromStack(stack).hasError(
      '*',
      'context githubRepository is required (owner/name): cdk deploy -c githubRepository=...',
    );
  });

  it('builds the controller stack when the context and the manifests are valid', () => {
    // Prepare
    const app = new App({
      builtinCloudFormationValidation: false,
      context: { githubRepository: 'acme/platform', 'aws:cdk:bundling-stacks': [] },
    });
    // Act
    const stack = addControllerStack(app, {
      manifestDir: 'desired-state/environments',
      handlers: { webhook: STUB_HANDLER, reconcile: STUB_HANDLER },
    });
    // Assess
    expect(stack).toBeInstanceOf(ControllerStack);
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });
});

describe('loadEnvironments', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plumbline-environments-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const copy = (env: string, as = env, edit: (text: string) => string = (t) => t) =>
    writeFileSync(
      join(dir, `${as}.yaml`),
      edit(readFileSync(`desired-state/environments/${env}.yaml`, 'utf8')),
    );

  it('parses every shipped manifest, sorted by name', () => {
    // Act
    const environments = shippedEnvironments();
    // Assess
    expect(environments.map((e) => e.environment.name)).toEqual(['dev', 'prod', 'staging']);
  });

  it('fails with file:line:col for an invalid manifest', () => {
    // Prepare
    copy('dev');
    copy('staging', 'staging', (t) => t.replace('natGateways: 1', 'natGateways: many'));
    // Act
    const loaded = loadEnvironments(dir);
    // Assess
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]).toMatch(/staging\.yaml:\d+:\d+: network\.natGateways: /);
  });

  it('refuses an environment named like one of the controller’s own resources', () => {
    // Prepare
    copy('dev', 'reports', (t) => t.replace('name: dev', 'name: reports'));
    // Act
    const loaded = loadEnvironments(dir);
    // Assess
    expect(loaded).toEqual({
      ok: false,
      errors: [expect.stringContaining('environment "reports" has a name the controller uses')],
    });
    expect(RESERVED_ENVIRONMENT_NAMES).toContain('controller');
    expect(environmentIssues(shippedEnvironments())).toEqual([]);
  });

  it('fails for a directory without manifests', () => {
    // Act
    const loaded = loadEnvironments(dir);
    // Assess
    expect(loaded).toEqual({ ok: false, errors: [`no manifests (*.yaml) in ${dir}`] });
  });
});
