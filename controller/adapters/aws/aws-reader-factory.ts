import type { LiveStateReaderFactory } from '../../ports/live-state-reader.js';
import { AwsLiveStateReader } from './aws-live-state-reader.js';
import type { AwsClientCache } from './client-cache.js';
import { countedIn } from './counting-middleware.js';
import { RequestCounter } from './request-counter.js';
import { TaskDefinitionCache } from './task-definition-cache.js';

/**
 * Live-state readers over cached SDK clients: each environment is read with the clients of the
 * region its manifest declares, one task-definition cache serves the whole process (revisions are
 * immutable), and each opened reader counts only the calls made on its behalf.
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
      const live = new AwsLiveStateReader(
        clients.forRegion(desired.environment.region),
        taskDefinitions,
      );
      const calls = new RequestCounter();
      return {
        reader: { read: (d) => countedIn(calls, () => live.read(d)) },
        calls,
        // The clients belong to the cache, which its owner closes.
        close: () => undefined,
      };
    },
  };
}
