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
