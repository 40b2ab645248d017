import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdminRoute } from './admin.js';
import { createAwsRoute } from './aws-route.js';
import { FaultInjector, type FaultRule, type FaultSpec } from './faults.js';
import { defaultServices, ServiceRegistry } from './registry.js';
import { jsonResponse, type Route, type SandboxRequest, type SandboxResponse } from './route.js';
import { resetSandbox, type SandboxRuntime } from './runtime.js';
import { SerialQueue } from './serial-queue.js';
import { StateStore } from './state-store.js';
import { type Stats, StatsCounter } from './stats.js';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** TCP port; `0` picks a free one. @default 4566 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Directory where the state persists (`state.json`) across restarts. @default - state in memory only */
  readonly dataDir?: string;
  /** Source of randomness for fault injection, for deterministic tests. @default - each rule's `seed`, else `Math.random` */
  readonly random?: () => number;
  /** The clock handlers see as `ctx.now`. @default - the system clock */
  readonly clock?: () => Date;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL for SDK endpoint overrides, e.g. `http://127.0.0.1:4566`. */
  readonly url: string;
  readonly port: number;
  /** Finishes in-flight operations, stops listening and closes connections. */
  close(): Promise<void>;
  /** The request counters. */
  stats(): Stats;
  /** Empties the state (persisting the empty state) and zeroes the counters; faults stay as they are. */
  reset(): Promise<void>;
  /**
   * Replaces the active fault rules; `{}` or `[]` clears them.
   *
   * @throws FaultSpecError when the spec is invalid.
   */
  setFaults(spec: FaultSpec): void;
  /** The active fault rules. */
  faults(): readonly FaultRule[];
}

const DEFAULT_PORT = 4566;
const DEFAULT_HOST = '127.0.0.1';
/** Larger bodies are refused with 413; no API the sandbox serves takes more. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Starts the sandbox: one HTTP server on one loopback port that answers the AWS APIs Plumbline uses
 * with their real wire protocols, plus the admin endpoints under `/_sandbox/`.
 *
 * @example
 * const sandbox = await startSandbox({ port: 0 });
 * const ecs = new ECSClient({ endpoint: sandbox.url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
 * await ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const runtime: SandboxRuntime = {
    store: await StateStore.open(options.dataDir),
    stats: new StatsCounter(),
    faults: new FaultInjector(options.random),
    queue: new SerialQueue(),
    registry: new ServiceRegistry(defaultServices()),
    clock: options.clock ?? (() => new Date()),
    sleep: (ms) => sleep(ms),
  };
  const routes: readonly Route[] = [createAdminRoute(runtime), createAwsRoute(runtime)];
  const server = createServer((request, response) => {
    void serve(routes, request, response);
  });
  const host = options.host ?? DEFAULT_HOST;
  const port = await listen(server, options.port ?? DEFAULT_PORT, host);
  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    close() {
      closing ??= runtime.queue.idle().then(() => closeServer(server));
      return closing;
    },
    stats: () => runtime.stats.snapshot(),
    reset: () => resetSandbox(runtime),
    setFaults(spec) {
      runtime.faults.set(spec);
    },
    faults: () => runtime.faults.rules(),
  };
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
  outgoing.writeHead(response.status, {
    ...response.headers,
    'content-length': String(body.length),
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
