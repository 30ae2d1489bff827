/**
 * A device's team sync state on disk, in the workspace's folder (the files: shared/formats/syncState.ts):
 * `sync.json`, replaced whole and atomically (`durable.ts`) at each step; the fold's base, written anew under a new
 * name (then named by `sync.json`, then the old one removed) only when the log outgrows it; and `sync.log`, the ops
 * pulled since, appended and fsync'd before the `sync.json` that counts them. So a cycle costs the ops it pulled,
 * not the whole fold, and a crash at any point leaves a `sync.json` whose files read back as it says.
 * Everything is read back checked field by field. A state that does not read is kept aside as
 * `sync.json.<time>.corrupt` with the reason beside it, its fold files removed (they are the server's ops, pulled
 * again at the next link), and the workspace is no longer linked, as the store does with a damaged account: nothing
 * the device made is lost by it, since its changes are its data's (the next link joins them to the team's again).
 * The server's password is kept apart, in `sync.password` (mode 0600).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { journalBound } from '../../shared/folder.ts';
import { SYNC_FOLD_FILE, syncFoldLines, syncFoldRead, syncLogLine, syncStateRead as stateOf, syncStateText, type PulledOp, type SyncFoldAt, type SyncState } from '../../shared/formats/syncState.ts';
import { journalLines, type JournalLines } from '../../shared/store.ts';
import { dirSync, FILE_MODE, fileReplace, fileWrite, realFs, writeAll, type Fs } from '../durable.ts';

export const SYNC_STATE_FILE = 'sync.json';
/** The ops pulled after the fold's base. */
export const SYNC_LOG_FILE = 'sync.log';
/**
 * The time of the last sync that brought nothing new, beside the state: a few bytes, so that a quiet cycle (every
 * poll) does not write the whole fold again. The later of it and the state's own `lastSyncAt` is the last sync.
 */
export const SYNC_SEEN_FILE = 'sync.seen';
/** The server's password, apart from the state (which the command line reads and prints): readable by its owner only. */
export const SYNC_PASSWORD_FILE = 'sync.password';

export type SyncStateOnDisk =
  | { readonly kind: 'none' }
  /** `at`: where its fold stands on disk (null: a `sync@1` file, its fold inline, until the next save). */
  | { readonly kind: 'linked'; readonly state: SyncState; readonly at: SyncFoldAt | null }
  /** Damaged: kept aside at `aside` (null: it could not be copied, and stays as it is). */
  | { readonly kind: 'damaged'; readonly reason: string; readonly aside: string | null };

/** The text lines of a file read a chunk at a time; a line too long to be a string is refused as one. */
function* textLines(lines: JournalLines, file: string): Generator<string> {
  for (const line of lines.lines()) {
    if (typeof line !== 'string') throw new FoldUnread(`${file}: a line of ${line.tooLarge} bytes is too long to be one of its lines`);
    yield line;
  }
}

class FoldUnread extends Error {}

/** Run `use` on the first `bytes` bytes of the file at `path` as lines (all of it when `bytes` is null); a file missing or shorter is refused. */
function linesWith<T>(fs: Fs, path: string, file: string, bytes: number | null, use: (lines: Iterable<string>) => T): T {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && bytes === 0) return use([]);
    throw new FoldUnread(`${file}: it cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    const counted = bytes ?? size;
    if (size < counted) throw new FoldUnread(`${file}: it holds ${size} bytes, fewer than the ${counted} the state counts`);
    const lines = journalLines(counted, (into, position) => fs.readSync(fd, into, 0, into.length, position));
    if (lines.torn) throw new FoldUnread(`${file}: its last line is cut short`);
    return use(textLines(lines, file));
  } finally {
    fs.closeSync(fd);
  }
}

/** The fold files in `dir` that `keep` (if any) does not name: a base written and never named, or one replaced (a crash before it was removed). */
function foldFilesBut(dir: string, keep: string | null, fs: Fs): string[] {
  return fs.readdirSync(dir).filter((f) => SYNC_FOLD_FILE.test(f) && f !== keep);
}

/** The sync state of the workspace in `dir`. `keepAside`: move a damaged one out of the way, and remove fold files no state names (the holder of the folder does; a reader only reports). */
export function syncStateLoad(dir: string, keepAside: boolean, fs: Fs = realFs): SyncStateOnDisk {
  const path = join(dir, SYNC_STATE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'damaged', reason: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, aside: null };
  }
  const loaded = stateLoad(dir, text, fs);
  if (loaded.ok) {
    if (keepAside) for (const f of foldFilesBut(dir, loaded.at?.file ?? null, fs)) fileGone(fs, join(dir, f));
    const { state } = loaded;
    const seen = syncSeenRead(dir, fs);
    const later = seen !== null && (state.lastSyncAt === null || Date.parse(seen) > Date.parse(state.lastSyncAt));
    return { kind: 'linked', state: later ? { ...state, lastSyncAt: seen } : state, at: loaded.at };
  }
  if (!keepAside) return { kind: 'damaged', reason: loaded.reason, aside: null };
  const aside = `${path}.${new Date().toISOString().replace(/[:.]/g, '-')}.corrupt`;
  try {
    fileReplace(fs, aside, Buffer.from(text));
    fileReplace(fs, `${aside}.txt`, Buffer.from(`${loaded.reason}\n`));
    fs.unlinkSync(path);
    syncSeenClear(dir, fs);
    for (const f of [...foldFilesBut(dir, null, fs), SYNC_LOG_FILE]) fileGone(fs, join(dir, f));
  } catch {
    return { kind: 'damaged', reason: loaded.reason, aside: null };
  }
  return { kind: 'damaged', reason: loaded.reason, aside };
}

/** `sync.json`'s `text` read, with the fold its files hold. */
function stateLoad(dir: string, text: string, fs: Fs): { ok: true; state: SyncState; at: SyncFoldAt | null } | { ok: false; reason: string } {
  const read = stateOf(text);
  if (!read.ok) return read;
  if (read.at === null) return { ok: true, state: { ...read.state, fold: read.fold }, at: null };
  const { state, at } = read;
  try {
    const fold = linesWith(fs, join(dir, at.file), at.file, null, (base) => linesWith(fs, join(dir, SYNC_LOG_FILE), SYNC_LOG_FILE, at.log, (log) => syncFoldRead(base, log, state.link.workspace, state.seq, at)));
    return fold.ok ? { ok: true, state: { ...state, fold: fold.value }, at } : fold;
  } catch (e) {
    if (e instanceof FoldUnread) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Bytes of text lines, about a megabyte at a time. */
function* chunksOf(lines: Iterable<string>): Generator<Buffer> {
  let parts: string[] = [];
  let length = 0;
  for (const line of lines) {
    parts.push(line, '\n');
    length += line.length + 1;
    if (length >= 1 << 20) {
      yield Buffer.from(parts.join(''));
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield Buffer.from(parts.join(''));
}

/** Append `chunks` to `sync.log` after its first `from` bytes (what a crash left beyond them is cut off first), fsync'd: its length then; null when it holds fewer than `from` (the fold is written anew instead). */
function logAppend(fs: Fs, dir: string, from: number, chunks: Iterable<Buffer>): number | null {
  const path = join(dir, SYNC_LOG_FILE);
  const created = !fs.existsSync(path);
  const fd = fs.openSync(path, 'a', FILE_MODE);
  try {
    const size = fs.fstatSync(fd).size;
    if (size < from) return null;
    if (size > from) fs.ftruncateSync(fd, from);
    let end = from;
    for (const chunk of chunks) {
      writeAll(fs, fd, chunk);
      end += chunk.length;
    }
    fs.fsyncSync(fd);
    if (created) dirSync(fs, dir);
    return end;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Save `state`, whose fold is the one at `at` (null: none on disk yet) with the ops `pulled` on top (those after
 * `at`'s state's seq, in the server's order): appended to `sync.log`, or, when the log would outgrow its bound
 * (16 MB, or the base's size) or the state goes back before the base, the fold written anew as the base. Then
 * `sync.json`, naming them: where the fold now stands on disk, returned.
 */
export function syncStateSave(dir: string, state: SyncState, at: SyncFoldAt | null, pulled: readonly PulledOp[] = [], fs: Fs = realFs): SyncFoldAt {
  let next = at;
  if (next !== null && state.seq < next.seq) next = null;
  if (next !== null && pulled.length > 0) {
    const bound = journalBound(fs.statSync(join(dir, next.file)).size);
    const end = logAppend(fs, dir, next.log, boundedChunks(pulled, bound - next.log));
    next = end === null || end - next.log > bound - next.log ? null : { ...next, log: end };
  }
  if (next !== null) {
    fileReplace(fs, join(dir, SYNC_STATE_FILE), Buffer.from(syncStateText(state, next)));
    return next;
  }
  const base: SyncFoldAt = { file: `sync.fold-${randomBytes(6).toString('hex')}`, seq: state.seq, log: 0 };
  fileWrite(fs, join(dir, base.file), chunksOf(syncFoldLines(state.fold, state.link.workspace, state.seq)));
  fileReplace(fs, join(dir, SYNC_STATE_FILE), Buffer.from(syncStateText(state, base)));
  for (const f of foldFilesBut(dir, base.file, fs)) fileGone(fs, join(dir, f));
  fileGone(fs, join(dir, SYNC_LOG_FILE));
  return base;
}

/** `sync.log`'s lines for `pulled`, each written as it is asked for. */
function* logLines(pulled: readonly PulledOp[]): Generator<string> {
  for (const op of pulled) yield syncLogLine(op);
}

/** The log's chunks for `pulled`, stopping once they pass `room` bytes (the fold is then written anew instead, and the ops after are never written as lines). */
function* boundedChunks(pulled: readonly PulledOp[], room: number): Generator<Buffer> {
  let length = 0;
  for (const chunk of chunksOf(logLines(pulled))) {
    length += chunk.length;
    yield chunk;
    if (length > room) return;
  }
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

/** The workspace in `dir` leaves its team: its sync state goes first (it is no longer linked), then the password and the fold's files. Its data stays as it is. */
export function syncUnlink(dir: string, fs: Fs = realFs): void {
  for (const file of [SYNC_STATE_FILE, SYNC_PASSWORD_FILE, SYNC_SEEN_FILE, SYNC_LOG_FILE, ...foldFilesBut(dir, null, fs)]) fileGone(fs, join(dir, file));
}
