import {
  type EnvironmentConnection,
  type RolloutDeps,
  rollout,
} from '../../../controller/flows/rollout.js';
import type { ResourceChange } from '../../../controller/model/change-set.js';
import type { HealAction } from '../../../controller/model/heal.js';
import type { LiveState } from '../../../controller/model/live-state.js';
import type { DesiredState } from '../../../controller/model/manifest.js';
import { formatPath } from '../../../controller/model/manifest-path.js';
import { FakeStackDeployer } from '../../fakes/fake-stack-deployer.js';
import { InMemoryLockStore } from '../../fakes/in-memory-lock-store.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';
import { editContainer, editService } from '../../fixtures/live-edits.js';

/**
 * An update rollout of prod whose stack exists. `reads[i]` is the live state of the i-th read:
 * 0 just before the change set executes, 1 at verification, 2 after a heal.
 */
function setup(options: {
  selfHeal?: boolean;
  reads: readonly ((d: DesiredState) => LiveState)[];
  changes: ResourceChange[];
  withHealer?: boolean;
}) {
  const desired = desiredState((d) => {
    d.drift = { selfHeal: options.selfHeal ?? false };
  });
  let now = Date.parse('2026-11-21T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const deployer = new FakeStackDeployer();
  deployer.seed('plumbline-prod');
  deployer.deployed = { Api: ['services', 'api'], ApiTask: ['services', 'api'] };
  deployer.nextChanges = options.changes;
  const locks = new InMemoryLockStore(clock);
  const healed: HealAction[] = [];
  let read = 0;
  const conn: EnvironmentConnection = {
    identity: { whoAmI: async () => ({ account: '222222222222', region: 'eu-west-1' }) },
    deployer,
    reader: {
      read: async (d) => {
        const live = options.reads[Math.min(read, options.reads.length - 1)];
        read++;
        return (live ?? liveStateFor)(d);
      },
    },
    ...(options.withHealer === false
      ? {}
      : {
          healer: {
            apply: async (action: HealAction) => {
              healed.push(action);
              return { changed: true };
            },
          },
        }),
    close: () => undefined,
  };
  const deps: RolloutDeps = {
    manifests: {
      list: async () => ['prod'],
      load: async () => ({ desired, source: 'prod.yaml', ref: 'abc123' }),
    },
    locks,
    synthesizer: {
      stackName: () => 'plumbline-prod',
      synthesize: async () => ({ stackName: 'plumbline-prod', body: '{}', bytes: 2, paths: {} }),
    },
    connect: () => conn,
    clock,
    sleeper: {
      sleep: async (ms) => {
        now += ms;
      },
    },
    random: () => 0.5,
  };
  return { deps, deployer, locks, healed, reads: () => read };
}

const modify = (logicalId: string, resourceType: string, property: string): ResourceChange => ({
  action: 'Modify',
  logicalId,
  resourceType,
  replacement: 'False',
  details: [{ attribute: 'Properties', name: property, requiresRecreation: 'Never' }],
});
const scaledTo = (count: number) => (d: DesiredState) =>
  editService(liveStateFor(d), 'api', (s) => ({ ...s, desiredCount: count }));
const newRevision = modify('Api', 'AWS::ECS::Service', 'TaskDefinition');
const req = { env: 'prod', owner: 'rollout:test' };

describe('rollout verification', () => {
  it('succeeds with a warning when drift from before remains that the change set did not touch', async () => {
    // Prepare
    const { deps, healed } = setup({ reads: [scaledTo(12)], changes: [newRevision] });
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome.result).toBe('succeeded');
    expect(outcome.remainingDrift?.map((d) => formatPath(d.path))).toEqual([
      'services.api.desiredCount',
    ]);
    expect(outcome.warnings).toEqual([
      {
        phase: 'verify',
        message:
          'drift from before the rollout remains, which CloudFormation does not revert: services.api.desiredCount; turn on drift.selfHeal, or put it back by hand',
      },
    ]);
    expect(outcome.phases.find((p) => p.name === 'verify')?.status).toBe('ok');
    expect(outcome.healed).toBeUndefined();
    expect(healed).toEqual([]);
  });

  it('heals the remaining drift under its own lease when the manifest allows it', async () => {
    // Prepare
    const { deps, healed, locks, reads } = setup({
      selfHeal: true,
      reads: [scaledTo(12), scaledTo(12), liveStateFor],
      changes: [newRevision],
    });
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome).toMatchObject({
      result: 'succeeded',
      remainingDrift: [],
      warnings: [],
      healed: {
        actions: ['UpdateService prod-api: services.api.desiredCount 12 -> 10'],
        held: true,
      },
    });
    expect(healed.map((a) => a.api)).toEqual(['UpdateService']);
    expect(reads()).toBe(3);
    expect(locks.calls.filter((c) => c.startsWith('acquire'))).toEqual([
      'acquire prod rollout:test',
    ]);
  });

  it('says so when the remaining drift cannot be healed without a healer', async () => {
    const { deps } = setup({
      selfHeal: true,
      reads: [scaledTo(12)],
      changes: [newRevision],
      withHealer: false,
    });
    const outcome = await rollout(deps, req);
    expect(outcome.result).toBe('succeeded');
    expect(outcome.healed).toEqual({
      actions: [],
      held: false,
      skipped: 'no healer was given to this rollout',
    });
    expect(outcome.warnings[0]?.message).toBe(
      'drift from before the rollout remains, which CloudFormation does not revert: services.api.desiredCount; not healed (no healer was given to this rollout): put it back by hand',
    );
  });

  it('fails when a declared change did not land, and heals nothing', async () => {
    // Prepare: the manifest's image is new; the service still runs the old one before and after.
    const oldImage = (d: DesiredState) =>
      editContainer(liveStateFor(d), 'api', (c) => ({ ...c, image: 'nginx:1' }));
    const { deps, healed } = setup({ selfHeal: true, reads: [oldImage], changes: [newRevision] });
    // Act
    const outcome = await rollout(deps, req);
    // Assess
    expect(outcome.result).toBe('failed');
    expect(outcome.error).toBe(
      'live state differs from the manifest after the rollout: services.api.image',
    );
    expect(outcome.phases.find((p) => p.name === 'verify')?.status).toBe('failed');
    expect(healed).toEqual([]);
  });

  it('fails on drift that was not there before the change set executed', async () => {
    const { deps } = setup({ reads: [liveStateFor, scaledTo(12)], changes: [newRevision] });
    const outcome = await rollout(deps, req);
    expect(outcome.result).toBe('failed');
    expect(outcome.error).toBe(
      'live state differs from the manifest after the rollout: services.api.desiredCount',
    );
  });
});
