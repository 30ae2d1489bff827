/**
 * Persistence of the account, its projects and settings.
 *
 * The data lives in one `conf` store (electron-store in Electron: same options,
 * same file), written atomically. A change is first appended to a journal beside
 * it, one JSON line, fsync'd before the change is acknowledged: a usage entry
 * costs one small append, never a rewrite of a 100k-event file on the critical
 * path. The store is rewritten from memory later (compaction), off that path.
 * Each journal line has a sequence number and the store records the last one it
 * holds, so a crash between a compaction and the journal's truncation never
 * applies a change twice.
 *
 * A store that fails to parse or validate is moved aside to a dated `.corrupt`
 * file, the user is told, and the store is restored from the newest good backup
 * (a few are kept, rotating) or started empty. Nothing is wiped silently.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../shared/api.ts';
import { accountEmpty, accountParse, type Account, type AccountEvent } from '../shared/formats/account.ts';
import { projectParse, type Project } from '../shared/formats/project.ts';
import { APP_VERSION } from './version.ts';

export interface Data {
  account: Account;
  projects: Project[];
  settings: Settings;
}

/** One change, as the journal records it. */
export type Op =
  | { readonly op: 'event-add'; readonly event: AccountEvent }
  | { readonly op: 'event-replace'; readonly id: string; readonly event: AccountEvent }
  | { readonly op: 'event-delete'; readonly id: string }
  | { readonly op: 'set'; readonly data: Partial<Data> };

/** The store's file as written: the data plus the journal position it includes. */
interface Stored extends Data {
  journalSeq: number;
}

/** The part of conf (and electron-store, which extends it) the store uses. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface StoreOptions {
  /** The folder that holds the data (the user's data folder, or `--data DIR`). */
  readonly dir: string;
  /** Makes the conf-like store; electron/ passes electron-store with these same options. */
  readonly createConf?: (options: ConfOptions) => ConfLike;
  readonly backups?: number;
  /** Compact after this many journal lines. */
  readonly compactEvery?: number;
}

export interface ConfOptions {
  readonly cwd: string;
  readonly configName: string;
  readonly projectName: string;
  readonly projectVersion: string;
  readonly clearInvalidConfig: false;
  readonly serialize: (value: unknown) => string;
  readonly migrations: Record<string, (store: ConfLike) => void>;
}

export const CONFIG_NAME = 'account';

/**
 * The store's migrations, keyed by the app version that introduced them; conf
 * (and electron-store) runs those newer than the store's on open. A new format
 * of the account file gets its migration here.
 */
export const STORE_MIGRATIONS: ConfOptions['migrations'] = {
  '0.1.0': (store) => {
    if (!('account' in store.store)) store.store = { account: accountEmpty(), projects: [], settings: { ...DEFAULT_SETTINGS }, journalSeq: 0 };
  },
};

export function confOptions(dir: string): ConfOptions {
  return {
    cwd: dir,
    configName: CONFIG_NAME,
    projectName: 'credit-companion',
    projectVersion: APP_VERSION,
    clearInvalidConfig: false,
    serialize: (value) => JSON.stringify(value),
    migrations: STORE_MIGRATIONS,
  };
}

export interface Store {
  readonly data: Data;
  /** What the user must be told about opening (a recovery). */
  readonly notices: readonly string[];
  readonly dir: string;
  /** Apply a change in memory and append it to the journal; returns once it is on disk. */
  commit(op: Op): void;
  /** Rewrite the store from memory and empty the journal. */
  compact(): void;
  close(): void;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Validate what a store file held; null when it is not a valid store. */
function validStored(value: unknown): Stored | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<Stored>;
  const account = accountParse(v.account ?? accountEmpty());
  const settings = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(v.settings ?? {}) });
  const projects = Array.isArray(v.projects) ? v.projects.map((p) => projectParse(p)) : [];
  if (!account.ok || !settings.success || projects.some((p) => !p.ok)) return null;
  return {
    account: account.value,
    settings: settings.data,
    projects: projects.map((p) => (p as { ok: true; value: Project }).value),
    journalSeq: typeof v.journalSeq === 'number' ? v.journalSeq : 0,
  };
}

export function applyOp(data: Data, op: Op): void {
  switch (op.op) {
    case 'event-add':
      data.account.events.push(op.event);
      return;
    case 'event-replace': {
      const i = data.account.events.findIndex((e) => e.id === op.id);
      if (i >= 0) data.account.events[i] = op.event;
      return;
    }
    case 'event-delete': {
      const i = data.account.events.findIndex((e) => e.id === op.id);
      if (i >= 0) data.account.events.splice(i, 1);
      return;
    }
    case 'set':
      Object.assign(data, op.data);
  }
}

export function storeOpen(options: StoreOptions): Store {
  const { dir } = options;
  mkdirSync(dir, { recursive: true });
  const backupsDir = join(dir, 'backups');
  const journalPath = join(dir, `${CONFIG_NAME}.journal`);
  const keep = options.backups ?? 5;
  const compactEvery = options.compactEvery ?? 1000;
  const storePath = join(dir, `${CONFIG_NAME}.json`);
  const notices: string[] = [];

  /** The store file's content if it is a valid store; null if damaged; empty data if there is none. */
  function readStored(file: string): Stored | null {
    if (!existsSync(file)) return { ...emptyData(), journalSeq: 0 };
    try {
      return validStored(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      return null;
    }
  }

  function backupsNewestFirst(): string[] {
    if (!existsSync(backupsDir)) return [];
    return readdirSync(backupsDir).filter((f) => f.endsWith('.json')).sort().reverse().map((f) => join(backupsDir, f));
  }

  function backup(): void {
    if (!existsSync(storePath)) return;
    mkdirSync(backupsDir, { recursive: true });
    copyFileSync(storePath, join(backupsDir, `${CONFIG_NAME}-${stamp()}.json`));
    for (const old of backupsNewestFirst().slice(keep)) rmSync(old);
  }

  // Checked before conf opens the file: conf itself throws on one it cannot parse.
  let stored = readStored(storePath);
  let restored = false;
  if (!stored) {
    const aside = `${storePath}.${stamp()}.corrupt`;
    renameSync(storePath, aside);
    for (const file of backupsNewestFirst()) {
      stored = readStored(file);
      if (stored) {
        notices.push(`The saved account could not be read; it was kept aside as ${aside}, and the backup of ${file.slice(-29, -5)} was restored.`);
        break;
      }
    }
    if (!stored) {
      stored = { ...emptyData(), journalSeq: 0 };
      notices.push(`The saved account could not be read and no backup was usable; it was kept aside as ${aside}, and the app starts empty.`);
    }
    restored = true;
  }
  const conf = (options.createConf ?? ((o) => new Conf(o) as unknown as ConfLike))(confOptions(dir));
  if (restored) conf.store = stored as unknown as Record<string, unknown>;

  const data: Data = { account: stored.account, projects: stored.projects, settings: stored.settings };
  let seq = stored.journalSeq;
  let pending = 0;
  if (existsSync(journalPath)) {
    const lines = readFileSync(journalPath, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line) return;
      let entry: { seq: number } & Op;
      try {
        entry = JSON.parse(line) as { seq: number } & Op;
      } catch {
        // A torn last line is a change that was never acknowledged; anything else is damage.
        if (i < lines.length - 2) notices.push(`Line ${i + 1} of the change journal could not be read and was skipped.`);
        return;
      }
      if (entry.seq <= seq) return;
      applyOp(data, entry);
      seq = entry.seq;
      pending++;
    });
  }
  const revalidated = pending > 0 ? accountParse(data.account) : null;
  if (revalidated && !revalidated.ok) {
    renameSync(journalPath, `${journalPath}.${stamp()}.corrupt`);
    notices.push('Changes in the journal did not make a valid account and were kept aside; the last saved account is shown.');
    Object.assign(data, { account: stored.account, projects: stored.projects, settings: stored.settings });
  }

  let fd: number | null = null;
  let compactScheduled = false;
  function journalFd(): number {
    fd ??= openSync(journalPath, 'a');
    return fd;
  }

  function compact(): void {
    conf.store = { ...data, journalSeq: seq } as unknown as Record<string, unknown>;
    if (fd !== null) closeSync(fd);
    fd = null;
    rmSync(journalPath, { force: true });
    pending = 0;
  }

  backup();
  if (pending > 0 || !existsSync(conf.path)) compact();

  return {
    data,
    notices,
    dir,
    commit(op) {
      seq++;
      const line = `${JSON.stringify({ seq, ...op })}\n`;
      const f = journalFd();
      writeSync(f, line);
      fsyncSync(f);
      applyOp(data, op);
      if (++pending >= compactEvery && !compactScheduled) {
        compactScheduled = true;
        setImmediate(() => {
          compactScheduled = false;
          if (pending > 0) compact();
        });
      }
    },
    compact,
    close() {
      if (pending > 0) compact();
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

function emptyData(): Data {
  return { account: accountEmpty(), projects: [], settings: { ...DEFAULT_SETTINGS } };
}
