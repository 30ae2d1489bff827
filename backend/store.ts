/**
 * Persistence of the account, its projects and settings: one writer per data
 * folder, and nothing acknowledged is ever lost.
 *
 * The process that opens a folder first takes its lock (`lock.ts`); any other
 * opens it read-only and says so. The data lives in one `conf` store
 * (in Electron too: the service runs in a utility process), whose own write is
 * replaced by one that cannot lie (`durable.ts`). A change is appended to a
 * journal beside it, one JSON line, fsync'd, and acknowledged only then: a usage
 * entry costs one small append, never a rewrite of a 100k-event file. The store
 * file is rewritten from memory later (compaction): written beside, read back,
 * renamed, the folder fsync'd, and only then the journal emptied. Each journal
 * line has a sequence number and the store file records the last one it holds,
 * so a crash between the two never applies a change twice. The journal's first
 * line names the store file's id, so another folder's journal is never applied;
 * its size stays within its bound (`journalBound`), a change that takes it past
 * compacted before it is acknowledged; and it is read a line at a time.
 *
 * Opening never bricks and never silently empties: a store file that does not
 * parse, has the wrong shape, or whose account the engine cannot replay is kept
 * aside as `.corrupt` with the reason, the newest backup that replays is
 * restored, the journal is applied to it where it follows on, and the user is
 * told what that drops and where it is kept. Backups are taken of validated
 * files only, so no number of bad launches rotates the last good one out.
 */
import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import { crc32 } from 'node:zlib';
import Conf from 'conf';
import { ExpectedError } from '../shared/errors.ts';
import { DIR_MODE, FILE_MODE, dirSync, fileCopy, fileReplace, fileWrite, isStorageError, realFs, storageCause, storageMessage, tmpSweep, writeAll, type Fs } from './durable.ts';
import { journalWriter } from './journal.ts';
import { lockedBy, lockTake, type LockOwner, type LockResult } from './lock.ts';
import { readConsistent } from '../shared/consistent.ts';
import { futureReadOnly, historyBelongs, journalAsideFailed, journalChoose, noticesKept, openNotices, seqExhausted, storeAsideFailed, storeChoose, storedOf, type FileText, type JournalChoice } from '../shared/folder.ts';
import { applyOp, dataApplied, JOURNAL_SEQ_MAX, journalRead, journalWith, storedEmpty, storedPieces, type Data, type Op, type Stored, type StoredReplayKnown } from '../shared/store.ts';
import type { Replay } from '../shared/engine/incremental.ts';
import { snapshotBytes, snapshotKeeps, snapshotOrigin, snapshotReplay, snapshotTip, type SnapshotKey, type SnapshotTip } from '../shared/engine/snapshot.ts';
import { settingsSchema, type Settings } from '../shared/api.ts';
import { projectParse, type Project } from '../shared/formats/project.ts';
import { snapshotHeadRead } from '../shared/snapshotHead.ts';
import { APP_VERSION } from './version.ts';

export type { Data, Op } from '../shared/store.ts';

/** The part of conf the store uses. */
export interface ConfLike {
  readonly path: string;
}

export interface ConfOptions {
  readonly cwd: string;
  readonly configName: string;
  readonly projectVersion: string;
  readonly clearInvalidConfig: false;
  readonly configFileMode: number;
  readonly serialize: (value: unknown) => string;
  readonly migrations: Record<string, (store: { store: Record<string, unknown> }) => void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin pattern requires a rest parameter of any[].
type ConfClass = new (...args: any[]) => ConfLike;

/** Makes a conf class write through `fileReplace`. */
export type ConfDurable = <C extends ConfClass>(Base: C) => C;

export interface StoreOptions {
  /** The folder that holds the data (the user's data folder, or `--data DIR`). */
  readonly dir: string;
  /** Who is opening the folder, for a second process's message. */
  readonly owner?: Pick<LockOwner, 'app' | 'url'>;
  /** When another process holds the folder: open it read-only (the desktop app), or throw `StoreLockedError` (the browser mode). */
  readonly whenLocked?: 'read-only' | 'fail';
  readonly backups?: number;
  /** Compact after this many journal lines. */
  readonly compactEvery?: number;
  /** The file system (tests pass one whose disk fills up). */
  readonly fs?: Fs;
  /** Where failures that the user is not shown (a backup or compaction that could not be written) are logged. */
  readonly log?: (message: string) => void;
  /** What the opener has to tell the user besides (the host's: the service was restarted), kept in the folder with the opening's own notices. */
  readonly notices?: readonly string[];
  /**
   * Hears, before the store file is read, what its snapshot says of it (`StoreGlance`), when the folder is held and
   * the snapshot was written beside this very store file with no change in the journal since: the first screen is
   * drawn from it while the account is read.
   */
  readonly glance?: (glance: StoreGlance) => void;
}

/**
 * The store file as its snapshot's head gives it, without reading it: the state after every event and what the
 * account holds besides, its projects and settings, and its journal position. The account, read after, is the truth.
 */
export interface StoreGlance {
  readonly tip: SnapshotTip;
  readonly projects: Project[];
  readonly settings: Settings;
  readonly seq: number;
}


export const CONFIG_NAME = 'account';

/**
 * The store's migrations, keyed by the app version that introduced them; conf
 * runs those newer than the store's on open. A new format
 * of the account file gets its migration here.
 */
export const STORE_MIGRATIONS: ConfOptions['migrations'] = {
  '0.1.0': (store) => {
    if (!('account' in store.store)) store.store = { ...storedEmpty() };
  },
};

export function confOptions(dir: string): ConfOptions {
  return {
    cwd: dir,
    configName: CONFIG_NAME,
    projectVersion: APP_VERSION,
    clearInvalidConfig: false,
    configFileMode: FILE_MODE,
    serialize: (value) => JSON.stringify(value),
    migrations: STORE_MIGRATIONS,
  };
}

/**
 * conf writes through `atomically`, which ignores a short write (the bytes the
 * kernel did not take are simply missing from the file it renames into place)
 * and swallows a failed chmod; this subclass writes through `fileReplace`.
 */
export function confDurable(fs: Fs): ConfDurable {
  return <C extends ConfClass>(Base: C): C => {
    const Durable = class extends Base {};
    Object.defineProperty(Durable.prototype, '_write', {
      value(this: { path: string; _serialize: (value: unknown) => string }, value: unknown) {
        fileReplace(fs, this.path, Buffer.from(this._serialize(value)));
      },
    });
    return Durable;
  };
}

export interface Store {
  readonly data: Data;
  /** What the user must be told about opening (a recovery), this one's and those of earlier ones no page has shown yet. */
  readonly notices: readonly string[];
  /** The page the user reads has shown the notices: they are no longer kept. */
  noticesShown(): void;
  readonly dir: string;
  /** Why nothing can be saved (another process holds the folder, it cannot be written, a newer app wrote it); null when it can. */
  readonly readOnly: string | null;
  /** The number of the last change committed: one more with each commit, kept across restarts (the journal's sequence). */
  readonly seq: number;
  /** Append a change to the journal, then apply it in memory. Throws `ExpectedError` (`storage`, `read-only`) and changes nothing when it is not on disk. */
  commit(op: Op): void;
  /** Rewrite the store file from memory and empty the journal; false (the journal kept) when it could not. */
  compact(): boolean;
  /** Compact, close the journal, and release the folder. */
  close(): void;
  /**
   * Where the snapshot (`account.snapshot`, the engine's replay of the store file's account) comes from: `source`
   * gives the replay of the data at a journal position, or null when it has none (the session's). The store writes
   * one after each compaction, and when the one on disk did not match the store file at opening.
   */
  snapshotSource(source: (seq: number) => Replay | null): void;
  /** Write the snapshot the store waits for, if the source now has its replay. */
  snapshotTake(): void;
  /** The store file's account was opened with its replay read from the snapshot (not replayed). */
  readonly fromSnapshot: boolean;
  /**
   * The undo history's file (`account.history`, written by the service) as it was at opening, or null: none, or
   * the data was recovered at opening (from a backup, or past a journal that did not apply), so that a history
   * recorded for other data is never read.
   */
  readonly historyText: string | null;
  /** Append to the undo history's file; false (logged) when it could not be written. */
  historyAppend(text: string): boolean;
  /** Replace the undo history's file; false (logged) when it could not be written. */
  historyWrite(text: string): boolean;
  /** The backups kept in `backups/`, newest (most changes) first. */
  backups(): readonly BackupFile[];
  /** A backup's data, read and checked as at opening (the engine replays it); null when it does not read. `name` is one `backups()` lists. */
  backupRead(name: string): Data | null;
}

/** A backup in `backups/`: its file name, the journal position (the revision) it holds, and when it was taken (ISO time). */
export interface BackupFile {
  readonly name: string;
  readonly revision: number;
  readonly time: string;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Backups are named by the journal position they hold, then the time: they sort
 * by how much they hold, not by a clock that may have been wrong. Names of the
 * app's first version (the time alone) sort before all others.
 */
export const BACKUP_NAME = /^account-(?:(\d{12})-)?(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.json$/;

/** A backup's file name as what it holds: its journal position (0 for the app's first version's, which has none) and its time. */
function backupFileOf(name: string): BackupFile | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  return { name, revision: Number(m[1] ?? 0), time: m[2]!.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/, 'T$1:$2:$3.$4Z') };
}

/** The app version whose migrations a store file has had (conf keeps it). */
function migratedVersion(stored: Stored): string | null {
  const internal = stored.__internal__ as { migrations?: { version?: unknown } } | undefined;
  return typeof internal?.migrations?.version === 'string' ? internal.migrations.version : null;
}

/** The folder cannot be opened (it is a file): said to the user in one line. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** Another process holds the folder, and this one asked not to open it read-only. */
export class StoreLockedError extends StoreOpenError {
  override name = 'StoreLockedError';
}

/** A data folder's files, and where the store says what it could not do. */
interface Folder {
  readonly dir: string;
  readonly fs: Fs;
  readonly log: (message: string) => void;
  readonly storePath: string;
  readonly journalPath: string;
  readonly historyPath: string;
  /** The notices of openings not yet shown to the user (`account.notices`). */
  readonly noticesPath: string;
  /** The engine's replay of the store file's account (`account.snapshot`): derived, rebuilt whenever it does not match. */
  readonly snapshotPath: string;
  readonly backupsDir: string;
}

/** The folder's lock, and why nothing can be saved (another process holds it, it cannot be written, a newer app wrote it); null when it can. */
interface Hold {
  readonly lock: LockResult;
  readOnly: string | null;
}

/** How many times a reader that does not hold the folder reads the store file and journal again when the holder compacted them meanwhile. */
const READ_TRIES = 10;

function kindOf(fs: Fs, path: string): 'file' | 'folder' | 'link' | 'other' | null {
  try {
    const st = fs.lstatSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : st.isSymbolicLink() ? 'link' : 'other';
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: lstat fails otherwise for a path through a file (ENOTDIR) or in a folder not this user's to look into (EACCES, never as root): the next look at the same path (the lock's mkdir, the store file's read) throws the same error, naming another call.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function isFolder(fs: Fs, path: string): boolean {
  return kindOf(fs, path) === 'folder' || (kindOf(fs, path) === 'link' && fs.statSync(path).isDirectory());
}

function readBytes(fs: Fs, path: string): Buffer | null {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return null;
    throw e;
  }
}

/** A file's bytes as text, or their size when they are too large for a string. */
function fileText(bytes: Buffer): FileText {
  try {
    return bytes.toString('utf8');
  } catch {
    return { tooLarge: bytes.length };
  }
}

/** The store file's identity, size and time: another that replaced it (a compaction) has others. */
function fileStamp(fs: Fs, path: string): string | null {
  if (!fs.existsSync(path)) return null;
  const st = fs.statSync(path);
  return `${st.ino}:${st.mtimeMs}:${st.size}`;
}

/** The backups the app wrote, newest (most changes) first. */
function backupsNewestFirst(folder: Folder): string[] {
  const { fs, backupsDir } = folder;
  if (!isFolder(fs, backupsDir)) return [];
  return fs
    .readdirSync(backupsDir)
    .map((f) => ({ f, m: BACKUP_NAME.exec(f) }))
    .filter(({ f, m }) => m !== null && kindOf(fs, join(backupsDir, f)) === 'file')
    .sort((a, b) => {
      const bySeq = Number(b.m![1] ?? -1) - Number(a.m![1] ?? -1);
      if (bySeq !== 0) return bySeq;
      // Stryker disable next-line EqualityOperator,ConditionalExpression: a name is its revision and time, so two of the same revision never have the same time (< and <= agree); and Node lists a folder in name order (libuv's scandir sorts it), which for one revision is time order, so a comparison always false (-1: V8's sort then reverses that order) gives the same newest first.
      return a.m![2]! < b.m![2]! ? 1 : -1;
    })
    .map(({ f }) => join(backupsDir, f));
}

/**
 * Keep `bytes` (a validated store file holding the journal up to `at`) as the
 * newest backup, unless it already is; then rotate, keeping `keep`. On opening
 * (`sameAtSize`), a newest backup of the same journal position and size is taken
 * to be this file without reading it back: the app wrote both, and a large
 * account opens without reading it twice.
 */
function backupTake(folder: Folder, keep: number, store: { readonly path: string; readonly size: number }, at: number, sameAtSize = false): void {
  const { fs, backupsDir } = folder;
  try {
    const [newest] = backupsNewestFirst(folder);
    const held = newest === undefined ? null : { size: fs.statSync(newest).size, at: Number(BACKUP_NAME.exec(basename(newest))?.[1] ?? -1) };
    if (held && held.size === store.size && ((sameAtSize && held.at === at) || filesSame(fs, newest!, store.path))) return;
    fs.mkdirSync(backupsDir, { recursive: true, mode: DIR_MODE });
    fileCopy(fs, store.path, join(backupsDir, `${CONFIG_NAME}-${String(at).padStart(12, '0')}-${stamp()}.json`));
    for (const old of backupsNewestFirst(folder).slice(keep)) fs.unlinkSync(old);
    dirSync(fs, backupsDir);
  } catch (e) {
    folder.log(`a backup could not be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); the data itself is saved`);
  }
}

const COMPARE_CHUNK = 1 << 20;

/** Whether two files of the same size hold the same bytes, read a chunk at a time (a million-event store file is about 100 MB). */
function filesSame(fs: Fs, a: string, b: string): boolean {
  const fa = fs.openSync(a, 'r');
  try {
    const fb = fs.openSync(b, 'r');
    try {
      const ca = Buffer.alloc(COMPARE_CHUNK);
      const cb = Buffer.alloc(COMPARE_CHUNK);
      for (let at = 0; ; at += COMPARE_CHUNK) {
        const na = fs.readSync(fa, ca, 0, COMPARE_CHUNK, at);
        const nb = fs.readSync(fb, cb, 0, COMPARE_CHUNK, at);
        if (na !== nb || !ca.subarray(0, na).equals(cb.subarray(0, nb))) return false;
        if (na === 0) return true;
      }
    } finally {
      fs.closeSync(fb);
    }
  } finally {
    fs.closeSync(fa);
  }
}

/**
 * Keep a copy of a file that cannot be used (its bytes as read, or a `copy` of
 * the file made a chunk at a time), with the reason beside it; the copy's name,
 * or null where it could not be written (then the original must stay exactly as
 * it is).
 */
function keepAside(folder: Folder, hold: Hold, path: string, bytes: Buffer | 'copy', what: 'corrupt' | 'unapplied', reason: string): string | null {
  if (hold.readOnly !== null) return null;
  const aside = `${path}.${stamp()}.${what}`;
  try {
    if (bytes === 'copy') fileCopy(folder.fs, path, aside);
    else fileReplace(folder.fs, aside, bytes);
  } catch (e) {
    folder.log(`${path} could not be kept aside (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return null;
  }
  try {
    fileReplace(folder.fs, `${aside}.txt`, Buffer.from(`${reason}\n`));
  } catch {
    // The reason is also in the notice; the copy is what matters.
  }
  return aside;
}

/** Tighten what an earlier version, or another program, left readable by others. Best effort: a folder owned by someone else, or a FAT disk, refuses it. */
function tighten(fs: Fs, path: string, mode: number): void {
  try {
    fs.chmodSync(path, mode);
  } catch {
    // Not ours to change.
  }
}

/** What the holder does first: remove what an interrupted write left, and tighten the files' modes. */
function folderTidy(folder: Folder, storeFile: string): void {
  const { fs, dir, backupsDir, log } = folder;
  for (const f of tmpSweep(fs, dir, CONFIG_NAME)) log(`removed ${f}, left by a write that was interrupted`);
  if (isFolder(fs, backupsDir)) for (const f of tmpSweep(fs, backupsDir, CONFIG_NAME)) log(`removed backups/${f}, left by a write that was interrupted`);
  for (const path of [dir, backupsDir]) if (isFolder(fs, path)) tighten(fs, path, DIR_MODE);
  for (const path of [storeFile, folder.journalPath, folder.historyPath, folder.noticesPath, folder.snapshotPath]) if (kindOf(fs, path) === 'file') tighten(fs, path, FILE_MODE);
}

function lostMessage(dir: string, why: string): string {
  return `Credit Companion lost its hold on ${dir} (${why}), so that another process could not overwrite its changes; nothing more is saved from this window. Quit and open it again.`;
}

/** Take the folder's lock; when another process holds it, open read-only (or throw `StoreLockedError`, as asked). */
function holdTake(folder: Folder, options: StoreOptions): Hold {
  const { dir, fs, log } = folder;
  const hold: Hold = {
    readOnly: null,
    lock: lockTake({
      dir,
      fs,
      owner: options.owner ?? { app: 'test' },
      onCompromised: (error) => {
        hold.readOnly = lostMessage(dir, error.message);
        log(hold.readOnly);
      },
    }),
  };
  const { lock } = hold;
  if (!lock.held) {
    if (lock.reason === 'locked' && options.whenLocked === 'fail') throw new StoreLockedError(lock.message);
    hold.readOnly =
      lock.reason === 'locked'
        ? `${lockedBy(dir, lock.owner)}: this window shows its data read-only; make changes there.`
        : `${storageCause(lock.error, dir)}: the data is shown read-only, and nothing can be saved.`;
  }
  for (const [path, what] of [
    [folder.storePath, 'account.json'],
    [folder.journalPath, 'account.journal'],
  ] as const) {
    if (kindOf(fs, path) === 'folder') hold.readOnly ??= `${path} is a folder, not the ${what} file Credit Companion keeps there: move it out of the way, then open the app again. Until then the data is shown read-only.`;
  }
  return hold;
}

/** Throws (to stop a write at the last moment) when another process has taken the folder. */
function stillOurs(hold: Hold, dir: string): void {
  if (hold.lock.held && !hold.lock.stillHeld()) {
    hold.readOnly ??= lostMessage(dir, 'another process took it over');
    throw Object.assign(new Error(hold.readOnly), { code: 'ELOCKLOST' });
  }
}

/** What opening read and decided, once what the decisions asked for is done. */
interface Opened {
  readonly stored: Stored;
  readonly journal: JournalChoice;
  /** Where the journal was kept aside (null: it was not, or could not be). */
  readonly journalAside: string | null;
  /** The journal holds lines no copy of which could be kept: compaction must leave it as it is. */
  readonly journalKeep: boolean;
  readonly notices: string[];
  /** The undo history was recorded for the data opened. */
  readonly historyBelongs: boolean;
  /** The store file's bytes as read (null: there was none), and as they are now (after a rewrite or migration). */
  readonly storeBytes: Buffer | null;
  readonly fileBytes: Buffer | null;
  /** The store file's account was taken from its snapshot, not replayed. */
  readonly snapshotRead: boolean;
  /** The store file's identity on disk as its snapshot names it (null: none, or not known). */
  readonly snapshotStamp: string | null;
}

/**
 * Write what replaces the store file before conf opens it (a restored backup, or a file read with a byte-order mark,
 * which conf's reader refuses), then run conf's migrations newer than the file's, through `fileReplace`. A file
 * already at this version has none to run, and conf (which parses the whole file four times on the way) is not opened for it.
 */
function storeMigrate(folder: Folder, hold: Hold, storeFile: string, stored: Stored, rewrite: Buffer | null, storeBytes: Buffer | null): { stored: Stored; fileBytes: Buffer | null } {
  const { fs, dir } = folder;
  let fileBytes = storeBytes;
  if (hold.readOnly !== null) return { stored, fileBytes };
  try {
    if (rewrite !== null) {
      fileReplace(fs, storeFile, rewrite);
      fileBytes = rewrite;
    }
    // Stryker disable next-line ConditionalExpression: conf opened on a file already at this version runs no migration and writes nothing; only slower (it parses the file four times).
    if (migratedVersion(stored) !== APP_VERSION) {
      new (confDurable(fs)(Conf))(confOptions(dir));
      fileBytes = fs.readFileSync(storeFile);
      const migrated = storedOf(fileText(fileBytes), APP_VERSION);
      if (migrated.ok) stored = migrated.stored;
    }
  } catch (e) {
    if (!isStorageError(e)) throw e;
    hold.readOnly = `${storageCause(e, dir)}: the data is shown read-only until that is fixed.`;
  }
  return { stored, fileBytes };
}

/**
 * Read the store file and journal as one consistent pair, decide (`storeChoose`, `journalChoose`), and do what the
 * decisions ask: keep copies aside, restore, migrate. A reader that does not hold the folder writes nothing (it is
 * read-only), so its read is done again while the holder compacted under it.
 */
function folderOpen(folder: Folder, hold: Hold, storeFile: string): Opened {
  return readConsistent(() => folderRead(folder, hold, storeFile), () => fileStamp(folder.fs, storeFile), hold.lock.held ? 1 : READ_TRIES);
}

/** The snapshot of the store file whose bytes are `storeBytes`, for its account; null when it does not match or does not read. */
function snapshotOf(folder: Folder, storeBytes: Buffer, used: { read: boolean; stamp: string | null }): StoredReplayKnown {
  return (stored, account) => {
    if (stored.storeId === undefined) return null;
    let bytes: Buffer | null;
    try {
      bytes = readBytes(folder.fs, folder.snapshotPath);
    } catch {
      return null;
    }
    const replay = bytes === null ? null : snapshotReplay(bytes, account, { storeId: stored.storeId, journalSeq: stored.journalSeq, storeSize: storeBytes.length, storeCrc: crc32(storeBytes) }, crc32);
    used.read = replay !== null;
    used.stamp = replay === null ? null : (snapshotOrigin(bytes!)?.storeStamp ?? null);
    return replay;
  };
}

/** What the store keeps beside the account in its snapshot: the app that wrote it, the projects and the settings. */
interface Beside {
  readonly app: string;
  readonly projects: readonly Project[];
  readonly settings: Settings;
}

/** The journal holds this many bytes at most when it holds no change (its head line alone): a larger one is not read for a glance. */
const JOURNAL_HEAD_MAX = 4096;

/**
 * The store file as its snapshot gives it (`StoreGlance`), when the snapshot was written beside this very file (its
 * identity on disk, and the head's own checksum), by this version of the app, and the journal holds no change
 * after it; null otherwise (the account is read as ever, and shown once read).
 */
function folderGlance(folder: Folder, storeFile: string): StoreGlance | null {
  const { fs } = folder;
  try {
    const stamp = fileStamp(fs, storeFile);
    // The head alone: the order, costs and checkpoints after it are the account's read, not the glance's.
    const head = snapshotHeadRead(fs, folder.snapshotPath);
    const origin = head === null ? null : snapshotOrigin(head.bytes);
    if (head === null || origin === null || origin.storeStamp !== stamp) return null;
    const tip = snapshotTip(head.bytes, origin, crc32, head.size);
    const beside = tip?.beside as Partial<Beside> | null | undefined;
    if (tip === null || beside?.app !== APP_VERSION || !Array.isArray(beside.projects)) return null;
    const settings = settingsSchema.safeParse(beside.settings);
    const projects = beside.projects.map((p) => projectParse(p));
    if (!settings.success || !projects.every((p) => p.ok)) return null;
    const quiet = journalWith(fs, folder.journalPath, (lines) => {
      if (lines === null) return true;
      if (lines.torn || lines.complete > JOURNAL_HEAD_MAX) return false;
      const read = journalRead(lines, origin.journalSeq);
      return read.changes === 0 && read.damagedCount === 0 && (read.store === null || read.store === origin.storeId);
    });
    return quiet ? { tip, projects: projects.map((p) => p.value), settings: settings.data, seq: origin.journalSeq } : null;
  } catch {
    return null;
  }
}

function folderRead(folder: Folder, hold: Hold, storeFile: string): Opened {
  const { fs, dir } = folder;
  const storeBytes = readBytes(fs, storeFile);
  const snapshot: { read: boolean; stamp: string | null } = { read: false, stamp: null };
  const backupBytes = new Map<string, Buffer>();
  const backupText = (path: string): string | null => {
    const bytes = readBytes(fs, path);
    if (bytes === null) return null;
    backupBytes.set(path, bytes);
    const text = fileText(bytes);
    return typeof text === 'string' ? text : null;
  };
  const choice = storeChoose({
    store: storeBytes === null ? null : fileText(storeBytes),
    backups: backupsNewestFirst(folder).map((name) => ({ name, text: () => backupText(name) })),
    writable: hold.readOnly === null,
    appVersion: APP_VERSION,
    replayKnown: storeBytes === null ? undefined : snapshotOf(folder, storeBytes, snapshot),
  });
  let storeAside: string | null = null;
  if (choice.kind === 'future') hold.readOnly ??= futureReadOnly(choice.reason);
  else if (choice.kind === 'recover' && storeBytes !== null) {
    storeAside = keepAside(folder, hold, folder.storePath, storeBytes, 'corrupt', choice.reason);
    // Restoring a backup over a damaged file that could not be copied would lose it.
    if (storeAside === null) hold.readOnly ??= storeAsideFailed(choice.reason, dir);
  }
  const rewrite = choice.kind === 'future' || choice.rewrite === null ? null : 'backup' in choice.rewrite ? backupBytes.get(choice.rewrite.backup)! : Buffer.from(choice.rewrite.text);
  const { stored, fileBytes } = storeMigrate(folder, hold, storeFile, choice.stored, rewrite, storeBytes);

  const journal = journalWith(fs, folder.journalPath, (lines) => journalChoose({ ...choice, stored }, lines));
  let journalAside: string | null = null;
  if (journal.aside !== null) {
    journalAside = keepAside(folder, hold, folder.journalPath, 'copy', journal.aside.kind, journal.aside.reason);
    // Left in place, a journal that does not follow would be applied to the wrong account by a version that does not check.
    if (journalAside === null && journal.aside.kind === 'unapplied') hold.readOnly ??= journalAsideFailed(choice, dir);
  }
  return {
    stored,
    journal,
    journalAside,
    journalKeep: journal.aside !== null && journalAside === null,
    notices: openNotices(choice, journal, { dir, storeAside, journalAside, writable: hold.readOnly === null }),
    historyBelongs: historyBelongs(choice, journal),
    storeBytes,
    fileBytes,
    snapshotRead: snapshot.read,
    snapshotStamp: snapshot.stamp,
  };
}

/** The undo history's file: its text as opened (null: none, or not of the data opened, then removed), and its writes. */
interface History {
  readonly text: string | null;
  append(text: string): boolean;
  write(text: string): boolean;
  close(): void;
}

function historyOpen(folder: Folder, hold: Hold, belongs: boolean): History {
  const { fs, historyPath, log } = folder;
  let text: string | null = null;
  try {
    if (belongs) text = readBytes(fs, historyPath)?.toString('utf8') ?? null;
    else if (hold.readOnly === null && kindOf(fs, historyPath) === 'file') {
      fs.unlinkSync(historyPath);
      log('the undo history was of the data before the recovery; it starts empty');
    }
  } catch (e) {
    log(`the undo history could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); it starts empty`);
    text = '';
  }
  let fd: number | null = null;
  function failed(e: unknown): false {
    log(`the undo history could not be saved (${(e as NodeJS.ErrnoException).code ?? String(e)}); the changes themselves are saved`);
    return false;
  }
  const close = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
  };
  return {
    text,
    append(more) {
      if (hold.readOnly !== null) return false;
      try {
        stillOurs(hold, folder.dir);
        fd ??= fs.openSync(historyPath, 'a', FILE_MODE);
        writeAll(fs, fd, Buffer.from(more));
        return true;
      } catch (e) {
        return failed(e);
      }
    },
    write(all) {
      if (hold.readOnly !== null) return false;
      try {
        fileReplace(fs, historyPath, Buffer.from(all), () => stillOurs(hold, folder.dir));
      } catch (e) {
        return failed(e);
      } finally {
        // The file appended to is the one replaced.
        close();
      }
      return true;
    },
    close,
  };
}

/**
 * The notices of this opening and of earlier ones no page has shown yet, kept in the folder before anything else
 * is done (a compaction empties the journal a notice speaks of): a start that ends before a page asked still tells
 * the next one.
 */
function noticesOpen(folder: Folder, hold: Hold, fresh: readonly string[]): string[] {
  const { fs, noticesPath, log } = folder;
  let text: string | null = null;
  try {
    text = readBytes(fs, noticesPath)?.toString('utf8') ?? null;
  } catch (e) {
    log(`the notices kept from an earlier start could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const notices = noticesKept(text, fresh);
  if (fresh.length > 0 && hold.readOnly === null) {
    try {
      fileReplace(fs, noticesPath, Buffer.from(JSON.stringify(notices)));
    } catch (e) {
      log(`the notices could not be kept for the next start (${(e as NodeJS.ErrnoException).code ?? String(e)}); they are shown now`);
    }
  }
  return notices;
}

function noticesShown(folder: Folder, hold: Hold): void {
  const { fs, noticesPath, log } = folder;
  if (hold.readOnly !== null || kindOf(fs, noticesPath) !== 'file') return;
  try {
    fs.unlinkSync(noticesPath);
  } catch (e) {
    log(`the notices shown could not be removed (${(e as NodeJS.ErrnoException).code ?? String(e)}); the next start shows them again`);
  }
}

export function storeOpen(options: StoreOptions): Store {
  const { dir } = options;
  const fs = options.fs ?? realFs;
  const log = options.log ?? ((message: string) => console.error(`credit-companion: ${message}`));
  const folder: Folder = { dir, fs, log, storePath: join(dir, `${CONFIG_NAME}.json`), journalPath: join(dir, `${CONFIG_NAME}.journal`), historyPath: join(dir, `${CONFIG_NAME}.history`), noticesPath: join(dir, `${CONFIG_NAME}.notices`), snapshotPath: join(dir, `${CONFIG_NAME}.snapshot`), backupsDir: join(dir, 'backups') };
  if (kindOf(fs, dir) !== null && !isFolder(fs, dir)) throw new StoreOpenError(`${dir} is a file, not a folder: the data needs a folder of its own`);

  const hold = holdTake(folder, options);
  try {
    return storeOpened(folder, hold, options);
  } catch (e) {
    // What cannot be opened (an account.json that links to itself, say) is not held either: another try, or another process, may open it once mended.
    if (hold.lock.held) hold.lock.release();
    throw e;
  }
}

/** The store of a folder whose lock is taken (or found taken: read-only). */
function storeOpened(folder: Folder, hold: Hold, options: StoreOptions): Store {
  const { dir, fs, log } = folder;
  const keep = options.backups ?? 5;
  const writable = () => hold.readOnly === null;
  // The store file may be a link (into a synced folder, say): it is the file it links to that is rewritten.
  // Stryker disable next-line ConditionalExpression: the real path of a store file that is not a link is the same file (by another path under a linked folder); a missing one falls back to its path.
  const storeFile = kindOf(fs, folder.storePath) === 'link' ? (() => { try { return fs.realpathSync(folder.storePath); } catch { return folder.storePath; } })() : folder.storePath;
  if (hold.lock.held) folderTidy(folder, storeFile);
  if (options.glance && hold.readOnly === null) {
    const glance = folderGlance(folder, storeFile);
    if (glance !== null) options.glance(glance);
  }

  const opened = folderOpen(folder, hold, storeFile);
  const { stored } = opened;
  // What the store keeps of the opening once open: not its bytes, nor the account as the store file held it.
  const { journalKeep } = opened;
  const internal = stored.__internal__;
  const data: Data = { ...opened.journal.data };
  let seq = opened.journal.lastSeq;
  // A store file of an earlier version has no id: it gets one when it is next written (at once, below); a new one, at its first compaction.
  const storeId = stored.storeId ?? randomUUID();
  const history = historyOpen(folder, hold, opened.historyBelongs);
  const notices = noticesOpen(folder, hold, [...opened.notices, ...(options.notices ?? [])]);
  /** The store file the snapshot to write is of, with what it keeps beside the account (null: none is waited for), and where its replay comes from. */
  let snapshotDue: (SnapshotKey & { readonly beside: Beside }) | null = null;
  const besideOf = (): Beside => ({ app: APP_VERSION, projects: data.projects, settings: data.settings });
  let snapshotFrom: ((seq: number) => Replay | null) | null = null;

  function snapshotTake(): void {
    const due = snapshotDue;
    if (due === null || snapshotFrom === null || !writable()) return;
    const replay = snapshotFrom(due.journalSeq);
    if (replay === null) return;
    snapshotDue = null;
    if (!snapshotKeeps(replay)) return;
    try {
      const { beside, ...key } = due;
      fileReplace(fs, folder.snapshotPath, Buffer.concat(snapshotBytes(replay, key, crc32, fileStamp(fs, storeFile), beside)), () => stillOurs(hold, dir));
    } catch (e) {
      log(`the account's snapshot could not be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); the next opening replays the account instead`);
    }
  }

  /**
   * The store file rewritten as `next`, the data after change `at`, a piece at a time (never one string: about 100 MB
   * at a million events): its size and CRC-32. Throws when it could not be (the file and the journal as they were).
   */
  function storeWrite(next: Data, at: number): { size: number; crc: number } {
    let size = 0;
    let crc = 0;
    const pieces = storedPieces({ ...next, journalSeq: at, storeId, __internal__: internal });
    function* chunks(): Generator<Buffer> {
      for (const piece of pieces) {
        const chunk = Buffer.from(piece);
        size += chunk.length;
        crc = crc32(chunk, crc);
        yield chunk;
      }
    }
    fileWrite(fs, storeFile, chunks(), () => stillOurs(hold, dir));
    return { size, crc };
  }

  function compact(): boolean {
    if (!writable()) return false;
    let written: { size: number; crc: number };
    try {
      written = storeWrite(data, seq);
    } catch (e) {
      log(`the account could not be rewritten (${(e as NodeJS.ErrnoException).code === 'ELOCKLOST' ? hold.readOnly : storageMessage(e, dir)}); every change is still in ${folder.journalPath}`);
      journal.compacted(false, storeSize);
      return false;
    }
    storeWritten(written);
    return true;
  }

  /** The store file now holds every change (`written`: its size and CRC-32): the journal is emptied, a backup kept, the snapshot of it asked for. */
  function storeWritten(written: { size: number; crc: number }): void {
    // Every journal line is now in the store file (and any line left would be skipped by its seq).
    if (!journalKeep) {
      try {
        stillOurs(hold, dir);
        journal.empty();
      } catch (e) {
        log(`the change journal could not be emptied (${(e as NodeJS.ErrnoException).code ?? String(e)}); its lines are already saved and will be skipped`);
      }
    }
    storeSize = written.size;
    journal.compacted(true, storeSize);
    backupTake(folder, keep, { path: storeFile, size: storeSize }, seq);
    snapshotDue = { storeId, journalSeq: seq, storeSize, storeCrc: written.crc, beside: besideOf() };
    snapshotTake();
  }

  /** Refuse a change because the folder is read-only now. */
  function readOnlyRefusal(): ExpectedError {
    return new ExpectedError({ code: 'read-only', message: `Not saved. ${hold.readOnly}` });
  }

  /** A change's write failed with `e`: refused as the folder being read-only now, or as storage that failed (logged); anything else is a bug, thrown as it is. */
  function notSaved(e: unknown): never {
    if (hold.readOnly !== null) throw readOnlyRefusal();
    if (!isStorageError(e)) throw e;
    log(`a change was not saved: ${String(e)}`);
    throw new ExpectedError({ code: 'storage', message: storageMessage(e, dir) });
  }

  /**
   * Commit change `seq + 1`, too large for the journal's bound, by rewriting the store file with it: its line would
   * only be written to be compacted away at once. Nothing changes in memory until the file is in place.
   */
  function commitWhole(op: Op): void {
    const next = dataApplied(data, op);
    let written: { size: number; crc: number };
    try {
      written = storeWrite(next, seq + 1);
    } catch (e) {
      notSaved(e);
    }
    seq++;
    Object.assign(data, next);
    storeWritten(written);
  }

  let storeSize = opened.fileBytes?.length ?? 0;
  const journal = journalWriter({
    fs,
    dir,
    path: folder.journalPath,
    storeId,
    size: opened.journal.complete,
    torn: opened.journal.torn,
    pending: opened.journal.applied,
    storeSize,
    compactEvery: options.compactEvery ?? 1000,
    compact,
  });

  if (writable()) {
    // A journal kept aside is emptied at once (its copy holds it), so that the next start does not copy it again.
    if (seq > stored.journalSeq || opened.journal.torn || opened.journalAside !== null || (stored.storeId === undefined && opened.storeBytes !== null) || journal.due) compact();
    else if (opened.storeBytes !== null && opened.fileBytes !== null) {
      backupTake(folder, keep, { path: storeFile, size: opened.fileBytes.length }, seq, true);
      // A snapshot that did not match (another file's, an older one, damaged, none) is made again from this file; one
      // that matched a copy of it (the folder copied or moved: another identity on disk) too, so that the next opening draws its first screen from it.
      // The store file has its id here, and the journal adds nothing to it (seq is its journalSeq): either would have compacted it above.
      const stampStale = opened.snapshotRead && opened.snapshotStamp !== fileStamp(fs, storeFile);
      if (!opened.snapshotRead || stampStale) snapshotDue = { storeId, journalSeq: seq, storeSize: opened.fileBytes.length, storeCrc: crc32(opened.fileBytes), beside: besideOf() };
    }
  }

  return {
    data,
    notices,
    noticesShown: () => noticesShown(folder, hold),
    dir,
    get readOnly() {
      return hold.readOnly;
    },
    get seq() {
      return seq;
    },
    commit(op) {
      try {
        stillOurs(hold, dir);
      } catch {
        // `readOnly` now says so.
      }
      if (hold.readOnly !== null) throw readOnlyRefusal();
      if (seq >= JOURNAL_SEQ_MAX) throw new ExpectedError({ code: 'storage', message: seqExhausted(seq) });
      if (!journal.fits(seq + 1, op)) return commitWhole(op);
      try {
        journal.append(seq + 1, op);
      } catch (e) {
        notSaved(e);
      }
      seq++;
      applyOp(data, op);
      // Acknowledged only within the journal's bound: a change that takes it past is compacted before it is answered.
      if (journal.due) compact();
    },
    compact,
    snapshotSource(source) {
      snapshotFrom = source;
      snapshotTake();
    },
    snapshotTake,
    fromSnapshot: opened.snapshotRead,
    close() {
      if (journal.pending > 0) compact();
      journal.close();
      history.close();
      if (hold.lock.held) hold.lock.release();
    },
    historyText: history.text,
    historyAppend: history.append,
    historyWrite: history.write,
    backups: () => backupsNewestFirst(folder).flatMap((path) => backupFileOf(basename(path)) ?? []),
    backupRead(name) {
      if (!backupsNewestFirst(folder).some((path) => basename(path) === name)) return null;
      const bytes = readBytes(fs, join(folder.backupsDir, name));
      const read = bytes === null ? null : storedOf(fileText(bytes), APP_VERSION);
      return read?.ok ? { account: read.stored.account, projects: read.stored.projects, settings: read.stored.settings } : null;
    },
  };
}
