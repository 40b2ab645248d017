/**
 * Small helpers over resolved template values: structural equality, and the placeholders that stand
 * for values not known until a change set executes (what a resource to be created or replaced returns).
 */

const PLACEHOLDER_PREFIX = '{{sandbox:unresolved:';
const PLACEHOLDER = /\{\{sandbox:unresolved:([^}]*)\}\}/g;

/** A placeholder for the not-yet-known value of `entity` (`Api` for a Ref, `Api.Arn` for a GetAtt). */
export function placeholder(entity: string): string {
  return `${PLACEHOLDER_PREFIX}${entity}}}`;
}

/** True when `value` holds a placeholder anywhere. */
export function hasPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(PLACEHOLDER_PREFIX);
  if (Array.isArray(value)) return value.some(hasPlaceholder);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasPlaceholder);
  return false;
}

/** The entities whose placeholders `value` holds. */
export function placeholderEntities(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const match of node.matchAll(PLACEHOLDER)) found.add(match[1] ?? '');
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (node !== null && typeof node === 'object') {
      for (const child of Object.values(node)) visit(child);
    }
  };
  visit(value);
  return [...found];
}

/** Structural equality of JSON-like values (object key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) =>
    deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** A deep copy of a JSON value. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** An output or parameter value as CloudFormation reports it: lists comma-joined, others as text. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(asText).join(',');
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A property value as ResourceTargetDefinition's BeforeValue/AfterValue show it. */
export function shownValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
