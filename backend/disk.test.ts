/**
 * The store on a real disk that is full or read-only: a small tmpfs the test
 * mounts (CI runs as root). Where no tmpfs can be mounted, these are skipped with
 * the reason printed; `store.test.ts` covers the same cases through a double of
 * the disk everywhere.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExpectedError } from '../shared/errors.ts';
import type { IsoDate } from '../shared/units.ts';
import { storeOpen, type Store } from './store.ts';

const sub = { type: 'subscribe' as const, date: '2026-01-01' as IsoDate, plan: 'pro' as const, credits: 100_000, id: 'sub' };
const usage = (id: string) => ({ type: 'usage' as const, date: '2026-01-02' as IsoDate, feature: 'avatar-iv' as const, minutes: 1, id, project: 'p'.repeat(100) });

function mount(dir: string, options: string): string | null {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr.trim() || r.error?.message || `mount exited ${r.status}`);
}

/** Why a tmpfs cannot be mounted here, or null when it can. */
const cannotMount = (() => {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root';
  const probe = mkdtempSync(join(tmpdir(), 'cc-probe-'));
  const why = mount(probe, 'size=64k');
  if (why === null) spawnSync('umount', [probe]);
  return why;
})();
if (cannotMount !== null) console.log(`skipped: the real-disk tests need a tmpfs, and none can be mounted here (${cannotMount}); the disk double in store.test.ts covers the same cases`);

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) spawnSync('umount', [dir]);
});

function tmpfs(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-tmpfs-'));
  const why = mount(dir, `size=${size},mode=0755`);
  if (why !== null) throw new Error(why);
  mounted.push(dir);
  return dir;
}

/** Fill the disk under `dir`, then give back `free` bytes; returns the filler's path. */
function fill(dir: string, free: number): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let size = 0;
  for (;;) {
    try {
      const n = writeSync(fd, chunk);
      size += n;
      if (n < chunk.length) break;
    } catch {
      break;
    }
  }
  ftruncateSync(fd, Math.max(0, size - free));
  closeSync(fd);
  return path;
}

function commitError(s: Store, id: string): ExpectedError | null {
  try {
    s.commit({ op: 'event-add', event: usage(id) });
    return null;
  } catch (e) {
    if (e instanceof ExpectedError) return e;
    throw e;
  }
}

describe.skipIf(cannotMount !== null)('on a real disk (tmpfs)', () => {
  it.each([0, 4096, 16_384])('full, with %i bytes given back: appends, compaction and quit lose no acknowledged change', (free) => {
    const disk = tmpfs('1m');
    const dir = join(disk, 'data');
    const s = storeOpen({ dir, log: () => {} });
    s.commit({ op: 'event-add', event: sub });
    for (let i = 0; i < 300; i++) s.commit({ op: 'event-add', event: usage(`old${i}`) });
    expect(s.compact()).toBe(true);
    const filler = fill(disk, free);
    expect(statfsSync(disk).bavail * statfsSync(disk).bsize).toBeLessThanOrEqual(free + 4096);
    const acked: string[] = [];
    const refused: string[] = [];
    for (let i = 0; i < 200; i++) {
      const error = commitError(s, `new${i}`);
      if (error === null) acked.push(`new${i}`);
      else {
        expect(error.error).toEqual({ code: 'storage', message: `The disk is full: the last change was not saved. Free some space on the disk that holds ${dir}, then try again.` });
        refused.push(`new${i}`);
      }
    }
    expect(refused.length).toBeGreaterThan(0);
    expect(s.compact()).toBe(false);
    s.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Opened again on the full disk, then once there is room: every acknowledged change is there, no refused one is.
    for (const room of [false, true]) {
      if (room) rmSync(filler);
      const reopened = storeOpen({ dir, log: () => {} });
      const ids = new Set(reopened.data.account.events.map((e) => e.id));
      expect(acked.filter((id) => !ids.has(id))).toEqual([]);
      expect(refused.filter((id) => ids.has(id))).toEqual([]);
      expect(ids.size).toBe(301 + acked.length);
      reopened.close();
    }
    console.log(`disk full with ${free} bytes free: ${acked.length} changes acknowledged, ${refused.length} refused with the disk-full message; acknowledged and lost after quit and reopen: 0`);
  });

  it('read-only: opens with the reason, shows the data, refuses a change', () => {
    const disk = tmpfs('1m');
    const dir = join(disk, 'data');
    const s = storeOpen({ dir, log: () => {} });
    s.commit({ op: 'event-add', event: sub });
    s.close();
    const r = spawnSync('mount', ['-o', 'remount,ro', disk], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const ro = storeOpen({ dir, log: () => {} });
    expect(ro.data.account.events.map((e) => e.id)).toEqual(['sub']);
    expect(ro.readOnly).toBe(`The disk that holds ${dir} is read-only: the data is shown read-only, and nothing can be saved.`);
    expect(commitError(ro, 'x')?.error.code).toBe('read-only');
    ro.close();
  });
});
