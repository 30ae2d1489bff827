/**
 * The usage form's values as typed, and the zod schema that turns them into the
 * API's usage (checked by the API's own `usage-add` schema): a length read as
 * `90s`, `1:30`, `1h 5m` or minutes, counts and videos as whole numbers in the
 * user's locale, each problem said next to the field it is about.
 */
import { differenceInCalendarDays, differenceInMonths, differenceInYears, parseISO } from 'date-fns';
import { z } from 'zod';
import { api, type HandlerInput, type UsageRow } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, rateOf, type Rate } from '../../../shared/catalog/rateCard.ts';
import { isIsoDate } from '../../../shared/dates.ts';
import { issuesFromZod } from '../../../shared/formats/issues.ts';
import { lengthRead, numberRead } from '../../../shared/formats/typed.ts';
import { todayIso } from '../../format.ts';

export interface UsageValues {
  /** A feature's id. */
  readonly feature: string;
  /** How long each video is, for a feature billed by time. */
  readonly length: string;
  /** How many, for a feature billed per unit. */
  readonly count: string;
  readonly videos: string;
  readonly project: string;
  /** Who made it (`by`): one of the account's members or a new one; blank for nobody. */
  readonly member: string;
  readonly date: string;
}

export type UsageInput = HandlerInput<'usage-add'>;
type Field = keyof UsageValues;

/** A new entry's values, naming `member` (the one last used on this device, `memberRemembered`). */
export function usageDefaults(member = ''): UsageValues {
  return { feature: 'avatar-iv', length: '', count: '1', videos: '1', project: '', member, date: todayIso() };
}

/** What a bare number in the length field means: seconds for a feature billed by the second, else minutes. */
export function lengthUnit(rate: Rate): 'minutes' | 'seconds' {
  return rate.basis.kind === 'time' && rate.basis.perSeconds < 60 ? 'seconds' : 'minutes';
}

/** A saved usage's amount as the form shows it: `2.5` minutes, `90s`. */
export function lengthText(row: { readonly minutes?: number | undefined; readonly seconds?: number | undefined }, rate: Rate): string {
  if (row.minutes !== undefined) return lengthUnit(rate) === 'minutes' ? String(row.minutes) : `${row.minutes} min`;
  if (row.seconds !== undefined) return lengthUnit(rate) === 'seconds' ? String(row.seconds) : `${row.seconds}s`;
  return '';
}

/**
 * A saved usage's values, as the form holds them, dated `date`. A feature billed per generation has one quantity:
 * a usage saved with several videos of it shows their generations in all (what it cost).
 */
export function usageValuesOf(row: Pick<UsageRow, 'feature' | 'minutes' | 'seconds' | 'count' | 'videos' | 'project' | 'by'>, date: string): UsageValues {
  const rate = rateOf(RATE_CARD_2026_11, row.feature)!;
  const perGeneration = rate.basis.kind === 'count';
  return {
    feature: row.feature,
    length: lengthText(row, rate),
    count: String((row.count ?? 1) * (perGeneration ? row.videos : 1)),
    videos: perGeneration ? '1' : String(row.videos),
    project: row.project ?? '',
    member: row.by ?? '',
    date,
  };
}

/**
 * How far after `today` a usage's date is: whole years from a year, whole months from two, else days; null when it
 * is not after today (or not a date).
 */
export function dateAhead(date: string, today: string): { readonly count: number; readonly unit: 'day' | 'month' | 'year' } | null {
  if (!isIsoDate(date) || !isIsoDate(today) || date <= today) return null;
  const [from, to] = [parseISO(today), parseISO(date)];
  const years = differenceInYears(to, from);
  if (years >= 1) return { count: years, unit: 'year' };
  const months = differenceInMonths(to, from);
  if (months >= 2) return { count: months, unit: 'month' };
  return { count: differenceInCalendarDays(to, from), unit: 'day' };
}

/** The API input's fields, as the form names them. */
const FIELD_OF: Readonly<Record<string, Field>> = { minutes: 'length', seconds: 'length', count: 'count', videos: 'videos', project: 'project', by: 'member', date: 'date', feature: 'feature' };

export const usageFormSchema = z
  .object({ feature: z.string(), length: z.string(), count: z.string(), videos: z.string(), project: z.string(), member: z.string(), date: z.string() })
  .transform((v, ctx): UsageInput => {
    const rate = rateOf(RATE_CARD_2026_11, v.feature);
    if (!rate) {
      ctx.addIssue({ code: 'custom', path: ['feature'], message: 'pick a feature from the list' });
      return z.NEVER;
    }
    let amount: { minutes?: number; seconds?: number; count?: number } = {};
    if (rate.basis.kind === 'time') {
      const length = lengthRead(v.length, { unit: lengthUnit(rate) });
      if (length.ok) amount = length.value;
      else ctx.addIssue({ code: 'custom', path: ['length'], message: length.message });
    } else {
      const count = numberRead(v.count, { whole: true });
      if (count.ok) amount = { count: count.value };
      else ctx.addIssue({ code: 'custom', path: ['count'], message: count.message });
    }
    // A feature billed per generation is counted in generations alone: there are no videos to multiply them by.
    const videos = rate.basis.kind === 'count' || v.videos.trim() === '' ? { ok: true as const, value: 1 } : numberRead(v.videos, { whole: true });
    if (!videos.ok) ctx.addIssue({ code: 'custom', path: ['videos'], message: videos.message });
    if (ctx.issues.length > 0) return z.NEVER;
    const input = { date: v.date, feature: rate.id, ...amount, videos: videos.ok ? videos.value : 1, ...(v.project.trim() ? { project: v.project.trim() } : {}), ...(v.member.trim() ? { by: v.member.trim() } : {}) };
    const checked = api['usage-add'].input.safeParse(input);
    if (!checked.success) {
      for (const issue of issuesFromZod(checked.error, input)) ctx.addIssue({ code: 'custom', path: [FIELD_OF[issue.path.split(/[.[]/)[0]!] ?? 'feature'], message: issue.message });
      return z.NEVER;
    }
    return checked.data;
  });
