/**
 * Message attributes and bodies as SQS checks them, their size, and the MD5 digests SQS answers
 * (`MD5OfMessageBody`, and `MD5OfMessageAttributes` by SQS's documented algorithm).
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../service.js';
import { isPlainObject } from '../shared/json-value.js';
import { invalidParameterValue } from './errors.js';
import type { SqsMessageAttribute } from './state.js';

/** SQS takes at most 10 message attributes per message. */
export const MAX_MESSAGE_ATTRIBUTES = 10;

/** What SQS allows in a message: `#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF`. */
const FORBIDDEN_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** The hex MD5 of a string's UTF-8 bytes, as `MD5OfMessageBody` carries it. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * Checks a message body's characters.
 *
 * @throws AwsError `InvalidMessageContents` for a character outside SQS's set.
 */
export function checkBody(body: string): void {
  const bad = FORBIDDEN_CHARACTER.exec(body)?.[0];
  if (bad === undefined) return;
  const code = bad.codePointAt(0)?.toString(16).toUpperCase() ?? '';
  throw new AwsError(
    'InvalidMessageContents',
    `Invalid binary character '#x${code}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
  );
}

/** SQS's rules for an attribute name. */
function validName(name: string): boolean {
  return (
    /^[A-Za-z0-9_.-]{1,256}$/.test(name) &&
    !/^(aws\.|amazon\.)/i.test(name) &&
    !name.startsWith('.') &&
    !name.endsWith('.') &&
    !name.includes('..')
  );
}

/** One attribute as sent (`{DataType, StringValue | BinaryValue}`, binary as base64). */
function attribute(name: string, value: unknown): SqsMessageAttribute {
  if (!validName(name)) {
    throw new AwsError(
      'InvalidParameterValue',
      `Message (user) attribute name '${name}' is invalid.`,
    );
  }
  const fields = isPlainObject(value) ? value : {};
  const dataType = typeof fields.DataType === 'string' ? fields.DataType : '';
  const kind = /^(String|Number|Binary)(\.|$)/.exec(dataType)?.[1];
  if (kind === undefined || dataType.length > 256) {
    throw new AwsError(
      'InvalidParameterValue',
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  const empty = new AwsError(
    'InvalidParameterValue',
    `Message (user) attribute '${name}' must contain a non-empty value of message attribute type '${kind}'.`,
  );
  if (kind === 'Binary') {
    const binary = fields.BinaryValue;
    if (typeof binary !== 'string' || binary === '') throw empty;
    return { DataType: dataType, BinaryValue: binary };
  }
  const text = fields.StringValue;
  if (typeof text !== 'string' || text === '') throw empty;
  if (kind === 'Number' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) {
    throw new AwsError(
      'InvalidParameterValue',
      `Could not cast message attribute '${name}' value to number.`,
    );
  }
  return { DataType: dataType, StringValue: text };
}

/**
 * The `MessageAttributes` map of a send, checked as SQS checks it.
 *
 * @throws AwsError `InvalidParameterValue` for more than 10 attributes, a bad name, type or value.
 */
export function messageAttributes(raw: unknown): Record<string, SqsMessageAttribute> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw invalidParameterValue('MessageAttributes', raw);
  const entries = Object.entries(raw);
  if (entries.length > MAX_MESSAGE_ATTRIBUTES) {
    throw new AwsError(
      'InvalidParameterValue',
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  return Object.fromEntries(entries.map(([name, value]) => [name, attribute(name, value)]));
}

function valueBytes(attribute: SqsMessageAttribute): Buffer {
  return attribute.BinaryValue === undefined
    ? Buffer.from(attribute.StringValue ?? '', 'utf8')
    : Buffer.from(attribute.BinaryValue, 'base64');
}

/** The bytes SQS counts against a queue's `MaximumMessageSize`: the body and every attribute's name, type and value. */
export function messageBytes(
  body: string,
  attributes: Record<string, SqsMessageAttribute>,
): number {
  let bytes = Buffer.byteLength(body, 'utf8');
  for (const [name, attribute] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType, 'utf8');
    bytes += valueBytes(attribute).length;
  }
  return bytes;
}

/**
 * `MD5OfMessageAttributes` by SQS's algorithm: for each attribute in name order, the name, the data
 * type and the value, each as a 4-byte big-endian length and its bytes, with a transport byte (1 for
 * String and Number, 2 for Binary) before the value; the MD5 of all of it, in hex.
 *
 * @returns `undefined` for no attributes (SQS then answers no digest).
 */
export function md5OfAttributes(
  attributes: Record<string, SqsMessageAttribute>,
): string | undefined {
  const names = Object.keys(attributes).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  const field = (bytes: Buffer): void => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  };
  for (const name of names) {
    const attribute = attributes[name] as SqsMessageAttribute;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(attribute.DataType, 'utf8'));
    hash.update(Buffer.from([attribute.BinaryValue === undefined ? 1 : 2]));
    field(valueBytes(attribute));
  }
  return hash.digest('hex');
}
