import type { DesiredState } from '../../model/manifest.js';
import type { ScanRequest } from '../../model/reconcile-request.js';
import type { ApprovalStore } from '../../ports/approval-store.js';
import type { ChangeLister } from '../../ports/change-lister.js';
import type { CheckpointStore } from '../../ports/checkpoint-store.js';
import type { Clock } from '../../ports/clock.js';
import type { ManifestSource } from '../../ports/manifest-source.js';
import type { PromotionStore } from '../../ports/promotion-store.js';
import type { ReconcileQueue } from '../../ports/reconcile-queue.js';
import type { ScanLogger } from '../../ports/scan-logger.js';
import type { StatusReporter } from '../../ports/status-reporter.js';
import type { AlertDeps } from '../notify-alerts.js';
import type { RolloutDeps } from '../rollout.js';

/** How long one invocation may spend on a rollout before parking it, and how it continues. */
export interface ContinuationPolicy {
  /** When this invocation must stop waiting for CloudFormation. */
  readonly parkAt: () => Date;
  /** How long a parked lease is held for the continuation (it can still be resumed after). */
  readonly holdMs: number;
  /** The continuation's SQS delay. */
  readonly delaySeconds: number;
  /** The environment lease's duration while an invocation works (renewed at a third of it). */
  readonly leaseTtlMs: number;
  /** The delay before trying again when another owner holds the environment's lease. */
  readonly lockRetrySeconds: number;
}

/** The ports the reconciler works through; the webhook, the schedule and the CLI feed it requests. */
export interface ReconcileDeps {
  readonly clock: Clock;
  readonly promotions: PromotionStore;
  readonly approvals: ApprovalStore;
  readonly checkpoints: CheckpointStore;
  readonly queue: ReconcileQueue;
  readonly changes: ChangeLister;
  readonly statuses: StatusReporter;
  /** The manifests at a commit of the repository. */
  readonly manifestsAt: (sha: string) => ManifestSource;
  /** What a rollout of `desired` needs (lease store in the controller's account, deployer, ...). */
  readonly rolloutDeps: (desired: DesiredState, manifests: ManifestSource) => Promise<RolloutDeps>;
  /** Runs a scheduled scan of every environment; returns a one-line summary. */
  readonly scan: (request: ScanRequest) => Promise<string>;
  readonly alerts?: AlertDeps;
  readonly logger: ScanLogger;
  readonly continuation: ContinuationPolicy;
  /** Where manifests live in the repository (`desired-state`). */
  readonly manifestDir: string;
  /** A fresh unique id, for lease owners. */
  readonly newId: () => string;
}

/** What handling one request did, for the log. */
export interface ReconcileResult {
  readonly summary: string;
}
