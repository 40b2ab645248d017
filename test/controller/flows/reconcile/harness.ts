import { reconcile } from '../../../../controller/flows/reconcile/reconcile.js';
import type { ReconcileDeps } from '../../../../controller/flows/reconcile/reconcile-deps.js';
import type { EnvironmentConnection, RolloutDeps } from '../../../../controller/flows/rollout.js';
import type { ResourceChange } from '../../../../controller/model/change-set.js';
import type { FreezeWindow } from '../../../../controller/model/freeze-window.js';
import type { DesiredState } from '../../../../controller/model/manifest.js';
import type {
  PushRequest,
  ReconcileRequest,
} from '../../../../controller/model/reconcile-request.js';
import type { ChangedFiles } from '../../../../controller/ports/change-lister.js';
import type { ManifestSource } from '../../../../controller/ports/manifest-source.js';
import type { ScanLogger } from '../../../../controller/ports/scan-logger.js';
import { FakeStackDeployer } from '../../../fakes/fake-stack-deployer.js';
import { InMemoryApprovalStore } from '../../../fakes/in-memory-approval-store.js';
import { InMemoryCheckpointStore } from '../../../fakes/in-memory-checkpoint-store.js';
import { InMemoryLockStore } from '../../../fakes/in-memory-lock-store.js';
import { InMemoryPromotionStore } from '../../../fakes/in-memory-promotion-store.js';
import { RecordingQueue } from '../../../fakes/recording-queue.js';
import { RecordingStatusReporter } from '../../../fakes/recording-status-reporter.js';
import { desiredState, liveStateFor } from '../../../fixtures/desired-state.js';

/** The promotion order of the harness: dev, then staging, then prod (approved by octocat). */
export const ENVS = ['dev', 'staging', 'prod'] as const;
export type Env = (typeof ENVS)[number];

/** Commits, oldest first. */
export const SHA = {
  a: 'a1'.repeat(20),
  b: 'b2'.repeat(20),
  c: 'c3'.repeat(20),
} as const;

/** Forty zeros: the `before` of a push that created the branch. */
export const NO_COMMIT = '0'.repeat(40);

/** The harness's start: Wednesday 2026-11-18 10:00 UTC. */
export const START = Date.parse('2026-11-18T10:00:00Z');

const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');

/** The one change every rollout's change set makes. */
const CHANGE: ResourceChange[] = [
  {
    action: 'Modify',
    logicalId: 'Api',
    resourceType: 'AWS::ECS::Service',
    replacement: 'False',
    details: [],
  },
];

/** The manifest of one environment of the harness. */
export function manifest(env: Env, freeze: readonly FreezeWindow[] = []): DesiredState {
  return desiredState((doc) => {
    doc.environment = { name: env, account: '222222222222', region: 'eu-west-1' };
    if (env === 'staging') doc.rollout = { after: 'dev' };
    if (env === 'prod')
      doc.rollout = { after: 'staging', requireApproval: true, approvers: ['octocat'], freeze };
  });
}

/** A push to main of `sha`, committed `minutes` after {@link START}, changing `files`. */
export function push(
  sha: string,
  files: readonly string[] | null,
  options: { minutes?: number; before?: string } = {},
): PushRequest {
  return {
    kind: 'push',
    deliveryId: `delivery-${sha.slice(0, 4)}`,
    sha,
    before: options.before ?? 'f0'.repeat(20),
    branch: 'main',
    changedFiles: files === null ? null : [...files],
    committedAt: new Date(START + (options.minutes ?? 0) * 60_000).toISOString(),
    pusher: 'octocat',
  };
}

/**
 * The reconciler over fakes: one {@link FakeStackDeployer} per environment (each stack exists and
 * every change set makes {@link CHANGE}), one lock store, a clock that the rollouts' sleeps move,
 * the same manifests at every commit (prod with `freeze`), and a queue that {@link Harness.settle}
 * delivers the way SQS would.
 */
export function harness(options: { freeze?: readonly FreezeWindow[] } = {}) {
  let now = START;
  const clock = { now: () => new Date(now) };
  const manifests: Record<Env, DesiredState> = {
    dev: manifest('dev'),
    staging: manifest('staging'),
    prod: manifest('prod', options.freeze),
  };
  const deployers = {} as Record<Env, FakeStackDeployer>;
  for (const env of ENVS) {
    const deployer = new FakeStackDeployer();
    deployer.seed(`plumbline-${env}`);
    deployer.nextChanges = CHANGE;
    deployers[env] = deployer;
  }
  const locks = new InMemoryLockStore(clock);
  const promotions = new InMemoryPromotionStore();
  const approvals = new InMemoryApprovalStore();
  const checkpoints = new InMemoryCheckpointStore();
  const queue = new RecordingQueue();
  const statuses = new RecordingStatusReporter();
  const compared: [string, string][] = [];
  const changes = {
    answer: { files: [], complete: true } as ChangedFiles,
    changedFiles: async (base: string, head: string) => {
      compared.push([base, head]);
      return changes.answer;
    },
  };
  const continuation = {
    parkAt: () => FAR_FUTURE,
    holdMs: 900_000,
    delaySeconds: 30,
    leaseTtlMs: 120_000,
    lockRetrySeconds: 60,
  };
  const warnings: string[] = [];
  const logger: ScanLogger = {
    info: () => {},
    warn: (message) => {
      warnings.push(message);
    },
    error: (message) => {
      warnings.push(message);
    },
    child: () => logger,
  };
  let ids = 0;
  const manifestsAt = (sha: string): ManifestSource => ({
    list: async () => [...ENVS],
    load: async (env) => ({
      desired: manifests[env as Env],
      source: `desired-state/environments/${env}.yaml`,
      ref: sha,
    }),
  });
  const connect = (desired: DesiredState): EnvironmentConnection => ({
    identity: { whoAmI: async () => ({ account: '222222222222', region: 'eu-west-1' }) },
    deployer: deployers[desired.environment.name as Env],
    reader: { read: async (d) => liveStateFor(d) },
    close: () => {},
  });
  const rolloutDeps = async (_desired: DesiredState, source: ManifestSource) =>
    ({
      manifests: source,
      locks,
      synthesizer: {
        stackName: (d) => `plumbline-${d.environment.name}`,
        synthesize: async (d) => ({
          stackName: `plumbline-${d.environment.name}`,
          body: '{}',
          bytes: 2,
          paths: { Api: ['services', 'api'], Db: ['database'] },
        }),
      },
      connect,
      clock,
      sleeper: {
        sleep: async (ms) => {
          now += ms;
        },
      },
      random: () => 0.5,
    }) satisfies RolloutDeps;
  const deps: ReconcileDeps = {
    clock,
    promotions,
    approvals,
    checkpoints,
    queue,
    changes,
    statuses,
    manifestsAt,
    rolloutDeps,
    scan: async () => 'scanned',
    logger,
    continuation,
    manifestDir: 'desired-state',
    newId: () => `run${++ids}`,
  };

  /** Messages sent with a delay, set aside by {@link settle} for the test to deliver. */
  const delayed: { request: ReconcileRequest; delaySeconds: number }[] = [];
  const summaries: string[] = [];

  /** Handles one request as the queue's consumer would. */
  const deliver = async (request: ReconcileRequest) => {
    const { summary } = await reconcile(deps, request);
    summaries.push(summary);
    return summary;
  };

  /**
   * Delivers `requests`, then everything they queue without a delay, until nothing is due;
   * delayed messages are moved to `delayed`.
   */
  const settle = async (...requests: ReconcileRequest[]) => {
    for (const request of requests) await deliver(request);
    for (let round = 0; round < 50; round++) {
      const due = queue.drain();
      if (due.length === 0) return;
      for (const message of due) {
        if (message.delaySeconds > 0) delayed.push(message);
        else await deliver(message.request);
      }
    }
    throw new Error('the queue never settled');
  };

  /** Delivers the delayed messages that `which` picks (their delay is over), then settles. */
  const settleDelayed = async (
    which: (message: { delaySeconds: number }) => boolean = () => true,
  ) => {
    const due = delayed.filter(which);
    delayed.splice(0, delayed.length, ...delayed.filter((m) => !which(m)));
    await settle(...due.map((m) => m.request));
  };

  /** Every status of `plumbline/<env>` on the commit, oldest first, as `state: description`. */
  const history = (sha: string, env: Env) =>
    statuses.written
      .filter((s) => s.sha === sha && s.context === `plumbline/${env}`)
      .map((s) => `${s.state}: ${s.description}`);

  const executions = (env: Env) =>
    deployers[env].calls.filter((c) => c.startsWith('executeChangeSet'));

  return {
    deps,
    clock,
    advanceClock: (ms: number) => {
      now += ms;
    },
    setNow: (at: Date) => {
      now = at.getTime();
    },
    deployers,
    locks,
    promotions,
    approvals,
    checkpoints,
    queue,
    statuses,
    changes,
    compared,
    continuation,
    warnings,
    delayed,
    summaries,
    deliver,
    settle,
    settleDelayed,
    history,
    executions,
    stage: (sha: string, env: Env) => promotions.stage(sha, env),
  };
}

export type Harness = ReturnType<typeof harness>;

/** The approval of `env` at `sha` that a `/approve` commit comment by `login` sends. */
export function commentApproval(sha: string, env: Env, login: string): ReconcileRequest {
  return { kind: 'approve', env, sha, by: `github:${login}`, via: 'commit-comment' };
}

/** The approval `plumbline approve` sends. */
export function cliApproval(sha: string, env: Env): ReconcileRequest {
  return {
    kind: 'approve',
    env,
    sha,
    by: 'arn:aws:iam::222222222222:user/alice',
    via: 'cli',
  };
}

/** The approve hint of a status description. */
export function hint(env: Env, sha: string): string {
  return `comment /approve ${env} or run plumbline approve --env ${env} --ref ${sha}`;
}
