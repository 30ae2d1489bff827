/**
 * `balance`: the ledger on a date, printed as a table or FORMATS.md's JSON. `balance --data DIR` on a workspace whose
 * snapshot holds the state and whose journal is empty needs nothing more: `balanceFromHead` answers it before the
 * rest of the command (every other command, the formats' schemas) is loaded (./entry.ts).
 */
import { ASSUMPTIONS, PRICE_ASSUMPTIONS } from '../shared/catalog/assumptions.ts';
import { isIsoDate, today } from '../shared/dates.ts';
import { ledgerOf, type Ledger } from '../shared/engine/ledger.ts';
import { advanceTo } from '../shared/engine/replay.ts';
import { stateClone } from '../shared/engine/state.ts';
import { creditsLabel } from '../shared/text.ts';
import { centsToUsd, creditsToNumber as c, type IsoDate } from '../shared/units.ts';
import { chargeText, FILE_WORDS, refusalText } from '../shared/wording.ts';
import { dataFolderTip, journalHolds, type JournalAdds } from './dataFolderTip.ts';
import { fastArgs } from './options.ts';
import { workspaceChosen, workspacesPlain } from './workspaceChoice.ts';
import type { Output } from './output.ts';
import { fmtCredits, fmtUsd, table } from './table.ts';

/** The ledger on `at` of the data folder `dir`, from its snapshot alone (no event read): when it has one that matches, and `at` is not before the last event. */
export function snapshotLedger(dir: string, at: IsoDate, journalAdds: JournalAdds): Ledger | null {
  const found = dataFolderTip(dir, journalAdds);
  if (found === null || found.lastDate === null || at < found.lastDate) return null;
  const s = stateClone(found.tip);
  advanceTo(s, at);
  return ledgerOf(s, at);
}

function planJson(ledger: Ledger) {
  const p = ledger.plan;
  if (!p) return { plan: 'free', label: 'Free', freeVideos: ledger.freeVideos };
  return {
    plan: p.choice.plan,
    label: p.label,
    credits: p.choice.credits,
    billing: p.choice.billing,
    startedOn: p.startedOn,
    cycleStart: p.cycleStart,
    nextCycleStart: p.nextCycleStart,
    nextChargeOn: p.nextChargeOn,
    price: { amount: centsToUsd(p.price.period), monthly: centsToUsd(p.price.monthly), estimated: p.price.estimated, basis: p.price.basis },
    pending: p.pending,
  };
}

/** `balance --json`: FORMATS.md's keys, numbers plain. */
export function balanceJson(ledger: Ledger) {
  return {
    at: ledger.at,
    plan: planJson(ledger),
    balance: c(ledger.balance),
    lots: ledger.lots.map((l) => ({ remaining: c(l.remaining), grantedOn: l.grantedOn, expiresOn: l.expiresOn, kind: l.kind, amount: c(l.amount) })),
    charges: ledger.charges.map((ch) => {
      const estimated = ch.assumptions.some((a) => PRICE_ASSUMPTIONS.has(a));
      const reason = chargeText(ch.reason, FILE_WORDS);
      return { date: ch.date, amount: centsToUsd(ch.amount), reason: estimated ? `${reason} (estimated price)` : reason, kind: ch.kind, estimated, assumptions: ch.assumptions };
    }),
    refused: ledger.refused.map((r) => ({ date: r.date, shortfall: c(r.shortfall), feature: r.feature, credits: c(r.credits), code: r.code, reason: refusalText(r.reason, FILE_WORDS), event: r.index })),
    expired: ledger.expirations.map((e) => ({ date: e.date, credits: c(e.credits) })),
    forfeited: ledger.forfeits.map((e) => ({ date: e.date, credits: c(e.credits) })),
    balanceChecks: ledger.balanceChecks.map((b) => ({ date: b.date, shown: c(b.actual), computed: c(b.computed), difference: c(b.difference) })),
    totals: { granted: c(ledger.totals.granted), used: c(ledger.totals.used), expired: c(ledger.totals.expired), forfeited: c(ledger.totals.forfeited) },
  };
}

/** What `balance` prints of the ledger on `at`, and the warnings of where it was read. */
export function balanceOutput(ledger: Ledger, at: IsoDate, json: boolean, warnings: string): Output {
  const out = balanceJson(ledger);
  if (json) return { code: 0, stdout: JSON.stringify(out, null, 2), stderr: warnings };
  const lines = [`${out.plan.label}: ${creditsLabel(out.balance)} on ${at}`];
  if (ledger.plan) lines.push(`Next cycle ${ledger.plan.nextCycleStart}${ledger.plan.pending ? `; ${ledger.plan.pending.label} from ${ledger.plan.pending.on}` : ''}`);
  if (out.lots.length) lines.push('', table(['credits', 'kind', 'granted', 'expires'], out.lots.map((l) => [fmtCredits(l.remaining), l.kind, l.grantedOn, l.expiresOn ?? 'never']), [0]));
  const spent = out.charges.reduce((n, ch) => n + Math.round(ch.amount * 100), 0) / 100;
  if (out.charges.length) {
    // An estimated price is marked in the amount and explained under the table.
    const assumed = [...new Set(out.charges.flatMap((ch) => ch.assumptions))];
    lines.push('', `Charges: ${out.charges.length}, ${fmtUsd(spent)} in all`, table(['date', 'amount', 'for'], out.charges.map((ch) => [ch.date, `${fmtUsd(ch.amount)}${ch.estimated ? ' (est.)' : ''}`, ch.reason]), [1]));
    for (const a of assumed) lines.push(`(est.) ${ASSUMPTIONS[a]}`);
  }
  if (out.refused.length) lines.push('', `Refused usages: ${out.refused.length}`, table(['date', 'feature', 'short', 'why'], out.refused.map((r) => [r.date, r.feature, fmtCredits(r.shortfall), r.reason]), [2]));
  return { code: 0, stdout: lines.join('\n'), stderr: warnings };
}

/**
 * `balance --data DIR [--workspace NAME] [--at DATE] [--json]`, answered from the chosen workspace's snapshot when it
 * matches and its journal is empty, as the whole command answers it; null for anything else (another command or
 * option, a value the whole command checks and words, a list of workspaces only its schema reads, a folder it must
 * read): the whole command then runs.
 */
export function balanceFromHead(argv: readonly string[]): Output | null {
  const values = fastArgs(argv, 'balance', ['data', 'workspace', 'at', 'json']);
  if (values === null) return null;
  if (values.at !== undefined && !isIsoDate(values.at)) return null;
  const list = workspacesPlain(values.data);
  const chosen = list === null ? null : workspaceChosen(list, values.data, values.workspace);
  if (chosen === null || !chosen.ok) return null;
  const at = values.at ?? today();
  const ledger = snapshotLedger(chosen.dir, at, journalHolds);
  return ledger === null ? null : balanceOutput(ledger, at, values.json === true, '');
}
