import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from 'yaml';
import type { z } from 'zod';
import type { ManifestIssue } from './errors.js';
import {
  fileNameMessage,
  knownKeysAt,
  manifestErrorMap,
  unknownKeyMessage,
  versionMessage,
  yamlMessage,
} from './issue-messages.js';
import { type DesiredState, manifestShape } from './manifest.js';
import { manifestSchema } from './manifest-invariants.js';
import { err, ok, type Result } from './result.js';
import { fittingBranchIssues } from './union-issues.js';
import { MANIFEST_VERSION } from './vocabulary.js';

/** Options of {@link parseManifest}. */
export interface ParseManifestOptions {
  /**
   * The environment the file is expected to declare (its base name, `dev` for `environments/dev.yaml`);
   * `environment.name` must equal it.
   * @default - not checked
   */
  readonly expectedEnvironment?: string;
}

type Path = readonly PropertyKey[];

/**
 * Parses and validates one manifest. Pure: the caller reads the file.
 *
 * Every issue is located at its YAML node (1-based line and column) and named by a dotted path in
 * which list items go by their `name` (`services.api.cpu`), listeners by their `port`
 * (`loadBalancer.listeners.443.forward`), and anything else by its index, so validation paths
 * read like drift paths. Issues are sorted by position.
 *
 * Checks run in three phases, each only when the previous one passed, so one mistake yields one
 * issue rather than a cascade: YAML syntax (including duplicate keys and tab indentation), then
 * field rules (`manifestShape`), then cross-field rules (`manifestSchema`). The file-name check
 * (`options.expectedEnvironment`) runs whenever `environment.name` is a string.
 *
 * @example
 * const result = parseManifest(text, 'desired-state/environments/dev.yaml', { expectedEnvironment: 'dev' });
 * if (!result.ok) console.error(result.errors.map(formatManifestIssue).join('\n'));
 */
export function parseManifest(
  text: string,
  file: string,
  options: ParseManifestOptions = {},
): Result<DesiredState, ManifestIssue> {
  const source = new ManifestSourceText(text, file);
  const syntax = source.syntaxIssues();
  if (syntax.length > 0) return err(sortIssues(syntax));
  const data = source.data;
  // Field rules first, cross-field rules only on a well-formed manifest: an invalid region
  // should not also produce one "availability zone not in region" issue per zone.
  const shaped = manifestShape.safeParse(data, { error: manifestErrorMap });
  const parsed = shaped.success
    ? manifestSchema.safeParse(data, { error: manifestErrorMap })
    : shaped;
  const issues = parsed.success ? [] : parsed.error.issues.flatMap((i) => source.fromZod(i));
  const declared = lookup(data, ['environment', 'name']);
  const expected = options.expectedEnvironment;
  if (expected !== undefined && typeof declared === 'string' && declared !== expected)
    issues.push(source.at(['environment', 'name'], fileNameMessage(expected, declared)));
  return issues.length > 0 || !parsed.success ? err(sortIssues(issues)) : ok(parsed.data);
}

/**
 * An issue located at `path` of a manifest's source: for checks that span several manifests,
 * such as promotion order, which only the caller holding all of them can make.
 */
export function manifestIssueAt(
  text: string,
  file: string,
  path: Path,
  message: string,
): ManifestIssue {
  return new ManifestSourceText(text, file).at(path, message);
}

/** Orders issues by file, then line and column, then path and message, so output is stable. */
export function sortIssues(issues: readonly ManifestIssue[]): ManifestIssue[] {
  return [...issues].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  );
}

/** One manifest's text, its YAML document and positions. */
class ManifestSourceText {
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;
  private js: { value: unknown } | { error: unknown } | undefined;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.doc = parseDocument(text, {
      lineCounter: this.lines,
      uniqueKeys: true,
      prettyErrors: false,
    });
  }

  /** The document as plain data; `undefined` when it cannot be converted (see {@link syntaxIssues}). */
  get data(): unknown {
    const js = this.toJS();
    return 'value' in js ? js.value : undefined;
  }

  private toJS(): { value: unknown } | { error: unknown } {
    if (!this.js) {
      try {
        this.js = { value: this.doc.toJS() };
      } catch (error) {
        this.js = { error };
      }
    }
    return this.js;
  }

  syntaxIssues(): ManifestIssue[] {
    const issues = this.doc.errors.map((e) =>
      this.issue(
        e.pos[0],
        '',
        yamlMessage(e.code, e.message, () => this.keyAt(e.pos[0])),
      ),
    );
    if (issues.length > 0) return issues;
    if (this.doc.contents === null) return [this.issue(0, '', 'the manifest is empty')];
    const js = this.toJS();
    if ('value' in js) return this.lostKeys();
    // toJS throws on an alias whose anchor is missing; report it at the alias.
    let offset = 0;
    visit(this.doc, {
      Alias: (_, alias) => {
        if (!alias.resolve(this.doc)) offset = alias.range?.[0] ?? 0;
      },
    });
    const message = js.error instanceof Error ? js.error.message : String(js.error);
    return [this.issue(offset, '', yamlMessage('', message))];
  }

  /**
   * Keys that plain JavaScript objects cannot hold (`__proto__` sets the prototype instead), which
   * would otherwise vanish between the file and the schema without a word.
   */
  private lostKeys(): ManifestIssue[] {
    const issues: ManifestIssue[] = [];
    visit(this.doc, {
      Pair: (_, pair) => {
        if (isScalar(pair.key) && pair.key.value === '__proto__')
          issues.push(
            this.issue(
              pair.key.range?.[0] ?? 0,
              '',
              '"__proto__" cannot be used as a key: it would be lost when the manifest is read',
            ),
          );
      },
    });
    return issues;
  }

  /** One zod issue becomes one manifest issue, or one per key for unknown keys. */
  fromZod(issue: z.core.$ZodIssue): ManifestIssue[] {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(manifestShape, issue.path);
      const present = Object.keys(asRecord(lookup(this.data, issue.path)));
      const suggestable = known.filter((k) => !present.includes(k));
      return issue.keys.map((key) =>
        this.at([...issue.path, key], unknownKeyMessage(key, suggestable), 'key'),
      );
    }
    if (issue.code === 'invalid_union') {
      const branch = fittingBranchIssues(issue);
      if (branch) return branch.flatMap((i) => this.fromZod(i));
    }
    if (issue.code === 'invalid_value' && issue.path.length === 1 && issue.path[0] === 'version') {
      return [this.at(issue.path, versionMessage(lookup(this.data, issue.path), MANIFEST_VERSION))];
    }
    return [this.at(issue.path, issue.message, issue.code === 'invalid_key' ? 'key' : 'value')];
  }

  /** An issue at the node for `path`: its key, its value, or the nearest node that exists. */
  at(path: Path, message: string, point: 'key' | 'value' = 'value'): ManifestIssue {
    const { node, key, found } = this.locate(path);
    const empty = isScalar(node) && node.value === null && node.source === '';
    const target = found && key && (point === 'key' || empty) ? key : node;
    return this.issue(target?.range?.[0] ?? 0, renderPath(this.data, path), message);
  }

  private locate(path: Path): { node: Node | null; key: Node | null; found: boolean } {
    let node: Node | null = this.doc.contents;
    let key: Node | null = null;
    for (const segment of path) {
      const pair = isMap(node)
        ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))
        : undefined;
      const item = isSeq(node) && typeof segment === 'number' ? node.items[segment] : undefined;
      let next: unknown = pair ? pair.value : item;
      if (isAlias(next)) next = next.resolve(this.doc);
      if (!pair && !isNode(next)) return { node, key: null, found: false };
      key = isNode(pair?.key) ? pair.key : null;
      node = isNode(next) ? next : key;
    }
    return { node, key, found: true };
  }

  /** The text of the key that starts at `offset` (yaml reports a duplicate key by its first character). */
  private keyAt(offset: number): string {
    let found = '';
    visit(this.doc, {
      Pair: (_, pair) => {
        if (isScalar(pair.key) && pair.key.range?.[0] === offset) found = String(pair.key.value);
      },
    });
    return found;
  }

  private issue(offset: number, path: string, message: string): ManifestIssue {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col, path, message };
  }
}

/**
 * Dotted path with list items named for people: by `name`, by `port` when they have no name
 * (listeners), else by index.
 */
function renderPath(data: unknown, path: Path): string {
  const out: string[] = [];
  let node = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number')
      out.push(itemLabel(node[segment], segment));
    else out.push(String(segment));
    node = lookup(node, [segment]);
  }
  return out.join('.');
}

function itemLabel(item: unknown, index: number): string {
  const { name, port } = asRecord(item);
  if (typeof name === 'string' && /^[A-Za-z0-9_-]+$/.test(name)) return name;
  if (Number.isInteger(port)) return String(port);
  return String(index);
}

function lookup(data: unknown, path: Path): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
