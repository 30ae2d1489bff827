/**
 * `npm run bench`: how fast the engine and the command line are on realistic
 * accounts of 10k, 100k and 1M usage events, against the project's targets.
 *
 *   1. balance vs. read + JSON.parse (ratio ≤ 1.5 at 1M events, median of 5; linear growth)
 *   2. peak memory of a fresh `balance` process on 1M events (< 1 GB)
 *   3. quote of a 50-line project (< 1 ms)
 *   4. compare across the ladder (< 5 ms)
 *   5. the service (issue #8): an entry, an edit a year back, the first
 *      screen and a page of the usage log at 1k, 100k and 1M events, and
 *      opening a 1M-event folder to the first screen
 *
 * Prints tables and writes bench/out/results.json. Always exits 0: it is a report.
 * Options: --quick (skip the 1M account), --runs-scale F (multiply run counts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { run } from '../cli/main.ts';
import { balanceJson } from '../cli/balance.ts';
import { compareCredits, compareHistory } from '../shared/engine/compare.ts';
import { ledgerCompute } from '../shared/engine/ledger.ts';
import { tierPricesFromFile } from '../shared/engine/pricing.ts';
import { quoteCompute } from '../shared/engine/quote.ts';
import { accountParse, accountParseText, type Account } from '../shared/formats/account.ts';
import { jsonRead } from '../shared/formats/json.ts';
import { projectParse, type Project } from '../shared/formats/project.ts';
import { creditsToNumber, type IsoDate } from '../shared/units.ts';
import { AT_AFTER_LAST, generateAccount, generateProject, type GeneratedAccount, type Variant } from './generate.ts';
import { fmtBytes, fmtMs, gc, stats, textTable, timeOnce, timeWarm, type Stats } from './measure.ts';
import { serviceFigures, type ServiceFigures } from './service.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const SEED = 20_261_101;
const AT = AT_AFTER_LAST as IsoDate;

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const scaleAt = argv.indexOf('--runs-scale');
const RUNS_SCALE = scaleAt >= 0 ? Math.max(0.2, Number(argv[scaleAt + 1]) || 1) : 1;
const runsOf = (n: number) => Math.max(1, Math.round(n * RUNS_SCALE));

interface SizeSpec {
  readonly label: string;
  readonly variant: Variant;
  readonly usages: number;
  readonly runs: number;
  readonly warmup: number;
}

const SIZES: readonly SizeSpec[] = [
  { label: '10k pro', variant: 'pro', usages: 10_000, runs: runsOf(15), warmup: 2 },
  { label: '100k pro', variant: 'pro', usages: 100_000, runs: runsOf(7), warmup: 1 },
  { label: '100k business', variant: 'business', usages: 100_000, runs: runsOf(5), warmup: 1 },
  ...(QUICK ? [] : [{ label: '1M pro', variant: 'pro' as const, usages: 1_000_000, runs: runsOf(5), warmup: 0 }]),
];

interface Target {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly pass: boolean | null;
  readonly raw?: number;
}
const targets: Target[] = [];
const errors: string[] = [];
const results: Record<string, unknown> = {};

function section<T>(name: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    const message = `${name}: ${(e as Error).stack ?? String(e)}`;
    errors.push(message);
    console.error(`\n!! ${message}\n`);
    return undefined;
  }
}

function heading(text: string): void {
  console.log(`\n== ${text} ${'='.repeat(Math.max(0, 76 - text.length))}`);
}

const elapsed = (() => {
  const t0 = performance.now();
  return () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
})();

// ---------------------------------------------------------------------------
// 1. Generate the accounts

mkdirSync(OUT, { recursive: true });
heading('Accounts (generated, deterministic)');
const generated = new Map<string, GeneratedAccount & { ms: number; sha256: string }>();
for (const spec of SIZES) {
  const file = join(OUT, `account-${spec.variant}-${spec.usages}.json`);
  const { ms, value } = timeOnce(() => generateAccount(file, spec.variant, spec.usages, SEED + spec.usages + (spec.variant === 'business' ? 1 : 0)));
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  generated.set(spec.label, { ...value, ms, sha256 });
}
console.log(
  textTable(
    ['account', 'usages', 'events', 'size', 'dates', 'generated in', 'sha256', 'file'],
    SIZES.map((s) => {
      const g = generated.get(s.label)!;
      return [s.label, g.usages.toLocaleString('en-US'), g.events.toLocaleString('en-US'), fmtBytes(g.bytes), `${g.firstDate}…${g.lastDate}`, fmtMs(g.ms), g.sha256.slice(0, 12), relative(ROOT, g.file)];
    }),
    [1, 2, 3, 5],
  ),
);
results.accounts = [...generated.entries()].map(([label, g]) => ({ label, ...g, file: relative(ROOT, g.file) }));

// ---------------------------------------------------------------------------
// 2. read + parse (a) vs. balance (b), per size

interface Breakdown {
  read: number;
  parse: number;
  validate: number;
  replay: number;
  output: number;
}

/** The CLI's `balance --json --at` as its steps (cli/main.ts: readText, accountParseText (jsonRead, accountParse), ledgerCompute, balanceJson, JSON.stringify). */
function balanceSteps(file: string): { total: number; steps: Breakdown; stdout: string } {
  const t0 = performance.now();
  const text = readFileSync(file, 'utf8');
  const t1 = performance.now();
  const json = jsonRead(text);
  if (!json.ok) throw new Error(json.error.message);
  const t2 = performance.now();
  const account = accountParse(json.value);
  if (!account.ok) throw new Error(`${file}: ${account.error.message}`);
  const t3 = performance.now();
  const ledger = ledgerCompute(account.value, AT);
  if (!ledger.ok) throw new Error(`${file}: ${ledger.error.message}`);
  const t4 = performance.now();
  const stdout = JSON.stringify(balanceJson(ledger.value), null, 2);
  const t5 = performance.now();
  return { total: t5 - t0, steps: { read: t1 - t0, parse: t2 - t1, validate: t3 - t2, replay: t4 - t3, output: t5 - t4 }, stdout };
}

function readParse(file: string): number {
  const t0 = performance.now();
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const ms = performance.now() - t0;
  if (value === null) throw new Error('empty');
  return ms;
}

interface SizeResult {
  label: string;
  usages: number;
  events: number;
  bytes: number;
  readParse: Stats;
  balance: Stats;
  ratio: number;
  usPerEvent: number;
  usPerEventReadParse: number;
  steps: Breakdown;
  cliRun: { ms: number; code: number; sameOutput: boolean; stdoutBytes: number };
  summary: { balance: number; lots: number; charges: number; refused: number; balanceChecks: number };
}
const sizeResults: SizeResult[] = [];

heading('balance vs. read + JSON.parse (in-process, median)');
for (const spec of SIZES) {
  section(`balance ${spec.label}`, () => {
    const g = generated.get(spec.label)!;
    for (let i = 0; i < spec.warmup; i++) {
      readParse(g.file);
      balanceSteps(g.file);
    }
    const a: number[] = [];
    const b: number[] = [];
    const steps: Breakdown[] = [];
    let stdout = '';
    for (let i = 0; i < spec.runs; i++) {
      gc();
      a.push(readParse(g.file));
      gc();
      const r = balanceSteps(g.file);
      b.push(r.total);
      steps.push(r.steps);
      stdout = r.stdout;
    }
    // The real entry point once, as a check that the steps above are what the CLI does.
    gc();
    const cli = timeOnce(() => run(['balance', g.file, '--json', '--at', AT]));
    const sa = stats(a);
    const sb = stats(b);
    const mid = (k: keyof Breakdown) => stats(steps.map((s) => s[k]), false).median;
    const parsed = JSON.parse(stdout) as { balance: number; lots: unknown[]; charges: unknown[]; refused: unknown[]; balanceChecks: unknown[] };
    const res: SizeResult = {
      label: spec.label,
      usages: g.usages,
      events: g.events,
      bytes: g.bytes,
      readParse: sa,
      balance: sb,
      ratio: sb.median / sa.median,
      usPerEvent: (sb.median * 1000) / g.events,
      usPerEventReadParse: (sa.median * 1000) / g.events,
      steps: { read: mid('read'), parse: mid('parse'), validate: mid('validate'), replay: mid('replay'), output: mid('output') },
      cliRun: { ms: cli.ms, code: cli.value.code, sameOutput: cli.value.stdout === stdout, stdoutBytes: Buffer.byteLength(cli.value.stdout) },
      summary: { balance: parsed.balance, lots: parsed.lots.length, charges: parsed.charges.length, refused: parsed.refused.length, balanceChecks: parsed.balanceChecks.length },
    };
    sizeResults.push(res);
    console.log(`  ${spec.label}: ${spec.runs} runs, balance median ${fmtMs(sb.median)} (${elapsed()} elapsed)`);
  });
}

console.log();
console.log(
  textTable(
    ['account', 'events', 'runs', '(a) read+parse', '(b) balance', 'b/a', 'µs/event (b)', 'µs/event (a)', 'run() once', 'same output'],
    sizeResults.map((r) => [
      r.label,
      r.events.toLocaleString('en-US'),
      String(r.balance.runs),
      fmtMs(r.readParse.median),
      fmtMs(r.balance.median),
      r.ratio.toFixed(2),
      r.usPerEvent.toFixed(2),
      r.usPerEventReadParse.toFixed(2),
      `${fmtMs(r.cliRun.ms)} (exit ${r.cliRun.code})`,
      r.cliRun.sameOutput ? 'yes' : 'NO',
    ]),
    [1, 2, 3, 4, 5, 6, 7, 8],
  ),
);
console.log('\nWhere (b) goes (medians; share of the total):');
console.log(
  textTable(
    ['account', 'read', 'JSON.parse', 'validate (zod)', 'replay (ledger)', 'output (JSON)', 'result'],
    sizeResults.map((r) => {
      const total = r.steps.read + r.steps.parse + r.steps.validate + r.steps.replay + r.steps.output;
      const cell = (ms: number) => `${fmtMs(ms)} ${((100 * ms) / total).toFixed(0).padStart(2)}%`;
      return [r.label, cell(r.steps.read), cell(r.steps.parse), cell(r.steps.validate), cell(r.steps.replay), cell(r.steps.output), `${r.summary.charges} charges, ${r.summary.refused} refused, ${fmtBytes(r.cliRun.stdoutBytes)} out`];
    }),
    [1, 2, 3, 4, 5],
  ),
);
results.balance = sizeResults;

const r1m = sizeResults.find((r) => r.label === '1M pro');
const r100k = sizeResults.find((r) => r.label === '100k pro');
const r10k = sizeResults.find((r) => r.label === '10k pro');
const headline = r1m ?? r100k;
if (headline) {
  targets.push({ name: `balance / (read + JSON.parse), ${headline.label}, median of ${headline.balance.runs}`, value: `${headline.ratio.toFixed(2)}× (${fmtMs(headline.balance.median)} / ${fmtMs(headline.readParse.median)})`, target: '≤ 1.5×', pass: headline.ratio <= 1.5, raw: headline.ratio });
}
if (r1m && r100k) {
  const growth = r1m.usPerEvent / r100k.usPerEvent;
  targets.push({
    name: 'linear growth: µs/event 1M ÷ µs/event 100k',
    value: `${growth.toFixed(2)} (10k ${r10k?.usPerEvent.toFixed(2) ?? '-'}, 100k ${r100k.usPerEvent.toFixed(2)}, 1M ${r1m.usPerEvent.toFixed(2)} µs/event)`,
    target: '≤ 1.5',
    pass: growth <= 1.5,
    raw: growth,
  });
}
for (const r of sizeResults) {
  if (r.cliRun.code !== 0 || !r.cliRun.sameOutput) targets.push({ name: `balance ${r.label}: CLI exit 0, same output as the steps`, value: `exit ${r.cliRun.code}, same ${r.cliRun.sameOutput}`, target: 'exit 0, same', pass: false });
}

// ---------------------------------------------------------------------------
// 3. Peak memory of a fresh `balance` process on the largest account

heading('Peak memory: a fresh `balance` process');
section('memory', () => {
  const spec = SIZES.at(-1)!;
  const g = generated.get(spec.label)!;
  // The CLI as `npm run build:cli` bundles it, but into bench/out/ (the bench writes nothing else).
  const bundle = join(OUT, 'cli.mjs');
  let command: string[];
  let how: string;
  try {
    buildSync({ entryPoints: [join(ROOT, 'cli', 'entry.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'warning' });
    command = [process.execPath, bundle];
    how = 'node bench/out/cli.mjs (cli/entry.ts bundled with the options of build:cli)';
  } catch (e) {
    console.log(`  (esbuild failed, running from source with tsx: ${(e as Error).message.split('\n')[0]})`);
    command = [process.execPath, '--import', 'tsx', join(ROOT, 'cli', 'entry.ts')];
    how = 'node --import tsx cli/entry.ts';
  }
  // The child reports its own peak RSS (KiB) on exit; /usr/bin/time -v cross-checks it when present.
  const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("BENCH_MAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))';
  const [node, ...rest] = command;
  const args = [...rest.slice(0, rest.length - 1), '--import', hook, rest.at(-1)!, 'balance', g.file, '--json', '--at', AT];
  const useTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const child = useTime ? spawnSync('/usr/bin/time', ['-v', node!, ...args], { cwd: ROOT, maxBuffer: 1 << 30 }) : spawnSync(node!, args, { cwd: ROOT, maxBuffer: 1 << 30 });
  const wall = performance.now() - t0;
  const stderr = child.stderr.toString();
  const selfKb = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
  const timeKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN);
  const peakKb = Number.isFinite(timeKb) ? Math.max(timeKb, selfKb || 0) : selfKb;
  const peakBytes = peakKb * 1024;
  const res = { account: spec.label, how, exitCode: child.status, wallMs: wall, stdoutBytes: child.stdout.length, maxRssKbSelf: selfKb, maxRssKbTime: timeKb, peakBytes, fileBytes: g.bytes };
  results.memory = res;
  console.log(
    textTable(
      ['account', 'exit', 'wall time (cold process)', 'max RSS (process.resourceUsage)', 'max RSS (/usr/bin/time)', 'RSS ÷ file size'],
      [[spec.label, String(child.status), fmtMs(wall), fmtBytes(selfKb * 1024), Number.isFinite(timeKb) ? fmtBytes(timeKb * 1024) : 'n/a', `${(peakBytes / g.bytes).toFixed(1)}×`]],
      [1, 2, 3, 4, 5],
    ),
  );
  console.log(`  command: ${how}`);
  if (child.status !== 0) console.log(`  stderr: ${stderr.split('\n').slice(0, 5).join('\n  ')}`);
  targets.push({ name: `peak RSS, balance on ${spec.label} (fresh process)`, value: fmtBytes(peakBytes), target: '< 1 GB (1e9 bytes)', pass: child.status === 0 && peakBytes < 1e9, raw: peakBytes });
});

// ---------------------------------------------------------------------------
// 4. Quote of a 50-line project

heading('Quote: a 50-line project (warm, median)');
const small = generated.get('10k pro');
let smallAccount: Account | undefined;
section('quote', () => {
  const projectJson = generateProject(SEED);
  const projectFile = join(OUT, 'project-50.json');
  writeFileSync(projectFile, `${JSON.stringify(projectJson, null, 2)}\n`);
  const parsed = projectParse(projectJson);
  if (!parsed.ok) throw new Error(`project: ${parsed.error.message}`);
  const project: Project = parsed.value;
  if (small) {
    const acc = accountParseText(readFileSync(small.file, 'utf8'));
    if (!acc.ok) throw new Error(acc.error.message);
    smallAccount = acc.value;
  }
  const check = quoteCompute(project);
  if (!check.ok) throw new Error(check.error.message);
  const rows: { name: string; stats: Stats; note: string }[] = [];
  const bare = timeWarm(() => quoteCompute(project), 5000, 500);
  rows.push({ name: 'quoteCompute(project)', stats: bare, note: `${creditsToNumber(check.value.credits).toFixed(2)} credits, ${check.value.lines.length} lines` });
  const withPlan = quoteCompute(project, { plan: { plan: 'pro', credits: 5000, billing: 'monthly' } });
  rows.push({ name: 'quoteCompute(project, Pro 5,000)', stats: timeWarm(() => quoteCompute(project, { plan: { plan: 'pro', credits: 5000, billing: 'monthly' } }), 5000, 500), note: `${withPlan.ok ? withPlan.value.findings.length : '?'} findings` });
  const cli = run(['quote', projectFile, '--json']);
  rows.push({ name: 'run(quote FILE --json): read+validate+quote+JSON', stats: timeWarm(() => run(['quote', projectFile, '--json']), 2000, 200), note: `exit ${cli.code}` });
  rows.push({ name: 'run(quote FILE --plan pro --credits 5000 --json)', stats: timeWarm(() => run(['quote', projectFile, '--plan', 'pro', '--credits', '5000', '--json']), 2000, 200), note: 'exit 1 expected (findings)' });
  if (smallAccount && small) {
    const acc = smallAccount;
    const q = quoteCompute(project, { account: acc });
    rows.push({ name: `quoteCompute(project, account ${small.events.toLocaleString('en-US')} events)`, stats: timeWarm(() => quoteCompute(project, { account: acc }), 30, 3), note: q.ok ? `fits: ${q.value.account?.fits}` : q.error.message });
  }
  console.log(textTable(['what', 'median', 'min', 'runs', ''], rows.map((r) => [r.name, fmtMs(r.stats.median), fmtMs(r.stats.min), String(r.stats.runs), r.note]), [1, 2, 3]));
  results.quote = rows.map((r) => ({ name: r.name, ...r.stats, note: r.note }));
  targets.push({ name: 'quote, 50-line project, no account (quoteCompute)', value: fmtMs(bare.median), target: '< 1 ms', pass: bare.median < 1, raw: bare.median });
  const cliStats = rows[2]!.stats;
  targets.push({ name: 'quote, 50-line project via run() (incl. read + validation)', value: fmtMs(cliStats.median), target: '< 1 ms', pass: cliStats.median < 1, raw: cliStats.median });
});

// ---------------------------------------------------------------------------
// 5. Compare across the ladder

heading('Compare across the ladder (warm, median)');
section('compare', () => {
  const amounts = [100, 600, 1000, 2500, 5000, 15_000, 50_000, 100_000, 250_000];
  const tiers = tierPricesFromFile([]);
  const rows: { credits: number; billing: string; stats: Stats; options: number; cheapest: string; cli: Stats }[] = [];
  for (const billing of ['monthly', 'annual'] as const) {
    for (const credits of amounts) {
      const c = compareCredits(credits, billing, tiers);
      const st = timeWarm(() => compareCredits(credits, billing, tiers), 2000, 200);
      const cli = timeWarm(() => run(['compare', '--credits', String(credits), '--billing', billing, '--json']), 300, 30);
      rows.push({ credits, billing, stats: st, options: c.options.length, cheapest: c.options[0]?.label ?? '-', cli });
    }
  }
  const sweep = timeWarm(() => {
    for (const billing of ['monthly', 'annual'] as const) for (const credits of amounts) compareCredits(credits, billing, tiers);
  }, 300, 30);
  console.log(
    textTable(
      ['credits', 'billing', 'compareCredits', 'run(compare --json)', 'options', 'cheapest'],
      rows.map((r) => [r.credits.toLocaleString('en-US'), r.billing, fmtMs(r.stats.median), fmtMs(r.cli.median), String(r.options), r.cheapest]),
      [0, 2, 3, 4],
    ),
  );
  console.log(`  whole ladder (${rows.length} calls): median ${fmtMs(sweep.median)}`);
  let history: Stats | undefined;
  if (smallAccount && small) {
    const acc = smallAccount;
    const h = compareHistory(acc, '2026-10-31' as IsoDate, 3, 'monthly');
    history = timeWarm(() => compareHistory(acc, '2026-10-31' as IsoDate, 3, 'monthly'), 10, 2);
    console.log(`  compareHistory, account ${small.events.toLocaleString('en-US')} events, 3 months, ${h.ok ? h.value.options.length : '?'} options: median ${fmtMs(history.median)} (info)`);
  }
  const worst = Math.max(...rows.map((r) => r.stats.median));
  const worstCli = Math.max(...rows.map((r) => r.cli.median));
  results.compare = { rows: rows.map((r) => ({ credits: r.credits, billing: r.billing, ...r.stats, cli: r.cli, options: r.options, cheapest: r.cheapest })), sweep, history };
  targets.push({ name: 'compare, slowest amount on the ladder (compareCredits)', value: fmtMs(worst), target: '< 5 ms', pass: worst < 5, raw: worst });
  targets.push({ name: 'compare, slowest amount via run() (incl. options, JSON)', value: fmtMs(worstCli), target: '< 5 ms', pass: worstCli < 5, raw: worstCli });
  targets.push({ name: `compare, whole ladder (${rows.length} compareCredits calls)`, value: fmtMs(sweep.median), target: '< 5 ms', pass: sweep.median < 5, raw: sweep.median });
});

// ---------------------------------------------------------------------------
// 6. The app on the incremental engine: the real service on a real store, 1k, 100k and 1M events

heading('The service: entries, edits, the first screen, the usage log (real service + store)');
section('service', () => {
  const cases: { label: string; file: string; runs: number }[] = [];
  const oneK = join(OUT, 'account-pro-1000.json');
  generateAccount(oneK, 'pro', 1000, SEED + 1000);
  cases.push({ label: '1k pro', file: oneK, runs: runsOf(60) });
  const hundred = generated.get('100k pro');
  if (hundred) cases.push({ label: '100k pro', file: hundred.file, runs: runsOf(60) });
  const million = generated.get('1M pro');
  if (million) cases.push({ label: '1M pro', file: million.file, runs: runsOf(30) });
  const figures: ServiceFigures[] = [];
  for (const c of cases) {
    figures.push(serviceFigures(ROOT, c.label, c.file, AT, c.runs));
    console.log(`  ${c.label}: done (${elapsed()} elapsed)`);
  }
  const open = (f: ServiceFigures) => ('error' in f.open ? f.open.error : `${fmtMs(f.open.total)}, ${fmtBytes(f.open.maxRssKb * 1024)}`);
  console.log(
    textTable(
      ['account', 'events', 'usage-add p50', 'p95', 'edit a year back', 'state-get (new day)', 'state-get (kept)', 'usage-list page 1', 'page far down', 'open to first screen, peak RSS'],
      figures.map((f) => [f.label, f.events.toLocaleString('en-US'), fmtMs(f.usageAdd.median), fmtMs(f.usageAdd.p95), fmtMs(f.editYearBack.median), fmtMs(f.stateGetNewDay.median), fmtMs(f.stateGetSame.median), fmtMs(f.usageListFirstPage.median), fmtMs(f.usageListDeepPage.median), open(f)]),
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
  );
  console.log('  usage-add: validate, update the replay from the last state, journal append + fsync, the new view. Medians unless said.');
  results.service = figures;
  const at = (label: string) => figures.find((f) => f.label === label);
  const k1 = at('1k pro');
  const k100 = at('100k pro');
  const m1 = at('1M pro');
  if (k100) {
    targets.push({ name: 'usage-add at 100k events, p50 / p95', value: `${fmtMs(k100.usageAdd.median)} / ${fmtMs(k100.usageAdd.p95)}`, target: '≤ 5 ms / ≤ 15 ms', pass: k100.usageAdd.median <= 5 && k100.usageAdd.p95 <= 15, raw: k100.usageAdd.median });
    if (k1) {
      const ratio = k100.usageAdd.median / k1.usageAdd.median;
      targets.push({ name: 'usage-add p50, 100k ÷ 1k (flat in history size)', value: `${ratio.toFixed(2)}× (${fmtMs(k100.usageAdd.median)} / ${fmtMs(k1.usageAdd.median)})`, target: '≤ 2×', pass: ratio <= 2, raw: ratio });
    }
    targets.push({ name: 'edit an event a year back, 100k events', value: fmtMs(k100.editYearBack.median), target: '≤ 50 ms', pass: k100.editYearBack.median <= 50, raw: k100.editYearBack.median });
    targets.push({ name: 'state-get at 100k (the view made for a new day)', value: fmtMs(k100.stateGetNewDay.median), target: '≤ 20 ms', pass: k100.stateGetNewDay.median <= 20, raw: k100.stateGetNewDay.median });
    targets.push({ name: 'usage-list, first page after a change, 100k', value: fmtMs(k100.usageListFirstPage.median), target: '≤ 20 ms', pass: k100.usageListFirstPage.median <= 20, raw: k100.usageListFirstPage.median });
  }
  if (m1) {
    targets.push({ name: 'usage-add at 1M events, p50', value: fmtMs(m1.usageAdd.median), target: '≤ 20 ms', pass: m1.usageAdd.median <= 20, raw: m1.usageAdd.median });
    const o = m1.open;
    targets.push('error' in o ? { name: 'open a 1M-event store to the first screen', value: o.error, target: '≤ 3 s, ≤ 800 MB', pass: false } : { name: 'open a 1M-event store to the first screen (fresh process), peak RSS', value: `${fmtMs(o.total)}, ${fmtBytes(o.maxRssKb * 1024)}`, target: '≤ 3 s, ≤ 800 MB', pass: o.total <= 3000 && o.maxRssKb * 1024 <= 800 * 1024 * 1024, raw: o.total });
  }
});

// ---------------------------------------------------------------------------
// Summary

heading('Targets');
console.log(textTable(['measure', 'value', 'target', 'result'], targets.map((t) => [t.name, t.value, t.target, t.pass === null ? '-' : t.pass ? 'PASS' : 'FAIL'])));
if (errors.length) console.log(`\n${errors.length} section(s) failed with an error; see above.`);

const cpu = cpus();
results.env = { node: process.version, platform: `${process.platform} ${process.arch}`, cpu: cpu[0]?.model ?? '?', cores: cpu.length, memory: totalmem(), seed: SEED, at: AT, quick: QUICK, runsScale: RUNS_SCALE, when: new Date().toISOString() };
results.targets = targets;
results.errors = errors;
const resultsFile = join(OUT, 'results.json');
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nNode ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? '?'}; total ${elapsed()}. Results: ${relative(ROOT, resultsFile)} (${fmtBytes(statSync(resultsFile).size)})`);
process.exitCode = 0;
