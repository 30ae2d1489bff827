/** A report's rows as plain numbers, and as CSV: one layout for the app's export and the command line's. */
import type { Report } from '../engine/report.ts';
import { centsToUsd, creditsToNumber } from '../units.ts';
import { csvUnparse } from './csvText.ts';

/** `{ month, project|feature: key, credits, usd }` (by month, the month alone). */
export function reportRows(report: Report): Record<string, string | number>[] {
  return report.rows.map((row) => ({ month: row.month, [report.by]: row.key, credits: creditsToNumber(row.credits), usd: centsToUsd(row.cost) }));
}

/** The rows as CSV, formula-like names kept as text; no final newline. */
export function reportCsv(report: Report): string {
  return csvUnparse(reportRows(report), report.by === 'month' ? ['month', 'credits', 'usd'] : ['month', report.by, 'credits', 'usd']);
}
