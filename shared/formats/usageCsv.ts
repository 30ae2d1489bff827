/** Usages as CSV, the one layout the app and the command line export; credits as exact decimals (`creditsDecimal`). */
import type { FeatureId } from '../catalog/rateCard.ts';
import { creditsDecimal, type Credits, type IsoDate } from '../units.ts';
import { csvUnparse } from './csvText.ts';

/** A usage as the log shows it (the app's rows add their id and free videos). */
export interface UsageCsvRow {
  readonly date: IsoDate;
  readonly feature: FeatureId;
  readonly minutes?: number | undefined;
  readonly seconds?: number | undefined;
  readonly count?: number | undefined;
  readonly videos: number;
  readonly project?: string | undefined;
  /** The member who made it. */
  readonly by?: string | undefined;
  readonly credits: Credits;
  /** Why the vendor would have refused it; null when it went through. */
  readonly refused: string | null;
}

export const USAGE_CSV_COLUMNS = ['date', 'feature', 'minutes', 'seconds', 'count', 'videos', 'project', 'by', 'credits', 'refused'] as const;

export function usageCsv(rows: readonly UsageCsvRow[]): string {
  const text = csvUnparse(
    rows.map((r) => ({ date: r.date, feature: r.feature, minutes: r.minutes ?? '', seconds: r.seconds ?? '', count: r.count ?? '', videos: r.videos, project: r.project ?? '', by: r.by ?? '', credits: creditsDecimal(r.credits), refused: r.refused ?? '' })),
    USAGE_CSV_COLUMNS,
  );
  return `${text}\n`;
}
