import type { DriftReport } from '../../model/report.js';
import type { RolloutOutcome } from '../../model/rollout-outcome.js';
import { clip } from '../text.js';

/** GitHub's commit status states. */
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

/** GitHub keeps at most this many characters of a status description. */
export const STATUS_DESCRIPTION_MAX = 140;

/** A commit status to write: short reason codes, never the long message. */
export interface StatusUpdate {
  readonly state: CommitState;
  /** At most {@link STATUS_DESCRIPTION_MAX} characters. */
  readonly description: string;
}

/**
 * The `plumbline/drift/<env>` status of a scan: success "in sync", failure "2 drifts, worst P1",
 * error "could not read 3 resources" (or the one reason that stopped the scan).
 *
 * @example
 * driftStatus(report); // { state: 'failure', description: '2 drifts, worst P1' }
 */
export function driftStatus(report: DriftReport): StatusUpdate {
  switch (report.status) {
    case 'in-sync':
      return { state: 'success', description: 'in sync' };
    case 'drifted': {
      const n = report.drifts.length;
      return status('failure', `${n} drift${n === 1 ? '' : 's'}, worst ${report.worstPriority}`);
    }
    case 'error': {
      const n = report.unchecked.length;
      const what = n > 0 ? `could not read ${n} resource${n === 1 ? '' : 's'}` : 'scan failed';
      return status('error', report.error ? `${what}: ${report.error}` : what);
    }
  }
}

/** The `plumbline/<env>` status of a rollout that ended (pending is set when it starts). */
export function rolloutStatus(outcome: RolloutOutcome): StatusUpdate {
  switch (outcome.result) {
    case 'succeeded':
      return status('success', `rolled out (${outcome.changes.length} changes)`);
    case 'no-changes':
      return status('success', 'no changes');
    case 'blocked':
      return status('failure', `blocked: ${outcome.blocked?.[0]?.message ?? outcome.error ?? ''}`);
    case 'lock-held':
      return status('pending', 'waiting for the environment lock');
    case 'failed':
      return status('failure', `failed: ${outcome.error ?? outcome.stackStatus ?? ''}`);
    case 'refused':
    case 'invalid':
      return status('error', `${outcome.result}: ${outcome.error ?? ''}`);
  }
}

function status(state: CommitState, description: string): StatusUpdate {
  return {
    state,
    description: clip(description.replace(/\s+/g, ' ').trim(), STATUS_DESCRIPTION_MAX),
  };
}
