import {
  type FreezeWindow,
  isWeeklyWindow,
  type OneOffFreezeWindow,
  WEEKDAYS,
  type WeeklyFreezeWindow,
} from '../model/freeze-window.js';
import { STATUS_DESCRIPTION_MAX } from './render/status-description.js';
import { clip } from './text.js';
import { addLocalMinutes, instantAt, type LocalDateTime, wallClockAt } from './zoned-time.js';

/**
 * When `rollout.freeze` windows are in force. Pure: the time to judge is a parameter.
 *
 * Each occurrence of a window is the span of instants from its opening local time (inclusive) to
 * its closing one (exclusive), each read in the window's zone as `zoned-time.ts` documents: across
 * a daylight saving change a weekly window keeps its wall-clock times and lasts an hour more or
 * less. An occurrence whose end does not come after its start (a one-off window opening in a
 * spring-forward gap and closing within the hour after it) freezes nothing.
 */

/** Whether an environment is frozen, and until when. */
export type FreezeState =
  | { readonly frozen: false }
  | { readonly frozen: true; readonly until: Date; readonly window: FreezeWindow };

/** The frozen side of {@link FreezeState}. */
export type Frozen = Extract<FreezeState, { frozen: true }>;

/**
 * At most this many windows are followed from one to the next that opens before it closes: far more
 * than a real calendar chains (a week of hourly windows is 168), few enough to answer in well under
 * a second when windows cover the whole week.
 */
export const MAX_CHAINED_WINDOWS = 200;

const WEEK_MINUTES = 7 * 24 * 60;

/**
 * Whether `now` falls in one of `windows`. When it does, `until` is the end of the whole frozen
 * stretch: windows that overlap, or open when or before the last one closes, extend it, so the
 * environment is not frozen at `until`. `window` is the first declared window in force at `now`.
 * A stretch that goes on past {@link MAX_CHAINED_WINDOWS} windows (windows that cover the
 * whole week) is cut there; asking again at `until` continues it.
 *
 * @example
 * const friday = { from: 'Fri 16:00', to: 'Mon 08:00', timeZone: 'Europe/Berlin' };
 * freezeAt([friday], new Date('2026-12-05T12:00:00Z'));
 * // { frozen: true, until: 2026-12-07T07:00:00.000Z, window: friday }
 */
export function freezeAt(windows: readonly FreezeWindow[], now: Date): FreezeState {
  const current = windows.flatMap((window) => {
    const o = occurrenceAt(window, now);
    return o ? [{ ...o, window }] : [];
  });
  const first = current[0];
  if (!first) return { frozen: false };
  let until = latest(current);
  for (let link = 0; link < MAX_CHAINED_WINDOWS; link++) {
    const next = windows.flatMap((w) => occurrenceAt(w, until) ?? []);
    if (next.length === 0) break;
    until = latest(next);
  }
  return { frozen: true, until, window: first.window };
}

/** The longest text {@link describeFreezeEnd} returns. */
export const FREEZE_END_MAX = 60;

/**
 * A short text for a commit status: `frozen until Mon 2026-12-07 08:00 Europe/Berlin`, at most 60
 * characters. A zone name too long for that is replaced by its offset (`GMT-3`).
 *
 * @example
 * describeFreezeEnd(new Date('2026-12-07T07:00:00Z'), 'Europe/Berlin');
 * // 'frozen until Mon 2026-12-07 08:00 Europe/Berlin'
 */
export function describeFreezeEnd(until: Date, timeZone: string): string {
  const w = wallClockAt(until, timeZone);
  const at = `frozen until ${WEEKDAYS[w.weekday]} ${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
  const named = `${at} ${timeZone}`;
  return named.length <= FREEZE_END_MAX ? named : `${at} ${shortOffset(until, timeZone)}`;
}

/**
 * {@link describeFreezeEnd} in the zone of the window in force, with its reason when it has one:
 * `frozen until Mon 2026-12-07 08:00 Europe/Berlin (weekend)`. Within GitHub's 140 characters
 * for a status description (a reason has at most 60).
 *
 * @example
 * const state = freezeAt(windows, now);
 * if (state.frozen) description = describeFreeze(state);
 */
export function describeFreeze(frozen: Pick<Frozen, 'until' | 'window'>): string {
  const end = describeFreezeEnd(frozen.until, frozen.window.timeZone);
  const reason = frozen.window.reason;
  return clip(reason ? `${end} (${reason})` : end, STATUS_DESCRIPTION_MAX);
}

interface Occurrence {
  readonly start: Date;
  readonly end: Date;
}

/** The occurrence of `window` that holds `instant`, if any. */
function occurrenceAt(window: FreezeWindow, instant: Date): Occurrence | undefined {
  const t = instant.getTime();
  for (const o of isWeeklyWindow(window) ? weeklyAround(window, instant) : [oneOff(window)])
    if (o.start.getTime() <= t && t < o.end.getTime()) return o;
  return undefined;
}

/**
 * The occurrences that can hold `instant`: the one opening on the latest `from` weekday on or
 * before the instant's local date, and the one a week before it (a window lasts under a week).
 */
function weeklyAround(w: WeeklyFreezeWindow, instant: Date): Occurrence[] {
  const from = weekTime(w.from);
  const length = mod(weekTime(w.to).minutes - from.minutes, WEEK_MINUTES);
  if (length === 0) return [];
  const wall = wallClockAt(instant, w.timeZone);
  const daysBack = mod(wall.weekday - from.weekday, 7);
  const minute = from.minutes % 1440;
  const opening = { ...wall, hour: Math.floor(minute / 60), minute: minute % 60 };
  return [daysBack, daysBack + 7].map((days) => {
    const start = addLocalMinutes(opening, -days * 1440);
    return {
      start: instantAt(start, w.timeZone),
      end: instantAt(addLocalMinutes(start, length), w.timeZone),
    };
  });
}

function oneOff(w: OneOffFreezeWindow): Occurrence {
  return {
    start: instantAt(localDateTime(w.start), w.timeZone),
    end: instantAt(localDateTime(w.end), w.timeZone),
  };
}

/** `Fri 16:00` as its weekday (Monday 0) and its minutes since Monday 00:00. */
function weekTime(text: string): { weekday: number; minutes: number } {
  const weekday = WEEKDAYS.indexOf(text.slice(0, 3) as (typeof WEEKDAYS)[number]);
  const minutes = weekday * 1440 + Number(text.slice(4, 6)) * 60 + Number(text.slice(7, 9));
  return { weekday, minutes };
}

/** `2026-12-24T00:00`, as the manifest schema admits it. */
function localDateTime(text: string): LocalDateTime {
  const [year, month, day, hour, minute] = text.split(/[-T:]/).map(Number);
  return {
    year: year ?? Number.NaN,
    month: month ?? Number.NaN,
    day: day ?? Number.NaN,
    hour: hour ?? Number.NaN,
    minute: minute ?? Number.NaN,
  };
}

function latest(occurrences: readonly Occurrence[]): Date {
  return new Date(Math.max(...occurrences.map((o) => o.end.getTime())));
}

function shortOffset(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' });
  return parts.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
