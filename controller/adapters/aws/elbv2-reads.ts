import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type Listener,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ObservationFailedError } from '../../model/errors.js';
import { type LoadBalancerAttributeValues, toLoadBalancerAttributes } from './elbv2-mapping.js';

/** The largest page DescribeTargetGroups and DescribeListeners return. */
export const ELBV2_PAGE_SIZE = 400;

/** Every target group attached to the load balancer at `arn`, across pages. */
export function describeTargetGroups(
  elbv2: ElasticLoadBalancingV2Client,
  arn: string,
): Promise<TargetGroup[]> {
  return allPages(async (Marker) => {
    const page = await elbv2.send(
      new DescribeTargetGroupsCommand({
        LoadBalancerArn: arn,
        PageSize: ELBV2_PAGE_SIZE,
        ...(Marker === undefined ? {} : { Marker }),
      }),
    );
    return { items: page.TargetGroups, next: page.NextMarker };
  });
}

/** Every listener of the load balancer at `arn`, across pages. */
export function describeListeners(
  elbv2: ElasticLoadBalancingV2Client,
  arn: string,
): Promise<Listener[]> {
  return allPages(async (Marker) => {
    const page = await elbv2.send(
      new DescribeListenersCommand({
        LoadBalancerArn: arn,
        PageSize: ELBV2_PAGE_SIZE,
        ...(Marker === undefined ? {} : { Marker }),
      }),
    );
    return { items: page.Listeners, next: page.NextMarker };
  });
}

/** The compared attributes of the load balancer at `arn` (idle timeout and three switches), one call. */
export async function describeLoadBalancerAttributes(
  elbv2: ElasticLoadBalancingV2Client,
  arn: string,
): Promise<LoadBalancerAttributeValues> {
  const output = await elbv2.send(
    new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }),
  );
  return toLoadBalancerAttributes(output.Attributes ?? []);
}

/**
 * Follows `NextMarker` until the last page. Each request gets a fresh input (the SDK paginators
 * reuse and mutate one). A marker seen twice means the server is looping: fail rather than spin.
 */
async function allPages<T>(
  fetch: (
    marker: string | undefined,
  ) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    items.push(...(page.items ?? []));
    marker = page.next || undefined;
    if (marker !== undefined && seen.has(marker)) {
      throw new ObservationFailedError(undefined, `pagination returned marker "${marker}" twice`);
    }
    if (marker !== undefined) seen.add(marker);
  } while (marker !== undefined);
  return items;
}
