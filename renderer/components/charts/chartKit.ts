/**
 * What the charts share: a palette readable on light and dark, short axis
 * labels, and each dashboard chart's series named and coloured (known before
 * the charting code loads: the legends show with the numbers).
 */
import { FEATURE_IDS, RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { dateAddDays, dateAddMonths, daysBetween, monthStart } from '../../../shared/dates.ts';
import { CREDIT_UNITS, type IsoDate } from '../../../shared/units.ts';
import type { DashboardCharts } from '../../../shared/view.ts';
import { fmtDate } from '../../format.ts';

const PALETTE = ['#6d5efc', '#1fa187', '#f28e2b', '#e15759', '#4e9ad6', '#b07aa1', '#edc948', '#59a14f', '#ff9da7', '#9c755f', '#76b7b2', '#bab0ac', '#d37295', '#8cd17d', '#499894'];

export const FEATURE_COLOR: Readonly<Record<FeatureId, string>> = Object.fromEntries(FEATURE_IDS.map((id, i) => [id, PALETTE[i % PALETTE.length]!])) as Record<FeatureId, string>;
export const SERIES_COLOR = PALETTE;

/** Each dashboard chart's height (its legend below it): its placeholder holds the same room while its code loads, so nothing moves when it draws. */
export const CHART_HEIGHT = { lots: 214, forecast: 214, burn: 214, charges: 200 } as const;

export const CHART_MARGIN = { top: 8, right: 16, bottom: 0, left: 0 } as const;

/**
 * A chart draws in steps, a painted frame apart (`ChartSlot` counts them): its
 * frame (grid and axes), then its series, then what is read on a closer look
 * (tooltip, reference lines). A chart's first draw runs recharts' code cold and
 * settles its layout in one go; in steps, no one task holds the page for long.
 */
export const STEP = { frame: 1, series: 2, details: 3 } as const;

/** What a chart is told by its slot: the steps it may draw so far. */
export interface Drawing {
  readonly step: number;
}

/** One series of a chart: its data key, its name in the legend and the tooltip, and how it is drawn. */
export interface Series {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  readonly mark: 'area' | 'band' | 'line' | 'bar';
}

const LOT_KIND: Record<string, string> = { allocation: 'Monthly credits', upgrade: 'Upgrade credits', addon: 'Add-on credits', adjustment: 'Balance check' };

/** The lots timeline's bands, first to expire first. */
export function lotSeries(lots: DashboardCharts['lots']): Series[] {
  return lots.bands.map((b, i) => ({
    key: `band${String(i).padStart(3, '0')}`,
    name: `${LOT_KIND[b.kind]} · ${b.expiresOn ? `expire ${fmtDate(b.expiresOn)}` : 'no expiry'}`,
    color: PALETTE[i % PALETTE.length]!,
    mark: 'area',
  }));
}

export const FORECAST_SERIES = {
  band: { key: 'band', name: 'P10–P90 burn', color: '#6d5efc', mark: 'band' },
  balance: { key: 'balance', name: 'Balance at the recent burn', color: '#6d5efc', mark: 'line' },
} as const satisfies Record<string, Series>;

/** The monthly burn's features, in the rate card's order. */
export function burnSeries(burn: DashboardCharts['burn']): Series[] {
  return burn.features.map((id) => ({ key: id, name: rateOf(RATE_CARD_2026_11, id)!.name, color: FEATURE_COLOR[id], mark: 'bar' }));
}

/** Props equal by value: a chart draws again only when what it plots changed (each reply from the backend brings new, often equal, arrays). */
export const sameData = (a: object, b: object): boolean => JSON.stringify(a) === JSON.stringify(b);

const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
// A month with its full year: "Nov 26" reads as a day.
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

function localDate(iso: string): Date {
  return new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)) || 1);
}

export const tickDay = (iso: string) => monthDay.format(localDate(iso));
export const tickMonth = (month: string) => monthYear.format(localDate(month));
export const tickCredits = (credits: number) => whole.format(credits);
/** Units to a plain credit number for plotting. */
export const units = (u: number) => u / CREDIT_UNITS;

/**
 * A time axis counted in days after `first` up to `last`: where its ticks go
 * (a week apart over eight weeks or less, two weeks apart up to four months, so
 * that a half-width chart's labels do not run into each other; else on the 1st
 * of every month or every few, eight at most) and what they read.
 */
export function dayAxis(first: IsoDate, last: IsoDate): { ticks: number[]; label: (day: number) => string; date: (day: number) => IsoDate } {
  const span = daysBetween(first, last);
  const date = (day: number) => dateAddDays(first, day);
  if (span <= 124) {
    const step = span <= 56 ? 7 : 14;
    return { ticks: Array.from({ length: Math.floor(Math.max(0, span - 3) / step) + 1 }, (_, i) => i * step), label: (day) => tickDay(date(day)), date };
  }
  const months = Math.round(span / 30.4);
  const step = Math.ceil(months / 8);
  const ticks: number[] = [];
  for (let month = dateAddMonths(monthStart(first), 1); month <= last; month = dateAddMonths(month, step)) ticks.push(daysBetween(first, month));
  return { ticks, label: (day) => tickMonth(date(day)), date };
}

/** The months of a monthly axis to label: six at most, evenly spaced back from the last. */
export function monthTicks(months: readonly string[]): string[] {
  const step = Math.ceil(months.length / 6);
  return months.filter((_, i) => (months.length - 1 - i) % step === 0);
}

/** Ticks for a log axis from `min` to `max`: 1, 2, 5, 10, 20, 50… (so the lowest line never sits below the last label). */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(Math.max(min, 1e-9))); decade <= max; decade *= 10) {
    for (const step of [1, 2, 5]) if (decade * step >= min && decade * step <= max) ticks.push(decade * step);
  }
  return ticks;
}
