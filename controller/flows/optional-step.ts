import type { RolloutPhase, RolloutWarning } from '../model/rollout-outcome.js';
import type { PhaseRecorder } from './phase-recorder.js';

/**
 * Runs a step the deploy does not depend on (termination protection, the lease's release) as a
 * phase of its own. Its failure is recorded with the phase, and becomes a warning instead of the
 * rollout's result: `advice` turns the failure's message into what is off and what to do about it.
 *
 * @example
 * await optionalStep(rec, warnings, 'protect', () => deployer.protect(stack), (reason) =>
 *   `termination protection is off for ${stack} (${reason})`);
 */
export async function optionalStep(
  rec: PhaseRecorder,
  warnings: RolloutWarning[],
  phase: RolloutPhase,
  step: () => Promise<void>,
  advice: (reason: string) => string,
): Promise<void> {
  try {
    await rec.run(phase, step);
  } catch (error) {
    warnings.push({
      phase,
      message: advice(error instanceof Error ? error.message : String(error)),
    });
  }
}

/** The warning of a stack left without termination protection, with the command that turns it on. */
export function protectionOffAdvice(stackName: string): (reason: string) => string {
  return (reason) =>
    `termination protection is off for stack ${stackName} (${reason}); enable it with: aws cloudformation update-termination-protection --enable-termination-protection --stack-name ${stackName}`;
}

/**
 * The warning of a lease left unreleased. It is only in the way until it expires: the rollout's
 * result stands.
 */
export function unreleasedLeaseAdvice(env: string, ttlMs: number): (reason: string) => string {
  return (reason) =>
    `the lease of ${env} was not released (${reason}); it expires by itself within ${Math.ceil(ttlMs / 1000)} s, or release it with: plumbline lock release --env ${env} --force`;
}
