import type { DesiredState } from '../model/manifest.js';
import type { ManifestPath } from '../model/manifest-path.js';
import type { SynthesizedTemplate } from './stack-deployer.js';

/** The synthesized template plus each resource's manifest path, by logical id. */
export interface SynthesisResult extends SynthesizedTemplate {
  readonly paths: Readonly<Record<string, ManifestPath>>;
}

/** What a template is synthesized for. */
export interface SynthesisOptions {
  /**
   * Whether the stack exists already. The template of an update leaves out what a deploy must not
   * reset (the desired count of an auto-scaled service, which CloudFormation would otherwise send
   * on every update); the template of a first create declares it.
   */
  readonly stackExists: boolean;
}

/**
 * Builds the environment's CloudFormation template from its manifest (CDK, in-process, offline).
 * The template differs between a first create and an update, so the caller says which it is for;
 * `stackName` names the stack without synthesizing, to find that out first.
 *
 * @example
 * const stackName = synthesizer.stackName(desired);
 * const stackExists = (await deployer.status(stackName)) !== undefined;
 * const { body, bytes, paths } = await synthesizer.synthesize(desired, { stackExists });
 */
export interface TemplateSynthesizer {
  /** The name of the environment's stack, as {@link synthesize} sets it. */
  stackName(desired: DesiredState): string;
  synthesize(desired: DesiredState, options: SynthesisOptions): Promise<SynthesisResult>;
}
