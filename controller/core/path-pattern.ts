/**
 * Dotted path patterns, as used by `drift.ignore` and `drift.severity`: `*` matches exactly one
 * segment, and a pattern also matches every path below it (`services.api` covers `services.api.cpu`).
 */
export interface PathPattern {
  readonly source: string;
  readonly segments: readonly string[];
}

export function compilePattern(source: string): PathPattern {
  return { source, segments: source.split('.') };
}

/** True when the pattern equals the path or one of its ancestors. */
export function matchesPath(pattern: PathPattern, path: readonly string[]): boolean {
  if (pattern.segments.length > path.length) return false;
  return pattern.segments.every((seg, i) => seg === '*' || seg === path[i]);
}

/** Compiled ignore rules: built once per manifest, asked once per compared field. */
export interface IgnoreRules {
  ignores(path: readonly string[]): boolean;
}

export function compileIgnoreRules(sources: readonly string[]): IgnoreRules {
  const patterns = sources.map(compilePattern);
  return { ignores: (path) => patterns.some((p) => matchesPath(p, path)) };
}
