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
 * A large account's first screen comes before the account is read: the worker
 * draws it from the snapshot (`first`, a state marked `opening`), the folder
 * counts as open (a page can be painted from it), and calls wait for `ready`.
 *
 * A worker that crashes (or runs out of its heap, `WORKER_HEAP_MB`) is restarted
 * once, and said so (the log, `onRestart`, and a notice the new worker keeps in
 * the data folder until a page has shown it: a window not open then still sees
 * it); the calls it was working on answer `internal`, and a second crash leaves
 * every call answering `unavailable`. None ever waits forever.
 */
import { Worker } from 'node:worker_threads';
import { api, appStateOf, type AppState, type SyncView, type WorkProgress } from '../shared/api.ts';
import type { WorkspaceCall, WorkspaceReply } from '../shared/workspaceApi.ts';
import { appState, fromWorkerSchema, messageCallId, messageProblem, type FromWorker, type OpenMessage, type Reply, type ToWorker } from './hostProtocol.ts';

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

/** Where the team sync's password is kept apart from the data folder (the desktop app's safeStorage). */
export interface SyncSecrets {
  /** The password kept for the workspace in `dir`; null when none is. */
  read(dir: string): string | null;
  /** Keep `password` for the workspace in `dir` (null: forget it). */
  keep(dir: string, password: string | null): void;
}

export interface HostOptions {
  /** Start a worker running `worker.ts`. */
  readonly spawn: () => WorkerLink;
  readonly log: HostLog;
  /** Keeps the team sync's passwords; without it, the worker keeps them in each workspace's folder (mode 0600). */
  readonly secrets?: SyncSecrets;
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
  /**
   * The state a window shows first: while the account is still read, the one drawn from its snapshot (`opening`: asked
   * again, the window waits for the account); once read, `state-get`'s, notices included.
   */
  first(): Promise<Reply>;
  /** The data folder. */
  readonly dir: string;
  /** Why nothing can be saved, as the worker last said; null when changes are saved. */
  readOnly(): string | null;
  /** Each committed change, with the account's revision after it, and each new status of the team sync (the revision as it is: a page asks `sync-get`). Returns the unsubscribe. */
  subscribe(listener: (revision: number) => void): () => void;
  /** The account's revision, as the worker last said. */
  revision(): number;
  /** The worker crashed: `restarted` (once), or not (every call now answers `unavailable`). Returns the unsubscribe. */
  onRestart(listener: (restarted: boolean) => void): () => void;
  /** Let the worker compact and release the folder, then end it. */
  close(): Promise<void>;
}

/**
 * What a bridge needs of the service: the async call, and the account's revision as it changes. The workspace hub
 * serves several accounts: a call then names its workspace (left out: the one open last), and a revision says whose.
 */
export interface ServiceClient {
  handle(name: string, input: unknown, workspace?: string): Promise<Reply | WorkspaceReply<WorkspaceCall>>;
  current(workspace?: string): Promise<AppState>;
  subscribe(listener: (revision: number, workspace?: string) => void): () => void;
  revision(workspace?: string): number;
  /** The revision of every account open (the hub's); left out: the one `revision` gives. */
  revisions?(): readonly (readonly [workspace: string, revision: number])[];
  /** Each change to the workspaces' list, with its revision (the hub's). Returns the unsubscribe. */
  onList?(listener: (revision: number) => void): () => void;
}

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
/**
 * How long a closing worker has to compact and release the folder: a 1M-usage account's store file and snapshot take
 * seconds to write, more on a busy machine, and a worker ended midway loses that work (the next opening applies the
 * journal again and cannot draw its first screen from the snapshot).
 */
const CLOSE_MS = 60_000;

/** Whether a call's reply is the current state (a change's, or `state-get`'s on no other date). */
function repliesState(name: string, input: unknown, value: unknown): value is AppState {
  if (name === 'state-get' && (typeof input !== 'object' || input === null || (input as { at?: unknown }).at !== undefined)) return false;
  return appState.safeParse(value).success;
}

/** `state-get` with nothing asked: what the last published state can answer. */
function plainStateGet(name: string, input: unknown): boolean {
  return name === 'state-get' && typeof input === 'object' && input !== null && !Array.isArray(input) && Object.keys(input).length === 0;
}

/** `progress-get`'s or `sync-get`'s input is valid (the host answers them itself). */
function emptyInput(name: 'progress-get' | 'sync-get', input: unknown): boolean {
  return api[name].input.safeParse(input).success;
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

/** A promise's settling, kept to settle it later. */
interface Settle {
  resolve(): void;
  reject(e: Error): void;
}

const UNSETTLED: Settle = { resolve() {}, reject() {} };

/** One host's state: the worker it listens to (only the newest), the calls it waits on, and what the worker last said. */
interface HostRun {
  readonly options: HostOptions;
  link: WorkerLink;
  openWith: OpenOptions | null;
  /** Why the worker ended before it opened the folder, once it has. */
  ended: HostOpenError | null;
  opened: Settle;
  loaded: Settle;
  /** `showing`: the worker has drawn the first screen (published) and is still reading the account; calls wait for `ready`. */
  phase: 'opening' | 'showing' | 'ready' | 'down' | 'closing';
  restarted: boolean;
  nextId: number;
  readonly pending: Map<number, Pending>;
  readonly currents: Map<number, (state: AppState) => void>;
  /** Calls made while the worker (re)opens the folder: sent once it is ready. */
  readonly queued: ToWorker[];
  published: AppState | null;
  /** How far the call being worked on has got, as the worker last said (null: it has said nothing of it). */
  progress: WorkProgress | null;
  /** The linked workspace's team sync, as the worker last said (null: not linked). */
  sync: SyncView | null;
  revision: number;
  readonly changeListeners: Set<(revision: number) => void>;
  readonly restartListeners: Set<(restarted: boolean) => void>;
  closed: () => void;
  closing: Promise<void> | null;
}

function publish(run: HostRun, state: AppState): void {
  run.published = { ...appStateOf(state), notices: [] };
  run.revision = Math.max(run.revision, state.revision);
}

/** `current` calls the worker will not answer (it crashed, refused them, the host closes): the last state published does. */
function currentsAnswer(run: HostRun, ids: readonly number[]): void {
  for (const id of ids) {
    const resolve = run.currents.get(id);
    run.currents.delete(id);
    if (resolve && run.published) resolve(run.published);
  }
}

/** Answer every call waiting on the worker with `reply` (the `current` calls with the last state). */
function pendingAnswer(run: HostRun, reply: Reply): void {
  for (const call of run.pending.values()) call.resolve(reply);
  run.pending.clear();
  run.progress = null;
  currentsAnswer(run, [...run.currents.keys()]);
}

function send(run: HostRun, message: ToWorker): void {
  if (run.phase === 'ready') run.link.post(message);
  else run.queued.push(message);
}

/** A message the worker sent that does not parse: logged, and the call it names (if any) answered as a bug. */
function receivedMalformed(run: HostRun, raw: unknown, problem: string): void {
  run.options.log.error(`refused a malformed message from the service: ${problem}`);
  const id = messageCallId(raw);
  if (id === null) return;
  const waiting = run.pending.get(id);
  if (waiting) {
    run.pending.delete(id);
    run.progress = null;
    waiting.resolve({ ok: false, error: { code: 'internal', message: 'Something went wrong in the account service. Please report it.' } });
  }
  currentsAnswer(run, [id]);
}

/** The worker's reply to a call: kept as the published state when it is one. */
function replied(run: HostRun, message: Extract<FromWorker, { type: 'reply' }>): void {
  const call = run.pending.get(message.id);
  if (!call && run.currents.has(message.id)) return currentsAnswer(run, [message.id]);
  if (!call) return run.options.log.warn(`the service answered call ${message.id}, which nobody is waiting for`);
  run.pending.delete(message.id);
  run.progress = null;
  const { reply } = message;
  if (reply.ok && repliesState(call.name, call.input, reply.value)) {
    publish(run, reply.value);
  }
  call.resolve(reply as Reply);
}

function received(run: HostRun, raw: unknown): void {
  const parsed = fromWorkerSchema.safeParse(raw);
  if (!parsed.success) return receivedMalformed(run, raw, messageProblem(parsed.error));
  const message = parsed.data;
  switch (message.type) {
    case 'loaded':
      return run.loaded.resolve();
    case 'first':
      publish(run, message.state);
      if (run.phase === 'opening') run.phase = 'showing';
      return run.opened.resolve();
    case 'ready':
      publish(run, message.state);
      // Closed while the account was still read: it stays closing (its worker's end is no crash to restart it from).
      if (run.phase === 'closing') return run.opened.resolve();
      run.phase = 'ready';
      for (const m of run.queued.splice(0)) run.link.post(m);
      return run.opened.resolve();
    case 'failed':
      run.link.kill();
      return run.opened.reject(new HostOpenError(message.reason, message.message));
    case 'reply':
      return replied(run, message);
    case 'current': {
      const resolve = run.currents.get(message.id);
      run.currents.delete(message.id);
      publish(run, message.state);
      return resolve?.(message.state);
    }
    case 'progress':
      if (run.pending.size > 0) run.progress = message.progress;
      return;
    case 'changed':
      run.revision = message.revision;
      for (const l of run.changeListeners) l(message.revision);
      return;
    case 'sync-secret':
      if (run.options.secrets === undefined || run.openWith === null) return run.options.log.error('the account service sent a password to keep, to a host that keeps none');
      try {
        run.options.secrets.keep(run.openWith.dir, message.password);
      } catch (e) {
        run.options.log.error(`the team sync's password could not be kept: ${(e as Error).message}`);
      }
      return;
    case 'sync':
      return syncTold(run, message.sync);
    case 'log':
      return run.options.log[message.level](message.message);
    case 'closed':
      return run.closed();
  }
}

/** The team sync's status is now `sync`: told as the revision again, so every page hears it on the stream it already reads, and asks `sync-get`. */
function syncTold(run: HostRun, sync: SyncView | null): void {
  run.sync = sync;
  for (const l of run.changeListeners) l(run.revision);
}

/** Listen to the worker `run.link` (just started); only the newest one is listened to. */
function workerListen(run: HostRun): void {
  const current = run.link;
  run.ended = null;
  current.onMessage((raw) => {
    if (run.link === current) received(run, raw);
  });
  current.onExit((code) => {
    if (run.link !== current) return;
    if (run.phase !== 'opening') return crashed(run, code);
    run.ended = new HostOpenError('open', `The account service stopped before it opened the data folder (exit code ${code}).`);
    run.loaded.reject(run.ended);
    run.opened.reject(run.ended);
  });
}

/** The team sync's password this host keeps for `dir`, for the worker that opens it; nothing when the folder keeps its own. */
function syncSecretOf(run: HostRun, dir: string): Pick<OpenOptions, 'syncSecret'> {
  const secrets = run.options.secrets;
  if (secrets === undefined) return {};
  try {
    return { syncSecret: { password: secrets.read(dir) } };
  } catch (e) {
    run.options.log.error(`the team sync's password kept for ${dir} could not be read: ${(e as Error).message}`);
    return { syncSecret: { password: null } };
  }
}

/** Have the worker open the folder. */
function openIn(run: HostRun, openWith: OpenOptions): Promise<void> {
  if (run.ended) return Promise.reject(run.ended);
  return new Promise((resolve, reject) => {
    run.opened = { resolve, reject };
    run.link.post({ type: 'open', ...openWith, ...syncSecretOf(run, openWith.dir) });
  });
}

function restartListeners(run: HostRun, restarted: boolean): void {
  for (const l of run.restartListeners) l(restarted);
}

function crashed(run: HostRun, code: number): void {
  if (run.phase === 'closing') return run.closed();
  run.options.log.error(`the account service stopped unexpectedly (exit code ${code})${run.restarted ? '; it had been restarted once already, so it stays stopped' : '; restarting it'}`);
  pendingAnswer(run, CRASHED);
  run.queued.length = 0;
  // The dead worker's team sync is not running: nothing is said of it until the next worker says what its own does.
  if (run.sync !== null) syncTold(run, null);
  if (run.restarted) {
    run.phase = 'down';
    return restartListeners(run, false);
  }
  run.restarted = true;
  run.phase = 'opening';
  run.link = run.options.spawn();
  workerListen(run);
  openIn(run, { ...run.openWith!, notices: [RESTARTED_NOTICE] }).then(
    () => restartListeners(run, true),
    (e: unknown) => {
      run.options.log.error(`the account service could not be restarted: ${(e as Error).message}`);
      run.phase = 'down';
      restartListeners(run, false);
    },
  );
}

function hostHandle(run: HostRun, name: string, input: unknown): Promise<Reply> {
  if (run.phase === 'down') return Promise.resolve(DOWN);
  if (run.phase === 'closing') return Promise.resolve(CLOSED);
  // Asked while the worker works: answered here, at once (the worker would answer only once it is done).
  if (name === 'progress-get' && emptyInput(name, input)) return Promise.resolve({ ok: true, value: run.pending.size > 0 ? run.progress : null });
  if (name === 'sync-get' && emptyInput(name, input)) return Promise.resolve({ ok: true, value: run.sync });
  // The worker is busy (or reopening): the last state it published answers at once, unless it is the first screen's (the account is still read: asked again, it waits for it).
  if (run.published && !run.published.opening && (run.pending.size > 0 || run.phase === 'opening') && plainStateGet(name, input)) return Promise.resolve({ ok: true, value: run.published });
  return new Promise((resolve) => {
    const id = run.nextId++;
    run.pending.set(id, { name, input, resolve });
    send(run, { type: 'call', id, name, input });
  });
}

function hostCurrent(run: HostRun): Promise<AppState> {
  if (run.published && (run.pending.size > 0 || run.phase !== 'ready')) return Promise.resolve(run.published);
  return new Promise((resolve) => {
    const id = run.nextId++;
    run.currents.set(id, resolve);
    send(run, { type: 'current', id });
  });
}

function hostClose(run: HostRun): Promise<void> {
  if (run.closing) return run.closing;
  const wasUp = run.phase === 'ready' || run.phase === 'showing';
  run.phase = 'closing';
  pendingAnswer(run, CLOSED);
  if (!wasUp) {
    run.link.kill();
    return (run.closing = Promise.resolve());
  }
  return (run.closing = new Promise((resolve) => {
    const timer = setTimeout(() => run.closed(), CLOSE_MS);
    run.closed = () => {
      clearTimeout(timer);
      run.closed = () => {};
      run.link.kill();
      resolve();
    };
    run.link.post({ type: 'close' });
  }));
}

function hostOf(run: HostRun): ServiceHost {
  return {
    get dir() {
      return run.openWith!.dir;
    },
    readOnly: () => run.published?.readOnly ?? null,
    revision: () => run.revision,
    handle: (name, input) => hostHandle(run, name, input),
    current: () => hostCurrent(run),
    first: () => (run.phase === 'showing' && run.published?.opening ? Promise.resolve({ ok: true, value: run.published }) : hostHandle(run, 'state-get', {})),
    subscribe(listener) {
      run.changeListeners.add(listener);
      return () => void run.changeListeners.delete(listener);
    },
    onRestart(listener) {
      run.restartListeners.add(listener);
      return () => void run.restartListeners.delete(listener);
    },
    close: () => hostClose(run),
  };
}

/** Start a worker now (its code loads meanwhile); open the folder in it later. */
export function hostSpawn(options: HostOptions): HostStarting {
  const run: HostRun = {
    options,
    link: options.spawn(),
    openWith: null,
    ended: null,
    opened: UNSETTLED,
    loaded: UNSETTLED,
    phase: 'opening',
    restarted: false,
    nextId: 1,
    pending: new Map(),
    currents: new Map(),
    queued: [],
    published: null,
    progress: null,
    sync: null,
    revision: 0,
    changeListeners: new Set(),
    restartListeners: new Set(),
    closed: () => {},
    closing: null,
  };
  const firstLoaded = new Promise<void>((resolve, reject) => (run.loaded = { resolve, reject }));
  workerListen(run);
  const host = hostOf(run);
  // Nobody may wait on it (the browser mode does; a shell opens at once): its failure shows on `open`.
  firstLoaded.catch(() => {});
  return {
    loaded: firstLoaded,
    open(open) {
      run.openWith = open;
      return openIn(run, open).then(() => host);
    },
    kill: () => run.link.kill(),
  };
}

/** A host started ahead of the next folder to open: `open` takes it (or starts one then), `end` kills the one waiting. */
export interface HostSpare {
  open(open: OpenOptions): Promise<ServiceHost>;
  end(): void;
}

/**
 * Keep one host started ahead (`first`, or one `spawn` makes) while `wanted()`, so that opening a folder waits for
 * the folder alone, not for a worker's code too. The next one starts once an opening has drawn its first screen, not
 * beside it (two cores are few); none starts after `end`.
 */
export function hostSpare(spawn: () => HostStarting, first: HostStarting | null = null, wanted: () => boolean = () => true): HostSpare {
  let spare = first;
  let ended = false;
  return {
    open(options) {
      const starting = spare ?? spawn();
      spare = null;
      const opening = starting.open(options);
      void opening
        .catch(() => undefined)
        .then(() => {
          if (!ended && wanted()) spare ??= spawn();
        });
      return opening;
    },
    end() {
      ended = true;
      spare?.kill();
      spare = null;
    },
  };
}

/**
 * The most heap the service may take, in MB: a whole day of use on a 1M-usage account stays well within it, and a
 * runaway ends there (the worker dies and is restarted once) instead of taking the machine's memory.
 */
export const WORKER_HEAP_MB = 1536;

/**
 * A worker thread running `entry`, its heap bounded (`heapMb`). A `.ts` entry (the sources, in development
 * and tests) is loaded through tsx, which a worker does not inherit from the
 * thread that starts it; the build runs the bundled `.mjs`.
 */
export function workerThreadLink(entry: URL, onError: (error: Error) => void, heapMb = WORKER_HEAP_MB): WorkerLink {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  const worker = entry.pathname.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, resourceLimits })
    : new Worker(entry, { resourceLimits });
  worker.on('error', onError);
  worker.on('messageerror', onError);
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => void worker.on('message', listener),
    onExit: (listener) => void worker.on('exit', listener),
    kill: () => void worker.terminate(),
  };
}
