import type { OperationHandler, ServiceContext } from '../service.js';
import type { SandboxState } from '../state.js';
import { clusterArnOf, isLocal, parseEcsArn, serviceArnOf } from './arns.js';
import { ecsErrors } from './errors.js';
import { EcsInput, mergeTags } from './input.js';
import type { EcsTag } from './state.js';
import { lookupTaskDefinition } from './task-definitions.js';

const MAX_TAGS = 50;

interface Taggable {
  tags: EcsTag[];
}

/**
 * The cluster, service or task definition an ARN names. Tagging needs the long service ARN format,
 * which names the cluster.
 *
 * @throws AwsError `ClusterNotFoundException`, `ServiceNotFoundException`, `ResourceNotFoundException` or
 *   `InvalidParameterException` as ECS answers them.
 */
function taggable(state: SandboxState, ctx: ServiceContext, arn: string): Taggable {
  const parsed = parseEcsArn(arn);
  if (parsed === undefined) throw ecsErrors.invalidParameter(`Invalid resource ARN: ${arn}`);
  if (!isLocal(parsed, ctx)) throw ecsErrors.resourceNotFound();
  switch (parsed.resourceType) {
    case 'cluster': {
      const cluster = state.ecs.clusters[clusterArnOf(ctx, parsed.resource)];
      if (cluster?.status !== 'ACTIVE') throw ecsErrors.clusterNotFound();
      return cluster;
    }
    case 'service': {
      const [clusterName, serviceName, ...rest] = parsed.resource.split('/');
      if (clusterName === undefined || serviceName === undefined || rest.length > 0) {
        throw ecsErrors.invalidParameter('Long arn format must be used for tagging operations');
      }
      const service = state.ecs.services[serviceArnOf(ctx, clusterName, serviceName)];
      if (service === undefined || service.status === 'INACTIVE') throw ecsErrors.serviceNotFound();
      return service;
    }
    case 'task-definition': {
      const lookup = lookupTaskDefinition(state, ctx, arn);
      if (lookup.kind !== 'found') throw ecsErrors.resourceNotFound();
      return lookup.taskDefinition;
    }
    default:
      throw ecsErrors.resourceNotFound();
  }
}

/** TagResource: adds or overwrites tags on a cluster, service or task definition. */
export const tagResource: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const resource = taggable(state, ctx, request.requiredString('resourceArn', 'resourceArn'));
  const tags = request.tags() ?? [];
  if (tags.length === 0) throw ecsErrors.invalidParameter('Tags can not be empty.');
  const merged = mergeTags(resource.tags, tags);
  if (merged.length > MAX_TAGS)
    throw ecsErrors.invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  resource.tags = merged;
  return {};
};

/** UntagResource: removes tags by key; absent keys are ignored. */
export const untagResource: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const resource = taggable(state, ctx, request.requiredString('resourceArn', 'resourceArn'));
  const keys = request.strings('tagKeys') ?? [];
  if (keys.length === 0) throw ecsErrors.invalidParameter('Tag keys can not be empty.');
  resource.tags = resource.tags.filter((tag) => !keys.includes(tag.key));
  return {};
};

/** ListTagsForResource. */
export const listTagsForResource: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const resource = taggable(state, ctx, request.requiredString('resourceArn', 'resourceArn'));
  return { tags: resource.tags.map((tag) => ({ ...tag })) };
};
