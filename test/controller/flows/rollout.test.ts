import { changeSetName, rollout } from '../../../controller/flows/rollout.js';
import type { ResourceChange } from '../../../controller/model/change-set.js';
import { ManifestInvalidError } from '../../../controller/model/errors.js';
import { rolloutExitCode } from '../../../controller/model/rollout-outcome.js';
import { liveStateFor } from '../../fixtures/desired-state.js';
import { editService } from '../../fixtures/live-edits.js';
import { setup } from './rollout-setup.js';

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });

const modify = (
  logicalId: string,
  type: string,
  replacement: 'True' | 'False',
  property: string,
): ResourceChange => ({
  action: 'Modify',
  logicalId,
  resourceType: type,
  replacement,
  details: [
    {
      attribute: 'Properties',
      name: property,
      requiresRecreation: replacement === 'True' ? 'Always' : 'Never',
    },
  ],
});

const req = { env: 'prod', owner: 'test-owner' };

describe('rollout', () => {
  it('creates the stack through a change set, waits, verifies, protects it and releases the lock', async () => {
    // Prepare
    const { deps, deployer, locks, conn } = setup();
    deployer.nextChanges = [
      { action: 'Add', logicalId: 'Db', resourceType: 'AWS::RDS::DBInstance', details: [] },
    ];
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome).toMatchObject({
      environment: 'prod',
      ref: 'abc123',
      result: 'succeeded',
      stackName: 'plumbline-prod',
      stackStatus: 'CREATE_COMPLETE',
    });
    expect(outcome.phases.map((p) => [p.name, p.status])).toEqual([
      ['load', 'ok'],
      ['identity', 'ok'],
      ['lock', 'ok'],
      ['synth', 'ok'],
      ['change-set', 'ok'],
      ['describe', 'ok'],
      ['guard', 'ok'],
      ['execute', 'ok'],
      ['wait', 'ok'],
      ['protect', 'ok'],
      ['verify', 'ok'],
      ['release', 'ok'],
    ]);
    expect(outcome.warnings).toEqual([]);
    expect(deployer.calls).toEqual([
      'createChangeSet plumbline-abc123-20261121T100000000Z-i000',
      'describeChangeSet cs-1',
      'executeChangeSet cs-1',
      'protect plumbline-prod',
    ]);
    expect(await locks.inspect('prod')).toBeUndefined();
    expect(conn.closed).toBe(true);
    expect(rolloutExitCode(outcome.result)).toBe(0);
  });

  it('succeeds without executing when the change set is empty', async () => {
    const { deps, deployer } = setup();
    deployer.seed('plumbline-prod');
    const outcome = await rollout(deps, req);
    expect(outcome.result).toBe('no-changes');
    expect(deployer.calls).toEqual([
      'createChangeSet plumbline-abc123-20261121T100000000Z-i000',
      'describeChangeSet cs-1',
      'deleteChangeSet cs-1',
    ]);
    expect(rolloutExitCode(outcome.result)).toBe(0);
  });

  it('blocks a database replacement: deletes the change set, executes nothing, exit 3', async () => {
    const { deps, deployer, locks } = setup();
    deployer.seed('plumbline-prod');
    deployer.nextChanges = [modify('Db', 'AWS::RDS::DBInstance', 'True', 'StorageEncrypted')];
    const outcome = await rollout(deps, req);
    expect(outcome.result).toBe('blocked');
    expect(outcome.blocked).toEqual([
      expect.objectContaining({
        logicalId: 'Db',
        path: ['database'],
        properties: ['StorageEncrypted'],
      }),
    ]);
    expect(outcome.error).toContain('would be replaced because StorageEncrypted changed');
    expect(deployer.calls).not.toContainEqual(expect.stringMatching(/^executeChangeSet/));
    expect(deployer.calls).toContain('deleteChangeSet cs-1');
    expect(outcome.phases.find((p) => p.name === 'guard')).toMatchObject({ status: 'failed' });
    expect(await locks.inspect('prod')).toBeUndefined();
    expect(rolloutExitCode(outcome.result)).toBe(3);
  });

  it('refuses a manifest for another account before any write, lock included', async () => {
    const { deps, deployer, locks } = setup({ account: '111111111111' });
    const outcome = await rollout(deps, req);
    expect(outcome).toMatchObject({
      result: 'refused',
      error:
        'refusing to roll out prod: the manifest declares account 222222222222 in eu-west-1, but the credentials are for account 111111111111 in eu-west-1',
    });
    expect(deployer.calls).toEqual([]);
    expect(await locks.inspect('prod')).toBeUndefined();
    expect(rolloutExitCode(outcome.result)).toBe(1);
  });

  it('refuses a manifest for another region', async () => {
    const { deps, deployer } = setup({ region: 'us-east-1' });
    const outcome = await rollout(deps, req);
    expect(outcome.result).toBe('refused');
    expect(outcome.error).toContain('account 222222222222 in us-east-1');
    expect(deployer.calls).toEqual([]);
  });

  it('reports a held lock naming the holder, exit 4, without touching the stack', async () => {
    const { deps, deployer, locks } = setup();
    await locks.acquire('prod', 'someone-else', 60_000);
    const outcome = await rollout(deps, req);
    expect(outcome.result).toBe('lock-held');
    expect(outcome.error).toContain('locked by someone-else');
    expect(deployer.calls).toEqual([]);
    expect(rolloutExitCode(outcome.result)).toBe(4);
  });

  it('fails when CloudFormation rolls the update back, and releases the lock', async () => {
    const { deps, deployer, locks } = setup();
    deployer.seed('plumbline-prod');
    deployer.nextChanges = [modify('Api', 'AWS::ECS::Service', 'False', 'DesiredCount')];
    deployer.outcome = {
      status: 'UPDATE_ROLLBACK_COMPLETE',
      reason: 'The following resource(s) failed to update: [Api].',
    };
    const outcome = await rollout(deps, req);
    expect(outcome).toMatchObject({
      result: 'failed',
      stackStatus: 'UPDATE_ROLLBACK_COMPLETE',
      error:
        'stack plumbline-prod ended UPDATE_ROLLBACK_COMPLETE: The following resource(s) failed to update: [Api].',
    });
    expect(await locks.inspect('prod')).toBeUndefined();
    expect(rolloutExitCode(outcome.result)).toBe(1);
  });

  it('leaves throttling to the SDK: a call it gave up on is not retried by the flow', async () => {
    // Prepare
    const { deps, deployer, locks, sleeps } = setup();
    deployer.seed('plumbline-prod');
    deployer.failCreate = [throttled()];
    // Act
    const error = await rollout(deps, req).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Assess
    expect(error).toMatchObject({ name: 'Throttling' });
    expect(deployer.calls.filter((c) => c.startsWith('createChangeSet'))).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(await locks.inspect('prod')).toBeUndefined();
  });

  it('records the release phase around the real release of the lease', async () => {
    // Prepare: releasing takes 250 ms on the clock
    const { deps, deployer, locks, advance } = setup();
    deployer.seed('plumbline-prod');
    const release = locks.release.bind(locks);
    locks.release = async (lease) => {
      advance(250);
      await release(lease);
    };
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome.phases.at(-1)).toMatchObject({ name: 'release', status: 'ok', durationMs: 250 });
    expect(await locks.inspect('prod')).toBeUndefined();
  });

  it('polls a change set CloudFormation is still computing, with jittered backoff', async () => {
    // Prepare
    const { deps, deployer, sleeps } = setup();
    deployer.seed('plumbline-prod');
    deployer.describesPending = 3;
    // Act
    const outcome = await rollout(deps, req);
    // Assess: half of min(5000, 200 * 2^n) with random 0.5
    expect(outcome.result).toBe('no-changes');
    expect(deployer.calls.filter((c) => c.startsWith('describeChangeSet'))).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('fails verification when a field the change set sets still differs after the rollout', async () => {
    const { deps, deployer } = setup({
      live: (d) => editService(liveStateFor(d), 'worker', (s) => ({ ...s, desiredCount: 1 })),
    });
    deployer.seed('plumbline-prod');
    deployer.deployed = { Worker: ['services', 'worker'] };
    deployer.nextChanges = [modify('Worker', 'AWS::ECS::Service', 'False', 'DesiredCount')];
    const outcome = await rollout(deps, req);
    expect(outcome.result).toBe('failed');
    expect(outcome.error).toBe(
      'live state differs from the manifest after the rollout: services.worker.desiredCount',
    );
  });

  it('reports an invalid manifest without connecting to AWS', async () => {
    const invalid = new ManifestInvalidError([
      {
        file: 'prod.yaml',
        line: 1,
        column: 1,
        path: 'version',
        message: 'unsupported manifest version 2; supported: 1',
      },
    ]);
    const { deps, deployer } = setup({ manifest: invalid });
    const outcome = await rollout(deps, req);
    expect(outcome).toMatchObject({
      result: 'invalid',
      error: 'prod.yaml:1:1: version: unsupported manifest version 2; supported: 1',
    });
    expect(deployer.calls).toEqual([]);
  });

  it.each([
    ['does not exist', false, undefined, 'CREATE_COMPLETE'],
    ['exists only in REVIEW_IN_PROGRESS', false, 'REVIEW_IN_PROGRESS', 'CREATE_COMPLETE'],
    ['exists', true, 'UPDATE_COMPLETE', 'UPDATE_COMPLETE'],
  ])(
    'synthesizes the template for the stack as it is: when it %s, stackExists is %s',
    async (_what, stackExists, status, ended) => {
      // Prepare
      const { deps, deployer, synthesized } = setup();
      if (status) deployer.seed('plumbline-prod', status);
      deployer.nextChanges = [modify('Api', 'AWS::ECS::Service', 'False', 'TaskDefinition')];
      // Act
      const outcome = await rollout(deps, req);
      // Assess
      expect(synthesized).toEqual([{ stackExists }]);
      expect(outcome).toMatchObject({ result: 'succeeded', stackStatus: ended });
      expect(outcome.phases.map((p) => p.name)).toContain('synth');
    },
  );

  it('fails without executing when the stack appears between synthesis and the change set', async () => {
    // Prepare: the stack is created by someone else right after the flow looked
    const { deps, deployer, locks } = setup();
    const status = deployer.status.bind(deployer);
    deployer.status = async (name) => {
      const seen = await status(name);
      deployer.seed(name);
      return seen;
    };
    deployer.nextChanges = [modify('Api', 'AWS::ECS::Service', 'False', 'TaskDefinition')];
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome).toMatchObject({
      result: 'failed',
      error:
        'stack plumbline-prod was created by someone else while its template was synthesized; roll out again',
    });
    expect(outcome.phases.find((p) => p.name === 'change-set')).toMatchObject({
      status: 'failed',
    });
    expect(deployer.calls).toEqual([
      'createChangeSet plumbline-abc123-20261121T100000000Z-i000',
      'deleteChangeSet cs-1',
    ]);
    expect(await locks.inspect('prod')).toBeUndefined();
  });

  it('succeeds with a warning when termination protection cannot be turned on after a create', async () => {
    // Prepare
    const { deps, deployer, locks } = setup();
    deployer.nextChanges = [
      { action: 'Add', logicalId: 'Db', resourceType: 'AWS::RDS::DBInstance', details: [] },
    ];
    deployer.failProtect = Object.assign(
      new Error('User is not authorized to perform: cloudformation:UpdateTerminationProtection'),
      { name: 'AccessDenied' },
    );
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome).toMatchObject({ result: 'succeeded', stackStatus: 'CREATE_COMPLETE' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.warnings).toEqual([
      {
        phase: 'protect',
        message:
          'termination protection is off for stack plumbline-prod (User is not authorized to perform: cloudformation:UpdateTerminationProtection); enable it with: aws cloudformation update-termination-protection --enable-termination-protection --stack-name plumbline-prod',
      },
    ]);
    expect(outcome.phases.map((p) => [p.name, p.status]).slice(-4)).toEqual([
      ['wait', 'ok'],
      ['protect', 'failed'],
      ['verify', 'ok'],
      ['release', 'ok'],
    ]);
    expect(await locks.inspect('prod')).toBeUndefined();
    expect(rolloutExitCode(outcome.result)).toBe(0);
  });

  it('does not turn termination protection on for an update', async () => {
    // Prepare
    const { deps, deployer } = setup();
    deployer.seed('plumbline-prod');
    deployer.nextChanges = [modify('Api', 'AWS::ECS::Service', 'False', 'TaskDefinition')];
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome.result).toBe('succeeded');
    expect(outcome.phases.map((p) => p.name)).not.toContain('protect');
    expect(deployer.calls).not.toContainEqual(expect.stringMatching(/^protect/));
  });

  it('keeps a succeeded result, with a warning, when the lease cannot be released', async () => {
    // Prepare
    const { deps, deployer, locks } = setup();
    deployer.seed('plumbline-prod');
    deployer.nextChanges = [modify('Api', 'AWS::ECS::Service', 'False', 'TaskDefinition')];
    locks.release = async () => {
      throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
    };
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome.result).toBe('succeeded');
    expect(outcome.warnings).toEqual([
      {
        phase: 'release',
        message:
          'the lease of prod was not released (Service unavailable); it expires by itself within 120 s, or release it with: plumbline lock release --env prod --force',
      },
    ]);
    expect(outcome.phases.at(-1)).toMatchObject({
      name: 'release',
      status: 'failed',
      reason: 'Service unavailable',
    });
  });

  it('names change sets as CloudFormation requires', () => {
    expect(changeSetName('refs/heads/main', new Date('2026-11-21T10:00:00.123Z'), 0.5)).toBe(
      'plumbline-refs-heads-main-20261121T100000123Z-i000',
    );
    expect(changeSetName('x', new Date(0), 0.1)).not.toBe(changeSetName('x', new Date(0), 0.2));
  });
});
