/**
 * `credit-companion`: balance, forecast, quote and compare from account and
 * project files. Exit status: 0 success, 1 a problem the user must act on,
 * 2 bad input (nothing is written, ever: the command only reads).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareCredits, compareHistory } from '../shared/engine/compare.ts';
import { forecastCompute } from '../shared/engine/forecast.ts';
import { ledgerCompute, type Ledger } from '../shared/engine/ledger.ts';
import { tierPricesFromFile } from '../shared/engine/pricing.ts';
import { quoteCompute } from '../shared/engine/quote.ts';
import { PLANS, PRO_LADDER } from '../shared/catalog/plans.ts';
import { today } from '../shared/dates.ts';
import type { AppError, Result } from '../shared/errors.ts';
import { accountParseText, type Account } from '../shared/formats/account.ts';
import { projectParseText } from '../shared/formats/project.ts';
import { optionsParse, type Options } from './args.ts';
import { dataFolderRead, journalAdds } from './dataFolder.ts';
import { balanceOutput, snapshotLedger } from './balance.ts';
import { ARGV_OPTIONS } from './options.ts';
import { overviewOutput } from './overviewRead.ts';
import { syncStatusOf, syncStatusText } from './syncStatus.ts';
import { workspaceFolder } from './workspaces.ts';
import type { Output } from './output.ts';
import { lastEventDate } from '../shared/engine/replay.ts';
import { usageCsv, type UsageCsvRow } from '../shared/formats/usageCsv.ts';
import { usageImport } from '../shared/usageImport.ts';
import { FILE_WORDS, refusalText } from '../shared/wording.ts';
import { creditsLabel, lengthLabel } from '../shared/text.ts';
import { centsFromUsd, centsToUsd, creditsDecimal, creditsOf, creditsToNumber, type IsoDate } from '../shared/units.ts';
import { reportCompute, type PaidFrom } from '../shared/engine/report.ts';
import { reportCsv } from '../shared/formats/reportCsv.ts';
import { compareHistoryJson, compareJson, forecastJson, quoteJson, reportJson } from './json.ts';
import { fmtCredits, fmtUnitPrice, fmtUsd, table } from './table.ts';

const USAGE = `credit-companion: HeyGen credits, exactly and offline

Usage:
  credit-companion balance ACCOUNT [--at DATE]
  credit-companion forecast ACCOUNT [--at DATE] [--months N]
  credit-companion quote PROJECT [--plan PLAN [--credits N]] [--account ACCOUNT] [--retries F]
  credit-companion compare --credits N [--billing monthly|annual]
  credit-companion compare --account ACCOUNT [--at DATE] [--months N] [--billing monthly|annual]
  credit-companion import-usage ACCOUNT FILE [--map FIELD=COLUMN,…] [--date-format F]
  credit-companion export-usage ACCOUNT [--from DATE] [--to DATE] [--csv|--json]
  credit-companion report ACCOUNT [--by project|feature|month|member] [--at DATE] [--months N] [--budget USD] [--csv|--json]
  credit-companion overview --data DIR [--at DATE]
  credit-companion sync-server init URL
  credit-companion sync-server grant|revoke URL WORKSPACE ROLE [--admin]
  credit-companion sync-status --data DIR [--workspace NAME]

Every command takes --json for machine-readable output. DATE is YYYY-MM-DD (default: today).
Wherever an account file goes, --data DIR reads the app's data folder instead (read-only,
safe while the app is open), and --workspace NAME one of its workspaces (its name in any
case, or its id; default: the first one not archived).
sync-server sets up a team's PostgreSQL server and names its members (sync-server --help).
sync-status says whether a workspace is linked to one, how many changes wait to be pushed, how
many conflicts to settle, and when it last synced.
overview lists the folder's workspaces, archived ones left out, needing attention first: plan,
balance, next expiry, run-out date, this month's charges. A workspace that cannot be read is
said on stderr and the others are listed (exit 0); none that reads is exit 2.
Exit status: 0 success; 1 a problem to act on (a quote with findings or that does not fit,
a forecast that runs out before renewal); 2 bad input (the message names the file, field and rule).`;

class InputError extends Error {}

/** Every issue on its own line, each naming the file, the field and the rule. */
function badInput(where: string, error: AppError): never {
  const issues = error.issues && error.issues.length > 0 ? error.issues : null;
  if (!issues) throw new InputError(`${where}: ${error.message}`);
  const shown = issues.slice(0, 20).map((i) => `${where}: ${i.path ? `${i.path}: ` : ''}${i.message}`);
  if (issues.length > 20) shown.push(`${where}: … and ${issues.length - 20} more problems`);
  throw new InputError(shown.join('\n'));
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (code ?? 'error')})`);
  }
}

function unwrap<T>(where: string, result: Result<T>): T {
  if (!result.ok) badInput(where, result.error);
  return result.value;
}

function loadAccount(file: string): Account {
  return unwrap(file, accountParseText(readText(file)));
}

interface Source {
  /** What error messages name: the file, or the data folder's store file. */
  readonly where: string;
  readonly account: Account;
  /** Said on stderr: a change in the data folder's journal that could not be applied. */
  readonly warnings: string;
}

/** The folder of the workspace `--data DIR [--workspace NAME]` selects. */
function workspaceOf(data: string, workspace: string | undefined): string {
  const chosen = workspaceFolder(data, workspace);
  if (!chosen.ok) throw new InputError(chosen.error);
  return chosen.dir;
}

/** The account in a data folder's workspace `dir`. */
function dataFolder(dir: string): Source {
  const read = dataFolderRead(dir);
  if (!read.ok) throw new InputError(read.error);
  return { where: join(dir, 'account.json'), account: read.account, warnings: read.warnings.join('\n') };
}

/** The account a command reads: the file named on the command line, or the app's data folder (`--data DIR`). */
function accountOf(positionals: string[], opts: Options): Source {
  if (opts.data === undefined) {
    const file = needFile(positionals, 'account');
    return { where: file, account: loadAccount(file), warnings: '' };
  }
  if (positionals.length > 1) throw new InputError(`${positionals[0]}: an account file or --data DIR, not both`);
  return dataFolder(workspaceOf(opts.data, opts.workspace));
}

/** The account an option names, if any: `--account FILE` or `--data DIR`. */
function accountOption(opts: Options): Source | undefined {
  if (opts.account !== undefined && opts.data !== undefined) throw new InputError('--account and --data: one or the other');
  if (opts.account !== undefined) return { where: opts.account, account: loadAccount(opts.account), warnings: '' };
  return opts.data === undefined ? undefined : dataFolder(workspaceOf(opts.data, opts.workspace));
}

function needFile(positionals: string[], what: string): string {
  const file = positionals[1];
  if (!file) throw new InputError(`${positionals[0]}: missing ${what} file\n\n${USAGE}`);
  if (positionals.length > 2) throw new InputError(`${positionals[0]}: unexpected argument ${JSON.stringify(positionals[2])}`);
  return file;
}

function allow(command: string, opts: Options, allowed: readonly (keyof Options)[]): void {
  for (const key of Object.keys(opts) as (keyof Options)[]) {
    if (key === 'json' || key === 'help' || opts[key] === undefined) continue;
    if (!allowed.includes(key)) throw new InputError(`--${key}: not an option of ${command}`);
  }
}

/** The ledger `balance` shows, and what the source warns of: from the data folder's snapshot alone when it answers. */
function balanceLedger(positionals: string[], opts: Options, at: IsoDate): { ledger: Ledger; warnings: string } {
  const dir = opts.data === undefined || positionals.length > 1 ? null : workspaceOf(opts.data, opts.workspace);
  const fast = dir === null ? null : snapshotLedger(dir, at, journalAdds);
  if (fast !== null) return { ledger: fast, warnings: '' };
  const source = dir === null ? accountOf(positionals, opts) : dataFolder(dir);
  return { ledger: unwrap(source.where, ledgerCompute(source.account, at)), warnings: source.warnings };
}

function balance(positionals: string[], opts: Options): Output {
  allow('balance', opts, ['at', 'data', 'workspace']);
  const at = opts.at ?? today();
  const { ledger, warnings } = balanceLedger(positionals, opts, at);
  return balanceOutput(ledger, at, opts.json === true, warnings);
}

/** The burn's range: "P10 372, P50 502, P90 609", or once where its ends are the same: "P10–P90 1,179". */
function burnRange(range: { readonly p10: number; readonly p50: number; readonly p90: number }): string {
  const [p10, p50, p90] = [range.p10, range.p50, range.p90].map(fmtCredits);
  return p10 === p90 ? `P10–P90 ${p10}` : `P10 ${p10}, P50 ${p50}, P90 ${p90}`;
}

function forecast(positionals: string[], opts: Options): Output {
  allow('forecast', opts, ['at', 'months', 'data', 'workspace']);
  const source = accountOf(positionals, opts);
  const at = opts.at ?? today();
  const f = unwrap(source.where, forecastCompute(source.account, at, opts.months ?? 3));
  const json = forecastJson(f);
  const code = f.runsOutBeforeRenewal ? 1 : 0;
  if (opts.json) return { code, stdout: JSON.stringify(json, null, 2), stderr: source.warnings };
  const out = [
    `Balance on ${at}: ${creditsLabel(json.balance)}`,
    `Burn: ${creditsLabel(json.burnPerMonth)} a month (${burnRange(json.burnRange)})`,
    json.runOutOn ? `Runs out on ${json.runOutOn} at this burn${json.runsOutBeforeRenewal ? `, before the renewal on ${json.renewalOn}` : ''}` : 'Does not run out at this burn',
  ];
  if (json.endsOn) out.push(`The plan ends on ${json.endsOn} (cancelled)`);
  out.push('', json.expiring.length ? `Credits lost if usage stopped now (next ${json.months} months):` : `No credits expire in the next ${json.months} months if usage stopped now.`);
  if (json.expiring.length) out.push(table(['date', 'credits', ''], json.expiring.map((e) => [e.date, fmtCredits(e.credits), e.forfeited ? `${e.expired ? `${fmtCredits(e.expired)} expire, ` : ''}${fmtCredits(e.forfeited)} forfeited (cancel)` : 'expire']), [1]));
  return { code, stdout: out.join('\n'), stderr: source.warnings };
}

function quote(positionals: string[], opts: Options): Output {
  allow('quote', opts, ['plan', 'credits', 'account', 'data', 'workspace', 'retries']);
  const file = needFile(positionals, 'project');
  const project = unwrap(file, projectParseText(readText(file)));
  if (opts.credits !== undefined && opts.plan !== 'pro' && opts.plan !== 'enterprise') throw new InputError('--credits: goes with --plan pro or --plan enterprise (the tier’s monthly credits)');
  let plan;
  let tierNote = '';
  if (opts.plan) {
    if (opts.plan === 'enterprise' && opts.credits === undefined) throw new InputError('--credits: required with --plan enterprise (the monthly credits of your contract)');
    if (opts.plan === 'pro' && (opts.credits! < PRO_LADDER.minCredits || opts.credits! > PRO_LADDER.maxCredits)) throw new InputError(`--credits: a Pro tier has ${PRO_LADDER.minCredits} to ${PRO_LADDER.maxCredits} credits a month`);
    // Pro alone is quoted on its entry tier: the plan's limits do not depend on the tier (DOMAIN.md).
    const entry = opts.plan === 'pro' && opts.credits === undefined;
    plan = { plan: opts.plan, credits: entry ? PRO_LADDER.minCredits : (opts.credits ?? PLANS[opts.plan].monthlyCredits ?? 0), billing: 'monthly' as const };
    if (entry) tierNote = `--plan pro without --credits: quoted on the entry tier, Pro ${PRO_LADDER.minCredits.toLocaleString('en-US')}`;
  }
  const source = accountOption(opts);
  const q = unwrap(source?.where ?? file, quoteCompute(project, { plan, account: source?.account, retryFactor: opts.retries }));
  const json = quoteJson(project, q);
  const code = json.findings.length > 0 || json.fits === false ? 1 : 0;
  const warnings = [tierNote, source?.warnings ?? ''].filter(Boolean).join('\n');
  if (opts.json) return { code, stdout: JSON.stringify(json, null, 2), stderr: warnings };
  const out = [
    `${project.name} (${project.date}): ${creditsLabel(json.credits)}${json.creditsHigh !== undefined ? ` to ${fmtCredits(json.creditsHigh)} with retries` : ''}${json.cost ? `, about ${fmtUsd(json.cost.amount)} on ${json.plan}${json.cost.estimated ? ' (estimated price)' : ''}` : ''}`,
    '',
    table(['feature', 'videos', 'each', 'credits'], q.lines.map((l, i) => [l.name, String(l.videos), l.seconds !== undefined ? lengthLabel(l.seconds) : `${l.count} ×`, fmtCredits(json.lines[i]!.credits)]), [1, 2, 3]),
  ];
  if (json.fits !== undefined) out.push('', json.fits ? `Fits: the balance on ${project.date} is ${creditsLabel(json.balance!)}.` : `Does not fit: ${creditsLabel(json.shortfall!)} short on ${project.date}.`);
  if (json.findings.length) out.push('', 'Findings:', ...json.findings.map((f) => `- ${f.message}`));
  return { code, stdout: out.join('\n'), stderr: warnings };
}

function compare(positionals: string[], opts: Options): Output {
  if (positionals.length > 1) throw new InputError(`compare: unexpected argument ${JSON.stringify(positionals[1])}`);
  const billingChoice = opts.billing ?? 'monthly';
  const source = accountOption(opts);
  if (source) {
    allow(`compare --${opts.data !== undefined ? 'data' : 'account'}`, opts, ['account', 'data', 'workspace', 'at', 'months', 'billing']);
    const h = unwrap(source.where, compareHistory(source.account, opts.at ?? today(), opts.months ?? 3, billingChoice));
    const json = compareHistoryJson(h);
    if (opts.json) return { code: 0, stdout: JSON.stringify(json, null, 2), stderr: source.warnings };
    if (h.months === 0) return { code: 0, stdout: `Less than a month of history (since ${h.since}): too little to say which plan is cheapest. Ready on ${h.readyOn}.`, stderr: source.warnings };
    const window = h.months < h.asked ? ` (the ${h.months} full ${h.months === 1 ? 'month' : 'months'} since ${h.since})` : '';
    const against = (saves: number | null, current: boolean) => (current ? 'current plan' : saves === null ? '-' : saves >= 0 ? `saves ${fmtUsd(saves)}` : `costs ${fmtUsd(-saves)} more`);
    const best = json.bestSaving ? ['', `${json.bestSaving.label} would have saved ${fmtUsd(json.bestSaving.saves)}.`] : [];
    return {
      code: 0,
      stdout: [
        `Your usage from ${h.from} to ${h.to}${window}, replayed on each plan (${billingChoice}):`,
        '',
        table(['plan', 'cost', 'against yours', 'refused', 'price'], json.options.map((o) => [o.label, fmtUsd(o.total), against(o.saves, o.current), o.refused ? `${o.refused} (${fmtCredits(o.shortfall)} short)${o.nearMiss ? ', near miss' : ''}` : '-', `${fmtUsd(o.monthly)}/mo${o.estimated ? ' est.' : ''}`]), [1, 2]),
        ...best,
      ].join('\n'),
      stderr: source.warnings,
    };
  }
  allow('compare', opts, ['credits', 'billing']);
  if (opts.credits === undefined) throw new InputError(`compare: --credits N (credits a month), --account ACCOUNT or --data DIR is required\n\n${USAGE}`);
  const json = compareJson(compareCredits(opts.credits, billingChoice, tierPricesFromFile([])));
  if (opts.json) return { code: 0, stdout: JSON.stringify(json, null, 2), stderr: '' };
  return {
    code: 0,
    stdout: [`Plans for ${fmtCredits(opts.credits)} credits a month, ${billingChoice}, cheapest first:`, '', table(['plan', 'per month', '', 'how'], json.options.map((o) => [o.label, fmtUsd(o.monthly), o.estimated ? 'estimated' : 'known', o.basis]), [1])].join('\n'),
    stderr: '',
  };
}

/** Usage rows from a spreadsheet, added to an account: the account file printed, never written. */
function importUsage(positionals: string[], opts: Options): Output {
  allow('import-usage', opts, ['data', 'workspace', 'map', 'date-format']);
  const wanted = opts.data === undefined ? 3 : 2;
  if (positionals.length < wanted) throw new InputError(`import-usage: missing ${wanted === 3 && positionals.length < 2 ? 'the account file and ' : ''}the usage file (CSV or TSV)\n\n${USAGE}`);
  if (positionals.length > wanted) throw new InputError(`import-usage: unexpected argument ${JSON.stringify(positionals[wanted])}`);
  const source = opts.data === undefined ? { where: positionals[1]!, account: loadAccount(positionals[1]!), warnings: '' } : dataFolder(workspaceOf(opts.data, opts.workspace));
  const file = positionals[wanted - 1]!;
  const r = usageImport(readText(file), source.account, { map: opts.map, dateFormat: opts['date-format'] });
  if (r.problems.length > 0) {
    const lines = r.problems.slice(0, 50).map((p) => `${file}: row ${p.row}${p.column ? `, column "${p.column}"` : ''}: ${p.message}`);
    if (r.problems.length > 50) lines.push(`${file}: … and ${r.problems.length - 50} more problems`);
    throw new InputError(lines.join('\n'));
  }
  const account = { ...source.account, events: [...source.account.events, ...r.events] };
  const undated = r.undatedRows.length;
  const summary = `${file}: ${r.events.length} ${r.events.length === 1 ? 'usage' : 'usages'} added, ${r.skipped} already in the account skipped${undated ? `, ${undated} ${undated === 1 ? 'row' : 'rows'} with no date (a totals line?) skipped` : ''}`;
  return {
    code: 0,
    stdout: JSON.stringify(opts.json ? { account, added: r.events.length, skipped: r.skipped, undated } : account, null, 2),
    stderr: [source.warnings, opts.json ? '' : summary].filter(Boolean).join('\n'),
  };
}

/** The usages with their credits, as CSV (the app's layout) or JSON. */
function exportUsage(positionals: string[], opts: Options): Output {
  allow('export-usage', opts, ['data', 'workspace', 'from', 'to', 'csv']);
  if (opts.csv && opts.json) throw new InputError('export-usage: --csv or --json, not both');
  if (opts.from && opts.to && opts.from > opts.to) throw new InputError(`--from: ${opts.from} is after --to ${opts.to}`);
  const source = accountOf(positionals, opts);
  const last = lastEventDate(source.account);
  const ledger = last === null ? null : unwrap(source.where, ledgerCompute(source.account, last > today() ? last : today()));
  const refused = new Map((ledger?.refused ?? []).map((r) => [r.index, refusalText(r.reason, FILE_WORDS)]));
  const rows: UsageCsvRow[] = [];
  source.account.events.forEach((e, i) => {
    if (e.type !== 'usage' || (opts.from && e.date < opts.from) || (opts.to && e.date > opts.to)) return;
    rows.push({ date: e.date, feature: e.feature, minutes: e.minutes, seconds: e.seconds, count: e.count, videos: e.videos ?? 1, project: e.project, by: e.by, credits: creditsOf(ledger?.usageCosts[i] ?? 0), refused: refused.get(i) ?? null });
  });
  if (!opts.json) return { code: 0, stdout: usageCsv(rows).trimEnd(), stderr: source.warnings };
  return { code: 0, stdout: JSON.stringify({ usages: rows.map((r) => ({ ...r, credits: Number(creditsDecimal(r.credits)) })) }, null, 2), stderr: source.warnings };
}

const PAID_FROM_WORDS: Record<PaidFrom, string> = { allocation: 'plan', upgrade: 'upgrade', addon: 'add-on', 'auto-reload': 'auto-reload', adjustment: 'balance check ($0)', 'free-videos': 'free videos ($0)', legacy: 'unlimited plan ($0)' };

/** The account in money: credits and dollars per project, feature, month or member at what they cost, credits lost unused, the lots, the months ahead. */
function report(positionals: string[], opts: Options): Output {
  allow('report', opts, ['data', 'workspace', 'by', 'at', 'months', 'budget', 'csv']);
  if (opts.csv && opts.json) throw new InputError('report: --csv or --json, not both');
  const source = accountOf(positionals, opts);
  const r = unwrap(source.where, reportCompute(source.account, opts.at ?? today(), opts.by ?? 'project', opts.months ?? 3, opts.budget === undefined ? null : centsFromUsd(opts.budget)));
  const code = r.budget && r.budget.over.length > 0 ? 1 : 0;
  if (opts.csv) return { code: 0, stdout: reportCsv(r), stderr: source.warnings };
  const json = reportJson(r);
  if (opts.json) return { code, stdout: JSON.stringify(json, null, 2), stderr: source.warnings };
  const est = (v: { estimated: boolean }) => (v.estimated ? ' (estimated)' : '');
  const worth = (usd: number, estimated: boolean) => `${fmtUsd(usd)}${estimated ? ' (estimated)' : ''}`;
  const out = [
    'Credits are valued at what they cost, lot by lot: a plan\'s at its base price for its credits (seats and avatar slots not included), add-on and auto-reload credits at $0.05, balance-check credits and free videos at $0.',
    json.price ? `Credits of ${json.price.plan} cost ${fmtUnitPrice(json.price.usdPerCredit)} each now${est(json.price)}.` : 'On Free now: no credits are bought.',
    '',
    json.rows.length
      ? table(
          r.by === 'month' ? ['month', 'credits', 'worth', 'paid from'] : ['month', r.by, 'credits', 'worth', 'paid from'],
          r.rows.map((row) => [
            row.month,
            ...(r.by === 'month' ? [] : [row.key || (r.by === 'member' ? '(no member)' : '(none)')]),
            row.freeVideos > 0 ? `${row.credits > 0 ? `${fmtCredits(creditsToNumber(row.credits))} + ` : ''}${row.freeVideos} free ${row.freeVideos === 1 ? 'video' : 'videos'}` : fmtCredits(creditsToNumber(row.credits)),
            worth(centsToUsd(row.cost), row.estimated),
            row.paidFrom.map((p) => PAID_FROM_WORDS[p]).join(', '),
          ]),
          r.by === 'month' ? [1, 2] : [2, 3],
        )
      : 'No usage up to this date.',
    '',
    `In all: ${creditsLabel(json.total.credits)}, worth ${worth(json.total.usd, json.total.estimated)}.`,
    `Expired or forfeited unused: ${creditsLabel(json.lost.credits)}, worth ${worth(json.lost.usd, json.lost.estimated)}.`,
  ];
  if (json.unlogged.credits > 0) out.push(`Missing at balance checks (usage not logged): ${creditsLabel(json.unlogged.credits)}, worth ${worth(json.unlogged.usd, json.unlogged.estimated)}.`);
  if (json.lots.length) {
    out.push(
      '',
      table(
        ['granted', 'lot', 'credits', 'cost per credit', 'used', 'lost', 'held'],
        json.lots.map((l) => [l.grantedOn, l.plan ? `${PAID_FROM_WORDS[l.source]}: ${l.plan}` : PAID_FROM_WORDS[l.source], fmtCredits(l.credits), `${fmtUnitPrice(l.price.usdPerCredit)}${est(l.price)}`, `${fmtCredits(l.used.credits)} (${fmtUsd(l.used.usd)})`, `${fmtCredits(l.lost.credits)} (${fmtUsd(l.lost.usd)})`, fmtCredits(l.held)]),
        [2, 3, 4, 5, 6],
      ),
    );
  }
  out.push('', `Charges already scheduled after ${r.at}: ${json.ahead.map((a) => `${a.month} ${fmtUsd(a.usd)}`).join(', ')}.`);
  if (json.ahead.some((a) => a.reloadsUsd > 0)) out.push(`Auto-reloads to expect at the current pace: ${json.ahead.map((a) => `${a.month} ${fmtUsd(a.reloadsUsd)}`).join(', ')}.`);
  if (r.budget) out.push(r.budget.over.length ? `Over the ${fmtUsd(centsToUsd(r.budget.cents))} monthly budget in ${r.budget.over.join(', ')}.` : `Within the ${fmtUsd(centsToUsd(r.budget.cents))} monthly budget.`);
  return { code, stdout: out.join('\n'), stderr: source.warnings };
}

/** Every workspace of the data folder not archived, needing attention first. */
function overview(positionals: string[], opts: Options): Output {
  allow('overview', opts, ['data', 'at']);
  if (positionals.length > 1) throw new InputError(`overview: unexpected argument ${JSON.stringify(positionals[1])}`);
  if (opts.data === undefined) throw new InputError(`overview: --data DIR is required (the app's data folder)\n\n${USAGE}`);
  return overviewOutput(opts.data, opts.at ?? today(), opts.json === true);
}

/** How a workspace's team sync stands (read-only): linked or not, the changes waiting, the conflicts, the last sync. */
function syncStatus(positionals: string[], opts: Options): Output {
  allow('sync-status', opts, ['data', 'workspace']);
  if (positionals.length > 1) throw new InputError(`sync-status: unexpected argument ${JSON.stringify(positionals[1])}`);
  if (opts.data === undefined) throw new InputError(`sync-status: --data DIR is required (the app's data folder)\n\n${USAGE}`);
  const dir = workspaceOf(opts.data, opts.workspace);
  const status = syncStatusOf(dir, () => dataFolderRead(dir));
  if (typeof status === 'string') return { code: 1, stdout: '', stderr: status };
  return { code: 0, stdout: opts.json ? JSON.stringify(status, null, 2) : syncStatusText(status), stderr: '' };
}

const COMMANDS: Record<string, (positionals: string[], opts: Options) => Output> = { balance, forecast, quote, compare, 'import-usage': importUsage, 'export-usage': exportUsage, report, overview, 'sync-status': syncStatus };

/** Run the command line; pure apart from reading the files it names. */
export function run(argv: readonly string[]): Output {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: ARGV_OPTIONS });
  } catch (e) {
    // Node's parser reads `--credits -5` as an option without its value; say what was wrong with the value instead.
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec((e as Error).message);
    if (ambiguous) {
      const value = argv[argv.indexOf(ambiguous[1]!) + 1] ?? '';
      return { code: 2, stdout: '', stderr: `${ambiguous[1]}: "${value}" is not a value it takes (no option takes a negative number)` };
    }
    return { code: 2, stdout: '', stderr: `${(e as Error).message.split('\n')[0]}\n\n${USAGE}` };
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || !command) return { code: command || parsed.values.help ? 0 : 2, stdout: parsed.values.help ? USAGE : '', stderr: parsed.values.help ? '' : USAGE };
  const opts = optionsParse(parsed.values);
  if (!opts.ok) return { code: 2, stdout: '', stderr: opts.error.message };
  try {
    const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!handler) return { code: 2, stdout: '', stderr: `unknown command ${JSON.stringify(command)}\n\n${USAGE}` };
    if (opts.value.workspace !== undefined && opts.value.data === undefined) throw new InputError('--workspace: goes with --data DIR (a workspace is one of the accounts of the app’s data folder)');
    return handler(parsed.positionals, opts.value);
  } catch (e) {
    if (e instanceof InputError) return { code: 2, stdout: '', stderr: e.message };
    throw e;
  }
}
