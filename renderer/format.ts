/** Formatting at the edge: credits, money and dates in the user's locale. */
import { numberRead } from '../shared/formats/typed.ts';
import { CREDIT_UNITS } from '../shared/units.ts';

const credits = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** Credit units → "1,234.5". */
export function fmtCredits(units: number): string {
  return credits.format(units / CREDIT_UNITS);
}

const wholeCredits = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** Credit units → "585": a rate or a range, where hundredths of a credit are noise. */
export function fmtCreditsWhole(units: number): string {
  return wholeCredits.format(Math.round(units / CREDIT_UNITS));
}

const relativeDays = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** Days from today → "today", "tomorrow", "in 4 days". */
export function fmtInDays(days: number): string {
  return relativeDays.format(days, 'day');
}

/** Cents → "$17.61". */
export function fmtMoney(cents: number): string {
  return money.format(cents / 100);
}

/** `YYYY-MM-DD` → "24 Nov 2026" (as the locale writes it). */
export function fmtDate(iso: string): string {
  return day.format(new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
}

/** An engine sentence (a note, a finding, a suggestion) with its calendar dates in the user's locale. */
export function fmtSentence(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso) => fmtDate(iso));
}

/** Today as `YYYY-MM-DD` in the user's time zone. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const unitPrice = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });

/** Cents for one credit, a fraction of a cent → "$0.049". */
export function fmtUnitPrice(cents: number): string {
  return unitPrice.format(cents / 100);
}

const monthLong = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });

/** `YYYY-MM` → "July 2026": a month that cannot be read as a day. */
export function fmtMonth(month: string): string {
  return monthLong.format(new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
}

/** A number as typed, read by the shared rule (`shared/formats/typed.ts`) in the user's locale; undefined for an empty field or anything else. */
export function numberParse(text: string, whole = false): number | undefined {
  const read = numberRead(text, { whole });
  return read.ok ? read.value : undefined;
}
