import { LockHeldError, LockLostError } from '../../controller/model/errors.js';
import type { Clock } from '../../controller/ports/clock.js';
import type { Lease, LockStore } from '../../controller/ports/lock-store.js';

/**
 * The behaviour every {@link LockStore} owes its callers, written once from the port's TSDoc and
 * run against each implementation (`describeLockStoreContract` in a `*.test.ts` per store).
 *
 * Time is the contract's: `setup` receives a clock that only the contract moves, and must build a
 * fresh store (no lease of an earlier case visible) that reads `now` from it. No case waits on the
 * wall clock.
 */
export type LockStoreSetup = (clock: Clock) => LockStore | Promise<LockStore>;

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const TTL = 60_000;
/** How long a parked lease is held in the contract's cases: longer than a ttl, as in use. */
const HOLD = 5 * TTL;
const ENV = 'prod';

/** A clock only the contract moves. */
class ManualClock implements Clock {
  private ms = T0;

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

const at = (msAfterStart: number) => new Date(T0 + msAfterStart);

export function describeLockStoreContract(name: string, setup: LockStoreSetup): void {
  describe(`LockStore contract: ${name}`, () => {
    let clock: ManualClock;
    let store: LockStore;

    beforeEach(async () => {
      clock = new ManualClock();
      store = await setup(clock);
    });

    describe('acquire', () => {
      it('acquires a free environment for the ttl from now', async () => {
        // Prepare
        clock.advance(5_000);

        // Act
        const lease = await store.acquire(ENV, 'rollout-a', TTL);

        // Assess
        expect(lease).toEqual({
          env: ENV,
          owner: 'rollout-a',
          token: expect.any(Number),
          acquiredAt: at(5_000),
          expiresAt: at(5_000 + TTL),
        });
        expect(lease.token).toBeGreaterThan(0);
      });

      it('locks each environment on its own', async () => {
        // Prepare
        await store.acquire('prod', 'rollout-a', TTL);

        // Act
        const dev = await store.acquire('dev', 'rollout-b', TTL);

        // Assess
        expect(dev).toMatchObject({ env: 'dev', owner: 'rollout-b', expiresAt: at(TTL) });
      });

      it('refuses a second owner with a LockHeldError naming the holder and its expiry', async () => {
        // Prepare
        const held = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(10_000);

        // Act
        const refused = store.acquire(ENV, 'rollout-b', TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockHeldError);
        await expect(refused).rejects.toMatchObject({
          env: ENV,
          holder: 'rollout-a',
          acquiredAt: at(0),
          expiresAt: at(TTL),
        });
        expect(await store.inspect(ENV)).toEqual(held);
      });

      it('refuses the holder itself a second lease while its lease runs', async () => {
        // Prepare
        const held = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(1);

        // Act
        const refused = store.acquire(ENV, 'rollout-a', TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockHeldError);
        await expect(refused).rejects.toMatchObject({ holder: 'rollout-a', expiresAt: at(TTL) });
        expect(await store.inspect(ENV)).toEqual(held);
      });

      it('answers a replay of the same acquisition (same owner, same instant) with the same lease', async () => {
        // Prepare
        const held = await store.acquire(ENV, 'rollout-a', TTL);

        // Act
        const replayed = await store.acquire(ENV, 'rollout-a', TTL);

        // Assess
        expect(replayed).toEqual(held);
        expect(await store.inspect(ENV)).toEqual(held);
      });

      it('refuses the holder a second lease once time has moved on', async () => {
        // Prepare
        const held = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(1);

        // Act
        const refused = store.acquire(ENV, 'rollout-a', TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockHeldError);
        expect(await store.inspect(ENV)).toEqual(held);
      });

      it('grants exactly one of two simultaneous acquisitions', async () => {
        // Prepare
        const owners = ['rollout-a', 'rollout-b'];

        // Act
        const outcomes = await Promise.allSettled(owners.map((o) => store.acquire(ENV, o, TTL)));

        // Assess
        const granted = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(granted).toHaveLength(1);
        const [winner] = granted;
        expect(refused).toEqual([
          expect.objectContaining({ constructor: LockHeldError, holder: winner?.owner }),
        ]);
        expect(owners).toContain(winner?.owner);
        expect(await store.inspect(ENV)).toEqual(winner);
      });

      it('keeps a lease held up to and including its expiry instant', async () => {
        // Prepare
        await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL);

        // Act
        const refused = store.acquire(ENV, 'rollout-b', TTL);

        // Assess
        await expect(refused).rejects.toMatchObject({ holder: 'rollout-a', expiresAt: at(TTL) });
      });

      it('hands an expired lease to a new owner with a strictly greater token', async () => {
        // Prepare
        const first = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL + 1);

        // Act
        const second = await store.acquire(ENV, 'rollout-b', TTL);

        // Assess
        expect(second).toEqual({
          env: ENV,
          owner: 'rollout-b',
          token: expect.any(Number),
          acquiredAt: at(TTL + 1),
          expiresAt: at(TTL + 1 + TTL),
        });
        expect(second.token).toBeGreaterThan(first.token);
        expect(await store.inspect(ENV)).toEqual(second);
      });

      it('increases the token on every acquisition, across releases, takeovers and force-releases', async () => {
        // Prepare
        const tokens: number[] = [];
        const a = await store.acquire(ENV, 'rollout-a', TTL);
        tokens.push(a.token);
        await store.release(a);
        const b = await store.acquire(ENV, 'rollout-b', TTL);
        tokens.push(b.token);
        clock.advance(TTL + 1);
        const c = await store.acquire(ENV, 'rollout-c', TTL);
        tokens.push(c.token);
        await store.forceRelease(ENV);

        // Act
        const d = await store.acquire(ENV, 'rollout-a', TTL);
        tokens.push(d.token);

        // Assess
        expect(tokens.slice(1).map((t, i) => t > (tokens[i] ?? Number.POSITIVE_INFINITY))).toEqual([
          true,
          true,
          true,
        ]);
      });
    });

    describe('renew', () => {
      it("moves the owner's expiry to now + ttl, keeping its token and acquisition time", async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(20_000);

        // Act
        const renewed = await store.renew(lease, 2 * TTL);

        // Assess
        expect(renewed).toEqual({ ...lease, expiresAt: at(20_000 + 2 * TTL) });
        expect(await store.inspect(ENV)).toEqual(renewed);
      });

      it('keeps a renewed lease held past its first expiry', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL - 1);
        const renewed = await store.renew(lease, TTL);
        clock.advance(2);

        // Act
        const refused = store.acquire(ENV, 'rollout-b', TTL);

        // Assess
        await expect(refused).rejects.toMatchObject({
          holder: 'rollout-a',
          expiresAt: renewed.expiresAt,
        });
        expect(renewed.expiresAt).toEqual(at(2 * TTL - 1));
      });

      it('renews a renewed lease again, and at its expiry instant', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL);
        const renewed = await store.renew(lease, TTL);
        clock.advance(TTL);

        // Act
        const again = await store.renew(renewed, TTL);

        // Assess
        expect(again).toEqual({ ...lease, expiresAt: at(3 * TTL) });
      });

      it('refuses a lease presented by another owner with a LockLostError, leaving the holder be', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        const forged: Lease = { ...lease, owner: 'rollout-b' };
        clock.advance(1_000);

        // Act
        const refused = store.renew(forged, TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        await expect(refused).rejects.toMatchObject({
          env: ENV,
          owner: 'rollout-b',
          token: lease.token,
        });
        expect(await store.inspect(ENV)).toEqual(lease);
      });

      it('refuses a stale token of the same owner after it acquired again', async () => {
        // Prepare
        const first = await store.acquire(ENV, 'rollout-a', TTL);
        await store.release(first);
        const second = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(1_000);

        // Act
        const refused = store.renew(first, TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        await expect(refused).rejects.toMatchObject({ owner: 'rollout-a', token: first.token });
        expect(await store.inspect(ENV)).toEqual(second);
      });

      it('refuses to renew a lease another owner took over after it expired', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL + 1);
        const takeover = await store.acquire(ENV, 'rollout-b', TTL);

        // Act
        const refused = store.renew(lease, TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        expect(await store.inspect(ENV)).toEqual(takeover);
      });

      it('refuses to renew an expired lease even when nobody took it over', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL + 1);

        // Act
        const refused = store.renew(lease, TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        expect(await store.inspect(ENV)).toEqual(lease);
      });

      it('refuses to renew a released lease', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.release(lease);

        // Act
        const refused = store.renew(lease, TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        expect(await store.inspect(ENV)).toBeUndefined();
      });
    });

    describe('park', () => {
      it('holds the lease until now + hold, marked parked, keeping token and acquisition time', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(20_000);

        // Act
        const parked = await store.park(lease, HOLD);

        // Assess
        expect(parked).toEqual({ ...lease, expiresAt: at(20_000 + HOLD), parked: true });
        expect(await store.inspect(ENV)).toEqual(parked);
      });

      it('keeps a parked lease held against others until its hold runs out', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.park(lease, HOLD);
        clock.advance(HOLD);

        // Act
        const refused = store.acquire(ENV, 'rollout-b', TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockHeldError);
        await expect(refused).rejects.toMatchObject({ holder: 'rollout-a', expiresAt: at(HOLD) });
      });

      it('lets another owner take a parked lease whose hold ran out, without the parked mark', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.park(lease, HOLD);
        clock.advance(HOLD + 1);

        // Act
        const takeover = await store.acquire(ENV, 'rollout-b', TTL);

        // Assess
        expect(takeover).toEqual({
          env: ENV,
          owner: 'rollout-b',
          token: expect.any(Number),
          acquiredAt: at(HOLD + 1),
          expiresAt: at(HOLD + 1 + TTL),
        });
        expect(takeover.token).toBeGreaterThan(lease.token);
        expect(await store.inspect(ENV)).toEqual(takeover);
      });

      it('parks a parked lease again, moving only its expiry', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        const parked = await store.park(lease, HOLD);
        clock.advance(1_000);

        // Act
        const again = await store.park(parked, HOLD);

        // Assess
        expect(again).toEqual({ ...lease, expiresAt: at(1_000 + HOLD), parked: true });
      });

      it('parks at the expiry instant but refuses an expired lease even when nobody took it over', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        const other = await store.acquire('dev', 'rollout-a', TTL);
        clock.advance(TTL);
        await store.park(other, HOLD);
        clock.advance(1);

        // Act
        const refused = store.park(lease, HOLD);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        await expect(refused).rejects.toMatchObject({ env: ENV, owner: 'rollout-a' });
        expect(await store.inspect(ENV)).toEqual(lease);
        expect(await store.inspect('dev')).toMatchObject({
          expiresAt: at(TTL + HOLD),
          parked: true,
        });
      });

      it('refuses another owner, a stale token and a released lease with a LockLostError', async () => {
        // Prepare
        const first = await store.acquire(ENV, 'rollout-a', TTL);
        await store.release(first);
        const second = await store.acquire(ENV, 'rollout-a', TTL);
        const released = await store.acquire('dev', 'rollout-a', TTL);
        await store.release(released);

        // Act
        const refusals = await Promise.allSettled([
          store.park({ ...second, owner: 'rollout-b' }, HOLD),
          store.park(first, HOLD),
          store.park(released, HOLD),
        ]);

        // Assess
        expect(
          refusals.map((r) => r.status === 'rejected' && r.reason instanceof LockLostError),
        ).toEqual([true, true, true]);
        expect(await store.inspect(ENV)).toEqual(second);
        expect(await store.inspect('dev')).toBeUndefined();
      });

      it('refuses to renew a parked lease, leaving it parked for the next invocation', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        const parked = await store.park(lease, HOLD);
        clock.advance(1_000);

        // Act
        const refused = store.renew(lease, TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        expect(await store.inspect(ENV)).toEqual(parked);
      });

      it('releases a parked lease and force-releases one, reporting it parked, and frees both', async () => {
        // Prepare
        const prod = await store.park(await store.acquire(ENV, 'rollout-a', TTL), HOLD);
        const dev = await store.park(await store.acquire('dev', 'rollout-b', TTL), HOLD);

        // Act
        await store.release(prod);
        const broken = await store.forceRelease('dev');
        const next = await store.acquire('dev', 'rollout-c', TTL);

        // Assess
        expect(await store.inspect(ENV)).toBeUndefined();
        expect(broken).toEqual(dev);
        expect(next).toEqual({
          env: 'dev',
          owner: 'rollout-c',
          token: expect.any(Number),
          acquiredAt: at(0),
          expiresAt: at(TTL),
        });
        await expect(store.resume(dev, TTL)).rejects.toBeInstanceOf(LockLostError);
      });
    });

    describe('resume', () => {
      it('takes a parked lease back with the same token, unparked, until now + ttl', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.park(lease, HOLD);
        clock.advance(30_000);

        // Act
        const resumed = await store.resume(lease, TTL);

        // Assess
        expect(resumed).toEqual({ ...lease, expiresAt: at(30_000 + TTL) });
        expect(resumed.parked).toBeUndefined();
        expect(await store.inspect(ENV)).toEqual(resumed);
      });

      it('takes back a parked lease whose hold ran out, when nobody took it', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.park(lease, HOLD);
        clock.advance(HOLD + 5_000);

        // Act
        const resumed = await store.resume(lease, TTL);

        // Assess
        expect(resumed).toEqual({ ...lease, expiresAt: at(HOLD + 5_000 + TTL) });
      });

      it('takes back an expired lease whose holder stopped without parking', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL + 1);

        // Act
        const resumed = await store.resume(lease, TTL);

        // Assess
        expect(resumed).toEqual({ ...lease, expiresAt: at(TTL + 1 + TTL) });
        expect(await store.inspect(ENV)).toEqual(resumed);
      });

      it('refuses a live, unparked lease of the same owner and token with a LockHeldError naming it', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL);

        // Act
        const refused = store.resume(lease, TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockHeldError);
        await expect(refused).rejects.toMatchObject({
          env: ENV,
          holder: 'rollout-a',
          acquiredAt: at(0),
          expiresAt: at(TTL),
        });
        expect(await store.inspect(ENV)).toEqual(lease);
      });

      it('refuses a second resume of the same parked lease while the first one works', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.park(lease, HOLD);
        clock.advance(1_000);
        const first = await store.resume(lease, TTL);
        clock.advance(1_000);

        // Act
        const second = store.resume(lease, TTL);

        // Assess
        await expect(second).rejects.toBeInstanceOf(LockHeldError);
        await expect(second).rejects.toMatchObject({
          holder: 'rollout-a',
          expiresAt: first.expiresAt,
        });
      });

      it('lets exactly one of two simultaneous resumes of a parked lease through', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.park(lease, HOLD);
        clock.advance(1_000);

        // Act
        const outcomes = await Promise.allSettled([
          store.resume(lease, TTL),
          store.resume(lease, TTL),
        ]);

        // Assess
        const resumed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(resumed).toEqual([{ ...lease, expiresAt: at(1_000 + TTL) }]);
        expect(refused).toEqual([
          expect.objectContaining({ constructor: LockHeldError, holder: 'rollout-a' }),
        ]);
      });

      it('refuses with a LockLostError once someone else took the expired lease over', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.park(lease, HOLD);
        clock.advance(HOLD + 1);
        const takeover = await store.acquire(ENV, 'rollout-b', TTL);

        // Act
        const refused = store.resume(lease, TTL);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        await expect(refused).rejects.toMatchObject({
          env: ENV,
          owner: 'rollout-a',
          token: lease.token,
        });
        expect(await store.inspect(ENV)).toEqual(takeover);
      });

      it('refuses with a LockLostError a lease released, force-released, never taken, or of another token', async () => {
        // Prepare
        const released = await store.acquire(ENV, 'rollout-a', TTL);
        await store.release(released);
        const broken = await store.park(await store.acquire('dev', 'rollout-a', TTL), HOLD);
        await store.forceRelease('dev');
        const staging = await store.acquire('staging', 'rollout-a', TTL);
        await store.park(staging, HOLD);
        const never: Lease = { ...released, env: 'qa' };

        // Act
        const refusals = await Promise.allSettled([
          store.resume(released, TTL),
          store.resume(broken, TTL),
          store.resume(never, TTL),
          store.resume({ ...staging, token: staging.token + 1 }, TTL),
          store.resume({ ...staging, owner: 'rollout-b' }, TTL),
        ]);

        // Assess
        expect(
          refusals.map((r) => r.status === 'rejected' && r.reason instanceof LockLostError),
        ).toEqual([true, true, true, true, true]);
        expect(await store.inspect('staging')).toMatchObject({
          parked: true,
          token: staging.token,
        });
      });

      it('hands back a lease that renews, parks again and releases like an acquired one', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.park(lease, HOLD);
        clock.advance(1_000);
        const resumed = await store.resume(lease, TTL);
        clock.advance(1_000);

        // Act
        const renewed = await store.renew(resumed, TTL);
        const parkedAgain = await store.park(renewed, HOLD);
        clock.advance(HOLD + 1);
        const resumedAgain = await store.resume(parkedAgain, TTL);
        await store.release(resumedAgain);

        // Assess
        expect(renewed).toEqual({ ...lease, expiresAt: at(2_000 + TTL) });
        expect(parkedAgain).toEqual({ ...lease, expiresAt: at(2_000 + HOLD), parked: true });
        expect(resumedAgain).toEqual({ ...lease, expiresAt: at(2_000 + HOLD + 1 + TTL) });
        expect(await store.inspect(ENV)).toBeUndefined();
      });
    });

    describe('release', () => {
      it('frees the environment at once, and the next acquisition still counts the token on', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);

        // Act
        await store.release(lease);
        const freed = await store.inspect(ENV);
        const next = await store.acquire(ENV, 'rollout-b', TTL);

        // Assess
        expect(freed).toBeUndefined();
        expect(next).toMatchObject({ owner: 'rollout-b', acquiredAt: at(0), expiresAt: at(TTL) });
        expect(next.token).toBeGreaterThan(lease.token);
      });

      it('refuses a release by another owner with a LockLostError and keeps the lease', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);

        // Act
        const refused = store.release({ ...lease, owner: 'rollout-b' });

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        await expect(refused).rejects.toMatchObject({ env: ENV, owner: 'rollout-b' });
        expect(await store.inspect(ENV)).toEqual(lease);
      });

      it("refuses a stale release after a takeover and keeps the new holder's lease", async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL + 1);
        const takeover = await store.acquire(ENV, 'rollout-b', TTL);

        // Act
        const refused = store.release(lease);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        await expect(refused).rejects.toMatchObject({ owner: 'rollout-a', token: lease.token });
        expect(await store.inspect(ENV)).toEqual(takeover);
      });

      it('refuses a stale token of the same owner and keeps its newer lease', async () => {
        // Prepare
        const first = await store.acquire(ENV, 'rollout-a', TTL);
        await store.release(first);
        const second = await store.acquire(ENV, 'rollout-a', TTL);

        // Act
        const refused = store.release(first);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
        expect(await store.inspect(ENV)).toEqual(second);
      });

      it('refuses to release the same lease twice', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.release(lease);

        // Act
        const refused = store.release(lease);

        // Assess
        await expect(refused).rejects.toBeInstanceOf(LockLostError);
      });

      it('releases an expired lease that nobody took over', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL + 1);

        // Act
        await store.release(lease);

        // Assess
        expect(await store.inspect(ENV)).toBeUndefined();
      });
    });

    describe('inspect', () => {
      it('reports nothing for an environment never locked', async () => {
        // Prepare
        await store.acquire('dev', 'rollout-a', TTL);

        // Act
        const lease = await store.inspect(ENV);

        // Assess
        expect(lease).toBeUndefined();
      });

      it('reports the holder, token, acquisition time and expiry of the current lease', async () => {
        // Prepare
        clock.advance(3_000);
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(7_000);

        // Act
        const seen = await store.inspect(ENV);

        // Assess
        expect(seen).toEqual({
          env: ENV,
          owner: 'rollout-a',
          token: lease.token,
          acquiredAt: at(3_000),
          expiresAt: at(3_000 + TTL),
        });
      });

      it('reports an expired lease until it is taken over or freed', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(10 * TTL);

        // Act
        const seen = await store.inspect(ENV);

        // Assess
        expect(seen).toEqual(lease);
      });

      it('changes nothing', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.inspect(ENV);

        // Act
        const renewed = await store.renew(lease, TTL);

        // Assess
        expect(renewed).toEqual(lease);
      });
    });

    describe('forceRelease', () => {
      it('returns the lease it broke, as last renewed, and frees the environment', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(5_000);
        const renewed = await store.renew(lease, TTL);

        // Act
        const broken = await store.forceRelease(ENV);

        // Assess
        expect(broken).toEqual({
          env: ENV,
          owner: 'rollout-a',
          token: lease.token,
          acquiredAt: at(0),
          expiresAt: at(5_000 + TTL),
        });
        expect(broken).toEqual(renewed);
        expect(await store.inspect(ENV)).toBeUndefined();
      });

      it('voids the broken lease: its holder can neither renew nor release it', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.forceRelease(ENV);

        // Act
        const renew = store.renew(lease, TTL);
        const release = store.release(lease);

        // Assess
        await expect(renew).rejects.toBeInstanceOf(LockLostError);
        await expect(release).rejects.toBeInstanceOf(LockLostError);
      });

      it('lets a new owner acquire at once, with a greater token the old holder cannot use', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        await store.forceRelease(ENV);

        // Act
        const next = await store.acquire(ENV, 'rollout-b', TTL);
        const stale = store.renew(lease, TTL);

        // Assess
        expect(next).toMatchObject({ owner: 'rollout-b', acquiredAt: at(0), expiresAt: at(TTL) });
        expect(next.token).toBeGreaterThan(lease.token);
        await expect(stale).rejects.toBeInstanceOf(LockLostError);
        expect(await store.inspect(ENV)).toEqual(next);
      });

      it('breaks an expired lease too, and returns it', async () => {
        // Prepare
        const lease = await store.acquire(ENV, 'rollout-a', TTL);
        clock.advance(TTL + 1);

        // Act
        const broken = await store.forceRelease(ENV);

        // Assess
        expect(broken).toEqual(lease);
        expect(await store.inspect(ENV)).toBeUndefined();
      });

      it('returns nothing when nothing is held: never locked, released, or already broken', async () => {
        // Prepare
        const lease = await store.acquire('dev', 'rollout-a', TTL);
        await store.release(lease);
        await store.acquire('staging', 'rollout-b', TTL);
        await store.forceRelease('staging');

        // Act
        const broken = [
          await store.forceRelease(ENV),
          await store.forceRelease('dev'),
          await store.forceRelease('staging'),
        ];

        // Assess
        expect(broken).toEqual([undefined, undefined, undefined]);
      });
    });
  });
}
