/** Usages as CSV, the one layout the app and the command line export. */
import Papa from 'papaparse';
import type { FeatureId } from '../catalog/rateCard.ts';
import { creditsToNumber, type Credits } from '../units.ts';

export interface UsageCsvRow {
  readonly date: string;
  readonly feature: FeatureId;
  readonly minutes?: number | undefined;
  readonly seconds?: number | undefined;
  readonly count?: number | undefined;
  readonly videos: number;
  readonly project?: string | undefined;
  readonly credits: Credits;
  readonly refused: string | null;
}

export const USAGE_CSV_COLUMNS = ['date', 'feature', 'minutes', 'seconds', 'count', 'videos', 'project', 'credits', 'refused'] as const;

export function usageCsv(rows: readonly UsageCsvRow[]): string {
  const text = Papa.unparse(
    rows.map((r) => ({ date: r.date, feature: r.feature, minutes: r.minutes ?? '', seconds: r.seconds ?? '', count: r.count ?? '', videos: r.videos, project: r.project ?? '', credits: creditsToNumber(r.credits), refused: r.refused ?? '' })),
    // A project named `=HYPERLINK(…)` must stay text in a spreadsheet.
    { columns: [...USAGE_CSV_COLUMNS], escapeFormulae: true },
  );
  return `${text}\n`;
}
