import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { type AwsClientOptions, sharedClientConfig } from './client-config.js';
import { attachCounter } from './counting-middleware.js';
import { RequestCounter } from './request-counter.js';

/** The clients a rollout writes with: CloudFormation, and S3 for templates over the inline limit. */
export interface DeploymentClients {
  readonly cloudformation: CloudFormationClient;
  readonly s3: S3Client;
  readonly counter: RequestCounter;
  destroy(): void;
}

/**
 * Builds the deployment clients from the same options as `createAwsClients`. S3 uses path-style
 * addressing when an endpoint is given (an emulator on an IP address has no bucket subdomains).
 */
export function createDeploymentClients(options: AwsClientOptions = {}): DeploymentClients {
  const shared = sharedClientConfig(options);
  const counter = new RequestCounter();
  const cloudformation = new CloudFormationClient(shared);
  const s3 = new S3Client({ ...shared, forcePathStyle: shared.endpoint !== undefined });
  attachCounter(cloudformation, counter);
  attachCounter(s3, counter);
  return {
    cloudformation,
    s3,
    counter,
    destroy: () => {
      cloudformation.destroy();
      s3.destroy();
    },
  };
}
