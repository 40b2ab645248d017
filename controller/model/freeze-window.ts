import { z } from 'zod';

/**
 * Freeze windows of `rollout.freeze`: times in which an environment takes no rollout.
 *
 * Two forms, each in a named IANA time zone so that a window keeps its wall-clock meaning across
 * daylight saving time:
 *
 * - weekly, recurring: `{ from: 'Fri 16:00', to: 'Mon 08:00', timeZone: 'Europe/Berlin' }`; `from`
 *   is inclusive, `to` exclusive, and a window may wrap over the end of the week (Sun to Mon);
 * - one-off: `{ start: '2026-12-24T00:00', end: '2027-01-02T08:00', timeZone: 'Europe/Berlin' }`,
 *   local date-times in that zone.
 *
 * When a window is in force is computed by `controller/core/freeze-window.ts`.
 */

/** Weekdays as windows name them, Monday first (ISO 8601 order). */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A freeze window's reason is shown in commit statuses: short enough to fit GitHub's 140 characters. */
export const FREEZE_REASON_MAX = 60;

const weekTime = z
  .string()
  .regex(
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01]\d|2[0-3]):[0-5]\d$/,
    'must be a weekday and a 24-hour time such as Fri 16:00 (Mon..Sun, HH:MM)',
  );

const LOCAL_DATE_TIME = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/;

const localDateTime = z
  .string()
  .regex(
    LOCAL_DATE_TIME,
    'must be a local date and time such as 2026-12-24T00:00 (YYYY-MM-DDTHH:MM)',
  )
  .refine(isCalendarDate, {
    error: (issue) => `"${String(issue.input)}" is not a calendar date`,
  });

/**
 * An IANA time zone name (`Europe/Berlin`, `America/New_York`, `UTC`) that this runtime's `Intl`
 * knows. Offsets such as `+01:00` are refused: they do not follow daylight saving time.
 */
export const timeZoneName = z.string().refine(isKnownTimeZone, {
  error: (issue) =>
    `timeZone "${String(issue.input)}" is not a time zone Node knows; use an IANA name such as Europe/Berlin`,
});

const reason = z.string().min(1).max(FREEZE_REASON_MAX);

/** A window that recurs every week, from a weekday and time to another (or the same) weekday. */
export const weeklyFreezeWindowSchema = z.strictObject({
  /** Weekday and local time the window opens (inclusive), e.g. `Fri 16:00`. */
  from: weekTime,
  /** Weekday and local time the window closes (exclusive); before `from` in the week wraps over Sunday. */
  to: weekTime,
  timeZone: timeZoneName,
  /** Shown with the commit status of a rollout the window holds back. */
  reason: reason.optional(),
});

/** A window that happens once, between two local date-times. */
export const oneOffFreezeWindowSchema = z.strictObject({
  /** Local date-time the window opens (inclusive), e.g. `2026-12-24T00:00`. */
  start: localDateTime,
  /** Local date-time the window closes (exclusive); after `start`. */
  end: localDateTime,
  timeZone: timeZoneName,
  /** Shown with the commit status of a rollout the window holds back. */
  reason: reason.optional(),
});

/** Either form of a freeze window; the keys tell which one is meant. */
export const freezeWindowSchema = z.union([weeklyFreezeWindowSchema, oneOffFreezeWindowSchema], {
  error: 'must be a weekly window (from, to, timeZone) or a one-off window (start, end, timeZone)',
});

export type WeeklyFreezeWindow = z.output<typeof weeklyFreezeWindowSchema>;
export type OneOffFreezeWindow = z.output<typeof oneOffFreezeWindowSchema>;
export type FreezeWindow = z.output<typeof freezeWindowSchema>;

/** Whether a window is the weekly, recurring form. */
export function isWeeklyWindow(window: FreezeWindow): window is WeeklyFreezeWindow {
  return 'from' in window;
}

function isKnownTimeZone(value: string): boolean {
  // Intl takes names case-insensitively and, in newer runtimes, UTC offsets: admit names only.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** True for `2026-02-28T10:00`, false for `2026-02-30T10:00`; other shapes are the regex's to refuse. */
function isCalendarDate(value: string): boolean {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return true;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
