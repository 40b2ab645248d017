/** What the CloudFormation API operations are built with. */
import type { EngineDeps } from '../engine/common.js';
import type { S3ObjectReader } from '../template/source.js';

export interface ApiDeps extends EngineDeps {
  /** Reads templates named by `TemplateURL` from the sandbox's S3 state. */
  readonly readS3Object: S3ObjectReader;
}
