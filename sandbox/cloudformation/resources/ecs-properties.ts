/**
 * ECS properties as the ECS API takes them: CloudFormation spells members in PascalCase and may
 * give integers and booleans as text, the API wants camelCase members, numbers and booleans; tags
 * are `key`/`value`.
 */

import type { EcsTag } from '../../ecs/state.js';
import { isPlainObject } from '../../shared/json-value.js';
import type { StackContext } from '../contract.js';
import { type Properties, resourceTags, systemTags, type Tag } from './support.js';

/** Members whose CloudFormation name is not the API's name with a lower-case first letter. */
const RENAMED: Readonly<Record<string, string>> = {
  ClusterSettings: 'settings',
  PlacementStrategies: 'placementStrategy',
  ProxyConfigurationProperties: 'properties',
  EFSVolumeConfiguration: 'efsVolumeConfiguration',
  FSxWindowsFileServerVolumeConfiguration: 'fsxWindowsFileServerVolumeConfiguration',
};
/** Maps whose keys are the user's, not member names. */
const VERBATIM = new Set(['DockerLabels', 'Options', 'DriverOpts', 'Labels']);
/** Integer members CloudFormation accepts as numeric text. */
const INTEGERS = new Set([
  'containerPort',
  'hostPort',
  'cpu',
  'memory',
  'memoryReservation',
  'desiredCount',
  'healthCheckGracePeriodSeconds',
  'maximumPercent',
  'minimumHealthyPercent',
  'weight',
  'base',
  'interval',
  'timeout',
  'retries',
  'startPeriod',
  'startTimeout',
  'stopTimeout',
  'softLimit',
  'hardLimit',
  'sizeInGiB',
]);

/** Boolean members CloudFormation accepts as `true`/`false` text. */
const BOOLEANS = new Set([
  'essential',
  'readonlyRootFilesystem',
  'privileged',
  'disableNetworking',
  'interactive',
  'pseudoTerminal',
]);

/** The API member of a CloudFormation property. */
export function memberName(property: string): string {
  return RENAMED[property] ?? property.charAt(0).toLowerCase() + property.slice(1);
}

/** A CloudFormation ECS property value in the ECS API's spelling (camelCase members, integers). */
export function apiShape(value: unknown, member = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => apiShape(item, member));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        memberName(key),
        VERBATIM.has(key) ? item : apiShape(item, memberName(key)),
      ]),
    );
  }
  if (typeof value === 'string' && INTEGERS.has(member) && /^-?\d+$/.test(value)) {
    return Number(value);
  }
  if (BOOLEANS.has(member) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** The named properties present in `props`, as API members. */
export function members(props: Properties, names: readonly string[]): Record<string, unknown> {
  const present = names.filter((name) => props[name] !== undefined);
  return Object.fromEntries(
    present.map((name) => [memberName(name), apiShape(props[name], memberName(name))]),
  );
}

/** Tags as ECS spells them (`key`, `value`). */
export function ecsTags(tags: readonly Tag[]): EcsTag[] {
  return tags.map((tag) => ({ key: tag.Key, value: tag.Value }));
}

/** Adds CloudFormation's system tags (with `logicalId`), or replaces the template's tags. */
export function retag(
  record: { tags: EcsTag[] } | undefined,
  props: Properties,
  ctx: StackContext,
  logicalId?: string,
): void {
  if (record === undefined) return;
  record.tags =
    logicalId === undefined
      ? [
          ...record.tags.filter((tag) => tag.key.startsWith('aws:')),
          ...ecsTags(resourceTags(props, ctx)),
        ]
      : [...record.tags, ...ecsTags(systemTags(ctx, logicalId))];
}
