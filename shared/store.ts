/**
 * The app's data folder, as files: the store file (the account with its projects
 * and settings) and the change journal, what they may hold and how they are read
 * back. Nothing here touches the disk: the backend's store writes the folder, and
 * the command line reads it (`--data`). A store file is accepted only if it
 * has exactly the shape the app writes *and* the engine replays its account: a
 * file that parses but does not replay is as damaged as one cut in half.
 */
import semver from 'semver';
import { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from './api.ts';
import { fileSpan, replayBuild, replayUpdate, type Replay } from './engine/incremental.ts';
import { ExpectedError } from './errors.ts';
import { ACCOUNT_FORMAT, accountEmpty, accountParse, type Account, type AccountEvent } from './formats/account.ts';
import { projectParse, type Project } from './formats/project.ts';

export interface Data {
  account: Account;
  projects: Project[];
  settings: Settings;
}

/** The account's fields other than its events: the prices seen, the free quota, the rounding. */
export type AccountRoot = Omit<Account, 'events'>;

/**
 * A list changed, as what changed: the items taken out (`remove`: their indices in the list before, ascending)
 * and those put in (`add`, each at its index in the list after: `at`, ascending). The items kept stay in their order.
 */
export interface ListPatch<T> {
  readonly remove: readonly number[];
  readonly add: readonly T[];
  readonly at: readonly number[];
}

/** One change, as the journal records it. */
export type Op =
  /** `index`: where it goes in the file (a deleted event put back where it was: same-day order matters); the end when absent. */
  | { readonly op: 'event-add'; readonly event: AccountEvent; readonly index?: number }
  | { readonly op: 'event-replace'; readonly id: string; readonly event: AccountEvent }
  | { readonly op: 'event-delete'; readonly id: string }
  /** Several events as one change (an import), and their removal (its undo); `at`: each one's index in the file once added (ascending), the end when absent. */
  | { readonly op: 'events-add'; readonly events: readonly AccountEvent[]; readonly at?: readonly number[] }
  | { readonly op: 'events-delete'; readonly ids: readonly string[] }
  /** The data as a whole, replaced (an older journal's lines; the app now writes a `patch`). */
  | { readonly op: 'set'; readonly data: Partial<Data> }
  /**
   * The data changed as a whole (a setup, an import, a reset, a backup restored, the prices, a project, the
   * settings), as what changed: the events and projects taken out and put in, the account's other fields and the
   * settings as they become. Its size is the change's, not the account's.
   */
  | { readonly op: 'patch'; readonly events?: ListPatch<AccountEvent>; readonly root?: AccountRoot; readonly projects?: ListPatch<Project>; readonly settings?: Settings };

export type JournalEntry = Op & { readonly seq: number };

/**
 * The largest number a change is given, far below 2^53 (where a number stops being exact, and one more is the same
 * number): a folder whose changes reach it refuses more, saying so, rather than lose them.
 */
export const JOURNAL_SEQ_MAX = Number.MAX_SAFE_INTEGER - 2 ** 32;

/** The store file as written: the data, the journal position it includes, its id (none in a file of an earlier version), and conf's own bookkeeping. */
export interface Stored extends Data {
  journalSeq: number;
  storeId?: string;
  __internal__?: unknown;
}

export type StoredRead =
  /** `rewrite`: conf cannot read the file as it is (a byte-order mark, or a migration version that is not one): it is written again as `stored` first. */
  | { readonly ok: true; readonly stored: Stored; readonly rewrite: boolean }
  /** Damaged: kept aside and recovered from. */
  | { readonly ok: false; readonly future: false; readonly reason: string }
  /** Written by a newer app: opened read-only, never touched. `stored` when this version can still show it. */
  | { readonly ok: false; readonly future: true; readonly reason: string; readonly stored: Stored | null };

const TOP_KEYS = new Set(['account', 'projects', 'settings', 'journalSeq', 'storeId', '__internal__']);

export function dataEmpty(): Data {
  return { account: accountEmpty(), projects: [], settings: { ...DEFAULT_SETTINGS } };
}

export function storedEmpty(): Stored {
  return { ...dataEmpty(), journalSeq: 0 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The engine's replay of an account, when it is already known (a snapshot of the file it was read from): null when it is not. */
export type ReplayKnown = (account: Account) => Replay | null;

/** `data` as the app's data if it can be (the schema, then the engine's replay, or the replay `known` already has), or why not. */
export function dataCheck(data: { account: unknown; projects: unknown; settings: unknown }, known?: ReplayKnown): { ok: true; data: Data } | { ok: false; reason: string } {
  const account = accountParse(data.account);
  if (!account.ok) return { ok: false, reason: `the account is not valid: ${account.error.message}` };
  if (!Array.isArray(data.projects)) return { ok: false, reason: 'its projects are not a list' };
  const projects: Project[] = [];
  for (let i = 0; i < data.projects.length; i++) {
    const p = projectParse(data.projects[i]);
    if (!p.ok) return { ok: false, reason: `projects[${i}] is not valid: ${p.error.message}` };
    projects.push(p.value);
  }
  const settings = settingsSchema.safeParse(data.settings);
  if (!settings.success) {
    // A refusal holds one issue at least; the settings are flat, so its path is a field's name, or none (not an object).
    const issue = settings.error.issues[0]!;
    const field = issue.path[0];
    return { ok: false, reason: `its settings are not valid (${field === undefined ? '' : `${String(field)}: `}${issue.message})` };
  }
  try {
    replays.set(account.value, known?.(account.value) ?? replayBuild(account.value));
  } catch (e) {
    if (e instanceof ExpectedError) return { ok: false, reason: `the account does not replay: ${e.error.message}` };
    throw e;
  }
  return { ok: true, data: { account: account.value, projects, settings: settings.data } };
}

/** The replays of the accounts `dataCheck` accepted (it replays each to check it), until the account is gone. */
const replays = new WeakMap<Account, Replay>();

/** The engine's replay of an account `dataCheck` accepted: whoever opens the data starts from it rather than replaying the account again. */
export function checkedReplay(account: Account): Replay | undefined {
  return replays.get(account);
}

/** Why a file is from a newer app: an account format newer than this app reads, or a newer app version that wrote it (conf keeps it). */
function futureReason(value: Record<string, unknown>, appVersion: string): string | null {
  const account = value.account;
  const format = isRecord(account) && typeof account.format === 'string' ? account.format : null;
  const m = format ? /^credit-companion\/account@(\d+)$/.exec(format) : null;
  if (m && Number(m[1]) > Number(ACCOUNT_FORMAT.split('@')[1])) return `it holds an account of format ${format}, newer than this version of Credit Companion (${appVersion}) can read`;
  const internal = value.__internal__;
  const migrations = isRecord(internal) ? internal.migrations : null;
  const version = isRecord(migrations) && typeof migrations.version === 'string' ? semver.valid(migrations.version) : null;
  if (version && semver.gt(version, appVersion)) return `it was written by Credit Companion ${version}, newer than this one (${appVersion})`;
  return null;
}

/**
 * Whether conf can read the app version a store file's migrations reached (`__internal__`, conf's own): a version
 * that is there must be one (a hand edit that left "x", 5 or null there would stop conf from opening the file).
 */
function confVersionReadable(internal: unknown): boolean {
  const migrations = isRecord(internal) ? internal.migrations : null;
  if (!isRecord(migrations) || !('version' in migrations)) return true;
  return typeof migrations.version === 'string' && semver.valid(migrations.version) !== null;
}

/** The replay of a store file's account when it is already known (`ReplayKnown`), asked with the file's journal position and id. */
export type StoredReplayKnown = (stored: Pick<Stored, 'journalSeq' | 'storeId'>, account: Account) => Replay | null;

/** Read a store file's text: the shape the app writes, every field valid, the account replayed by the engine (or its replay `known`); `appVersion` is the reader's. */
export function storedRead(text: string, appVersion: string, known?: StoredReplayKnown): StoredRead {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, future: false, reason: `it is not valid JSON (${(e as Error).message})` };
  }
  if (!isRecord(value)) return { ok: false, future: false, reason: `it holds ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'null' : `a ${typeof value}`}, not the account with its projects and settings` };
  const unknown = Object.keys(value).find((k) => !TOP_KEYS.has(k));
  if (unknown !== undefined) return { ok: false, future: false, reason: `it has an unknown top-level key "${unknown.slice(0, 40)}"` };
  if (!('account' in value)) return { ok: false, future: false, reason: 'it has no account' };
  const future = futureReason(value, appVersion);
  const journalSeq = value.journalSeq ?? 0;
  if (typeof journalSeq !== 'number' || !Number.isSafeInteger(journalSeq) || journalSeq < 0) return { ok: false, future: false, reason: 'its journalSeq is not a whole number' };
  const storeId = value.storeId;
  if (storeId !== undefined && (typeof storeId !== 'string' || storeId === '')) return { ok: false, future: false, reason: 'its storeId is not a name' };
  const candidate = {
    account: value.account,
    projects: value.projects ?? [],
    settings: isRecord(value.settings) ? { ...DEFAULT_SETTINGS, ...value.settings } : (value.settings ?? DEFAULT_SETTINGS),
  };
  const checked = dataCheck(candidate, known && ((account) => known({ journalSeq, storeId }, account)));
  if (!checked.ok) return future ? { ok: false, future: true, reason: future, stored: null } : { ok: false, future: false, reason: checked.reason };
  // A migration version conf cannot read is dropped: conf then runs the migrations from the first, as for a new file.
  const internalKept = '__internal__' in value && confVersionReadable(value.__internal__);
  // storeId is undefined for a file of the format before it: the same as none, for it is dropped when the file is written and every reader asks `=== undefined`.
  const stored: Stored = { ...checked.data, journalSeq, storeId, ...(internalKept ? { __internal__: value.__internal__ } : {}) };
  if (future) return { ok: false, future: true, reason: future, stored };
  return { ok: true, stored, rewrite: text.charCodeAt(0) === 0xfeff || !confVersionReadable(value.__internal__) };
}

/** The store file's text for `stored`. */
export function storedText(stored: Stored): string {
  return JSON.stringify(stored);
}

/** How many events `storedPieces` puts in one piece. */
const EVENTS_A_PIECE = 10_000;

/** The members of `o` as `JSON.stringify` writes them (those holding undefined left out), each `"key":value` unless `inner` writes the value in pieces. */
function* membersText(o: object, inner: (key: string, value: unknown) => Iterable<string> | null): Generator<string> {
  yield '{';
  let sep = '';
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined) continue;
    const pieces = inner(key, value);
    if (pieces === null) yield `${sep}${JSON.stringify(key)}:${JSON.stringify(value)}`;
    else {
      yield `${sep}${JSON.stringify(key)}:`;
      yield* pieces;
    }
    sep = ',';
  }
  yield '}';
}

function* eventsText(events: readonly AccountEvent[]): Generator<string> {
  yield '[';
  for (let i = 0; i < events.length; i += EVENTS_A_PIECE) {
    const text = JSON.stringify(events.slice(i, i + EVENTS_A_PIECE));
    yield i === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`;
  }
  yield ']';
}

/**
 * `storedText(stored)` in pieces, to the byte: the account's events ten thousand at a time, so that the store file
 * of a large account is written without ever being one string (about 100 MB at a million events).
 */
export function storedPieces(stored: Stored): Iterable<string> {
  return membersText(stored, (key, account) => (key === 'account' ? membersText(account as Account, (k, events) => (k === 'events' ? eventsText(events as AccountEvent[]) : null)) : null));
}

const record = z.record(z.string(), z.unknown());
const seq = z.number().int().positive();
const position = z.number().int().nonnegative();
const listPatch = z.strictObject({ remove: z.array(position), add: z.array(record), at: z.array(position) }).refine((p) => p.add.length === p.at.length, { error: 'add and at must be as long' });
/** One change's shape, as the journal and the undo history keep it (what the events hold is checked once applied: the account must replay). */
export const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('event-add'), event: record, index: position.optional() }),
  z.object({ op: z.literal('event-replace'), id: z.string(), event: record }),
  z.object({ op: z.literal('event-delete'), id: z.string() }),
  z.object({ op: z.literal('events-add'), events: z.array(record), at: z.array(position).optional() }),
  z.object({ op: z.literal('events-delete'), ids: z.array(z.string()) }),
  z.object({ op: z.literal('set'), data: z.strictObject({ account: z.unknown().optional(), projects: z.unknown().optional(), settings: z.unknown().optional() }) }),
  z.object({ op: z.literal('patch'), events: listPatch.optional(), root: record.optional(), projects: listPatch.optional(), settings: record.optional() }),
]);
const journalLineSchema = opSchema.and(z.object({ seq }));
/** A journal's first line: the id of the store file it was written for. */
const journalHeadSchema = z.strictObject({ store: z.string().min(1) });
/** A change made again (an undo or redo of a change recorded since the journal was last emptied): the op of the line numbered `again`, not written twice. */
const journalAgainSchema = z.strictObject({ seq, again: seq });

/** The longest line the journal reader reads as one string (V8's longest): a longer one is damaged, never read. */
export const JOURNAL_LINE_MAX = 0x1fffffe8;

/** Reads a file's bytes from `position` into `into`: how many it read, 0 at its end. */
export type ByteRead = (into: Uint8Array, position: number) => number;

/** A journal's line as read: its text, or its size in bytes when it is too long to be one string. */
export type JournalLine = string | { readonly tooLarge: number };

/** The journal's whole lines, read one at a time (never the file as one string), as often as asked. */
export interface JournalLines {
  /** The bytes of its whole lines; `torn`: a line cut short (never acknowledged) follows them. */
  readonly complete: number;
  readonly torn: boolean;
  /** Its whole lines in order, without their newline. */
  lines(): Iterable<JournalLine>;
}

const CHUNK = 1 << 20;
const NEWLINE = 10;

/** Fill `into` from `position` as far as the file goes: how many bytes it holds. */
function readFull(read: ByteRead, into: Uint8Array, position: number): number {
  let done = 0;
  // Stryker disable next-line EqualityOperator: <= reads once more into no bytes, which reads 0 and breaks.
  while (done < into.length) {
    const n = read(into.subarray(done), position + done);
    if (n <= 0) break;
    done += n;
  }
  return done;
}

/** The bytes up to the end of the last newline among the first `size`, read backwards a chunk at a time. */
function wholeLinesEnd(size: number, read: ByteRead): number {
  // Stryker disable next-line MethodExpression: the buffer's size only; each read is sized by end - start.
  const chunk = new Uint8Array(Math.min(CHUNK, size));
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - CHUNK);
    // Stryker disable next-line ArithmeticOperator: end + start is end where start is 0, and past the chunk's CHUNK bytes (clamped to them) where it is not.
    const n = readFull(read, chunk.subarray(0, end - start), start);
    const i = chunk.subarray(0, n).lastIndexOf(NEWLINE);
    if (i >= 0) return start + i + 1;
    end = start;
  }
  return 0;
}

function* linesRead(complete: number, read: ByteRead, lineMax: number): Generator<JournalLine> {
  const decoder = new TextDecoder();
  // Stryker disable next-line MethodExpression: the buffer's size only; each read is sized by complete - position.
  const chunk = new Uint8Array(Math.min(CHUNK, complete));
  let parts: Uint8Array[] = [];
  let length = 0;
  // Stryker disable next-line EqualityOperator: at complete, <= reads no bytes, which reads 0 and returns.
  for (let position = 0; position < complete; ) {
    const n = readFull(read, chunk.subarray(0, Math.min(CHUNK, complete - position)), position);
    // The file was cut short under the read: what it still holds is read.
    if (n === 0) return;
    position += n;
    const bytes = chunk.subarray(0, n);
    // Stryker disable next-line EqualityOperator: from === n (a line ended with the chunk) finds no newline, adds an empty part and breaks: the same bytes.
    for (let from = 0; from < n; ) {
      const newline = bytes.indexOf(NEWLINE, from);
      const end = newline < 0 ? n : newline;
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: the parts of a line longer than lineMax are never decoded (it is yielded by its size): this test only spares their memory.
      if (length + end - from <= lineMax) parts.push(bytes.slice(from, end));
      length += end - from;
      from = end + 1;
      if (newline < 0) break;
      if (length > lineMax) yield { tooLarge: length };
      else {
        // Stryker disable next-line ConditionalExpression: one part concatenated is the same bytes, copied.
        yield decoder.decode(parts.length === 1 ? parts[0] : concat(parts, length));
      }
      parts = [];
      length = 0;
    }
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const all = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/** The journal of `size` bytes that `read` reads, as lines; `lineMax`: the longest line read as a string (tests make it short). */
export function journalLines(size: number, read: ByteRead, lineMax = JOURNAL_LINE_MAX): JournalLines {
  const complete = wholeLinesEnd(size, read);
  return { complete, torn: complete < size, lines: () => linesRead(complete, read, lineMax) };
}

/** What reading a journal's file takes of a file system (node:fs, or a test's double of it). */
export interface JournalFile {
  openSync(path: string, flags: 'r'): number;
  fstatSync(fd: number): { readonly size: number; isFile(): boolean };
  readSync(fd: number, into: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

/** The journal's whole lines, read from its file a chunk at a time while `use` runs (never as one string); null when there is none. */
export function journalWith<T>(fs: JournalFile, path: string, use: (journal: JournalLines | null) => T): T {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    const code = (e as { readonly code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EISDIR') return use(null);
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    return use(st.isFile() ? journalLines(st.size, (into, position) => fs.readSync(fd, into, 0, into.length, position)) : null);
  } finally {
    fs.closeSync(fd);
  }
}

/** A journal's text as lines (a journal read whole, a test's). */
export function journalLinesOf(text: string, lineMax = JOURNAL_LINE_MAX): JournalLines {
  const bytes = new TextEncoder().encode(text);
  return journalLines(bytes.length, (into, position) => {
    // Stryker disable next-line ArithmeticOperator: the reader asks for exactly the bytes the text still holds, so into.length is the smaller either way.
    const n = Math.min(into.length, bytes.length - position);
    into.set(bytes.subarray(position, position + n));
    return n;
  }, lineMax);
}

export interface JournalRead {
  /** The id of the store file it was written for (its first line); null when it does not say (a journal of an earlier version). */
  readonly store: string | null;
  /** How many changes it holds after `afterSeq`, and the first one's number (null: none). */
  readonly changes: number;
  readonly first: number | null;
  /** The largest seq seen, applied or not. */
  readonly lastSeq: number;
  /** 1-based numbers of the first lines that could not be read (a torn last line, never acknowledged, is not one of them), and how many there are. */
  readonly damaged: readonly number[];
  readonly damagedCount: number;
}

/** How many damaged lines a read names. */
const DAMAGED_NAMED = 5;

/**
 * Read the journal one line at a time: each change after `afterSeq` (those already in the store file skipped) is
 * handed to `visit` in order, with the id of the store it was written for. A change made again is given as the op
 * of the line it names; naming a line that is not there, it is damaged.
 */
export function journalRead(journal: JournalLines, afterSeq: number, visit: (entry: JournalEntry, store: string | null) => void = () => {}): JournalRead {
  let store: string | null = null;
  const ops = new Map<number, Op>();
  const damaged: number[] = [];
  let damagedCount = 0;
  let changes = 0;
  let first: number | null = null;
  let last = afterSeq;
  let lastSeq = afterSeq;
  let n = 0;
  for (const line of journal.lines()) {
    n++;
    if (line === '') continue;
    const entry = typeof line === 'string' ? journalEntryOf(line, n === 1, ops) : null;
    if (entry === null) {
      if (damaged.length < DAMAGED_NAMED) damaged.push(n);
      damagedCount++;
      continue;
    }
    if ('store' in entry) {
      store = entry.store;
      continue;
    }
    if (store !== null) ops.set(entry.seq, entry);
    lastSeq = Math.max(lastSeq, entry.seq);
    if (entry.seq <= last) continue;
    last = entry.seq;
    first ??= entry.seq;
    changes++;
    visit(entry, store);
  }
  return { store, changes, first, lastSeq, damaged, damagedCount };
}

/** A line as the journal's head (`head`: it is the first line), a change, or a change made again (resolved from `ops`); null when it is none of them. */
function journalEntryOf(line: string, head: boolean, ops: ReadonlyMap<number, Op>): JournalEntry | { store: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    // Left undefined: no schema below accepts it, so the line is none of them.
  }
  if (head) {
    const h = journalHeadSchema.safeParse(parsed);
    if (h.success) return h.data;
  }
  const again = journalAgainSchema.safeParse(parsed);
  if (again.success) {
    const op = ops.get(again.data.again);
    return op === undefined ? null : { ...op, seq: again.data.seq };
  }
  const entry = journalLineSchema.safeParse(parsed);
  return entry.success ? (entry.data as unknown as JournalEntry) : null;
}

/** The journal's first line, for the store file whose id is `store`. */
export function journalHeadLine(store: string): string {
  return `${JSON.stringify({ store })}\n`;
}

/** The journal's line for change `seq`: its op, or the line `again` that holds the same op. */
export function journalLine(seq: number, op: Op | { readonly again: number }): string {
  return `${JSON.stringify({ seq, ...op })}\n`;
}

/** How many items of a long list `jsonLengthAbout` measures. */
const LENGTH_SAMPLE = 64;

/** About the length of `value` as JSON: a list longer than LENGTH_SAMPLE measured on that many of its items, evenly spaced, never written out whole. */
function jsonLengthAbout(value: unknown): number {
  if (Array.isArray(value)) {
    if (value.length <= LENGTH_SAMPLE) return JSON.stringify(value).length;
    let sample = 0;
    for (let k = 0; k < LENGTH_SAMPLE; k++) sample += JSON.stringify(value[Math.floor((k * value.length) / LENGTH_SAMPLE)]).length + 1;
    return Math.round((sample * value.length) / LENGTH_SAMPLE) + 1;
  }
  if (typeof value !== 'object' || value === null) return JSON.stringify(value).length;
  let length = 1;
  for (const [key, v] of Object.entries(value)) if (v !== undefined) length += key.length + 4 + jsonLengthAbout(v);
  return length;
}

/**
 * About how long change `op`'s journal line is, without writing it out (an import's is a hundred megabytes): the
 * journal's writer asks whether it fits before writing it.
 */
export function journalLineLengthAbout(seq: number, op: Op): number {
  return jsonLengthAbout({ seq, ...op }) + 1;
}

/** Whether two values read from JSON hold the same, whatever the order of their keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * How `after` differs from `before`, as a patch: items are the same by `key` (an id) and content, and those kept
 * keep their order (an item that moved is taken out and put in again). Exact, not always the smallest.
 */
export function listDiff<T>(before: readonly T[], after: readonly T[], key: (item: T) => unknown): ListPatch<T> {
  const where = new Map<unknown, number>();
  before.forEach((item, i) => where.set(key(item), i));
  const kept = new Uint8Array(before.length);
  const add: T[] = [];
  const at: number[] = [];
  let last = -1;
  after.forEach((item, j) => {
    const i = where.get(key(item));
    if (i !== undefined && i > last && sameValue(before[i], item)) {
      kept[i] = 1;
      last = i;
    } else {
      add.push(item);
      at.push(j);
    }
  });
  const remove: number[] = [];
  kept.forEach((k, i) => k === 0 && remove.push(i));
  return { remove, add, at };
}

/** `list` with `patch` applied: a new list, made in one pass. */
export function listPatched<T>(list: readonly T[], patch: ListPatch<T>): T[] {
  const size = list.length - patch.remove.length + patch.add.length;
  // Stryker disable next-line ArrayDeclaration: its length given at once, or grown as it is filled in order: the same list.
  const out: T[] = new Array<T>(size);
  let from = 0;
  let r = 0;
  let a = 0;
  for (let j = 0; j < size; j++) {
    // Past its end a list holds undefined, never a position.
    if (patch.at[a] === j) {
      out[j] = patch.add[a++]!;
      continue;
    }
    while (patch.remove[r] === from) {
      r++;
      from++;
    }
    out[j] = list[from++]!;
  }
  return out;
}

/** The patch that undoes `patch`, from the list before it. */
export function listPatchInverse<T>(before: readonly T[], patch: ListPatch<T>): ListPatch<T> {
  return { remove: patch.at, add: patch.remove.map((i) => before[i]!), at: patch.remove };
}

/** Whether `patch` fits a list of `length` items: what it takes out is there, and what it puts in lands within the list. */
export function listPatchFits(length: number, patch: ListPatch<unknown>): boolean {
  const size = length - patch.remove.length + patch.add.length;
  const ascending = (xs: readonly number[], below: number) => xs.every((x, i) => x < below && (i === 0 || x > xs[i - 1]!));
  return patch.add.length === patch.at.length && ascending(patch.remove, length) && ascending(patch.at, size);
}

export function applyOp(data: Data, op: Op): void {
  switch (op.op) {
    case 'event-add':
      // An index past the end adds it at the end (splice's own rule).
      if (op.index === undefined) data.account.events.push(op.event);
      else data.account.events.splice(op.index, 0, op.event);
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
    case 'events-add':
      op.events.forEach((e, i) => {
        const at = op.at?.[i];
        if (at === undefined) data.account.events.push(e);
        else data.account.events.splice(at, 0, e);
      });
      return;
    case 'events-delete': {
      const gone = new Set(op.ids);
      data.account.events = data.account.events.filter((e) => e.id === undefined || !gone.has(e.id));
      return;
    }
    case 'set':
      if (op.data.account !== undefined) data.account = op.data.account;
      if (op.data.projects !== undefined) data.projects = op.data.projects;
      if (op.data.settings !== undefined) data.settings = op.data.settings;
      return;
    case 'patch': {
      // A patch made for another list (a journal edited by hand) changes nothing, like an edit of an event that is not there.
      if ((op.events && !listPatchFits(data.account.events.length, op.events)) || (op.projects && !listPatchFits(data.projects.length, op.projects))) return;
      if (op.events !== undefined || op.root !== undefined) {
        const { events, ...root } = data.account;
        data.account = { ...(op.root ?? root), events: op.events ? listPatched(events, op.events) : events };
      }
      if (op.projects !== undefined) data.projects = listPatched(data.projects, op.projects);
      if (op.settings !== undefined) data.settings = op.settings;
    }
  }
}

function dataCopy(base: Data): Data {
  return { account: { ...base.account, events: base.account.events.slice() }, projects: base.projects, settings: base.settings };
}

/** `data` with `op` applied, as new data (`data` is left as it is; the two share what `op` does not change). */
export function dataApplied(data: Data, op: Op): Data {
  const next = dataCopy(data);
  applyOp(next, op);
  return next;
}

/** The data after the journal's first `n` changes after `afterSeq`. */
function journalAppliedTo(base: Data, journal: JournalLines, afterSeq: number, n: number): Data {
  const data = dataCopy(base);
  let i = 0;
  journalRead(journal, afterSeq, (entry) => {
    if (i++ < n) applyOp(data, entry);
  });
  return data;
}

export interface JournalApplied {
  readonly read: JournalRead;
  /** The store file's data with the changes applied. */
  readonly data: Data;
  /** How many of the changes after `afterSeq` were applied; `problem`: why the others were not, when they belong. */
  readonly applied: number;
  readonly problem: string | null;
  /** `applies` said the changes do not belong to the store file: none is applied. */
  readonly refused: boolean;
}

/**
 * Read the journal and apply its changes after `afterSeq` to the store file's data, one line at a time, when
 * `applies` says they belong to it (asked once, at the first change: the store the journal was written for, and
 * that change's number). Every change was checked before it was written, so the whole journal applies; a journal
 * edited by hand may not, and then the longest prefix that still makes a valid account is kept (found by
 * bisection: a few reads and replays, not one per line).
 */
export function journalApply(base: Data, journal: JournalLines, afterSeq: number, applies: (store: string | null, first: number) => boolean): JournalApplied {
  const to: { data: Data | null; asked: boolean } = { data: null, asked: false };
  const read = journalRead(journal, afterSeq, (entry, store) => {
    if (!to.asked) {
      to.asked = true;
      if (applies(store, entry.seq)) to.data = dataCopy(base);
    }
    if (to.data !== null) applyOp(to.data, entry);
  });
  if (to.data === null) return { read, data: base, applied: 0, problem: null, refused: to.asked };
  // The store file's replay (its snapshot's) brought on by the changes: only what follows the first one is replayed.
  // The account checked is a copy made by the schema, holding the same events at the same places where the changes left them.
  const before = checkedReplay(base.account);
  const span = fileSpan(base.account.events, to.data.account.events);
  const all = dataCheck(to.data, before && ((account) => replayUpdate(before, account, span)));
  if (all.ok) return { read, data: all.data, applied: read.changes, problem: null, refused: false };
  let good = 0;
  let bad = read.changes;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (dataCheck(journalAppliedTo(base, journal, afterSeq, mid)).ok) good = mid;
    else bad = mid;
  }
  return { read, data: journalAppliedTo(base, journal, afterSeq, good), applied: good, problem: all.reason, refused: false };
}
