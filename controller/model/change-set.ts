import type { ManifestPath } from './manifest-path.js';

/**
 * A CloudFormation change set, in CloudFormation's own vocabulary (Action, Replacement,
 * RequiresRecreation), as read from DescribeChangeSet.
 */
export type ChangeAction = 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic';
export type Replacement = 'True' | 'False' | 'Conditional';
export type RequiresRecreation = 'Always' | 'Conditionally' | 'Never';

export interface ChangeDetail {
  /** `Properties`, `Tags`, `Metadata`, ... */
  readonly attribute: string;
  /** Property name, for `Properties` changes. */
  readonly name?: string;
  readonly requiresRecreation?: RequiresRecreation;
}

export interface ResourceChange {
  readonly action: ChangeAction;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly resourceType: string;
  /** Set for `Modify`. */
  readonly replacement?: Replacement;
  readonly details: readonly ChangeDetail[];
}

/** What a change does to the resource, worst last: the guard blocks the last three on stateful resources. */
export type ChangeImpact =
  | 'none'
  | 'create'
  | 'update'
  | 'may-replace'
  | 'will-replace'
  | 'will-destroy';

/** The impact of one change on the live resource. */
export function impactOf(change: Pick<ResourceChange, 'action' | 'replacement'>): ChangeImpact {
  switch (change.action) {
    case 'Add':
    case 'Import':
      return 'create';
    case 'Remove':
      return 'will-destroy';
    case 'Modify':
      return change.replacement === 'True'
        ? 'will-replace'
        : change.replacement === 'Conditional'
          ? 'may-replace'
          : 'update';
    case 'Dynamic':
      return 'may-replace';
  }
}

/** The properties whose change forces (or may force) the resource's replacement. */
export function replacingProperties(change: ResourceChange): string[] {
  return change.details
    .filter((d) => d.requiresRecreation === 'Always' || d.requiresRecreation === 'Conditionally')
    .map((d) => d.name ?? d.attribute);
}

/** A change the stateful guard refused, with the reason people read. */
export interface BlockedChange {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly physicalId?: string;
  readonly impact: ChangeImpact;
  /** Manifest path of the resource, when it was built from a declaration. */
  readonly path?: ManifestPath;
  /** Properties that force the replacement; empty for a removal. */
  readonly properties: readonly string[];
  readonly message: string;
}
