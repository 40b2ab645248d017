import { type AwsClients, createAwsClients } from './clients.js';

/** What every client of the cache shares. */
export interface ClientCacheOptions {
  /** @default - the SDK's standard configuration (`AWS_ENDPOINT_URL`, or AWS itself) */
  readonly endpoint?: string;
}

/**
 * One set of SDK clients per region for the whole process: the composition roots (CLI, Lambda
 * handlers, `plumbline serve`) build every adapter from it, so a rollout that also takes a lease
 * and reads live state opens one set of connections, not three.
 *
 * @example
 * const cache = new AwsClientCache({ endpoint: 'http://127.0.0.1:4566' });
 * const { ecs } = cache.forRegion('eu-west-1');
 * cache.destroy();
 */
export class AwsClientCache {
  readonly #byRegion = new Map<string, AwsClients>();

  constructor(private readonly options: ClientCacheOptions = {}) {}

  /** The clients of `region`, built on first use. */
  forRegion(region: string): AwsClients {
    let clients = this.#byRegion.get(region);
    if (clients === undefined) {
      clients = createAwsClients({
        region,
        ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }),
      });
      this.#byRegion.set(region, clients);
    }
    return clients;
  }

  /** Closes every client's connections; the cache can be used again afterwards. */
  destroy(): void {
    for (const clients of this.#byRegion.values()) clients.destroy();
    this.#byRegion.clear();
  }
}
