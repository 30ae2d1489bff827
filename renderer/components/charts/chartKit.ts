/** What the charts share: a palette readable on light and dark, and short axis labels. */
import { FEATURE_IDS, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { CREDIT_UNITS } from '../../../shared/units.ts';

const PALETTE = ['#6d5efc', '#1fa187', '#f28e2b', '#e15759', '#4e9ad6', '#b07aa1', '#edc948', '#59a14f', '#ff9da7', '#9c755f', '#76b7b2', '#bab0ac', '#d37295', '#8cd17d', '#499894'];

export const FEATURE_COLOR: Readonly<Record<FeatureId, string>> = Object.fromEntries(FEATURE_IDS.map((id, i) => [id, PALETTE[i % PALETTE.length]!])) as Record<FeatureId, string>;
export const SERIES_COLOR = PALETTE;

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

/** Ticks for a log axis from `min` to `max`: 1, 2, 5, 10, 20, 50… (so the lowest line never sits below the last label). */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(Math.max(min, 1e-9))); decade <= max; decade *= 10) {
    for (const step of [1, 2, 5]) if (decade * step >= min && decade * step <= max) ticks.push(decade * step);
  }
  return ticks;
}
