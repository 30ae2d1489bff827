/**
 * One writer per data folder. Every process that can write (the desktop app, the
 * browser mode, a test) takes this lock before it reads or touches anything in
 * the folder. The lock is proper-lockfile's: a directory made atomically, its
 * mtime refreshed every second while the holder lives, taken over once it has
 * gone stale. Beside it the holder leaves who it is (pid, host, which app,
 * where), so that a second process can say what holds the folder, and can take
 * over at once from a holder on this machine that no longer runs.
 */
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
}

export type LockResult =
  | { readonly held: true; release(): void }
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
/** A holder refreshes its lock every second; one not refreshed for this long has stopped. */
const STALE_MS = 10_000;
/** How long a holder known to be dead (its pid gone on this host) may have been refreshing it. */
const STALE_DEAD_MS = 2_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerRead(fs: Fs, dir: string): LockOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(join(dir, OWNER_NAME), 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.app === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

function ownerSays(owner: LockOwner | null): string {
  if (!owner) return 'another process';
  const where = owner.host === hostname() ? '' : ` on ${owner.host}`;
  const what = owner.app === 'browser' ? `the browser mode${owner.url ? ` at ${owner.url}` : ''}` : owner.app === 'desktop' ? 'the desktop app' : 'a test';
  return `${what}, pid ${owner.pid}${where}`;
}

/** The one line a second process shows: what holds the folder and what to do. */
export function lockedMessage(dir: string, owner: LockOwner | null): string {
  return `Credit Companion is already open on ${dir} (${ownerSays(owner)}); use that window, or quit it first.`;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO']);

/** Take the folder's lock, or say why not. Synchronous: nothing else may touch the folder first. */
export function lockTake(options: LockOptions): LockResult {
  const { dir, fs } = options;
  const attempt = (stale: number) =>
    lockfile.lockSync(dir, { lockfilePath: join(dir, LOCK_NAME), realpath: false, stale, update: 1000, onCompromised: options.onCompromised, fs });
  let release: () => void;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    try {
      release = attempt(STALE_MS);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      const owner = ownerRead(fs, dir);
      // A holder on this machine that is no longer running left its lock behind (a crash, kill -9):
      // take it as soon as its last refresh is older than a live holder's ever is.
      if (!owner || owner.host !== hostname() || pidAlive(owner.pid)) return { held: false, reason: 'locked', owner, message: lockedMessage(dir, owner) };
      const deadline = Date.now() + STALE_DEAD_MS + 1_500;
      for (;;) {
        sleep(250);
        try {
          release = attempt(STALE_DEAD_MS);
          break;
        } catch (again) {
          if ((again as NodeJS.ErrnoException).code !== 'ELOCKED') throw again;
          if (Date.now() > deadline) {
            const now = ownerRead(fs, dir);
            return { held: false, reason: 'locked', owner: now, message: lockedMessage(dir, now) };
          }
        }
      }
    }
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (typeof error.code === 'string' && UNWRITABLE.has(error.code)) return { held: false, reason: 'unwritable', error, message: `Credit Companion cannot write to ${dir} (${error.code})` };
    throw e;
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), app: options.owner.app, url: options.owner.url, since: new Date().toISOString() };
  try {
    fileReplace(fs, join(dir, OWNER_NAME), Buffer.from(JSON.stringify(owner)));
  } catch {
    // Only a second process's message needs it; a full disk must not stop the one writer from opening.
  }
  return {
    held: true,
    release() {
      try {
        fs.unlinkSync(join(dir, OWNER_NAME));
      } catch {
        // Gone already; the next holder overwrites it anyway.
      }
      try {
        release();
      } catch {
        // Released already (compromised, or at exit).
      }
    },
  };
}
