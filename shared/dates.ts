/**
 * Calendar dates as `YYYY-MM-DD` strings. Arithmetic goes through date-fns on
 * local-midnight Dates, which is DST-safe for whole days; comparisons are plain
 * string comparisons, which is what keeps replay fast.
 */
import { addDays, addMonths, addYears, differenceInCalendarDays, eachDayOfInterval, format, isValid, parseISO, startOfMonth } from 'date-fns';
import type { IsoDate } from './units.ts';

/**
 * Years the app accepts. Dates compare as strings, which holds for four-digit
 * years; bounding input to 2000–2999 keeps every date the engine derives from
 * them (years of cycles ahead) four digits too.
 */
const ISO_DATE = /^2\d{3}-\d{2}-\d{2}$/;
const validDates = new Map<string, boolean>();

/** True for a real calendar date in `YYYY-MM-DD` form, years 2000–2999 (2026-02-30 is not). Cached: logs repeat dates. */
export function isIsoDate(value: string): value is IsoDate {
  const known = validDates.get(value);
  if (known !== undefined) return known;
  const ok = ISO_DATE.test(value) && isValid(parseISO(value)) && format(parseISO(value), 'yyyy-MM-dd') === value;
  if (validDates.size < 100_000) validDates.set(value, ok);
  return ok;
}

/** Local midnight of a validated date. By hand: parseISO is general, and slow where replay calls it per cycle. */
function toDate(date: IsoDate): Date {
  const d = new Date(2000, Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  d.setFullYear(Number(date.slice(0, 4)));
  return d;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function fromDate(date: Date): IsoDate {
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}` as IsoDate;
}

/** The first day of the date's month. */
export function monthStart(date: IsoDate): IsoDate {
  return fromDate(startOfMonth(toDate(date)));
}

export function dateAddDays(date: IsoDate, days: number): IsoDate {
  return fromDate(addDays(toDate(date), days));
}

/** The `count` days after `date`, in order: one pass over the calendar where a projection walks day by day. */
export function daysAfter(date: IsoDate, count: number): IsoDate[] {
  if (count <= 0) return [];
  const start = toDate(date);
  return eachDayOfInterval({ start: addDays(start, 1), end: addDays(start, count) }).map(fromDate);
}

/** Months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28 or 29). */
export function dateAddMonths(date: IsoDate, months: number): IsoDate {
  return fromDate(addMonths(toDate(date), months));
}

export function dateAddYears(date: IsoDate, years: number): IsoDate {
  return fromDate(addYears(toDate(date), years));
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
}

/** Today in the user's time zone. */
export function today(): IsoDate {
  return fromDate(new Date());
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/** The month `YYYY-MM` a date falls in. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}
