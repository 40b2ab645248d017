import { stackExists } from '../core/stack-status.js';
import type { DesiredState } from '../model/manifest.js';
import type { StackDeployer } from '../ports/stack-deployer.js';
import type { SynthesisResult, TemplateSynthesizer } from '../ports/template-synthesizer.js';

/** A template, and whether it was synthesized for an update of an existing stack. */
export interface SynthesisForStack {
  readonly synth: SynthesisResult;
  readonly stackExists: boolean;
}

/**
 * Synthesizes the environment's template for its stack as it is: the template of an update differs
 * from that of a first create (an auto-scaled service's count is declared only on create), so the
 * stack's status is read first. A stack only in `REVIEW_IN_PROGRESS` (a create change set never
 * executed) still gets a CREATE change set, so it counts as absent.
 *
 * @example
 * const { synth, stackExists } = await synthesizeForStack(synthesizer, deployer, desired);
 */
export async function synthesizeForStack(
  synthesizer: TemplateSynthesizer,
  deployer: Pick<StackDeployer, 'status'>,
  desired: DesiredState,
): Promise<SynthesisForStack> {
  const status = await deployer.status(synthesizer.stackName(desired));
  const exists = stackExists(status?.status);
  return {
    synth: await synthesizer.synthesize(desired, { stackExists: exists }),
    stackExists: exists,
  };
}
