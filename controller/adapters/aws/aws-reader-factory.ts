import type { LiveStateReaderFactory } from '../../ports/live-state-reader.js';
import { AwsLiveStateReader } from './aws-live-state-reader.js';
import { type AwsClientCache, environmentAccess } from './client-cache.js';
import { countedIn } from './counting-middleware.js';
import { RequestCounter } from './request-counter.js';
import { TaskDefinitionCache } from './task-definition-cache.js';

/**
 * Live-state readers over cached SDK clients: each environment is read with the clients of the
 * region its manifest declares, acting as the role it declares (`environment.roleArn`); one
 * task-definition cache serves the whole process (revisions are immutable), and each opened reader
 * counts only the calls made on its behalf.
 *
 * @example
 * const readers = awsReaderFactory(new AwsClientCache());
 * const { reader, calls } = readers.open(desired);
 * await reader.read(desired); console.log(calls.count());
 */
export function awsReaderFactory(
  clients: AwsClientCache,
  taskDefinitions = new TaskDefinitionCache(),
): LiveStateReaderFactory {
  return {
    open(desired) {
      const access = environmentAccess(desired.environment);
      const live = new AwsLiveStateReader(clients.forEnvironment(access), taskDefinitions);
      const calls = new RequestCounter();
      return {
        reader: {
          // A role that cannot be assumed fails the scan once, with STS's reason, instead of
          // leaving every resource unchecked with the same failure.
          read: async (d) => {
            await clients.verifyAccess(access);
            return countedIn(calls, () => live.read(d));
          },
        },
        calls,
        // The clients belong to the cache, which its owner closes.
        close: () => undefined,
      };
    },
  };
}
