import {
  ROLE_REFRESH_BEFORE_EXPIRY_MS,
  type RoleCredentialIdentity,
  sharedCredentials,
} from '../../../../controller/adapters/aws/role-credentials.js';

const T0 = Date.parse('2026-11-21T10:00:00.000Z');
const HOUR = 3_600_000;

/** A fake STS: each call issues numbered credentials expiring one hour after the fake clock. */
function fakeSts(clock: { now: number }) {
  let calls = 0;
  const fetch = jest.fn(async (): Promise<RoleCredentialIdentity> => {
    calls += 1;
    return {
      accessKeyId: `ASIA${calls}`,
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(clock.now + HOUR),
    };
  });
  return { fetch, calls: () => calls };
}

describe('sharedCredentials', () => {
  it('fetches once for every caller until shortly before expiry', async () => {
    // Prepare
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const provider = sharedCredentials(sts.fetch, { now: () => clock.now });

    // Act
    const first = await provider();
    clock.now = T0 + HOUR - ROLE_REFRESH_BEFORE_EXPIRY_MS - 1;
    const beforeWindow = await provider();

    // Assess
    expect(first.accessKeyId).toBe('ASIA1');
    expect(beforeWindow.accessKeyId).toBe('ASIA1');
    expect(sts.calls()).toBe(1);
  });

  it('refreshes 5 minutes before expiration', async () => {
    // Prepare
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const provider = sharedCredentials(sts.fetch, { now: () => clock.now });
    await provider();

    // Act
    clock.now = T0 + HOUR - ROLE_REFRESH_BEFORE_EXPIRY_MS;
    const refreshed = await provider();

    // Assess
    expect(ROLE_REFRESH_BEFORE_EXPIRY_MS).toBe(300_000);
    expect(refreshed.accessKeyId).toBe('ASIA2');
    expect(sts.calls()).toBe(2);
  });

  it('lets concurrent callers share one fetch', async () => {
    // Prepare
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    const provider = sharedCredentials(sts.fetch, { now: () => clock.now });

    // Act
    const all = await Promise.all([provider(), provider(), provider(), provider()]);

    // Assess
    expect(all.map((c) => c.accessKeyId)).toEqual(['ASIA1', 'ASIA1', 'ASIA1', 'ASIA1']);
    expect(sts.calls()).toBe(1);
  });

  it('does not keep a failure: the next caller asks again', async () => {
    // Prepare
    const clock = { now: T0 };
    const sts = fakeSts(clock);
    sts.fetch.mockRejectedValueOnce(new Error('AccessDenied'));
    const provider = sharedCredentials(sts.fetch, { now: () => clock.now });

    // Act
    const failed = await provider().catch((e: unknown) => e);
    const next = await provider();

    // Assess
    expect(failed).toEqual(new Error('AccessDenied'));
    expect(next.accessKeyId).toBe('ASIA1');
    expect(sts.fetch).toHaveBeenCalledTimes(2);
  });
});
