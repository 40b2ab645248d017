import type { StatusUpdate } from '../core/render/status-description.js';

/** A status for one commit and context. */
export interface CommitStatus extends StatusUpdate {
  readonly sha: string;
  /** `plumbline/<env>`, `plumbline/drift/<env>`, ... */
  readonly context: string;
  /** Where the status links to, e.g. the report. */
  readonly targetUrl?: string;
}

/**
 * Reports commit statuses. A status whose latest one, for that commit and context, already has
 * the same state and description is not written again (GitHub keeps at most 1000 per context).
 *
 * @example
 * await statuses.report({ sha, context: 'plumbline/drift/dev', state: 'success', description: 'in sync' });
 */
export interface StatusReporter {
  report(status: CommitStatus): Promise<'written' | 'unchanged'>;
}
