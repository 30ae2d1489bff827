/**
 * The browser mode's bridge: the same handlers over HTTP, on 127.0.0.1 only.
 * Each start makes a random token that the served page carries; a call without
 * it (another local page, a script) is refused. The Host header must name this
 * server, which stops DNS-rebinding pages from reaching it, and an Origin, when
 * a browser sends one, must be this server's own.
 *
 * Every request runs inside one boundary: a malformed address or encoding
 * answers 400, a bug answers 500, and the server keeps serving.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { ApiReply, AppState } from '../shared/api.ts';
import { PAGE_STATE_ID, TOKEN_HEADER } from '../shared/page.ts';
import { errorFromIssues, STILL_OPENING, type AppError } from '../shared/errors.ts';
import { JSON_DEPTH_LIMIT, jsonDepthExceeds, jsonDepthIssue } from '../shared/formats/depth.ts';
import { WORKSPACE_HEADER } from '../shared/workspaceApi.ts';
import { workspaceId } from '../shared/workspaces.ts';
import type { ServiceClient } from './host.ts';

/** The largest body a call may send: an account export of a few hundred thousand events. */
export const BODY_LIMIT = 32 * 1024 * 1024;

/** The page's policy: scripts and connections to this origin only. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

export interface WebServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Start answering calls with this service; until then they answer 503 `unavailable`. */
  attach(service: ServiceClient): void;
  /** The calls under way (answering, or waiting for the data to open) and the open connections: what a caller polls rather than waiting a while. */
  busy(): Promise<{ readonly calls: number; readonly connections: number }>;
  close(): Promise<void>;
}

export interface WebOptions {
  /** The handlers; leave it out to listen first and `attach` them once the data is open. */
  readonly service?: ServiceClient;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (index.html and assets). */
  readonly staticDir: string;
  /** Where a request that failed on a bug is reported. */
  readonly logBug?: (error: unknown) => void;
  /** How often an open event stream gets a comment (tests shorten it). */
  readonly heartbeatMs?: number;
  /** How long a client may take to send a request's head before it is answered 408 (Node's default, a minute; tests shorten it). */
  readonly headersTimeoutMs?: number;
  /** How long a call made before the data is open (`attach`) waits for it before it is told to try again; 0 (the default): none. */
  readonly openWaitMs?: number;
  /** The first screen as HTML for a state (the renderer's paint.tsx), painted into the page a browser navigates to; left out: the page comes bare. */
  readonly paint?: FirstPaint;
}

/** `locale`: the browser's language (`requestLocale`), for the numbers and dates painted. */
export type FirstPaint = (app: AppState, locale: string | undefined) => string;

/** The browser's first language (Accept-Language) as a locale Intl reads; undefined when there is none, or none it knows. */
export function requestLocale(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  // A tag longer than any language needs (35 characters, RFC 5646's advice) is not handed to the runtime's parser. Nothing
  // (an empty one, "*") reads as no locale: getCanonicalLocales throws.
  if (first === undefined || first.length > 35) return undefined;
  let locale: string | undefined;
  try {
    [locale] = Intl.getCanonicalLocales(first);
  } catch {
    // A tag the runtime does not know: no locale.
  }
  return locale;
}

/** What a page is painted with: the first screen's HTML (null: none, the state still goes in) and its styles by address. */
export interface Painted {
  readonly screen: string | null;
  /** The text of a built stylesheet the page links (`./assets/…css`); null when it cannot be read. */
  readonly styles: (href: string) => string | null;
}

/**
 * The page for a browser that navigates to it: the state in it (the renderer's first render starts from it, with
 * no call to wait for) and the first screen painted from that state, so that the screen shows in the page's first
 * frame, before the code has loaded:
 * - the state is JSON in a data block, its `<` escaped so that no text in it (a project's name) can end the block;
 * - the painted screen is inert (no clicks, no focus, not yet in the accessibility tree) until the code draws the
 *   same screen in its place;
 * - the styles come in the page, not after it (the first frame waits for them);
 * - the code starts after that frame (start.js); it is fetched meanwhile. Read at once, it would hold the frame back.
 */
export function pagePainted(html: string, reply: ApiReply<'state-get'>, painted: Painted): string {
  const state = `<script type="application/json" id="${PAGE_STATE_ID}">${JSON.stringify(reply).replace(/</g, '\\u003c')}</script>`;
  const theme = reply.ok ? reply.value.settings.theme : 'system';
  // Replaced by functions: a replacement string would read `$&`, `$$`… in the account's text as patterns.
  const page = html
    .replace('<html lang="en">', () => (theme === 'system' ? '<html lang="en">' : `<html lang="en" data-theme="${theme}">`))
    .replace('<div id="root"></div>', () => `<div id="root">${painted.screen === null ? '' : `<div class="first-paint" inert>${painted.screen}</div>`}</div>${state}`);
  if (painted.screen === null) return page;
  return page
    .replace(/<link rel="stylesheet" crossorigin href="([^"]+)">/g, (link, href: string) => {
      const css = painted.styles(href);
      return css === null ? link : `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`;
    })
    .replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/, '<link rel="modulepreload" crossorigin href="$1"><script src="./start.js" data-entry="$1" async></script>');
}

/** The most event streams open at once: a window holds one, so this is many tabs, not a flood of connections. */
export const STREAM_LIMIT = 32;
/** How often an open stream gets a comment: it keeps anything between from closing it as idle, and finds a client that is gone. */
const STREAM_HEARTBEAT_MS = 15_000;

/** How long a connection stays open after an answer that closes it: time for the client to read the answer. */
const LINGER_MS = 2000;

/** Answers under way per connection (more than one when requests are pipelined). */
const answering = new WeakMap<object, number>();

/** Whether the request still has body bytes the server has not read. */
function bodyUnread(req: IncomingMessage): boolean {
  return !req.complete && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
}

/**
 * A whole answer written on the socket itself, then the connection closes once
 * the client has had time to read it; the rest of the request is never read.
 * Node's own response would either read and drop the whole refused body, or
 * (with `connection: close`) reset the connection while the client is still
 * sending, and such a client loses the answer.
 */
function answerAndClose(socket: Duplex, status: number, headers: Record<string, string>, body: string | Buffer = ''): void {
  const head = Object.entries({ ...headers, connection: 'close' }).map(([name, value]) => `${name}: ${value}\r\n`);
  // Stryker disable next-line StringLiteral: every status this server answers with (200 to 503) has its words in STATUS_CODES; the fallback is never read.
  const words = STATUS_CODES[status] ?? '';
  socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${words}\r\n${head.join('')}\r\n`, 'latin1'), Buffer.from(body)]));
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  // Stryker disable next-line ArrowFunction,StringLiteral: the timer left to fire destroys a socket already closed, which does nothing.
  socket.once('close', () => clearTimeout(timer));
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  const req = res.req;
  const headers = { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', ...extra };
  const content = req.method === 'HEAD' ? '' : body;
  if (!bodyUnread(req)) {
    res.writeHead(status, headers);
    return void res.end(content);
  }
  // Refused before its body was read. Behind an earlier answer on the same connection, Node keeps the order.
  if ((answering.get(req.socket) ?? 0) > 1) {
    res.writeHead(status, { ...headers, connection: 'close' });
    return void res.end(content);
  }
  answerAndClose(req.socket, status, headers, content);
}

function sendError(res: ServerResponse, status: number, error: AppError): void {
  send(res, status, JSON.stringify({ ok: false, error }), 'application/json');
}

type Body = { readonly text: string } | { readonly failed: 'too-large' | 'cut-off' };

/** The body as text; stops reading once it passes the limit. */
function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (body: Body) => {
      // Stryker disable next-line StringLiteral: once finished the request is paused (too large), ended or gone: no data comes after.
      req.off('data', onData);
      done(body);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) return void chunks.push(chunk);
      req.pause();
      finish({ failed: 'too-large' });
    };
    req.on('data', onData);
    req.on('end', () => finish({ text: Buffer.concat(chunks).toString('utf8') }));
    // Stryker disable next-line ArrowFunction,StringLiteral: a client gone mid-body fires both; either ends the wait, and no one is left to answer.
    req.on('error', () => finish({ failed: 'cut-off' }));
    // Stryker disable next-line ArrowFunction,StringLiteral: as above.
    req.on('close', () => finish({ failed: 'cut-off' }));
  });
}

function sameToken(given: string | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path a request names; null when its address is malformed (`//x` would name another host). */
function requestPath(target: string, host: string): string | null {
  if (target.startsWith('//')) return null;
  try {
    return new URL(target, `http://${host}`).pathname;
  } catch {
    return null;
  }
}

/** A path inside the build folder, after symlinks: a regular file, or why not. */
function staticFile(realRoot: string, file: string): { readonly file: string } | 'outside' | 'missing' {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return 'missing';
  }
  if (!real.startsWith(realRoot + sep)) return 'outside';
  return statSync(real).isFile() ? { file: real } : 'missing';
}

/** How the built files, named by their content, may be kept: for a year, never asked about again. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

const tooLarge: AppError = { code: 'invalid-input', message: `the body is larger than ${BODY_LIMIT / 1024 / 1024} MB` };

/** One server's state: the service once attached, the event streams and answers under way, and whether it closes. */
interface Web {
  readonly options: WebOptions;
  readonly token: string;
  readonly root: string;
  readonly logBug: (error: unknown) => void;
  service: ServiceClient | undefined;
  port: number;
  /** The event streams open now, and the accounts' revisions they were last sent (by workspace; '' for a service of one). */
  readonly streams: Set<ServerResponse>;
  readonly revisions: Map<string, number>;
  unsubscribe: () => void;
  /** Closing: a stream asked for now (on a connection still open) would hold the close up forever. */
  closing: boolean;
  /** The answers under way: once closing, each closes its connection. */
  readonly inFlight: Set<ServerResponse>;
  heartbeat: ReturnType<typeof setInterval> | undefined;
  /** Calls made before the data is open wait for it up to `openWaitMs`; `attach` (or `close`) ends the wait. */
  readonly openedNow: () => void;
  readonly openedOnce: Promise<void>;
  /** The built stylesheets, read once each. */
  readonly stylesRead: Map<string, string | null>;
}

function opened(web: Web): Promise<ServiceClient | undefined> {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: the wait below gives the same at once: a service attached has opened, and no wait is a timer of 0.
  if (web.service || !web.options.openWaitMs) return Promise.resolve(web.service);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(web.service), web.options.openWaitMs).unref();
    void web.openedOnce.then(() => {
      clearTimeout(timer);
      resolve(web.service);
    });
  });
}

/** A revision as the stream says it: `data: REVISION` for a service of one, `data: REVISION WORKSPACE` for the hub's. */
const revisionEvent = (revision: number, workspace: string) => `event: revision\ndata: ${revision}${workspace ? ` ${workspace}` : ''}\n\n`;

function attach(web: Web, attached: ServiceClient): void {
  web.unsubscribe();
  web.service = attached;
  web.openedNow();
  web.revisions.clear();
  for (const [workspace, revision] of attached.revisions?.() ?? [['', attached.revision()] as const]) web.revisions.set(workspace, revision);
  const offRevision = attached.subscribe((r, workspace = '') => {
    web.revisions.set(workspace, r);
    for (const res of web.streams) res.write(revisionEvent(r, workspace));
  });
  const offList =
    attached.onList?.((r) => {
      for (const res of web.streams) res.write(`event: workspaces\ndata: ${r}\n\n`);
    }) ?? (() => {});
  web.unsubscribe = () => {
    offRevision();
    offList();
  };
}

/**
 * `GET /api/events`: the account's revision now, then each new one as it is made (server-sent events), so
 * every open tab learns of a change made in another. The page reads it with fetch, which sends the token
 * header as every call does (EventSource cannot send a header, and a token in the address ends up in logs).
 */
async function events(web: Web, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') return sendError(res, 405, { code: 'invalid-input', message: 'use GET' });
  if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, web.token)) return sendError(res, 403, { code: 'forbidden', message: 'missing or wrong token: open the app from the address the server printed' });
  if (bodyUnread(req)) return sendError(res, 400, { code: 'invalid-input', message: 'a GET carries no body' });
  if (!(await opened(web))) return sendError(res, 503, STILL_OPENING);
  if (web.closing) return sendError(res, 503, { code: 'unavailable', message: 'The app’s local server is stopping.' });
  const { streams } = web;
  if (streams.size >= STREAM_LIMIT) return sendError(res, 503, { code: 'unavailable', message: `${STREAM_LIMIT} windows are already following the account: close some, then reload this one.` });
  // The connection closes with the stream, so that the server's close is not held up by it.
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', connection: 'close' });
  for (const [workspace, revision] of web.revisions) res.write(revisionEvent(revision, workspace));
  streams.add(res);
  res.on('close', () => {
    streams.delete(res);
    if (streams.size > 0) return;
    clearInterval(web.heartbeat);
    web.heartbeat = undefined;
  });
  web.heartbeat ??= setInterval(() => {
    for (const s of streams) s.write(':\n\n');
  }, web.options.heartbeatMs ?? STREAM_HEARTBEAT_MS).unref();
}

async function call(web: Web, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, { code: 'invalid-input', message: 'use POST' });
  if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, web.token)) return sendError(res, 403, { code: 'forbidden', message: 'missing or wrong token: open the app from the address the server printed' });
  // Stryker disable next-line StringLiteral: a missing type stands in for one that is not JSON, whatever its words.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendError(res, 415, { code: 'invalid-input', message: 'the body must be JSON (content-type application/json)' });
  const workspace = req.headers[WORKSPACE_HEADER];
  if (workspace !== undefined && (typeof workspace !== 'string' || !workspaceId.safeParse(workspace).success)) return sendError(res, 400, { code: 'invalid-input', field: 'workspace', message: `the ${WORKSPACE_HEADER} header must name a workspace by its id` });
  if (!(await opened(web))) return sendError(res, 503, STILL_OPENING);
  if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) return sendError(res, 413, tooLarge);
  const body = await readBody(req);
  if ('failed' in body) {
    // Stryker disable next-line ConditionalExpression: the client is gone: an answer written to it reaches no one either.
    if (body.failed === 'cut-off') return void res.destroy();
    return sendError(res, 413, tooLarge);
  }
  let parsed: unknown;
  try {
    parsed = body.text === '' ? { input: {} } : JSON.parse(body.text);
  } catch (e) {
    return sendError(res, 400, { code: 'invalid-json', message: `not valid JSON: ${(e as Error).message}` });
  }
  if (!isRecord(parsed)) return sendError(res, 400, { code: 'invalid-input', message: 'the body must be an object {"input": …}' });
  const deep = jsonDepthExceeds(parsed.input, JSON_DEPTH_LIMIT);
  if (deep) return sendError(res, 400, errorFromIssues('invalid-input', [jsonDepthIssue(deep, JSON_DEPTH_LIMIT)]));
  send(res, 200, JSON.stringify(await web.service!.handle(name, parsed.input, workspace)), 'application/json');
}

/**
 * The page with the state and its first screen, for a navigation; the bare page when there is no state yet. A
 * navigation carries no token (any site may frame the page), so its state leaves the one-time notices for the
 * page's own call, which does.
 */
async function painted(web: Web, html: string, req: IncomingMessage): Promise<string> {
  // While the data opens (a reload as the server restarts) the page comes at once, bare: its call for the state waits.
  if (!web.service) return html;
  const reply: ApiReply<'state-get'> = { ok: true, value: await web.service.current() };
  let screen: string | null = null;
  if (reply.ok && web.options.paint) {
    try {
      screen = web.options.paint(reply.value, requestLocale(req.headers['accept-language']));
    } catch (e) {
      web.logBug(e);
    }
  }
  return pagePainted(html, reply, { screen, styles: (href) => builtStyles(web, href) });
}

/**
 * A built stylesheet, read once: its name changes with its content. One that refers to a file
 * (`url(…)`, relative to the stylesheet) stays linked: in the page, the address would be read from the page's.
 */
function builtStyles(web: Web, href: string): string | null {
  const known = web.stylesRead.get(href);
  if (known !== undefined) return known;
  // Stryker disable next-line StringLiteral: any word here says no file, which the next line answers with null.
  const found = /^\.\/assets\/[\w.-]+\.css$/.test(href) ? staticFile(realpathSync(web.root), join(web.root, href)) : 'missing';
  if (typeof found === 'string') return null;
  const text = readFileSync(found.file, 'utf8');
  const css = /url\(/i.test(text) ? null : text;
  web.stylesRead.set(href, css);
  return css;
}

async function page(web: Web, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const { root } = web;
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return sendError(res, 400, { code: 'invalid-input', message: 'the address has a malformed %-encoding' });
  }
  const wanted = join(root, path === '/' ? 'index.html' : path);
  if (path.includes('\0') || !wanted.startsWith(root + sep)) return send(res, 404, 'not found', 'text/plain');
  const notBuilt = () => send(res, 503, 'The app is not built: run npm run build, then npm run web.', 'text/plain; charset=utf-8');
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return notBuilt();
  }
  const found = staticFile(realRoot, wanted);
  if (found === 'outside') return send(res, 404, 'not found', 'text/plain');
  // A built file that is not there (a page open across a rebuild asks for the old names) is missing, not the page.
  if (found === 'missing' && wanted.startsWith(join(root, 'assets') + sep)) return send(res, 404, 'not found', 'text/plain');
  const target = found === 'missing' ? staticFile(realRoot, join(root, 'index.html')) : found;
  if (typeof target === 'string') return notBuilt();
  let body: string | Buffer = readFileSync(target.file);
  const isPage = basename(target.file) === 'index.html';
  if (isPage) {
    const html = body.toString('utf8').replace('<head>', `<head><meta name="cc-token" content="${web.token}">`);
    // Painted for a browser navigating to it, not for the bridge reading the token. Anything else is answered at
    // once: a request with a body still to read (never a browser's navigation) must be answered before it is read.
    const navigation = req.headers['sec-fetch-mode'] === 'navigate' && !bodyUnread(req);
    body = navigation ? await painted(web, html, req) : html;
  }
  // The built code and styles are named by their content: a browser keeps them (and V8 their compiled code), so the
  // app opens again without reading and compiling them anew. The page, which carries the token, is never kept.
  const hashed = target.file.startsWith(join(realRoot, 'assets') + sep);
  send(res, 200, body, TYPES[extname(target.file)] ?? 'application/octet-stream', { 'content-security-policy': CSP, 'x-frame-options': 'DENY', ...(hashed ? { 'cache-control': ASSET_CACHE } : {}) });
}

async function route(web: Web, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { port } = web;
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return sendError(res, 403, { code: 'forbidden', message: `wrong host ${JSON.stringify(host)}` });
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return sendError(res, 403, { code: 'forbidden', message: `foreign origin ${JSON.stringify(origin)}: only the app's own page may call it` });
  // Stryker disable next-line StringLiteral: Node's server always gives a request its url.
  const path = requestPath(req.url ?? '/', host);
  if (path === null) return sendError(res, 400, { code: 'invalid-input', message: 'malformed address' });
  if (path === '/api/events') return events(web, req, res);
  if (path.startsWith('/api/')) return call(web, req, res, path.slice(5));
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', 'text/plain');
  return page(web, req, res, path);
}

function answerBug(web: Web, res: ServerResponse, e: unknown): void {
  web.logBug(e);
  // Its head written already (a stream): it can only be cut off.
  if (res.headersSent) return void res.destroy();
  sendError(res, 500, { code: 'internal', message: 'Something went wrong in the local server. Please report it.' });
}

/** The HTTP server: every request inside one boundary (a bug answers 500), what Node's parser refuses answered too. */
function serverOf(web: Web): Server {
  // Node looks for requests past their time as often as the time allowed, so that one is answered within twice it.
  const server = createServer({ headersTimeout: web.options.headersTimeoutMs, connectionsCheckingInterval: web.options.headersTimeoutMs }, (req, res) => {
    // Once closing, a connection that was still open closes after its answer, so that the close does not wait on it.
    if (web.closing) res.setHeader('connection', 'close');
    web.inFlight.add(res);
    res.on('close', () => web.inFlight.delete(res));
    const socket = req.socket;
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    res.on('close', () => answering.set(socket, (answering.get(socket) ?? 1) - 1));
    res.on('error', () => res.destroy());
    route(web, req, res).catch((e: unknown) => answerBug(web, res, e));
  });
  // What Node's parser refuses (a malformed request line or header) still gets an answer, unless one is under way.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // An answer under way on it: a refusal written now would come before that answer. A connection gone (reset)
    // or ended already needs no check: the answer's write on it does nothing, or (written after its end) closes it.
    if ((answering.get(socket) ?? 0) > 0) return void socket.destroy();
    answerAndClose(socket, err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400, { 'content-length': '0' });
  });
  // Without a listener Node drops a CONNECT (a proxy tunnel) without a word.
  server.on('connect', (_req, socket: Duplex) => answerAndClose(socket, 405, { 'content-length': '0' }));
  return server;
}

function busy(web: Web, server: Server): Promise<{ calls: number; connections: number }> {
  return new Promise((done, fail) => server.getConnections((error, connections) => (error ? fail(error) : done({ calls: web.inFlight.size, connections }))));
}

function webClose(web: Web, server: Server): Promise<void> {
  return new Promise((done) => {
    web.closing = true;
    // The answers under way close their connections too (an idle one is closed by server.close itself).
    for (const res of web.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    web.unsubscribe();
    web.openedNow();
    server.close(() => done());
    for (const res of web.streams) res.end();
  });
}

export function webStart(options: WebOptions): Promise<WebServer> {
  let openedNow: () => void = () => {};
  const openedOnce = new Promise<void>((resolve) => (openedNow = resolve));
  const web: Web = {
    options,
    token: randomBytes(24).toString('base64url'),
    root: resolve(options.staticDir),
    logBug: options.logBug ?? ((e: unknown) => console.error('credit-companion web: a request failed:', e)),
    service: undefined,
    port: options.port,
    streams: new Set(),
    revisions: new Map(),
    unsubscribe: () => {},
    closing: false,
    inFlight: new Set(),
    heartbeat: undefined,
    openedNow,
    openedOnce,
    stylesRead: new Map(),
  };
  if (options.service) attach(web, options.service);
  const server = serverOf(web);
  return new Promise((resolveStart, rejectStart) => {
    server.once('error', rejectStart);
    server.listen(options.port, '127.0.0.1', () => {
      const address = server.address();
      web.port = typeof address === 'object' && address ? address.port : options.port;
      resolveStart({ url: `http://127.0.0.1:${web.port}/`, port: web.port, token: web.token, attach: (service) => attach(web, service), busy: () => busy(web, server), close: () => webClose(web, server) });
    });
  });
}
