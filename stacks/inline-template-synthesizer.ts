import type {
  DockerImageAssetLocation,
  DockerImageAssetSource,
  FileAssetLocation,
  FileAssetSource,
  IStackSynthesizer,
  ISynthesisSession,
} from 'aws-cdk-lib/core';
import { StackSynthesizer } from 'aws-cdk-lib/core';
import { AssetsNotSupportedError } from '../controller/model/errors.js';

/**
 * A synthesizer that needs no bootstrap: the template is sent inline with the deploy call, under
 * the caller's own credentials, with no deploy or execution role, no assets bucket and no
 * bootstrap-version parameter or rule. Adding an asset throws {@link AssetsNotSupportedError}.
 *
 * @example
 * new PlatformStack(app, 'plumbline-dev', { desired, synthesizer: inlineTemplateSynthesizer() });
 */
export class InlineTemplateSynthesizer extends StackSynthesizer {
  override addFileAsset(asset: FileAssetSource): FileAssetLocation {
    throw new AssetsNotSupportedError('file', asset.sourceHash, this.boundStack.stackName);
  }

  override addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw new AssetsNotSupportedError('Docker image', asset.sourceHash, this.boundStack.stackName);
  }

  override synthesize(session: ISynthesisSession): void {
    this.synthesizeTemplate(session);
    this.emitArtifact(session, {});
  }
}

/**
 * A new {@link InlineTemplateSynthesizer}, typed as the interface stacks take. CDK's base class
 * types `bootstrapQualifier` as `string | undefined` where the interface says `?: string`, which
 * `exactOptionalPropertyTypes` rejects; the assertion bridges that one difference.
 */
export function inlineTemplateSynthesizer(): IStackSynthesizer {
  return new InlineTemplateSynthesizer() as IStackSynthesizer;
}
