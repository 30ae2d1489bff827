/**
 * The renderer's one way to the backend: `send(name, input)`. In Electron the
 * preload exposes it over IPC; in a browser it goes over HTTP to the local
 * server, with the token the served page carries. Nothing else in the renderer
 * knows which.
 *
 * In a browser the server can go away (`npm run web` stopped) and come back on
 * the same port with a new token. The page then says so (`serverGone`) and
 * reconnects by itself: it reads the new token from the page the server serves
 * now, on its own origin (a page on another origin cannot read that answer), and
 * reloads the account.
 *
 * Every window hears the account's revision after each change, whoever made it
 * (`onRevision`): Electron sends it over IPC; in a browser the server streams it
 * (`/api/events`, server-sent events). The page reads that stream with fetch,
 * which sends the token header as every call does: EventSource cannot send a
 * header, a token in the address would end up in logs and history, and after a
 * server restart the stream must come back with the new token, which EventSource
 * (retrying the same address, giving up on a 403) cannot do. A browser opens at
 * most six connections to one server and each stream holds one, so the tabs share
 * one stream: the tab holding a Web Lock reads it and passes each revision to the
 * others on a BroadcastChannel; when it closes, another takes the lock.
 */
import type { ApiReply, Bridge, EditCommand, HandlerInput, HandlerName, Send } from '../shared/api.ts';
import { WORKSPACE_HEADER, type WorkspaceCall, type WorkspaceInput, type WorkspaceReply } from '../shared/workspaceApi.ts';
import { TOKEN_HEADER } from '../shared/page.ts';
import { inBrowser, painting } from './platform.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    readonly creditCompanion?: Bridge;
  }
}

/** How often an open page checks that the server is still there. */
const HEARTBEAT_MS = 5000;
/** The waits between tries to reach a server that has gone: doubling up to the last. */
export const RETRY_MS = [500, 1000, 2000, 4000, 5000];

/** The desktop app's bridge (none while the server paints the first screen). */
const desktop = inBrowser ? undefined : window.creditCompanion;

function tokenIn(doc: Document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="cc-token"]')?.content ?? '';
}

let token = painting ? '' : tokenIn(document);
let gone = false;
const goneListeners = new Set<() => void>();
const backListeners = new Set<() => void>();

/** The workspace this window shows: every call names it (until it is known, the one open last answers, and says which). */
let workspace: string | undefined;

/** This window shows workspace `id` from now on: its calls go there, and only its revisions are heard. */
export function workspaceUse(id: string): void {
  workspace = id;
}

/** The workspace this window shows; undefined until the first state says. */
export function workspaceShown(): string | undefined {
  return workspace;
}

function post(name: string, input: unknown, withToken: string, to = workspace): Promise<Response> {
  return fetch(`./api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: withToken, ...(to === undefined ? {} : { [WORKSPACE_HEADER]: to }) }, body: JSON.stringify({ input }) });
}

/** The token of the page the server serves now; null when it serves no app page (not built yet). Throws when it does not answer. */
async function tokenNow(): Promise<string | null> {
  const res = await fetch('./', { cache: 'no-store', redirect: 'error' });
  if (!res.ok) return null;
  return tokenIn(new DOMParser().parseFromString(await res.text(), 'text/html')) || null;
}

function goneSet(value: boolean): void {
  if (gone === value) return;
  gone = value;
  for (const listener of goneListeners) listener();
  if (!value) for (const listener of backListeners) listener();
}

/**
 * A request made with the page's token. When it is refused (403), the server restarted meanwhile with a new token: the
 * request was refused unrun, so it is made again once with the token the server's page carries now (the token it was
 * sent with is the one compared: a reconnect may have taken the new one meanwhile).
 */
async function withToken(request: (withToken: string) => Promise<Response>): Promise<Response> {
  const sent = token;
  const res = await request(sent);
  if (res.status !== 403) return res;
  const fresh = await tokenNow();
  if (!fresh || fresh === sent) return res;
  token = fresh;
  return request(fresh);
}

let retry: ReturnType<typeof setTimeout> | undefined;

/** Tries the server until it answers a call again with its current token, then says it is back. */
function reconnect(attempt: number): void {
  clearTimeout(retry);
  retry = setTimeout(async () => {
    try {
      const fresh = await tokenNow();
      if (fresh) {
        const reply = (await (await post('state-get', {}, fresh)).json()) as ApiReply<'state-get'>;
        if (reply.ok) {
          token = fresh;
          return goneSet(false);
        }
      }
    } catch {
      // Still away.
    }
    reconnect(attempt + 1);
  }, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
}

function serverLost(): void {
  if (gone) return;
  goneSet(true);
  reconnect(0);
}

const GONE_REPLY = { ok: false, error: { code: 'unavailable', message: 'The app’s local server has stopped: start `npm run web` again, and this page reconnects by itself.' } } as const;

async function httpSend<K extends HandlerName>(name: K, input: HandlerInput<K>, to?: string): Promise<ApiReply<K>> {
  try {
    const res = await withToken((withToken) => post(name, input, withToken, to));
    return (await res.json()) as ApiReply<K>;
  } catch {
    serverLost();
    return GONE_REPLY;
  }
}

const carry: Bridge['send'] = desktop ? desktop.send : httpSend;
let pending = 0;

export const send: Send = async (name, input) => {
  pending += 1;
  // The workspace is the one shown when the call is made: a switch meanwhile does not send it elsewhere.
  const to = workspace;
  try {
    return await carry(name, input, to);
  } finally {
    pending -= 1;
  }
};

/** A call about the workspaces themselves (the workspace hub answers it). */
export function sendWorkspace<K extends WorkspaceCall>(name: K, input: WorkspaceInput<K>): Promise<WorkspaceReply<K>> {
  return carry(name as never, input as never) as unknown as Promise<WorkspaceReply<K>>;
}

/** Whether a call of this window is on its way: a revision heard meanwhile may be its own, whose reply brings the state. */
export function callsPending(): boolean {
  return pending > 0;
}

/** Calls `listener` when the browser mode's server is back after it went away (never in Electron). */
export function onServerBack(listener: () => void): () => void {
  backListeners.add(listener);
  return () => void backListeners.delete(listener);
}

/** Hears the account's revision: `connected` is true for the first one on a new connection (the server may have restarted since the last). */
export type RevisionListener = (revision: number, connected: boolean) => void;

const EVENTS = 'credit-companion-events';
const revisionListeners = new Set<RevisionListener>();
const workspacesListeners = new Set<() => void>();
let streamStop: (() => void) | null = null;

/** A revision heard: told when it is of the workspace shown (or of a service of one). */
function revisionTell(revision: number, of: string | undefined, connected: boolean): void {
  if (of !== undefined && workspace !== undefined && of !== workspace) return;
  for (const listener of revisionListeners) listener(revision, connected);
}

function workspacesTell(): void {
  for (const listener of workspacesListeners) listener();
}

/** A wait that ends early when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
}

/** What the stream says: a workspace's revision (`first`: the first of it on this connection), or that the list changed. */
type Heard = { readonly revision: number; readonly workspace: string | undefined; readonly first: boolean } | { readonly workspaces: true };

/** Each revision (and change to the list) in a stream of server-sent events, until it ends. */
async function revisionsRead(body: ReadableStream<Uint8Array>, heard: (said: Heard) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const seen = new Set<string>();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const message = text.slice(0, end);
      text = text.slice(end + 2);
      if (/^event: workspaces\ndata: \d+$/.test(message)) heard({ workspaces: true });
      const data = /^event: revision\ndata: (\d+)(?: ([a-z0-9-]+))?$/.exec(message);
      if (!data) continue;
      const key = data[2] ?? '';
      heard({ revision: Number(data[1]), workspace: data[2], first: !seen.has(key) });
      seen.add(key);
    }
  }
}

function heardTell(said: Heard): void {
  if ('workspaces' in said) workspacesTell();
  else revisionTell(said.revision, said.workspace, said.first);
}

/** Read the event stream until `signal` aborts, connecting again whenever it ends (with the new token after a server restart). */
async function streamRead(signal: AbortSignal, channel: BroadcastChannel): Promise<void> {
  const open = (withToken: string) => fetch('./api/events', { headers: { [TOKEN_HEADER]: withToken }, cache: 'no-store', signal });
  let failures = 0;
  while (!signal.aborted) {
    try {
      const res = await withToken(open);
      failures = res.ok ? 0 : failures + 1;
      if (res.ok && res.body) {
        await revisionsRead(res.body, (said) => {
          heardTell(said);
          channel.postMessage(said);
        });
      } else await res.body?.cancel();
    } catch {
      if (signal.aborted) return;
      failures += 1;
      serverLost();
    }
    await pause(RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!, signal);
  }
}

/** Follow the stream, through whichever tab reads it. */
function streamStart(): () => void {
  const abort = new AbortController();
  const channel = new BroadcastChannel(EVENTS);
  channel.onmessage = (e: MessageEvent<{ revision?: unknown; workspace?: unknown; first?: unknown; workspaces?: unknown }>) => {
    if (e.data.workspaces === true) workspacesTell();
    else if (typeof e.data.revision === 'number') revisionTell(e.data.revision, typeof e.data.workspace === 'string' ? e.data.workspace : undefined, e.data.first === true);
  };
  // Granted when no other tab of this server reads the stream; held until this one stops.
  navigator.locks.request(EVENTS, { signal: abort.signal }, () => streamRead(abort.signal, channel)).catch(() => {});
  return () => {
    abort.abort();
    channel.close();
  };
}

/** Calls `listener` with the account's revision after every change, this window's or another's; returns the unsubscribe. */
export function onRevision(listener: RevisionListener): () => void {
  if (desktop)
    return desktop.onChanged((revision, of) => {
      if (of === undefined || workspace === undefined || of === workspace) listener(revision, false);
    });
  revisionListeners.add(listener);
  return streamFollow(() => revisionListeners.delete(listener));
}

/** Calls `listener` when the workspaces' list changes (in another window); returns the unsubscribe. */
export function onWorkspacesChanged(listener: () => void): () => void {
  if (desktop) return desktop.onWorkspaces(listener);
  workspacesListeners.add(listener);
  return streamFollow(() => workspacesListeners.delete(listener));
}

/** The stream is read while anyone listens; `forget` takes the listener off. */
function streamFollow(forget: () => void): () => void {
  streamStop ??= streamStart();
  return () => {
    forget();
    if (revisionListeners.size > 0 || workspacesListeners.size > 0) return;
    streamStop?.();
    streamStop = null;
  };
}

/** Edit › Undo and Redo from Electron's menu (the browser mode has no such menu: its keys reach the page). */
export function onEditCommand(listener: (command: EditCommand) => void): () => void {
  return desktop ? desktop.onEdit(listener) : () => {};
}

/** Whether the browser mode's server has gone away (always false in Electron). */
export function serverGone(): boolean {
  return gone;
}

let heartbeat: ReturnType<typeof setInterval> | undefined;

function heartbeatCheck(): void {
  if (gone || document.visibilityState !== 'visible') return;
  fetch('./', { method: 'HEAD', cache: 'no-store' }).catch(serverLost);
}

/** Watch the server while someone listens: a light request every few seconds while the page is shown, and one on coming back to it. */
export function serverGoneSubscribe(listener: () => void): () => void {
  if (!inBrowser) return () => {};
  goneListeners.add(listener);
  if (goneListeners.size === 1) {
    heartbeat = setInterval(heartbeatCheck, HEARTBEAT_MS);
    document.addEventListener('visibilitychange', heartbeatCheck);
  }
  return () => {
    goneListeners.delete(listener);
    if (goneListeners.size > 0) return;
    clearInterval(heartbeat);
    document.removeEventListener('visibilitychange', heartbeatCheck);
  };
}
