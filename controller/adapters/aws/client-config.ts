import type { ECSClientConfig } from '@aws-sdk/client-ecs';
import { AwsClientConfigError } from '../../model/errors.js';

/** Static credentials or a provider of them, as every SDK v3 client accepts. */
export type AwsCredentials = NonNullable<ECSClientConfig['credentials']>;

/** How the SDK retries: `adaptive` adds client-side rate limiting on throttling errors. */
export type AwsRetryMode = 'standard' | 'adaptive';

/** Options shared by every AWS client Plumbline builds. */
export interface AwsClientOptions {
  /**
   * AWS region.
   * @default - the SDK's standard resolution (`AWS_REGION`, then the shared config profile)
   */
  readonly region?: string;
  /**
   * Endpoint URL for every client, e.g. a local emulator.
   * @default - the SDK's standard resolution (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
   * `endpoint_url` in the shared config profile, then the regional AWS endpoint)
   */
  readonly endpoint?: string;
  /**
   * Credentials or a credentials provider.
   * @default - the SDK's default credentials provider chain
   */
  readonly credentials?: AwsCredentials;
  /**
   * Total HTTP attempts per call, the first one included.
   * @default 6
   */
  readonly maxAttempts?: number;
  /**
   * Retry strategy.
   * @default 'adaptive'
   */
  readonly retryMode?: AwsRetryMode;
}

/** The configuration object passed to an SDK client constructor. */
export interface SharedClientConfig {
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: AwsCredentials;
  readonly maxAttempts: number;
  readonly retryMode: AwsRetryMode;
}

/** Default attempts: ELBv2 throttles at 10 requests/s per account, so a burst needs room to back off. */
export const DEFAULT_MAX_ATTEMPTS = 6;
/** Default retry mode. */
export const DEFAULT_RETRY_MODE: AwsRetryMode = 'adaptive';

/**
 * Builds the constructor configuration every Plumbline SDK client shares, for the clients built
 * here and for any other (`new CloudFormationClient(sharedClientConfig(options))`).
 *
 * `region`, `endpoint` and `credentials` appear only when given: when the key is absent the SDK
 * applies its standard configuration (environment, shared config files, default credentials chain).
 * An explicit `endpoint` counts as a custom endpoint and takes precedence over `AWS_ENDPOINT_URL*`.
 *
 * @throws {@link AwsClientConfigError} when `endpoint` is not an http(s) URL or `maxAttempts` is
 * not a positive integer.
 */
export function sharedClientConfig(options: AwsClientOptions = {}): SharedClientConfig {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new AwsClientConfigError('maxAttempts', `must be a positive integer, got ${maxAttempts}`);
  }
  if (options.endpoint !== undefined) checkEndpoint(options.endpoint);
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    maxAttempts,
    retryMode: options.retryMode ?? DEFAULT_RETRY_MODE,
  };
}

function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw new AwsClientConfigError('endpoint', `"${endpoint}" is not a URL`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AwsClientConfigError('endpoint', `"${endpoint}" must use http or https`);
  }
}
