import { LOCK_WAIT_POLICY } from '../../../controller/core/retry.js';
import { acquireWithWait, withLease } from '../../../controller/flows/with-lease.js';
import { LockHeldError, LockLostError, PlumblineError } from '../../../controller/model/errors.js';
import type { Lease } from '../../../controller/ports/lock-store.js';
import { InMemoryLockStore } from '../../fakes/in-memory-lock-store.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const TTL = 90_000;
const EVERY = TTL / 3;
const REQ = { env: 'prod', owner: 'rollout-a', ttlMs: TTL };

/** Follows jest's fake clock. */
const fakeTimeClock = { now: () => new Date() };

/** A transient store failure, as an adapter raises for throttling or a dropped connection. */
class FlakyStoreError extends PlumblineError {}

/** Work that runs until told to finish, or until its signal aborts (then throws the reason). */
function controllableWork<T>() {
  let finish: (value: T) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  let seen: { lease: Lease; signal: AbortSignal } | undefined;
  const work = (lease: Lease, signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      seen = { lease, signal };
      finish = resolve;
      fail = reject;
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  return {
    work,
    finish: (value: T) => finish(value),
    fail: (error: unknown) => fail(error),
    seen: () => seen,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('withLease', () => {
  let store: InMemoryLockStore;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    store = new InMemoryLockStore(fakeTimeClock);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('renews the lease on the interval while the work runs, then releases it', async () => {
    // Prepare
    const w = controllableWork<string>();

    // Act
    const outcome = withLease(store, REQ, w.work);
    await jest.advanceTimersByTimeAsync(3 * EVERY + 1);
    const held = await store.inspect('prod');
    w.finish('deployed');
    const result = await outcome;

    // Assess
    expect(result).toBe('deployed');
    expect(held?.expiresAt).toEqual(new Date(T0 + 3 * EVERY + TTL));
    expect(store.calls).toEqual([
      'acquire prod rollout-a',
      'renew prod rollout-a 1',
      'renew prod rollout-a 1',
      'renew prod rollout-a 1',
      'inspect prod',
      'release prod rollout-a 1',
    ]);
    expect(await store.inspect('prod')).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('releases the lease it renewed last', async () => {
    // Prepare
    const w = controllableWork<void>();
    const release = jest.spyOn(store, 'release');

    // Act
    const outcome = withLease(store, { ...REQ, renewEveryMs: 10_000 }, w.work);
    await jest.advanceTimersByTimeAsync(25_000);
    w.finish();
    await outcome;

    // Assess
    expect(release).toHaveBeenCalledWith(
      expect.objectContaining({ token: 1, expiresAt: new Date(T0 + 20_000 + TTL) }),
    );
  });

  it('aborts the signal with LockLostError and rejects when a renewal is refused', async () => {
    // Prepare
    const w = controllableWork<string>();
    const outcome = withLease(store, REQ, w.work);
    const settled = rejection(outcome);
    await jest.advanceTimersByTimeAsync(1);
    await store.forceRelease('prod');

    // Act
    await jest.advanceTimersByTimeAsync(EVERY);
    const error = await settled;
    await jest.advanceTimersByTimeAsync(5 * EVERY);

    // Assess
    expect(w.seen()?.signal.aborted).toBe(true);
    expect(w.seen()?.signal.reason).toBeInstanceOf(LockLostError);
    expect(error).toBe(w.seen()?.signal.reason);
    expect(error).toMatchObject({ env: 'prod', owner: 'rollout-a', token: 1 });
    expect(store.calls.filter((c) => c.startsWith('renew'))).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects with LockLostError when the work ignores the aborted signal and succeeds', async () => {
    // Prepare
    const renew = jest.spyOn(store, 'renew').mockRejectedValue(new FlakyStoreError('throttled'));
    const work = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5 * EVERY));
      return 'done anyway';
    };
    const outcome = rejection(withLease(store, REQ, work));

    // Act
    await jest.advanceTimersByTimeAsync(5 * EVERY);
    const error = await outcome;

    // Assess
    expect(error).toBeInstanceOf(LockLostError);
    expect(renew).toHaveBeenCalledTimes(2);
    expect(store.calls).toContain('release prod rollout-a 1');
  });

  it('rides out one transient renewal failure', async () => {
    // Prepare
    const w = controllableWork<string>();
    const renew = store.renew.bind(store);
    jest
      .spyOn(store, 'renew')
      .mockRejectedValueOnce(new FlakyStoreError('throttled'))
      .mockImplementation(renew);

    // Act
    const outcome = withLease(store, REQ, w.work);
    await jest.advanceTimersByTimeAsync(2 * EVERY + 1);
    w.finish('deployed');

    // Assess
    await expect(outcome).resolves.toBe('deployed');
    expect(w.seen()?.signal.aborted).toBe(false);
  });

  it('gives the lease up before it expires when renewals keep failing transiently', async () => {
    // Prepare
    const w = controllableWork<string>();
    const flaky = new FlakyStoreError('throttled');
    jest.spyOn(store, 'renew').mockRejectedValue(flaky);
    const outcome = rejection(withLease(store, REQ, w.work));

    // Act
    await jest.advanceTimersByTimeAsync(EVERY + 1);
    const abortedAfterOne = w.seen()?.signal.aborted;
    await jest.advanceTimersByTimeAsync(EVERY);
    const abortedAfterTwo = w.seen()?.signal.aborted;

    // Assess
    expect([abortedAfterOne, abortedAfterTwo]).toEqual([false, true]);
    expect(Date.now()).toBeLessThan(T0 + TTL);
    const error = await outcome;
    expect(error).toBeInstanceOf(LockLostError);
    expect((error as LockLostError).cause).toBe(flaky);
  });

  it('gives the lease up when a renewal stays unanswered for too long', async () => {
    // Prepare
    const w = controllableWork<string>();
    jest.spyOn(store, 'renew').mockReturnValue(new Promise<Lease>(() => undefined));
    const outcome = rejection(withLease(store, REQ, w.work));

    // Act
    await jest.advanceTimersByTimeAsync(2 * EVERY + 1);

    // Assess
    expect(w.seen()?.signal.aborted).toBe(true);
    expect(await outcome).toBeInstanceOf(LockLostError);
    expect(store.calls).toContain('release prod rollout-a 1');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('releases the lease when the work fails, and rejects with the work error', async () => {
    // Prepare
    const boom = new Error('change set failed');
    const work = async () => {
      throw boom;
    };

    // Act
    const error = await rejection(withLease(store, REQ, work));

    // Assess
    expect(error).toBe(boom);
    expect(store.calls).toEqual(['acquire prod rollout-a', 'release prod rollout-a 1']);
    expect(await store.inspect('prod')).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps the work error when the release after a takeover is refused', async () => {
    // Prepare
    const boom = new Error('stack update failed');
    const work = async () => {
      await store.forceRelease('prod');
      await store.acquire('prod', 'rollout-b', TTL);
      throw boom;
    };

    // Act
    const error = await rejection(withLease(store, REQ, work));

    // Assess
    expect(error).toBe(boom);
    expect(await store.inspect('prod')).toMatchObject({ owner: 'rollout-b', token: 2 });
  });

  it('surfaces a refused release after work that succeeded', async () => {
    // Prepare
    const work = async () => {
      await store.forceRelease('prod');
      return 'deployed';
    };

    // Act
    const error = await rejection(withLease(store, REQ, work));

    // Assess
    expect(error).toBeInstanceOf(LockLostError);
  });

  it('propagates LockHeldError from the acquisition without running the work', async () => {
    // Prepare
    await store.acquire('prod', 'rollout-b', TTL);
    const work = jest.fn(async () => 'never');

    // Act
    const error = await rejection(withLease(store, REQ, work));

    // Assess
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error).toMatchObject({ holder: 'rollout-b' });
    expect(work).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  describe('keeping the lease for a continuation', () => {
    const HOLD = 15 * 60_000;

    it('parks the lease it renewed last for the hold instead of releasing it', async () => {
      // Prepare
      const w = controllableWork<string>();

      // Act
      const outcome = withLease(store, REQ, async (lease, signal, keep) => {
        const value = await w.work(lease, signal);
        keep(HOLD);
        return value;
      });
      await jest.advanceTimersByTimeAsync(EVERY + 1);
      w.finish('continuing');
      const result = await outcome;

      // Assess
      expect(result).toBe('continuing');
      expect(store.calls).toEqual([
        'acquire prod rollout-a',
        'renew prod rollout-a 1',
        'park prod rollout-a 1',
      ]);
      expect(await store.inspect('prod')).toEqual({
        env: 'prod',
        owner: 'rollout-a',
        token: 1,
        acquiredAt: new Date(T0),
        expiresAt: new Date(T0 + EVERY + 1 + HOLD),
        parked: true,
      });
      expect(jest.getTimerCount()).toBe(0);
    });

    it('continues from a resumed lease, renewing it under the same token, and releases it', async () => {
      // Prepare
      const saved = await store.park(await store.acquire('prod', 'rollout-a', TTL), HOLD);
      await jest.advanceTimersByTimeAsync(60_000);
      const w = controllableWork<string>();
      const req = { ...REQ, acquire: () => store.resume(saved, TTL) };

      // Act
      const outcome = withLease(store, req, w.work);
      await jest.advanceTimersByTimeAsync(EVERY + 1);
      const held = await store.inspect('prod');
      w.finish('deployed');
      const result = await outcome;

      // Assess
      expect(result).toBe('deployed');
      expect(w.seen()?.lease).toEqual({
        ...saved,
        parked: undefined,
        expiresAt: new Date(T0 + 60_000 + TTL),
      });
      expect(held).toEqual({
        env: 'prod',
        owner: 'rollout-a',
        token: 1,
        acquiredAt: new Date(T0),
        expiresAt: new Date(T0 + 60_000 + EVERY + TTL),
      });
      expect(store.calls.slice(2)).toEqual([
        'resume prod rollout-a 1',
        'renew prod rollout-a 1',
        'inspect prod',
        'release prod rollout-a 1',
      ]);
      expect(await store.inspect('prod')).toBeUndefined();
    });

    it('propagates the LockHeldError of a resume while another invocation works, without running the work', async () => {
      // Prepare
      const live = await store.acquire('prod', 'rollout-a', TTL);
      const work = jest.fn(async () => 'never');

      // Act
      const error = await rejection(
        withLease(store, { ...REQ, acquire: () => store.resume(live, TTL) }, work),
      );

      // Assess
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error).toMatchObject({ holder: 'rollout-a', expiresAt: live.expiresAt });
      expect(work).not.toHaveBeenCalled();
      expect(await store.inspect('prod')).toEqual(live);
    });

    it('releases a kept lease when the work then fails, and rejects with the work error', async () => {
      // Prepare
      const boom = new Error('change set failed');

      // Act
      const error = await rejection(
        withLease(store, REQ, async (_lease, _signal, keep) => {
          keep(HOLD);
          throw boom;
        }),
      );

      // Assess
      expect(error).toBe(boom);
      expect(store.calls).toEqual(['acquire prod rollout-a', 'release prod rollout-a 1']);
      expect(await store.inspect('prod')).toBeUndefined();
    });

    it('does not park a lease that was lost, and rejects with the LockLostError', async () => {
      // Prepare
      const work = async (_lease: Lease, signal: AbortSignal, keep: (ms: number) => void) => {
        await store.forceRelease('prod');
        await new Promise((resolve) => setTimeout(resolve, EVERY + 1));
        keep(HOLD);
        return signal.aborted;
      };
      const outcome = rejection(withLease(store, REQ, work));

      // Act
      await jest.advanceTimersByTimeAsync(EVERY + 1);
      const error = await outcome;

      // Assess
      expect(error).toBeInstanceOf(LockLostError);
      expect(store.calls.some((c) => c.startsWith('park'))).toBe(false);
      expect(await store.inspect('prod')).toBeUndefined();
    });

    it('keeps the lease parked when a renewal sent before the park lands after it', async () => {
      // Prepare
      const renew = store.renew.bind(store);
      let landRenewal: () => void = () => undefined;
      const late = new Promise<void>((resolve) => {
        landRenewal = resolve;
      });
      const renewal = jest.spyOn(store, 'renew').mockImplementation(async (lease, ttl) => {
        await late;
        return renew(lease, ttl);
      });
      const w = controllableWork<string>();
      const outcome = withLease(store, REQ, async (lease, signal, keep) => {
        const value = await w.work(lease, signal);
        keep(HOLD);
        return value;
      });
      await jest.advanceTimersByTimeAsync(EVERY + 1);
      w.finish('continuing');
      await outcome;

      // Act
      landRenewal();
      const landed = await rejection(renewal.mock.results[0]?.value as Promise<Lease>);

      // Assess
      expect(landed).toBeInstanceOf(LockLostError);
      expect(await store.inspect('prod')).toMatchObject({
        parked: true,
        expiresAt: new Date(T0 + EVERY + 1 + HOLD),
      });
    });

    it('refuses a hold that is not a positive integer, failing the work and releasing', async () => {
      // Act
      const error = await rejection(
        withLease(store, REQ, async (_lease, _signal, keep) => {
          keep(0);
          return 'never';
        }),
      );

      // Assess
      expect(error).toBeInstanceOf(RangeError);
      expect(await store.inspect('prod')).toBeUndefined();
    });
  });

  it('refuses a renewal interval that is not shorter than the ttl', async () => {
    // Prepare
    const req = { ...REQ, renewEveryMs: TTL };

    // Act
    const error = await rejection(withLease(store, req, async () => 'never'));

    // Assess
    expect(error).toBeInstanceOf(RangeError);
    expect(store.calls).toEqual([]);
  });
});

describe('withLease timer', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('does not keep the process alive while the work runs', async () => {
    // Prepare
    const store = new InMemoryLockStore({ now: () => new Date() });
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    let refed: boolean | undefined;

    // Act
    await withLease(store, REQ, async () => {
      const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout | undefined;
      refed = timer?.hasRef();
    });

    // Assess
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    expect(refed).toBe(false);
  });
});

describe('acquireWithWait', () => {
  let store: InMemoryLockStore;
  let now: number;
  const sleeps: number[] = [];
  let random = 0.5;
  const pacing = {
    sleeper: {
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    random: () => random,
  };

  beforeEach(() => {
    now = T0;
    random = 0.5;
    sleeps.length = 0;
    store = new InMemoryLockStore({ now: () => new Date(now) });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('acquires at once when the environment is free', async () => {
    // Prepare
    const waitMs = 10_000;

    // Act
    const lease = await acquireWithWait(store, 'prod', 'rollout-a', TTL, waitMs, pacing);

    // Assess
    expect(lease).toMatchObject({ owner: 'rollout-a', token: 1 });
    expect(sleeps).toEqual([]);
  });

  it('retries with doubling pauses until the holder lets go', async () => {
    // Prepare
    await store.acquire('prod', 'rollout-b', 3_000);

    // Act
    const lease = await acquireWithWait(store, 'prod', 'rollout-a', TTL, 60_000, pacing);

    // Assess: half of each ceiling with random 0.5
    expect(lease).toMatchObject({ owner: 'rollout-a', token: 2 });
    expect(sleeps).toEqual([125, 250, 500, 1_000, 2_000]);
  });

  it('jitters each pause over the whole ceiling of the lock-wait policy, capped', async () => {
    // Prepare
    await store.acquire('prod', 'rollout-b', 10 * 60_000);
    random = 0.9999;

    // Act
    await rejection(acquireWithWait(store, 'prod', 'rollout-a', TTL, 30_000, pacing));

    // Assess
    expect(sleeps.slice(0, 7)).toEqual([249, 499, 999, 1_999, 3_999, 4_999, 4_999]);
    expect(LOCK_WAIT_POLICY).toEqual({ baseMs: 250, capMs: 5_000, factor: 2 });
  });

  it('gives up after waitMs with the last LockHeldError', async () => {
    // Prepare
    await store.acquire('prod', 'rollout-b', 10 * 60_000);

    // Act
    const error = await rejection(acquireWithWait(store, 'prod', 'rollout-a', TTL, 20_000, pacing));

    // Assess
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error).toMatchObject({ holder: 'rollout-b' });
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(LOCK_WAIT_POLICY.capMs);
  });

  it('tries exactly once when there is no time to wait', async () => {
    // Prepare
    await store.acquire('prod', 'rollout-b', TTL);

    // Act
    const error = await rejection(acquireWithWait(store, 'prod', 'rollout-a', TTL, 0, pacing));

    // Assess
    expect(error).toBeInstanceOf(LockHeldError);
    expect(store.calls.filter((c) => c === 'acquire prod rollout-a')).toHaveLength(1);
  });

  it('does not retry errors other than a held lock', async () => {
    // Prepare
    const broken = new FlakyStoreError('table missing');
    jest.spyOn(store, 'acquire').mockRejectedValue(broken);

    // Act
    const error = await rejection(acquireWithWait(store, 'prod', 'rollout-a', TTL, 60_000, pacing));

    // Assess
    expect(error).toBe(broken);
    expect(sleeps).toEqual([]);
  });
});
