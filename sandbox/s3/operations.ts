/** The S3 emulation (REST-XML, path-style): buckets and whole objects, enough for template uploads. */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceContext } from '../service.js';
import { stableHex } from '../shared/hex-ids.js';
import type { SandboxState } from '../state.js';
import { bucketOf, objectOf, ownEntry, storeObject } from './buckets.js';
import { S3Error } from './errors.js';
import { decodeS3Payload, verifyS3Payload } from './payload.js';
import type { S3Object } from './state.js';
import { listAllMyBucketsXml, listBucketResultXml } from './xml.js';

/** One S3 request, its path split into bucket and key (both URI-decoded; `''` when absent). */
export interface S3Call {
  readonly bucket: string;
  readonly key: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What an S3 operation answers; the route adds the request id headers. */
export interface S3Reply {
  /** @default 200 */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** @default '' */
  readonly body?: string | Buffer;
}

/** An S3 operation: reads and mutates `state.s3`, throws S3Error (or AwsError) as S3 does. */
export type S3OperationHandler = (
  state: SandboxState,
  call: S3Call,
  ctx: ServiceContext,
) => S3Reply;

const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function xml(body: string): S3Reply {
  return { headers: { 'content-type': 'application/xml' }, body };
}

function checksumHeaders(object: S3Object): Record<string, string> {
  if (object.checksum === undefined) return {};
  return {
    [`x-amz-checksum-${object.checksum.algorithm.toLowerCase()}`]: object.checksum.value,
    'x-amz-checksum-type': 'FULL_OBJECT',
  };
}

/** The headers of GetObject and HeadObject; checksums only when asked with `x-amz-checksum-mode`. */
function objectHeaders(object: S3Object, request: IncomingHttpHeaders): Record<string, string> {
  const metadata = Object.entries(object.metadata).map(([name, value]) => [
    `x-amz-meta-${name}`,
    value,
  ]);
  return {
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...Object.fromEntries(metadata),
    ...(request['x-amz-checksum-mode'] === 'ENABLED' ? checksumHeaders(object) : {}),
  };
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function createBucket(state: SandboxState, call: S3Call, ctx: ServiceContext): S3Reply {
  const name = call.bucket;
  const details = { BucketName: name };
  if (!BUCKET_NAME.test(name)) {
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, details);
  }
  const existing = ownEntry(state.s3.buckets, name);
  if (existing?.accountId === ctx.accountId) {
    const message =
      'Your previous request to create the named bucket succeeded and you already own it.';
    throw new S3Error('BucketAlreadyOwnedByYou', message, 409, details);
  }
  if (existing !== undefined) {
    const message =
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.';
    throw new S3Error('BucketAlreadyExists', message, 409, details);
  }
  const location = /<LocationConstraint>([^<]+)<\/LocationConstraint>/.exec(call.body.toString());
  state.s3.buckets[name] = {
    name,
    accountId: ctx.accountId,
    region: location?.[1] ?? ctx.region,
    creationDate: ctx.now.toISOString(),
    objects: {},
  };
  return { headers: { location: `/${name}` } };
}

function putObject(state: SandboxState, call: S3Call, ctx: ServiceContext): S3Reply {
  const bucket = bucketOf(state.s3, call.bucket, ctx.accountId);
  const payload = decodeS3Payload(call.headers, call.body);
  const checksum = verifyS3Payload(call.headers, payload);
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string')
      metadata[name.slice(11)] = value;
  }
  const contentType = call.headers['content-type'];
  const object: S3Object = {
    content: payload.bytes.toString('base64'),
    etag: `"${createHash('md5').update(payload.bytes).digest('hex')}"`,
    contentType:
      contentType === undefined || contentType === '' ? 'binary/octet-stream' : contentType,
    lastModified: new Date(Math.floor(ctx.now.getTime() / 1000) * 1000).toISOString(),
    size: payload.bytes.length,
    metadata,
    ...(checksum === undefined ? {} : { checksum }),
  };
  storeObject(bucket, call.key, object);
  return { headers: { etag: object.etag, ...checksumHeaders(object) } };
}

/**
 * ListObjectsV2: prefix, delimiter (common prefixes), max-keys, start-after and continuation tokens.
 * A continuation token is the last key or common prefix answered, base64url; the next page starts
 * after it.
 */
function listObjectsV2(state: SandboxState, call: S3Call, ctx: ServiceContext): S3Reply {
  const bucket = bucketOf(state.s3, call.bucket, ctx.accountId);
  const query = call.query;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeys = Number(query.get('max-keys') ?? '1000');
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 0) {
    const message = 'Provided max-keys not an integer or within integer range';
    throw new S3Error('InvalidArgument', message, 400);
  }
  const token = query.get('continuation-token');
  const after =
    token === null ? (query.get('start-after') ?? '') : Buffer.from(token, 'base64url').toString();
  const objects: { key: string; object: S3Object }[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let truncated = false;
  for (const key of Object.keys(bucket.objects).sort(byteOrder)) {
    if (!key.startsWith(prefix) || byteOrder(key, after) <= 0) continue;
    if (delimiter !== '' && after.endsWith(delimiter) && key.startsWith(after)) continue;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const common = cut < 0 ? undefined : key.slice(0, cut + delimiter.length);
    if (common !== undefined && common === commonPrefixes.at(-1)) continue;
    if (objects.length + commonPrefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common === undefined) objects.push({ key, object: objectOf(bucket, key) });
    else commonPrefixes.push(common);
    last = common ?? key;
  }
  return xml(
    listBucketResultXml({
      bucket: bucket.name,
      prefix,
      delimiter,
      maxKeys,
      startAfter: query.get('start-after'),
      continuationToken: token,
      encodingType: query.get('encoding-type'),
      objects,
      commonPrefixes,
      ...(truncated && last !== undefined
        ? { nextContinuationToken: Buffer.from(last).toString('base64url') }
        : {}),
    }),
  );
}

/** The operations the S3 route serves, by S3 API operation name. */
export const s3Operations: Readonly<Record<string, S3OperationHandler>> = {
  ListBuckets: (state, _call, ctx) => {
    const buckets = Object.values(state.s3.buckets)
      .filter((bucket) => bucket.accountId === ctx.accountId)
      .sort((a, b) => byteOrder(a.name, b.name));
    return xml(listAllMyBucketsXml(buckets, stableHex(`s3-owner:${ctx.accountId}`, 64)));
  },
  CreateBucket: createBucket,
  HeadBucket: (state, call, ctx) => ({
    headers: { 'x-amz-bucket-region': bucketOf(state.s3, call.bucket, ctx.accountId).region },
  }),
  DeleteBucket: (state, call, ctx) => {
    const bucket = bucketOf(state.s3, call.bucket, ctx.accountId);
    if (Object.keys(bucket.objects).length > 0) {
      const message = 'The bucket you tried to delete is not empty';
      throw new S3Error('BucketNotEmpty', message, 409, { BucketName: bucket.name });
    }
    delete state.s3.buckets[bucket.name];
    return { status: 204 };
  },
  ListObjectsV2: listObjectsV2,
  PutObject: putObject,
  GetObject: (state, call, ctx) => {
    const object = objectOf(bucketOf(state.s3, call.bucket, ctx.accountId), call.key);
    const body = Buffer.from(object.content, 'base64');
    return { headers: objectHeaders(object, call.headers), body };
  },
  HeadObject: (state, call, ctx) => {
    const object = objectOf(bucketOf(state.s3, call.bucket, ctx.accountId), call.key);
    const headers = objectHeaders(object, call.headers);
    return { headers: { ...headers, 'content-length': String(object.size) } };
  },
  DeleteObject: (state, call, ctx) => {
    const bucket = bucketOf(state.s3, call.bucket, ctx.accountId);
    if (Object.hasOwn(bucket.objects, call.key)) delete bucket.objects[call.key];
    return { status: 204 };
  },
};

/**
 * The content of an object as UTF-8 text, for services that read uploads (CloudFormation `TemplateURL`).
 *
 * @returns `undefined` when the bucket or the key does not exist.
 */
export function readS3Object(state: SandboxState, bucket: string, key: string): string | undefined {
  const found = ownEntry(state.s3.buckets, bucket);
  const object = found === undefined ? undefined : ownEntry(found.objects, key);
  return object === undefined ? undefined : Buffer.from(object.content, 'base64').toString('utf8');
}
