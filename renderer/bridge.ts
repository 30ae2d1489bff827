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
 */
import type { ApiReply, Bridge, EditCommand, HandlerInput, HandlerName, Send } from '../shared/api.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    readonly creditCompanion?: Bridge;
  }
}

const TOKEN_HEADER = 'x-cc-token';
/** How often an open page checks that the server is still there. */
const HEARTBEAT_MS = 5000;
/** The waits between tries to reach a server that has gone: doubling up to the last. */
const RETRY_MS = [500, 1000, 2000, 4000, 5000];

export const inBrowser = !window.creditCompanion;

function tokenIn(doc: Document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="cc-token"]')?.content ?? '';
}

let token = tokenIn(document);
let gone = false;
const goneListeners = new Set<() => void>();
const backListeners = new Set<() => void>();

function post(name: string, input: unknown, withToken: string): Promise<Response> {
  return fetch(`./api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: withToken }, body: JSON.stringify({ input }) });
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

async function httpSend<K extends HandlerName>(name: K, input: HandlerInput<K>): Promise<ApiReply<K>> {
  try {
    let res = await post(name, input, token);
    if (res.status === 403) {
      // The server restarted between two calls, with a new token: the call was refused unrun, so it is made again once.
      const fresh = await tokenNow();
      if (fresh && fresh !== token) {
        token = fresh;
        res = await post(name, input, token);
      }
    }
    return (await res.json()) as ApiReply<K>;
  } catch {
    serverLost();
    return GONE_REPLY;
  }
}

export const send: Send = window.creditCompanion ? window.creditCompanion.send : httpSend;

/** Calls `listener` when the account may have changed outside the window: Electron's menu, or the browser mode's server coming back. */
export function onExternalChange(listener: () => void): () => void {
  if (window.creditCompanion) return window.creditCompanion.onChanged(listener);
  backListeners.add(listener);
  return () => void backListeners.delete(listener);
}

/** Edit › Undo and Redo from Electron's menu (the browser mode has no such menu: its keys reach the page). */
export function onEditCommand(listener: (command: EditCommand) => void): () => void {
  return window.creditCompanion ? window.creditCompanion.onEdit(listener) : () => {};
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
