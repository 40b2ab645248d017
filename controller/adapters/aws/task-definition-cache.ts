import type { TaskDefinitionState } from '../../model/live-state.js';

/** Options of {@link TaskDefinitionCache}. */
export interface TaskDefinitionCacheOptions {
  /**
   * Most revisions kept; the oldest entry is dropped beyond it.
   * @default 1000
   */
  readonly maxEntries?: number;
}

/**
 * Task definition revisions by ARN. A revision never changes once registered, so an entry never
 * goes stale and is kept for the life of the process (bounded by `maxEntries`). Concurrent
 * lookups of one ARN share a single in-flight load; a failed load is forgotten so the next scan
 * tries again.
 *
 * @example
 * const cache = new TaskDefinitionCache();
 * const td = await cache.get(arn, (a) => describeTaskDefinition(ecs, a));
 */
export class TaskDefinitionCache {
  readonly #entries = new Map<string, Promise<TaskDefinitionState>>();
  readonly #maxEntries: number;

  constructor(options: TaskDefinitionCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 1000;
  }

  /** The revision at `arn`, from the cache or from `load`. */
  get(
    arn: string,
    load: (arn: string) => Promise<TaskDefinitionState>,
  ): Promise<TaskDefinitionState> {
    const cached = this.#entries.get(arn);
    if (cached) return cached;
    const loading = load(arn);
    this.#entries.set(arn, loading);
    loading.catch(() => {
      if (this.#entries.get(arn) === loading) this.#entries.delete(arn);
    });
    this.#evict();
    return loading;
  }

  /** Number of revisions held (loaded or loading). */
  get size(): number {
    return this.#entries.size;
  }

  #evict(): void {
    for (const arn of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) return;
      this.#entries.delete(arn);
    }
  }
}
