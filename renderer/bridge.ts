/**
 * The renderer's one way to the backend: `send(name, input)`. In Electron the
 * preload exposes it over IPC; in a browser it goes over HTTP to the local
 * server, with the token the served page carries. Nothing else in the renderer
 * knows which.
 */
import type { ApiReply, Bridge, HandlerInput, HandlerName, Send } from '../shared/api.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    readonly creditCompanion?: Bridge;
  }
}

const TOKEN_HEADER = 'x-cc-token';

async function httpSend<K extends HandlerName>(name: K, input: HandlerInput<K>): Promise<ApiReply<K>> {
  const token = document.querySelector<HTMLMetaElement>('meta[name="cc-token"]')?.content ?? '';
  try {
    const res = await fetch(`./api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token }, body: JSON.stringify({ input }) });
    return (await res.json()) as ApiReply<K>;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The app’s local server is not answering: is `npm run web` still running?' } };
  }
}

export const send: Send = window.creditCompanion ? window.creditCompanion.send : httpSend;

/** Calls `listener` when the account changes outside the window (Electron's menu); a no-op in a browser. */
export function onExternalChange(listener: () => void): () => void {
  return window.creditCompanion ? window.creditCompanion.onChanged(listener) : () => {};
}
