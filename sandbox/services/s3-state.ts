import { AwsError } from '../service.js';

/**
 * The S3 emulation's slice of the sandbox state. Bucket names are global, as in S3, so buckets are
 * keyed by name and remember the account that owns them. Object bodies are kept as base64 so the
 * slice stays plain JSON and persists with the rest of the state.
 */
export interface S3State {
  buckets: Record<string, S3Bucket>;
}

export type S3Bucket = {
  name: string;
  /** The owning account. */
  accountId: string;
  region: string;
  /** ISO 8601. */
  creationDate: string;
  /** Keyed by object key. */
  objects: Record<string, S3Object>;
};

/** A flexible checksum the uploader sent and S3 verified, as S3 returns it. */
export type S3Checksum = {
  /** `CRC32`, `CRC32C`, `CRC64NVME`, `SHA1` or `SHA256`. */
  algorithm: string;
  /** Base64 of the checksum, as in the `x-amz-checksum-<algorithm>` header. */
  value: string;
};

export type S3Object = {
  /** The object's bytes, base64. */
  content: string;
  /** Quoted MD5 hex of the content, e.g. `"5eb63bbbe01eeed093cb22bb8f5acdc3"`. */
  etag: string;
  contentType: string;
  /** ISO 8601, whole seconds as S3 keeps them. */
  lastModified: string;
  /** In bytes. */
  size: number;
  checksum?: S3Checksum;
  /** User metadata from `x-amz-meta-*` headers, names lower case without the prefix. */
  metadata: Record<string, string>;
};

export function initialS3State(): S3State {
  return { buckets: {} };
}

/** An S3 error; `details` become extra elements of `<Error>` (e.g. `Key`, `BucketName`). */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status);
  }
}

/** An own entry only: user-chosen names such as `constructor` never reach inherited properties. */
export function ownEntry<T>(record: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/**
 * The bucket `name` of the caller's account.
 *
 * @throws S3Error `NoSuchBucket` (404), or `AccessDenied` (403) when another account owns it.
 */
export function bucketOf(state: S3State, name: string, accountId: string): S3Bucket {
  const bucket = ownEntry(state.buckets, name);
  if (bucket === undefined) {
    throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, {
      BucketName: name,
    });
  }
  if (bucket.accountId !== accountId) throw new S3Error('AccessDenied', 'Access Denied', 403);
  return bucket;
}

/**
 * The object `key` of a bucket.
 *
 * @throws S3Error `NoSuchKey` (404).
 */
export function objectOf(bucket: S3Bucket, key: string): S3Object {
  const object = ownEntry(bucket.objects, key);
  if (object === undefined) {
    throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
  }
  return object;
}

/** Stores an object; defining the property keeps a key such as `__proto__` an ordinary entry. */
export function storeObject(bucket: S3Bucket, key: string, object: S3Object): void {
  Object.defineProperty(bucket.objects, key, {
    value: object,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
