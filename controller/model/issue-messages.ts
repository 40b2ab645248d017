import { z } from 'zod';

/**
 * Short, consistent validation messages for manifest issues.
 *
 * Zod's defaults ("Too big: expected number to be <=35") are written for developers; these are
 * written for the person editing the YAML, and they name the allowed values whenever there is a set:
 *
 * | issue                 | message                                          |
 * | --------------------- | ------------------------------------------------ |
 * | missing field         | `is required`                                    |
 * | wrong type            | `expected number, got string`                    |
 * | enum or literal       | `must be one of: internet-facing, internal`      |
 * | number bounds         | `must be between 0 and 35`, `must be at least 1` |
 * | list or text length   | `must not be empty`, `must have at most 6 items` |
 * | unknown key           | `unknown key "desiredCont"; did you mean "desiredCount"?` |
 *
 * Messages written in the schema itself (regexes, cross-field rules) take precedence over these.
 */

type RawIssue = z.core.$ZodRawIssue;

/** The error map to pass to `safeParse` so every issue carries a message in the manifest style. */
export const manifestErrorMap: z.core.$ZodErrorMap = (issue) => messageFor(issue);

function messageFor(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue.expected, issue.input);
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return unionMessage(issue.errors, issue.input);
    case 'too_small':
      return sizeMessage(
        issue.origin,
        issue.schema,
        issue.inclusive === false ? 'gt' : 'min',
        issue.minimum,
      );
    case 'too_big':
      return sizeMessage(
        issue.origin,
        issue.schema,
        issue.inclusive === false ? 'lt' : 'max',
        issue.maximum,
      );
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern
        ? `must match ${issue.pattern}`
        : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_key':
      return issue.issues.map((i) => i.message).join('; ');
    case 'unrecognized_keys':
      return issue.keys.map((k) => unknownKeyMessage(k, [])).join('; ');
    default:
      return undefined;
  }
}

/** `unknown key "desiredCont"; did you mean "desiredCount"?` — suggests a known key within edit distance 2. */
export function unknownKeyMessage(key: string, knownKeys: readonly string[]): string {
  const suggestion = closest(key, knownKeys);
  return `unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

/** `unsupported manifest version 2; supported: 1`. */
export function versionMessage(found: unknown, supported: number): string {
  return `unsupported manifest version ${describeValue(found)}; supported: ${supported}`;
}

/** `must equal the file name "dev", got "qa"`, for `environment.name`. */
export function fileNameMessage(expected: string, declared: string): string {
  return `must equal the file name "${expected}", got "${declared}"`;
}

/**
 * A YAML error in the manifest style: lower case, no final period, no parser API names.
 * `key` names the duplicated key for `DUPLICATE_KEY` (yaml reports only where it starts).
 */
export function yamlMessage(code: string, message: string, key?: () => string): string {
  if (code === 'DUPLICATE_KEY' && key) return `duplicate key "${key()}"`;
  if (code === 'MULTIPLE_DOCS')
    return 'a manifest holds one YAML document; a second one starts here';
  const trimmed = message.replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/**
 * The keys a strict object accepts at `path` of `schema` (list indexes and record keys step into
 * their element types); empty when the path does not lead to an object.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (node instanceof z.ZodObject) node = node.shape[String(segment)] as z.ZodType | undefined;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else return [];
    node = node && unwrap(node);
  }
  if (node instanceof z.ZodUnion)
    // A union of mappings (the two forms of a freeze window): the keys of every form.
    return [
      ...new Set(
        node.options.flatMap((o) => (o instanceof z.ZodObject ? Object.keys(o.shape) : [])),
      ),
    ];
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  while (
    node instanceof z.ZodOptional ||
    node instanceof z.ZodDefault ||
    node instanceof z.ZodNullable
  ) {
    node = node.unwrap() as z.ZodType;
  }
  return node;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'mapping',
  record: 'mapping',
  array: 'list',
  int: 'integer',
};

function typeMessage(expected: string, input: unknown): string {
  if (input === undefined) return 'is required';
  const wanted = TYPE_NAMES[expected] ?? expected;
  if (expected === 'int' && typeof input === 'number') return `expected integer, got ${input}`;
  const got = describeType(input);
  // YAML reads 8080, true and 000000000000 as a number or boolean unless quoted.
  const hint =
    expected === 'string' && (got === 'number' || got === 'boolean') ? '; quote the value' : '';
  return `expected ${wanted}, got ${got}${hint}`;
}

function unionMessage(branches: readonly (readonly z.core.$ZodIssue[])[], input: unknown): string {
  const options = branches.flatMap((issues) =>
    issues
      .filter((i) => i.path.length === 0)
      .flatMap((i) => {
        if (i.code === 'invalid_value') return i.values.map((v) => JSON.stringify(v));
        if (i.code === 'invalid_type') return [TYPE_NAMES[i.expected] ?? i.expected];
        return [];
      }),
  );
  return options.length > 0
    ? `expected ${options.join(' or ')}, got ${describeType(input)}`
    : 'matches none of the allowed forms';
}

type Bound = 'min' | 'max' | 'gt' | 'lt';

function sizeMessage(
  origin: string,
  schema: z.core.$ZodType | undefined,
  bound: Bound,
  limit: number | bigint,
): string {
  const n = Number(limit);
  if (bound === 'gt') return `must be greater than ${n}`;
  if (bound === 'lt') return `must be less than ${n}`;
  const unit =
    origin === 'array' || origin === 'set' ? 'item' : origin === 'string' ? 'character' : '';
  if (unit && bound === 'min' && n === 1) return 'must not be empty';
  const other = schema ? boundsOf(schema)[bound === 'min' ? 'max' : 'min'] : undefined;
  const counted = (k: number) => (unit ? ` ${unit}${k === 1 ? '' : 's'}` : '');
  const verb = unit ? 'must have' : 'must be';
  if (other !== undefined) {
    const [lo, hi] = bound === 'min' ? [n, other] : [other, n];
    return `${verb} between ${lo} and ${hi}${counted(2)}`;
  }
  return `${verb} ${bound === 'min' ? 'at least' : 'at most'} ${n}${counted(n)}`;
}

/**
 * Both bounds of a number, list or text schema, read from its JSON Schema so that
 * "between 0 and 35" can be said when only one of them was crossed. The integer check's implicit
 * ±(2^53 - 1) is not a bound anyone wrote, so it is left out.
 */
function boundsOf(schema: z.core.$ZodType): { min?: number; max?: number } {
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    return {};
  }
  const pick = (...keys: string[]) => {
    const value = keys.map((k) => json[k]).find((v) => typeof v === 'number');
    return typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER
      ? value
      : undefined;
  };
  const min = pick('minimum', 'minItems', 'minLength');
  const max = pick('maximum', 'maxItems', 'maxLength');
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'mapping' : typeof value;
}

function describeValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    // Two edits turn any two-letter key into any other: short keys need a closer match.
    const close = distance <= 2 && distance < key.length - 1;
    if (close && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
