/**
 * A sync op: one change a device made to a shared workspace's event log (an event added, replaced or deleted), as it
 * is pushed to the team's server and pulled back from it with the server's sequence. Order comes from `seq`, given
 * by the server on insert; `createdAt` is the server's clock, informational only.
 */
import { z } from 'zod';

export const SYNC_OP_KINDS = ['add', 'replace', 'delete'] as const;
export type SyncOpKind = (typeof SYNC_OP_KINDS)[number];

/** The most ops one push carries: a device's outbox goes in batches of at most this many. */
export const SYNC_PUSH_MAX = 1000;

/** The most ops one pull returns. */
export const SYNC_PULL_MAX = 10_000;

/** The largest event body, in bytes of its JSON, the server takes. */
export const SYNC_BODY_MAX = 65_536;

const text = (max: number) => z.string().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });

/** An op as a device pushes it. */
export const syncOpSchema = z
  .strictObject({
    /** Given by the device, a UUIDv7: the same op pushed again is the same id. */
    id: z.uuidv7({ error: 'must be a UUIDv7' }),
    /** The workspace's id on the server. */
    workspace: z.uuid({ error: 'must be a workspace id (a UUID)' }),
    /** The event the op touches (its `id` in the account). */
    eventId: text(128),
    kind: z.enum(SYNC_OP_KINDS, { error: 'must be add, replace or delete' }),
    /** The app's member who made the change, as the account names members; null when none is set. */
    member: z.string().trim().min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' }).nullable(),
    /** The device that made it. */
    device: text(128),
    /** The op the change was based on (the id of the op that gave the event its value then, shared/sync/merge.ts); null for an event's first add. */
    base: text(128).nullable(),
    /** The event (a JSON object), null for a delete. */
    body: z.record(z.string(), z.unknown()).nullable(),
  })
  .refine((op) => (op.kind === 'delete') === (op.body === null), { error: 'a delete has none, an add or a replace has the event', path: ['body'] })
  .refine((op) => new TextEncoder().encode(JSON.stringify(op.body)).length <= SYNC_BODY_MAX, { error: `must be at most ${SYNC_BODY_MAX} bytes of JSON`, path: ['body'] });

export type SyncOp = z.infer<typeof syncOpSchema>;

/** A server's sequence number, as PostgreSQL sends a bigint (a string of digits). */
export const syncSeq = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform(Number)
  .refine(Number.isSafeInteger, { error: 'must be a whole number below 2^53' });

/** An op as the server holds it and a pull returns it. */
export const syncOpRowSchema = z.strictObject({
  seq: syncSeq,
  id: z.uuid(),
  workspace: z.uuid(),
  eventId: z.string(),
  kind: z.enum(SYNC_OP_KINDS),
  /** The PostgreSQL role that pushed it. */
  author: z.string(),
  member: z.string().nullable(),
  device: z.string(),
  base: z.string().nullable(),
  body: z.record(z.string(), z.unknown()).nullable(),
  /** The server's time of the insert (ISO), informational only. */
  createdAt: z.iso.datetime({ offset: true }),
});

export type SyncOpRow = z.infer<typeof syncOpRowSchema>;

const ROW_KEYS = new Set(['seq', 'id', 'workspace', 'eventId', 'kind', 'author', 'member', 'device', 'base', 'body', 'createdAt']);
/** What `z.uuid()` takes: the RFC's layout with its version and variant digits, or the nil and max ids. */
const UUID = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const DIGITS = /^\d+$/;
const KINDS = new Set<unknown>(SYNC_OP_KINDS);
const orNull = (v: unknown) => v === null || typeof v === 'string';
/** The workspace and time of the last row the fast path took (both valid); none before the first. */
const seen: { workspace: string | null; createdAt: string | null } = { workspace: null, createdAt: null };
/** `toISOString`'s own layout (a year of four digits, as the schema's date-time asks). */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** An event's body the schemas' record (`z.record(z.string(), z.unknown())`) takes as it is: a plain object without an own `__proto__` key (which JSON can hold, and the record drops). */
export function bodyAsIs(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && Object.getPrototypeOf(body) === Object.prototype && !Object.hasOwn(body, '__proto__');
}

/**
 * The fast path of a pulled row: the row as `syncOpRowSchema` gives it when the schema would take it and change
 * nothing but its seq (digits become a number); null for any other row, which then goes through the schema (the
 * error, or the clean copy). A pull of a million rows is checked without a copy of each body.
 */
export function syncOpRowFast(row: unknown): SyncOpRow | null {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return null;
  const r = row as Record<string, unknown>;
  for (const key in r) if (!ROW_KEYS.has(key)) return null;
  const { seq, id, workspace, eventId, kind, author, member, device, base, body, createdAt } = r;
  const n = typeof seq === 'string' && DIGITS.test(seq) ? Number(seq) : typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 ? seq : NaN;
  if (!Number.isSafeInteger(n)) return null;
  if (typeof id !== 'string' || !UUID.test(id) || typeof workspace !== 'string' || (workspace !== seen.workspace && !UUID.test(workspace))) return null;
  if (typeof eventId !== 'string' || !KINDS.has(kind) || typeof author !== 'string' || !orNull(member) || typeof device !== 'string' || !orNull(base)) return null;
  if (body !== null && !bodyAsIs(body)) return null;
  // The server's time as this app writes it (`toISOString`): a valid date-time with its offset.
  if (typeof createdAt !== 'string' || (createdAt !== seen.createdAt && (!ISO_TIME.test(createdAt) || new Date(createdAt).toISOString() !== createdAt))) return null;
  // The rows of a page are of one workspace, and many of one insert's time: each checked once.
  seen.workspace = workspace;
  seen.createdAt = createdAt;
  return { ...(r as SyncOpRow), seq: n };
}
