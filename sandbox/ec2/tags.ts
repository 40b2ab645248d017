/** EC2 CreateTags and DeleteTags over every resource kind the emulation holds. */
import { AwsError, type OperationHandler } from '../service.js';
import type { SandboxState } from '../state.js';
import { EC2_KINDS, type Ec2Kind, ec2Input, findOne, mergeTags, readTags } from './common.js';
import type { Ec2Tag } from './state.js';

/** The tag list of the resource with this id. */
function taggable(state: SandboxState, id: string): { Tags: Ec2Tag[] } {
  const collections: Record<Ec2Kind, Readonly<Record<string, { Tags: Ec2Tag[] }>>> = {
    vpc: state.ec2.vpcs,
    subnet: state.ec2.subnets,
    securityGroup: state.ec2.securityGroups,
    internetGateway: state.ec2.internetGateways,
  };
  const kind = (Object.keys(EC2_KINDS) as Ec2Kind[]).find((k) =>
    id.startsWith(`${EC2_KINDS[k].prefix}-`),
  );
  if (!kind) {
    throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
  }
  return findOne(kind, collections[kind], id);
}

/** CreateTags on VPCs, subnets, security groups and internet gateways (by id prefix). */
export const createTags: OperationHandler = (state, raw) => {
  const input = ec2Input(raw);
  const ids = input.strings('ResourceId') ?? [];
  if (ids.length === 0) {
    throw new AwsError('MissingParameter', 'The request must contain the parameter resourceIdSet');
  }
  const tags = readTags(input.structs('Tag') ?? []);
  const resources = ids.map((id) => taggable(state, id));
  const merged = resources.map((r) => mergeTags(r.Tags, tags));
  resources.forEach((r, i) => {
    r.Tags = merged[i] ?? r.Tags;
  });
  return { Return: true };
};

/**
 * DeleteTags: a key alone removes the tag; a key with a value removes it only with that value; no
 * tags removes all.
 */
export const deleteTags: OperationHandler = (state, raw) => {
  const input = ec2Input(raw);
  const ids = input.strings('ResourceId') ?? [];
  if (ids.length === 0) {
    throw new AwsError('MissingParameter', 'The request must contain the parameter resourceIdSet');
  }
  const requested = input.structs('Tag');
  const resources = ids.map((id) => taggable(state, id));
  for (const resource of resources) {
    if (requested === undefined) {
      resource.Tags = [];
      continue;
    }
    resource.Tags = resource.Tags.filter(
      (tag) =>
        !requested.some((r) => {
          const value = r.string('Value');
          return r.string('Key') === tag.Key && (value === undefined || value === tag.Value);
        }),
    );
  }
  return { Return: true };
};
