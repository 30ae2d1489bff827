/**
 * The account service: every handler the app's screens call, the same behind IPC (Electron) and HTTP (browser
 * mode). A handler validates its input with the contract's schema, checks the account it would produce with the
 * engine, and only then commits the change; it returns the new derived state. Expected failures come back as
 * `{ code, message, field }`; nothing is stored for them.
 *
 * The handlers live by feature in `./service/`, each file a typed map of named functions, and share one session
 * (`./service/session.ts`): the account's replay, check, commit, undo history and revisions.
 */
import { api, type ApiReply, type AppState, type HandlerName } from '../shared/api.ts';
import { errorFromIssues, ExpectedError, type AppError } from '../shared/errors.ts';
import { JSON_DEPTH_LIMIT, jsonDepthExceeds, jsonDepthIssue } from '../shared/formats/depth.ts';
import { issuesFromZod } from '../shared/formats/issues.ts';
import type { Data, Store } from './store.ts';
import type { EntriesPatch, TouchedEntries } from '../shared/sync/entries.ts';
import { accountHandlers } from './service/account.ts';
import { analysisHandlers } from './service/analysis.ts';
import { eventHandlers } from './service/events.ts';
import type { Handler, Handlers } from './service/handlers.ts';
import { historyHandlers } from './service/history.ts';
import { importHandlers } from './service/import.ts';
import { projectHandlers } from './service/projects.ts';
import { sessionOpen, sessionState, sessionSyncPatch, sessionSyncWrite, type Session, type SessionOptions } from './service/session.ts';
import { touchedSince } from './service/touched.ts';
import { settingsHandlers } from './service/settings.ts';
import { stateHandlers } from './service/state.ts';
import { usageHandlers } from './service/usage.ts';

export type ServiceOptions = SessionOptions;

export interface Service {
  /** Run a handler on an unvalidated input (from IPC or HTTP). Never throws. */
  handle(name: string, input: unknown): ApiReply<HandlerName>;
  /** The state for a shell's own use (a tray, a notification): it leaves the one-time notices for the window. */
  current(): AppState;
  /** Call `listener` with the new revision after every committed change (one call per change; a failed change makes none). Returns the unsubscribe. */
  subscribe(listener: (revision: number) => void): () => void;
  readonly store: Store;
  /** Make the account and projects the team's (`sessionSyncWrite`): one change, not kept for Undo; false when nothing changes. */
  syncWrite(next: Pick<Data, 'account' | 'projects'>): boolean;
  /** A few entries of the team's data brought in (`sessionSyncPatch`): false when nothing changes, null when the patch does not apply. */
  syncPatch(patch: EntriesPatch): boolean | null;
  /** What the changes committed after revision `since` touched; null when that is not known (`touchedSince`). */
  syncTouched(since: number): TouchedEntries | null;
}

/** Each name in one feature's map only (as Actual's `combine` checks): a name two features define is a bug, found at start. */
function handlersDisjoint(...maps: readonly Partial<Handlers<HandlerName>>[]): void {
  const seen = new Set<string>();
  for (const name of maps.flatMap((map) => Object.keys(map))) {
    if (seen.has(name)) throw new Error(`handler ${name} is defined twice`);
    seen.add(name);
  }
}

/** Every handler of the contract: a name missing here, or one the contract does not list, does not compile. */
export const HANDLERS: Handlers<HandlerName> = {
  ...stateHandlers,
  ...usageHandlers,
  ...eventHandlers,
  ...importHandlers,
  ...accountHandlers,
  ...projectHandlers,
  ...settingsHandlers,
  ...analysisHandlers,
  ...historyHandlers,
};
handlersDisjoint(stateHandlers, usageHandlers, eventHandlers, importHandlers, accountHandlers, projectHandlers, settingsHandlers, analysisHandlers, historyHandlers);

/**
 * Run a handler of `handlers` on an unvalidated input, as the service does (tests give a feature's own map): an
 * unknown name is `not-found`, a bad input `invalid-input` naming the field, an expected failure a reply,
 * anything else a bug (logged). Never throws.
 */
export function handleWith(handlers: Partial<Handlers<HandlerName>>, s: Session, name: string, input: unknown): ApiReply<HandlerName> {
  const spec = (api as Record<string, { input: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: unknown } } }>)[name];
  const handler = Object.hasOwn(handlers, name) ? (handlers[name as HandlerName] as Handler<HandlerName> | undefined) : undefined;
  if (!spec || !Object.hasOwn(api, name) || !handler) return { ok: false, error: { code: 'not-found', message: `unknown handler ${JSON.stringify(name)}` } };
  // Absurd nesting is bad input, refused before anything walks it recursively.
  const deep = jsonDepthExceeds(input, JSON_DEPTH_LIMIT);
  if (deep !== null) return { ok: false, error: errorFromIssues('invalid-input', [jsonDepthIssue(deep, JSON_DEPTH_LIMIT)]) };
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) return { ok: false, error: errorFromIssues('invalid-input', issuesFromZod(parsed.error as never, input)) };
  s.running = name as HandlerName;
  try {
    return { ok: true, value: handler(s, parsed.data as never) };
  } catch (e) {
    if (e instanceof ExpectedError) return { ok: false, error: e.error };
    s.logBug(name, e);
    const error: AppError = { code: 'internal', message: `Something went wrong in ${name}. Please report it.` };
    return { ok: false, error };
  } finally {
    s.running = null;
  }
}

export function serviceCreate(options: ServiceOptions): Service {
  const session = sessionOpen(options);
  return {
    store: session.store,
    current: () => sessionState(session, undefined, false),
    subscribe(listener) {
      session.listeners.add(listener);
      return () => void session.listeners.delete(listener);
    },
    handle: (name, input) => handleWith(HANDLERS, session, name, input),
    syncWrite: (next) => sessionSyncWrite(session, next),
    syncPatch: (patch) => sessionSyncPatch(session, patch),
    syncTouched: (since) => touchedSince(session.touched, since, session.store.seq),
  };
}
