/**
 * Wall-clock time in IANA time zones, computed with `Intl` alone (the runtime's ICU time zone data):
 * the local date, time and weekday of an instant, and the instant of a local date and time.
 *
 * Local times that a daylight saving change skips or repeats are resolved as Temporal's
 * `disambiguation: 'compatible'` does (and RFC 5545 for iCalendar):
 *
 * - a time in the spring-forward gap moves forward by the length of the gap: 02:30 on the night
 *   Berlin goes from 02:00 to 03:00 is 03:30 CEST;
 * - a time in the fall-back hour, which happens twice, is the earlier of the two: 02:30 on the night
 *   Berlin goes from 03:00 back to 02:00 is 02:30 CEST, not 02:30 CET.
 */

/** A calendar date and a time on the wall clock, in no zone. `month` is 1-12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** The wall clock of an instant in a zone, with its weekday: 0 is Monday, 6 Sunday. */
export interface WallClock extends LocalDateTime {
  readonly second: number;
  readonly weekday: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The local date, time and weekday of `instant` in `timeZone`.
 *
 * @example
 * wallClockAt(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin');
 * // { year: 2026, month: 3, day: 29, hour: 3, minute: 30, second: 0, weekday: 6 }
 */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = {
    year: parts.year ?? Number.NaN,
    month: parts.month ?? Number.NaN,
    day: parts.day ?? Number.NaN,
    hour: parts.hour ?? Number.NaN,
    minute: parts.minute ?? Number.NaN,
  };
  return { ...local, second: parts.second ?? 0, weekday: weekdayOf(local) };
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`; skipped and repeated local times
 * resolve as the module documentation says.
 *
 * @example
 * instantAt({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin');
 * // 2026-03-29T01:30:00.000Z (03:30 CEST: 02:30 does not happen that night)
 */
export function instantAt(local: LocalDateTime, timeZone: string): Date {
  const asUtc = utcMs(local);
  // The offsets a day either side bracket any change near this time (zones change at most
  // once in two days); each offset that reproduces the wall time is a reading of it.
  const before = offsetMs(asUtc - DAY_MS, timeZone);
  const after = offsetMs(asUtc + DAY_MS, timeZone);
  const readings = [asUtc - before, asUtc - after]
    .filter((t) => utcMs(wallClockAt(new Date(t), timeZone)) === asUtc)
    .sort((a, b) => a - b);
  // Repeated: the earlier reading. Skipped: read with the offset before the change, which lands
  // as many minutes after the gap as the time was into it.
  return new Date(readings[0] ?? asUtc - before);
}

/** `local` moved by `minutes` on the calendar and the clock, ignoring any zone. */
export function addLocalMinutes(local: LocalDateTime, minutes: number): LocalDateTime {
  const moved = new Date(utcMs(local) + minutes * MINUTE_MS);
  return {
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
    hour: moved.getUTCHours(),
    minute: moved.getUTCMinutes(),
  };
}

/** The zone's offset from UTC at `instant`, in milliseconds (east positive). */
export function offsetMs(instant: number, timeZone: string): number {
  const wall = wallClockAt(new Date(instant), timeZone);
  return utcMs(wall) + wall.second * 1000 - (instant - mod(instant, 1000));
}

/** Monday 0 .. Sunday 6 of a calendar date. */
export function weekdayOf(date: Pick<LocalDateTime, 'year' | 'month' | 'day'>): number {
  return (new Date(utcMs({ ...date, hour: 0, minute: 0 })).getUTCDay() + 6) % 7;
}

/** Milliseconds of `local` read as UTC; years 0-99 stay years 0-99 (unlike `Date.UTC`). */
function utcMs(local: LocalDateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(local.year, local.month - 1, local.day);
  d.setUTCHours(local.hour, local.minute, 0, 0);
  return d.getTime();
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

// Building a formatter costs far more than using one; a scan asks for the same few zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}
