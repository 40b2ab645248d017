/**
 * Template text to template object: JSON, or YAML with CloudFormation's short-form tags (`!Ref`,
 * `!GetAtt A.B`, `!Sub`, `!If`, ...), with AWS's "Template format error" messages.
 */
import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { AwsError } from '../../service.js';

/** Largest inline TemplateBody, in bytes. */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;
/** Largest template read from a TemplateURL, in bytes. */
export const MAX_TEMPLATE_URL_BYTES = 1_000_000;

/** Parses template text, JSON when it starts with `{`, YAML otherwise. */
export function parseTemplateText(text: string): unknown {
  return text.trimStart().startsWith('{') ? parseJson(text) : parseYaml(text);
}

/**
 * Rejects an inline template over AWS's limit with AWS's message.
 *
 * @throws AwsError ValidationError.
 */
export function checkTemplateBodySize(body: string): void {
  if (Buffer.byteLength(body, 'utf8') > MAX_TEMPLATE_BODY_BYTES) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${body}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY_BYTES}`,
    );
  }
}

function formatError(detail: string): AwsError {
  return new AwsError('ValidationError', `Template format error: ${detail}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    if (where?.[1] === undefined) throw formatError('JSON not well-formed.');
    const before = text.slice(0, Number(where[1])).split('\n');
    const column = (before.at(-1)?.length ?? 0) + 1;
    throw formatError(`JSON not well-formed. (line ${before.length}, column ${column})`);
  }
}

/** Short-form tags whose argument is the function's argument as written. */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

function parseYaml(text: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true });
  const [error] = document.errors;
  if (error !== undefined) {
    const position = error.linePos?.[0];
    throw formatError(
      position === undefined
        ? 'YAML not well-formed.'
        : `YAML not well-formed. (line ${position.line}, column ${position.col})`,
    );
  }
  return toValue(document.contents);
}

function toValue(node: Node | null | undefined | unknown): unknown {
  if (node === null || node === undefined) return null;
  let value: unknown;
  if (isMap(node)) {
    const map: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = toValue(pair.key);
      map[String(key)] = toValue(pair.value);
    }
    value = map;
  } else if (isSeq(node)) {
    value = node.items.map(toValue);
  } else if (isScalar(node)) {
    value = node.value;
  } else {
    return node;
  }
  const tag = (node as { tag?: string }).tag;
  if (tag === undefined || !tag.startsWith('!')) return value;
  if (tag === '!GetAtt') {
    if (typeof value !== 'string') return { 'Fn::GetAtt': value };
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  const name = SHORT_FORMS[tag];
  if (name === undefined) throw formatError(`Unknown tag ${tag}.`);
  return { [name]: value };
}
