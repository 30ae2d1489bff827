/**
 * `npm run bench` (issue #20): the overview of a data folder of 10 workspaces of 100k usages each, through the
 * built command line as a user runs it (`node dist/cli/main.mjs overview --data DIR --json`, a fresh process each
 * time), in the two shapes users make: dense (each workspace's usages in 11 months) and spread (over 10 years).
 * The folders are written once by the app's own store and service (each workspace's account imported, compacted:
 * its store file, journal, backups and snapshot as the app leaves them) into bench/out/, and kept: a later run
 * uses them again while they hold the same accounts and every workspace's snapshot still answers `balance --data`'s
 * fast read, and writes them again otherwise (other accounts, another version's snapshot). Beside: the same command in-process (`run()`), and Node's own start.
 *
 * Options: --usages N (per workspace, default 100,000), --shape dense|spread (default both). Prints a table per
 * shape against the issue's target and writes bench/out/overview.json. Always exits 0: it is a report. Needs
 * `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serviceCreate } from '../backend/service.ts';
import { storeOpen } from '../backend/store.ts';
import { journalAdds } from '../cli/dataFolder.ts';
import { dataFolderTip } from '../cli/dataFolderTip.ts';
import { run } from '../cli/main.ts';
import type { IsoDate } from '../shared/units.ts';
import { PREFS_FILE, workspaceDir, type WorkspaceEntry } from '../shared/workspaces.ts';
import { fmtMs, median, textTable } from './measure.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const CLI = join(ROOT, 'dist', 'cli', 'main.mjs');
const WORKSPACES = 10;
const RUNS = 11;
const TARGET_MS = 300;
/** The day the overview is asked for: the day after the last usage of both shapes. */
const AT = '2026-12-05' as IsoDate;

export type Shape = 'dense' | 'spread';
const SHAPES: Record<Shape, { readonly from: string; readonly to: string; readonly what: string }> = {
  dense: { from: '2026-01-05', to: '2026-12-04', what: '11 months' },
  spread: { from: '2016-12-05', to: '2026-12-04', what: '10 years' },
};
const FEATURES = ['avatar-iv', 'avatar-iii', 'translation'] as const;

/** Workspace `k`'s account: an Enterprise plan that covers the usage (its monthly credits differ from one workspace to the next) and `usages` usages spread evenly over the shape's days. */
function accountText(shape: Shape, usages: number, k: number): string {
  const { from, to } = SHAPES[shape];
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000) + 1;
  const events: string[] = [JSON.stringify({ date: from, type: 'subscribe', plan: 'enterprise', credits: 300_000 + k * 50_000, price: 2000 + k * 500 })];
  for (let i = 0; i < usages; i++) {
    const date = new Date(start + Math.floor((i * days) / usages) * 86_400_000).toISOString().slice(0, 10);
    events.push(JSON.stringify({ date, type: 'usage', feature: FEATURES[(i + k) % FEATURES.length], minutes: 1 + (i % 3), project: `P${(i + k) % 20}` }));
  }
  return `{"format":"credit-companion/account@1","events":[\n${events.join(',\n')}\n]}`;
}

const entries = (): WorkspaceEntry[] => Array.from({ length: WORKSPACES }, (_, k) => ({ id: k === 0 ? 'first' : `client-${k}`, name: k === 0 ? 'My account' : `Client ${k}`, archived: false }));

/** What the folder was written from: the accounts' checksum, kept beside them. */
const SPEC_FILE = 'bench-spec.json';

/** Whether `dir` holds the workspaces of these accounts and every one's snapshot answers the command line's fast read. */
function folderReady(dir: string, sha256: string): boolean {
  const spec = join(dir, SPEC_FILE);
  return existsSync(spec) && readFileSync(spec, 'utf8') === sha256 && entries().every((w) => dataFolderTip(workspaceDir(dir, w.id), journalAdds) !== null);
}

/** The data folder of 10 workspaces of `usages` usages of `shape`, written by the app's store and service (or kept from a run before). */
export function folderOf(shape: Shape, usages: number): { dir: string; writtenMs: number | null } {
  const dir = join(OUT, `overview-${shape}-${usages}`);
  const texts = entries().map((_, k) => accountText(shape, usages, k));
  const sha256 = texts.reduce((h, text) => h.update(text), createHash('sha256')).digest('hex');
  if (folderReady(dir, sha256)) return { dir, writtenMs: null };
  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  entries().forEach((w, k) => {
    const wsDir = workspaceDir(dir, w.id);
    mkdirSync(wsDir, { recursive: true });
    const store = storeOpen({ dir: wsDir, log: () => {} });
    const service = serviceCreate({ store, today: () => AT });
    const reply = service.handle('account-import', { text: texts[k]! });
    if (!reply.ok) throw new Error(`${w.name}: ${reply.error.message}`);
    store.compact();
    store.close();
  });
  writeFileSync(join(dir, PREFS_FILE), JSON.stringify({ window: null, notified: [], carriedOver: true, workspaces: entries(), lastWorkspace: null }));
  writeFileSync(join(dir, SPEC_FILE), sha256);
  if (!folderReady(dir, sha256)) throw new Error(`${dir}: a workspace's snapshot does not answer the fast read`);
  return { dir, writtenMs: performance.now() - t0 };
}

interface Figure {
  readonly measure: string;
  readonly value: number | null;
  readonly text: string;
  readonly target: string;
  readonly pass: boolean | null;
}

/** The wall time of a fresh process, median of RUNS after one untimed. */
function processMs(args: readonly string[]): { ms: number; status: number | null; stdout: string; stderr: string } {
  let last = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), status: last.status, stdout: last.stdout, stderr: last.stderr };
}

function shapeFigures(shape: Shape, usages: number): Figure[] {
  const { dir, writtenMs } = folderOf(shape, usages);
  const figures: Figure[] = [{ measure: 'the folder (10 workspaces, by the app’s store)', value: writtenMs, text: writtenMs === null ? 'kept from a run before' : `written in ${fmtMs(writtenMs)}`, target: 'info', pass: null }];
  const args = [CLI, 'overview', '--data', dir, '--at', AT, '--json'];
  const cli = processMs(args);
  const rows = cli.status === 0 ? (JSON.parse(cli.stdout) as { workspaces: unknown[] }).workspaces.length : 0;
  figures.push(
    cli.status === 0 && rows === WORKSPACES && cli.stderr === ''
      ? { measure: '`overview --data DIR --json`, a fresh process', value: cli.ms, text: fmtMs(cli.ms), target: `≤ ${TARGET_MS} ms`, pass: cli.ms <= TARGET_MS }
      : { measure: '`overview --data DIR --json`, a fresh process', value: null, text: `exit ${cli.status}, ${rows} rows: ${cli.stderr.split('\n')[0]}`, target: `≤ ${TARGET_MS} ms`, pass: false },
  );
  const inProcess: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    run(args.slice(1));
    if (i > 0) inProcess.push(performance.now() - t0);
  }
  figures.push({ measure: 'the same in-process (`run()`, modules loaded)', value: median(inProcess), text: fmtMs(median(inProcess)), target: 'info', pass: null });
  const node = processMs(['-e', '0']);
  figures.push({ measure: 'Node’s own start (`node -e 0`), in the figure above', value: node.ms, text: fmtMs(node.ms), target: 'info', pass: null });
  return figures;
}

function main(): void {
  const { values } = parseArgs({ options: { usages: { type: 'string' }, shape: { type: 'string' } } });
  const usages = Number(values.usages ?? 100_000);
  const shapes = values.shape ? [values.shape as Shape] : (['dense', 'spread'] as const);
  if (!existsSync(CLI)) throw new Error('bench/overview.ts needs the built command line: npm run build');
  mkdirSync(OUT, { recursive: true });
  const results: Record<string, Figure[]> = {};
  for (const shape of shapes) {
    if (!(shape in SHAPES)) throw new Error(`--shape must be dense or spread, not ${shape}`);
    const figures = shapeFigures(shape, usages);
    results[shape] = figures;
    console.log(`\n== The overview of ${WORKSPACES} workspaces of ${usages.toLocaleString('en-US')} usages each, ${shape} (${SHAPES[shape].what}), through the built CLI ==`);
    console.log(textTable(['measure', 'value', 'target', 'result'], figures.map((f) => [f.measure, f.text, f.target, f.pass === null ? '-' : f.pass ? 'PASS' : 'FAIL'])));
  }
  writeFileSync(join(OUT, 'overview.json'), `${JSON.stringify({ usages, workspaces: WORKSPACES, at: AT, results, when: new Date().toISOString() }, null, 2)}\n`);
}

// Run as a script; imported (bench/switch.ts), it only lends its folders.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
