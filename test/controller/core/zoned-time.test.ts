import {
  addLocalMinutes,
  instantAt,
  offsetMs,
  wallClockAt,
} from '../../../controller/core/zoned-time.js';

// Expected values read off the tz database (zdump), not from this code. Lord Howe Island moves
// its clocks by 30 minutes: 02:00 -> 02:30 on 2026-10-04 (15:30Z).

describe('wallClockAt', () => {
  it.each([
    ['2026-03-29T00:59:59Z', 'Europe/Berlin', [2026, 3, 29, 1, 59, 59, 6]],
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', [2026, 3, 29, 3, 0, 0, 6]],
    ['2026-12-06T20:00:00Z', 'Asia/Kolkata', [2026, 12, 7, 1, 30, 0, 0]],
    ['2026-04-04T13:59:59Z', 'Pacific/Chatham', [2026, 4, 5, 3, 44, 59, 6]],
    ['2026-04-04T14:00:00Z', 'Pacific/Chatham', [2026, 4, 5, 2, 45, 0, 6]],
    ['2026-12-31T23:00:00Z', 'America/New_York', [2026, 12, 31, 18, 0, 0, 3]],
  ])('reads %s in %s', (iso, timeZone, [year, month, day, hour, minute, second, weekday]) => {
    // Act
    const wall = wallClockAt(new Date(iso), timeZone);

    // Assess
    expect(wall).toEqual({ year, month, day, hour, minute, second, weekday });
  });
});

type Local = [year: number, month: number, day: number, hour: number, minute: number];

describe('instantAt', () => {
  it.each<[string, Local, string, string]>([
    ['an ordinary time', [2026, 7, 1, 12, 0], 'Europe/Berlin', '2026-07-01T10:00:00.000Z'],
    [
      'a time in the spring gap, moved forward',
      [2026, 3, 29, 2, 30],
      'Europe/Berlin',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'the first of a repeated time',
      [2026, 10, 25, 2, 30],
      'Europe/Berlin',
      '2026-10-25T00:30:00.000Z',
    ],
    [
      'a time in a 30-minute gap',
      [2026, 10, 4, 2, 15],
      'Australia/Lord_Howe',
      '2026-10-03T15:45:00.000Z',
    ],
    ['a time in New York gap', [2026, 3, 8, 2, 30], 'America/New_York', '2026-03-08T07:30:00.000Z'],
    [
      'the first of a repeated New York time',
      [2026, 11, 1, 1, 30],
      'America/New_York',
      '2026-11-01T05:30:00.000Z',
    ],
  ])('reads %s', (_name, [year, month, day, hour, minute], timeZone, expected) => {
    // Act
    const instant = instantAt({ year, month, day, hour, minute }, timeZone);

    // Assess
    expect(instant.toISOString()).toBe(expected);
  });

  // Every 5 minutes over the two days around each change of 2026, and every 181 minutes all year.
  it.each([
    ['Europe/Berlin', ['2026-03-29', '2026-10-25']],
    ['America/New_York', ['2026-03-08', '2026-11-01']],
    ['Pacific/Chatham', ['2026-04-05', '2026-09-27']],
    ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04']],
  ])('gives back the instants of %s, or the first reading of a repeated time', (timeZone, days) => {
    // Prepare
    const year = Date.parse('2026-01-01T00:00:00Z');
    const instants: number[] = [];
    for (let t = year; t < year + 365 * 86_400_000; t += 181 * 60_000) instants.push(t);
    for (const day of days)
      for (
        let t = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
        t < Date.parse(`${day}T00:00:00Z`) + 86_400_000;
        t += 5 * 60_000
      )
        instants.push(t);
    const mismatches: string[] = [];
    let repeated = 0;

    for (const t of instants) {
      // Act
      const wall = wallClockAt(new Date(t), timeZone);
      const back = instantAt(wall, timeZone).getTime();

      // Assess: the same wall time, at t or at an earlier reading of it within the hour
      if (back < t) repeated++;
      const again = wallClockAt(new Date(back), timeZone);
      const same = back === t || (back < t && back >= t - 3_600_000);
      if (!same || again.hour !== wall.hour || again.minute !== wall.minute)
        mismatches.push(new Date(t).toISOString());
    }
    expect(mismatches).toEqual([]);
    expect(repeated).toBeGreaterThan(0);
  });
});

describe('offsetMs and addLocalMinutes', () => {
  it('reads Chatham offsets of 12:45 and 13:45', () => {
    // Act
    const winter = offsetMs(Date.parse('2026-06-01T00:00:00Z'), 'Pacific/Chatham');
    const summer = offsetMs(Date.parse('2026-01-01T00:00:00Z'), 'Pacific/Chatham');

    // Assess
    expect([winter / 60_000, summer / 60_000]).toEqual([765, 825]);
  });

  it('moves over month and year ends on the calendar, ignoring zones', () => {
    // Act
    const moved = addLocalMinutes({ year: 2026, month: 12, day: 31, hour: 23, minute: 30 }, 45);

    // Assess
    expect(moved).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 15 });
  });
});
