import type { ComparatorName } from '../model/drift.js';

/**
 * Named comparators. Each answers "does the live value satisfy the declared one?" and nothing else;
 * normalization happens before, priority after.
 */
export type Comparator = (declared: unknown, live: unknown) => boolean;

/** Structural equality over JSON-like values; key order of objects does not matter. */
export function exact(declared: unknown, live: unknown): boolean {
  if (Object.is(declared, live)) return true;
  if (Array.isArray(declared) && Array.isArray(live)) {
    return declared.length === live.length && declared.every((d, i) => exact(d, live[i]));
  }
  if (isRecord(declared) && isRecord(live)) {
    const keys = new Set([...Object.keys(declared), ...Object.keys(live)]);
    return [...keys].every((k) => exact(declared[k], live[k]));
  }
  return false;
}

/** The live number lies within the declared inclusive range (desiredCount under auto-scaling). */
export function withinRange(declared: unknown, live: unknown): boolean {
  if (!isRange(declared) || typeof live !== 'number') return false;
  return live >= declared.min && live <= declared.max;
}

/** Same members regardless of order and repetition. */
export function setEqual(declared: unknown, live: unknown): boolean {
  if (!Array.isArray(declared) || !Array.isArray(live)) return exact(declared, live);
  const a = new Set(declared.map((v) => JSON.stringify(v)));
  const b = new Set(live.map((v) => JSON.stringify(v)));
  return a.size === b.size && [...a].every((v) => b.has(v));
}

/** Image references after normalization (`nginx` is `docker.io/library/nginx:latest`). */
export function imageRef(declared: unknown, live: unknown): boolean {
  if (typeof declared !== 'string' || typeof live !== 'string') return false;
  return normalizeImageRef(declared) === normalizeImageRef(live);
}

/** A declared version prefix (`16`) accepts any live version within it (`16.4`). */
export function versionPrefix(declared: unknown, live: unknown): boolean {
  if (typeof declared !== 'string' || typeof live !== 'string') return false;
  return live === declared || live.startsWith(`${declared}.`);
}

export const COMPARATORS: Readonly<Record<ComparatorName, Comparator>> = {
  exact,
  withinRange,
  setEqual,
  imageRef,
  versionPrefix,
  presence: (declared, live) => (declared === undefined) === (live === undefined),
};

/**
 * Canonical form of a container image reference: registry host, repository, and tag or digest.
 * Docker Hub's implicit registry (`docker.io`), `library/` namespace and `latest` tag are made explicit.
 */
export function normalizeImageRef(ref: string): string {
  let rest = ref.trim();
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasRegistry =
    slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : 'docker.io';
  let repo = hasRegistry ? rest.slice(slash + 1) : rest;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  const colon = repo.lastIndexOf(':');
  let tag = '';
  if (colon >= 0) {
    tag = repo.slice(colon + 1);
    repo = repo.slice(0, colon);
  }
  if (registry === 'docker.io' && !repo.includes('/')) repo = `library/${repo}`;
  if (!tag && !digest) tag = 'latest';
  return `${registry}/${repo.toLowerCase()}${tag ? `:${tag}` : ''}${digest}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A declared range such as `desiredCount` under auto-scaling: `{ min, max }`. */
export function isRange(v: unknown): v is { min: number; max: number } {
  return isRecord(v) && typeof v.min === 'number' && typeof v.max === 'number';
}
