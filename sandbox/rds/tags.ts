/** RDS AddTagsToResource, RemoveTagsFromResource and ListTagsForResource, by resource ARN. */
import type { OperationHandler } from '../service.js';
import type { SandboxState } from '../state.js';
import {
  instanceNotFound,
  invalidValue,
  mergeRdsTags,
  parseRdsArn,
  rdsInput,
  readRdsTags,
  subnetGroupNotFound,
} from './common.js';
import type { RdsTag } from './state.js';

/** The tagged resource an ARN names: a DB instance (`db:`) or a DB subnet group (`subgrp:`). */
function resource(state: SandboxState, arn: string): { Tags: RdsTag[] } {
  const parsed = parseRdsArn(arn);
  if (parsed?.type === 'db') {
    const db = Object.values(state.rds.instances).find((i) => i.DBInstanceArn === arn);
    if (!db) {
      throw instanceNotFound(parsed.name);
    }
    return db;
  }
  if (parsed?.type === 'subgrp') {
    const group = Object.values(state.rds.subnetGroups).find((g) => g.DBSubnetGroupArn === arn);
    if (!group) {
      throw subnetGroupNotFound(parsed.name);
    }
    return group;
  }
  throw invalidValue(`Invalid resource name: ${arn}`);
}

/** AddTagsToResource on an instance or subnet group ARN. */
export const addTagsToResource: OperationHandler = (state, raw) => {
  const input = rdsInput(raw);
  const target = resource(state, input.requiredString('ResourceName'));
  target.Tags = mergeRdsTags(target.Tags, readRdsTags(input));
  return undefined;
};

/** RemoveTagsFromResource by key. */
export const removeTagsFromResource: OperationHandler = (state, raw) => {
  const input = rdsInput(raw);
  const target = resource(state, input.requiredString('ResourceName'));
  const keys = new Set(input.strings('TagKeys') ?? []);
  target.Tags = target.Tags.filter((t) => !keys.has(t.Key));
  return undefined;
};

/** ListTagsForResource of an instance or subnet group ARN. */
export const listTagsForResource: OperationHandler = (state, raw) => {
  const input = rdsInput(raw);
  return { TagList: resource(state, input.requiredString('ResourceName')).Tags };
};
