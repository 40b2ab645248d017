import type { DesiredState } from '../model/manifest.js';
import type { RolloutCheckpoint } from '../model/rollout-checkpoint.js';
import type { IdentityReader } from '../ports/caller-identity.js';
import type { CheckpointStore } from '../ports/checkpoint-store.js';
import type { Clock } from '../ports/clock.js';
import type { Healer } from '../ports/healer.js';
import type { LiveStateReader } from '../ports/live-state-reader.js';
import type { LockStore } from '../ports/lock-store.js';
import type { ManifestSource } from '../ports/manifest-source.js';
import type { StackDeployer } from '../ports/stack-deployer.js';
import type { TemplateSynthesizer } from '../ports/template-synthesizer.js';
import type { Pacing } from './pacing.js';

/** The ports one environment's rollout talks to, bound to its account and region. */
export interface EnvironmentConnection {
  readonly identity: IdentityReader;
  readonly deployer: StackDeployer;
  readonly reader: LiveStateReader;
  /**
   * Heals drift the rollout leaves behind, when the manifest says `drift.selfHeal`.
   * @default - remaining drift is reported, never healed
   */
  readonly healer?: Healer;
  close(): void;
}

export interface RolloutDeps extends Pacing {
  readonly manifests: ManifestSource;
  readonly locks: LockStore;
  readonly synthesizer: TemplateSynthesizer;
  readonly connect: (desired: DesiredState) => EnvironmentConnection;
  readonly clock: Clock;
  /** Progress lines (stack events) for a terminal. */
  readonly onProgress?: (line: string) => void;
  /**
   * Where the rollout writes down its progress, so a later invocation can continue it.
   * @default - none: the rollout runs in one process, as from the CLI
   */
  readonly checkpoints?: CheckpointStore;
}

export interface RolloutRequest {
  readonly env: string;
  readonly ref?: string;
  /** Who holds the lease, e.g. `cli:host:pid`. */
  readonly owner: string;
  /** @default 120_000 */
  readonly lockTtlMs?: number;
  /** How long to wait for a held lock before giving up. @default 0 */
  readonly waitLockMs?: number;
  /** How long to wait for CloudFormation. @default 3_600_000 */
  readonly timeoutMs?: number;
  /**
   * Stop waiting for CloudFormation at `at` and park the lease for `holdMs`, for a later invocation
   * to continue (needs `deps.checkpoints`).
   * @default - wait in this process until the stack ends
   */
  readonly park?: { readonly at: Date; readonly holdMs: number };
  /**
   * Continue the rollout this checkpoint describes: its lease is resumed (same owner and fencing
   * token) instead of acquired; `owner` must be the checkpoint's.
   */
  readonly resume?: RolloutCheckpoint;
}
