/** Usages as CSV, the one layout the app and the command line export. */
import Papa from 'papaparse';
import type { UsageRow } from '../api.ts';
import { creditsToNumber } from '../units.ts';

/** A usage as the log shows it; the id stays in the app. */
export type UsageCsvRow = Omit<UsageRow, 'id' | 'freeVideos'>;

export const USAGE_CSV_COLUMNS = ['date', 'feature', 'minutes', 'seconds', 'count', 'videos', 'project', 'credits', 'refused'] as const;

export function usageCsv(rows: readonly UsageCsvRow[]): string {
  const text = Papa.unparse(
    rows.map((r) => ({ date: r.date, feature: r.feature, minutes: r.minutes ?? '', seconds: r.seconds ?? '', count: r.count ?? '', videos: r.videos, project: r.project ?? '', credits: creditsToNumber(r.credits), refused: r.refused ?? '' })),
    // A project named `=HYPERLINK(…)` must stay text in a spreadsheet.
    { columns: [...USAGE_CSV_COLUMNS], escapeFormulae: true },
  );
  return `${text}\n`;
}
