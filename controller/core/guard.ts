import {
  type BlockedChange,
  type ChangeImpact,
  impactOf,
  type ResourceChange,
  replacingProperties,
} from '../model/change-set.js';
import { formatPath, type ManifestPath } from '../model/manifest-path.js';
import { compilePattern, matchesPath } from './path-pattern.js';

/** Resource types that hold data: replacing or removing one loses it, whatever the manifest says. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBSubnetGroup',
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::EFS::FileSystem',
]);

const DESTRUCTIVE: ReadonlySet<ChangeImpact> = new Set([
  'may-replace',
  'will-replace',
  'will-destroy',
]);

/** What the guard knows beyond the change set. */
export interface GuardPolicy {
  /**
   * Manifest path of each logical id the stack built from the manifest (e.g. `['database']`,
   * `['loadBalancer', 'targetGroups', 'api']`), read from the templates' metadata.
   */
  readonly pathOf: (logicalId: string) => ManifestPath | undefined;
  /** Manifest paths marked stateful (always includes `database`). */
  readonly stateful: readonly string[];
  /** Manifest paths whose replacement or removal this rollout explicitly allows (`rollout.allowReplace`). */
  readonly allowReplace: readonly string[];
}

export type { BlockedChange };

export type GuardVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly blocked: readonly BlockedChange[] };

/**
 * The stateful guard: blocks any replacement (certain or conditional) or removal of a stateful
 * resource (a data-holding type, or a resource under a manifest path marked stateful) unless the
 * manifest allows it for this rollout. Pure: reads only its arguments.
 */
export function guard(changes: readonly ResourceChange[], policy: GuardPolicy): GuardVerdict {
  const stateful = ['database', ...policy.stateful].map(compilePattern);
  const allowed = policy.allowReplace.map(compilePattern);
  const blocked: BlockedChange[] = [];
  for (const change of changes) {
    const impact = impactOf(change);
    if (!DESTRUCTIVE.has(impact)) continue;
    const path = policy.pathOf(change.logicalId);
    const isStateful =
      STATEFUL_TYPES.has(change.resourceType) ||
      (path !== undefined && stateful.some((p) => matchesPath(p, path)));
    if (!isStateful) continue;
    if (path !== undefined && allowed.some((p) => matchesPath(p, path))) continue;
    const properties = replacingProperties(change);
    blocked.push({
      logicalId: change.logicalId,
      resourceType: change.resourceType,
      ...(change.physicalId ? { physicalId: change.physicalId } : {}),
      impact,
      ...(path ? { path } : {}),
      properties,
      message: describeBlock(change, impact, path, properties),
    });
  }
  return blocked.length === 0 ? { allowed: true } : { allowed: false, blocked };
}

function describeBlock(
  change: ResourceChange,
  impact: ChangeImpact,
  path: ManifestPath | undefined,
  properties: readonly string[],
): string {
  const what = `${change.resourceType} ${change.logicalId}${change.physicalId ? ` (${change.physicalId})` : ''}`;
  const verb =
    impact === 'will-destroy'
      ? 'would be removed'
      : impact === 'will-replace'
        ? 'would be replaced'
        : 'may be replaced';
  const cause = properties.length > 0 ? ` because ${properties.join(', ')} changed` : '';
  // Only a resource built from a declaration can be allowed: its path is a real manifest path.
  const allow = path
    ? `; add "${formatPath(path)}" to rollout.allowReplace to allow it`
    : '; it is not declared in the manifest, so rollout.allowReplace cannot allow it';
  return `${what} ${verb}${cause}: data would be lost${allow}`;
}
