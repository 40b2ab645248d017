/** ELBv2 AddTags, RemoveTags and DescribeTags over load balancers, target groups and listeners. */
import type { OperationHandler } from '../service.js';
import type { QueryInput } from '../shared/query-input.js';
import type { SandboxState } from '../state.js';
import {
  arnKind,
  checkListLength,
  elbv2Input,
  findListener,
  findLoadBalancer,
  findTargetGroup,
  mergeElbv2Tags,
  readElbv2Tags,
  validationError,
} from './common.js';
import type { Elbv2Tag } from './state.js';

/** The tagged resource an ARN names, with the not-found error of its type. */
function resource(state: SandboxState, arn: string): { Tags: Elbv2Tag[] } {
  switch (arnKind(arn)) {
    case 'loadBalancer':
      return findLoadBalancer(state, arn);
    case 'targetGroup':
      return findTargetGroup(state, arn);
    case 'listener':
      return findListener(state, arn);
    default:
      throw validationError(`'${arn}' is not a valid resource ARN`);
  }
}

function resourceArns(input: QueryInput): string[] {
  const arns = input.strings('ResourceArns') ?? [];
  if (arns.length === 0) {
    throw validationError(
      "1 validation error detected: Value null at 'resourceArns' failed to satisfy constraint: Member must not be null",
    );
  }
  checkListLength('ResourceArns', arns, 20);
  return arns;
}

/** AddTags on up to 20 load balancers, target groups or listeners. */
export const addTags: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const resources = resourceArns(input).map((arn) => resource(state, arn));
  const tags = readElbv2Tags(input);
  if (tags.length === 0) {
    throw validationError(
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
    );
  }
  const merged = resources.map((r) => mergeElbv2Tags(r.Tags, tags));
  resources.forEach((r, i) => {
    r.Tags = merged[i] ?? r.Tags;
  });
  return {};
};

/** RemoveTags from up to 20 load balancers, target groups or listeners. */
export const removeTags: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const resources = resourceArns(input).map((arn) => resource(state, arn));
  const keys = new Set(input.strings('TagKeys') ?? []);
  for (const r of resources) {
    r.Tags = r.Tags.filter((t) => !keys.has(t.Key));
  }
  return {};
};

/** DescribeTags of up to 20 load balancers, target groups or listeners. */
export const describeTags: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  return {
    TagDescriptions: resourceArns(input).map((arn) => ({
      ResourceArn: arn,
      Tags: resource(state, arn).Tags,
    })),
  };
};
