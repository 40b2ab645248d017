import { LockHeldError, LockLostError } from '../../controller/model/errors.js';
import { InMemoryLockStore } from './in-memory-lock-store.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const TTL = 60_000;

describe('InMemoryLockStore', () => {
  let now: number;
  let store: InMemoryLockStore;

  beforeEach(() => {
    now = T0;
    store = new InMemoryLockStore({ now: () => new Date(now) });
  });

  it('refuses a second owner until the lease has expired, then counts the token on', async () => {
    // Prepare
    const first = await store.acquire('prod', 'a', TTL);
    now += TTL;

    // Act
    const refused = store.acquire('prod', 'b', TTL);
    await expect(refused).rejects.toBeInstanceOf(LockHeldError);
    now += 1;
    const taken = await store.acquire('prod', 'b', TTL);

    // Assess
    await expect(refused).rejects.toMatchObject({
      holder: 'a',
      acquiredAt: new Date(T0),
      expiresAt: new Date(T0 + TTL),
    });
    expect(first.token).toBe(1);
    expect(taken).toMatchObject({ owner: 'b', token: 2, acquiredAt: new Date(T0 + TTL + 1) });
  });

  it('renews only the current, unexpired lease', async () => {
    // Prepare
    const lease = await store.acquire('prod', 'a', TTL);
    now += 10_000;

    // Act
    const renewed = await store.renew(lease, TTL);
    now += TTL + 1;
    const late = store.renew(renewed, TTL);

    // Assess
    expect(renewed.expiresAt).toEqual(new Date(T0 + 10_000 + TTL));
    await expect(late).rejects.toBeInstanceOf(LockLostError);
  });

  it('keeps the token across a release and refuses a stale release', async () => {
    // Prepare
    const first = await store.acquire('prod', 'a', TTL);
    await store.release(first);

    // Act
    const second = await store.acquire('prod', 'a', TTL);
    const stale = store.release(first);

    // Assess
    expect(second.token).toBe(2);
    await expect(stale).rejects.toBeInstanceOf(LockLostError);
    expect(await store.inspect('prod')).toEqual(second);
  });

  it('force-releases whatever lease exists and returns it', async () => {
    // Prepare
    const lease = await store.acquire('prod', 'a', TTL);

    // Act
    const broken = await store.forceRelease('prod');
    const none = await store.forceRelease('prod');

    // Assess
    expect(broken).toEqual(lease);
    expect(none).toBeUndefined();
    expect(await store.inspect('prod')).toBeUndefined();
    await expect(store.renew(lease, TTL)).rejects.toBeInstanceOf(LockLostError);
  });
});
