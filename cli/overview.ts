/**
 * `overview --data DIR`: every workspace of the data folder that is not archived, needing attention first, each row
 * read from that workspace's own view on the date, as its dashboard shows it (shared/overview.ts). When every
 * workspace's snapshot answers and the preferences' list reads without its schema, `overviewFromHeads` answers from
 * the snapshots' heads before the rest of the command is loaded (./entry.ts), as the whole command answers it; the
 * whole command (./overviewRead.ts) reads the rest.
 */
import { isIsoDate, today } from '../shared/dates.ts';
import { overviewRow, overviewSorted, type OverviewRow } from '../shared/overview.ts';
import { creditsLabel } from '../shared/text.ts';
import { centsToUsd, creditsToNumber as c, type Cents, type IsoDate } from '../shared/units.ts';
import { snapshotViewOf } from '../shared/view.ts';
import { workspaceDir } from '../shared/workspaceList.ts';
import { dataFolderTip, journalHolds } from './dataFolderTip.ts';
import { fastArgs } from './options.ts';
import type { Output } from './output.ts';
import { fmtCredits, fmtUsd, table } from './table.ts';
import { workspacesPlain } from './workspaceChoice.ts';

/** `overview --json`: FORMATS.md's keys, numbers plain (credits as numbers, money in USD), and what the screen shows besides. */
export function overviewJson(at: IsoDate, rows: readonly OverviewRow[]) {
  return {
    at,
    workspaces: rows.map((r) => ({
      id: r.id,
      name: r.name,
      plan: r.plan,
      balance: c(r.balance),
      nextExpiry: r.nextExpiry && { date: r.nextExpiry.on, credits: c(r.nextExpiry.credits), inDays: r.nextExpiry.inDays, forfeited: r.nextExpiry.forfeited },
      runOutOn: r.runOutOn,
      runsOutBeforeRenewal: r.runsOutBeforeRenewal,
      renewalOn: r.renewalOn,
      chargesThisMonth: centsToUsd(r.chargesThisMonth),
      cycleBurn: r.cycleBurn && { since: r.cycleBurn.since, used: c(r.cycleBurn.used), lastSince: r.cycleBurn.lastSince, lastUntil: r.cycleBurn.lastUntil, lastUsed: c(r.cycleBurn.lastUsed) },
    })),
  };
}

const days = (n: number) => (n === 0 ? 'today' : `in ${n} ${n === 1 ? 'day' : 'days'}`);

/** What `overview` prints of the rows of `dataDir`'s workspaces on `at` (any order), and what was said of the others. */
export function overviewPrinted(dataDir: string, at: IsoDate, rows: readonly OverviewRow[], json: boolean, warnings: string): Output {
  const out = overviewJson(at, overviewSorted(rows));
  if (json) return { code: 0, stdout: JSON.stringify(out, null, 2), stderr: warnings };
  if (rows.length === 0) return { code: 0, stdout: `No workspace in ${dataDir} that is not archived.`, stderr: warnings };
  const expiry = (e: (typeof out.workspaces)[number]['nextExpiry']) => (e === null ? '-' : `${creditsLabel(e.credits)}${e.forfeited ? ' forfeited' : ''} on ${e.date} (${days(e.inDays)})`);
  const text = table(
    ['workspace', 'plan', 'balance', 'next expiry', 'runs out', 'charged this month'],
    out.workspaces.map((w) => [w.name, w.plan, fmtCredits(w.balance), expiry(w.nextExpiry), w.runOutOn ?? '-', fmtUsd(w.chargesThisMonth)]),
    [2, 5],
  );
  return { code: 0, stdout: `Workspaces on ${at}, needing attention first:\n\n${text}`, stderr: warnings };
}

/** The settings' horizon and budget a snapshot keeps beside the account, when they are as the settings' schema (shared/api.ts) takes them as they are; null otherwise. */
export function viewSettingsPlain(beside: unknown): { readonly forecastMonths: number; readonly monthlyBudget: Cents | null } | null {
  const s = (beside as { settings?: unknown } | null)?.settings;
  if (typeof s !== 'object' || s === null || Array.isArray(s) || Object.keys(s).length !== 5) return null;
  const { notifyExpiryDays: d, notifyRunOut, theme, forecastMonths: m, monthlyBudget: b } = s as Record<string, unknown>;
  const whole = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  const ok = whole(d, 0, 60) && typeof notifyRunOut === 'boolean' && (theme === 'system' || theme === 'light' || theme === 'dark') && whole(m, 1, 24) && (b === null || whole(b, 0, 100_000_000));
  return ok ? { forecastMonths: m as number, monthlyBudget: b as Cents | null } : null;
}

/**
 * `overview --data DIR [--at DATE] [--json]`, answered from the snapshots' heads when every workspace not archived has
 * one that matches, an empty journal and something recorded, as the whole command answers it; null for anything else
 * (another command or option, a value the whole command checks and words, a list only its schema reads, a workspace
 * it must read): the whole command then runs.
 */
export function overviewFromHeads(argv: readonly string[]): Output | null {
  const values = fastArgs(argv, 'overview', ['data', 'at', 'json']);
  if (values === null) return null;
  if (values.at !== undefined && !isIsoDate(values.at)) return null;
  const at = values.at ?? today();
  const list = workspacesPlain(values.data)?.filter((w) => !w.archived) ?? [];
  const rows: OverviewRow[] = [];
  for (const w of list) {
    const found = dataFolderTip(workspaceDir(values.data, w.id), journalHolds);
    const settings = found === null ? null : viewSettingsPlain(found.beside);
    const view = found === null || settings === null ? null : snapshotViewOf(found, at, settings.forecastMonths, settings.monthlyBudget);
    if (view === null || view.eventCount === 0) return null;
    rows.push(overviewRow(w.id, w.name, view));
  }
  return rows.length === 0 ? null : overviewPrinted(values.data, at, rows, values.json === true, '');
}
