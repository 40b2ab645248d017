import { manifestPathsOf } from '../controller/model/manifest-path.js';
import type { TemplateSynthesizer } from '../controller/ports/template-synthesizer.js';
import { platformStackName } from '../stacks/platform-stack.js';
import { synthesizePlatform } from '../stacks/synth.js';

/** The platform stack synthesized in-process (CDK validation off), with each resource's manifest path. */
export const cdkSynthesizer: TemplateSynthesizer = {
  stackName: platformStackName,
  async synthesize(desired, { stackExists }) {
    const out = synthesizePlatform(desired, { stackExists });
    return {
      stackName: out.stackName,
      body: out.body,
      bytes: out.bytes,
      paths: manifestPathsOf(out.template),
    };
  },
};
