import type { CommitStatus, StatusReporter } from '../../controller/ports/status-reporter.js';

/** A StatusReporter that keeps every status, skipping identical repeats as GitHub's reporter does. */
export class RecordingStatusReporter implements StatusReporter {
  readonly written: CommitStatus[] = [];

  async report(status: CommitStatus): Promise<'written' | 'unchanged'> {
    const last = this.latest(status.sha, status.context);
    if (last && last.state === status.state && last.description === status.description)
      return 'unchanged';
    this.written.push(status);
    return 'written';
  }

  /** The newest status of a commit and context. */
  latest(sha: string, context: string): CommitStatus | undefined {
    return this.written.filter((s) => s.sha === sha && s.context === context).at(-1);
  }
}
