/**
 * Whose lock may be taken, and what a second process is told: every rule of `holderGone` on a lock left as a
 * process leaves it (the lock directory, its owner record), in this process, on a real temp folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { realFs, type Fs } from './durable.ts';
import { LOCK_NAME, OWNER_NAME, lockTake, lockedMessage, type LockOwner, type LockResult } from './lock.ts';

const TAKEOVER_NAME = 'account.lock.takeover';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'cc-lock-'));
}

/** Touch `path` as last refreshed `secondsAgo` seconds ago. */
function aged(path: string, secondsAgo: number): void {
  const then = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, then, then);
}

/** A lock left in `dir`, last refreshed `secondsAgo` seconds ago, with `owner` as its record (none: null), as written (a broken one too). */
function left(dir: string, secondsAgo: number, owner: Record<string, unknown> | null): string {
  mkdirSync(join(dir, LOCK_NAME));
  aged(join(dir, LOCK_NAME), secondsAgo);
  if (owner) writeFileSync(join(dir, OWNER_NAME), JSON.stringify({ app: 'browser', since: new Date(Date.now() - secondsAgo * 1000).toISOString(), token: 'its own', ...owner }));
  return dir;
}

function take(dir: string, fs: Fs = realFs, onCompromised: (e: Error) => void = () => undefined): LockResult {
  return lockTake({ dir, fs, owner: { app: 'test' }, onCompromised });
}

/** Take the lock and give it back at once: whether it was taken. */
function taken(dir: string): boolean {
  const lock = take(dir);
  if (lock.held) lock.release();
  return lock.held;
}

/** The pid of a process that has ended. */
function endedPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('a lock held on another host', () => {
  it('quiet for 31 s: taken over at once, not after 10 minutes', () => {
    expect(taken(left(folder(), 31, { pid: 1, host: 'container-before-it-was-made-anew' }))).toBe(true);
  });

  it('refreshed 5 s ago: refused, naming the holder, its host, when it was last heard from and when to try again', () => {
    const dir = left(folder(), 5, { pid: 1, host: 'container-before-it-was-made-anew', url: 'http://127.0.0.1:4000/' });
    const lock = take(dir);
    expect(lock).toMatchObject({ held: false, reason: 'locked', owner: { pid: 1, host: 'container-before-it-was-made-anew' } });
    if (!lock.held) expect(lock.message).toMatch(new RegExp(`^Credit Companion is already open on ${dir} \\(the browser mode at http://127\\.0\\.0\\.1:4000/, pid 1 on container-before-it-was-made-anew, last heard from [5-9] s ago\\); use that window, or quit it first; if it is no longer running, try again in 30 s\\.$`));
  });
});

describe('a lock held on this host', () => {
  it('by a process still running, refreshed a moment ago: refused, naming it, with nothing to wait for', () => {
    const dir = left(folder(), 1, { pid: process.ppid, host: hostname(), app: 'desktop' });
    const lock = take(dir);
    expect(lock).toMatchObject({ held: false, reason: 'locked' });
    if (!lock.held) expect(lock.message).toBe(`Credit Companion is already open on ${dir} (the desktop app, pid ${process.ppid}); use that window, or quit it first.`);
  });

  it('by a process still running that has not refreshed it for 10 minutes (frozen for good): taken over; for 9 minutes: refused', () => {
    // Its record says it took the folder now: its pid is not one reused since (which `since` would tell).
    const now = new Date().toISOString();
    expect(taken(left(folder(), 601, { pid: process.ppid, host: hostname(), since: now }))).toBe(true);
    expect(taken(left(folder(), 540, { pid: process.ppid, host: hostname(), since: now }))).toBe(false);
  });

  it('by a process that has ended: taken over at once', () => {
    expect(taken(left(folder(), 1, { pid: endedPid(), host: hostname() }))).toBe(true);
  });

  it('by a pid now naming a process started after the holder took the lock (the pid was reused): taken over', () => {
    expect(taken(left(folder(), 1, { pid: process.ppid, host: hostname(), since: '2000-01-01T00:00:00.000Z' }))).toBe(true);
  });

  it('by this process under an earlier token (an ended process that had the same pid): taken over; under its own: refused', () => {
    expect(taken(left(folder(), 1, { pid: process.pid, host: hostname() }))).toBe(true);
    const dir = folder();
    const first = take(dir);
    expect(first.held).toBe(true);
    const second = take(dir);
    expect(second).toMatchObject({ held: false, reason: 'locked', owner: { pid: process.pid, app: 'test' } });
    if (!second.held) expect(second.message).toBe(`Credit Companion is already open on ${dir} (a test, pid ${process.pid}); use that window, or quit it first.`);
    if (first.held) first.release();
  });

  it('by a process started within 5 s after the record says the lock was taken: the same holder (the clocks’ grain), refused; 10 s after: its pid was reused, taken over', () => {
    const startedAbout = Date.now();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const record = (secondsBefore: number) => ({ pid: holder.pid!, host: hostname(), since: new Date(startedAbout - secondsBefore * 1000).toISOString() });
      expect(taken(left(folder(), 1, record(3)))).toBe(false);
      expect(taken(left(folder(), 1, record(10)))).toBe(true);
    } finally {
      holder.kill();
    }
  });

  it('by a process started exactly 5 s after the record says the lock was taken: still the clocks’ grain, the same holder, refused', () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      // When the holder started, as the lock reads it: the boot time and the process's start in ticks of 1/100 s.
      const stat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
      const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
      const started = (boot + ticks / 100) * 1000;
      expect(Number.isInteger(started)).toBe(true);
      expect(taken(left(folder(), 1, { pid: holder.pid!, host: hostname(), since: new Date(started - 5000).toISOString() }))).toBe(false);
    } finally {
      holder.kill();
    }
  });

  it('by a process of another user, which this one may not signal (EPERM: pid 1 to a user that is not root), yet runs: refused', () => {
    expect(taken(left(folder(), 1, { pid: 1, host: hostname(), since: new Date().toISOString() }))).toBe(false);
  });

  it('with an owner record that does not read as one (a field of the wrong type): as with none, refused for 30 s as "another process"', () => {
    for (const broken of [{ pid: '7' }, { host: 7 }, { app: null }, { token: 1 }]) {
      const dir = left(folder(), 5, { pid: process.ppid, host: hostname(), ...broken });
      const lock = take(dir);
      expect(lock).toMatchObject({ held: false, reason: 'locked', owner: null });
    }
  });

  it('with no owner record (its holder died between the two): refused for 30 s, then taken over', () => {
    const fresh = left(folder(), 5, null);
    const lock = take(fresh);
    expect(lock).toMatchObject({ held: false, reason: 'locked', owner: null });
    if (!lock.held) expect(lock.message).toBe(`Credit Companion is already open on ${fresh} (another process); use that window, or quit it first.`);
    expect(taken(left(folder(), 31, null))).toBe(true);
  });
});

describe('a lock exactly as old as its bound (the clock held still): not yet gone; a millisecond older: gone', () => {
  afterEach(() => vi.useRealTimers());

  /** Take a lock left with `owner`, last refreshed `ms` milliseconds before a clock held at a whole second. */
  function takenAtAge(ms: number, owner: Record<string, unknown> | null): boolean {
    const now = Math.floor(Date.now() / 1000) * 1000;
    vi.useFakeTimers({ toFake: ['Date'], now });
    const dir = folder();
    mkdirSync(join(dir, LOCK_NAME));
    // Whole milliseconds, so that the folder's mtime reads back as set.
    utimesSync(join(dir, LOCK_NAME), (now - ms) / 1000, (now - ms) / 1000);
    expect(Date.now() - statSync(join(dir, LOCK_NAME)).mtimeMs).toBe(ms);
    if (owner) writeFileSync(join(dir, OWNER_NAME), JSON.stringify({ app: 'browser', since: new Date(now).toISOString(), token: 'its own', ...owner }));
    return taken(dir);
  }

  it('no owner record: 30 s', () => {
    expect(takenAtAge(30_000, null)).toBe(false);
    expect(takenAtAge(30_001, null)).toBe(true);
  });

  it('a holder on another host: 30 s', () => {
    expect(takenAtAge(30_000, { pid: 1, host: 'container-before-it-was-made-anew' })).toBe(false);
    expect(takenAtAge(30_001, { pid: 1, host: 'container-before-it-was-made-anew' })).toBe(true);
  });

  it('a holder on this host whose process still runs: 10 minutes', () => {
    expect(takenAtAge(600_000, { pid: process.ppid, host: hostname() })).toBe(false);
    expect(takenAtAge(600_001, { pid: process.ppid, host: hostname() })).toBe(true);
  });
});

describe('the takeover lock', () => {
  it('left by a process that died holding it (older than 5 s): removed, and the folder taken', () => {
    const dir = folder();
    mkdirSync(join(dir, TAKEOVER_NAME));
    aged(join(dir, TAKEOVER_NAME), 6);
    expect(taken(dir)).toBe(true);
    expect(existsSync(join(dir, TAKEOVER_NAME))).toBe(false);
  });

  it('held by another process taking the folder at this moment, for longer than the wait: refused, naming who holds the folder', () => {
    const dir = left(folder(), 1, { pid: process.ppid, host: hostname(), app: 'desktop' });
    mkdirSync(join(dir, TAKEOVER_NAME));
    const started = Date.now();
    const lock = take(dir);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    expect(lock).toMatchObject({ held: false, reason: 'locked', owner: { app: 'desktop' } });
    expect(existsSync(join(dir, TAKEOVER_NAME))).toBe(true);
  }, 20_000);

  it('held past the wait with no lock yet (the other process is between the two): refused, naming the recorded holder without when it was last heard from', () => {
    const dir = folder();
    writeFileSync(join(dir, OWNER_NAME), JSON.stringify({ pid: 1, host: 'elsewhere', app: 'browser', since: new Date().toISOString(), token: 't' }));
    mkdirSync(join(dir, TAKEOVER_NAME));
    const lock = take(dir);
    expect(lock).toMatchObject({ held: false, reason: 'locked' });
    if (!lock.held) expect(lock.message).toBe(`Credit Companion is already open on ${dir} (the browser mode, pid 1 on elsewhere); use that window, or quit it first; if it is no longer running, try again in 30 s.`);
  }, 20_000);
});

describe('a holder that lets go as it is looked at', () => {
  it('its lock and record gone between the attempt and the look (released at that moment): taken on the next turn', () => {
    const dir = left(folder(), 1, { pid: process.ppid, host: hostname(), app: 'desktop' });
    // Reading the holder's record is the moment it releases the folder: its record removed, then its lock.
    let released = false;
    const fs: Fs = {
      ...realFs,
      readFileSync: ((p: string, o?: unknown) => {
        if (p === join(dir, OWNER_NAME) && !released) {
          released = true;
          rmSync(join(dir, OWNER_NAME));
          rmdirSync(join(dir, LOCK_NAME));
        }
        return realFs.readFileSync(p, o as never);
      }) as Fs['readFileSync'],
    };
    const lock = take(dir, fs);
    expect([released, lock.held]).toEqual([true, true]);
    if (lock.held) lock.release();
  });
});

describe('a folder that refuses writes', () => {
  /** The real file system, but `mkdirSync` of `path` fails with `code`. */
  function failingMkdir(path: string, code: string): Fs {
    return {
      ...realFs,
      mkdirSync: ((p: string, o?: unknown) => {
        if (p === path) throw Object.assign(new Error(`${code}: ${p}`), { code });
        return realFs.mkdirSync(p, o as never);
      }) as Fs['mkdirSync'],
    };
  }

  it('a read-only or full disk: "unwritable", naming the folder and the code', () => {
    const dir = join(folder(), 'data');
    const lock = take(dir, failingMkdir(dir, 'EROFS'));
    expect(lock).toMatchObject({ held: false, reason: 'unwritable', error: { code: 'EROFS' }, message: `Credit Companion cannot write to ${dir} (EROFS)` });
  });

  it('an error making the takeover lock other than "it is there": said as it is (EIO: unwritable), never taken for another process', () => {
    const dir = folder();
    const lock = take(dir, failingMkdir(join(dir, TAKEOVER_NAME), 'EIO'));
    expect(lock).toMatchObject({ held: false, reason: 'unwritable', error: { code: 'EIO' } });
  });

  it('making the lock itself fails (EIO): unwritable, not taken for a lock another process holds', () => {
    const dir = folder();
    expect(take(dir, failingMkdir(join(dir, LOCK_NAME), 'EIO'))).toMatchObject({ held: false, reason: 'unwritable', error: { code: 'EIO' } });
  });

  it('an error looking at a takeover lock left there, other than its absence: said as it is (EIO: unwritable), not waited on as one held', () => {
    const dir = folder();
    mkdirSync(join(dir, TAKEOVER_NAME));
    const fs: Fs = {
      ...realFs,
      statSync: ((p: string, o?: unknown) => {
        if (p === join(dir, TAKEOVER_NAME)) throw Object.assign(new Error(`EIO: ${p}`), { code: 'EIO' });
        return realFs.statSync(p, o as never);
      }) as Fs['statSync'],
    };
    expect(take(dir, fs)).toMatchObject({ held: false, reason: 'unwritable', error: { code: 'EIO' } });
  });

  it('an error that is not about writing is not taken for one: thrown', () => {
    const dir = folder();
    expect(() => take(dir, failingMkdir(join(dir, TAKEOVER_NAME), 'ELOOP'))).toThrow('ELOOP');
  });
});

describe('while held', () => {
  it('still held while its owner record is its own; no longer once another process wrote its own there', () => {
    const dir = folder();
    const lock = take(dir);
    if (!lock.held) throw new Error('not taken');
    expect(lock.stillHeld()).toBe(true);
    const owner = JSON.parse(readFileSync(join(dir, OWNER_NAME), 'utf8')) as LockOwner;
    writeFileSync(join(dir, OWNER_NAME), JSON.stringify({ ...owner, token: 'another process' }));
    expect(lock.stillHeld()).toBe(false);
    // Its release leaves the other's record alone.
    lock.release();
    expect(JSON.parse(readFileSync(join(dir, OWNER_NAME), 'utf8'))).toMatchObject({ token: 'another process' });
  });

  it('with no owner record written (a full disk: only a second process’s message needs it), still held while its lock is there', () => {
    const dir = folder();
    // Every write of a file fails, as on a full disk; the lock, a directory, is made.
    const full: Fs = { ...realFs, writeSync: (() => { throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }); }) as Fs['writeSync'] };
    const lock = take(dir, full);
    if (!lock.held) throw new Error('not taken');
    expect(existsSync(join(dir, OWNER_NAME))).toBe(false);
    expect(lock.stillHeld()).toBe(true);
    rmdirSync(join(dir, LOCK_NAME));
    expect(lock.stillHeld()).toBe(false);
    lock.release();
  });

  it('a release removes its own owner record and the lock, and the folder can be taken again', () => {
    const dir = folder();
    const lock = take(dir);
    if (!lock.held) throw new Error('not taken');
    lock.release();
    expect(existsSync(join(dir, OWNER_NAME))).toBe(false);
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
    expect(taken(dir)).toBe(true);
  });

  it('taken from under it (its lock directory removed): told once, and no longer held', async () => {
    const dir = folder();
    const told: Error[] = [];
    const lock = take(dir, realFs, (e) => told.push(e));
    if (!lock.held) throw new Error('not taken');
    rmdirSync(join(dir, LOCK_NAME));
    await expect.poll(() => told.length, { timeout: 10_000 }).toBe(1);
    expect(lock.stillHeld()).toBe(false);
    lock.release();
  });
});

describe('what a second process is told', () => {
  it('a holder on this host: use that window or quit it; on another host, also when to try again', () => {
    const here: LockOwner = { pid: 7, host: hostname(), app: 'browser', since: '2026-12-05T10:00:00.000Z', token: 't' };
    expect(lockedMessage('/data', here)).toBe('Credit Companion is already open on /data (the browser mode, pid 7); use that window, or quit it first.');
    expect(lockedMessage('/data', { ...here, host: 'elsewhere' }, 12_400)).toBe('Credit Companion is already open on /data (the browser mode, pid 7 on elsewhere, last heard from 12 s ago); use that window, or quit it first; if it is no longer running, try again in 30 s.');
    expect(lockedMessage('/data', null)).toBe('Credit Companion is already open on /data (another process); use that window, or quit it first.');
  });
});
