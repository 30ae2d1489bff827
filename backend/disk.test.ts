/**
 * The store on a real disk that is full or read-only: a small tmpfs the test
 * mounts (CI runs as root). Where no tmpfs can be mounted, these are skipped with
 * the reason printed; `store.test.ts` covers the same cases through a double of
 * the disk everywhere.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitError, diskFullScenario, sub } from '../test/fixtures/diskFull.ts';
import { storeOpen } from './store.ts';


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

describe.skipIf(cannotMount !== null)('on a real disk (tmpfs)', () => {
  it.each([0, 4096, 16_384])('full, with %i bytes given back: appends, compaction and quit lose no acknowledged change', (free) => {
    const disk = tmpfs('1m');
    const dir = join(disk, 'data');
    const { acked, refused } = diskFullScenario({
      dir,
      open: () => storeOpen({ dir, log: () => {} }),
      fill: () => {
        fill(disk, free);
        expect(statfsSync(disk).bavail * statfsSync(disk).bsize).toBeLessThanOrEqual(free + 4096);
      },
      makeRoom: () => rmSync(join(disk, 'filler')),
    });
    console.log(`disk full with ${free} bytes free: ${acked} changes acknowledged, ${refused} refused with the disk-full message; acknowledged and lost after quit and reopen: 0`);
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
