/**
 * The window's hardening: only our own page may call the backend, nothing may
 * navigate away or open windows, links open in the browser only for an
 * allow-list, and no permission is ever granted.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { CSP } from '../backend/http.ts';
import type { ElectronApi } from './api.ts';
import { PAGE_URL } from './protocol.ts';

/** External sites the app may open in the user's browser. */
export const EXTERNAL_ALLOW = ['https://www.heygen.com/', 'https://help.heygen.com/'];

/** Our page, whatever its fragment or query: `app://credit-companion/index.html`. */
export function isOurPage(url: string): boolean {
  return url.split('#')[0]!.split('?')[0] === PAGE_URL;
}

/** An IPC call is ours only if it comes from our window's main frame showing our page. */
export function senderIsOurs(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, contents: WebContents | null): boolean {
  // Stryker disable next-line ConditionalExpression: a sender is never null, nor a main frame: the tests of null only let the type checker see it.
  return contents !== null && event.sender === contents && event.senderFrame !== null && event.senderFrame === contents.mainFrame && isOurPage(event.senderFrame.url);
}

/** Opens `url` in the user's browser if it starts with an allow-listed origin. */
export function openExternal(shell: ElectronApi['shell'], url: string): void {
  if (EXTERNAL_ALLOW.some((prefix) => url.startsWith(prefix))) void shell.openExternal(url);
}

export function harden(electron: Pick<ElectronApi, 'app' | 'session' | 'shell'>): void {
  const session = electron.session.defaultSession;
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  electron.app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isOurPage(url)) e.preventDefault();
    });
    contents.on('will-redirect', (e, url) => {
      if (!isOurPage(url)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(electron.shell, url);
      return { action: 'deny' };
    });
  });
}
