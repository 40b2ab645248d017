/**
 * The awsQuery protocol (RDS, ELBv2, STS, ...): form-encoded requests
 * (`Action=DescribeDBInstances&Version=2014-10-31&Filters.Filter.1.Name=...`) and XML responses
 * (`<OpResponse><OpResult>...</OpResult><ResponseMetadata>...</ResponseMetadata></OpResponse>`).
 */
import type { AwsError, SandboxService } from '../service.js';
import { element, QUERY_STYLE, renderStruct } from './xml.js';

/** A decoded query or EC2 request: the action, the API version and the nested input. */
export interface DecodedRequest {
  action: string;
  version: string;
  input: Record<string, unknown>;
}

/** One level of the dotted-key tree built from a form body. */
export interface FormNode {
  value?: string;
  readonly children: Map<string, FormNode>;
}

/** Keys that would reach `Object.prototype` if used as property names. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses a form-encoded body into a tree keyed by the dot-separated segments of each parameter
 * name. `Action` and `Version` are returned separately.
 */
function parseForm(body: string): { action: string; version: string; root: FormNode } {
  const root: FormNode = { children: new Map() };
  let action = '';
  let version = '';
  for (const [key, value] of new URLSearchParams(body)) {
    if (key === 'Action') {
      action = value;
      continue;
    }
    if (key === 'Version') {
      version = value;
      continue;
    }
    const segments = key.split('.');
    if (segments.some((s) => s === '' || UNSAFE_KEYS.has(s))) {
      continue;
    }
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.value = value;
  }
  return { action, version, root };
}

/** True when the segment is a 1-based list index. */
function isIndex(segment: string): boolean {
  return /^[1-9][0-9]*$/.test(segment);
}

function allIndexes(node: FormNode): boolean {
  if (node.children.size === 0) {
    return false;
  }
  for (const key of node.children.keys()) {
    if (!isIndex(key)) {
      return false;
    }
  }
  return true;
}

/** The children of an all-index node, in index order. */
function indexedChildren(node: FormNode): FormNode[] {
  return [...node.children.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

/**
 * Turns a tree node into a value as both form protocols do: a leaf is its string value (an empty
 * value with no children, how the SDK sends an empty list, stays the empty string), a node whose
 * children are all indexes is a flattened list, any other node a structure. `value` turns each
 * child into a value.
 */
export function formValue(node: FormNode, value: (child: FormNode) => unknown): unknown {
  if (node.children.size === 0) {
    return node.value ?? '';
  }
  if (allIndexes(node)) {
    return indexedChildren(node).map((child) => value(child));
  }
  return formStruct(node, value);
}

function formStruct(node: FormNode, value: (child: FormNode) => unknown): Record<string, unknown> {
  const struct: Record<string, unknown> = {};
  for (const [name, child] of node.children) {
    struct[name] = value(child);
  }
  return struct;
}

/**
 * Decodes a form-encoded request body into its action, version and input; `value` turns each
 * top-level member's tree node into a value. `action` is empty when absent.
 */
export function decodeForm(body: string, value: (node: FormNode) => unknown): DecodedRequest {
  const { action, version, root } = parseForm(body);
  return { action, version, input: formStruct(root, value) };
}

/**
 * Turns a query-protocol tree node into a value. A node whose only child is a wrapper with indexed
 * children is a list (`Names.member.1`, `Filters.Filter.1`,
 * `VpcSecurityGroupIds.VpcSecurityGroupId.1`); a wrapper named `entry` whose items hold
 * `key`/`value` is a map; any other node is read as {@link formValue} reads it.
 */
function queryValue(node: FormNode): unknown {
  const [first, ...others] = node.children;
  if (first && others.length === 0) {
    const [wrapper, only] = first;
    if (!isIndex(wrapper) && allIndexes(only)) {
      const items = indexedChildren(only).map(queryValue);
      return wrapper === 'entry' && items.every(isMapEntry) ? toMap(items) : items;
    }
  }
  return formValue(node, queryValue);
}

function isMapEntry(item: unknown): item is { key: string; value?: unknown } {
  if (item === null || typeof item !== 'object') {
    return false;
  }
  const keys = Object.keys(item);
  return (
    typeof (item as { key?: unknown }).key === 'string' &&
    keys.every((k) => k === 'key' || k === 'value')
  );
}

function toMap(entries: ReadonlyArray<{ key: string; value?: unknown }>): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const entry of entries) {
    map[entry.key] = entry.value ?? '';
  }
  return map;
}

/**
 * Decodes an awsQuery request body into its action, version and an input shaped like the SDK
 * command's input: `Filters.Filter.1.Values.Value.1=x` becomes `{ Filters: [{ Values: ['x'] }] }`.
 * Scalars stay strings (handlers coerce numbers and booleans). `action` is empty when absent.
 */
export function decodeQueryRequest(body: string): DecodedRequest {
  return decodeForm(body, queryValue);
}

/**
 * Encodes an operation's output as the whole awsQuery response document. An `undefined` output (an
 * operation without output members) has no `<OpResult>` element.
 */
export function encodeQueryResult(
  service: SandboxService,
  operation: string,
  output: unknown,
  requestId: string,
): string {
  const xmlns = service.xmlNamespace ? ` xmlns="${service.xmlNamespace}"` : '';
  const result =
    output === undefined
      ? ''
      : `<${operation}Result>${service.renderXml ? service.renderXml(operation, output) : renderStruct(output, {}, QUERY_STYLE)}</${operation}Result>`;
  return (
    `<${operation}Response${xmlns}>${result}` +
    `<ResponseMetadata>${element('RequestId', requestId)}</ResponseMetadata>` +
    `</${operation}Response>`
  );
}

/** Encodes an error as awsQuery's `<ErrorResponse>` document. */
export function encodeQueryError(error: AwsError, requestId: string): string {
  return (
    '<ErrorResponse><Error>' +
    element('Type', error.fault) +
    element('Code', error.code) +
    element('Message', error.message) +
    `</Error>${element('RequestId', requestId)}</ErrorResponse>`
  );
}
