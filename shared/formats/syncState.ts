/**
 * A device's team sync state (`sync.json` in the workspace's folder, `credit-companion/sync@1`): the link (the
 * server without its password, the workspace, this device, its member), how far it has pulled and the fold of what
 * it pulled, the ops it made that the server has not yet shown it back (`inflight`: pushed again after a crash
 * with the same ids, which the server takes once), and the store revision at which the device's data was last made
 * the fold with them on top (`localSeq`). Every change of the data after that revision is a local change still to
 * record as ops.
 */
import { z } from 'zod';
import { issuesFromZod } from './issues.ts';
import { syncOpSchema, type SyncOp } from './syncOp.ts';
import type { Merged, MergedEvent, SyncConflict } from '../sync/merge.ts';

export const SYNC_STATE_FORMAT = 'credit-companion/sync@1';

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

const foldEventSchema = z.strictObject({ id: name, body, version: name, member, device: name, place: count });

const conflictSchema = z.strictObject({
  eventId: z.string().min(1),
  standing: name,
  other: z.strictObject({ op: name, body, member, device: name }),
  base: name.nullable(),
});

export const syncStateSchema = z.strictObject({
  format: z.literal(SYNC_STATE_FORMAT, { error: `must be ${SYNC_STATE_FORMAT}` }),
  link: linkSchema,
  /** Whether the first sync is done (the device's own data joined to the team's). */
  joined: z.boolean(),
  /** The last server seq pulled and folded. */
  seq: count,
  /** The store's revision at which its data was the fold with `inflight` on top. */
  localSeq: count,
  /** When a sync last reached the server and ended (ISO), null before the first. */
  lastSyncAt: z.iso.datetime({ offset: true }).nullable(),
  fold: z.strictObject({ nextPlace: count, events: z.array(foldEventSchema), conflicts: z.array(conflictSchema) }),
  inflight: z.array(syncOpSchema),
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

/** A new link's state: nothing pulled, nothing made. */
export function syncStateNew(link: SyncLink, localSeq: number): SyncState {
  return { link, joined: false, seq: 0, localSeq, lastSyncAt: null, fold: { events: new Map(), conflicts: [], seen: new Set(), nextPlace: 0 }, inflight: [] };
}

/** `sync.json`'s text for `state`. */
export function syncStateText(state: SyncState): string {
  const { fold, ...rest } = state;
  return JSON.stringify({ format: SYNC_STATE_FORMAT, ...rest, fold: { nextPlace: fold.nextPlace, events: [...fold.events.values()], conflicts: fold.conflicts } });
}

/** `sync.json`'s text read: the state, or why it is not one (the field and the rule). */
export function syncStateRead(text: string): { ok: true; state: SyncState } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `it is not valid JSON (${(e as Error).message})` };
  }
  const parsed = syncStateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = issuesFromZod(parsed.error, value)[0]!;
    return { ok: false, reason: `${issue.path || 'it'}: ${issue.message}` };
  }
  const { format: _, fold, ...rest } = parsed.data;
  const events = new Map<string, MergedEvent>(fold.events.map((e) => [e.id, { ...e }]));
  const conflicts: SyncConflict[] = fold.conflicts;
  return { ok: true, state: { ...rest, fold: { events, conflicts, seen: new Set(), nextPlace: fold.nextPlace } } };
}
