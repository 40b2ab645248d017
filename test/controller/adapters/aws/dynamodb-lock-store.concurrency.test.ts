import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbLockStore } from '../../../../controller/adapters/aws/dynamodb-lock-store.js';
import { LockHeldError } from '../../../../controller/model/errors.js';
import type { LockStore } from '../../../../controller/ports/lock-store.js';
import { type Dynalite, startDynalite } from '../../../support/dynalite.js';

const WORKERS = 8;
const CYCLES = 200;
/** Long enough that no lease expires during the run: every handover is a release. */
const TTL_MS = 10 * 60_000;

/** What the workers observed, shared in-process: the lock's claims checked from outside. */
interface Ledger {
  holder: string | undefined;
  overlaps: number;
  /** Fencing tokens in the order the leases were observed taken. */
  readonly tokens: number[];
  heldRetries: number;
}

/** Retries a held lock after a short random pause, so workers interleave rather than lockstep. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() < 0.5 ? 0 : 1));
}

async function worker(locks: LockStore, env: string, name: string, ledger: Ledger): Promise<void> {
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    let lease: Awaited<ReturnType<LockStore['acquire']>> | undefined;
    while (lease === undefined) {
      try {
        lease = await locks.acquire(env, name, TTL_MS);
      } catch (error) {
        if (!(error instanceof LockHeldError)) throw error;
        ledger.heldRetries += 1;
        await pause();
      }
    }
    if (ledger.holder !== undefined) ledger.overlaps += 1;
    ledger.holder = name;
    ledger.tokens.push(lease.token);
    // Give every other worker's pending acquire a chance to land while this one holds the lease.
    await yieldToLoop();
    await pause();
    if (ledger.holder !== name) ledger.overlaps += 1;
    ledger.holder = undefined;
    await locks.release(lease);
  }
}

describe('DynamoDbLockStore under contention on dynalite', () => {
  let dynalite: Dynalite;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynalite = await startDynalite();
    // One attempt per call: an SDK retry must not hide or replay anything in this test.
    client = new DynamoDBClient({ endpoint: dynalite.endpoint, maxAttempts: 1 });
    await new DynamoDbLockStore({ client }).ensureTable({ pollMs: 5 });
  });

  afterAll(async () => {
    client.destroy();
    await dynalite.close();
  });

  it('gives 8 workers x 200 cycles exclusive leases with strictly increasing tokens', async () => {
    // Prepare
    const locks = new DynamoDbLockStore({ client });
    const ledger: Ledger = { holder: undefined, overlaps: 0, tokens: [], heldRetries: 0 };
    const names = Array.from({ length: WORKERS }, (_, i) => `worker-${i + 1}`);
    const started = performance.now();

    // Act
    await Promise.all(names.map((name) => worker(locks, 'prod', name, ledger)));
    const seconds = (performance.now() - started) / 1000;

    // Assess
    const total = WORKERS * CYCLES;
    expect(ledger.tokens).toHaveLength(total);
    expect(ledger.overlaps).toBe(0);
    const decreases = ledger.tokens.filter((t, i) => i > 0 && t <= (ledger.tokens[i - 1] ?? 0));
    expect(decreases).toEqual([]);
    expect(new Set(ledger.tokens).size).toBe(total);
    expect(ledger.tokens[0]).toBe(1);
    expect(ledger.tokens[total - 1]).toBe(total);
    // Contention really happened: acquisitions were refused and retried.
    expect(ledger.heldRetries).toBeGreaterThan(total);
    expect(await locks.inspect('prod')).toBeUndefined();
    process.stdout.write(
      `lock contention: ${total} acquisitions, ${ledger.heldRetries} held retries, ${seconds.toFixed(1)} s\n`,
    );
  });
});
