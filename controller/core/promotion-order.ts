/**
 * Promotion order across environments, from each manifest's `rollout.after`.
 *
 * An environment comes after the one it names; environments that are otherwise unordered go
 * alphabetically. Each environment names at most one predecessor, so the graph is a forest unless
 * some `after` chain loops back on itself.
 */
export interface PromotionOrder {
  /** Every environment, predecessors first; members of a cycle (and what follows them) last, alphabetically. */
  readonly order: string[];
  /** Each cycle once, in promotion order, starting with its alphabetically first member. */
  readonly cycles: string[][];
}

/**
 * Orders environments by promotion. `after` maps each environment to the one it follows;
 * a name that is not itself a key is treated as no predecessor (reporting it is the caller's job).
 *
 * @example
 * promotionOrder(new Map([['prod', 'staging'], ['dev', undefined], ['staging', 'dev']])).order;
 * // ['dev', 'staging', 'prod']
 */
export function promotionOrder(after: ReadonlyMap<string, string | undefined>): PromotionOrder {
  const predecessor = (env: string) => {
    const p = after.get(env);
    return p !== undefined && after.has(p) ? p : undefined;
  };
  const followers = new Map<string, string[]>();
  for (const env of after.keys()) {
    const p = predecessor(env);
    if (p !== undefined) followers.set(p, [...(followers.get(p) ?? []), env]);
  }

  // Kahn's algorithm, always taking the alphabetically first ready environment.
  const ready = [...after.keys()].filter((env) => predecessor(env) === undefined).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const env = ready.shift() as string;
    order.push(env);
    ready.push(...(followers.get(env) ?? []));
    ready.sort();
  }

  const placed = new Set(order);
  const stuck = [...after.keys()].filter((env) => !placed.has(env)).sort();
  return { order: [...order, ...stuck], cycles: findCycles(stuck, predecessor) };
}

/**
 * The cycle through `env`, in promotion order, starting and ending with `env`
 * (`dev -> staging -> dev`); `undefined` when `env` is on no cycle.
 */
export function cycleThrough(env: string, cycles: readonly string[][]): string[] | undefined {
  const cycle = cycles.find((c) => c.includes(env));
  if (!cycle) return undefined;
  const start = cycle.indexOf(env);
  return [...cycle.slice(start), ...cycle.slice(0, start), env];
}

function findCycles(
  stuck: readonly string[],
  predecessor: (env: string) => string | undefined,
): string[][] {
  const seen = new Set<string>();
  const cycles: string[][] = [];
  for (const start of stuck) {
    // Walk back through predecessors until an environment repeats: the repeat closes a cycle.
    const walk: string[] = [];
    let env: string | undefined = start;
    while (env !== undefined && !seen.has(env) && !walk.includes(env)) {
      walk.push(env);
      env = predecessor(env);
    }
    if (env !== undefined && walk.includes(env)) {
      const members = walk.slice(walk.indexOf(env)).reverse();
      const first = [...members].sort()[0] as string;
      const at = members.indexOf(first);
      cycles.push([...members.slice(at), ...members.slice(0, at)]);
    }
    for (const e of walk) seen.add(e);
  }
  return cycles;
}
