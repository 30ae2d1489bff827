/**
 * The service host: the UI side of the service (Electron's main process, the
 * browser mode's server thread). The service and its store run in a worker
 * (`worker.ts`); the host forwards calls to it and answers each with its reply.
 *
 * While the worker works on a call (a long import), a plain `state-get` is
 * answered from the last state the worker published, so the window and the
 * server's other requests never wait on it. That copy carries no one-time
 * notices: those stay in the worker for the next `state-get` it answers.
 *
 * A worker that crashes is restarted once, and said so (the log, a notice in the
 * next state, `onRestart`); the calls it was working on answer `internal`, and
 * a second crash leaves every call answering `unavailable`. None ever waits
 * forever.
 */
import { Worker } from 'node:worker_threads';
import { api, type AppState, type WorkProgress } from '../shared/api.ts';
import { appState, fromWorkerSchema, messageCallId, messageProblem, type OpenMessage, type Reply, type ToWorker } from './hostProtocol.ts';

/** The host's end of the channel to one worker. */
export interface WorkerLink {
  post(message: ToWorker): void;
  /** Every message the worker sends, not yet validated. */
  onMessage(listener: (message: unknown) => void): void;
  /** The worker ended: crashed, killed, or after `closed`. */
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface HostLog {
  warn(message: string): void;
  error(message: string): void;
}

export interface HostOptions {
  /** Start a worker running `worker.ts`. */
  readonly spawn: () => WorkerLink;
  readonly log: HostLog;
}

/** Which folder the worker opens, and how. */
export type OpenOptions = Omit<OpenMessage, 'type'>;

/** A worker started (loading its code) that has not opened a folder yet. */
export interface HostStarting {
  /** Resolves once the worker's code is loaded (it has touched no data yet); rejects if it ended first. */
  readonly loaded: Promise<void>;
  /** Open the folder in the worker; rejects with `HostOpenError` when it cannot be opened. */
  open(open: OpenOptions): Promise<ServiceHost>;
  /** End the worker unopened (the server could not take its port). */
  kill(): void;
}

export interface ServiceHost {
  /** Run a handler in the worker. Never rejects. */
  handle(name: string, input: unknown): Promise<Reply>;
  /** The state for a shell's own use (a tray): the one-time notices stay for the window. */
  current(): Promise<AppState>;
  /** The data folder. */
  readonly dir: string;
  /** Why nothing can be saved, as the worker last said; null when changes are saved. */
  readOnly(): string | null;
  /** Each committed change, with the account's revision after it. Returns the unsubscribe. */
  subscribe(listener: (revision: number) => void): () => void;
  /** The account's revision, as the worker last said. */
  revision(): number;
  /** The worker crashed: `restarted` (once), or not (every call now answers `unavailable`). Returns the unsubscribe. */
  onRestart(listener: (restarted: boolean) => void): () => void;
  /** Let the worker compact and release the folder, then end it. */
  close(): Promise<void>;
}

/** What a bridge needs of the service: the async call, and the account's revision as it changes. */
export type ServiceClient = Pick<ServiceHost, 'handle' | 'subscribe' | 'revision'>;

/** The folder could not be opened: `locked` (another process holds it) or `open`; `message` is the one line to show. */
export class HostOpenError extends Error {
  override name = 'HostOpenError';
  constructor(
    readonly reason: 'locked' | 'open',
    message: string,
  ) {
    super(message);
  }
}

export const RESTARTED_NOTICE = 'The account service stopped unexpectedly and was restarted. A change you were making when it stopped may not have been saved: check it.';
const CRASHED: Reply = { ok: false, error: { code: 'internal', message: 'The account service stopped while it worked on this. It has been restarted: check whether the change was saved, and try again.' } };
const DOWN: Reply = { ok: false, error: { code: 'unavailable', message: 'The account service stopped and could not be restarted: quit the app and open it again.' } };
const CLOSED: Reply = { ok: false, error: { code: 'unavailable', message: 'The app is closing.' } };
/** How long a closing worker has to compact and release the folder. */
const CLOSE_MS = 10_000;

/** The keys of an AppState: what the host keeps of a reply that carries one (an import's ids are not kept). */
const STATE_KEYS: Record<keyof AppState, true> = { view: true, firstRun: true, projects: true, settings: true, catalog: true, dataDir: true, notices: true, readOnly: true, changes: true, revision: true };

function stateOf(value: AppState): AppState {
  return Object.fromEntries(Object.keys(STATE_KEYS).map((k) => [k, value[k as keyof AppState]])) as unknown as AppState;
}

/** Whether a call's reply is the current state (a change's, or `state-get`'s on no other date). */
function repliesState(name: string, input: unknown, value: unknown): value is AppState {
  if (name === 'state-get' && (typeof input !== 'object' || input === null || (input as { at?: unknown }).at !== undefined)) return false;
  return appState.safeParse(value).success;
}

/** `state-get` with nothing asked: what the last published state can answer. */
function plainStateGet(name: string, input: unknown): boolean {
  return name === 'state-get' && typeof input === 'object' && input !== null && !Array.isArray(input) && Object.keys(input).length === 0;
}

/** `progress-get`'s input is valid (the host answers it itself). */
function workProgressInput(input: unknown): boolean {
  return api['progress-get'].input.safeParse(input).success;
}

interface Pending {
  readonly name: string;
  readonly input: unknown;
  resolve(reply: Reply): void;
}

/** Start the worker and open the folder in it; rejects with `HostOpenError` when the folder cannot be opened. */
export function hostStart(options: HostOptions & { readonly open: OpenOptions }): Promise<ServiceHost> {
  return hostSpawn(options).open(options.open);
}

/** Start a worker now (its code loads meanwhile); open the folder in it later. */
export function hostSpawn(options: HostOptions): HostStarting {
  const { log } = options;
  let link: WorkerLink;
  let openWith: OpenOptions;
  /** Why the worker ended before it opened the folder, once it has. */
  let ended: HostOpenError | null = null;
  let opened: { resolve(): void; reject(e: Error): void } = { resolve() {}, reject() {} };
  let loaded: { resolve(): void; reject(e: Error): void } = { resolve() {}, reject() {} };
  const firstLoaded = new Promise<void>((resolve, reject) => (loaded = { resolve, reject }));
  let phase: 'opening' | 'ready' | 'down' | 'closing' = 'opening';
  let restarted = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const currents = new Map<number, (state: AppState) => void>();
  /** Calls made while the worker (re)opens the folder: sent once it is ready. */
  const queued: ToWorker[] = [];
  let published: AppState | null = null;
  /** How far the call being worked on has got, as the worker last said (null: it has said nothing of it). */
  let progress: WorkProgress | null = null;
  let revision = 0;
  const notices: string[] = [];
  const changeListeners = new Set<(revision: number) => void>();
  const restartListeners = new Set<(restarted: boolean) => void>();
  let closed: () => void = () => {};
  let closing: Promise<void> | null = null;

  function publish(state: AppState): void {
    published = { ...stateOf(state), notices: [] };
    revision = Math.max(revision, state.revision);
  }

  /** The host's own notices go out with the first state the window gets. */
  function withNotices(state: AppState): AppState {
    return notices.length === 0 ? state : { ...state, notices: [...notices.splice(0), ...state.notices] };
  }

  /** `current` calls the worker will not answer (it crashed, refused them, the host closes): the last state published does. */
  function currentsAnswer(ids: readonly number[]): void {
    for (const id of ids) {
      const resolve = currents.get(id);
      currents.delete(id);
      if (resolve && published) resolve(published);
    }
  }

  function send(message: ToWorker): void {
    if (phase === 'ready') link.post(message);
    else queued.push(message);
  }

  function received(raw: unknown): void {
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      log.error(`refused a malformed message from the service: ${messageProblem(parsed.error)}`);
      const id = messageCallId(raw);
      const waiting = id === null ? undefined : pending.get(id);
      if (id !== null && waiting) {
        pending.delete(id);
        progress = null;
        waiting.resolve({ ok: false, error: { code: 'internal', message: 'Something went wrong in the account service. Please report it.' } });
      }
      if (id !== null) currentsAnswer([id]);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'loaded':
        return loaded.resolve();
      case 'ready':
        publish(message.state);
        phase = 'ready';
        for (const m of queued.splice(0)) link.post(m);
        return opened.resolve();
      case 'failed':
        link.kill();
        return opened.reject(new HostOpenError(message.reason, message.message));
      case 'reply': {
        const call = pending.get(message.id);
        if (!call && currents.has(message.id)) return currentsAnswer([message.id]);
        if (!call) return log.warn(`the service answered call ${message.id}, which nobody is waiting for`);
        pending.delete(message.id);
        progress = null;
        const { reply } = message;
        if (reply.ok && repliesState(call.name, call.input, reply.value)) {
          publish(reply.value);
          if (call.name === 'state-get') return call.resolve({ ok: true, value: withNotices(reply.value) });
        }
        return call.resolve(reply as Reply);
      }
      case 'current': {
        const resolve = currents.get(message.id);
        currents.delete(message.id);
        publish(message.state);
        return resolve?.(message.state);
      }
      case 'progress':
        if (pending.size > 0) progress = message.progress;
        return;
      case 'changed':
        revision = message.revision;
        for (const l of changeListeners) l(message.revision);
        return;
      case 'log':
        return log[message.level](message.message);
      case 'closed':
        return closed();
    }
  }

  /** Start a worker; only the newest one is listened to. */
  function spawn(): void {
    const current = options.spawn();
    link = current;
    ended = null;
    current.onMessage((raw) => {
      if (link === current) received(raw);
    });
    current.onExit((code) => {
      if (link !== current) return;
      if (phase !== 'opening') return crashed(code);
      ended = new HostOpenError('open', `The account service stopped before it opened the data folder (exit code ${code}).`);
      loaded.reject(ended);
      opened.reject(ended);
    });
  }

  /** Have the worker open the folder. */
  function openIn(): Promise<void> {
    if (ended) return Promise.reject(ended);
    return new Promise((resolve, reject) => {
      opened = { resolve, reject };
      link.post({ type: 'open', ...openWith });
    });
  }

  function crashed(code: number): void {
    if (phase === 'closing') return closed();
    log.error(`the account service stopped unexpectedly (exit code ${code})${restarted ? '; it had been restarted once already, so it stays stopped' : '; restarting it'}`);
    for (const call of pending.values()) call.resolve(CRASHED);
    pending.clear();
    progress = null;
    currentsAnswer([...currents.keys()]);
    queued.length = 0;
    if (restarted) {
      phase = 'down';
      for (const l of restartListeners) l(false);
      return;
    }
    restarted = true;
    phase = 'opening';
    notices.push(RESTARTED_NOTICE);
    spawn();
    openIn().then(
      () => {
        for (const l of restartListeners) l(true);
      },
      (e: unknown) => {
        log.error(`the account service could not be restarted: ${(e as Error).message}`);
        phase = 'down';
        for (const l of restartListeners) l(false);
      },
    );
  }

  const host: ServiceHost = {
    get dir() {
      return openWith.dir;
    },
    readOnly: () => published?.readOnly ?? null,
    revision: () => revision,
    handle(name, input) {
      if (phase === 'down') return Promise.resolve(DOWN);
      if (phase === 'closing') return Promise.resolve(CLOSED);
      // Asked while the worker works: answered here, at once (the worker would answer only once it is done).
      if (name === 'progress-get' && workProgressInput(input)) return Promise.resolve({ ok: true, value: pending.size > 0 ? progress : null });
      // The worker is busy (or reopening): the last state it published answers at once.
      if (published && (pending.size > 0 || phase === 'opening') && plainStateGet(name, input)) return Promise.resolve({ ok: true, value: withNotices(published) });
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, { name, input, resolve });
        send({ type: 'call', id, name, input });
      });
    },
    current() {
      if (published && (pending.size > 0 || phase !== 'ready')) return Promise.resolve(published);
      return new Promise((resolve) => {
        const id = nextId++;
        currents.set(id, resolve);
        send({ type: 'current', id });
      });
    },
    subscribe(listener) {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
    onRestart(listener) {
      restartListeners.add(listener);
      return () => void restartListeners.delete(listener);
    },
    close() {
      if (closing) return closing;
      const wasUp = phase === 'ready';
      phase = 'closing';
      for (const call of pending.values()) call.resolve(CLOSED);
      pending.clear();
      progress = null;
      currentsAnswer([...currents.keys()]);
      if (!wasUp) {
        link.kill();
        return (closing = Promise.resolve());
      }
      return (closing = new Promise((resolve) => {
        const timer = setTimeout(() => closed(), CLOSE_MS);
        closed = () => {
          clearTimeout(timer);
          closed = () => {};
          link.kill();
          resolve();
        };
        link.post({ type: 'close' });
      }));
    },
  };
  spawn();
  // Nobody may wait on it (the browser mode does; a shell opens at once): its failure shows on `open`.
  firstLoaded.catch(() => {});
  return {
    loaded: firstLoaded,
    open(open) {
      openWith = open;
      return openIn().then(() => host);
    },
    kill: () => link.kill(),
  };
}

/**
 * A worker thread running `entry`. A `.ts` entry (the sources, in development
 * and tests) is loaded through tsx, which a worker does not inherit from the
 * thread that starts it; the build runs the bundled `.mjs`.
 */
export function workerThreadLink(entry: URL, onError: (error: Error) => void): WorkerLink {
  const worker = entry.pathname.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true })
    : new Worker(entry);
  worker.on('error', onError);
  worker.on('messageerror', onError);
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => void worker.on('message', listener),
    onExit: (listener) => void worker.on('exit', listener),
    kill: () => void worker.terminate(),
  };
}
