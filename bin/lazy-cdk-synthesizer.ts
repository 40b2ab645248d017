import { platformStackNameOf } from '../controller/model/conventions.js';
import type { TemplateSynthesizer } from '../controller/ports/template-synthesizer.js';

/**
 * The CDK synthesizer, loaded on the first synthesis: a process that only scans or answers webhooks
 * (a reconcile invocation for a scan, `plumbline serve` before its first rollout) never loads CDK.
 */
export const lazyCdkSynthesizer: TemplateSynthesizer = {
  stackName: platformStackNameOf,
  async synthesize(desired, options) {
    const { cdkSynthesizer } = await import('./cdk-synthesizer.js');
    return cdkSynthesizer.synthesize(desired, options);
  },
};
