import type { EnvironmentConnection, RolloutDeps } from '../../../controller/flows/rollout.js';
import type { LiveState } from '../../../controller/model/live-state.js';
import type { DesiredState } from '../../../controller/model/manifest.js';
import { FakeStackDeployer } from '../../fakes/fake-stack-deployer.js';
import { InMemoryLockStore } from '../../fakes/in-memory-lock-store.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';

/** A rollout of `prod` over fakes: a stack deployer, a lock store, a clock that sleeps advance. */
export function setup(
  options: {
    account?: string;
    region?: string;
    live?: (d: DesiredState) => LiveState;
    manifest?: DesiredState | Error;
  } = {},
) {
  const desired = desiredState();
  let now = Date.parse('2026-11-21T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const sleeps: number[] = [];
  const deployer = new FakeStackDeployer();
  const synthesized: { stackExists: boolean }[] = [];
  const locks = new InMemoryLockStore(clock);
  const conn: EnvironmentConnection & { closed: boolean } = {
    identity: {
      whoAmI: async () => ({
        account: options.account ?? '222222222222',
        region: options.region ?? 'eu-west-1',
      }),
    },
    deployer,
    reader: { read: async (d) => (options.live ?? liveStateFor)(d) },
    closed: false,
    close() {
      this.closed = true;
    },
  };
  const deps: RolloutDeps = {
    manifests: {
      list: async () => ['prod'],
      load: async () => {
        const m = options.manifest ?? desired;
        if (m instanceof Error) throw m;
        return { desired: m, source: 'prod.yaml', ref: 'abc123' };
      },
    },
    locks,
    synthesizer: {
      stackName: (d) => `plumbline-${d.environment.name}`,
      synthesize: async (_d, synthOptions) => {
        synthesized.push(synthOptions);
        return {
          stackName: 'plumbline-prod',
          body: '{}',
          bytes: 2,
          paths: { Db: ['database'] },
        };
      },
    },
    connect: () => conn,
    clock,
    sleeper: {
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    random: () => 0.5,
  };
  const advance = (ms: number) => {
    now += ms;
  };
  return { deps, deployer, locks, conn, sleeps, advance, synthesized };
}
