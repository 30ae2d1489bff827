/** Formatting at the edge: credits, money and dates in the user's locale. */
import { today } from '../shared/dates.ts';
import { planLabel } from '../shared/engine/subscription.ts';
import { numberRead } from '../shared/formats/typed.ts';
import { pluralWord } from '../shared/text.ts';
import { CREDIT_UNITS, type Cents, type IsoDate } from '../shared/units.ts';
import type { Formatters } from '../shared/wording.ts';

/** The formats, for a locale (undefined: the one the page runs in). */
function formatsMake(locale: string | undefined) {
  return {
    credits: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
    wholeCredits: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    money: new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }),
    wholeMoney: new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: 0 }),
    unitPrice: new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }),
    day: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }),
    monthLong: new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }),
    relativeDays: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  };
}

const made = new Map<string | undefined, ReturnType<typeof formatsMake>>();
let formats = formatsMake(undefined);
made.set(undefined, formats);

/**
 * The locale the formats follow. In the page they follow the browser's own; where the browser mode's server paints
 * the first screen (paint.tsx) they follow the language the browser asked for, so that the painted screen reads as
 * the page's code then draws it. undefined: the default again.
 */
export function formatLocaleSet(locale: string | undefined): void {
  let next = made.get(locale);
  if (!next) {
    next = formatsMake(locale);
    // A few languages are kept; requests naming ever other ones make theirs each time.
    if (made.size < 16) made.set(locale, next);
  }
  formats = next;
}

/** Credit units → "1,234.5". */
export function fmtCredits(units: number): string {
  return formats.credits.format(units / CREDIT_UNITS);
}

/** Credit units → "585": a rate or a range, where hundredths of a credit are noise. */
export function fmtCreditsWhole(units: number): string {
  return formats.wholeCredits.format(Math.round(units / CREDIT_UNITS));
}

/** `one` or `many` as credit units written by `fmtCredits` agree with it: "1 credit expires", "2 credits expire". */
export function creditsAgree(units: number, one: string, many: string): string {
  return pluralWord(units / CREDIT_UNITS, one, many);
}

/** "credit" or "credits", for credit units as `fmtCredits` writes them (where the number is set apart: `<strong>1</strong> credit`). */
export function creditsWord(units: number): string {
  return creditsAgree(units, 'credit', 'credits');
}

/** Credit units → "1 credit", "1,234.5 credits". */
export function fmtCreditsCount(units: number): string {
  return `${fmtCredits(units)} ${creditsWord(units)}`;
}

/** Credit units → "1 credit", "585 credits": a rate or a range, in whole credits. */
export function fmtCreditsWholeCount(units: number): string {
  const whole = Math.round(units / CREDIT_UNITS);
  return `${formats.wholeCredits.format(whole)} ${pluralWord(whole, 'credit', 'credits')}`;
}

/** Days from today → "today", "tomorrow", "in 4 days". */
export function fmtInDays(days: number): string {
  return formats.relativeDays.format(days, 'day');
}

/** A span from today in its unit → "tomorrow", "in 3 months", "in 2 years". */
export function fmtIn(count: number, unit: 'day' | 'month' | 'year'): string {
  return formats.relativeDays.format(count, unit);
}

/** Cents → "$17.61". */
export function fmtMoney(cents: number): string {
  return formats.money.format(cents / 100);
}

/** `YYYY-MM-DD` → "24 Nov 2026" (as the locale writes it). */
export function fmtDate(iso: string): string {
  return formats.day.format(new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
}

/** Cents → "$49", "$17.61": money in a sentence, whole dollars without the cents. */
export function fmtPrice(cents: Cents): string {
  return (cents % 100 === 0 ? formats.wholeMoney : formats.money).format(cents / 100);
}

/** How the engine's records (notes, reasons, findings, suggestions) are worded on screen: shared/wording.ts with dates, money and credits in the user's locale. */
export const SCREEN_WORDS: Formatters = { date: fmtDate, money: fmtPrice, credits: fmtCredits, plan: planLabel };

/** Today as `YYYY-MM-DD` in the user's time zone. */
export function todayIso(): IsoDate {
  return today();
}

/** Cents for one credit, a fraction of a cent → "$0.049". */
export function fmtUnitPrice(cents: number): string {
  return formats.unitPrice.format(cents / 100);
}

/** `YYYY-MM` → "July 2026": a month that cannot be read as a day. */
export function fmtMonth(month: string): string {
  return formats.monthLong.format(new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
}

/** A number as typed, read by the shared rule (`shared/formats/typed.ts`) in the user's locale; undefined for an empty field or anything else. */
export function numberParse(text: string, whole = false): number | undefined {
  const read = numberRead(text, { whole });
  return read.ok ? read.value : undefined;
}
