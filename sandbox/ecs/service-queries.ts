import type { OperationHandler } from '../service.js';
import type { JsonObject } from '../shared/json-value.js';
import { findCluster, servicesOf } from './clusters.js';
import { ecsErrors } from './errors.js';
import { EcsInput } from './input.js';
import { paginate } from './pagination.js';
import { findService, serviceArnFor, serviceView } from './service-records.js';

/** DescribeServices accepts at most this many services per call. */
export const MAX_DESCRIBE_SERVICES = 10;

/**
 * DescribeServices: up to 10 services of one cluster. Unknown services are `failures` with reason
 * `MISSING` and the ARN they would have, not errors; deleted services are described as INACTIVE.
 */
export const describeServices: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const references = request.strings('services') ?? [];
  if (references.length === 0) throw ecsErrors.invalidParameter('Services cannot be empty.');
  if (references.length > MAX_DESCRIBE_SERVICES) {
    throw ecsErrors.invalidParameter(
      `service names can have at most ${MAX_DESCRIBE_SERVICES} items.`,
    );
  }
  const cluster = findCluster(state, ctx, request.string('cluster'));
  const includeTags = (request.strings('include') ?? []).includes('TAGS');
  const services: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const reference of references) {
    const service = findService(state, ctx, cluster, reference);
    if (service === undefined) {
      failures.push({
        arn: serviceArnFor(ctx, cluster, reference) ?? reference,
        reason: 'MISSING',
      });
    } else {
      services.push(serviceView(service, includeTags));
    }
  }
  return { services, failures };
};

/** ListServices: the cluster's ACTIVE and DRAINING services, 10 per page by default (100 at most). */
export const listServices: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const cluster = findCluster(state, ctx, request.string('cluster'));
  const launchType = request.string('launchType');
  const schedulingStrategy = request.string('schedulingStrategy');
  const arns = servicesOf(state, cluster.clusterArn)
    .filter(
      (service) =>
        service.status !== 'INACTIVE' &&
        (launchType === undefined || service.launchType === launchType) &&
        (schedulingStrategy === undefined || service.schedulingStrategy === schedulingStrategy),
    )
    .map((service) => service.serviceArn);
  const page = paginate(arns, request.string('nextToken'), request.integer('maxResults'), 10);
  return {
    serviceArns: page.items,
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
};
