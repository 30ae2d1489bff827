/**
 * `npm run bench` (issue #19): the user's path on a 1M-usage account. Every call goes as the page sends it: over
 * the HTTP bridge, with the token, to the built browser-mode server (`dist/web/main.mjs`: its worker, the store,
 * the journal, the view), never to the service in-process. Two shapes users make: dense (1M usages in 11 months)
 * and spread (1M over 10 years), each imported through the page's own import. Then: the first screen, an entry,
 * an edit of the oldest usage and its undo, changes whose effect never fades (a usage refused, one added on the first date),
 * a thousand entries in a row (the slowest), History's first page under each filter (and two together), the report and the comparison
 * over the last 3 months, the journal after undoing and redoing the import, closing (a compaction), a restart to the painted page, and
 * `balance --data` against SQLite's `GROUP BY` over the same rows.
 *
 * Options: --usages N (default 1,000,000), --shape dense|spread (default both), --only edit (the import, then the
 * edit of the oldest usage and its undo, again after reopening the folder, and nothing else: a cheap run to follow
 * that figure), --prof DIR (the server
 * and its worker write their CPU profiles there: read one with bench/profile.ts). Prints a table per shape against
 * the targets and writes bench/out/user.json (user-edit.json for --only edit). Always exits 0: it is a report. Needs `npm run build`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TOKEN_HEADER } from '../shared/page.ts';
import { fmtBytes, fmtMs, median, textTable } from './measure.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const SERVER = join(ROOT, 'dist', 'web', 'main.mjs');
const CLI = join(ROOT, 'dist', 'cli', 'main.mjs');
/** A call that takes longer than this is reported as such, not waited for. */
const CALL_LIMIT_MS = 120_000;
const RUNS = 11;
const MiB = 1 << 20;

type Shape = 'dense' | 'spread';
const SHAPES: Record<Shape, { readonly from: string; readonly to: string; readonly what: string }> = {
  dense: { from: '2026-01-05', to: '2026-12-04', what: '11 months' },
  spread: { from: '2016-12-05', to: '2026-12-04', what: '10 years' },
};
const FEATURES = [
  { id: 'avatar-iv', name: 'Avatar IV', credits: 20 },
  { id: 'avatar-iii', name: 'Avatar III', credits: 3 },
  { id: 'translation', name: 'Video Translation', credits: 5 },
] as const;
const PROJECTS = 20;

/** The rows of a usage sheet, oldest first, spread evenly over the shape's days: date, feature, minutes, project. */
function usageRows(shape: Shape, usages: number): { text: string; sqliteCsv: string; first: string; middleMonth: string } {
  const { from, to } = SHAPES[shape];
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000) + 1;
  const sheet: string[] = ['date,feature,minutes,project'];
  const sql: string[] = [];
  let lastDay = -1;
  let date = '';
  for (let i = 0; i < usages; i++) {
    const day = Math.floor((i * days) / usages);
    if (day !== lastDay) {
      date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      lastDay = day;
    }
    const feature = FEATURES[i % FEATURES.length]!;
    const minutes = 1 + (i % 3);
    const project = `P${i % PROJECTS}`;
    sheet.push(`${date},${feature.name},${minutes},${project}`);
    sql.push(`${date},${feature.id},${minutes * feature.credits},${project}`);
  }
  const middle = new Date(start + Math.floor(days / 2) * 86_400_000).toISOString().slice(0, 7);
  return { text: `${sheet.join('\n')}\n`, sqliteCsv: `${sql.join('\n')}\n`, first: from, middleMonth: middle };
}

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly token: string;
  /** From spawning the process to the first screen's page (painted) received. */
  readonly openMs: number;
}

/** The server's peak resident memory so far (VmHWM: the worker thread and its heap included). */
function peakRss(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** The page as a browser navigating to it gets it, its first screen painted in (fetch cannot say it navigates: `Sec-Fetch-Mode` is the browser's own). */
function pageGet(url: string): Promise<string> {
  return new Promise((done, fail) => {
    httpGet(url, { headers: { 'sec-fetch-mode': 'navigate' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done(body));
    }).on('error', fail);
  });
}

/** Where the server writes its CPU profiles (its worker's too), when asked (--prof DIR). */
let profileDir: string | undefined;

async function serverStart(dir: string): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), SERVER, '--data', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => (errors += c.toString('utf8')));
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`the server exited (${code}) before it listened: ${errors}`)));
  });
  const page = await pageGet(url);
  const openMs = performance.now() - started;
  const token = /<meta name="cc-token" content="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('the page has no token');
  return { child, url, token, openMs };
}

function serverStop(server: Server): Promise<void> {
  return new Promise((done) => {
    server.child.once('exit', () => done());
    server.child.kill('SIGTERM');
  });
}

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
interface Timed {
  readonly ms: number;
  readonly reply: Reply;
}

async function call(server: Server, name: string, input: unknown): Promise<Timed> {
  const started = performance.now();
  try {
    const res = await fetch(`${server.url}api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token },
      body: JSON.stringify({ input }),
      signal: AbortSignal.timeout(CALL_LIMIT_MS),
    });
    const reply = (await res.json()) as Reply;
    return { ms: performance.now() - started, reply };
  } catch (e) {
    const timedOut = (e as Error).name === 'TimeoutError';
    return { ms: performance.now() - started, reply: { ok: false, error: { code: timedOut ? 'timeout' : 'failed', message: (e as Error).message } } };
  }
}

/** A figure: its time (or size), or why there is none. */
interface Figure {
  readonly measure: string;
  readonly value: number | null;
  readonly unit: 'ms' | 'bytes' | 'ratio';
  readonly text: string;
  readonly target: string;
  readonly pass: boolean | null;
}

function timeFigure(measure: string, t: Timed | readonly Timed[], limitMs: number, target: string): Figure {
  const all: readonly Timed[] = 'reply' in t ? [t] : t;
  const failed = all.find((x) => !x.reply.ok);
  if (failed && !failed.reply.ok) return { measure, value: null, unit: 'ms', text: `${failed.reply.error.code} after ${fmtMs(failed.ms)}`, target, pass: false };
  const ms = median(all.map((x) => x.ms));
  return { measure, value: ms, unit: 'ms', text: fmtMs(ms), target, pass: ms <= limitMs };
}

function valueOf<T>(t: Timed, what: string): T {
  if (!t.reply.ok) throw new Error(`${what}: ${t.reply.error.code}: ${t.reply.error.message}`);
  return t.reply.value as T;
}

async function repeat(server: Server, name: string, input: (i: number) => unknown): Promise<Timed[]> {
  const out: Timed[] = [];
  for (let i = 0; i < RUNS; i++) out.push(await call(server, name, input(i)));
  return out;
}

/** The import as the page runs it: the preview's first page, then the import, asking for its progress as it goes. */
async function importFigures(server: Server, text: string): Promise<{ figure: Figure; determinate: boolean }> {
  const preview = await call(server, 'usage-import-preview', { text, limit: 100 });
  let determinate = false;
  let importing = true;
  const polling = (async () => {
    while (importing) {
      const p = await call(server, 'progress-get', {});
      if (p.reply.ok && p.reply.value && typeof (p.reply.value as { total?: unknown }).total === 'number') determinate = true;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const done = await call(server, 'usage-import', { text });
  importing = false;
  await polling;
  const both = { ms: preview.ms + done.ms, reply: !preview.reply.ok ? preview.reply : done.reply };
  return { figure: timeFigure('import (preview + import)', both, 10_000, '≤ 10 s, determinate progress'), determinate };
}

/** `balance --data` on the folder against SQLite's `GROUP BY` over the same rows, alternated, median of 3. */
function balanceAgainstSqlite(dir: string, sqliteCsv: string): Figure {
  const measure = '`balance --data` ÷ SQLite GROUP BY';
  if (spawnSync('sqlite3', ['-version']).status !== 0) return { measure, value: null, unit: 'ratio', text: 'no sqlite3 on this machine', target: '≤ 1×', pass: null };
  const db = join(dir, '..', `${Date.now()}.sqlite`);
  const csv = `${db}.csv`;
  writeFileSync(csv, sqliteCsv);
  spawnSync('sqlite3', [db, 'CREATE TABLE usage(date TEXT, feature TEXT, credits INTEGER, project TEXT);', '.mode csv', `.import ${csv} usage`]);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const run = spawnSync(process.execPath, [CLI, 'balance', '--data', dir, '--json'], { encoding: 'utf8', maxBuffer: 64 * MiB });
    ours.push(performance.now() - t);
    if (run.status !== 0) return { measure, value: null, unit: 'ratio', text: `balance exited ${run.status}: ${run.stderr.split('\n')[0]}`, target: '≤ 1×', pass: false };
    t = performance.now();
    spawnSync('sqlite3', [db, 'SELECT feature, SUM(credits) FROM usage GROUP BY feature;'], { encoding: 'utf8' });
    theirs.push(performance.now() - t);
  }
  rmSync(db, { force: true });
  rmSync(csv, { force: true });
  const ratio = median(ours) / median(theirs);
  return { measure, value: ratio, unit: 'ratio', text: `${ratio.toFixed(2)}× (${fmtMs(median(ours))} vs ${fmtMs(median(theirs))})`, target: '≤ 1×', pass: ratio <= 1 };
}

function journalBytes(dir: string): number {
  const path = join(dir, 'account.journal');
  return existsSync(path) ? statSync(path).size : 0;
}

/** The oldest usage edited (everything after it replays), then that edit undone: 3 times, the medians (`when`: after what, in their names). */
async function editFigures(server: Server, when = ''): Promise<Figure[]> {
  const list = valueOf<{ total: number }>(await call(server, 'usage-list', { limit: 1 }), 'the usage list');
  const edits: Timed[] = [];
  const undos: Timed[] = [];
  for (let i = 0; i < 3; i++) {
    const oldest = valueOf<{ rows: { id: string; date: string; feature: string; minutes?: number; project?: string }[]; revision: number }>(await call(server, 'usage-list', { offset: list.total - 1, limit: 1 }), 'the oldest usage');
    const row = oldest.rows[0]!;
    edits.push(await call(server, 'usage-edit', { id: row.id, date: row.date, feature: row.feature, minutes: (row.minutes ?? 1) + 1, ...(row.project ? { project: row.project } : {}), revision: oldest.revision }));
    undos.push(await call(server, 'history-undo', {}));
  }
  return [timeFigure(`edit the oldest usage${when}, median of 3`, edits, 300, '≤ 300 ms'), timeFigure(`its undo${when}, median of 3`, undos, 300, '≤ 300 ms')];
}

/**
 * Changes whose effect never fades, so that no early stop can help and everything after them replays: the oldest usage
 * made one the plan cannot pay for (refused: 200,000 VEO3 generations are 18M credits), and a usage added on the oldest
 * usage's date (every event after it moves), each undone: 3 times, the medians.
 */
async function lastingFigures(server: Server): Promise<Figure[]> {
  const list = valueOf<{ total: number }>(await call(server, 'usage-list', { limit: 1 }), 'the usage list');
  const refused: Timed[] = [];
  const added: Timed[] = [];
  const undos: Timed[] = [];
  for (let i = 0; i < 3; i++) {
    const oldest = valueOf<{ rows: { id: string; date: string }[]; revision: number }>(await call(server, 'usage-list', { offset: list.total - 1, limit: 1 }), 'the oldest usage');
    const row = oldest.rows[0]!;
    refused.push(await call(server, 'usage-edit', { id: row.id, date: row.date, feature: 'veo3', count: 200_000, revision: oldest.revision }));
    undos.push(await call(server, 'history-undo', {}));
    added.push(await call(server, 'usage-add', { date: row.date, feature: 'avatar-iv', minutes: 1 }));
    undos.push(await call(server, 'history-undo', {}));
  }
  return [
    timeFigure('edit the oldest usage to one refused (never fades), median of 3', refused, 300, '≤ 300 ms'),
    timeFigure('add a usage on the oldest date (all after it move), median of 3', added, 300, '≤ 300 ms'),
    timeFigure('undo of either, median of 6', undos, 300, '≤ 300 ms'),
  ];
}

/** A thousand entries in a row, as a long day of use makes them: the slowest of them (at 1M no compaction falls among them: one comes every 10,000 changes or so). */
async function dayOfEntries(server: Server, today: string): Promise<Figure> {
  const all: Timed[] = [];
  for (let i = 0; i < 1000; i++) all.push(await call(server, 'usage-add', { date: today, feature: 'avatar-iii', minutes: 1, project: 'day' }));
  const failed = all.find((x) => !x.reply.ok);
  const worst = Math.max(...all.map((x) => x.ms));
  if (failed && !failed.reply.ok) return { measure: 'usage-add, the slowest of 1,000 in a row', value: null, unit: 'ms', text: `${failed.reply.error.code} after ${fmtMs(failed.ms)}`, target: 'info', pass: false };
  return { measure: 'usage-add, the slowest of 1,000 in a row', value: worst, unit: 'ms', text: fmtMs(worst), target: 'info', pass: null };
}

async function shapeFigures(shape: Shape, usages: number, editOnly: boolean): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), `cc-bench-user-${shape}-`));
  const rows = usageRows(shape, usages);
  const figures: Figure[] = [];
  let server = await serverStart(dir);
  try {
    valueOf(await call(server, 'event-add', { event: { date: rows.first, type: 'subscribe', plan: 'enterprise', credits: 10_000_000, price: 5000 } }), 'the subscription');
    const imported = await importFigures(server, rows.text);
    figures.push({ ...imported.figure, text: `${imported.figure.text}${imported.determinate ? '' : ', no determinate progress'}`, pass: imported.figure.pass === true && imported.determinate });
    if (editOnly) {
      figures.push(...(await editFigures(server)));
      // Again once the folder is opened anew, its replay read from the snapshot.
      await serverStop(server);
      server = await serverStart(dir);
      figures.push(...(await editFigures(server, ' after reopening')));
      return figures;
    }
    // The import undone and redone twice (each redo wrote the whole list into the journal again): the journal is read at the end.
    const undoRedo: Timed[] = [];
    for (let i = 0; i < 2; i++) undoRedo.push(await call(server, 'history-undo', {}), await call(server, 'history-redo', {}));
    figures.push({ ...timeFigure('undo or redo of the import, median', undoRedo, Infinity, 'info'), pass: null });

    figures.push(timeFigure('state-get p50', await repeat(server, 'state-get', () => ({})), 20, '≤ 20 ms'));
    const today = new Date().toISOString().slice(0, 10);
    figures.push(timeFigure('usage-add p50', await repeat(server, 'usage-add', () => ({ date: today, feature: 'avatar-iv', minutes: 1, project: 'bench' })), 20, '≤ 20 ms'));

    figures.push(...(await editFigures(server)));
    figures.push(...(await lastingFigures(server)));
    figures.push(await dayOfEntries(server, today));

    const page = { limit: 200 };
    for (const [what, filter] of [
      ['none', {}],
      ['kind usage', { kind: 'usage' }],
      [`month ${rows.middleMonth}`, { month: rows.middleMonth }],
      ['project P3', { project: 'P3' }],
      ['kind calendar', { kind: 'calendar' }],
      [`month ${rows.middleMonth} and project P3`, { month: rows.middleMonth, project: 'P3' }],
      // No usage names a member here: every usage of the project is walked to count them.
      ['project P3 and no member', { project: 'P3', by: '' }],
    ] as const) {
      figures.push(timeFigure(`History first page, filter: ${what}`, await call(server, 'ledger-get', { ...filter, ...page }), 100, '≤ 100 ms'));
    }
    figures.push(timeFigure('report, last 3 months', await call(server, 'report-get', { months: 3 }), 300, '≤ 300 ms'));
    figures.push(timeFigure('compare, last 3 months', await call(server, 'compare-run', { months: 3 }), 300, '≤ 300 ms'));

    const storeSize = statSync(join(dir, 'account.json')).size;
    const bound = Math.max(16 * MiB, storeSize);
    const journal = journalBytes(dir);
    figures.push({ measure: 'journal after the changes above', value: journal, unit: 'bytes', text: fmtBytes(journal), target: `≤ max(16 MiB, the store's ${fmtBytes(storeSize)})`, pass: journal <= bound });
    const peak = peakRss(server.child);
    figures.push({ measure: 'server peak RSS (worker included)', value: peak, unit: 'bytes', text: fmtBytes(peak), target: '≤ 1.5 GiB', pass: peak <= 1.5 * 1024 * MiB });

    // Closing compacts what the journal holds (the store file written anew, its backup, the snapshot): what a compaction costs at this size.
    const stopping = performance.now();
    await serverStop(server);
    const stopMs = performance.now() - stopping;
    figures.push({ measure: 'close the app (a compaction: the store file written anew)', value: stopMs, unit: 'ms', text: fmtMs(stopMs), target: 'info', pass: null });
    server = await serverStart(dir);
    const openRss = peakRss(server.child);
    figures.push({ measure: 'open the folder to the painted page', value: server.openMs, unit: 'ms', text: `${fmtMs(server.openMs)}, ${fmtBytes(openRss)}`, target: '≤ 1 s, ≤ 600 MB', pass: server.openMs <= 1000 && openRss <= 600e6 });
    // The page may be painted from the snapshot while the account is still read: its first call waits for the account.
    const read = await call(server, 'state-get', {});
    figures.push({ ...timeFigure('then its first call answered (the account read)', { ...read, ms: server.openMs + read.ms }, Infinity, 'info'), text: `${fmtMs(server.openMs + read.ms)}, ${fmtBytes(peakRss(server.child))}`, pass: null });
    await serverStop(server);
    figures.push(balanceAgainstSqlite(dir, rows.sqliteCsv));
  } finally {
    if (server.child.exitCode === null) await serverStop(server);
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { usages: { type: 'string' }, shape: { type: 'string' }, only: { type: 'string' }, prof: { type: 'string' } } });
  profileDir = values.prof;
  if (values.only !== undefined && values.only !== 'edit') throw new Error(`--only takes edit, not ${values.only}`);
  const usages = Number(values.usages ?? 1_000_000);
  const shapes = values.shape ? [values.shape as Shape] : (['dense', 'spread'] as const);
  if (!existsSync(SERVER) || !existsSync(CLI)) throw new Error('bench/user.ts needs the built app: npm run build');
  const results: Record<string, Figure[]> = {};
  for (const shape of shapes) {
    if (!(shape in SHAPES)) throw new Error(`--shape must be dense or spread, not ${shape}`);
    const figures = await shapeFigures(shape, usages, values.only === 'edit');
    results[shape] = figures;
    console.log(`\n== The user's path: ${usages.toLocaleString('en-US')} usages, ${shape} (${SHAPES[shape].what}), through the HTTP bridge and the worker ==`);
    console.log(textTable(['measure', 'value', 'target', 'result'], figures.map((f) => [f.measure, f.text, f.target, f.pass === null ? '-' : f.pass ? 'PASS' : 'FAIL'])));
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, values.only === 'edit' ? 'user-edit.json' : 'user.json'), `${JSON.stringify({ usages, results }, null, 2)}\n`);
}

await main();
