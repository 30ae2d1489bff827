/**
 * The account service off the UI thread: this entry runs the service and its
 * store in a worker thread (the browser mode) or in Electron's utility process
 * (the desktop app), and answers the host's messages (`hostProtocol.ts`) one
 * after the other. The host only forwards; a long import here never stalls the
 * window or the server's other requests.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { fromWorkerSchema, messageCallId, messageProblem, toWorkerSchema, type FromWorker, type ToWorker } from './hostProtocol.ts';
import { serviceCreate, type Service } from './service.ts';
import type { DeviceSync } from './sync/device.ts';
import { SYNC_STATE_FILE, syncPasswordForget, syncPasswordRead, syncUnlink } from './sync/state.ts';
import { StoreLockedError, StoreOpenError, storeOpen, type StoreGlance } from './store.ts';
import { glanceState } from './service/session.ts';
import { today as systemToday } from '../shared/dates.ts';
import { ExpectedError, STILL_OPENING } from '../shared/errors.ts';
import { api, type SyncView } from '../shared/api.ts';

/** The worker's end of the channel to its host. */
export interface HostPort {
  post(message: FromWorker): void;
  onMessage(listener: (message: unknown) => void): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Start the team sync of the linked workspace in `dir`, in this thread beside its service; each status it comes to is told to `told`, the first at once. */
async function syncResume(dir: string, service: Service, log: (message: string) => void, told: (view: SyncView) => void, password: string | null): Promise<DeviceSync | null> {
  const { deviceResume, deviceView, syncLocalOf } = await import('./sync/device.ts');
  const sync = deviceResume(dir, syncLocalOf(service), log, password);
  if (sync === null) return null;
  sync.onStatus((status) => told(deviceView(status, sync.state())));
  told(deviceView(sync.status(), sync.state()));
  sync.start();
  return sync;
}

/** Serve the host's messages on `port`; the host ends the worker once it has said `closed` (or `failed`). */
export function workerServe(port: HostPort): void {
  let service: Service | null = null;
  /** The team sync of a linked workspace, run in this thread beside its service (backend/sync/device.ts). */
  let syncing: Promise<DeviceSync | null> = Promise.resolve(null);
  /** That sync once started; `starting` until then; `none` when the workspace is not linked (or has left its team). */
  let syncNow: DeviceSync | 'starting' | 'none' = 'none';
  let folder = '';
  /** A link under way: a second one asked meanwhile is refused, not made twice; closing waits for it. */
  let linking = false;
  let linked: Promise<void> = Promise.resolve();
  /** The host keeps the team sync's password (the desktop app): the one it holds, told of a new one, never written here. */
  let secretHeld = false;
  let heldPassword: string | null = null;
  const post = (message: FromWorker) => {
    // What leaves is checked too: a bug here must show as one, not as a message the host refuses.
    const checked = fromWorkerSchema.safeParse(message);
    port.post(checked.success ? message : { type: 'log', level: 'error', message: `the service made a malformed message: ${messageProblem(checked.error)}` });
    if (!checked.success && 'id' in message) port.post({ type: 'reply', id: message.id, reply: { ok: false, error: { code: 'internal', message: 'Something went wrong in the account service. Please report it.' } } });
  };

  function open(message: Extract<ToWorker, { type: 'open' }>): void {
    if (service) return post({ type: 'log', level: 'warn', message: 'the service was asked to open its folder twice; it keeps the first' });
    const { today } = message;
    secretHeld = message.syncSecret !== undefined;
    heldPassword = message.syncSecret?.password ?? null;
    try {
      const log = (m: string) => post({ type: 'log', level: 'warn', message: m });
      // The first screen is drawn from the snapshot while the account is read: the host shows it meanwhile.
      const glance = (g: StoreGlance) => {
        const state = glanceState(g, message.dir, today ?? systemToday());
        if (state !== null) post({ type: 'first', state });
      };
      const store = storeOpen({ dir: message.dir, owner: message.owner, whenLocked: message.whenLocked, log, notices: message.notices ?? [], glance });
      // A workspace opened read-only (another process holds it) is synced by that process. The sync (and the
      // PostgreSQL driver) is loaded for a linked workspace only: the others open as fast as before.
      const writable = store.readOnly === null;
      const isLinked = writable && existsSync(join(message.dir, SYNC_STATE_FILE));
      const syncKeep = (eventId: string, op: string) => {
        if (syncNow === 'starting') throw new ExpectedError({ code: 'unavailable', message: 'The team sync is still starting: try again in a moment.' });
        if (syncNow === 'none') throw new ExpectedError({ code: 'not-found', message: 'This workspace is not linked to a team.' });
        syncNow.keep(eventId, op);
      };
      service = serviceCreate({ store, ...(today ? { today: () => today } : {}), log, logBug: (name, error) => post({ type: 'log', level: 'error', message: `handler ${name} failed: ${describe(error)}` }), progress: (progress) => post({ type: 'progress', progress }), ...(writable ? { syncKeep } : {}) });
      service.subscribe((revision) => post({ type: 'changed', revision }));
      if (writable) folder = message.dir;
      if (isLinked && secretHeld) passwordToHost(message.dir, log);
      if (isLinked) syncBegin(service, log);
    } catch (e) {
      if (!(e instanceof StoreOpenError)) throw e;
      return post({ type: 'failed', reason: e instanceof StoreLockedError ? 'locked' : 'open', message: e.message });
    }
    post({ type: 'ready', state: service.current() });
  }

  /**
   * A linked folder's password kept in a file (the browser mode linked it) moves to the host that keeps passwords
   * (the desktop app's safeStorage): told to the host and used now; the file goes at the next start, once the host
   * gives the password back, so that a password the host could not keep is never lost with it.
   */
  function passwordToHost(dir: string, log: (message: string) => void): void {
    try {
      const kept = syncPasswordRead(dir);
      if (kept === null) return;
      if (heldPassword === null) {
        heldPassword = kept;
        post({ type: 'sync-secret', password: kept });
      } else {
        syncPasswordForget(dir);
        log(`the team sync's password is no longer kept in ${dir}: the app keeps it sealed now`);
      }
    } catch (e) {
      log(`the team sync's password kept in ${dir} could not be moved to the app's keeping (${(e as NodeJS.ErrnoException).code ?? String(e)}); it stays in the folder`);
    }
  }

  /** Start the team sync of the linked workspace in `folder` beside `on`: `starting` until it runs. */
  function syncBegin(on: Service, log: (message: string) => void): void {
    syncNow = 'starting';
    syncing = syncResume(folder, on, log, (view) => post({ type: 'sync', sync: view }), heldPassword).catch((e: unknown) => {
      log(`the team sync could not start: ${describe(e)}`);
      return null;
    });
    void syncing.then((started) => (syncNow = started ?? 'none'));
  }

  /**
   * Link the workspace to a team (create or join): the server reached with the password given, the workspace there
   * opened (made when the role may), the link and the password kept in the folder, then the sync started. Nothing is
   * kept when the server refuses or cannot be reached: the reply says why, in the server's words.
   */
  async function syncLink(id: number, input: unknown): Promise<void> {
    const on = service;
    if (on === null) return post({ type: 'reply', id, reply: { ok: false, error: STILL_OPENING } });
    const asked = api['sync-link'].input.safeParse(input);
    // The input refused, or no folder this thread may link (read-only): the service says so, in its words.
    if (!asked.success || folder === '') return post({ type: 'reply', id, reply: on.handle('sync-link', input) });
    const already = { ok: false, error: { code: 'conflict', message: 'This workspace is linked to a team already: leave it first (Settings › Team).' } } as const;
    if (linking) return post({ type: 'reply', id, reply: already });
    const { server, password, workspace, member } = asked.data;
    linking = true;
    try {
      // A start under way ends first. A link on disk with no sync running (its password lost, a link cut off midway)
      // is replaced by this one.
      await syncing;
      if (syncNow !== 'none') return post({ type: 'reply', id, reply: already });
      const { syncClose, syncConnect, SyncError } = await import('./sync/connection.ts');
      const { deviceLink } = await import('./sync/device.ts');
      const url = new URL(server);
      url.password = encodeURIComponent(password);
      // The host keeps it before the link is written: a link cut off between the two can still sync.
      if (secretHeld) post({ type: 'sync-secret', password });
      try {
        const connection = await syncConnect(url.toString());
        try {
          await deviceLink(folder, connection, workspace, member ?? null, on.store.seq, !secretHeld);
        } finally {
          await syncClose(connection).catch(() => {});
        }
      } catch (e) {
        if (secretHeld) post({ type: 'sync-secret', password: heldPassword });
        if (!(e instanceof SyncError)) throw e;
        const code = e.code === 'unreachable' || e.code === 'busy' ? 'unavailable' : e.code === 'forbidden' || e.code === 'not-a-member' || e.code === 'no-workspace' ? 'forbidden' : 'invalid-input';
        return post({ type: 'reply', id, reply: { ok: false, error: { code, message: `The team’s server: ${e.message}` } } });
      }
      if (secretHeld) heldPassword = password;
      syncBegin(on, (m) => post({ type: 'log', level: 'warn', message: m }));
      await syncing;
    } finally {
      linking = false;
    }
    post({ type: 'reply', id, reply: { ok: true, value: on.current() } });
  }

  /** Leave the team: the sync stopped (its cycle under way ended), then the link removed; the data stays as it is. */
  async function syncLeave(id: number, input: unknown): Promise<void> {
    const sync = await syncing;
    if (service === null) return post({ type: 'reply', id, reply: { ok: false, error: STILL_OPENING } });
    // Not linked, or the input refused: the service says so, in its words.
    if (sync === null || syncNow === 'none' || !api['sync-leave'].input.safeParse(input).success) return post({ type: 'reply', id, reply: service.handle('sync-leave', input) });
    syncNow = 'none';
    syncing = Promise.resolve(null);
    await sync.stop();
    try {
      syncUnlink(folder);
    } catch (e) {
      return post({ type: 'reply', id, reply: { ok: false, error: { code: 'storage', message: `The link to the team could not be removed: ${(e as Error).message}` } } });
    }
    if (secretHeld) {
      heldPassword = null;
      post({ type: 'sync-secret', password: null });
    }
    post({ type: 'sync', sync: null });
    post({ type: 'reply', id, reply: { ok: true, value: service.current() } });
  }

  port.onMessage((raw) => {
    const parsed = toWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      const problem = messageProblem(parsed.error);
      post({ type: 'log', level: 'warn', message: `the service refused a malformed message: ${problem}` });
      const id = messageCallId(raw);
      if (id !== null) post({ type: 'reply', id, reply: { ok: false, error: { code: 'invalid-input', message: `a malformed message: ${problem}` } } });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'open':
        return open(message);
      case 'call':
        if (message.name === 'sync-leave') return void syncLeave(message.id, message.input);
        if (message.name === 'sync-link') {
          return void (linked = syncLink(message.id, message.input).catch((e: unknown) => {
            post({ type: 'log', level: 'error', message: `linking to a team failed: ${describe(e)}` });
            post({ type: 'reply', id: message.id, reply: { ok: false, error: { code: 'internal', message: 'Something went wrong while linking to the team. Please report it.' } } });
          }));
        }
        return post({ type: 'reply', id: message.id, reply: service ? service.handle(message.name, message.input) : { ok: false, error: STILL_OPENING } });
      case 'current':
        if (service) post({ type: 'current', id: message.id, state: service.current() });
        else post({ type: 'reply', id: message.id, reply: { ok: false, error: STILL_OPENING } });
        return;
      case 'close':
        // A link under way, then the sync's cycle under way, end first: they write to the folder and the store.
        void linked
          .then(() => syncing)
          .then((sync) => sync?.stop())
          .then(() => {
            try {
              service?.store.close();
            } catch (e) {
              post({ type: 'log', level: 'error', message: `closing the store failed: ${describe(e)}` });
            }
            post({ type: 'closed' });
          });
        return;
    }
  });
  post({ type: 'loaded' });
}

/** Electron's utility process: `process.parentPort` (messages arrive as `{ data }`). */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
if (electronPort) {
  workerServe({ post: (m) => electronPort.postMessage(m), onMessage: (l) => electronPort.on('message', (e) => l(e.data)) });
} else if (parentPort) {
  const port = parentPort;
  workerServe({ post: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) });
}
