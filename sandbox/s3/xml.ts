/** The XML documents of the S3 REST-XML protocol that the sandbox answers. */
import { element } from '../protocols/xml.js';
import type { AwsError } from '../service.js';
import { S3Error } from './errors.js';
import type { S3Bucket, S3Object } from './state.js';

/** The XML namespace of S3 responses. */
export const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** One page of a ListObjectsV2 answer, with the request parameters it echoes. */
export interface ListObjectsPage {
  readonly bucket: string;
  readonly prefix: string;
  readonly delimiter: string;
  readonly maxKeys: number;
  readonly startAfter: string | null;
  readonly continuationToken: string | null;
  /** `url` when keys are to be URL-encoded. */
  readonly encodingType: string | null;
  readonly objects: readonly { readonly key: string; readonly object: S3Object }[];
  readonly commonPrefixes: readonly string[];
  /** Present when the listing is truncated. */
  readonly nextContinuationToken?: string;
}

/** `<ListBucketResult>` of ListObjectsV2. */
export function listBucketResultXml(page: ListObjectsPage): string {
  const encode = page.encodingType === 'url' ? encodeURIComponent : (text: string) => text;
  const optional = (name: string, value: string | null | undefined) =>
    value === null || value === undefined || value === '' ? '' : element(name, value);
  const contents = page.objects.map(({ key, object }) => {
    const checksum =
      object.checksum === undefined
        ? ''
        : `${element('ChecksumAlgorithm', object.checksum.algorithm)}<ChecksumType>FULL_OBJECT</ChecksumType>`;
    return `<Contents>${element('Key', encode(key))}${element('LastModified', object.lastModified)}${element('ETag', object.etag)}${checksum}<Size>${object.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
  });
  const prefixes = page.commonPrefixes.map(
    (prefix) => `<CommonPrefixes>${element('Prefix', encode(prefix))}</CommonPrefixes>`,
  );
  return [
    `${DECLARATION}<ListBucketResult xmlns="${S3_XML_NAMESPACE}">`,
    element('Name', page.bucket),
    element('Prefix', encode(page.prefix)),
    optional('Delimiter', encode(page.delimiter)),
    optional('StartAfter', page.startAfter),
    optional('ContinuationToken', page.continuationToken),
    `<MaxKeys>${page.maxKeys}</MaxKeys>`,
    optional('EncodingType', page.encodingType),
    `<KeyCount>${contents.length + prefixes.length}</KeyCount>`,
    `<IsTruncated>${page.nextContinuationToken !== undefined}</IsTruncated>`,
    optional('NextContinuationToken', page.nextContinuationToken),
    ...contents,
    ...prefixes,
    '</ListBucketResult>',
  ].join('');
}

/** `<ListAllMyBucketsResult>` of ListBuckets. */
export function listAllMyBucketsXml(buckets: readonly S3Bucket[], ownerId: string): string {
  const entries = buckets.map(
    (bucket) =>
      `<Bucket>${element('Name', bucket.name)}${element('CreationDate', bucket.creationDate)}${element('BucketRegion', bucket.region)}</Bucket>`,
  );
  return `${DECLARATION}<ListAllMyBucketsResult xmlns="${S3_XML_NAMESPACE}"><Buckets>${entries.join('')}</Buckets><Owner>${element('ID', ownerId)}</Owner></ListAllMyBucketsResult>`;
}

/** `<Error><Code/><Message/>...details<RequestId/><HostId/></Error>`, as S3 answers errors. */
export function errorXml(error: AwsError, requestId: string, hostId: string): string {
  const details = error instanceof S3Error ? Object.entries(error.details) : [];
  const extra = details.map(([name, value]) => element(name, value)).join('');
  return `${DECLARATION}<Error>${element('Code', error.code)}${element('Message', error.message)}${extra}${element('RequestId', requestId)}${element('HostId', hostId)}</Error>`;
}
