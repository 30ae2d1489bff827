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
 * so a crash between the two never applies a change twice.
 *
 * Opening never bricks and never silently empties: a store file that does not
 * parse, has the wrong shape, or whose account the engine cannot replay is kept
 * aside as `.corrupt` with the reason, the newest backup that replays is
 * restored, the journal is applied to it where it follows on, and the user is
 * told what that drops and where it is kept. Backups are taken of validated
 * files only, so no number of bad launches rotates the last good one out.
 */
import { basename, join } from 'node:path';
import Conf from 'conf';
import { ExpectedError } from '../shared/errors.ts';
import { DIR_MODE, FILE_MODE, dirSync, fileReplace, isStorageError, realFs, storageCause, storageMessage, tmpSweep, writeAll, type Fs } from './durable.ts';
import { lockedBy, lockTake, type LockOwner } from './lock.ts';
import { applyOp, journalApply, journalRead, storedEmpty, storedRead, storedText, type Data, type Op, type Stored, type StoredRead } from '../shared/store.ts';
import { APP_VERSION } from './version.ts';

export type { Data, Op } from '../shared/store.ts';

/** The part of conf the store uses. */
export interface ConfLike {
  readonly path: string;
}

export interface ConfOptions {
  readonly cwd: string;
  readonly configName: string;
  readonly projectName: string;
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
    projectName: 'credit-companion',
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
  /** What the user must be told about opening (a recovery). */
  readonly notices: readonly string[];
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

/** `2026-11-25T16-30-00-000Z` (in a backup's name) as `2026-11-25 16:30 UTC`. */
function stampShown(name: string): string {
  const m = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})/.exec(name);
  return m ? `${m[1]} ${m[2]}:${m[3]} UTC` : name;
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
  return { name, revision: Number(m[1] ?? 0), time: m[2]!.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z') };
}

/** The app version whose migrations a store file has had (conf keeps it). */
function migratedVersion(stored: Stored): string | null {
  const internal = stored.__internal__ as { migrations?: { version?: unknown } } | undefined;
  return typeof internal?.migrations?.version === 'string' ? internal.migrations.version : null;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The folder cannot be opened (it is a file): said to the user in one line. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** Another process holds the folder, and this one asked not to open it read-only. */
export class StoreLockedError extends StoreOpenError {
  override name = 'StoreLockedError';
}

export function storeOpen(options: StoreOptions): Store {
  const { dir } = options;
  const fs = options.fs ?? realFs;
  const log = options.log ?? ((message: string) => console.error(`credit-companion: ${message}`));
  const backupsDir = join(dir, 'backups');
  const journalPath = join(dir, `${CONFIG_NAME}.journal`);
  const historyPath = join(dir, `${CONFIG_NAME}.history`);
  const storePath = join(dir, `${CONFIG_NAME}.json`);
  const keep = options.backups ?? 5;
  const compactEvery = options.compactEvery ?? 1000;
  const notices: string[] = [];
  let readOnly: string | null = null;

  const kind = (path: string): 'file' | 'folder' | 'link' | 'other' | null => {
    try {
      const st = fs.lstatSync(path);
      return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : st.isSymbolicLink() ? 'link' : 'other';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  };
  const isFolder = (path: string) => kind(path) === 'folder' || (kind(path) === 'link' && fs.statSync(path).isDirectory());
  if (kind(dir) !== null && !isFolder(dir)) throw new StoreOpenError(`${dir} is a file, not a folder: the data needs a folder of its own`);

  const lock = lockTake({
    dir,
    fs,
    owner: options.owner ?? { app: 'test' },
    onCompromised: (error) => {
      readOnly = lostMessage(error.message);
      log(readOnly);
    },
  });
  function lostMessage(why: string): string {
    return `Credit Companion lost its hold on ${dir} (${why}), so that another process could not overwrite its changes; nothing more is saved from this window. Quit and open it again.`;
  }
  if (!lock.held) {
    if (lock.reason === 'locked' && options.whenLocked === 'fail') throw new StoreLockedError(lock.message);
    readOnly =
      lock.reason === 'locked'
        ? `${lockedBy(dir, lock.owner)}: this window shows its data read-only; make changes there.`
        : `${storageCause(lock.error, dir)}: the data is shown read-only, and nothing can be saved.`;
  }
  const writable = () => readOnly === null;
  /** Throws (to stop a write at the last moment) when another process has taken the folder. */
  function stillOurs(): void {
    if (lock.held && !lock.stillHeld()) {
      readOnly ??= lostMessage('another process took it over');
      throw Object.assign(new Error(readOnly), { code: 'ELOCKLOST' });
    }
  }

  for (const [path, what] of [
    [storePath, 'account.json'],
    [journalPath, 'account.journal'],
  ] as const) {
    if (kind(path) === 'folder') readOnly ??= `${path} is a folder, not the ${what} file Credit Companion keeps there: move it out of the way, then open the app again. Until then the data is shown read-only.`;
  }
  // The store file may be a link (into a synced folder, say): it is the file it links to that is rewritten.
  const storeFile = kind(storePath) === 'link' ? (() => { try { return fs.realpathSync(storePath); } catch { return storePath; } })() : storePath;

  function readBytes(path: string): Buffer | null {
    try {
      return fs.readFileSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw e;
    }
  }

  /** What a store file's bytes hold: too large for a string is damaged, like anything else that does not read. */
  function readStored(bytes: Buffer): StoredRead {
    let text: string;
    try {
      text = bytes.toString('utf8');
    } catch {
      return { ok: false, future: false, reason: `it is too large to read (${Math.round(bytes.length / 1024 / 1024)} MB)` };
    }
    return storedRead(text, APP_VERSION);
  }

  /** The store file and journal as one consistent pair: a holder may compact while a read-only reader reads. */
  function readBoth(): { storeBytes: Buffer | null; journalBytes: Buffer | null } {
    for (let tries = 0; ; tries++) {
      const before = fs.existsSync(storeFile) ? fs.statSync(storeFile) : null;
      const storeBytes = readBytes(storeFile);
      const journalBytes = readBytes(journalPath);
      const after = fs.existsSync(storeFile) ? fs.statSync(storeFile) : null;
      if (lock.held || tries === 4 || (before?.ino === after?.ino && before?.mtimeMs === after?.mtimeMs)) return { storeBytes, journalBytes };
    }
  }

  /** The backups the app wrote, newest (most changes) first. */
  function backupsNewestFirst(): string[] {
    if (!isFolder(backupsDir)) return [];
    return fs
      .readdirSync(backupsDir)
      .map((f) => ({ f, m: BACKUP_NAME.exec(f) }))
      .filter(({ f, m }) => m !== null && kind(join(backupsDir, f)) === 'file')
      .sort((a, b) => {
        const bySeq = Number(b.m![1] ?? -1) - Number(a.m![1] ?? -1);
        return bySeq !== 0 ? bySeq : a.m![2]! < b.m![2]! ? 1 : a.m![2]! > b.m![2]! ? -1 : 0;
      })
      .map(({ f }) => join(backupsDir, f));
  }

  /**
   * Keep `bytes` (a validated store file holding the journal up to `at`) as the
   * newest backup, unless it already is; then rotate. On opening (`sameAtSize`),
   * a newest backup of the same journal position and size is taken to be this
   * file without reading it back: the app wrote both, and a large account opens
   * without reading it twice.
   */
  function backup(bytes: Buffer, at: number, sameAtSize = false): void {
    try {
      const [newest] = backupsNewestFirst();
      const held = newest === undefined ? null : { size: fs.statSync(newest).size, at: Number(BACKUP_NAME.exec(basename(newest))?.[1] ?? -1) };
      if (held && held.size === bytes.length && ((sameAtSize && held.at === at) || fs.readFileSync(newest!).equals(bytes))) return;
      fs.mkdirSync(backupsDir, { recursive: true, mode: DIR_MODE });
      fileReplace(fs, join(backupsDir, `${CONFIG_NAME}-${String(at).padStart(12, '0')}-${stamp()}.json`), bytes);
      for (const old of backupsNewestFirst().slice(keep)) fs.unlinkSync(old);
      dirSync(fs, backupsDir);
    } catch (e) {
      log(`a backup could not be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); the data itself is saved`);
    }
  }

  /** Tighten what an earlier version, or another program, left readable by others. Best effort: a folder owned by someone else, or a FAT disk, refuses it. */
  function tighten(path: string, mode: number): void {
    try {
      if ((fs.statSync(path).mode & 0o777) !== mode) fs.chmodSync(path, mode);
    } catch {
      // Not ours to change.
    }
  }

  if (lock.held) {
    for (const f of tmpSweep(fs, dir, CONFIG_NAME)) log(`removed ${f}, left by a write that was interrupted`);
    if (isFolder(backupsDir)) for (const f of tmpSweep(fs, backupsDir, CONFIG_NAME)) log(`removed backups/${f}, left by a write that was interrupted`);
    for (const path of [dir, backupsDir]) if (isFolder(path)) tighten(path, DIR_MODE);
    for (const path of [storeFile, journalPath, historyPath]) if (kind(path) === 'file') tighten(path, FILE_MODE);
  }

  const both = readBoth();
  const storeBytes = both.storeBytes;
  let journalBytes = both.journalBytes;

  /**
   * Keep a copy of a file that cannot be used, with the reason beside it; the
   * copy's name, or null where it could not be written (then the original must
   * stay exactly as it is).
   */
  function keepAside(path: string, bytes: Buffer, what: 'corrupt' | 'unapplied', reason: string): string | null {
    if (!writable()) return null;
    const aside = `${path}.${stamp()}.${what}`;
    try {
      fileReplace(fs, aside, bytes);
    } catch (e) {
      log(`${path} could not be kept aside (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      return null;
    }
    try {
      fileReplace(fs, `${aside}.txt`, Buffer.from(`${reason}\n`));
    } catch {
      // The reason is also in the notice; the copy is what matters.
    }
    return aside;
  }

  /** The newest backup that replays. */
  function backupRestorable(): { name: string; stored: Stored; bytes: Buffer } | null {
    for (const file of backupsNewestFirst()) {
      const bytes = readBytes(file);
      if (bytes === null) continue;
      const candidate = readStored(bytes);
      if (candidate.ok) return { name: file, stored: candidate.stored, bytes };
    }
    return null;
  }

  let stored: Stored;
  /** What opening recovered from, for the notice (told once the journal is read): the reason (empty: the file was missing), the copy kept, the backup restored. */
  let recovery: { reason: string; aside: string | null; restored: string | null; journalSeq: number } | null = null;
  /** What the store file must be replaced with before conf opens it: a restored backup, or a file read with a byte-order mark (conf's reader refuses one). */
  let rewrite: Buffer | null = null;
  const read = storeBytes === null ? null : readStored(storeBytes);
  if (read === null && backupsNewestFirst().length > 0 && writable()) {
    // The store file is gone but backups are not: it was deleted, or a recovery was cut short. Never a silent first run.
    const restored = backupRestorable();
    stored = restored?.stored ?? storedEmpty();
    rewrite = restored?.bytes ?? null;
    recovery = { reason: '', aside: null, restored: restored?.name ?? null, journalSeq: stored.journalSeq };
  } else if (read === null || read.ok) {
    stored = read?.stored ?? storedEmpty();
    if (storeBytes?.[0] === 0xef && storeBytes[1] === 0xbb && storeBytes[2] === 0xbf) rewrite = Buffer.from(storedText(stored));
  } else if (read.future) {
    readOnly ??= `This data is from a newer Credit Companion: ${read.reason}. It is shown read-only and left as it is; update Credit Companion to change it.`;
    stored = read.stored ?? storedEmpty();
    journalBytes = null;
  } else {
    const aside = keepAside(storePath, storeBytes!, 'corrupt', read.reason);
    // Restoring a backup over a damaged file that could not be copied would lose it.
    if (aside === null) readOnly ??= `The saved account could not be read (${read.reason}), and no copy of it could be kept in ${dir}, so it is left as it is: the newest backup is shown read-only, and nothing can be saved.`;
    const restored = backupRestorable();
    stored = restored?.stored ?? storedEmpty();
    rewrite = restored?.bytes ?? Buffer.from(storedText(stored));
    recovery = { reason: read.reason, aside, restored: restored?.name ?? null, journalSeq: stored.journalSeq };
  }

  // conf runs the store's migrations newer than the file's, writing through `fileReplace`. A file
  // already at this version has none to run, and conf (which parses the whole file four times
  // on the way) is not opened for it.
  /** What the store file holds now: kept, so that the backup taken on opening does not read it again. */
  let fileBytes = storeBytes;
  if (writable()) {
    try {
      if (rewrite !== null) {
        fileReplace(fs, storeFile, rewrite);
        fileBytes = rewrite;
      }
      if (migratedVersion(stored) !== APP_VERSION) {
        new (confDurable(fs)(Conf))(confOptions(dir));
        fileBytes = fs.readFileSync(storeFile);
        const migrated = readStored(fileBytes);
        if (migrated.ok) stored = migrated.stored;
      }
    } catch (e) {
      if (!isStorageError(e)) throw e;
      readOnly = `${storageCause(e, dir)}: the data is shown read-only until that is fixed.`;
    }
  }

  const data: Data = { account: stored.account, projects: stored.projects, settings: stored.settings };
  let seq = stored.journalSeq;
  let pending = 0;
  let journalSize = 0;
  /** A failed append's bytes could not be cut off again: cut them before the next one. */
  let journalTorn = false;
  /** The journal holds lines no copy of which could be kept: compaction must leave it as it is. */
  let journalKeep = false;
  /** Every change the journal holds was applied: the data is as the last change left it. */
  let journalWhole = true;

  if (journalBytes !== null) {
    const journalText = journalBytes.toString('utf8');
    const journal = journalRead(journalText, stored.journalSeq);
    journalSize = Buffer.byteLength(journalText.slice(0, journal.complete));
    journalTorn = journal.complete < journalText.length;
    const first = journal.entries[0];
    if (recovery && first && first.seq !== recovery.journalSeq + 1) {
      // The journal follows the file that was lost, not the backup: its changes would apply to the wrong account.
      const aside = keepAside(journalPath, journalBytes, 'unapplied', `changes ${first.seq} to ${journal.lastSeq}, recorded after a store file that could not be read`);
      // Left in place, they would be applied to the backup at the next start.
      if (aside === null) readOnly ??= `Changes recorded after the account that could not be read could not be kept aside in ${dir}: the data is shown read-only, and nothing can be saved.`;
      notices.push(`${plural(journal.entries.length, 'change', 'changes')} recorded after that backup could not be applied to it; ${aside ? `they are kept in ${aside}` : 'they are left in the journal'}.`);
    } else if (journal.entries.length > 0 || journal.damaged.length > 0) {
      const applied = journalApply(data, journal.entries);
      Object.assign(data, applied.data);
      pending = applied.applied;
      if (journal.damaged.length > 0 || applied.problem !== null) {
        journalWhole = false;
        const why = applied.problem ?? `line ${journal.damaged.slice(0, 5).join(', ')} could not be read`;
        const kept = keepAside(journalPath, journalBytes, 'corrupt', why);
        journalKeep = kept === null;
        const skipped = journal.entries.length - applied.applied + journal.damaged.length;
        notices.push(`${plural(skipped, 'change', 'changes')} in the change journal could not be applied (${why}); ${kept ? `the journal is kept as ${kept}` : 'the journal is left as it is'}.`);
      }
    }
    seq = Math.max(seq, journal.lastSeq);
  }

  if (recovery) {
    // Nothing is committed yet: what is pending is what the journal added to the restored file.
    const journalApplied = pending;
    const what = recovery.aside ? `It was kept aside as ${recovery.aside}. ` : '';
    const saved = writable() ? '' : ' (shown, not saved)';
    const after = journalApplied > 0 ? `, with the ${plural(journalApplied, 'change', 'changes')} made after it: nothing was lost` : '; anything saved after that is not in it';
    const head = recovery.reason === '' ? `The saved account was missing from ${dir}.` : `The saved account could not be read: ${recovery.reason}.`;
    notices.unshift(
      recovery.restored
        ? `${head} ${what}The backup of ${stampShown(recovery.restored)} was restored${saved}${after}.`
        : `${head} ${what}No backup could be read either, so the app starts ${journalApplied > 0 ? `from the ${plural(journalApplied, 'change', 'changes')} in the journal` : 'empty'}.`,
    );
  }

  /** The undo history was recorded for the data as the journal leaves it: read only when that is the data opened. */
  let historyText: string | null = null;
  try {
    if (recovery === null && journalWhole && read?.ok !== false) historyText = readBytes(historyPath)?.toString('utf8') ?? null;
    else if (writable() && kind(historyPath) === 'file') {
      fs.unlinkSync(historyPath);
      log('the undo history was of the data before the recovery; it starts empty');
    }
  } catch (e) {
    log(`the undo history could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); it starts empty`);
    historyText = '';
  }
  let historyFd: number | null = null;
  function historyFailed(e: unknown): false {
    log(`the undo history could not be saved (${(e as NodeJS.ErrnoException).code ?? String(e)}); the changes themselves are saved`);
    return false;
  }

  let fd: number | null = null;
  let nextCompactAt = compactEvery;
  let compactScheduled = false;

  function journalFd(): number {
    if (fd !== null) return fd;
    const existed = fs.existsSync(journalPath);
    fd = fs.openSync(journalPath, 'a', FILE_MODE);
    if (!existed) dirSync(fs, dir);
    return fd;
  }

  function compact(): boolean {
    if (!writable()) return false;
    const bytes = Buffer.from(storedText({ ...data, journalSeq: seq, ...(stored.__internal__ !== undefined ? { __internal__: stored.__internal__ } : {}) }));
    try {
      fileReplace(fs, storeFile, bytes, stillOurs);
    } catch (e) {
      log(`the account could not be rewritten (${(e as NodeJS.ErrnoException).code === 'ELOCKLOST' ? readOnly : storageMessage(e, dir)}); every change is still in ${journalPath}`);
      nextCompactAt = pending + compactEvery;
      return false;
    }
    // Every journal line is now in the store file (and any line left would be skipped by its seq).
    if (!journalKeep) {
      try {
        stillOurs();
        const f = journalFd();
        fs.ftruncateSync(f, 0);
        fs.fsyncSync(f);
        journalSize = 0;
        journalTorn = false;
      } catch (e) {
        log(`the change journal could not be emptied (${(e as NodeJS.ErrnoException).code ?? String(e)}); its lines are already saved and will be skipped`);
      }
    }
    pending = 0;
    nextCompactAt = compactEvery;
    backup(bytes, seq);
    return true;
  }

  if (writable()) {
    if (pending > 0 || seq > stored.journalSeq || journalTorn) compact();
    else if (storeBytes !== null && fileBytes !== null) backup(fileBytes, seq, true);
  }

  return {
    data,
    notices,
    dir,
    get readOnly() {
      return readOnly;
    },
    get seq() {
      return seq;
    },
    commit(op) {
      try {
        stillOurs();
      } catch {
        // `readOnly` now says so.
      }
      if (readOnly !== null) throw new ExpectedError({ code: 'read-only', message: `Not saved. ${readOnly}` });
      const line = Buffer.from(`${JSON.stringify({ seq: seq + 1, ...op })}\n`);
      let f: number | null = null;
      try {
        f = journalFd();
        if (journalTorn) {
          fs.ftruncateSync(f, journalSize);
          journalTorn = false;
        }
        writeAll(fs, f, line);
        fs.fsyncSync(f);
      } catch (e) {
        if (f !== null) {
          try {
            fs.ftruncateSync(f, journalSize);
          } catch {
            journalTorn = true;
          }
        }
        if (!isStorageError(e)) throw e;
        log(`a change was not saved: ${String(e)}`);
        throw new ExpectedError({ code: 'storage', message: storageMessage(e, dir) });
      }
      journalSize += line.length;
      seq++;
      applyOp(data, op);
      if (++pending >= nextCompactAt && !compactScheduled) {
        compactScheduled = true;
        setImmediate(() => {
          compactScheduled = false;
          if (pending >= nextCompactAt) compact();
        });
      }
    },
    compact,
    close() {
      if (pending > 0) compact();
      if (fd !== null) fs.closeSync(fd);
      fd = null;
      if (historyFd !== null) fs.closeSync(historyFd);
      historyFd = null;
      if (lock.held) lock.release();
    },
    historyText,
    historyAppend(text) {
      if (!writable()) return false;
      try {
        stillOurs();
        historyFd ??= fs.openSync(historyPath, 'a', FILE_MODE);
        writeAll(fs, historyFd, Buffer.from(text));
        return true;
      } catch (e) {
        return historyFailed(e);
      }
    },
    historyWrite(text) {
      if (!writable()) return false;
      try {
        fileReplace(fs, historyPath, Buffer.from(text), stillOurs);
      } catch (e) {
        return historyFailed(e);
      } finally {
        // The file appended to is the one replaced.
        if (historyFd !== null) fs.closeSync(historyFd);
        historyFd = null;
      }
      return true;
    },
    backups: () => backupsNewestFirst().flatMap((path) => backupFileOf(basename(path)) ?? []),
    backupRead(name) {
      if (!backupsNewestFirst().some((path) => basename(path) === name)) return null;
      const bytes = readBytes(join(backupsDir, name));
      const read = bytes === null ? null : readStored(bytes);
      return read?.ok ? { account: read.stored.account, projects: read.stored.projects, settings: read.stored.settings } : null;
    },
  };
}
