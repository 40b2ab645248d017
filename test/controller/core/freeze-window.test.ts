import {
  describeFreeze,
  describeFreezeEnd,
  FREEZE_END_MAX,
  type FreezeState,
  freezeAt,
  MAX_CHAINED_WINDOWS,
} from '../../../controller/core/freeze-window.js';
import { STATUS_DESCRIPTION_MAX } from '../../../controller/core/render/status-description.js';
import { type FreezeWindow, WEEKDAYS } from '../../../controller/model/freeze-window.js';

// Expected instants were read off the tz database with GNU date and zdump, not from this code:
// Europe/Berlin 2026: CET->CEST Sun Mar 29 01:00Z (02:00->03:00), CEST->CET Sun Oct 25 01:00Z
// (03:00->02:00); America/New_York 2026: Sun Mar 8 07:00Z (02:00->03:00), Sun Nov 1 06:00Z
// (02:00->01:00); Pacific/Chatham (+12:45/+13:45) 2026: Sat Apr 4 14:00Z (03:45->02:45),
// Sat Sep 26 14:00Z (02:45->03:45); Asia/Kolkata is +05:30 all year.

const at = (iso: string) => new Date(iso);
const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta);

const weekend: FreezeWindow = {
  from: 'Fri 16:00',
  to: 'Mon 08:00',
  timeZone: 'Europe/Berlin',
  reason: 'weekend freeze',
};

function until(state: FreezeState): string | undefined {
  return state.frozen ? state.until.toISOString() : undefined;
}

describe('freezeAt', () => {
  it('is not frozen without windows', () => {
    // Act
    const state = freezeAt([], at('2026-12-05T12:00:00Z'));

    // Assess
    expect(state).toEqual({ frozen: false });
  });

  // Friday 2026-12-04 16:00 CET is 15:00Z; Monday 2026-12-07 08:00 CET is 07:00Z.
  it.each([
    ['a millisecond before from', ms('2026-12-04T15:00:00Z', -1), undefined],
    ['at from (inclusive)', at('2026-12-04T15:00:00Z'), '2026-12-07T07:00:00.000Z'],
    ['on Sunday night', at('2026-12-06T23:30:00Z'), '2026-12-07T07:00:00.000Z'],
    ['a millisecond before to', ms('2026-12-07T07:00:00Z', -1), '2026-12-07T07:00:00.000Z'],
    ['at to (exclusive)', at('2026-12-07T07:00:00Z'), undefined],
    ['midweek', at('2026-12-09T12:00:00Z'), undefined],
  ])('Fri 16:00 to Mon 08:00 in Berlin, %s', (_name, now, expected) => {
    // Act
    const state = freezeAt([weekend], now);

    // Assess
    expect(until(state)).toBe(expected);
    if (state.frozen) expect(state.window).toBe(weekend);
  });

  it.each([
    ['Sunday before it opens', at('2026-12-06T21:59:59Z'), undefined],
    ['Sunday after it opens', at('2026-12-06T23:00:00Z'), '2026-12-07T02:00:00.000Z'],
    ['Monday before it closes', at('2026-12-07T01:59:59Z'), '2026-12-07T02:00:00.000Z'],
    ['Monday when it closes', at('2026-12-07T02:00:00Z'), undefined],
  ])('wraps over the end of the week: Sun 22:00 to Mon 02:00 UTC, %s', (_name, now, expected) => {
    // Prepare
    const window: FreezeWindow = { from: 'Sun 22:00', to: 'Mon 02:00', timeZone: 'UTC' };

    // Act
    const state = freezeAt([window], now);

    // Assess
    expect(until(state)).toBe(expected);
  });

  it.each([
    ['inside the hour left open', at('2026-12-09T12:30:00Z'), undefined],
    ['the next day', at('2026-12-10T12:30:00Z'), '2026-12-16T12:00:00.000Z'],
    ['just before it closes', at('2026-12-09T11:59:00Z'), '2026-12-09T12:00:00.000Z'],
  ])(
    'reads a to earlier on the day of from as almost a week: Wed 13:00 to Wed 12:00, %s',
    (_name, now, expected) => {
      // Prepare
      const window: FreezeWindow = { from: 'Wed 13:00', to: 'Wed 12:00', timeZone: 'UTC' };

      // Act
      const state = freezeAt([window], now);

      // Assess
      expect(until(state)).toBe(expected);
    },
  );

  // 2026-12-24T00:00 in Berlin is 2026-12-23T23:00Z; 2027-01-02T08:00 is 07:00Z.
  it.each([
    ['before start', ms('2026-12-23T23:00:00Z', -1), undefined],
    ['at start (inclusive)', at('2026-12-23T23:00:00Z'), '2027-01-02T07:00:00.000Z'],
    ['over the new year', at('2027-01-01T00:00:00Z'), '2027-01-02T07:00:00.000Z'],
    ['at end (exclusive)', at('2027-01-02T07:00:00Z'), undefined],
    ['a year later', at('2027-12-28T12:00:00Z'), undefined],
  ])('a one-off window in Berlin, %s', (_name, now, expected) => {
    // Prepare
    const holidays: FreezeWindow = {
      start: '2026-12-24T00:00',
      end: '2027-01-02T08:00',
      timeZone: 'Europe/Berlin',
    };

    // Act
    const state = freezeAt([holidays], now);

    // Assess
    expect(until(state)).toBe(expected);
  });

  it('reads a one-off window in its own zone: New York is five hours behind UTC in December', () => {
    // Prepare
    const holidays: FreezeWindow = {
      start: '2026-12-24T00:00',
      end: '2027-01-02T08:00',
      timeZone: 'America/New_York',
    };

    // Act
    const before = freezeAt([holidays], at('2026-12-24T04:59:00Z'));
    const after = freezeAt([holidays], at('2026-12-24T05:00:00Z'));

    // Assess
    expect(before.frozen).toBe(false);
    expect(until(after)).toBe('2027-01-02T13:00:00.000Z');
  });

  describe('several windows', () => {
    it('follows a window that opens when another closes to the end of both', () => {
      // Prepare
      const friday: FreezeWindow = { from: 'Fri 16:00', to: 'Sat 00:00', timeZone: 'UTC' };
      const rest: FreezeWindow = { from: 'Sat 00:00', to: 'Mon 08:00', timeZone: 'UTC' };

      // Act
      const state = freezeAt([rest, friday], at('2026-12-04T17:00:00Z'));

      // Assess
      expect(state).toEqual({ frozen: true, until: at('2026-12-07T08:00:00Z'), window: friday });
    });

    it('follows overlapping windows of both forms and zones, and names the first declared in force', () => {
      // Prepare: the weekend ends Mon 07:00Z; a one-off in New York from Sun 20:00 to Tue 12:00
      // (01:00Z Mon to 17:00Z Tue); a weekly UTC window Tue 16:00 to 18:00 opens before it ends.
      const release: FreezeWindow = {
        start: '2026-12-06T20:00',
        end: '2026-12-08T12:00',
        timeZone: 'America/New_York',
        reason: 'release',
      };
      const tuesday: FreezeWindow = { from: 'Tue 16:00', to: 'Tue 18:00', timeZone: 'UTC' };

      // Act
      const state = freezeAt([tuesday, weekend, release], at('2026-12-07T02:00:00Z'));

      // Assess
      expect(state).toEqual({ frozen: true, until: at('2026-12-08T18:00:00Z'), window: weekend });
    });

    it('stops at a gap of a minute between windows', () => {
      // Prepare
      const friday: FreezeWindow = { from: 'Fri 16:00', to: 'Fri 23:59', timeZone: 'UTC' };
      const rest: FreezeWindow = { from: 'Sat 00:00', to: 'Mon 08:00', timeZone: 'UTC' };

      // Act
      const state = freezeAt([friday, rest], at('2026-12-04T17:00:00Z'));

      // Assess
      expect(until(state)).toBe('2026-12-04T23:59:00.000Z');
    });

    it('is frozen by a later window when the first is not in force', () => {
      // Prepare
      const monday: FreezeWindow = { from: 'Mon 09:00', to: 'Mon 10:00', timeZone: 'UTC' };

      // Act
      const state = freezeAt([monday, weekend], at('2026-12-05T12:00:00Z'));

      // Assess
      expect(state).toEqual({ frozen: true, until: at('2026-12-07T07:00:00Z'), window: weekend });
    });
    it(`cuts a stretch that never ends after ${MAX_CHAINED_WINDOWS} windows`, () => {
      // Prepare: two windows that together cover the whole week
      const early: FreezeWindow = { from: 'Mon 00:00', to: 'Thu 00:00', timeZone: 'UTC' };
      const late: FreezeWindow = { from: 'Thu 00:00', to: 'Mon 00:00', timeZone: 'UTC' };

      // Act
      const state = freezeAt([early, late], at('2026-12-08T12:00:00Z'));

      // Assess: Thu 2026-12-10, then 200 more windows, two a week: 100 weeks later
      expect(until(state)).toBe('2028-11-09T00:00:00.000Z');
      expect(freezeAt([early, late], at('2028-11-09T00:00:00Z')).frozen).toBe(true);
    });
  });

  describe('daylight saving time', () => {
    it.each([
      // Spring, last Sunday of March: 63 hours from Fri 16:00 CET (15:00Z) to Mon 08:00 CEST (06:00Z).
      ['spring', at('2026-03-27T14:59:59Z'), undefined],
      ['spring', at('2026-03-27T15:00:00Z'), '2026-03-30T06:00:00.000Z'],
      ['spring', at('2026-03-29T01:30:00Z'), '2026-03-30T06:00:00.000Z'],
      ['spring', at('2026-03-30T06:00:00Z'), undefined],
      // Autumn, last Sunday of October: 65 hours from Fri 16:00 CEST (14:00Z) to Mon 08:00 CET (07:00Z).
      ['autumn', at('2026-10-23T13:59:59Z'), undefined],
      ['autumn', at('2026-10-23T14:00:00Z'), '2026-10-26T07:00:00.000Z'],
      ['autumn', at('2026-10-26T06:59:59Z'), '2026-10-26T07:00:00.000Z'],
      ['autumn', at('2026-10-26T07:00:00Z'), undefined],
    ])(
      'keeps the Berlin weekend on the wall clock over the %s change (%s)',
      (_s, now, expected) => {
        // Act
        const state = freezeAt([weekend], now);

        // Assess
        expect(until(state)).toBe(expected);
      },
    );

    it('moves a time in the spring-forward gap forward by the gap: Sun 02:30 Berlin opens at 03:30 CEST', () => {
      // Prepare
      const window: FreezeWindow = {
        from: 'Sun 02:30',
        to: 'Sun 04:00',
        timeZone: 'Europe/Berlin',
      };

      // Act
      const before = freezeAt([window], ms('2026-03-29T01:30:00Z', -1));
      const opening = freezeAt([window], at('2026-03-29T01:30:00Z'));

      // Assess
      expect(before.frozen).toBe(false);
      expect(until(opening)).toBe('2026-03-29T02:00:00.000Z');
    });

    it('moves a one-off start in the gap forward too: 02:15 Berlin is 03:15 CEST', () => {
      // Prepare
      const window: FreezeWindow = {
        start: '2026-03-29T02:15',
        end: '2026-03-29T05:00',
        timeZone: 'Europe/Berlin',
      };

      // Act
      const before = freezeAt([window], ms('2026-03-29T01:15:00Z', -1));
      const opening = freezeAt([window], at('2026-03-29T01:15:00Z'));

      // Assess
      expect(before.frozen).toBe(false);
      expect(until(opening)).toBe('2026-03-29T03:00:00.000Z');
    });

    it('takes the earlier of a repeated time: Sun 02:30 Berlin opens at 02:30 CEST, not CET', () => {
      // Prepare
      const window: FreezeWindow = {
        from: 'Sun 02:30',
        to: 'Sun 05:00',
        timeZone: 'Europe/Berlin',
      };

      // Act
      const before = freezeAt([window], ms('2026-10-25T00:30:00Z', -1));
      const opening = freezeAt([window], at('2026-10-25T00:30:00Z'));

      // Assess
      expect(before.frozen).toBe(false);
      expect(until(opening)).toBe('2026-10-25T04:00:00.000Z');
    });

    it('ends a window at the first of a repeated time and stays open through the second', () => {
      // Prepare
      const window: FreezeWindow = {
        from: 'Sun 01:00',
        to: 'Sun 02:30',
        timeZone: 'Europe/Berlin',
      };

      // Act
      const first = freezeAt([window], at('2026-10-25T00:29:00Z'));
      const repeated = freezeAt([window], at('2026-10-25T01:15:00Z'));

      // Assess
      expect(until(first)).toBe('2026-10-25T00:30:00.000Z');
      expect(repeated.frozen).toBe(false);
    });

    it.each([
      // Sat 22:00 EST (03:00Z) to Sun 06:00 EDT (10:00Z): seven hours.
      ['March', at('2026-03-08T03:00:00Z'), '2026-03-08T10:00:00.000Z'],
      ['March', at('2026-03-08T09:59:59Z'), '2026-03-08T10:00:00.000Z'],
      ['March', at('2026-03-08T10:00:00Z'), undefined],
      // Sat 22:00 EDT (02:00Z) to Sun 06:00 EST (11:00Z): nine hours.
      ['November', at('2026-11-01T01:59:59Z'), undefined],
      ['November', at('2026-11-01T02:00:00Z'), '2026-11-01T11:00:00.000Z'],
      ['November', at('2026-11-01T10:59:59Z'), '2026-11-01T11:00:00.000Z'],
    ])('keeps a New York night on the wall clock over the %s change', (_m, now, expected) => {
      // Prepare
      const night: FreezeWindow = {
        from: 'Sat 22:00',
        to: 'Sun 06:00',
        timeZone: 'America/New_York',
      };

      // Act
      const state = freezeAt([night], now);

      // Assess
      expect(until(state)).toBe(expected);
    });
  });

  describe('zones off the hour', () => {
    it.each([
      ['before', at('2026-12-07T03:29:59Z'), undefined],
      ['at from', at('2026-12-07T03:30:00Z'), '2026-12-07T12:00:00.000Z'],
      ['at to', at('2026-12-07T12:00:00Z'), undefined],
    ])('Asia/Kolkata (+05:30), Mon 09:00 to 17:30, %s', (_name, now, expected) => {
      // Prepare
      const window: FreezeWindow = { from: 'Mon 09:00', to: 'Mon 17:30', timeZone: 'Asia/Kolkata' };

      // Act
      const state = freezeAt([window], now);

      // Assess
      expect(until(state)).toBe(expected);
    });

    it.each([
      ['in winter (+12:45)', at('2026-05-31T20:15:00Z'), '2026-05-31T21:15:00.000Z'],
      ['in winter (+12:45), a second early', at('2026-05-31T20:14:59Z'), undefined],
      ['in summer (+13:45)', at('2026-01-04T19:15:00Z'), '2026-01-04T20:15:00.000Z'],
      ['in summer (+13:45), at its end', at('2026-01-04T20:15:00Z'), undefined],
    ])('Pacific/Chatham, Mon 09:00 to 10:00, %s', (_name, now, expected) => {
      // Prepare
      const window: FreezeWindow = {
        from: 'Mon 09:00',
        to: 'Mon 10:00',
        timeZone: 'Pacific/Chatham',
      };

      // Act
      const state = freezeAt([window], now);

      // Assess
      expect(until(state)).toBe(expected);
    });

    it('Pacific/Chatham: Sun 03:00 falls in the 02:45-03:45 gap of September and opens at 04:00', () => {
      // Prepare
      const window: FreezeWindow = {
        from: 'Sun 03:00',
        to: 'Sun 05:00',
        timeZone: 'Pacific/Chatham',
      };

      // Act
      const before = freezeAt([window], ms('2026-09-26T14:15:00Z', -1));
      const opening = freezeAt([window], at('2026-09-26T14:15:00Z'));

      // Assess
      expect(before.frozen).toBe(false);
      expect(until(opening)).toBe('2026-09-26T15:15:00.000Z');
    });

    it('Pacific/Chatham: Sun 03:00 happens twice in April and opens at the first (13:15Z)', () => {
      // Prepare
      const window: FreezeWindow = {
        from: 'Sun 03:00',
        to: 'Sun 05:00',
        timeZone: 'Pacific/Chatham',
      };

      // Act
      const before = freezeAt([window], ms('2026-04-04T13:15:00Z', -1));
      const opening = freezeAt([window], at('2026-04-04T13:15:00Z'));

      // Assess: 05:00 that day is +12:45, 16:15Z
      expect(before.frozen).toBe(false);
      expect(until(opening)).toBe('2026-04-04T16:15:00.000Z');
    });
  });
});

describe('freezeAt, over many instants', () => {
  const ZONES = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'Australia/Lord_Howe', // a 30-minute daylight saving change
  ];
  const FROM = Date.parse('2025-01-01T00:00:00Z');
  const SPAN = 3 * 365 * 86_400_000;

  /** A small seeded generator (mulberry32), so every run checks the same cases. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  const pick = <T>(next: () => number, values: readonly T[]): T =>
    values[Math.floor(next() * values.length)] as T;
  const two = (n: number) => String(n).padStart(2, '0');
  const weekTime = (minutes: number) =>
    `${WEEKDAYS[Math.floor(minutes / 1440)]} ${two(Math.floor((minutes % 1440) / 60))}:${two(minutes % 60)}`;
  const local = (t: number) => new Date(t).toISOString().slice(0, 16);

  /** Up to three windows that together leave part of every week open (each lasts at most 2 days). */
  function windowsFrom(next: () => number): FreezeWindow[] {
    return Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
      const timeZone = pick(next, ZONES);
      const from = Math.floor(next() * 10_080);
      const length = 1 + Math.floor(next() * 2880);
      if (next() < 0.6)
        return { from: weekTime(from), to: weekTime((from + length) % 10_080), timeZone };
      const start = FROM + Math.floor(next() * SPAN);
      return { start: local(start), end: local(start + length * 60_000), timeZone };
    });
  }

  it('ends a stretch after now, is not frozen at its end and is frozen all through it', () => {
    // Prepare
    const next = random(20_261_207);
    let frozenCases = 0;

    for (let run = 0; run < 400; run++) {
      const windows = windowsFrom(next);
      const now = new Date(FROM + Math.floor(next() * SPAN));

      // Act
      const state = freezeAt(windows, now);

      // Assess
      if (!state.frozen) continue;
      frozenCases++;
      const span = state.until.getTime() - now.getTime();
      expect(span).toBeGreaterThan(0);
      expect(freezeAt(windows, state.until)).toEqual({ frozen: false });
      const samples = [0, span - 1, ...Array.from({ length: 8 }, () => Math.floor(next() * span))];
      for (const offset of samples) {
        const inside = freezeAt(windows, new Date(now.getTime() + offset));
        expect({ offset, state: inside }).toEqual({
          offset,
          state: expect.objectContaining({ frozen: true, until: state.until }),
        });
      }
    }
    expect(frozenCases).toBeGreaterThan(50);
  });

  it('agrees with the wall clock in zones without daylight saving time', () => {
    // Prepare
    const next = random(7);
    const zones = ['UTC', 'Asia/Kolkata', 'Etc/GMT+11', 'Asia/Kathmandu'];
    const offsets: Record<string, number> = {
      UTC: 0,
      'Asia/Kolkata': 330,
      'Etc/GMT+11': -660,
      'Asia/Kathmandu': 345,
    };

    for (let run = 0; run < 300; run++) {
      const timeZone = pick(next, zones);
      const from = Math.floor(next() * 10_080);
      const to = (from + 1 + Math.floor(next() * 10_079)) % 10_080;
      const window: FreezeWindow = { from: weekTime(from), to: weekTime(to), timeZone };
      const now = FROM + Math.floor(next() * SPAN);
      // Minutes since Monday 00:00 on the zone's wall clock (1970-01-05 was a Monday).
      const wallMs = now + (offsets[timeZone] ?? 0) * 60_000 - Date.UTC(1970, 0, 5);
      const minute = Math.floor(wallMs / 60_000) % 10_080;
      const inside = from < to ? from <= minute && minute < to : minute >= from || minute < to;

      // Act
      const state = freezeAt([window], new Date(now));

      // Assess
      expect({ window, now, frozen: state.frozen }).toEqual({ window, now, frozen: inside });
    }
  });
});

describe('describeFreezeEnd', () => {
  it.each([
    [
      at('2026-12-07T07:00:00Z'),
      'Europe/Berlin',
      'frozen until Mon 2026-12-07 08:00 Europe/Berlin',
    ],
    [
      at('2026-03-30T06:00:00Z'),
      'Europe/Berlin',
      'frozen until Mon 2026-03-30 08:00 Europe/Berlin',
    ],
    [at('2026-12-07T12:00:00Z'), 'Asia/Kolkata', 'frozen until Mon 2026-12-07 17:30 Asia/Kolkata'],
    [
      at('2026-01-04T20:15:00Z'),
      'Pacific/Chatham',
      'frozen until Mon 2026-01-05 10:00 Pacific/Chatham',
    ],
  ])('says %s in %s as %s', (until, timeZone, expected) => {
    // Act
    const text = describeFreezeEnd(until, timeZone);

    // Assess
    expect(text).toBe(expected);
  });

  it('puts the offset in place of a zone name too long to fit', () => {
    // Act
    const text = describeFreezeEnd(at('2026-12-07T11:00:00Z'), 'America/Argentina/ComodRivadavia');

    // Assess
    expect(text).toBe('frozen until Mon 2026-12-07 08:00 GMT-3');
  });

  it(`stays within ${FREEZE_END_MAX} characters in every zone Intl knows`, () => {
    // Prepare
    const zones = Intl.supportedValuesOf('timeZone');

    // Act
    const longest = Math.max(
      ...zones.map((z) => describeFreezeEnd(at('2026-12-07T07:00:00Z'), z).length),
    );

    // Assess
    expect(zones.length).toBeGreaterThan(300);
    expect(longest).toBeLessThanOrEqual(FREEZE_END_MAX);
  });
});

describe('describeFreeze', () => {
  it('adds the window reason', () => {
    // Act
    const text = describeFreeze({ until: at('2026-12-07T07:00:00Z'), window: weekend });

    // Assess
    expect(text).toBe('frozen until Mon 2026-12-07 08:00 Europe/Berlin (weekend freeze)');
  });

  it('says only the end when the window gives no reason', () => {
    // Prepare
    const window: FreezeWindow = { from: 'Fri 16:00', to: 'Mon 08:00', timeZone: 'UTC' };

    // Act
    const text = describeFreeze({ until: at('2026-12-07T08:00:00Z'), window });

    // Assess
    expect(text).toBe('frozen until Mon 2026-12-07 08:00 UTC');
  });

  it('fits a GitHub status description with the longest reason a manifest allows', () => {
    // Prepare
    const window: FreezeWindow = {
      from: 'Fri 16:00',
      to: 'Mon 08:00',
      timeZone: 'America/Argentina/ComodRivadavia',
      reason: 'r'.repeat(60),
    };

    // Act
    const text = describeFreeze({ until: at('2026-12-07T11:00:00Z'), window });

    // Assess
    expect(text).toBe(`frozen until Mon 2026-12-07 08:00 GMT-3 (${'r'.repeat(60)})`);
    expect(text.length).toBeLessThanOrEqual(STATUS_DESCRIPTION_MAX);
  });
});
