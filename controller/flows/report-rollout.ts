import { dedupKey } from '../core/alerts/dedup-key.js';
import type { Finding } from '../core/alerts/findings.js';
import { rolloutStatus, type StatusUpdate } from '../core/render/status-description.js';
import { describeFailure } from '../core/text.js';
import { STATUS_CONTEXTS } from '../model/conventions.js';
import type { RolloutOutcome } from '../model/rollout-outcome.js';
import type { Clock } from '../ports/clock.js';
import type { StatusReporter } from '../ports/status-reporter.js';
import { type AlertDeps, notifyFindings } from './notify-alerts.js';

/** Where a rollout's outcome is told: its commit's status, and a P1 when it failed or was blocked. */
export interface RolloutReportDeps {
  readonly clock: Clock;
  readonly alerts?: AlertDeps;
  /** `plumbline/<env>` on the commit rolled out. */
  readonly statuses?: { readonly reporter: StatusReporter; readonly sha: string };
}

/** The priority of a rollout that failed or that the stateful guard blocked. */
export const FAILED_ROLLOUT_PRIORITY = 'P1';

/** Sets `plumbline/<env>` to pending before a rollout starts. */
export async function reportRolloutPending(
  deps: RolloutReportDeps,
  env: string,
  description = 'rolling out',
): Promise<void> {
  if (deps.statuses)
    await deps.statuses.reporter.report({
      sha: deps.statuses.sha,
      context: STATUS_CONTEXTS.rollout(env),
      state: 'pending',
      description,
    });
}

/**
 * Tells a rollout's outcome: the commit status (success, failure, error), and a P1 alert with the
 * reason for a failed or blocked rollout, resolved by the next rollout of the environment that
 * succeeds. Failures here are returned, never thrown: the rollout's own result stands.
 */
export async function reportRollout(
  deps: RolloutReportDeps,
  outcome: RolloutOutcome,
): Promise<string[]> {
  const errors: string[] = [];
  const env = outcome.environment;
  if (deps.statuses) {
    const update: StatusUpdate = rolloutStatus(outcome);
    try {
      await deps.statuses.reporter.report({
        sha: deps.statuses.sha,
        context: STATUS_CONTEXTS.rollout(env),
        ...update,
      });
    } catch (error) {
      errors.push(`commit status: ${describeFailure(error)}`);
    }
  }
  if (deps.alerts && outcome.result !== 'lock-held') {
    const failed = outcome.result === 'failed' || outcome.result === 'blocked';
    const findings: Finding[] = failed
      ? [
          {
            dedupKey: dedupKey(env, 'rollout', env, 'rollout'),
            priority: FAILED_ROLLOUT_PRIORITY,
            environment: env,
            source: `${env}/rollout`,
            summary: `${env}: rollout of ${outcome.ref} ${outcome.result}: ${outcome.error ?? outcome.stackStatus ?? ''}`,
            details: {
              ref: outcome.ref,
              result: outcome.result,
              stackStatus: outcome.stackStatus ?? null,
              blocked: outcome.blocked?.map((b) => b.message) ?? [],
            },
          },
        ]
      : [];
    try {
      // The rollout's alert has a ledger entry of its own, apart from the environment's drift.
      const result = await notifyFindings(
        deps.alerts,
        `${env}/rollout`,
        findings,
        deps.clock.now(),
      );
      errors.push(...result.errors);
    } catch (error) {
      errors.push(`alerts: ${describeFailure(error)}`);
    }
  }
  return errors;
}
