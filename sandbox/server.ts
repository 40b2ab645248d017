import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdminRoute } from './admin.js';
import { createAwsRoute } from './aws-route.js';
import { EmbeddedDynamoDb } from './dynamodb/embedded.js';
import { createDynamoDbRoute } from './dynamodb/route.js';
import { FaultInjector, type FaultRule, type FaultSpec } from './faults.js';
import { RateLimit } from './github/rate-limit.js';
import { createGitHubRoute } from './github/route.js';
import { LongPolls } from './long-poll.js';
import { QuotaEnforcer, type QuotaMode } from './quotas/quota-enforcer.js';
import { defaultServices, ServiceRegistry } from './registry.js';
import { jsonResponse, type Route, type SandboxRequest, type SandboxResponse } from './route.js';
import { DeferredWork, resetSandbox, type SandboxRuntime, serviceContext } from './runtime.js';
import { createS3Route } from './s3/route.js';
import { SerialQueue } from './serial-queue.js';
import { StateStore } from './state-store.js';
import { type Stats, StatsCounter } from './stats.js';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** TCP port; `0` picks a free one. @default 4566 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Directory where the state (`state.json`, DynamoDB tables in `dynamodb/`) persists across restarts. @default - state in memory only */
  readonly dataDir?: string;
  /** Source of randomness for fault injection, for deterministic tests. @default - each rule's `seed`, else `Math.random` */
  readonly random?: () => number;
  /** The clock handlers see as `ctx.now`, and the quota buckets refill by. @default - the system clock */
  readonly clock?: () => Date;
  /**
   * `aws` throttles like AWS: each account and region gets the documented request buckets of ECS,
   * ELBv2 and RDS (see `quotas/aws-buckets.ts`), and a request that finds its bucket empty gets the
   * service's own throttling error. @default 'off'
   */
  readonly quotas?: QuotaMode;
  /**
   * Delay of each step of work that goes on after an API call returned (each resource operation of
   * a CloudFormation stack, for instance), in milliseconds, so clients polling meanwhile see the
   * in-progress states. @default 10
   */
  readonly stepDelayMs?: number;
  /** The git repository the GitHub stand-in (under `/github`) serves. @default - the current directory */
  readonly repoDir?: string;
  /** `owner/repo` the GitHub stand-in serves the repository as. @default 'local/plumbline' */
  readonly githubRepository?: string;
  /** The token GitHub requests must carry (`Authorization: token X` or `Bearer X`). @default 'sandbox-token' */
  readonly githubToken?: string;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL for SDK endpoint overrides, e.g. `http://127.0.0.1:4566`. */
  readonly url: string;
  readonly port: number;
  /**
   * Drops deferred work not yet started (it resumes on the next start with the same `dataDir`),
   * answers waiting long polls, finishes in-flight operations, stops listening and closes connections.
   */
  close(): Promise<void>;
  /**
   * Resolves once all deferred work (e.g. CloudFormation stack operations, with every step they
   * schedule) has finished and been persisted, so tests can wait for it without sleeping.
   *
   * @throws the first error a deferred task threw since the last call, if any.
   */
  idle(): Promise<void>;
  /** The request counters. */
  stats(): Stats;
  /**
   * Empties the state (persisting the empty state), deletes every DynamoDB table, zeroes the
   * counters and refills the quota buckets; faults and the quota mode stay as they are.
   */
  reset(): Promise<void>;
  /**
   * Replaces the active fault rules; `{}` or `[]` clears them.
   *
   * @throws FaultSpecError when the spec is invalid.
   */
  setFaults(spec: FaultSpec): void;
  /** The active fault rules. */
  faults(): readonly FaultRule[];
  /** Switches quota mode on (`aws`) or off; every bucket starts full again. */
  setQuotas(mode: QuotaMode): void;
  /** The active quota mode. */
  quotas(): QuotaMode;
}

const DEFAULT_PORT = 4566;
const DEFAULT_STEP_DELAY_MS = 10;
const DEFAULT_HOST = '127.0.0.1';
/** Larger bodies are refused with 413; no API the sandbox serves takes more. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Starts the sandbox: one HTTP server on one loopback port that answers the AWS APIs Plumbline uses
 * with their real wire protocols, a GitHub REST stand-in under `/github`, and the admin endpoints
 * under `/_sandbox/`.
 *
 * @example
 * const sandbox = await startSandbox({ port: 0 });
 * const ecs = new ECSClient({ endpoint: sandbox.url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
 * await ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = await StateStore.open(options.dataDir);
  const dynamodb = await EmbeddedDynamoDb.open(
    options.dataDir === undefined ? undefined : join(options.dataDir, 'dynamodb'),
  );
  const queue = new SerialQueue();
  const quotas = new QuotaEnforcer(options.quotas ?? 'off');
  const githubRateLimit = new RateLimit();
  const runtime: SandboxRuntime = {
    store,
    stats: new StatsCounter(),
    faults: new FaultInjector(options.random),
    quotas,
    queue,
    registry: new ServiceRegistry(defaultServices()),
    clock: options.clock ?? (() => new Date()),
    sleep: (ms) => sleep(ms),
    resetHooks: [
      () => dynamodb.deleteAllTables(),
      async () => quotas.refillAll(),
      async () => githubRateLimit.reset(),
    ],
    deferred: new DeferredWork(
      queue,
      () => store.persist(),
      options.stepDelayMs ?? DEFAULT_STEP_DELAY_MS,
    ),
    longPolls: new LongPolls(),
  };
  resumeDeferredWork(runtime);
  const routes: readonly Route[] = [
    createAdminRoute(runtime),
    createDynamoDbRoute(runtime, dynamodb),
    createS3Route(runtime),
    createGitHubRoute(runtime, {
      repoDir: options.repoDir ?? process.cwd(),
      repository: options.githubRepository ?? 'local/plumbline',
      token: options.githubToken ?? 'sandbox-token',
      rateLimit: githubRateLimit,
    }),
    createAwsRoute(runtime),
  ];
  const server = createServer((request, response) => {
    void serve(routes, request, response);
  });
  const host = options.host ?? DEFAULT_HOST;
  const port = await listen(server, options.port ?? DEFAULT_PORT, host).catch(async (error) => {
    await dynamodb.close();
    throw error;
  });
  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    close() {
      if (closing === undefined) {
        runtime.deferred.cancelAll();
        runtime.longPolls.close();
      }
      closing ??= runtime.queue
        .idle()
        .then(() => closeServer(server))
        .finally(() => dynamodb.close());
      return closing;
    },
    idle: () => runtime.deferred.idle(),
    stats: () => runtime.stats.snapshot(),
    reset: () => resetSandbox(runtime),
    setFaults(spec) {
      runtime.faults.set(spec);
    },
    faults: () => runtime.faults.rules(),
    setQuotas: (mode) => quotas.setMode(mode),
    quotas: () => quotas.mode,
  };
}

/** Lets each service pick up the work a previous run left unfinished in the loaded state. */
function resumeDeferredWork(runtime: SandboxRuntime): void {
  for (const signingName of runtime.registry.signingNames()) {
    runtime.registry.lookup(signingName)?.resume?.(runtime.store.state, (scope, task) => {
      runtime.deferred.schedule(() => task(runtime.store.state, serviceContext(runtime, scope)));
    });
  }
}

async function serve(
  routes: readonly Route[],
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  let response: SandboxResponse;
  try {
    const body = await readBody(incoming);
    if (body === undefined) {
      response = jsonResponse(413, {
        message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`,
      });
    } else {
      const request: SandboxRequest = {
        method: incoming.method ?? 'GET',
        url: new URL(incoming.url ?? '/', 'http://sandbox.invalid'),
        headers: incoming.headers,
        body,
      };
      const route = routes.find((candidate) => candidate.matches(request));
      response =
        route === undefined
          ? jsonResponse(404, { message: `Not found: ${request.method} ${request.url.pathname}` })
          : await route.handle(request);
    }
  } catch (error) {
    response = jsonResponse(500, {
      message: `Sandbox error: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  const body =
    typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  // A HEAD answer may state the length of the body it leaves out (S3 HeadObject).
  const length = incoming.method === 'HEAD' ? response.headers['content-length'] : undefined;
  outgoing.writeHead(response.status, {
    ...response.headers,
    'content-length': length ?? String(body.length),
  });
  outgoing.end(body);
}

/** The whole body, or `undefined` when it exceeds {@link MAX_BODY_BYTES}. */
async function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of incoming) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    if (!tooLarge) chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeIdleConnections();
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
