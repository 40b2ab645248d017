import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { isRetryable } from '../../core/retry.js';
import { RoleAssumptionFailedError } from '../../model/errors.js';
import { type AwsClientOptions, sharedClientConfig } from './client-config.js';

/** The role session an environment's clients act as (STS AssumeRole's parameters). */
export interface RoleSession {
  readonly roleArn: string;
  /** @default - none sent */
  readonly externalId?: string;
  /** `plumbline-<env>`, see `roleSessionName`. */
  readonly sessionName: string;
}

/** Temporary credentials as the SDK's providers return them. */
export type RoleCredentialIdentity = Awaited<
  ReturnType<ReturnType<typeof fromTemporaryCredentials>>
>;

/** How long before `Expiration` role credentials are renewed; the SDK's own clients use the same margin. */
export const ROLE_REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/** Options of {@link sharedCredentials}. */
export interface SharedCredentialsOptions {
  /** @default Date.now */
  readonly now?: () => number;
  /** @default ROLE_REFRESH_BEFORE_EXPIRY_MS */
  readonly refreshBeforeMs?: number;
}

/**
 * One set of credentials for every client that asks: fetched on first use, kept until
 * `refreshBeforeMs` before their expiration, then fetched again. Callers that ask while a fetch is
 * under way wait for that fetch, so a scan opening six clients at once still calls STS once. A failed
 * fetch is not kept: the next caller tries again.
 *
 * Each SDK client also memoizes its credentials, but per client; this is what makes them shared.
 *
 * @example
 * const credentials = sharedCredentials(() => assume());
 * new ECSClient({ credentials }); new RDSClient({ credentials }); // one AssumeRole between them
 */
export function sharedCredentials(
  fetch: () => Promise<RoleCredentialIdentity>,
  options: SharedCredentialsOptions = {},
): () => Promise<RoleCredentialIdentity> {
  const now = options.now ?? Date.now;
  const margin = options.refreshBeforeMs ?? ROLE_REFRESH_BEFORE_EXPIRY_MS;
  let current: RoleCredentialIdentity | undefined;
  let pending: Promise<RoleCredentialIdentity> | undefined;
  const fresh = (c: RoleCredentialIdentity) =>
    c.expiration === undefined || c.expiration.getTime() - now() > margin;
  return () => {
    if (current !== undefined && fresh(current)) return Promise.resolve(current);
    pending ??= fetch()
      .then((c) => {
        current = c;
        return c;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/** Role credentials shared by every client of one role, and the connections STS was asked over. */
export interface RoleCredentials {
  /** The provider to give each client as `credentials`. */
  readonly provider: () => Promise<RoleCredentialIdentity>;
  /** Closes the connections to STS. */
  destroy(): void;
}

/**
 * Credentials of `session`, from STS AssumeRole (the SDK's `fromTemporaryCredentials`) asked with
 * the caller's own credentials (the default chain) in `options.region`, shared and renewed by
 * {@link sharedCredentials}. A refusal surfaces from every client call as a
 * {@link RoleAssumptionFailedError} carrying STS's message.
 *
 * @example
 * const role = assumeRoleCredentials({ roleArn, sessionName: 'plumbline-prod' }, { region: 'eu-west-1' });
 * const ecs = new ECSClient({ region: 'eu-west-1', credentials: role.provider });
 */
export function assumeRoleCredentials(
  session: RoleSession,
  options: AwsClientOptions & SharedCredentialsOptions,
): RoleCredentials {
  const { credentials: _ignored, ...config } = sharedClientConfig(options);
  // Agents of our own, so destroy() can close the STS client's keep-alive sockets.
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true });
  const assume = fromTemporaryCredentials({
    params: {
      RoleArn: session.roleArn,
      RoleSessionName: session.sessionName,
      ...(session.externalId === undefined ? {} : { ExternalId: session.externalId }),
    },
    clientConfig: { ...config, requestHandler: { httpAgent, httpsAgent } },
  });
  const provider = sharedCredentials(async () => {
    try {
      // No caller properties: the STS client is this function's own, never the asking client's.
      return await assume();
    } catch (cause) {
      throw new RoleAssumptionFailedError(session.roleArn, reasonOf(cause), {
        cause,
        terminal: !isRetryable(cause),
      });
    }
  }, options);
  return {
    provider,
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message.trim();
  return message === '' ? error.name : `${error.name}: ${message}`;
}
