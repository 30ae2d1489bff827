/** The browser bridge, over real HTTP on loopback, against a real store. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_NAMES, type AppState, type HandlerName } from '../shared/api.ts';
import type { IsoDate } from '../shared/units.ts';
import { BODY_LIMIT, CSP, requestLocale, STREAM_LIMIT, webStart, type WebServer } from './http.ts';
import { TOKEN_HEADER } from '../shared/page.ts';
import type { ServiceClient } from './host.ts';
import { serviceCreate, type Service } from './service.ts';
import { runs } from '../test/fixtures/histories.ts';
import { storeOpen } from './store.ts';

let server: WebServer;
let service: Service;
/** The bridge's tests run the service in this thread: the host's own tests run it in a worker. */
const client = (s: Service): ServiceClient => ({ handle: (name, input) => Promise.resolve(s.handle(name, input)), current: () => Promise.resolve(s.current()), subscribe: (listener) => s.subscribe(listener), revision: () => s.store.seq });
let dataDir: string;
let staticDir: string;
/** Requests that failed on a bug (answered 500). */
const bugs: unknown[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cc-http-'));
  staticDir = join(dataDir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
  writeFileSync(join(staticDir, 'manifest.webmanifest'), '{"name":"t"}');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'index-B1x2y3z4.js'), 'console.log(2)');
  writeFileSync(join(dataDir, 'secret.txt'), 'not for the web');
  symlinkSync(join(dataDir, 'secret.txt'), join(staticDir, 'leak.txt'));
  symlinkSync(dataDir, join(staticDir, 'up'));
  service = serviceCreate({ store: storeOpen({ dir: dataDir, compactEvery: 1_000_000 }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
  server = await webStart({ service: client(service), port: 0, staticDir, logBug: (e) => bugs.push(e) });
});
afterAll(() => server.close());

function call(name: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...headers }, body });
}

/** What the bridge answers, loosely: the tests read the fields they check. */
interface Reply {
  ok: boolean;
  error: { code: string; message: string };
  value: { view: { ledger: { balance: number } } };
}

async function json(res: Response): Promise<Reply> {
  return (await res.json()) as Reply;
}

function storedBytes(): string {
  const journal = join(dataDir, 'account.journal');
  return readFileSync(join(dataDir, 'account.json'), 'utf8') + (existsSync(journal) ? readFileSync(journal, 'utf8') : '');
}

/** A request through node:http, which sends the headers it is given (fetch sets Host and Origin itself). */
function nodeRequest(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

interface RawReply {
  /** The final status, or null when no answer came. */
  readonly status: number | null;
  /** Everything received, as latin1. */
  readonly text: string;
  /** Whether the server closed the connection. */
  readonly closed: boolean;
}

/** The final answer's status in `text` and whether its body is all there. */
function answerIn(text: string, head: boolean): { status: number; complete: boolean } | null {
  let at = 0;
  for (;;) {
    const end = text.indexOf('\r\n\r\n', at);
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(text.slice(at));
    if (end < 0 || !status) return null;
    const code = Number(status[1]);
    if (code >= 200) {
      const headers = text.slice(at, end);
      const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
      const chunked = /\r\ntransfer-encoding: *chunked/i.test(headers);
      return { status: code, complete: head || (length !== null && text.length - end - 4 >= Number(length[1])) || (chunked && text.endsWith('0\r\n\r\n')) };
    }
    at = end + 4;
  }
}

/**
 * Bytes as they are, over a raw TCP socket (fetch and node:http would normalise
 * or refuse them). A request the parser still waits on after a moment (`PRI / HTTP/1.1`
 * may be the start of an HTTP/2 preface) is ended, as a client that has nothing more to send.
 */
function rawTcp(bytes: string | Buffer, { head = false, timeout = 5000, port = server.port } = {}): Promise<RawReply> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(nothingMore);
      socket.destroy();
      done({ status: answerIn(text, head)?.status ?? null, text, closed });
    };
    const timer = setTimeout(finish, timeout);
    const nothingMore = setTimeout(() => socket.end(), 500);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (answerIn(text, head)?.complete && !/\r\nconnection: close\r\n/i.test(text)) finish();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(bytes);
  });
}

/** A chunked upload of 1 MB chunks that goes on until the server answers (then the client hangs up) or stops reading. */
function chunkedUpload(head: string): Promise<RawReply & { sent: number }> {
  return new Promise((done) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunk = Buffer.concat([Buffer.from(`${(1024 * 1024).toString(16)}\r\n`), Buffer.alloc(1024 * 1024, 0x20), Buffer.from('\r\n')]);
    let text = '';
    let sent = 0;
    socket.on('data', (data: Buffer) => {
      text += data.toString('latin1');
      if (answerIn(text, false)?.complete) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => done({ status: answerIn(text, false)?.status ?? null, text, closed: true, sent }));
    const pump = () => {
      while (!socket.destroyed && sent < 64 * 1024 * 1024) {
        sent += 1024 * 1024;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.write(head, pump);
  });
}

describe('browser bridge', () => {
  it('serves the page with the token and a strict CSP', async () => {
    const res = await fetch(server.url);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toContain(`<meta name="cc-token" content="${server.token}">`);
  });

  it.each(['..%2fsecret.txt', 'leak.txt', 'up/secret.txt', 'up%2fsecret.txt', 'app.js%00.html'])('does not serve files outside the app: %s', async (path) => {
    const res = await fetch(`${server.url}${path}`);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([404, 'text/plain', 'not found']);
  });

  it('serves a file of the app, and the page for any other address', async () => {
    expect(await (await fetch(`${server.url}app.js`)).text()).toBe('console.log(1)');
    expect(await (await fetch(`${server.url}usage/2026`)).text()).toContain('cc-token');
  });

  it('answers HEAD with the headers only', async () => {
    const reply = await rawTcp(`HEAD /app.js HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\n\r\n`, { head: true });
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(/\r\ncontent-length: 14\r\n/i);
    expect(reply.text.endsWith('\r\n\r\n')).toBe(true);
  });

  it.each(['//', '/%ZZ', '/%', '/%E0%A4%A', '//api/state-get', '/api/%ZZ'])('answers the malformed path %s with 400 and keeps serving', async (path) => {
    const reply = await rawTcp(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\n\r\n`);
    expect(reply.status).toBe(path.startsWith('/api/') ? 405 : 400);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('answers a request line the parser refuses with 400', async () => {
    const reply = await rawTcp('GET / HTTP/1.1 extra\r\n\r\n');
    expect(reply.status).toBe(400);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('runs a handler for a call with the token', async () => {
    await call('event-add', JSON.stringify({ input: { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 } } }));
    const reply = await json(await call('usage-add', JSON.stringify({ input: { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 } })));
    expect(reply.ok).toBe(true);
    expect(reply.value.view.ledger.balance / 3600).toBe(1800);
  });

  it.each([
    ['an empty token', { [TOKEN_HEADER]: '' }, 403, 'forbidden'],
    ['a wrong token', { [TOKEN_HEADER]: 'x'.repeat(32) }, 403, 'forbidden'],
    ['a token one character short', { [TOKEN_HEADER]: 'TOKEN-1' }, 403, 'forbidden'],
    ['the token and one character more', { [TOKEN_HEADER]: 'TOKEN+x' }, 403, 'forbidden'],
    ['a form post', { 'content-type': 'text/plain' }, 415, 'invalid-input'],
  ])('refuses %s, changing nothing', async (_what, headers, status, code) => {
    const before = storedBytes();
    const sent = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('TOKEN-1', server.token.slice(0, -1)).replace('TOKEN+x', `${server.token}x`)]));
    const res = await call('usage-add', JSON.stringify({ input: { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 } }), sent);
    expect(res.status).toBe(status);
    expect((await json(res)).error.code).toBe(code);
    expect(storedBytes()).toBe(before);
  });

  it('refuses a call without the token header at all (not an empty one), changing nothing', async () => {
    const before = storedBytes();
    const reply = await nodeRequest('/api/usage-add', { 'content-type': 'application/json' }, JSON.stringify({ input: { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 } }));
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.text)).toEqual({ ok: false, error: { code: 'forbidden', message: 'missing or wrong token: open the app from the address the server printed' } });
    expect(storedBytes()).toBe(before);
  });

  it('refuses a foreign Host (DNS rebinding), changing nothing', async () => {
    const before = storedBytes();
    const body = JSON.stringify({ input: { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 } });
    const reply = await nodeRequest('/api/usage-add', { host: `evil.example:${server.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body);
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.text).error.code).toBe('forbidden');
    expect(storedBytes()).toBe(before);
  });

  it.each([
    ['a foreign page', () => 'https://evil.example'],
    ['a sandboxed page', () => 'null'],
    ['another local port', () => `http://127.0.0.1:${server.port + 1}`],
    ['another scheme', () => `https://127.0.0.1:${server.port}`],
  ])('refuses a call from %s (Origin), changing nothing', async (_what, origin) => {
    const before = storedBytes();
    const reply = await nodeRequest('/api/usage-add', { origin: origin(), 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, JSON.stringify({ input: { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 } }));
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.text).error.code).toBe('forbidden');
    expect(storedBytes()).toBe(before);
  });

  it('accepts a call from its own page (Origin 127.0.0.1 or localhost)', async () => {
    for (const origin of [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
      const reply = await nodeRequest('/api/state-get', { origin, 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, '{"input":{}}');
      expect(reply.status).toBe(200);
    }
  });

  it('answers 413 to a 40 MB Content-Length before reading the body', async () => {
    const reply = await rawTcp(`POST /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\ncontent-type: application/json\r\n${TOKEN_HEADER}: ${server.token}\r\ncontent-length: ${40 * 1024 * 1024}\r\n\r\n{"input":`);
    expect(reply.status).toBe(413);
    expect(reply.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(reply.closed).toBe(true);
  });

  it('answers 413 to a chunked body that grows past the limit, and stops reading it', async () => {
    const reply = await chunkedUpload(`POST /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\ncontent-type: application/json\r\n${TOKEN_HEADER}: ${server.token}\r\ntransfer-encoding: chunked\r\n\r\n`);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text.slice(reply.text.indexOf('\r\n\r\n') + 4)).error.message).toBe('the body is larger than 32 MB');
    expect(reply.sent).toBeGreaterThan(BODY_LIMIT);
    expect(reply.sent).toBeLessThan(BODY_LIMIT + 16 * 1024 * 1024);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('refuses input nested 5,000 deep as invalid input, changing nothing', async () => {
    const before = storedBytes();
    const res = await call('event-add', `{"input":{"event":${'['.repeat(5000)}1${']'.repeat(5000)}}}`);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual(expect.objectContaining({ code: 'invalid-input', message: 'Event 1 item 1: nested deeper than 64 levels', field: 'event[0][0]' }));
    expect(storedBytes()).toBe(before);
  });

  it('answers a body that is JSON but not an object as invalid input', async () => {
    const res = await call('state-get', 'null');
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('invalid-input');
  });

  it('answers broken JSON with a typed error', async () => {
    const res = await call('usage-add', '{"input": ');
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual(expect.objectContaining({ code: 'invalid-json' }));
  });

  const project = { format: 'credit-companion/project@1', name: 'p', date: '2026-03-01', lines: [{ feature: 'veo3', count: 1 }] };
  /** A valid input for every handler: the fuzz mutates it, or sends anything at all instead. */
  const VALID: Record<HandlerName, unknown> = {
    'state-get': { at: '2026-03-01' },
    'progress-get': {},
    'sync-get': {},
    'sync-keep': { eventId: 'nope', op: 'nope' },
    'sync-leave': {},
    'sync-link': { server: 'postgresql://alice@127.0.0.1:9/cc', password: 'pw', workspace: 'Team' },
    'usage-add': { date: '2026-02-22', feature: 'avatar-iv', minutes: 1 },
    'usage-edit': { id: 'nope', date: '2026-02-22', feature: 'avatar-iv', minutes: 1 },
    'usage-list': { project: 'Launch', offset: 0, limit: 50 },
    'usage-csv': { month: '2026-02' },
    'event-add': { event: { date: '2026-02-22', type: 'usage', feature: 'veo3', count: 1 } },
    'event-delete': { id: 'nope' },
    'usage-import-preview': { text: 'date,feature,minutes\n2026-02-22,Avatar IV,1\n', map: { project: 'Client' } },
    'usage-import': { text: 'date,feature,minutes\n2026-02-22,Avatar IV,1\n', dateFormat: 'DD/MM/YYYY' },
    'event-preview': { event: { date: '2026-02-22', type: 'change-plan', plan: 'pro', credits: 2000 } },
    'account-replace': { account: { format: 'credit-companion/account@1', events: [{ date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 }] } },
    'account-import-preview': { text: '{"format":"credit-companion/account@1","events":[{"date":"2026-01-17","type":"subscribe","plan":"creator"}]}' },
    'account-import': { text: '{"format":"credit-companion/account@1","events":[{"date":"2026-01-17","type":"subscribe","plan":"creator"}]}', projects: 'current' },
    'account-export': {},
    'account-demo': {},
    'account-reset': { confirm: 'reset' },
    'project-save': { project },
    'project-delete': { id: 'nope' },
    'quote-run': { project },
    'compare-run': { credits: 1000 },
    'pipeline-get': { months: 6 },
    'report-get': { by: 'feature', months: 3 },
    'catalog-update': { proTiers: [{ credits: 2000, monthly: 88 }] },
    'settings-update': { theme: 'dark' },
    'ledger-get': { kind: 'usage', month: '2026-02', limit: 10 },
    'event-replace': { id: 'nope', event: { date: '2026-02-22', type: 'pause' } },
    'event-change-preview': { id: 'nope' },
    'history-get': {},
    'history-undo': { id: 1 },
    'history-redo': {},
    'backup-list': {},
    'backup-restore': { name: 'account-000000000001-2026-01-01T00-00-00-000Z.json' },
  };
  const CODES = ['invalid-input', 'invalid-event', 'invalid-file', 'invalid-json', 'not-found', 'conflict'];

  async function expectTypedOrOk(name: string, input: unknown): Promise<boolean> {
    const before = storedBytes();
    const reply = await json(await call(encodeURIComponent(name), JSON.stringify({ input }) ?? '{}'));
    if (reply.ok) return false;
    // A valid link is refused as unavailable here: this server's service runs in its own thread, with no worker to sync it.
    expect(name === 'sync-link' ? [...CODES, 'unavailable'] : CODES).toContain(reply.error.code);
    expect(reply.error.message.length).toBeGreaterThan(0);
    expect(storedBytes()).toBe(before);
    return true;
  }

  it.each(HANDLER_NAMES)('fuzz %s: 1,000 random and malformed messages; every rejection typed, the store byte-for-byte unchanged', async (name) => {
    const base = VALID[name] as Record<string, unknown>;
    const mutated = fc
      .tuple(fc.constantFrom(...Object.keys(base), 'extra'), fc.oneof(fc.anything(), fc.string(), fc.double(), fc.constant(undefined)))
      .map(([key, value]) => ({ ...base, [key]: value }));
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), mutated), async (input) => {
        if (await expectTypedOrOk(name, input)) rejected++;
      }),
      { numRuns: runs(1000) },
    );
    expect(rejected).toBeGreaterThan(runs(1000) / 2);
    expect((await json(await call('state-get', '{"input":{}}'))).ok).toBe(true);
  }, 120_000);

  it('fuzz: unknown handler names are refused as not found', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }).filter((n) => !(HANDLER_NAMES as string[]).includes(n)), fc.anything(), async (name, input) => {
        expect(await expectTypedOrOk(name, input)).toBe(true);
      }),
      { numRuns: runs(500) },
    );
  });
});

describe('listening before the data is open', () => {
  it('answers calls 503 unavailable until a service is attached, and serves the page meanwhile', async () => {
    const early = await webStart({ port: 0, staticDir });
    try {
      const post = () => fetch(`${early.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: early.token }, body: '{"input":{}}' });
      const before = await post();
      expect(before.status).toBe(503);
      expect((await json(before)).error).toEqual({ code: 'unavailable', message: 'The app is still opening its data; try again in a moment.' });
      expect((await fetch(early.url)).status).toBe(200);
      early.attach(client(service));
      expect((await json(await post())).ok).toBe(true);
    } finally {
      await early.close();
    }
  });

  it('with openWaitMs, a call made while the data opens waits for it and is answered (a tab reloading as the server restarts)', async () => {
    const early = await webStart({ port: 0, staticDir, openWaitMs: 10_000 });
    try {
      const post = fetch(`${early.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: early.token }, body: '{"input":{}}' });
      await expect.poll(async () => (await early.busy()).calls).toBe(1);
      early.attach(client(service));
      const res = await post;
      expect(res.status).toBe(200);
      expect((await json(res)).ok).toBe(true);
    } finally {
      await early.close();
    }
  });
});

/** One request as bytes, framed so that a server that reads it whole has all of it. */
interface RawCase {
  readonly bytes: Buffer;
  readonly method: string;
}

/** Everything a generated header may hold but a line break, which would make a second request out of one. */
const noLineFeed = (text: string) => text.replace(/\n/g, '');

function requestCases(port: number, token: string): fc.Arbitrary<RawCase> {
  const pathPiece = fc.oneof(
    { arbitrary: fc.constantFrom('/', '//', '/api/', 'state-get', 'usage-add', '..', '.', '%', '%%', '%ZZ', '%2e', '%2E%2e', '%2f', '%5c', '%00', '%E0%A4%A', '%C0%AF', '%FF', '%F0%9F%98%80', '?', '?a=%ZZ', '#', ';', '\\', ':', '@', '*', 'index.html', 'app.js', 'leak.txt', 'up', 'http://127.0.0.1', 'http://evil.example', '~'), weight: 20 },
    { arbitrary: fc.constantFrom('é', '\0', '\t', ' ', '\r', '\x7f'), weight: 1 },
  );
  const path = fc.oneof(
    { arbitrary: fc.array(pathPiece, { maxLength: 8 }).map((p) => `/${p.join('')}`), weight: 12 },
    { arbitrary: fc.array(pathPiece, { minLength: 1, maxLength: 8 }).map((p) => p.join('')), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(noLineFeed), weight: 1 },
    { arbitrary: fc.constantFrom('//', '/%ZZ', '/%', '/%E0%A4%A', '*', '', '/'), weight: 2 },
  );
  const method = fc.oneof(
    { arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'), weight: 30 },
    { arbitrary: fc.constantFrom('CONNECT', 'PRI', 'get', 'G ET', ''), weight: 3 },
    { arbitrary: fc.string({ maxLength: 10 }).map(noLineFeed), weight: 2 },
  );
  const version = fc.oneof(
    { arbitrary: fc.constant('HTTP/1.1'), weight: 8 },
    { arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', 'HTTP/1', 'http/1.1', 'HTTP/0.9', ''), weight: 2 },
  );
  const host = `127.0.0.1:${port}`;
  const name = fc.oneof(
    { arbitrary: fc.constantFrom('host', 'Host', 'origin', 'content-type', TOKEN_HEADER, 'connection', 'expect', 'upgrade', 'cookie', 'x-forwarded-for', 'referer', 'accept-encoding'), weight: 30 },
    { arbitrary: fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/), weight: 6 },
    { arbitrary: fc.string({ maxLength: 20 }).map(noLineFeed), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(noLineFeed), weight: 1 },
  );
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(host, `localhost:${port}`, 'evil.example', `http://${host}`, 'null', 'https://evil.example', token, 'application/json', 'text/plain', 'close', 'keep-alive', 'upgrade', 'websocket', '100-continue', 'nonsense', ''), weight: 40 },
    { arbitrary: fc.string({ maxLength: 40 }).map(noLineFeed), weight: 10 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(noLineFeed), weight: 2 },
    { arbitrary: fc.constant('x'.repeat(20_000)), weight: 1 },
  );
  const jsonBody = fc.oneof(fc.jsonValue().map((input) => JSON.stringify({ input })), fc.string({ maxLength: 60 }), fc.constant(`{"input":${'['.repeat(5000)}${']'.repeat(5000)}}`));
  // A body whose framing the server can read to the end, or framing the parser refuses outright.
  const framing = fc.oneof(
    { arbitrary: fc.constant({ headers: [] as string[], body: '' }), weight: 8 },
    { arbitrary: jsonBody.map((body) => ({ headers: [`content-length: ${Buffer.byteLength(body)}`], body })), weight: 8 },
    { arbitrary: jsonBody.map((body) => ({ headers: ['transfer-encoding: chunked'], body: body ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : '0\r\n\r\n' })), weight: 3 },
    { arbitrary: fc.constantFrom('-1', 'abc', '1, 2', '+5', '0x10', '99999999999999999999999', `${40 * 1024 * 1024}`).map((n) => ({ headers: [`content-length: ${n}`], body: '' })), weight: 2 },
    { arbitrary: fc.constant({ headers: ['transfer-encoding: chunked'], body: 'zz\r\n' }), weight: 1 },
    { arbitrary: fc.constant({ headers: ['content-length: 2', 'transfer-encoding: chunked'], body: '0\r\n\r\n' }), weight: 1 },
    { arbitrary: fc.constant({ headers: ['content-length: 2', 'content-length: 3'], body: 'abc' }), weight: 1 },
  );
  return fc
    .record({
      method,
      path,
      version,
      withHost: fc.nat(9).map((n) => n > 0),
      headers: fc.array(fc.tuple(name, value), { maxLength: 6 }),
      framing,
      encoding: fc.constantFrom<BufferEncoding>('utf8', 'latin1'),
    })
    .map(({ method: m, path: p, version: v, withHost, headers, framing: f, encoding }) => {
      const lines = [`${m} ${p} ${v}`, ...(withHost ? [`host: ${host}`] : []), ...headers.map(([n, val]) => `${n}: ${val}`), ...f.headers];
      return { bytes: Buffer.from(`${lines.join('\r\n')}\r\n\r\n${f.body}`, encoding), method: m };
    });
}

describe('request fuzz over raw TCP', () => {
  it('answers 1,000 malformed request lines and headers with HTTP, and keeps serving', async () => {
    const crashes: unknown[] = [];
    const onCrash = (e: unknown) => crashes.push(e);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    const bugsBefore = bugs.length;
    const unanswered: string[] = [];
    const statuses = new Map<number, number>();
    const cases = fc.sample(requestCases(server.port, server.token), runs(1000));
    try {
      for (const c of cases) {
        const reply = await rawTcp(c.bytes, { head: c.method === 'HEAD', timeout: 3000 });
        if (reply.status === null) unanswered.push(JSON.stringify(c.bytes.toString('latin1').slice(0, 300)));
        else statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      }
    } finally {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    }
    const answered = cases.length - unanswered.length;
    const bugCount = bugs.length - bugsBefore;
    console.log(`request fuzz: ${cases.length} requests tried / ${answered} answered / ${crashes.length} crashes (${bugCount} answered 500); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    expect(unanswered).toEqual([]);
    expect(crashes).toEqual([]);
    expect(bugCount).toBe(0);
    expect((await fetch(server.url)).status).toBe(200);
    expect((await json(await call('state-get', '{"input":{}}'))).ok).toBe(true);
  }, 120_000);
});

describe('the browser mode as an installable app', () => {
  it('serves the web app manifest as one, under the page policy', async () => {
    const res = await fetch(`${server.url}manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/manifest+json');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await res.json()).toEqual({ name: 't' });
  });

  it('keeps the page that carries the token out of every cache, so that a restarted server is read anew', async () => {
    const res = await fetch(server.url);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain(`<meta name="cc-token" content="${server.token}">`);
  });

  it('lets the browser keep the built files named by their content, and nothing else: not the page, not a missing file answered with it', async () => {
    const asset = await fetch(`${server.url}assets/index-B1x2y3z4.js`);
    expect([asset.status, asset.headers.get('cache-control'), await asset.text()]).toEqual([200, 'public, max-age=31536000, immutable', 'console.log(2)']);
    for (const path of ['', 'index.html', 'app.js', 'manifest.webmanifest', 'usage']) {
      const res = await fetch(`${server.url}${path}`);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-store']);
    }
    // A way out of the folder spelled so that the client does not tidy it: the page it reaches is not kept either.
    const out = await new Promise<{ status: number; cache: unknown }>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/assets/%2e%2e/app.js', method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0, cache: res.headers['cache-control'] }));
      });
      req.on('error', fail);
      req.end();
    });
    expect(out).toEqual({ status: 200, cache: 'no-store' });
  });

  it('answers a built file that is not there with 404, not with the page (a page open across a rebuild asks for the old names)', async () => {
    const res = await fetch(`${server.url}assets/index-gone.js`);
    expect([res.status, res.headers.get('cache-control'), res.headers.get('content-type')]).toEqual([404, 'no-store', 'text/plain']);
  });

  it('gives the page, and so the token a reconnecting page reads, to no other origin', async () => {
    const answer = await new Promise<{ status: number; cors: unknown; text: string }>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/', method: 'GET', headers: { origin: 'https://evil.example' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, cors: res.headers['access-control-allow-origin'], text }));
      });
      req.on('error', fail);
      req.end();
    });
    expect(answer.status).toBe(403);
    expect(answer.cors).toBeUndefined();
    expect(answer.text).not.toContain(server.token);
  });
});

/** An event stream read as the page reads it (fetch with the token header): what it sent so far, and a wait for more. */
interface Stream {
  readonly res: Response;
  /** Each revision sent, in order. */
  readonly revisions: number[];
  /** The comments (heartbeats) sent so far. */
  readonly comments: number;
  /** Resolves once `n` revisions have come (rejects after a few seconds). */
  revisionsAt(n: number): Promise<number[]>;
  /** Resolves when the stream ends: `server` when the server ended it, `aborted` when the test closed it. */
  readonly ended: Promise<'server' | 'aborted'>;
  close(): void;
}

async function streamOpen(on: WebServer, headers: Record<string, string> = { [TOKEN_HEADER]: on.token }): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${on.url}api/events`, { headers, signal: abort.signal });
  const waiters: (() => void)[] = [];
  const revisions: number[] = [];
  let comments = 0;
  const read = async (): Promise<'server' | 'aborted'> => {
    if (!res.ok || !res.body) return 'server';
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'server';
        text += value;
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const message = text.slice(0, end);
          text = text.slice(end + 2);
          if (message.startsWith(':')) comments++;
          const data = /^event: revision\ndata: (\d+)$/.exec(message);
          if (data) revisions.push(Number(data[1]));
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // Aborted by the test.
    }
    return 'aborted';
  };
  return {
    res,
    revisions,
    get comments() {
      return comments;
    },
    revisionsAt: (n) =>
      new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`waited for ${n} revisions, got ${JSON.stringify(revisions)}`)), 3000);
        const check = () => {
          if (revisions.length < n) return void waiters.push(check);
          clearTimeout(timer);
          done(revisions.slice(0, n));
        };
        check();
      }),
    ended: read(),
    close: () => abort.abort(),
  };
}

/** A server of its own (streams counted against its limit alone), on the shared service. */
async function ownServer(heartbeatMs?: number): Promise<WebServer> {
  return webStart({ service: client(service), port: 0, staticDir, logBug: (e) => bugs.push(e), ...(heartbeatMs ? { heartbeatMs } : {}) });
}

const revisionNow = async () => ((await json(await call('state-get', '{"input":{}}'))).value as unknown as { revision: number }).revision;

describe('the event stream (every tab learns of a change made in another)', () => {
  it('sends the revision on connect and each new one after a change, and nothing for a call that changes nothing', async () => {
    const a = await streamOpen(server);
    const b = await streamOpen(server);
    try {
      expect(a.res.status).toBe(200);
      expect(a.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(a.res.headers.get('cache-control')).toBe('no-store');
      const r = await revisionNow();
      expect(await a.revisionsAt(1)).toEqual([r]);
      expect((await json(await call('settings-update', '{"input":{"theme":"dark"}}'))).ok).toBe(true);
      expect((await json(await call('usage-list', '{"input":{}}'))).ok).toBe(true);
      expect((await json(await call('settings-update', '{"input":{"theme":"nope"}}'))).ok).toBe(false);
      expect((await json(await call('settings-update', '{"input":{"theme":"system"}}'))).ok).toBe(true);
      expect(await a.revisionsAt(3)).toEqual([r, r + 1, r + 2]);
      expect(await b.revisionsAt(3)).toEqual([r, r + 1, r + 2]);
      expect(a.revisions).toHaveLength(3);
    } finally {
      a.close();
      b.close();
    }
  });

  it.each<[string, Record<string, string>, string, number]>([
    ['no token', {}, '', 403],
    ['a wrong token', { [TOKEN_HEADER]: 'x'.repeat(32) }, '', 403],
    ['the token in the address instead of the header', {}, '?token=TOKEN', 403],
    ['a token of the wrong length', { [TOKEN_HEADER]: 'short' }, '', 403],
  ])('refuses a stream with %s, opening none', async (_what, headers, query, status) => {
    const res = await fetch(`${server.url}api/events${query.replace('TOKEN', server.token)}`, { headers });
    expect(res.status).toBe(status);
    expect((await json(res)).error.code).toBe('forbidden');
  });

  it.each<[string, string, number]>([
    ['a foreign Host (DNS rebinding)', 'GET /api/events HTTP/1.1\r\nhost: evil.example\r\nx-cc-token: TOKEN\r\n\r\n', 403],
    ['a foreign Origin', 'GET /api/events HTTP/1.1\r\nhost: HOST\r\norigin: https://evil.example\r\nx-cc-token: TOKEN\r\n\r\n', 403],
    ['a POST', 'POST /api/events HTTP/1.1\r\nhost: HOST\r\nx-cc-token: TOKEN\r\ncontent-length: 0\r\n\r\n', 405],
    ['a GET with a body', 'GET /api/events HTTP/1.1\r\nhost: HOST\r\nx-cc-token: TOKEN\r\ncontent-length: 5\r\n\r\nhello', 400],
    ['a chunked GET body that never ends', 'GET /api/events HTTP/1.1\r\nhost: HOST\r\nx-cc-token: TOKEN\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n', 400],
    ['a malformed address', 'GET //api/events HTTP/1.1\r\nhost: HOST\r\nx-cc-token: TOKEN\r\n\r\n', 400],
  ])('refuses %s with a plain answer, and keeps serving', async (_what, bytes, status) => {
    const reply = await rawTcp(bytes.replace('HOST', `127.0.0.1:${server.port}`).replace('TOKEN', server.token), { timeout: 3000 });
    expect(reply.status).toBe(status);
    expect(reply.text).not.toContain('text/event-stream');
    expect((await json(await call('state-get', '{"input":{}}'))).ok).toBe(true);
  });

  it('answers 503 until the data is open, then streams', async () => {
    const early = await webStart({ port: 0, staticDir });
    try {
      const before = await fetch(`${early.url}api/events`, { headers: { [TOKEN_HEADER]: early.token } });
      expect(before.status).toBe(503);
      expect((await json(before)).error.code).toBe('unavailable');
      early.attach(client(service));
      const s = await streamOpen(early);
      expect(await s.revisionsAt(1)).toEqual([await revisionNow()]);
      s.close();
    } finally {
      await early.close();
    }
  });

  it('a flood: 200 streams at once open no more than the limit, the rest are told why; a closed tab frees its place; calls are answered throughout', async () => {
    const own = await ownServer();
    try {
      const flood = await Promise.all(Array.from({ length: 200 }, () => streamOpen(own)));
      const open = flood.filter((s) => s.res.status === 200);
      const refused = flood.filter((s) => s.res.status !== 200);
      expect(open).toHaveLength(STREAM_LIMIT);
      expect(new Set(refused.map((s) => s.res.status))).toEqual(new Set([503]));
      expect((await json(refused[0]!.res)).error.message).toBe(`${STREAM_LIMIT} windows are already following the account: close some, then reload this one.`);
      expect((await json(await fetch(`${own.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: own.token }, body: '{"input":{}}' }))).ok).toBe(true);
      // Tabs closed: their places come free (the server notices the connection gone).
      for (const s of open.slice(0, 10)) s.close();
      await expect.poll(async () => {
        const next = await streamOpen(own);
        next.close();
        return next.res.status;
      }).toBe(200);
      const more = await Promise.all(Array.from({ length: 10 }, () => streamOpen(own)));
      expect(more.filter((s) => s.res.status === 200).length).toBeGreaterThanOrEqual(9);
      for (const s of [...open, ...more]) s.close();
    } finally {
      await own.close();
    }
  }, 30_000);

  it('a client that sends garbage after opening its stream, or hangs up mid-stream, leaves nothing open', async () => {
    const own = await ownServer();
    try {
      const sockets = Array.from({ length: STREAM_LIMIT }, () => connect(own.port, '127.0.0.1'));
      const opened = sockets.map(
        (socket) =>
          new Promise<string>((done) => {
            let text = '';
            socket.on('data', (c: Buffer) => {
              text += c.toString('latin1');
              if (text.includes('event: revision')) done(text);
            });
            socket.on('error', () => {});
            socket.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${own.port}\r\n${TOKEN_HEADER}: ${own.token}\r\n\r\n`);
          }),
      );
      for (const text of await Promise.all(opened)) expect(text).toMatch(/^HTTP\/1\.1 200/);
      sockets.forEach((socket, i) => (i % 2 ? socket.destroy() : socket.end('\x00\xff garbage\r\n\r\n')));
      await expect.poll(async () => {
        const next = await streamOpen(own);
        next.close();
        return next.res.status;
      }).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('keeps an idle stream alive with comments', async () => {
    const own = await ownServer(50);
    try {
      const s = await streamOpen(own);
      await expect.poll(() => s.comments, { timeout: 2000 }).toBeGreaterThanOrEqual(3);
      s.close();
    } finally {
      await own.close();
    }
  });

  it('a stream asked for on a connection still open while the server closes is refused in words, on a connection said to close, and the close still ends', async () => {
    const own = await ownServer();
    const socket = connect(own.port, '127.0.0.1');
    socket.on('error', () => {});
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
    const hungUp = new Promise((done) => socket.on('close', done));
    // The request is under way (its headers not finished) when the close begins, so the connection is not idle.
    await new Promise<void>((done) => socket.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${own.port}\r\n${TOKEN_HEADER}: ${own.token}\r\n`, () => done()));
    await expect.poll(async () => (await own.busy()).connections).toBe(1);
    const closed = own.close();
    socket.write('\r\n');
    await closed;
    await hungUp;
    expect(text).toMatch(/^HTTP\/1\.1 503/);
    expect(text).not.toContain('text/event-stream');
    expect(text.slice(0, text.indexOf('\r\n\r\n'))).toMatch(/\r\nconnection: close(\r\n|$)/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({ ok: false, error: { code: 'unavailable', message: 'The app’s local server is stopping.' } });
  });

  it('a call under way when the server closes is answered on a connection that then closes, so the close does not wait on it', async () => {
    const early = await webStart({ port: 0, staticDir, openWaitMs: 10_000 });
    const socket = connect(early.port, '127.0.0.1');
    socket.on('error', () => {});
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    const hungUp = new Promise((done) => socket.on('close', done));
    const body = JSON.stringify({ input: {} });
    // A whole call on a kept-alive connection, waiting for the data to open.
    socket.write(`POST /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${early.port}\r\nconnection: keep-alive\r\ncontent-type: application/json\r\n${TOKEN_HEADER}: ${early.token}\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    await expect.poll(async () => (await early.busy()).calls).toBe(1);
    await early.close();
    await hungUp;
    expect(text).toMatch(/^HTTP\/1\.1 503/);
    expect(text.toLowerCase()).toContain('connection: close');
  });

  it('closing the server ends every open stream itself, so the close does not wait on the tabs', async () => {
    const own = await ownServer();
    const streams = await Promise.all(Array.from({ length: 5 }, () => streamOpen(own)));
    await Promise.all(streams.map((s) => s.revisionsAt(1)));
    await own.close();
    expect(await Promise.all(streams.map((s) => s.ended))).toEqual(['server', 'server', 'server', 'server', 'server']);
  });
});

describe('the first screen painted into the page a browser navigates to', () => {
  const PAGE = [
    '<!doctype html>',
    '<html lang="en">',
    '  <head>',
    '    <title>Credit Companion</title>',
    '    <script type="module" crossorigin src="./assets/index-Ab12Cd34.js"></script>',
    '    <link rel="stylesheet" crossorigin href="./assets/index-Ef56Gh78.css">',
    '  </head>',
    '  <body>',
    '    <div id="root"></div>',
    '  </body>',
    '</html>',
  ].join('\n');
  const CSS = 'body { margin: 0 } /* a comment that says </style> */';
  let painted: WebServer;
  let paintedService: Service;
  let paintedDir: string;
  let paint: (app: AppState) => string;
  const paintBugs: unknown[] = [];
  const localesAsked: (string | undefined)[] = [];

  beforeAll(async () => {
    paintedDir = mkdtempSync(join(tmpdir(), 'cc-http-paint-'));
    const files = join(paintedDir, 'static');
    mkdirSync(join(files, 'assets'), { recursive: true });
    writeFileSync(join(files, 'index.html'), PAGE);
    writeFileSync(join(files, 'assets', 'index-Ab12Cd34.js'), 'console.log(3)');
    writeFileSync(join(files, 'assets', 'index-Ef56Gh78.css'), CSS);
    paintedService = serviceCreate({ store: storeOpen({ dir: join(paintedDir, 'data'), compactEvery: 1_000_000 }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
    paint = (app) => `<main><h1>Revision ${app.revision}</h1></main>`;
    painted = await webStart({
      service: client(paintedService),
      port: 0,
      staticDir: files,
      logBug: (e) => paintBugs.push(e),
      paint: (app, locale) => {
        localesAsked.push(locale);
        return paint(app);
      },
    });
  });
  afterAll(() => painted.close());

  /** A GET as a browser sends it when it navigates (Sec-Fetch-Mode: navigate), or as a script's fetch. */
  function pageGet(mode: 'navigate' | 'cors', headers: Record<string, string> = {}): Promise<{ status: number; text: string; cache: string | undefined }> {
    return new Promise((done, fail) => {
      const req = request({ host: '127.0.0.1', port: painted.port, path: '/', headers: { 'sec-fetch-mode': mode, ...headers } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, text, cache: res.headers['cache-control'] }));
      });
      req.on('error', fail);
      req.end();
    });
  }

  /** The state the page carries, as the renderer reads it (the data block's text, parsed). */
  function pageState(text: string): unknown {
    const block = /<script type="application\/json" id="cc-state">([^<]*)<\/script>/.exec(text);
    return block ? JSON.parse(block[1]!) : null;
  }

  it('carries the state and the screen painted from it, its styles in it, and starts its code after the first frame', async () => {
    const page = await pageGet('navigate');
    expect([page.status, page.cache]).toEqual([200, 'no-store']);
    expect(pageState(page.text)).toEqual(paintedService.handle('state-get', {}));
    expect(page.text).toContain(`<div id="root"><div class="first-paint" inert><main><h1>Revision ${paintedService.store.seq}</h1></main></div></div>`);
    expect(page.text).toContain('<style>body { margin: 0 } /* a comment that says <\\/style> */</style>');
    expect(page.text).not.toContain('rel="stylesheet"');
    expect(page.text).toContain('<link rel="modulepreload" crossorigin href="./assets/index-Ab12Cd34.js"><script src="./start.js" data-entry="./assets/index-Ab12Cd34.js" async></script>');
    expect(page.text).not.toContain('<script type="module"');
  });

  it('keeps text from the account inside its data block: a project named like a closing tag', async () => {
    const name = '</script><script>alert(1)</script><!--';
    expect(paintedService.handle('account-demo', {}).ok).toBe(true);
    expect((await json(await fetch(`${painted.url}api/usage-add`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: painted.token }, body: JSON.stringify({ input: { date: '2026-03-01', feature: 'avatar-iv', minutes: 1, project: name } }) }))).ok).toBe(true);
    const state = paintedService.handle('state-get', {});
    expect(JSON.stringify(state)).toContain(name.replaceAll('"', '\\"'));
    const page = await pageGet('navigate');
    expect(page.text.match(/<script/g)).toHaveLength(2);
    expect(page.text).not.toContain('<!--');
    expect(pageState(page.text)).toEqual(state);
  });

  it('keeps text that reads like a replacement pattern as it is: $$, $&, $` and $\'', async () => {
    for (const name of ['Client $$ fund', 'A $& B', 'A $` B', "A $' B"]) expect((await json(await fetch(`${painted.url}api/usage-add`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: painted.token }, body: JSON.stringify({ input: { date: '2026-03-01', feature: 'avatar-iv', minutes: 1, project: name } }) }))).ok).toBe(true);
    const state = paintedService.handle('state-get', {});
    expect(JSON.stringify(state)).toContain('Client $$ fund');
    const page = await pageGet('navigate');
    expect(pageState(page.text)).toEqual(state);
    expect(page.text.match(/<script/g)).toHaveLength(2);
  });

  it('paints in the language the browser asks for, so the numbers read as its page then draws them', async () => {
    localesAsked.length = 0;
    await pageGet('navigate', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' });
    await pageGet('navigate');
    expect(localesAsked).toEqual(['de-DE', undefined]);
  });

  it('takes the theme chosen, so the first frame has its colours', async () => {
    expect((await json(await fetch(`${painted.url}api/settings-update`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: painted.token }, body: JSON.stringify({ input: { theme: 'dark' } }) }))).ok).toBe(true);
    expect((await pageGet('navigate')).text).toContain('<html lang="en" data-theme="dark">');
  });

  it('answers a navigation that carries a broken body at once, with the bare page, before the body is read', async () => {
    const reply = await rawTcp(`GET / HTTP/1.1\r\nhost: 127.0.0.1:${painted.port}\r\nsec-fetch-mode: navigate\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n`, { port: painted.port });
    expect(reply.status).toBe(200);
    expect(reply.text).not.toContain('cc-state');
  });

  it('comes bare to a script reading it (a tab reconnecting reads its token): no state, nothing painted', async () => {
    const page = await pageGet('cors');
    expect(page.text).toBe(PAGE.replace('<head>', `<head><meta name="cc-token" content="${painted.token}">`));
  });

  it('still carries the state when painting fails on a bug, which is reported; the code then starts as usual', async () => {
    paint = () => {
      throw new Error('a bug in the painter');
    };
    try {
      const page = await pageGet('navigate');
      expect(pageState(page.text)).toEqual(paintedService.handle('state-get', {}));
      expect(page.text).toContain('<div id="root"></div>');
      expect(page.text).toContain('<script type="module" crossorigin src="./assets/index-Ab12Cd34.js"></script>');
      expect(paintBugs).toEqual([new Error('a bug in the painter')]);
    } finally {
      paint = (app) => `<main><h1>Revision ${app.revision}</h1></main>`;
    }
  });
});

describe('what every answer carries', () => {
  it('an answer says its type and length, and that it is neither sniffed, cached nor referred', async () => {
    const res = await call('state-get', '{"input":{}}');
    const text = await res.text();
    expect(Object.fromEntries(['content-type', 'content-length', 'x-content-type-options', 'referrer-policy', 'cache-control'].map((h) => [h, res.headers.get(h)]))).toEqual({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
  });

  it('a HEAD gets the headers of a GET and no body', async () => {
    const get = await fetch(`${server.url}app.js`);
    const head = await fetch(`${server.url}app.js`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, get.headers.get('content-length'), '']);
    expect(await get.text()).toBe('console.log(1)');
  });

  it('a refused stream says why, in the words the page shows', async () => {
    const post = await fetch(`${server.url}api/events`, { method: 'POST', headers: { [TOKEN_HEADER]: server.token } });
    expect([post.status, (await json(post)).error]).toEqual([405, { code: 'invalid-input', message: 'use GET' }]);
    const noToken = await fetch(`${server.url}api/events`);
    expect((await json(noToken)).error.message).toBe('missing or wrong token: open the app from the address the server printed');
  });

  it('a body of exactly the limit is read; a call whose input is a list is refused', async () => {
    const padded = `{"input":{}${' '.repeat(BODY_LIMIT - '{"input":{}}'.length)}}`;
    expect(Buffer.byteLength(padded)).toBe(BODY_LIMIT);
    expect((await json(await call('state-get', padded))).ok).toBe(true);
    const list = await json(await call('state-get', '[{"input":{}}]'));
    expect(list.error.code).toBe('invalid-input');
  });
});

describe('requestLocale', () => {
  it.each<[string | undefined, string | undefined]>([
    ['de-DE,de;q=0.9,en;q=0.8', 'de-DE'],
    ['en', 'en'],
    ['zh-hant-tw;q=1', 'zh-Hant-TW'],
    ['*', undefined],
    ['', undefined],
    [undefined, undefined],
    ['not a language!', undefined],
    [' fr ;q=0.9, en', 'fr'],
    ['en-US-u-ca-gregory-nu-latn-hc-h23-co-phonebk', undefined],
    [`en-${'x'.repeat(60)}`, undefined],
  ])('%j → %j', (header, locale) => {
    expect(requestLocale(header)).toBe(locale);
  });
});

describe('workspaces: each call names its own', () => {
  it('the header names the workspace a call is for (none: the one open last); a malformed one is refused unrun; each revision says whose, the list’s changes too', async () => {
    const dirs = { first: mkdtempSync(join(tmpdir(), 'cc-http-ws-')), b: mkdtempSync(join(tmpdir(), 'cc-http-ws-')) };
    const services: Record<string, Service> = Object.fromEntries(Object.entries(dirs).map(([w, dir]) => [w, serviceCreate({ store: storeOpen({ dir }), today: () => '2026-03-01' as IsoDate, logBug: () => {} })]));
    const named: (string | undefined)[] = [];
    let listTell: (revision: number) => void = () => {};
    const hub: ServiceClient = {
      handle: (name, input, workspace) => (named.push(workspace), Promise.resolve(services[workspace ?? 'first']!.handle(name, input))),
      current: (workspace) => Promise.resolve(services[workspace ?? 'first']!.current()),
      subscribe: (listener) => {
        const offs = Object.entries(services).map(([w, s]) => s.subscribe((r) => listener(r, w)));
        return () => offs.forEach((off) => off());
      },
      revision: (workspace) => services[workspace ?? 'first']!.store.seq,
      revisions: () => Object.entries(services).map(([w, s]) => [w, s.store.seq] as const),
      onList: (listener) => ((listTell = listener), () => {}),
    };
    const on = await webStart({ service: hub, port: 0, staticDir });
    try {
      const post = (headers: Record<string, string>) => fetch(`${on.url}api/event-add`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: on.token, ...headers }, body: JSON.stringify({ input: { event: { type: 'subscribe', date: '2026-02-01', plan: 'creator' } } }) });
      const abort = new AbortController();
      const stream = await fetch(`${on.url}api/events`, { headers: { [TOKEN_HEADER]: on.token }, signal: abort.signal });
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      const until = async (part: string) => {
        while (!text.includes(part)) text += (await reader.read()).value ?? '';
      };
      await until('data: 0 b\n\n');
      expect(text).toBe('event: revision\ndata: 0 first\n\nevent: revision\ndata: 0 b\n\n');
      expect((await json(await post({ 'x-cc-workspace': 'b' }))).ok).toBe(true);
      expect((await json(await post({}))).ok).toBe(true);
      expect(named).toEqual(['b', undefined]);
      for (const bad of ['B', '../first', 'a b', '']) {
        const res = await post({ 'x-cc-workspace': bad });
        expect(res.status).toBe(400);
        expect((await res.json()) as unknown).toEqual({ ok: false, error: { code: 'invalid-input', field: 'workspace', message: 'the x-cc-workspace header must name a workspace by its id' } });
      }
      expect(named).toHaveLength(2);
      expect(services.b!.current().view!.eventCount).toBe(1);
      expect(services.first!.current().view!.eventCount).toBe(1);
      listTell(3);
      await until('event: workspaces');
      expect(text).toContain('event: revision\ndata: 1 b\n\nevent: revision\ndata: 1 first\n\nevent: workspaces\ndata: 3\n\n');
      abort.abort();
    } finally {
      await on.close();
    }
  });
});
