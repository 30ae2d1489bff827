/** Usages as CSV, the one layout the app and the command line export; credits as exact decimals (`creditsDecimal`). */
import type { UsageRow } from '../api.ts';
import { creditsDecimal } from '../units.ts';
import { csvUnparse } from './csvText.ts';

/** A usage as the log shows it; the id stays in the app. */
export type UsageCsvRow = Omit<UsageRow, 'id' | 'freeVideos'>;

export const USAGE_CSV_COLUMNS = ['date', 'feature', 'minutes', 'seconds', 'count', 'videos', 'project', 'credits', 'refused'] as const;

export function usageCsv(rows: readonly UsageCsvRow[]): string {
  const text = csvUnparse(
    rows.map((r) => ({ date: r.date, feature: r.feature, minutes: r.minutes ?? '', seconds: r.seconds ?? '', count: r.count ?? '', videos: r.videos, project: r.project ?? '', credits: creditsDecimal(r.credits), refused: r.refused ?? '' })),
    USAGE_CSV_COLUMNS,
  );
  return `${text}\n`;
}
