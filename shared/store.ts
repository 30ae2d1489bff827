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
import { replayBuild, type Replay } from './engine/incremental.ts';
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

/** The store file as written: the data, the journal position it includes, and conf's own bookkeeping. */
export interface Stored extends Data {
  journalSeq: number;
  __internal__?: unknown;
}

export type StoredRead =
  | { readonly ok: true; readonly stored: Stored }
  /** Damaged: kept aside and recovered from. */
  | { readonly ok: false; readonly future: false; readonly reason: string }
  /** Written by a newer app: opened read-only, never touched. `stored` when this version can still show it. */
  | { readonly ok: false; readonly future: true; readonly reason: string; readonly stored: Stored | null };

const TOP_KEYS = new Set(['account', 'projects', 'settings', 'journalSeq', '__internal__']);

export function dataEmpty(): Data {
  return { account: accountEmpty(), projects: [], settings: { ...DEFAULT_SETTINGS } };
}

export function storedEmpty(): Stored {
  return { ...dataEmpty(), journalSeq: 0 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data` as the app's data if it can be (the schema, then the engine's replay), or why not. */
export function dataCheck(data: { account: unknown; projects: unknown; settings: unknown }): { ok: true; data: Data } | { ok: false; reason: string } {
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
    const issue = settings.error.issues[0];
    return { ok: false, reason: `its settings are not valid (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})` };
  }
  try {
    replays.set(account.value, replayBuild(account.value));
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

/** Read a store file's text: the shape the app writes, every field valid, the account replayed by the engine; `appVersion` is the reader's. */
export function storedRead(text: string, appVersion: string): StoredRead {
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
  const candidate = {
    account: value.account,
    projects: value.projects ?? [],
    settings: isRecord(value.settings) ? { ...DEFAULT_SETTINGS, ...value.settings } : (value.settings ?? DEFAULT_SETTINGS),
  };
  const checked = dataCheck(candidate);
  if (!checked.ok) return future ? { ok: false, future: true, reason: future, stored: null } : { ok: false, future: false, reason: checked.reason };
  const stored: Stored = { ...checked.data, journalSeq, ...('__internal__' in value ? { __internal__: value.__internal__ } : {}) };
  return future ? { ok: false, future: true, reason: future, stored } : { ok: true, stored };
}

/** The store file's text for `stored`. */
export function storedText(stored: Stored): string {
  return JSON.stringify(stored);
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

export interface JournalRead {
  /** Entries after `afterSeq`, in order, each with a larger seq than the last. */
  readonly entries: readonly JournalEntry[];
  /** The largest seq seen, applied or not. */
  readonly lastSeq: number;
  /** 1-based numbers of lines that could not be read (a torn last line, never acknowledged, is not one of them). */
  readonly damaged: readonly number[];
  /** Characters up to the end of the last complete line: what to keep when the last line is torn. */
  readonly complete: number;
}

/** Read the journal's text: the changes after `afterSeq`, skipping those already in the store file. */
export function journalRead(text: string, afterSeq: number): JournalRead {
  const entries: JournalEntry[] = [];
  const damaged: number[] = [];
  const complete = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, complete).split('\n');
  lines.pop();
  let last = afterSeq;
  let lastSeq = afterSeq;
  lines.forEach((line, i) => {
    if (line === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      damaged.push(i + 1);
      return;
    }
    const entry = journalLineSchema.safeParse(parsed);
    if (!entry.success) {
      damaged.push(i + 1);
      return;
    }
    lastSeq = Math.max(lastSeq, entry.data.seq);
    if (entry.data.seq <= last) return;
    last = entry.data.seq;
    entries.push(entry.data as unknown as JournalEntry);
  });
  return { entries, lastSeq, damaged, complete };
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
  const out: T[] = new Array<T>(size);
  let from = 0;
  let r = 0;
  let a = 0;
  for (let j = 0; j < size; j++) {
    if (a < patch.at.length && patch.at[a] === j) {
      out[j] = patch.add[a++]!;
      continue;
    }
    while (r < patch.remove.length && patch.remove[r] === from) {
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
      if (op.index === undefined || op.index >= data.account.events.length) data.account.events.push(op.event);
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
        if (at === undefined || at >= data.account.events.length) data.account.events.push(e);
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

function dataAfter(base: Data, entries: readonly JournalEntry[], n: number): Data {
  const data: Data = { account: { ...base.account, events: base.account.events.slice() }, projects: base.projects, settings: base.settings };
  for (let i = 0; i < n; i++) applyOp(data, entries[i]!);
  return data;
}

/**
 * Apply journal entries to the store file's data. Every entry was checked before
 * it was written, so the whole journal applies; a journal edited by hand may not,
 * and then the longest prefix that still makes a valid account is kept (found by
 * bisection: a few replays, not one per line).
 */
export function journalApply(base: Data, entries: readonly JournalEntry[]): { data: Data; applied: number; problem: string | null } {
  if (entries.length === 0) return { data: base, applied: 0, problem: null };
  const all = dataCheck(dataAfter(base, entries, entries.length));
  if (all.ok) return { data: all.data, applied: entries.length, problem: null };
  let good = 0;
  let bad = entries.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (dataCheck(dataAfter(base, entries, mid)).ok) good = mid;
    else bad = mid;
  }
  return { data: dataAfter(base, entries, good), applied: good, problem: all.reason };
}
