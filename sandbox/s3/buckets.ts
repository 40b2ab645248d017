/** Finding buckets and objects in the S3 slice, with S3's errors, and storing objects. */
import { S3Error } from './errors.js';
import type { S3Bucket, S3Object, S3State } from './state.js';

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
