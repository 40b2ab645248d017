/**
 * Where a request's template comes from: `TemplateBody`, `TemplateURL` (an S3 object, read from the
 * sandbox's S3 state) or `UsePreviousTemplate`.
 */
import { AwsError } from '../../service.js';
import type { SandboxState } from '../../state.js';
import { checkTemplateBodySize, MAX_TEMPLATE_URL_BYTES } from './text.js';

/** Reads an S3 object's body as text, `undefined` when the bucket or key does not exist. */
export type S3ObjectReader = (
  state: SandboxState,
  bucket: string,
  key: string,
) => string | undefined;

/** An S3 object location. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

const VIRTUAL_HOSTED = /^(.+?)\.s3(?:[.-][a-z0-9.-]+)?\.amazonaws\.com(?:\.cn)?$/;
const PATH_STYLE = /^s3(?:[.-][a-z0-9.-]+)?\.amazonaws\.com(?:\.cn)?$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The bucket and key of a template URL: virtual-hosted (`https://<bucket>.s3.<region>.amazonaws.com/<key>`,
 * `https://<bucket>.s3.amazonaws.com/<key>`), path-style (`https://s3.<region>.amazonaws.com/<bucket>/<key>`)
 * or the sandbox's own (`http://127.0.0.1:<port>/<bucket>/<key>`); `undefined` for anything else.
 */
export function parseTemplateUrl(text: string): S3Location | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const segments = url.pathname.split('/').slice(1).map(decodeSegment);
  const virtual = VIRTUAL_HOSTED.exec(url.hostname);
  if (virtual?.[1] !== undefined) return location(virtual[1], segments);
  if (PATH_STYLE.test(url.hostname) || LOOPBACK.has(url.hostname)) {
    const [bucket, ...key] = segments;
    return bucket === undefined ? undefined : location(bucket, key);
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function location(bucket: string, key: readonly string[]): S3Location | undefined {
  const joined = key.join('/');
  return bucket === '' || joined === '' ? undefined : { bucket, key: joined };
}

/** The template fields of CreateChangeSet, CreateStack and UpdateStack. */
export interface TemplateSourceInput {
  readonly TemplateBody?: unknown;
  readonly TemplateURL?: unknown;
  readonly UsePreviousTemplate?: unknown;
}

/**
 * The template text a request names.
 *
 * @param previous the stack's current template text, for `UsePreviousTemplate`
 * @throws AwsError ValidationError as AWS answers a missing, doubled, too large or unreadable template.
 */
export function templateText(
  state: SandboxState,
  input: TemplateSourceInput,
  readObject: S3ObjectReader,
  previous?: string,
): string {
  const body = typeof input.TemplateBody === 'string' ? input.TemplateBody : undefined;
  const url = typeof input.TemplateURL === 'string' ? input.TemplateURL : undefined;
  const usePrevious = String(input.UsePreviousTemplate) === 'true';
  if ([body, url].filter((value) => value !== undefined).length + (usePrevious ? 1 : 0) > 1) {
    throw new AwsError(
      'ValidationError',
      'Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.',
    );
  }
  if (usePrevious) {
    if (previous === undefined) {
      throw new AwsError('ValidationError', 'UsePreviousTemplate requires an existing stack.');
    }
    return previous;
  }
  if (body !== undefined) {
    checkTemplateBodySize(body);
    return body;
  }
  if (url === undefined) {
    throw new AwsError(
      'ValidationError',
      'Either Template URL or Template Body must be specified.',
    );
  }
  const where = parseTemplateUrl(url);
  if (where === undefined) {
    throw new AwsError('ValidationError', 'TemplateURL must be a supported URL.');
  }
  const text = readObject(state, where.bucket, where.key);
  if (text === undefined) {
    throw new AwsError('ValidationError', 'S3 error: The specified key does not exist.');
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_TEMPLATE_URL_BYTES) {
    throw new AwsError(
      'ValidationError',
      `Template may not exceed ${MAX_TEMPLATE_URL_BYTES} bytes in size.`,
    );
  }
  return text;
}
