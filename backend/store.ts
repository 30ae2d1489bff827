/**
 * Persistence of the account, its projects and settings: one writer per data
 * folder, and nothing acknowledged is ever lost.
 *
 * The process that opens a folder first takes its lock (`lock.ts`); any other
 * opens it read-only and says so. The data lives in one `conf` store
 * (electron-store in Electron: same options, same file), whose own write is
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
import { join } from 'node:path';
import Conf from 'conf';
import { ExpectedError } from '../shared/errors.ts';
import { DIR_MODE, FILE_MODE, dirSync, fileReplace, isStorageError, realFs, storageMessage, tmpSweep, writeAll, type Fs } from './durable.ts';
import { lockTake, type LockOwner } from './lock.ts';
import { applyOp, journalApply, journalRead, storedEmpty, storedRead, storedText, type Data, type Op, type Stored } from '../shared/formats/store.ts';
import { APP_VERSION } from './version.ts';

export type { Data, Op } from '../shared/formats/store.ts';

/** The part of conf (and electron-store, which extends it) the store uses. */
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

/** Makes a conf class write through `fileReplace`; electron/ wraps electron-store with it. */
export type ConfDurable = <C extends ConfClass>(Base: C) => C;

export interface StoreOptions {
  /** The folder that holds the data (the user's data folder, or `--data DIR`). */
  readonly dir: string;
  /** Makes the conf-like store; electron/ passes electron-store with these same options, wrapped by `durable`. */
  readonly createConf?: (options: ConfOptions, durable: ConfDurable) => ConfLike;
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

/** Another process holds the folder, and this one asked not to open it read-only. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

export const CONFIG_NAME = 'account';

/**
 * The store's migrations, keyed by the app version that introduced them; conf
 * (and electron-store) runs those newer than the store's on open. A new format
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
  /** Append a change to the journal, then apply it in memory. Throws `ExpectedError` (`storage`, `read-only`) and changes nothing when it is not on disk. */
  commit(op: Op): void;
  /** Rewrite the store file from memory and empty the journal; false (the journal kept) when it could not. */
  compact(): boolean;
  /** Compact, close the journal, and release the folder. */
  close(): void;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** `2026-11-25T16-30-00-000Z` (a backup's name) as `2026-11-25 16:30 UTC`. */
function stampShown(name: string): string {
  const m = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})/.exec(name);
  return m ? `${m[1]} ${m[2]}:${m[3]} UTC` : name;
}

/** The app version whose migrations a store file has had (conf keeps it). */
function migratedVersion(stored: Stored): string | null {
  const internal = stored.__internal__ as { migrations?: { version?: unknown } } | undefined;
  return typeof internal?.migrations?.version === 'string' ? internal.migrations.version : null;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function storeOpen(options: StoreOptions): Store {
  const { dir } = options;
  const fs = options.fs ?? realFs;
  const log = options.log ?? ((message: string) => console.error(`credit-companion: ${message}`));
  const backupsDir = join(dir, 'backups');
  const journalPath = join(dir, `${CONFIG_NAME}.journal`);
  const storePath = join(dir, `${CONFIG_NAME}.json`);
  const keep = options.backups ?? 5;
  const compactEvery = options.compactEvery ?? 1000;
  const notices: string[] = [];
  let readOnly: string | null = null;

  const lock = lockTake({
    dir,
    fs,
    owner: options.owner ?? { app: 'test' },
    onCompromised: (error) => {
      readOnly = `Credit Companion lost its hold on ${dir} (${error.message}), so that another process could not overwrite its changes; nothing more is saved from this window. Quit and open it again.`;
      log(readOnly);
    },
  });
  if (!lock.held) {
    if (lock.reason === 'locked' && options.whenLocked === 'fail') throw new StoreLockedError(lock.message);
    readOnly =
      lock.reason === 'locked'
        ? `${lock.message.replace(/; use that window.*$/, '')}: this window shows its data read-only; make changes there.`
        : `${storageMessage(lock.error, dir).replace(/: the last change was not saved.*$/, '')}: the data is shown read-only, and nothing can be saved.`;
  }
  const writable = () => readOnly === null;

  function readText(path: string): string | null {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if ((e as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') return '\u0000too large';
      throw e;
    }
  }

  /** The store file and journal as one consistent pair: a holder may compact while a read-only reader reads. */
  function readBoth(): { storeText: string | null; journalText: string | null } {
    for (let tries = 0; ; tries++) {
      const before = fs.existsSync(storePath) ? fs.statSync(storePath) : null;
      const storeText = readText(storePath);
      const journalText = readText(journalPath);
      const after = fs.existsSync(storePath) ? fs.statSync(storePath) : null;
      if (lock.held || tries === 4 || (before?.ino === after?.ino && before?.mtimeMs === after?.mtimeMs)) return { storeText, journalText };
    }
  }

  function backupsNewestFirst(): string[] {
    if (!fs.existsSync(backupsDir)) return [];
    return fs
      .readdirSync(backupsDir)
      .filter((f) => f.startsWith(`${CONFIG_NAME}-`) && f.endsWith('.json'))
      .sort()
      .reverse()
      .map((f) => join(backupsDir, f));
  }

  /** Keep `bytes` (a validated store file) as the newest backup, unless it already is; then rotate. */
  function backup(bytes: Buffer): void {
    try {
      const [newest] = backupsNewestFirst();
      if (newest !== undefined && fs.statSync(newest).size === bytes.length && fs.readFileSync(newest).equals(bytes)) return;
      fs.mkdirSync(backupsDir, { recursive: true, mode: DIR_MODE });
      fileReplace(fs, join(backupsDir, `${CONFIG_NAME}-${stamp()}.json`), bytes);
      for (const old of backupsNewestFirst().slice(keep)) fs.unlinkSync(old);
      dirSync(fs, backupsDir);
    } catch (e) {
      log(`a backup could not be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); the data itself is saved`);
    }
  }

  if (lock.held) {
    for (const f of [...tmpSweep(fs, dir, CONFIG_NAME), ...tmpSweep(fs, backupsDir, CONFIG_NAME)]) log(`removed ${f}, left by a write that was interrupted`);
    for (const path of [dir, backupsDir]) if (fs.existsSync(path)) fs.chmodSync(path, DIR_MODE);
    for (const path of [storePath, journalPath]) if (fs.existsSync(path)) fs.chmodSync(path, FILE_MODE);
  }

  const both = readBoth();
  const storeText = both.storeText;
  let journalText = both.journalText;

  /** Move a damaged file aside with its reason; the name it was kept under, or null where the folder cannot be written. */
  function keepAside(path: string, kind: 'corrupt' | 'unapplied', reason: string): string | null {
    if (!writable()) return null;
    const aside = `${path}.${stamp()}.${kind}`;
    try {
      fs.renameSync(path, aside);
      fileReplace(fs, `${aside}.txt`, Buffer.from(`${reason}\n`));
      dirSync(fs, dir);
      return aside;
    } catch (e) {
      log(`${path} could not be kept aside (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      return null;
    }
  }

  let stored: Stored;
  /** The base the journal is applied to is not the file it was written after (a backup was restored). */
  let recoveredFrom: { journalSeq: number } | null = null;
  /** What the store file must be replaced with before conf opens it: a restored backup, or a file read with a byte-order mark (conf's reader refuses one). */
  let rewrite: Buffer | null = null;
  const read = storeText === null ? null : storedRead(storeText, APP_VERSION);
  if (read === null || read.ok) {
    stored = read?.stored ?? storedEmpty();
    if (storeText?.charCodeAt(0) === 0xfeff) rewrite = Buffer.from(storedText(stored));
  } else if (read.future) {
    readOnly ??= `This data is from a newer Credit Companion: ${read.reason}. It is shown read-only and left as it is; update Credit Companion to change it.`;
    stored = read.stored ?? storedEmpty();
    journalText = null;
  } else {
    const aside = keepAside(storePath, 'corrupt', read.reason);
    // Restoring a backup over a damaged file that could not be moved would lose it.
    if (aside === null) readOnly ??= `The saved account could not be kept aside in ${dir}: the data is shown read-only, and nothing can be saved.`;
    const where = aside ? `It was kept aside as ${aside}` : 'It was left as it is';
    let restored: { name: string; stored: Stored; bytes: Buffer } | null = null;
    for (const file of backupsNewestFirst()) {
      const text = readText(file);
      const candidate = text === null ? null : storedRead(text, APP_VERSION);
      if (candidate?.ok) {
        restored = { name: file, stored: candidate.stored, bytes: Buffer.from(text!) };
        break;
      }
    }
    stored = restored?.stored ?? storedEmpty();
    recoveredFrom = { journalSeq: stored.journalSeq };
    rewrite = restored?.bytes ?? Buffer.from(storedText(stored));
    notices.push(
      restored
        ? `The saved account could not be read: ${read.reason}. ${where}. The backup of ${stampShown(restored.name)} was restored${writable() ? '' : ' (shown only, not saved)'}; anything saved after that is only in the file kept aside.`
        : `The saved account could not be read: ${read.reason}. ${where}. No backup could be read either, so the app starts empty.`,
    );
  }

  // conf runs the store's migrations newer than the file's, writing through `fileReplace`. A file
  // already at this version has none to run, and conf (which parses the whole file four times
  // on the way) is not opened for it.
  if (writable()) {
    try {
      if (rewrite !== null) fileReplace(fs, storePath, rewrite);
      if (migratedVersion(stored) !== APP_VERSION) {
        (options.createConf ?? ((o, durable) => new (durable(Conf))(o)))(confOptions(dir), confDurable(fs));
        const migrated = storedRead(fs.readFileSync(storePath, 'utf8'), APP_VERSION);
        if (migrated.ok) stored = migrated.stored;
      }
    } catch (e) {
      if (!isStorageError(e)) throw e;
      readOnly = `${storageMessage(e, dir).replace(/: the last change was not saved.*$/, '')}: the data is shown read-only until that is fixed.`;
    }
  }

  const data: Data = { account: stored.account, projects: stored.projects, settings: stored.settings };
  let seq = stored.journalSeq;
  let pending = 0;
  let journalSize = 0;
  /** A failed append's bytes could not be cut off again: cut them before the next one. */
  let journalTorn = false;
  let journalKeptAside = false;

  if (journalText !== null) {
    const journal = journalRead(journalText, stored.journalSeq);
    journalSize = Buffer.byteLength(journalText.slice(0, journal.complete));
    journalTorn = journal.complete < journalText.length;
    const first = journal.entries[0];
    if (recoveredFrom && first && first.seq !== recoveredFrom.journalSeq + 1) {
      // The journal follows the file that was lost, not the backup: its changes would apply to the wrong account.
      const aside = keepAside(journalPath, 'unapplied', `changes ${first.seq} to ${journal.lastSeq}, recorded after a store file that could not be read`);
      notices.push(`${plural(journal.entries.length, 'change', 'changes')} recorded after that could not be applied to the backup; ${aside ? `they are kept in ${aside}` : 'they are left in the journal'}.`);
      journalKeptAside = aside !== null;
    } else if (journal.entries.length > 0 || journal.damaged.length > 0) {
      const applied = journalApply(data, journal.entries);
      Object.assign(data, applied.data);
      pending = applied.applied;
      if (journal.damaged.length > 0 || applied.problem !== null) {
        const kept = writable() ? `${journalPath}.${stamp()}.corrupt` : null;
        if (kept) {
          fileReplace(fs, kept, Buffer.from(journalText));
          fileReplace(fs, `${kept}.txt`, Buffer.from(`${applied.problem ?? `line ${journal.damaged.join(', ')} could not be read`}\n`));
        }
        const skipped = journal.entries.length - applied.applied + journal.damaged.length;
        notices.push(
          `${plural(skipped, 'change', 'changes')} in the change journal could not be applied (${applied.problem ?? `line ${journal.damaged.slice(0, 5).join(', ')} could not be read`}); ${kept ? `the journal is kept as ${kept}` : 'the journal is left as it is'}.`,
        );
        journalKeptAside = kept !== null;
      }
    }
    seq = Math.max(seq, journal.lastSeq);
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
      fileReplace(fs, storePath, bytes);
    } catch (e) {
      log(`the account could not be rewritten (${storageMessage(e, dir)}); every change is still in ${journalPath}`);
      nextCompactAt = pending + compactEvery;
      return false;
    }
    // Every journal line is now in the store file (and any line left would be skipped by its seq).
    try {
      const f = journalFd();
      fs.ftruncateSync(f, 0);
      fs.fsyncSync(f);
      journalSize = 0;
      journalTorn = false;
    } catch (e) {
      log(`the change journal could not be emptied (${(e as NodeJS.ErrnoException).code ?? String(e)}); its lines are already saved and will be skipped`);
    }
    pending = 0;
    nextCompactAt = compactEvery;
    backup(bytes);
    return true;
  }

  if (writable()) {
    if (pending > 0 || journalKeptAside || journalTorn) compact();
    else if (storeText !== null) backup(fs.readFileSync(storePath));
  }

  return {
    data,
    notices,
    dir,
    get readOnly() {
      return readOnly;
    },
    commit(op) {
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
      if (lock.held) lock.release();
    },
  };
}
