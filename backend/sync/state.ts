/**
 * A device's team sync state on disk: `sync.json` in the workspace's folder, replaced whole and atomically
 * (`durable.ts`), read back checked field by field. A file that does not read is kept aside as
 * `sync.json.<time>.corrupt` with the reason beside it, and the workspace is no longer linked, as the store does
 * with a damaged account: nothing the device made is lost by it, since its changes are its data's (the next link
 * joins them to the team's again). The server's password is kept apart, in `sync.password` (mode 0600).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { syncStateRead as stateOf, syncStateText, type SyncState } from '../../shared/formats/syncState.ts';
import { fileReplace, realFs, type Fs } from '../durable.ts';

export const SYNC_STATE_FILE = 'sync.json';
/**
 * The time of the last sync that brought nothing new, beside the state: a few bytes, so that a quiet cycle (every
 * poll) does not write the whole fold again. The later of it and the state's own `lastSyncAt` is the last sync.
 */
export const SYNC_SEEN_FILE = 'sync.seen';
/** The server's password, apart from the state (which the command line reads and prints): readable by its owner only. */
export const SYNC_PASSWORD_FILE = 'sync.password';

export type SyncStateOnDisk =
  | { readonly kind: 'none' }
  | { readonly kind: 'linked'; readonly state: SyncState }
  /** Damaged: kept aside at `aside` (null: it could not be copied, and stays as it is). */
  | { readonly kind: 'damaged'; readonly reason: string; readonly aside: string | null };

/** The sync state of the workspace in `dir`. `keepAside`: move a damaged one out of the way (the holder of the folder does; a reader only reports). */
export function syncStateLoad(dir: string, keepAside: boolean, fs: Fs = realFs): SyncStateOnDisk {
  const path = join(dir, SYNC_STATE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'damaged', reason: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, aside: null };
  }
  const read = stateOf(text);
  if (read.ok) {
    const seen = syncSeenRead(dir, fs);
    const later = seen !== null && (read.state.lastSyncAt === null || Date.parse(seen) > Date.parse(read.state.lastSyncAt));
    return { kind: 'linked', state: later ? { ...read.state, lastSyncAt: seen } : read.state };
  }
  if (!keepAside) return { kind: 'damaged', reason: read.reason, aside: null };
  const aside = `${path}.${new Date().toISOString().replace(/[:.]/g, '-')}.corrupt`;
  try {
    fileReplace(fs, aside, Buffer.from(text));
    fileReplace(fs, `${aside}.txt`, Buffer.from(`${read.reason}\n`));
    fs.unlinkSync(path);
    syncSeenClear(dir, fs);
  } catch {
    return { kind: 'damaged', reason: read.reason, aside: null };
  }
  return { kind: 'damaged', reason: read.reason, aside };
}

/** Replace the workspace's sync state with `state`, all or nothing. */
export function syncStateSave(dir: string, state: SyncState, fs: Fs = realFs): void {
  fileReplace(fs, join(dir, SYNC_STATE_FILE), Buffer.from(syncStateText(state)));
}

const seenTime = z.iso.datetime({ offset: true });

/** The time `sync.seen` holds; null when there is none, or it cannot be read as one (it is only ever the later of two). */
function syncSeenRead(dir: string, fs: Fs): string | null {
  try {
    const checked = seenTime.safeParse(fs.readFileSync(join(dir, SYNC_SEEN_FILE), 'utf8'));
    return checked.success ? checked.data : null;
  } catch {
    return null;
  }
}

/** Remove the file at `path`; one already gone is fine. */
export function fileGone(fs: Fs, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Forget the time of the last quiet sync (a new link has none yet). */
export function syncSeenClear(dir: string, fs: Fs = realFs): void {
  fileGone(fs, join(dir, SYNC_SEEN_FILE));
}

/** The workspace in `dir` synced at `at` (ISO) and nothing else changed. */
export function syncSeenSave(dir: string, at: string, fs: Fs = realFs): void {
  fileReplace(fs, join(dir, SYNC_SEEN_FILE), Buffer.from(at));
}

/** Keep the password of the server the workspace in `dir` is linked to (the browser mode's; the desktop app keeps it with safeStorage). */
export function syncPasswordSave(dir: string, password: string, fs: Fs = realFs): void {
  fileReplace(fs, join(dir, SYNC_PASSWORD_FILE), Buffer.from(password));
}

/** The password kept for the workspace in `dir`; null when none is. */
export function syncPasswordRead(dir: string, fs: Fs = realFs): string | null {
  try {
    return fs.readFileSync(join(dir, SYNC_PASSWORD_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Forget the password file of the workspace in `dir` (the desktop app keeps the password now). */
export function syncPasswordForget(dir: string, fs: Fs = realFs): void {
  fileGone(fs, join(dir, SYNC_PASSWORD_FILE));
}

/** The workspace in `dir` leaves its team: its sync state goes first (it is no longer linked), then the password. Its data stays as it is. */
export function syncUnlink(dir: string, fs: Fs = realFs): void {
  for (const file of [SYNC_STATE_FILE, SYNC_PASSWORD_FILE, SYNC_SEEN_FILE]) fileGone(fs, join(dir, file));
}
