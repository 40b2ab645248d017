import type { DesiredState } from '../model/manifest.js';
import type { ManifestPath } from '../model/manifest-path.js';
import type { SynthesizedTemplate } from './stack-deployer.js';

/** The synthesized template plus each resource's manifest path, by logical id. */
export interface SynthesisResult extends SynthesizedTemplate {
  readonly paths: Readonly<Record<string, ManifestPath>>;
}

/**
 * Builds the environment's CloudFormation template from its manifest (CDK, in-process, offline).
 *
 * @example
 * const { stackName, body, bytes } = await synthesizer.synthesize(desired);
 */
export interface TemplateSynthesizer {
  synthesize(desired: DesiredState): Promise<SynthesisResult>;
}
