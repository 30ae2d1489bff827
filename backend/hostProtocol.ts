/**
 * The messages between the service host (the UI-side process: Electron's main
 * process, the browser mode's server thread) and the worker that runs the
 * service and its store (a utility process, a worker thread). Both sides
 * validate what they receive with these schemas: a malformed message is
 * refused and logged, never thrown on; one that names a call in flight still
 * answers that call (with `internal`), so no caller waits forever.
 */
import { z } from 'zod';
import { api, SYNC_PHASES, WORK_STAGES, type ApiReply, type AppState, type HandlerName, type SyncView, type WorkProgress } from '../shared/api.ts';
import { ERROR_CODES, type AppError } from '../shared/errors.ts';
import { isoDate } from '../shared/formats/fields.ts';

const callId = z.number().int().min(1);

const appError = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).readonly().optional(),
}) satisfies z.ZodType<AppError>;

/** An AppState as far as the host reads it (the rest is passed on untouched). */
const appStateShape = z.looseObject({ settings: z.looseObject({}), notices: z.array(z.string()), readOnly: z.string().nullable(), dataDir: z.string(), revision: z.number().int().min(0) });
export const appState = z.custom<AppState>((value) => appStateShape.safeParse(value).success, { error: 'must be the app state' });

/** What the host asks of the worker. */
export const toWorkerSchema = z.discriminatedUnion('type', [
  /** The first message: open the data folder. */
  z.strictObject({
    type: z.literal('open'),
    dir: z.string().min(1),
    owner: z.strictObject({ app: z.enum(['desktop', 'browser', 'test']), url: z.string().optional() }),
    whenLocked: z.enum(['read-only', 'fail']),
    /** A fixed date (tests); the system's date otherwise. */
    today: isoDate.optional(),
    /** What the host has to tell the user (the service was restarted): kept in the folder with the opening's own notices until a page has shown them. */
    notices: z.array(z.string().min(1).max(1000)).max(10).optional(),
    /**
     * The host keeps the team sync's password (the desktop app, with safeStorage): the one it holds for this folder
     * (null: none), and the worker tells it of a new one (`sync-secret`) rather than writing it in the folder.
     */
    syncSecret: z.strictObject({ password: z.string().max(1000).nullable() }).optional(),
  }),
  z.strictObject({ type: z.literal('call'), id: callId, name: z.string(), input: z.unknown() }),
  /** The state for the shell's own use (a tray): the one-time notices stay for the window. */
  z.strictObject({ type: z.literal('current'), id: callId }),
  /** Compact, release the folder, and end. */
  z.strictObject({ type: z.literal('close') }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;
export type OpenMessage = Extract<ToWorker, { type: 'open' }>;

const count = z.number().int().min(0);
const workProgress = z
  .strictObject({ call: z.string().refine((name) => Object.hasOwn(api, name), { error: 'must be a handler' }), stage: z.enum(WORK_STAGES), done: count, total: count })
  .refine((p) => p.done <= p.total, { error: 'done must not pass total' }) as unknown as z.ZodType<WorkProgress>;

const syncVersion = z.strictObject({ op: z.string(), body: z.record(z.string(), z.unknown()).readonly().nullable(), member: z.string().nullable(), device: z.string() });
const syncView = z.strictObject({
  phase: z.enum(SYNC_PHASES),
  message: z.string().nullable(),
  since: z.iso.datetime(),
  lastSyncAt: z.iso.datetime().nullable(),
  pending: count,
  conflicts: z.array(z.strictObject({ eventId: z.string(), standing: syncVersion, other: syncVersion })).readonly(),
  receiving: z.strictObject({ done: count, total: count }).nullable(),
  server: z.string(),
  workspace: z.string(),
  device: z.string(),
}) satisfies z.ZodType<SyncView>;

/** What the worker tells the host. */
export const fromWorkerSchema = z.discriminatedUnion('type', [
  /** The worker's code is loaded: it can be told to open a folder. */
  z.strictObject({ type: z.literal('loaded') }),
  /** The folder is held and its first screen can be drawn (`state`, from the snapshot: `opening`); the account is still being read, and `ready` follows. */
  z.strictObject({ type: z.literal('first'), state: appState }),
  /** The folder is open; `state` is its state without the one-time notices taken. */
  z.strictObject({ type: z.literal('ready'), state: appState }),
  /** The folder could not be opened: `locked` (another process holds it), or `open` (it cannot be, said in one line). */
  z.strictObject({ type: z.literal('failed'), reason: z.enum(['locked', 'open']), message: z.string() }),
  z.strictObject({ type: z.literal('reply'), id: callId, reply: z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true), value: z.unknown() }), z.strictObject({ ok: z.literal(false), error: appError })]) }),
  z.strictObject({ type: z.literal('current'), id: callId, state: appState }),
  /** A change was committed: the account is at `revision` now. */
  z.strictObject({ type: z.literal('changed'), revision: z.number().int().min(0) }),
  /** How far the call being worked on has got (an import): the host answers `progress-get` with it. */
  z.strictObject({ type: z.literal('progress'), progress: workProgress }),
  /** The linked workspace's team sync has a new status (null: it left the team): the host answers `sync-get` with it. */
  z.strictObject({ type: z.literal('sync'), sync: syncView.nullable() }),
  /** Keep this password for the folder's team sync (null: forget it, the workspace left its team): sent only to a host that keeps them. */
  z.strictObject({ type: z.literal('sync-secret'), password: z.string().max(1000).nullable() }),
  /** Something for the host's log (a bug in a handler, a backup that could not be written). */
  z.strictObject({ type: z.literal('log'), level: z.enum(['warn', 'error']), message: z.string() }),
  z.strictObject({ type: z.literal('closed') }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

/** A reply as the service returns it. */
export type Reply = ApiReply<HandlerName>;

/** The id a malformed message names, if it names one: that call is answered, not left waiting. */
export function messageCallId(message: unknown): number | null {
  if (typeof message !== 'object' || message === null) return null;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** A schema's complaint in one line, for the log. */
export function messageProblem(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
}
