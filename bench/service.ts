/**
 * The app's own figures, through the real service on a real store in a temp
 * folder: an entry, an edit a year back, the first screen's state and a page of
 * the usage log, on accounts of 1k, 100k and 1M events; and opening a folder
 * of each size in a fresh process (time to the first screen, peak memory).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceCreate, type Service } from '../backend/service.ts';
import { storeOpen } from '../backend/store.ts';
import type { UsageEvent } from '../shared/formats/account.ts';
import { dateAddDays, dateAddYears } from '../shared/dates.ts';
import type { IsoDate } from '../shared/units.ts';
import { gc, stats, timeOnce, type Stats } from './measure.ts';

export interface ServiceFigures {
  readonly label: string;
  readonly events: number;
  readonly importMs: number;
  readonly usageAdd: Stats & { readonly p95: number };
  readonly editYearBack: Stats;
  readonly stateGetNewDay: Stats;
  readonly stateGetSame: Stats;
  readonly usageListFirstPage: Stats;
  readonly usageListDeepPage: Stats;
  readonly open: { readonly storeOpen: number; readonly firstState: number; readonly total: number; readonly maxRssKb: number; readonly stateBytes: number } | { readonly error: string };
}

function p95(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

function call(service: Service, name: string, input: unknown): unknown {
  const reply = service.handle(name, input);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.value;
}

function timed(runs: number, fn: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Open `dir` in a fresh process, as the app does, to its first screen (time and peak memory). */
function openFresh(root: string, dir: string, at: IsoDate): ServiceFigures['open'] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'open.ts'), dir, at], { cwd: root, maxBuffer: 1 << 26 });
  const line = child.stdout.toString().trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as ServiceFigures['open'];
  } catch {
    return { error: `exit ${child.status}: ${child.stderr.toString().split('\n').slice(0, 3).join(' ')}` };
  }
}

export function serviceFigures(root: string, label: string, accountFile: string, at: IsoDate, runs: number): ServiceFigures {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-svc-'));
  const store = storeOpen({ dir, compactEvery: 1_000_000 });
  let closed = false;
  try {
    const service = serviceCreate({ store, today: () => at, logBug: (n, e) => console.error(n, e) });
    gc();
    const imported = timeOnce(() => call(service, 'account-import', { text: readFileSync(accountFile, 'utf8') }));
    const events = store.data.account.events.length;
    gc();
    // Entries at the end of the history, as a user logs today's work.
    const adds = timed(runs, (i) => call(service, 'usage-add', { date: at, feature: 'avatar-iv', minutes: 1 + (i % 3), project: 'Bench' }));
    // An entry a year back, changed again and again: everything after it is replayed.
    const yearBack = dateAddYears(at, -1);
    const target = store.data.account.events.find((e): e is UsageEvent => e.type === 'usage' && e.minutes !== undefined && e.date >= yearBack)!;
    const edits = timed(Math.max(5, runs >> 2), (i) => call(service, 'usage-edit', { id: target.id!, date: target.date, feature: target.feature, minutes: 1 + (i % 4) }));
    // The first screen on a new day (the view is made), and again (it is kept).
    const newDay = timed(Math.max(5, runs >> 2), (i) => call(service, 'state-get', { at: dateAddDays(at, 1 + (i % 2)) }));
    const same = timed(Math.max(5, runs >> 2), () => call(service, 'state-get', { at }));
    // The usage log after a change (its order is made once per change), and a page far down.
    const firstPage: number[] = [];
    for (let i = 0; i < Math.max(5, runs >> 2); i++) {
      call(service, 'usage-add', { date: at, feature: 'avatar-iii', minutes: 1 + (i % 3) });
      firstPage.push(timeOnce(() => call(service, 'usage-list', { limit: 200 })).ms);
    }
    const deep = timed(Math.max(5, runs >> 2), (i) => call(service, 'usage-list', { offset: Math.floor(events / 2) + i * 200, limit: 200 }));
    store.close();
    closed = true;
    gc();
    // Three fresh processes: the median one (a shared machine is noisy).
    const opens = [openFresh(root, dir, at), openFresh(root, dir, at), openFresh(root, dir, at)];
    const open = opens.some((o) => 'error' in o) ? opens.find((o) => 'error' in o)! : opens.sort((a, b) => ('total' in a && 'total' in b ? a.total - b.total : 0))[1]!;
    return {
      label,
      events,
      importMs: imported.ms,
      usageAdd: { ...stats(adds, false), p95: p95(adds) },
      editYearBack: stats(edits, false),
      stateGetNewDay: stats(newDay, false),
      stateGetSame: stats(same, false),
      usageListFirstPage: stats(firstPage, false),
      usageListDeepPage: stats(deep, false),
      open,
    };
  } finally {
    if (!closed) store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
