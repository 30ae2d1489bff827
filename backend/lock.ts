/**
 * One writer per data folder. Every process that can write (the desktop app, the
 * browser mode, a test) takes this lock before it reads or touches anything in
 * the folder. The lock is proper-lockfile's: a directory made atomically, its
 * mtime refreshed every second while the holder lives, and the holder told when
 * it has been taken from it. Beside it the holder leaves who it is (pid, host,
 * which app, where, and a token of this process), so that a second process can
 * say what holds the folder and tell a holder that no longer runs.
 *
 * When a lock is left behind (a crash, kill -9), proper-lockfile's own takeover
 * (remove the stale directory, make it again) lets two processes that start at
 * once both win, and it goes by the clock. So the takeover is ours: a holder is
 * gone when its process on this machine has ended (or its pid now names another
 * process), or, failing that, when it has not refreshed the lock for 10 minutes; a
 * holder on another host (a network folder, or this container before it was made
 * anew under another name), whose process cannot be looked at, when it has not
 * refreshed the lock for 30 seconds: it refreshes every second, and one that only
 * slept is told, when it wakes, that it lost the folder, and saves nothing more;
 * and every attempt to take the lock, stale or not, happens under a short-lived
 * second lock (`account.lock.takeover`), so that the check and the takeover are
 * one step, and the owner record always matches the lock it describes.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { DIR_MODE, fileReplace, type Fs } from './durable.ts';

/** Who holds a folder: what a second process tells its user. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** `desktop`, `browser` (with the address it serves), or `test`. */
  readonly app: 'desktop' | 'browser' | 'test';
  readonly url?: string | undefined;
  readonly since: string;
  /** This process's own: tells it from an earlier process that had the same pid (a container's pid 1). */
  readonly token: string;
}

export type LockResult =
  | {
      readonly held: true;
      /** Whether this process still holds the folder: checked before every write. */
      stillHeld(): boolean;
      release(): void;
    }
  /** Another live process holds the folder. */
  | { readonly held: false; readonly reason: 'locked'; readonly owner: LockOwner | null; readonly message: string }
  /** The folder (or its disk) refuses writes: it can only be read. */
  | { readonly held: false; readonly reason: 'unwritable'; readonly error: NodeJS.ErrnoException; readonly message: string };

export interface LockOptions {
  readonly dir: string;
  readonly fs: Fs;
  readonly owner: Pick<LockOwner, 'app' | 'url'>;
  /** The lock was taken from under this process (its directory removed, or taken over after a long freeze). */
  readonly onCompromised: (error: Error) => void;
}

export const LOCK_NAME = 'account.lock';
export const OWNER_NAME = 'account.lock.json';
const TAKEOVER_NAME = 'account.lock.takeover';
/** A holder refreshes its lock every second; one on this machine whose process still runs but has not for this long is frozen for good. */
const STALE_MS = 10 * 60_000;
/** One on another host, whose process cannot be looked at, that has not refreshed it for this long: gone. */
const OTHER_HOST_STALE_MS = 30_000;
/** A lock with no owner record (its holder died between the two, or could not write it): gone when not refreshed for this long. */
const NO_OWNER_STALE_MS = 30_000;
/** The takeover lock is held for milliseconds; one this old was left by a process that died holding it. */
const TAKEOVER_STALE_MS = 5_000;
/** How long a process waits for another that is taking the lock at the same moment. */
const WAIT_MS = 4_000;
/** proper-lockfile never removes a lock on its own: staleness is decided here. */
const NEVER = Number.MAX_SAFE_INTEGER;

const TOKEN = randomBytes(12).toString('hex');

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: EPERM comes only to a process that is not root (lock.test's pid-1 test kills both mutants there); as root, as the mutation runs are here, kill(pid, 0) may signal every process and fails only with ESRCH.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: whether `pid` names a process started after `since`, i.e. the holder ended and its pid was reused. Elsewhere /proc is not there, or reads as no time: false. */
function pidStartedAfter(pid: number, since: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    // One line of /proc/stat names btime: `btime SECONDS` (proc(5)).
    const boot = Number(/btime (\d+)/.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    const started = (boot + ticks / 100) * 1000;
    return Number.isFinite(started) && started > Date.parse(since) + 5_000;
  } catch {
    // Stryker disable next-line BooleanLiteral: reached only where /proc is not there (not Linux), or when the holder ended between kill() finding it and this read (where true would say the same: gone); on Linux, where the tests run, never.
    return false;
  }
}

/** Whether the process recorded as holding a lock last refreshed `age` ms ago is gone. */
function holderGone(owner: LockOwner | null, age: number): boolean {
  if (owner === null) return age > NO_OWNER_STALE_MS;
  if (owner.host !== hostname()) return age > OTHER_HOST_STALE_MS;
  // This pid with another token: an earlier process that had the same pid, or a worker thread of this
  // process that has ended (the service host starts a worker only once the one before it has exited).
  if (owner.pid === process.pid) return owner.token !== TOKEN;
  if (!pidAlive(owner.pid) || pidStartedAfter(owner.pid, owner.since)) return true;
  return age > STALE_MS;
}

function ownerRead(fs: Fs, dir: string): LockOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(join(dir, OWNER_NAME), 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.app === 'string' && typeof owner.token === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

/** Who holds the lock; one on another host with when it was last heard of (`age`: ms since its last refresh). */
function ownerSays(owner: LockOwner | null, age: number | null): string {
  if (!owner) return 'another process';
  const what = owner.app === 'browser' ? `the browser mode${owner.url ? ` at ${owner.url}` : ''}` : owner.app === 'desktop' ? 'the desktop app' : 'a test';
  if (owner.host === hostname()) return `${what}, pid ${owner.pid}`;
  return `${what}, pid ${owner.pid} on ${owner.host}${age === null ? '' : `, last heard from ${Math.max(0, Math.round(age / 1000))} s ago`}`;
}

/** Which process holds the folder, in a sentence a message goes on from. */
export function lockedBy(dir: string, owner: LockOwner | null, age: number | null = null): string {
  return `Credit Companion is already open on ${dir} (${ownerSays(owner, age)})`;
}

/** The one line a second process shows: what holds the folder and what to do. */
export function lockedMessage(dir: string, owner: LockOwner | null, age: number | null = null): string {
  const later = owner !== null && owner.host !== hostname() ? `; if it is no longer running, try again in ${OTHER_HOST_STALE_MS / 1000} s` : '';
  return `${lockedBy(dir, owner, age)}; use that window, or quit it first${later}.`;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO']);

/** Take the folder's lock, or say why not. Synchronous: nothing else may touch the folder first. */
export function lockTake(options: LockOptions): LockResult {
  const { dir, fs } = options;
  const lockDir = join(dir, LOCK_NAME);
  const takeoverDir = join(dir, TAKEOVER_NAME);
  let compromised = false;

  /** Milliseconds since `path` was last touched, or null when it is not there. */
  function age(path: string): number | null {
    try {
      return Date.now() - fs.statSync(path).mtimeMs;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /** The takeover lock: true when this process now holds it. */
  function takeoverTake(): boolean {
    try {
      fs.mkdirSync(takeoverDir);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Stryker disable next-line EqualityOperator: a takeover lock exactly 5 s old is removed on the next turn, 50 ms on: the same outcome, a wait later (only a clock held still tells them apart, and it holds the wait forever).
      if ((age(takeoverDir) ?? 0) > TAKEOVER_STALE_MS) fs.rmdirSync(takeoverDir);
      return false;
    }
  }

  let release: (() => void) | null = null;
  let ownerWritten = false;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    const deadline = Date.now() + WAIT_MS;
    while (release === null) {
      if (!takeoverTake()) {
        // Stryker disable next-line EqualityOperator: at the deadline's very millisecond, one more look 50 ms on or not: only when the answer comes differs.
        if (Date.now() > deadline) {
          const owner = ownerRead(fs, dir);
          return { held: false, reason: 'locked', owner, message: lockedMessage(dir, owner, age(lockDir)) };
        }
        sleep(50);
        continue;
      }
      try {
        try {
          release = lockfile.lockSync(dir, {
            lockfilePath: lockDir,
            // Stryker disable next-line BooleanLiteral: the lock's path is given (lockfilePath) and the folder was just made, so a resolved folder would only name this process's own entry in proper-lockfile's table, taken and released by the one name.
            realpath: false,
            stale: NEVER,
            update: 1000,
            fs,
            onCompromised: (error) => {
              compromised = true;
              options.onCompromised(error);
            },
          });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
          const owner = ownerRead(fs, dir);
          const last = age(lockDir);
          if (last !== null && !holderGone(owner, last)) return { held: false, reason: 'locked', owner, message: lockedMessage(dir, owner, last) };
          // Its holder is gone: remove the lock it left, and take it on the next turn.
          if (last !== null) fs.rmdirSync(lockDir);
          continue;
        }
        const owner: LockOwner = { pid: process.pid, host: hostname(), app: options.owner.app, url: options.owner.url, since: new Date().toISOString(), token: TOKEN };
        try {
          fileReplace(fs, join(dir, OWNER_NAME), Buffer.from(JSON.stringify(owner)));
          ownerWritten = true;
        } catch {
          // Only a second process's message needs it; a full disk must not stop the one writer from opening.
        }
      } finally {
        try {
          fs.rmdirSync(takeoverDir);
        } catch {
          // Taken as stale by another process after a long freeze: its own, now.
        }
      }
    }
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (typeof error.code === 'string' && UNWRITABLE.has(error.code)) return { held: false, reason: 'unwritable', error, message: `Credit Companion cannot write to ${dir} (${error.code})` };
    throw e;
  }
  const unlock = release;
  return {
    held: true,
    stillHeld() {
      if (compromised) return false;
      return ownerWritten ? ownerRead(fs, dir)?.token === TOKEN : age(lockDir) !== null;
    },
    release() {
      if (ownerRead(fs, dir)?.token === TOKEN) {
        try {
          fs.unlinkSync(join(dir, OWNER_NAME));
        } catch {
          // Gone already; the next holder writes its own anyway.
        }
      }
      try {
        unlock();
      } catch {
        // Released already (compromised, or at exit).
      }
    },
  };
}
