import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbLockStore } from '../../../../controller/adapters/aws/dynamodb-lock-store.js';
import { LockHeldError } from '../../../../controller/model/errors.js';
import type { Lease, LockStore } from '../../../../controller/ports/lock-store.js';
import { type Dynalite, startDynalite } from '../../../support/dynalite.js';

const WORKERS = 8;
const CYCLES = 200;
/** Long enough that no lease expires during the run: every handover is a release. */
const TTL_MS = 10 * 60_000;
/** The pause before retrying a held lock is drawn from [RETRY_MIN_MS, 3 × RETRY_MIN_MS). */
const RETRY_MIN_MS = 10;
/**
 * How long a worker holds the lease, after one turn of the event loop. A timer is needed: with
 * one turn alone, workers of a store without any condition were never seen overlapping, because
 * an HTTP response takes several turns to reach the caller.
 */
const HOLD_MS = 1;
/**
 * About 3,200 granted and 6,000 refused requests: 18-26 s on an idle 2-core machine, more than
 * twice that on a loaded one, so the test gets five minutes instead of the suite's default.
 */
const TEST_TIMEOUT_MS = 5 * 60_000;

/** What the workers observed, shared in-process: the lock's claims checked from outside. */
interface Ledger {
  holder: string | undefined;
  overlaps: number;
  /** Fencing tokens in the order the leases were observed taken. */
  readonly tokens: number[];
  heldRetries: number;
  /** Anything else a worker hit. */
  readonly errors: unknown[];
  /** Set on the first error or when the test ends: every worker stops at its next step. */
  stopped: boolean;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Workers retry a held lock after a short random pause so they interleave. The pause is not
 * shorter because the workers share one event loop, where the SDK's per-call work is most of the
 * CPU, and each refusal costs two requests (UpdateItem, then GetItem for the holder): a tighter
 * spin only queues more refused requests ahead of the holder's release and slows every handover.
 */
function retryPause(): Promise<void> {
  return pause(RETRY_MIN_MS + Math.random() * RETRY_MIN_MS * 2);
}

async function acquireSoon(
  locks: LockStore,
  env: string,
  name: string,
  ledger: Ledger,
): Promise<Lease | undefined> {
  while (!ledger.stopped) {
    try {
      return await locks.acquire(env, name, TTL_MS);
    } catch (error) {
      if (!(error instanceof LockHeldError)) throw error;
      ledger.heldRetries += 1;
      await retryPause();
    }
  }
  return undefined;
}

async function worker(locks: LockStore, env: string, name: string, ledger: Ledger): Promise<void> {
  try {
    for (let cycle = 0; cycle < CYCLES && !ledger.stopped; cycle++) {
      const lease = await acquireSoon(locks, env, name, ledger);
      if (lease === undefined) return;
      if (ledger.holder !== undefined) ledger.overlaps += 1;
      ledger.holder = name;
      ledger.tokens.push(lease.token);
      // Hold across turns of the event loop so any other acquire in flight can land meanwhile.
      await yieldToLoop();
      await pause(HOLD_MS);
      if (ledger.holder !== name) ledger.overlaps += 1;
      ledger.holder = undefined;
      await locks.release(lease);
    }
  } catch (error) {
    ledger.errors.push(error);
    ledger.stopped = true;
  }
}

describe('DynamoDbLockStore under contention on dynalite', () => {
  let dynalite: Dynalite;
  let client: DynamoDBClient;
  const ledger: Ledger = {
    holder: undefined,
    overlaps: 0,
    tokens: [],
    heldRetries: 0,
    errors: [],
    stopped: false,
  };
  let running: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    dynalite = await startDynalite();
    // One attempt per call: an SDK retry must not hide or replay anything in this test.
    client = new DynamoDBClient({ endpoint: dynalite.endpoint, maxAttempts: 1 });
    await new DynamoDbLockStore({ client }).ensureTable({ pollMs: 5 });
  });

  afterAll(async () => {
    // A timed-out run must not leave workers sending to a closed server.
    ledger.stopped = true;
    await running;
    client.destroy();
    await dynalite.close();
  });

  it(
    'gives 8 workers x 200 cycles exclusive leases with strictly increasing tokens',
    async () => {
      // Prepare
      const locks = new DynamoDbLockStore({ client });
      const names = Array.from({ length: WORKERS }, (_, i) => `worker-${i + 1}`);
      const started = performance.now();

      // Act
      running = Promise.all(names.map((name) => worker(locks, 'prod', name, ledger)));
      await running;
      const seconds = (performance.now() - started) / 1000;

      // Assess
      const total = WORKERS * CYCLES;
      expect(ledger.errors).toEqual([]);
      expect(ledger.overlaps).toBe(0);
      expect(ledger.tokens).toHaveLength(total);
      const notIncreasing = ledger.tokens.filter(
        (t, i) => i > 0 && t <= (ledger.tokens[i - 1] ?? 0),
      );
      expect(notIncreasing).toEqual([]);
      expect(new Set(ledger.tokens).size).toBe(total);
      expect([ledger.tokens[0], ledger.tokens[total - 1]]).toEqual([1, total]);
      // Contention really happened: acquisitions were refused and retried.
      expect(ledger.heldRetries).toBeGreaterThan(0);
      expect(await locks.inspect('prod')).toBeUndefined();
      process.stdout.write(
        `lock contention: ${total} acquisitions, ${ledger.heldRetries} refused and retried, ${seconds.toFixed(1)} s\n`,
      );
    },
    TEST_TIMEOUT_MS,
  );
});
