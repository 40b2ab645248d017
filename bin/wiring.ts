import { AwsLiveStateReader } from '../controller/adapters/aws/aws-live-state-reader.js';
import { createAwsClients } from '../controller/adapters/aws/clients.js';
import { TaskDefinitionCache } from '../controller/adapters/aws/task-definition-cache.js';
import type { LiveStateReaderFactory } from '../controller/ports/live-state-reader.js';

/** Options every AWS-facing command shares. */
export interface AwsOptions {
  /** @default - the SDK's standard configuration (AWS_ENDPOINT_URL, or AWS itself) */
  readonly endpoint?: string;
}

/**
 * Live-state readers over the AWS SDK: clients for each environment's own region (the manifest says
 * where it lives), one task-definition cache for the whole process (revisions are immutable).
 */
export function awsReaders(options: AwsOptions): LiveStateReaderFactory {
  const taskDefinitions = new TaskDefinitionCache();
  return {
    open(desired) {
      const clients = createAwsClients({
        region: desired.environment.region,
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      });
      return {
        reader: new AwsLiveStateReader(clients, taskDefinitions),
        calls: clients.counter,
        close: () => clients.destroy(),
      };
    },
  };
}
