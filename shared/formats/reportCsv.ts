/** A report's rows as plain numbers, and as CSV: one layout for the app's export and the command line's. */
import { centsToUsd, creditsToNumber, type Cents, type Credits } from '../units.ts';
import { csvUnparse } from './csvText.ts';

/** A report as its CSV reads it (the engine's `Report` is one): what it is grouped by, and each row's credits and their cost. */
export interface ReportTable {
  readonly by: string;
  readonly rows: readonly { readonly month: string; readonly key: string; readonly credits: Credits; readonly cost: Cents }[];
}

/** `{ month, project|feature|member: key, credits, usd }` (by month, the month alone; by member, null for usage that names none). */
export function reportRows(report: ReportTable): Record<string, string | number | null>[] {
  return report.rows.map((row) => ({ month: row.month, [report.by]: report.by === 'member' && row.key === '' ? null : row.key, credits: creditsToNumber(row.credits), usd: centsToUsd(row.cost) }));
}

/** The rows as CSV, formula-like names kept as text; no final newline. */
export function reportCsv(report: ReportTable): string {
  return csvUnparse(reportRows(report), report.by === 'month' ? ['month', 'credits', 'usd'] : ['month', report.by, 'credits', 'usd']);
}
