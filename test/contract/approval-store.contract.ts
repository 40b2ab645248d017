import { ApprovalStoreError } from '../../controller/model/errors.js';
import type { Approval, ApprovalStore } from '../../controller/ports/approval-store.js';

/**
 * The behaviour every {@link ApprovalStore} owes its callers, run against each implementation
 * (`describeApprovalStoreContract` in a `*.test.ts` per store). `setup` builds a fresh store with
 * nothing of an earlier case visible.
 */
export type ApprovalStoreSetup = () => ApprovalStore | Promise<ApprovalStore>;

const SHA = 'a'.repeat(40);
const OTHER_SHA = 'b'.repeat(40);

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    env: 'prod',
    sha: SHA,
    by: 'github:octocat',
    via: 'commit-comment',
    at: new Date('2025-03-01T12:00:00.000Z'),
    ...overrides,
  };
}

export function describeApprovalStoreContract(name: string, setup: ApprovalStoreSetup): void {
  describe(`ApprovalStore contract: ${name}`, () => {
    let store: ApprovalStore;

    beforeEach(async () => {
      store = await setup();
    });

    it('finds nothing for an environment never approved at a commit', async () => {
      // Prepare
      await store.record(approval({ env: 'staging' }));
      await store.record(approval({ sha: OTHER_SHA }));

      // Act
      const found = await store.find('prod', SHA);

      // Assess
      expect(found).toBeUndefined();
    });

    it('keeps the first approval and finds it, who, how and when', async () => {
      // Prepare
      const first = approval({ by: 'arn:aws:iam::123456789012:user/ana (ana)', via: 'cli' });

      // Act
      const kept = await store.record(first);
      const found = await store.find('prod', SHA);

      // Assess
      expect(kept).toEqual(first);
      expect(found).toEqual(first);
    });

    it('answers a second approval of the same commit with the first, and keeps the first', async () => {
      // Prepare
      const first = approval();
      await store.record(first);

      // Act
      const second = await store.record(
        approval({ by: 'github:hubot', at: new Date('2025-03-01T13:00:00.000Z') }),
      );

      // Assess
      expect(second).toEqual(first);
      expect(await store.find('prod', SHA)).toEqual(first);
    });

    it('keeps approvals of each environment and each commit apart', async () => {
      // Act
      const kept = [
        await store.record(approval({ env: 'prod', sha: SHA, by: 'github:a' })),
        await store.record(approval({ env: 'prod', sha: OTHER_SHA, by: 'github:b' })),
        await store.record(approval({ env: 'staging', sha: SHA, by: 'github:c' })),
      ];

      // Assess
      expect(kept.map((a) => a.by)).toEqual(['github:a', 'github:b', 'github:c']);
      expect((await store.find('staging', SHA))?.by).toBe('github:c');
    });

    it('answers simultaneous approvals all with the one approval kept', async () => {
      // Prepare
      const approvals = ['github:a', 'github:b', 'github:c', 'github:d'].map((by) =>
        approval({ by }),
      );

      // Act
      const kept = await Promise.all(approvals.map((a) => store.record(a)));

      // Assess
      const [winner] = kept;
      expect(approvals).toContainEqual(winner);
      expect(kept).toEqual([winner, winner, winner, winner]);
      expect(await store.find('prod', SHA)).toEqual(winner);
    });

    it.each([
      ['a short commit id', 'prod', 'abc1234'],
      ['an upper-case commit id', 'prod', 'A'.repeat(40)],
      ['an empty environment', '', SHA],
    ])('refuses %s with a terminal ApprovalStoreError', async (_, env, sha) => {
      // Act
      const recorded = store.record(approval({ env, sha }));
      const found = store.find(env, sha);

      // Assess
      await expect(recorded).rejects.toBeInstanceOf(ApprovalStoreError);
      await expect(recorded).rejects.toMatchObject({ operation: 'record', terminal: true });
      await expect(found).rejects.toMatchObject({ operation: 'find', terminal: true });
    });

    it('refuses an approval without who or with an invalid time', async () => {
      // Act
      const refusals = await Promise.allSettled([
        store.record(approval({ by: '' })),
        store.record(approval({ at: new Date(Number.NaN) })),
      ]);

      // Assess
      expect(
        refusals.map((r) => r.status === 'rejected' && r.reason instanceof ApprovalStoreError),
      ).toEqual([true, true]);
      expect(await store.find('prod', SHA)).toBeUndefined();
    });
  });
}
