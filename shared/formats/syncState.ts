/**
 * A device's team sync state, in three files of the workspace's folder:
 * - `sync.json` (`credit-companion/sync@2`): the link (the server without its password, the workspace, this device,
 *   its member), how far it has pulled (`seq`), the ops it made that the server has not yet shown it back
 *   (`inflight`: pushed again after a crash with the same ids, which the server takes once), the store revision at
 *   which the device's data was last made the fold with them on top (`localSeq`: every change of the data after it is
 *   a local change still to record as ops), and where the fold of what it pulled stands on disk (`fold`). Small:
 *   written whole at each step of a cycle.
 * - the fold's base (`fold.file`, `credit-companion/sync-fold@1`): the fold at the server's seq `fold.seq`, as JSON
 *   lines (a head, then each event, then each conflict), written anew only when the log outgrows it.
 * - `sync.log`: the ops pulled after the base, one JSON line each with its seq, appended; only its first `fold.log`
 *   bytes count, and of those only the ops up to `seq` (a cycle's pull appended, then the state saved).
 * A `credit-companion/sync@1` file (the fold inline) is still read: the next save writes the base.
 */
import { z } from 'zod';
import { issuesFromZod } from './issues.ts';
import { bodyAsIs, SYNC_OP_KINDS, syncOpSchema, type SyncOp } from './syncOp.ts';
import { mergeApply, mergeEmpty, type Merged, type MergedEvent, type SyncConflict } from '../sync/merge.ts';

export const SYNC_STATE_FORMAT = 'credit-companion/sync@2';
/** The format before the fold moved out of `sync.json`: read, never written. */
export const SYNC_STATE_FORMAT_V1 = 'credit-companion/sync@1';
export const SYNC_FOLD_FORMAT = 'credit-companion/sync-fold@1';

const name = z.string().min(1, { error: 'must not be empty' }).max(128, { error: 'must be at most 128 characters' });
const count = z.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' });
const body = z.record(z.string(), z.unknown()).nullable();
const member = z.string().min(1).max(64).nullable();

const linkSchema = z.strictObject({
  /** The server's connection string without its password (kept apart: Electron's safeStorage, or a 0600 file). */
  server: z.string().refine((url) => URL.canParse(url) && new URL(url).password === '', { error: 'must be a connection string without a password' }),
  /** The workspace's id on the server, and its name there. */
  workspace: z.uuid({ error: 'must be a workspace id (a UUID)' }),
  name: z.string().trim().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' }),
  device: name,
  member,
});

/** An event of the fold, as a base file holds one a line. */
export const foldEventSchema = z.strictObject({ id: name, body, version: name, member, device: name, place: count });

const FOLD_EVENT_KEYS = new Set(['id', 'body', 'version', 'member', 'device', 'place']);
const isText = (v: unknown, max: number) => typeof v === 'string' && v.length >= 1 && v.length <= max;

/**
 * The fast path of a base file's event: the value itself when `foldEventSchema` would take it as it is; null for
 * any other, which then goes through the schema (the error, or the clean copy). A base of a million events is read
 * without a copy of each.
 */
export function foldEventFast(value: unknown): MergedEvent | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const e = value as Record<string, unknown>;
  for (const key in e) if (!FOLD_EVENT_KEYS.has(key)) return null;
  if (!isText(e.id, 128) || !isText(e.version, 128) || !isText(e.device, 128) || (e.member !== null && !isText(e.member, 64))) return null;
  if (typeof e.place !== 'number' || !Number.isSafeInteger(e.place) || e.place < 0) return null;
  if (e.body !== null && !bodyAsIs(e.body)) return null;
  return e as unknown as MergedEvent;
}

const conflictSchema = z.strictObject({
  eventId: z.string().min(1),
  standing: name,
  other: z.strictObject({ op: name, body, member, device: name }),
  base: name.nullable(),
});

const stateFields = {
  link: linkSchema,
  /** Whether the first sync is done (the device's own data joined to the team's). */
  joined: z.boolean(),
  /** The last server seq pulled and folded. */
  seq: count,
  /** The store's revision at which its data was the fold with `inflight` on top. */
  localSeq: count,
  /** When a sync last reached the server and ended (ISO), null before the first. */
  lastSyncAt: z.iso.datetime({ offset: true }).nullable(),
  inflight: z.array(syncOpSchema),
};

/** A base file's name: the folder's own, never a path elsewhere. */
export const SYNC_FOLD_FILE = /^sync\.fold-[0-9a-f]{12}$/;

const foldAtSchema = z.strictObject({
  file: z.string().regex(SYNC_FOLD_FILE, { error: 'must be a fold file of the folder (sync.fold-<12 hex digits>)' }),
  seq: count,
  log: count,
});

const stateV2Schema = z.strictObject({ format: z.literal(SYNC_STATE_FORMAT, { error: `must be ${SYNC_STATE_FORMAT}` }), ...stateFields, fold: foldAtSchema });
const stateV1Schema = z.strictObject({
  format: z.literal(SYNC_STATE_FORMAT_V1),
  ...stateFields,
  fold: z.strictObject({ nextPlace: count, events: z.array(foldEventSchema), conflicts: z.array(conflictSchema) }),
});

export type SyncLink = z.infer<typeof linkSchema>;

export interface SyncState {
  readonly link: SyncLink;
  readonly joined: boolean;
  readonly seq: number;
  readonly localSeq: number;
  readonly lastSyncAt: string | null;
  /** The fold of the ops pulled, in the server's order (its `seen` empty: each op is pulled once, after `seq`). */
  readonly fold: Merged;
  readonly inflight: readonly SyncOp[];
}

/** Where the fold of what was pulled stands on disk: its base file, the seq the base holds, and the bytes of `sync.log` that count. */
export type SyncFoldAt = z.infer<typeof foldAtSchema>;

/** A new link's state: nothing pulled, nothing made. */
export function syncStateNew(link: SyncLink, localSeq: number): SyncState {
  return { link, joined: false, seq: 0, localSeq, lastSyncAt: null, fold: mergeEmpty(), inflight: [] };
}

/** `sync.json`'s text for `state`, its fold at `at`. */
export function syncStateText(state: SyncState, at: SyncFoldAt): string {
  const { fold: _, ...rest } = state;
  return JSON.stringify({ format: SYNC_STATE_FORMAT, ...rest, fold: at });
}

/** Why a file of the state does not read: the field and the rule. */
function reasonOf(error: z.ZodError, value: unknown): string {
  const issue = issuesFromZod(error, value)[0]!;
  return `${issue.path || 'it'}: ${issue.message}`;
}

function jsonOf(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: `it is not valid JSON (${(e as Error).message})` };
  }
}

/**
 * `sync.json`'s text read: the state but its fold, and where the fold is (`at`), or the fold itself (a `sync@1`
 * file, `at` null); or why it is not one (the field and the rule).
 */
export function syncStateRead(text: string): { ok: true; state: Omit<SyncState, 'fold'>; at: SyncFoldAt; fold: null } | { ok: true; state: Omit<SyncState, 'fold'>; at: null; fold: Merged } | { ok: false; reason: string } {
  const json = jsonOf(text);
  if (!json.ok) return json;
  const format = (json.value as { format?: unknown } | null)?.format;
  if (format === SYNC_STATE_FORMAT_V1) {
    const parsed = stateV1Schema.safeParse(json.value);
    if (!parsed.success) return { ok: false, reason: reasonOf(parsed.error, json.value) };
    const { format: _, fold, ...state } = parsed.data;
    return { ok: true, state, at: null, fold: { events: new Map(fold.events.map((e) => [e.id, { ...e }])), conflicts: fold.conflicts, seen: new Set(), nextPlace: fold.nextPlace } };
  }
  const parsed = stateV2Schema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: reasonOf(parsed.error, json.value) };
  const { format: _, fold: at, ...state } = parsed.data;
  return { ok: true, state, at, fold: null };
}

const foldHeadSchema = z.strictObject({
  format: z.literal(SYNC_FOLD_FORMAT, { error: `must be ${SYNC_FOLD_FORMAT}` }),
  workspace: z.uuid({ error: 'must be a workspace id (a UUID)' }),
  seq: count,
  nextPlace: count,
  events: count,
  conflicts: count,
});

/** An op pulled, as `sync.log` keeps it: what the fold reads of it, and its seq. */
const pulledSchema = z.strictObject({ seq: count, id: name, eventId: z.string().min(1), kind: z.enum(SYNC_OP_KINDS), base: name.nullable(), body, member, device: name });
export type PulledOp = z.infer<typeof pulledSchema>;

/** The base file's lines for `fold` at server seq `seq` of `workspace`: its head, each event, each conflict. */
export function* syncFoldLines(fold: Merged, workspace: string, seq: number): Generator<string> {
  yield JSON.stringify({ format: SYNC_FOLD_FORMAT, workspace, seq, nextPlace: fold.nextPlace, events: fold.events.size, conflicts: fold.conflicts.length });
  for (const e of fold.events.values()) yield JSON.stringify(e);
  for (const c of fold.conflicts) yield JSON.stringify(c);
}

/** `sync.log`'s line for an op pulled with its seq. */
export function syncLogLine(op: PulledOp): string {
  const { seq, id, eventId, kind, base, body, member, device } = op;
  return JSON.stringify({ seq, id, eventId, kind, base, body, member, device });
}

type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

function lineRead<T>(schema: z.ZodType<T>, line: string, where: string): Read<T> {
  const json = jsonOf(line);
  if (!json.ok) return { ok: false, reason: `${where}: ${json.reason}` };
  const parsed = schema.safeParse(json.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: `${where}: ${reasonOf(parsed.error, json.value)}` };
}

/** A base file's event line: by the fast path where it takes it, by the schema otherwise. */
function eventRead(line: string, where: string): Read<MergedEvent> {
  const json = jsonOf(line);
  if (!json.ok) return { ok: false, reason: `${where}: ${json.reason}` };
  const fast = foldEventFast(json.value);
  if (fast !== null) return { ok: true, value: fast };
  const parsed = foldEventSchema.safeParse(json.value);
  return parsed.success ? { ok: true, value: parsed.data as MergedEvent } : { ok: false, reason: `${where}: ${reasonOf(parsed.error, json.value)}` };
}

/**
 * The fold `lines` of a base file and of `sync.log` make for a state at server seq `seq` of `workspace`, its base
 * expected at `at`; or why they do not make one. Only the log's ops after the base's seq and up to `seq` count, each
 * once (a cycle's pull appended and its state not saved leaves more; the next one's appends the same ops again).
 */
export function syncFoldRead(base: Iterable<string>, log: Iterable<string>, workspace: string, seq: number, at: SyncFoldAt): Read<Merged> {
  const lines = base[Symbol.iterator]();
  const first = lines.next();
  if (first.done) return { ok: false, reason: `${at.file}: it is empty` };
  const head = lineRead(foldHeadSchema, first.value, `${at.file}, its first line`);
  if (!head.ok) return head;
  const h = head.value;
  if (h.workspace !== workspace || h.seq !== at.seq) return { ok: false, reason: `${at.file}: it is the fold of ${h.workspace} at seq ${h.seq}, not of ${workspace} at seq ${at.seq}` };
  if (seq < at.seq) return { ok: false, reason: `${at.file}: it is the fold at seq ${at.seq}, but the sync state is at seq ${seq}` };
  const fold: Merged = { events: new Map(), conflicts: [], seen: new Set(), nextPlace: h.nextPlace };
  let n = 1;
  for (let line = lines.next(); !line.done; line = lines.next()) {
    n++;
    const isEvent = n - 1 <= h.events;
    const read = isEvent ? eventRead(line.value, `${at.file}, line ${n}`) : lineRead(conflictSchema, line.value, `${at.file}, line ${n}`);
    if (!read.ok) return read;
    if (isEvent) {
      const e = read.value as MergedEvent;
      fold.events.set(e.id, e);
    } else fold.conflicts.push(read.value as SyncConflict);
  }
  if (n - 1 !== h.events + h.conflicts) return { ok: false, reason: `${at.file}: it holds ${n - 1} lines after its head, not the ${h.events + h.conflicts} its head counts` };
  let last = at.seq;
  let k = 0;
  for (const line of log) {
    k++;
    const read = lineRead(pulledSchema, line, `sync.log, line ${k}`);
    if (!read.ok) return read;
    const op = read.value;
    if (op.seq <= last || op.seq > seq) continue;
    last = op.seq;
    mergeApply(fold, op);
  }
  if (last !== seq) return { ok: false, reason: `sync.log: it holds the ops up to seq ${last}, not up to ${seq}` };
  fold.seen.clear();
  return { ok: true, value: fold };
}
