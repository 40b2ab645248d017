import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ReportStoreError } from '../../model/errors.js';
import type { ReportDocuments, ReportStore, StoredReport } from '../../ports/report-store.js';
import { describeError } from './failure-reason.js';

/** The content type of each rendering, as browsers and `curl` need it to show the page. */
export const REPORT_CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;

/** The file extension of each rendering in {@link ReportDocuments}. */
const EXTENSIONS = { json: 'json', markdown: 'md', html: 'html' } as const;

/**
 * `latest.*` is overwritten by every scan: caches must ask S3 each time. A scan's own objects never
 * change, so they carry no `Cache-Control` and caches may keep them.
 */
export const LATEST_CACHE_CONTROL = 'no-cache';

/** Construction options of {@link S3ReportStore}. */
export interface S3ReportStoreOptions {
  readonly client: S3Client;
  /** The bucket, e.g. `defaultReportBucket(account, region)`. */
  readonly bucket: string;
  /**
   * The URL the bucket's root is served at for people (a CloudFront distribution, a proxy): the
   * page of a scan is `<publicBaseUrl>/reports/<env>/<scanId>.html`.
   * @default - the S3 URL of the object (see {@link S3ReportStore})
   */
  readonly publicBaseUrl?: string;
}

/**
 * {@link ReportStore} on S3: each scan's report at `reports/<env>/<scanId>.{json,md,html}`, then
 * the same three documents at `reports/<env>/latest.{json,md,html}`. The scan's objects are written
 * first, so `latest` never names a scan whose own objects are missing.
 *
 * The URL returned is where the scan's HTML page is read:
 * - `<publicBaseUrl>/reports/...` when the wiring gives one;
 * - path-style `<endpoint>/<bucket>/reports/...` when the client has a custom endpoint (an
 *   emulator: bucket subdomains of `127.0.0.1` or `localhost` do not resolve);
 * - otherwise the virtual-hosted S3 URL `https://<bucket>.s3.<region>.amazonaws.com/reports/...`,
 *   from the SDK's own endpoint rules (so other partitions, FIPS and dual-stack come out right).
 *
 * The URL names the object; whether a reader may open it is the bucket policy's business.
 *
 * @example
 * const reports = new S3ReportStore({ client: aws.s3, bucket: defaultReportBucket(account, region) });
 * const { url } = await reports.put('prod', scanId, { json, markdown, html });
 */
export class S3ReportStore implements ReportStore {
  readonly bucket: string;
  readonly #client: S3Client;
  readonly #publicBaseUrl: string | undefined;
  #baseUrl: Promise<string> | undefined;

  constructor(options: S3ReportStoreOptions) {
    this.#client = options.client;
    this.bucket = options.bucket;
    this.#publicBaseUrl = options.publicBaseUrl?.replace(/\/+$/, '');
  }

  /** @throws {@link ReportStoreError} naming the first object S3 did not take. */
  async put(env: string, scanId: string, documents: ReportDocuments): Promise<StoredReport> {
    await this.#putAll(env, scanId, documents, undefined);
    await this.#putAll(env, 'latest', documents, LATEST_CACHE_CONTROL);
    return { url: await this.urlOf(reportKey(env, scanId, 'html')) };
  }

  /** Where a person reads the object at `key` (see the class comment). */
  async urlOf(key: string): Promise<string> {
    this.#baseUrl ??= this.#resolveBaseUrl();
    const base = await this.#baseUrl.catch((error: unknown) => {
      this.#baseUrl = undefined;
      throw error;
    });
    return `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  async #putAll(
    env: string,
    name: string,
    documents: ReportDocuments,
    cacheControl: string | undefined,
  ): Promise<void> {
    await Promise.all(
      (Object.keys(EXTENSIONS) as (keyof ReportDocuments)[]).map(async (kind) => {
        const extension = EXTENSIONS[kind];
        const key = reportKey(env, name, extension);
        try {
          await this.#client.send(
            new PutObjectCommand({
              Bucket: this.bucket,
              Key: key,
              Body: documents[kind],
              ContentType: REPORT_CONTENT_TYPES[extension],
              ...(cacheControl === undefined ? {} : { CacheControl: cacheControl }),
            }),
          );
        } catch (error) {
          throw new ReportStoreError(this.bucket, key, describeError(error), { cause: error });
        }
      }),
    );
  }

  /** The bucket's root URL without a trailing slash. */
  async #resolveBaseUrl(): Promise<string> {
    if (this.#publicBaseUrl !== undefined) return this.#publicBaseUrl;
    const config = this.#client.config;
    const custom = await customEndpoint(this.#client);
    const endpoint = config.endpointProvider({
      Bucket: this.bucket,
      Region: await config.region(),
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
      ...(custom === undefined ? {} : { Endpoint: custom, ForcePathStyle: true }),
    });
    return endpoint.url.href.replace(/\/+$/, '');
  }
}

/** `reports/<env>/<name>.<extension>`, the layout the {@link ReportStore} port promises. */
export function reportKey(env: string, name: string, extension: string): string {
  return `reports/${env}/${name}.${extension}`;
}

/**
 * The endpoint the client was given, or the one the SDK reads from `AWS_ENDPOINT_URL_S3` /
 * `AWS_ENDPOINT_URL` or the shared config (the SDK resolves those at the first request, so they are
 * asked for here the same way); `undefined` for AWS's own endpoints.
 */
async function customEndpoint(client: S3Client): Promise<string | undefined> {
  const config = client.config;
  if (config.isCustomEndpoint && config.endpoint !== undefined) {
    const { protocol, hostname, port, path } = await config.endpoint();
    return `${protocol}//${hostname}${port === undefined ? '' : `:${port}`}${path}`;
  }
  if (config.ignoreConfiguredEndpointUrls) return undefined;
  const configured = config as { serviceConfiguredEndpoint?: () => Promise<string | undefined> };
  return configured.serviceConfiguredEndpoint?.();
}

/**
 * Creates the report bucket in the client's region when it is missing. On AWS the controller's own
 * stack owns it; this is for emulators, where nothing else would create it.
 *
 * @example
 * await ensureReportBucket(aws.s3, defaultReportBucket('000000000000', 'eu-west-1'));
 */
export async function ensureReportBucket(s3: S3Client, bucket: string): Promise<void> {
  const region = await s3.config.region();
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        // S3 refuses a bucket outside us-east-1 without its region, and us-east-1 named as one.
        ...(region === 'us-east-1'
          ? {}
          : {
              CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
            }),
      }),
    );
  } catch (error) {
    // Already there (ours, or another account's name) is what we wanted or will surface on upload.
    if (error instanceof Error && /^BucketAlready(OwnedByYou|Exists)$/.test(error.name)) return;
    throw error;
  }
}
