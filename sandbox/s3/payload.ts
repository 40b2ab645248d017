import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crc32 } from 'node:zlib';
import { AwsError } from '../service.js';
import type { S3Checksum } from './state.js';

/** The object bytes an upload carries, with any checksum trailers that followed them. */
export interface S3Payload {
  readonly bytes: Buffer;
  /** Trailing headers of an aws-chunked body, names lower case (e.g. `x-amz-checksum-crc32`). */
  readonly trailers: Readonly<Record<string, string>>;
}

const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;

/**
 * The payload of an upload. Bodies sent with `Content-Encoding: aws-chunked` (the SDK's streaming
 * uploads, `x-amz-content-sha256: STREAMING-...`) are unframed: `<hex size>[;chunk-signature=...]\r\n
 * <bytes>\r\n` chunks, a zero-size chunk, then trailing headers and an empty line.
 *
 * @throws AwsError `IncompleteBody` when the framing is broken or the decoded length differs from
 *   `x-amz-decoded-content-length`.
 */
export function decodeS3Payload(headers: IncomingHttpHeaders, body: Buffer): S3Payload {
  const sha256 = header(headers, 'x-amz-content-sha256') ?? '';
  const encoding = header(headers, 'content-encoding') ?? '';
  const chunked = sha256.startsWith('STREAMING-') || /(^|,)\s*aws-chunked\s*(,|$)/.test(encoding);
  if (!chunked) return { bytes: body, trailers: {} };
  const payload = decodeAwsChunked(body);
  const declared = header(headers, 'x-amz-decoded-content-length');
  if (declared !== undefined && Number(declared) !== payload.bytes.length) {
    throw incomplete('The decoded length differs from x-amz-decoded-content-length.');
  }
  return payload;
}

/**
 * Checks the upload against every digest it came with, as S3 does: `Content-MD5`, a hex
 * `x-amz-content-sha256`, and the flexible checksum (`x-amz-checksum-<algorithm>` header or trailer;
 * CRC32, SHA1 and SHA256 are recomputed, CRC32C and CRC64NVME are kept as sent).
 *
 * @returns the flexible checksum, to be stored with the object.
 * @throws AwsError `BadDigest` or `XAmzContentSHA256Mismatch` (400) on a mismatch.
 */
export function verifyS3Payload(
  headers: IncomingHttpHeaders,
  payload: S3Payload,
): S3Checksum | undefined {
  const md5 = header(headers, 'content-md5');
  if (md5 !== undefined && md5 !== digest('md5', payload.bytes)) {
    throw new AwsError(
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
    );
  }
  const sha256 = header(headers, 'x-amz-content-sha256');
  if (
    sha256 !== undefined &&
    /^[0-9a-f]{64}$/i.test(sha256) &&
    sha256.toLowerCase() !== createHash('sha256').update(payload.bytes).digest('hex')
  ) {
    throw new AwsError(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm.toLowerCase()}`;
    const value = header(headers, name) ?? payload.trailers[name];
    if (value === undefined) continue;
    const computed = computeChecksum(algorithm, payload.bytes);
    if (computed !== undefined && computed !== value) {
      throw new AwsError(
        'BadDigest',
        `The ${algorithm} you specified did not match the calculated checksum.`,
      );
    }
    return { algorithm, value };
  }
  return undefined;
}

function decodeAwsChunked(body: Buffer): S3Payload {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) throw incomplete('A chunk header is missing.');
    const sizeText = body.subarray(offset, lineEnd).toString('latin1').split(';')[0]?.trim() ?? '';
    const size = /^[0-9a-f]+$/i.test(sizeText) ? Number.parseInt(sizeText, 16) : Number.NaN;
    if (!Number.isSafeInteger(size)) throw incomplete(`Invalid chunk size '${sizeText}'.`);
    offset = lineEnd + 2;
    if (size === 0) break;
    const end = offset + size;
    if (end + 2 > body.length || body[end] !== 0x0d || body[end + 1] !== 0x0a) {
      throw incomplete('A chunk is shorter than its declared size.');
    }
    chunks.push(body.subarray(offset, end));
    offset = end + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { bytes: Buffer.concat(chunks), trailers };
}

function computeChecksum(algorithm: string, bytes: Buffer): string | undefined {
  switch (algorithm) {
    case 'CRC32': {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(crc32(bytes));
      return value.toString('base64');
    }
    case 'SHA1':
      return digest('sha1', bytes);
    case 'SHA256':
      return digest('sha256', bytes);
    default:
      return undefined;
  }
}

function digest(algorithm: string, bytes: Buffer): string {
  return createHash(algorithm).update(bytes).digest('base64');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function incomplete(detail: string): AwsError {
  return new AwsError(
    'IncompleteBody',
    `You did not provide the number of bytes specified by the Content-Length HTTP header. ${detail}`,
  );
}
