/**
 * What opening the app's data folder decides, from what is on disk: which file to
 * trust (the store file, or the newest backup that replays), whether the change
 * journal follows it and what it adds, and what the user is told. Nothing here
 * touches the disk: the caller reads the files, passes their text in, and does
 * what the decision says (the backend's store keeps copies aside and writes; the
 * command line only reads).
 */
import { z } from 'zod';
import { journalApply, storedEmpty, storedRead, storedText, type Data, type JournalLines, type Stored, type StoredRead, type StoredReplayKnown } from './store.ts';

/** A file's text, or its size in bytes when it is too large to be one string. */
export type FileText = string | { readonly tooLarge: number };

export interface BackupOnDisk {
  /** Its path: given back when it is the one restored, and named in the notice (by the time in its name). */
  readonly name: string;
  /** Its text, null when it cannot be read: asked only when a backup is needed, newest first, until one replays. */
  readonly text: () => string | null;
}

/** The store file and what stands beside it. */
export interface StoreOnDisk {
  /** The store file; null when there is none. */
  readonly store: FileText | null;
  /** The backups, newest (most changes) first. */
  readonly backups: readonly BackupOnDisk[];
  /** Whether the folder can be written: a missing store file is restored from a backup only then. */
  readonly writable: boolean;
  /** The reader's app version: a file a newer one wrote is left as it is. */
  readonly appVersion: string;
  /** The replay of the store file's account when it is known without replaying it (its snapshot). */
  readonly replayKnown?: StoredReplayKnown | undefined;
}

/** What replaces the store file before it is opened: a backup's own bytes, or a text. */
export type Rewrite = { readonly backup: string } | { readonly text: string };

export type StoreChoice =
  /** The store file as it is (empty when there is none and no backup). `rewrite`: its text again, without the byte-order mark conf refuses. */
  | { readonly kind: 'store'; readonly stored: Stored; readonly rewrite: Rewrite | null }
  /** Written by a newer app (`reason`): shown read-only, left as it is, its journal not read. */
  | { readonly kind: 'future'; readonly stored: Stored; readonly reason: string }
  /**
   * Recovered: the store file is missing (`reason` empty) or damaged (`reason`: kept aside as `.corrupt`), and the
   * newest backup that replays (`backup`, null when none does) is opened. `rewrite`: the backup, or the empty
   * account's text; null when nothing replaces it (a missing file with no backup that reads).
   */
  | { readonly kind: 'recover'; readonly stored: Stored; readonly reason: string; readonly backup: string | null; readonly rewrite: Rewrite | null };

/** What a store file's text holds: too large for a string is damaged, like anything else that does not read. */
export function storedOf(file: FileText, appVersion: string, known?: StoredReplayKnown): StoredRead {
  if (typeof file !== 'string') return { ok: false, future: false, reason: `it is too large to read (${Math.round(file.tooLarge / 1024 / 1024)} MB)` };
  return storedRead(file, appVersion, known);
}

/** The newest backup that replays, and what restores it: its bytes as they are, or written again when conf could not read them. */
function backupRestorable(backups: readonly BackupOnDisk[], appVersion: string): { name: string; stored: Stored; rewrite: Rewrite } | null {
  for (const backup of backups) {
    const text = backup.text();
    if (text === null) continue;
    const read = storedRead(text, appVersion);
    if (read.ok) return { name: backup.name, stored: read.stored, rewrite: read.rewrite ? { text: storedText(read.stored) } : { backup: backup.name } };
  }
  return null;
}

/** Which file to trust, and which backup when it is the store file that cannot be. */
export function storeChoose(disk: StoreOnDisk): StoreChoice {
  const read = disk.store === null ? null : storedOf(disk.store, disk.appVersion, disk.replayKnown);
  if (read === null && disk.backups.length > 0 && disk.writable) {
    // The store file is gone but backups are not: it was deleted, or a recovery was cut short. Never a silent first run.
    const restored = backupRestorable(disk.backups, disk.appVersion);
    return { kind: 'recover', stored: restored?.stored ?? storedEmpty(), reason: '', backup: restored?.name ?? null, rewrite: restored?.rewrite ?? null };
  }
  if (read === null) return { kind: 'store', stored: storedEmpty(), rewrite: null };
  if (read.ok) return { kind: 'store', stored: read.stored, rewrite: read.rewrite ? { text: storedText(read.stored) } : null };
  if (read.future) return { kind: 'future', stored: read.stored ?? storedEmpty(), reason: read.reason };
  const restored = backupRestorable(disk.backups, disk.appVersion);
  const stored = restored?.stored ?? storedEmpty();
  return { kind: 'recover', stored, reason: read.reason, backup: restored?.name ?? null, rewrite: restored?.rewrite ?? { text: storedText(stored) } };
}

/** Why a folder whose store file a newer app wrote is read-only. */
export function futureReadOnly(reason: string): string {
  return `This data is from a newer Credit Companion: ${reason}. It is shown read-only and left as it is; update Credit Companion to change it.`;
}

/** Why a change is refused in a folder whose changes reached the largest number the journal gives (`JOURNAL_SEQ_MAX`). */
export function seqExhausted(seq: number): string {
  return `Not saved: this data folder has numbered ${seq.toLocaleString('en-US')} changes, the most Credit Companion counts. Export the account (Settings › Your data) and import it into a new data folder to go on; nothing saved so far is lost.`;
}

/** Why a folder whose damaged store file could not be kept aside is read-only: restoring a backup over it would lose it. */
export function storeAsideFailed(reason: string, dir: string): string {
  return `The saved account could not be read (${reason}), and no copy of it could be kept in ${dir}, so it is left as it is: the newest backup is shown read-only, and nothing can be saved.`;
}

/**
 * Whether a journal whose first change not yet in the store file is `firstSeq` follows a store file that holds the
 * changes up to `storeSeq`: its changes apply to that file only if none is missing between them.
 */
export function journalFollows(storeSeq: number, firstSeq: number): boolean {
  return firstSeq === storeSeq + 1;
}

/** The journal is compacted once it holds more bytes than this or the store file, whichever is larger: its size stays within that bound. */
export const JOURNAL_BOUND_MIN = 16 * 1024 * 1024;

/** The most bytes the journal may hold beside a store file of `storeSize` bytes before it is compacted into it. */
export function journalBound(storeSize: number): number {
  return Math.max(JOURNAL_BOUND_MIN, storeSize);
}

/** Whether a journal written for the store file whose id is `journalStore` may be that of the store file whose id is `storeId`: not when both say and differ (another folder's journal). */
export function journalBelongs(storeId: string | undefined, journalStore: string | null): boolean {
  return storeId === undefined || journalStore === null || journalStore === storeId;
}

export interface JournalChoice {
  /** The data opened: the store's, with the journal's changes that apply. */
  readonly data: Data;
  /** How many of the journal's changes were applied. */
  readonly applied: number;
  /** The largest change number the journal holds, applied or not (the store's when it holds none): the next change is numbered after it. */
  readonly lastSeq: number;
  /** Bytes up to the end of the journal's last complete line; `torn`: a last line cut short (never acknowledged) follows them. */
  readonly complete: number;
  readonly torn: boolean;
  /** Every change the journal holds was applied: the data is as the last change left it. */
  readonly whole: boolean;
  /**
   * The journal is kept aside (with `reason` beside the copy): `unapplied`, it does not follow the store file, or
   * it was written for another one (`foreign`), and none of it is applied; `corrupt`, a line is damaged or a change
   * does not replay (`why`), and the changes before it are applied. `skipped`: the changes not applied.
   */
  readonly aside: { readonly kind: 'unapplied' | 'corrupt'; readonly foreign: boolean; readonly reason: string; readonly why: string; readonly skipped: number; readonly first: number } | null;
}

/** Whether the journal follows the store file chosen, and what it adds to it, read one line at a time. The journal of a file a newer app wrote is not read. */
export function journalChoose(store: StoreChoice, journal: JournalLines | null): JournalChoice {
  const { stored } = store;
  const base: Data = { account: stored.account, projects: stored.projects, settings: stored.settings };
  const none: JournalChoice = { data: base, applied: 0, lastSeq: stored.journalSeq, complete: 0, torn: false, whole: true, aside: null };
  if (journal === null || store.kind === 'future') return none;
  const applied = journalApply(base, journal, stored.journalSeq, (id, first) => journalBelongs(stored.storeId, id) && journalFollows(stored.journalSeq, first));
  const { read } = applied;
  const done = { ...none, lastSeq: Math.max(stored.journalSeq, read.lastSeq), complete: journal.complete, torn: journal.torn };
  const first = read.first;
  if (first !== null && applied.refused) {
    const foreign = !journalBelongs(stored.storeId, read.store);
    const reason = foreign
      ? // Another folder's only when both ids are there (journalBelongs).
        `changes ${first} to ${read.lastSeq}, written for another data folder's account (${read.store!}; this one is ${stored.storeId!})`
      : store.kind === 'recover'
        ? `changes ${first} to ${read.lastSeq}, recorded after a store file that could not be read`
        : `changes ${first} to ${read.lastSeq}, which do not follow the store file (it holds the changes up to ${stored.journalSeq})`;
    // Another folder's numbers are not this one's: the next change is numbered after the store file's.
    return { ...done, lastSeq: foreign ? stored.journalSeq : done.lastSeq, whole: false, aside: { kind: 'unapplied', foreign, reason, why: reason, skipped: read.changes, first } };
  }
  const whole = read.damagedCount === 0 && applied.problem === null;
  const why = applied.problem ?? `line ${read.damaged.join(', ')}${read.damagedCount > read.damaged.length ? ` and ${plural(read.damagedCount - read.damaged.length, 'other', 'others')}` : ''} could not be read`;
  const skipped = read.changes - applied.applied + read.damagedCount;
  return { ...done, data: applied.data, applied: applied.applied, whole, aside: whole ? null : { kind: 'corrupt', foreign: false, reason: why, why, skipped, first: first ?? 0 } };
}

/** Why a folder whose journal does not follow its store file is read-only when the journal could not be kept aside: left in place, it would be applied later. */
export function journalAsideFailed(store: StoreChoice, dir: string): string {
  return store.kind === 'recover'
    ? `Changes recorded after the account that could not be read could not be kept aside in ${dir}: the data is shown read-only, and nothing can be saved.`
    : `Changes in the change journal that do not follow the saved account could not be kept aside in ${dir}: the data is shown read-only, and nothing can be saved.`;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `2026-11-25T16-30-00-000Z` (in a backup's name) as `2026-11-25 16:30 UTC`. */
function stampShown(name: string): string {
  const m = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})/.exec(name);
  return m ? `${m[1]} ${m[2]}:${m[3]} UTC` : name;
}

/** What was done on opening, beside the decisions: where the copies kept aside are (null: none could be), and whether the data can be saved. */
export interface OpenOutcome {
  readonly dir: string;
  readonly storeAside: string | null;
  readonly journalAside: string | null;
  readonly writable: boolean;
}

function recoveryNotice(store: Extract<StoreChoice, { kind: 'recover' }>, journal: JournalChoice, done: OpenOutcome): string {
  const what = done.storeAside ? `It was kept aside as ${done.storeAside}. ` : '';
  const saved = done.writable ? '' : ' (shown, not saved)';
  const after = journal.applied > 0 ? `, with the ${plural(journal.applied, 'change', 'changes')} made after it: nothing was lost` : '; anything saved after that is not in it';
  const head = store.reason === '' ? `The saved account was missing from ${done.dir}.` : `The saved account could not be read: ${store.reason}.`;
  return store.backup
    ? `${head} ${what}The backup of ${stampShown(store.backup)} was restored${saved}${after}.`
    : `${head} ${what}No backup could be read either, so the app starts ${journal.applied > 0 ? `from the ${plural(journal.applied, 'change', 'changes')} in the journal` : 'empty'}.`;
}

function journalNotice(store: StoreChoice, aside: NonNullable<JournalChoice['aside']>, kept: string | null): string {
  if (aside.kind === 'corrupt') return `${plural(aside.skipped, 'change', 'changes')} in the change journal could not be applied (${aside.why}); ${kept ? `the journal is kept as ${kept}` : 'the journal is left as it is'}.`;
  const where = kept ? `they are kept in ${kept}` : 'they are left in the journal';
  if (aside.foreign) return `${plural(aside.skipped, 'change', 'changes')} in the change journal could not be applied: they were written for another data folder's account, not this one; ${where}.`;
  return store.kind === 'recover'
    ? `${plural(aside.skipped, 'change', 'changes')} recorded after that backup could not be applied to it; ${where}.`
    : `${plural(aside.skipped, 'change', 'changes')} in the change journal could not be applied: they do not follow the saved account (it holds the changes up to ${store.stored.journalSeq}, the journal starts at ${aside.first}); ${where}.`;
}

/** What the user is told about opening: the recovery first, then the journal. */
export function openNotices(store: StoreChoice, journal: JournalChoice, done: OpenOutcome): string[] {
  return [...(store.kind === 'recover' ? [recoveryNotice(store, journal, done)] : []), ...(journal.aside ? [journalNotice(store, journal.aside, done.journalAside)] : [])];
}

const keptNotices = z.array(z.string());

/**
 * The notices kept in the data folder until the page the user reads has shown them (its text; null: none), with
 * those of this opening after them, each once: a start that ends before any page asked still tells the next one.
 */
export function noticesKept(text: string | null, fresh: readonly string[]): string[] {
  let kept: string[] = [];
  try {
    const read = keptNotices.safeParse(text === null ? [] : JSON.parse(text));
    if (read.success) kept = read.data;
  } catch {
    // A damaged file of notices holds none: they are the user's to read, not data.
  }
  return [...new Set([...kept, ...fresh])];
}

/** Whether the undo history, recorded for the data as its journal left it, belongs to the data opened: not after a recovery, a journal not wholly applied, or a file a newer app wrote. */
export function historyBelongs(store: StoreChoice, journal: JournalChoice): boolean {
  return store.kind === 'store' && journal.whole;
}
