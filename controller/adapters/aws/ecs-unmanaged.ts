import { type ECSClient, paginateListServices } from '@aws-sdk/client-ecs';
import type { Observation, UnmanagedServiceState } from '../../model/live-state.js';
import { failureReason, isErrorNamed } from './failure-reason.js';
import { present } from './observation.js';

/** ListServices returns at most 100 ARNs per page. */
const LIST_SERVICES_PAGE = 100;

/**
 * The services of `cluster` whose names are not in `declared`: one `ListServices` call per 100
 * services in the cluster (ACTIVE and DRAINING ones, as ECS lists them). A cluster that does not
 * exist has none; a list that cannot be read is `unchecked`.
 *
 * @example
 * const found = await listUnmanagedServices(ecs, 'prod', new Set(['prod-api', 'prod-worker']));
 */
export async function listUnmanagedServices(
  ecs: ECSClient,
  cluster: string,
  declared: ReadonlySet<string>,
): Promise<Observation<readonly UnmanagedServiceState[]>> {
  const found: UnmanagedServiceState[] = [];
  try {
    const pages = paginateListServices(
      { client: ecs, pageSize: LIST_SERVICES_PAGE },
      { cluster, maxResults: LIST_SERVICES_PAGE },
    );
    for await (const page of pages) {
      for (const arn of page.serviceArns ?? []) {
        const serviceName = arn.slice(arn.lastIndexOf('/') + 1);
        if (!declared.has(serviceName)) found.push({ serviceName, arn });
      }
    }
  } catch (error) {
    if (isErrorNamed(error, 'ClusterNotFoundException')) return present([]);
    return { state: 'unchecked', reason: failureReason('ListServices', error) };
  }
  return present(found);
}
