/**
 * The window's hardening: only our own page may call the backend, nothing may
 * navigate away or open windows, links open in the browser only for an
 * allow-list, and no permission is ever granted.
 */
import { app, shell, type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';
import { CSP } from '../backend/http.ts';

/** External sites the app may open in the user's browser. */
export const EXTERNAL_ALLOW = ['https://www.heygen.com/', 'https://help.heygen.com/'];

export function isOurPage(url: string, pageUrl: string): boolean {
  return url.split('#')[0] === pageUrl;
}

/** An IPC call is ours only if it comes from our window's main frame showing our page. */
export function senderIsOurs(event: IpcMainInvokeEvent, contents: WebContents | null, pageUrl: string): boolean {
  return contents !== null && event.sender === contents && event.senderFrame !== null && event.senderFrame === contents.mainFrame && isOurPage(event.senderFrame.url, pageUrl);
}

export function openExternal(url: string): void {
  if (EXTERNAL_ALLOW.some((prefix) => url.startsWith(prefix))) void shell.openExternal(url);
}

export function harden(session: Session, pageUrl: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isOurPage(url, pageUrl)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url);
      return { action: 'deny' };
    });
  });
}
