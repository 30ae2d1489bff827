/**
 * The renderer's origin: `app://credit-companion/`, a privileged (standard,
 * secure) scheme served from `dist/renderer` only. A request names a file under
 * that folder or gets 403: other hosts, `..` (plain or percent-encoded),
 * backslashes, NUL, and links out of the folder are refused.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CSP } from '../backend/http.ts';
import type { ElectronApi } from './api.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'credit-companion';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const PAGE_URL = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Must run before the app is ready: the scheme is then a secure, standard origin with fetch. */
export function appSchemeRegister(protocol: ElectronApi['protocol']): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file under `root` a URL names, or null when it names none (see the header). */
export function appFile(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((s) => s === '..' || s === '.')) return null;
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}

/** The response to an `app:` request: the file with its type and the CSP, 403 for a refused URL, 404 for a missing file. */
export function appRespond(root: string, url: string): Response {
  const file = appFile(root, url);
  if (file === null) return new Response('Forbidden', { status: 403 });
  try {
    // A link inside the folder must not lead out of it.
    const real = realpathSync(file);
    const realRoot = realpathSync(root);
    if (!real.startsWith(realRoot + sep) || !statSync(real).isFile()) return new Response('Not found', { status: 404 });
    return new Response(readFileSync(real), {
      status: 200,
      headers: { 'content-type': TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

export function appProtocolServe(protocol: ElectronApi['protocol'], root: string): void {
  protocol.handle(APP_SCHEME, (request) => appRespond(root, request.url));
}
