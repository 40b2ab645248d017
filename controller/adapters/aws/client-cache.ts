import { roleSessionName } from '../../model/conventions.js';
import { type AwsClients, createAwsClients } from './clients.js';
import { type AwsRateLimiter, accountKeyOf } from './rate-limiter.js';
import { assumeRoleCredentials, type RoleCredentials } from './role-credentials.js';

/** What every client of the cache shares. */
export interface ClientCacheOptions {
  /** @default - the SDK's standard configuration (`AWS_ENDPOINT_URL`, or AWS itself) */
  readonly endpoint?: string;
  /**
   * Paces every client's calls to AWS's request buckets: clients of the caller's own credentials
   * draw from the default account's buckets, clients of a role from its account's (`accountKeyOf`).
   * @default - not paced
   */
  readonly limiter?: AwsRateLimiter;
}

/**
 * Where an environment's clients act: a region, and the role to assume there (absent: the caller's
 * own credentials, from the default chain).
 */
export interface EnvironmentAccess {
  readonly region: string;
  /** @default - the caller's own credentials */
  readonly roleArn?: string;
  /** STS `ExternalId`. @default - none sent */
  readonly externalId?: string;
  /** STS `RoleSessionName`. @default 'plumbline' */
  readonly roleSessionName?: string;
}

/**
 * The access an environment's manifest declares: its role, with the session named for it, in
 * `region` (the manifest's own unless the caller acts elsewhere).
 */
export function environmentAccess(
  environment: {
    readonly name: string;
    readonly region: string;
    readonly roleArn?: string | undefined;
    readonly externalId?: string | undefined;
  },
  region: string = environment.region,
): EnvironmentAccess {
  if (environment.roleArn === undefined) return { region };
  return {
    region,
    roleArn: environment.roleArn,
    roleSessionName: roleSessionName(environment.name),
    ...(environment.externalId === undefined ? {} : { externalId: environment.externalId }),
  };
}

/**
 * One set of SDK clients per region and role for the whole process: the composition roots (CLI,
 * Lambda handlers, `plumbline serve`) build every adapter from it, so a rollout that also takes a
 * lease and reads live state opens one set of connections, not three. The clients of one role share
 * one set of credentials (one STS AssumeRole, renewed 5 minutes before it expires).
 *
 * @example
 * const cache = new AwsClientCache({ endpoint: 'http://127.0.0.1:4566' });
 * const { ecs } = cache.forRegion('eu-west-1');
 * const prod = cache.forEnvironment({ region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/deployer' });
 * cache.destroy();
 */
export class AwsClientCache {
  readonly #clients = new Map<string, AwsClients>();
  readonly #roles = new Map<string, RoleCredentials>();

  constructor(private readonly options: ClientCacheOptions = {}) {}

  /** The clients of `region` with the caller's own credentials, built on first use. */
  forRegion(region: string): AwsClients {
    return this.forEnvironment({ region });
  }

  /** The clients of `access.region` acting as `access.roleArn` (when given), built on first use. */
  forEnvironment(access: EnvironmentAccess): AwsClients {
    const role = this.#role(access);
    const key = JSON.stringify([access.region, role === undefined ? null : roleKey(access)]);
    let clients = this.#clients.get(key);
    if (clients === undefined) {
      clients = createAwsClients({
        region: access.region,
        ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }),
        ...(role === undefined ? {} : { credentials: role.provider }),
        ...(this.options.limiter === undefined
          ? {}
          : {
              pacing: { limiter: this.options.limiter, accountKey: accountKeyOf(access.roleArn) },
            }),
      });
      this.#clients.set(key, clients);
    }
    return clients;
  }

  /**
   * Resolves the credentials of `access` now (an STS AssumeRole unless cached), so that a refused
   * role is one clear error before any call rather than one failure per call.
   *
   * @throws {@link RoleAssumptionFailedError} when the role cannot be assumed.
   */
  async verifyAccess(access: EnvironmentAccess): Promise<void> {
    await this.#role(access)?.provider();
  }

  /** Closes every client's connections; the cache can be used again afterwards. */
  destroy(): void {
    for (const clients of this.#clients.values()) clients.destroy();
    for (const role of this.#roles.values()) role.destroy();
    this.#clients.clear();
    this.#roles.clear();
  }

  /** The shared credentials of the access's role; STS is asked in the region that first needs them. */
  #role(access: EnvironmentAccess): RoleCredentials | undefined {
    if (access.roleArn === undefined) return undefined;
    const key = roleKey(access);
    let role = this.#roles.get(key);
    if (role === undefined) {
      role = assumeRoleCredentials(
        {
          roleArn: access.roleArn,
          sessionName: access.roleSessionName ?? 'plumbline',
          ...(access.externalId === undefined ? {} : { externalId: access.externalId }),
        },
        {
          region: access.region,
          ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }),
        },
      );
      this.#roles.set(key, role);
    }
    return role;
  }
}

function roleKey(access: EnvironmentAccess): string {
  return JSON.stringify([
    access.roleArn,
    access.externalId ?? null,
    access.roleSessionName ?? null,
  ]);
}
