import { randomUUID } from 'node:crypto';
import { DynamoDbAlertLedger } from '../controller/adapters/aws/dynamodb-alert-ledger.js';
import { DynamoDbApprovalStore } from '../controller/adapters/aws/dynamodb-approval-store.js';
import { DynamoDbCheckpointStore } from '../controller/adapters/aws/dynamodb-checkpoint-store.js';
import { DynamoDbLockStore } from '../controller/adapters/aws/dynamodb-lock-store.js';
import { DynamoDbPromotionStore } from '../controller/adapters/aws/dynamodb-promotion-store.js';
import {
  ensureAlertTopics,
  SnsAlertPublisher,
} from '../controller/adapters/aws/sns-alert-publisher.js';
import { StsIdentityReader } from '../controller/adapters/aws/sts-identity-reader.js';
import { GitHubStatusReporter } from '../controller/adapters/github/commit-status-reporter.js';
import { CompareChangeLister } from '../controller/adapters/github/compare-change-lister.js';
import { GitHubManifestSource } from '../controller/adapters/github/contents-manifest-source.js';
import { type GitHubSettings, githubRepository } from '../controller/adapters/github/repository.js';
import type {
  ContinuationPolicy,
  ReconcileDeps,
} from '../controller/flows/reconcile/reconcile-deps.js';
import { scan } from '../controller/flows/scan.js';
import { PlumblineError } from '../controller/model/errors.js';
import type { ManifestSource } from '../controller/ports/manifest-source.js';
import type { ReconcileQueue } from '../controller/ports/reconcile-queue.js';
import type { ScanLogger } from '../controller/ports/scan-logger.js';
import { newScanId, scanWiring } from './scan-wiring.js';
import type { Wiring } from './wiring.js';

/** What the reconciler needs beyond {@link Wiring}'s configuration. */
export interface ReconcileSettings {
  readonly github: GitHubSettings;
  /** The branch that rolls out. @default 'main' */
  readonly branch?: string;
  readonly queue: ReconcileQueue;
  readonly logger: ScanLogger;
  readonly continuation: ContinuationPolicy;
  /** @default - `plumbline-reports-<account>-<region>` */
  readonly reportBucket?: string;
  readonly reportBaseUrl?: string;
  /** @default 8 */
  readonly scanConcurrency?: number;
}

/** The default continuation: wait up to 10 minutes per invocation, then park for 15. */
export const DEFAULT_CONTINUATION: ContinuationPolicy = {
  parkAt: () => new Date(Date.now() + 10 * 60_000),
  holdMs: 15 * 60_000,
  leaseTtlMs: 120_000,
  delaySeconds: 30,
  lockRetrySeconds: 60,
};

/**
 * The reconciler's dependencies over the wiring's clients: promotions, approvals and checkpoints in
 * the state table, manifests, compare and statuses on GitHub, rollouts through the wiring's
 * deployer, P1 alerts on SNS, scans as the scheduled scan runs them. Used by the reconcile Lambda,
 * `plumbline serve` and `plumbline approve`.
 *
 * @example
 * const deps = await reconcileWiring(wiring, { github, queue, logger, continuation });
 */
export async function reconcileWiring(
  wiring: Wiring,
  settings: ReconcileSettings,
): Promise<ReconcileDeps> {
  const region = wiring.config.region;
  if (region === undefined)
    throw new PlumblineError(
      "set AWS_REGION: the controller's state table, queue and alert topics live there",
      { terminal: true },
    );
  const home = wiring.clients.forRegion(region);
  const table = wiring.config.table;
  if (wiring.emulated) {
    await new DynamoDbLockStore({ client: home.dynamodb, tableName: table }).ensureTable();
    await ensureAlertTopics(home.sns);
  }
  const account = (await new StsIdentityReader(home.sts).whoAmI()).account;
  const github = githubRepository(settings.github);
  const atCommit = new Map<string, ManifestSource>();
  const manifestsAt = (sha: string) => {
    let source = atCommit.get(sha);
    if (source === undefined) {
      source = new GitHubManifestSource(github, { ref: sha, dir: wiring.config.dir });
      atCommit.set(sha, source);
    }
    return source;
  };
  return {
    clock: wiring.clock,
    promotions: new DynamoDbPromotionStore({ client: home.dynamodb, tableName: table }),
    approvals: new DynamoDbApprovalStore({ client: home.dynamodb, tableName: table }),
    checkpoints: new DynamoDbCheckpointStore({ client: home.dynamodb, tableName: table }),
    queue: settings.queue,
    changes: new CompareChangeLister(github),
    statuses: new GitHubStatusReporter(github),
    manifestsAt,
    rolloutDeps: async (desired, manifests) => ({
      ...wiring.rolloutDeps(await wiring.lockStore(desired.environment.name)),
      manifests,
    }),
    scan: async (request) => {
      const scanId = newScanId(request.time ? new Date(request.time) : wiring.clock.now());
      const { deps, ref } = await scanWiring(
        wiring,
        { report: true, alert: true, status: true, heal: true },
        {
          github: settings.github,
          branch: settings.branch ?? 'main',
          manifestsFromGitHub: true,
          logger: settings.logger.child({ scanId }),
          owner: `scan:${scanId}`,
          ...(settings.reportBucket ? { reportBucket: settings.reportBucket } : {}),
          ...(settings.reportBaseUrl ? { reportBaseUrl: settings.reportBaseUrl } : {}),
        },
      );
      const envs = await deps.manifests.list();
      const { run } = await scan(deps, {
        scanId,
        envs,
        concurrency: settings.scanConcurrency ?? 8,
        ...(ref ? { ref } : {}),
      });
      const states = run.environments.map((e) => `${e.environment} ${e.status}`).join(', ');
      return `scan ${scanId} at ${run.ref.slice(0, 7)}: ${states}`;
    },
    alerts: {
      publisher: new SnsAlertPublisher({ client: home.sns, topics: { account, region } }),
      ledger: new DynamoDbAlertLedger({ client: home.dynamodb, tableName: table }),
    },
    logger: settings.logger,
    continuation: settings.continuation,
    manifestDir: wiring.config.dir,
    newId: () => randomUUID().slice(0, 8),
  };
}
