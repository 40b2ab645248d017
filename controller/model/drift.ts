import type { Priority } from './manifest.js';
import type { ManifestPath } from './manifest-path.js';
import type { ResourceKey } from './resource-key.js';
import { PRIORITIES } from './vocabulary.js';

export type { Priority };

/** What reconciling a drift would do to the live resource. */
export type DriftAction = 'create' | 'update' | 'delete';

/** The named comparators a field can be checked with. */
export type ComparatorName =
  | 'exact'
  | 'withinRange'
  | 'setEqual'
  | 'imageRef'
  | 'versionPrefix'
  | 'presence';

/** One difference between the manifest and the live state. */
export interface Drift {
  readonly key: ResourceKey;
  /** Manifest path of the declared field, or of the declaration for a missing resource. */
  readonly path: ManifestPath;
  readonly declared: unknown;
  readonly live: unknown;
  readonly comparator: ComparatorName;
  readonly priority: Priority;
  readonly action: DriftAction;
  readonly message: string;
}

/** A declared resource that could not be read: never counted as in sync. */
export interface Unchecked {
  readonly key: ResourceKey;
  readonly path: ManifestPath;
  readonly reason: string;
}

/** Lower index is more urgent. */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

/** The more urgent of two priorities; `null` stands for "nothing". */
export function worst(a: Priority | null, b: Priority | null): Priority | null {
  if (a === null) return b;
  if (b === null) return a;
  return priorityRank(a) <= priorityRank(b) ? a : b;
}

/** The most urgent priority among drifts, or `null` when there are none. */
export function worstOf(drifts: readonly Pick<Drift, 'priority'>[]): Priority | null {
  return drifts.reduce<Priority | null>((acc, d) => worst(acc, d.priority), null);
}
