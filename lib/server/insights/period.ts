import 'server-only';
import { Failure } from '../platform/failure';

// The period an operator looks at: whole UTC days, from and to inclusive. UTC because the
// roll-ups are kept per UTC day and the instances of one deployment may sit in different
// time zones; the page says so.

export type Period = { from: string; to: string; days: number };

export const PRESET_DAYS = [7, 30, 90] as const;
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "YYYY-MM-DD" of a moment, in UTC. */
export function dayOf(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** The moment a UTC day starts. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: string, n: number): string {
  return dayOf(new Date(startOfDay(day).getTime() + n * DAY_MS));
}

/** Every day of the period, oldest first. */
export function daysOf(period: Period): string[] {
  return Array.from({ length: period.days }, (_, i) => addDays(period.from, i));
}

/** The last `days` days, today included. */
export function lastDays(days: number, now = new Date()): Period {
  const to = dayOf(now);
  return { from: addDays(to, -(days - 1)), to, days };
}

/** A real calendar day: "2026-02-30" and "2026-13-01" are not. */
function validDay(value: string): boolean {
  if (!DATE.test(value)) return false;
  const start = startOfDay(value);
  return !Number.isNaN(start.getTime()) && dayOf(start) === value;
}

/**
 * The period a request asks for: `days=7|30|90`, or `from` and `to` dates (YYYY-MM-DD, UTC,
 * at most 366 days, not after today). Nothing given: the last 30 days.
 */
export function parsePeriod(query: { days?: string | null; from?: string | null; to?: string | null }, now = new Date()): Period {
  const { days, from, to } = query;
  if (from || to) {
    if (days) throw periodError('Give either days or from and to, not both.', { days: 'Leave this out when giving dates.' });
    if (!from || !validDay(from)) throw periodError('from must be a date (YYYY-MM-DD).', { from: 'Enter a date as YYYY-MM-DD.' });
    if (!to || !validDay(to)) throw periodError('to must be a date (YYYY-MM-DD).', { to: 'Enter a date as YYYY-MM-DD.' });
    if (from > to) throw periodError('from must not be after to.', { from: 'Choose a start on or before the end.' });
    if (to > dayOf(now)) throw periodError('to must not be after today (UTC).', { to: 'Choose today or an earlier day.' });
    const length = Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / DAY_MS) + 1;
    if (length > MAX_PERIOD_DAYS)
      throw periodError(`A period is at most ${MAX_PERIOD_DAYS} days.`, { from: `Choose at most ${MAX_PERIOD_DAYS} days.` });
    return { from, to, days: length };
  }
  if (days === undefined || days === null || days === '') return lastDays(30, now);
  const n = Number(days);
  if (!PRESET_DAYS.includes(n as (typeof PRESET_DAYS)[number]) || String(n) !== days) {
    throw periodError(`days must be one of ${PRESET_DAYS.join(', ')}.`, { days: `Choose ${PRESET_DAYS.join(', ')} days, or dates.` });
  }
  return lastDays(n, now);
}

function periodError(message: string, fields: Record<string, string>): Failure {
  return new Failure('invalid_period', message, { fields });
}
