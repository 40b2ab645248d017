import { DeliveryLedgerError } from '../../controller/model/errors.js';
import type { DeliveryLedger } from '../../controller/ports/delivery-ledger.js';

/**
 * The behaviour every {@link DeliveryLedger} owes its callers, run against each implementation
 * (`describeDeliveryLedgerContract` in a `*.test.ts` per ledger). `setup` builds a fresh ledger
 * (nothing of an earlier case visible) that remembers deliveries for `retainDays`. Time is the
 * `now` each case passes to `claim`.
 */
export type DeliveryLedgerSetup = (retainDays: number) => DeliveryLedger | Promise<DeliveryLedger>;

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ID = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const at = (msAfterStart: number) => new Date(T0 + msAfterStart);

export function describeDeliveryLedgerContract(name: string, setup: DeliveryLedgerSetup): void {
  describe(`DeliveryLedger contract: ${name}`, () => {
    let ledger: DeliveryLedger;

    beforeEach(async () => {
      ledger = await setup(7);
    });

    it('claims a delivery the first time and reports every repeat within the retention', async () => {
      // Act
      const claims = [
        await ledger.claim(ID, at(0)),
        await ledger.claim(ID, at(1_000)),
        await ledger.claim(ID, at(6 * DAY)),
      ];

      // Assess
      expect(claims).toEqual([true, false, false]);
    });

    it('keeps each delivery on its own', async () => {
      // Prepare
      await ledger.claim(ID, at(0));

      // Act
      const other = await ledger.claim('0f4e0b2c-0000-4000-8000-000000000001', at(0));

      // Assess
      expect(other).toBe(true);
    });

    it('counts a repeat as new once its retention has passed, to the second, and retains it anew', async () => {
      // Prepare: on DynamoDB the expired item is still there (TTL deletes late, if ever)
      await ledger.claim(ID, at(0));

      // Act
      const lastSecond = await ledger.claim(ID, at(7 * DAY + 999));
      const after = await ledger.claim(ID, at(7 * DAY + 1_000));
      const repeat = await ledger.claim(ID, at(8 * DAY));

      // Assess
      expect([lastSecond, after, repeat]).toEqual([false, true, false]);
    });

    it('honours a shorter retention', async () => {
      // Prepare
      const short = await setup(1);
      await short.claim(ID, at(0));

      // Act
      const claims = [await short.claim(ID, at(DAY)), await short.claim(ID, at(DAY + 1_000))];

      // Assess
      expect(claims).toEqual([false, true]);
    });

    it('claims a forgotten delivery again, and forgets an unknown one quietly', async () => {
      // Prepare
      await ledger.claim(ID, at(0));

      // Act
      await ledger.forget(ID);
      const again = await ledger.claim(ID, at(1_000));
      await ledger.forget('0f4e0b2c-0000-4000-8000-000000000002');
      const repeat = await ledger.claim(ID, at(2_000));

      // Assess
      expect([again, repeat]).toEqual([true, false]);
    });

    it('grants exactly one of ten simultaneous claims of the same delivery', async () => {
      // Act
      const claims = await Promise.all(Array.from({ length: 10 }, () => ledger.claim(ID, at(0))));

      // Assess
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await ledger.claim(ID, at(1_000))).toBe(false);
    });

    it('accepts ids of 1 to 128 letters, digits and dashes', async () => {
      // Act
      const claims = [
        await ledger.claim('a', at(0)),
        await ledger.claim('A-z-0-9'.padEnd(128, 'x'), at(0)),
      ];

      // Assess
      expect(claims).toEqual([true, true]);
    });

    it.each([
      ['empty', ''],
      ['longer than 128', 'x'.repeat(129)],
      ['with a space', 'abc def'],
      ['with a key separator', 'abc#def'],
      ['with a line break', 'abc\ndef'],
      ['not ASCII', 'dëlivery'],
    ])(
      'refuses an id %s with a terminal DeliveryLedgerError, claiming and forgetting',
      async (_, id) => {
        // Act
        const claimed = ledger.claim(id, at(0));
        const forgotten = ledger.forget(id);

        // Assess
        await expect(claimed).rejects.toBeInstanceOf(DeliveryLedgerError);
        await expect(claimed).rejects.toMatchObject({ operation: 'claim', terminal: true });
        await expect(forgotten).rejects.toMatchObject({ operation: 'forget', terminal: true });
      },
    );
  });
}
