/** The browser bridge, over real HTTP on loopback, against a real store. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_NAMES, type HandlerName } from '../shared/api.ts';
import type { IsoDate } from '../shared/units.ts';
import { CSP, TOKEN_HEADER, webStart, type WebServer } from './http.ts';
import { serviceCreate } from './service.ts';
import { storeOpen } from './store.ts';

let server: WebServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cc-http-'));
  const staticDir = join(dataDir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(dataDir, 'secret.txt'), 'not for the web');
  const service = serviceCreate({ store: storeOpen({ dir: dataDir, compactEvery: 1_000_000 }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
  server = await webStart({ service, port: 0, staticDir });
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
function rawTcp(bytes: string | Buffer, { head = false, timeout = 5000 } = {}): Promise<RawReply> {
  return new Promise((done) => {
    const socket = connect(server.port, '127.0.0.1');
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

describe('browser bridge', () => {
  it('serves the page with the token and a strict CSP', async () => {
    const res = await fetch(server.url);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await res.text()).toContain(`<meta name="cc-token" content="${server.token}">`);
  });

  it('does not serve files outside the app', async () => {
    const res = await fetch(`${server.url}..%2fsecret.txt`);
    expect(await res.text()).not.toContain('not for the web');
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
    ['no token', { [TOKEN_HEADER]: '' }, 403, 'forbidden'],
    ['a wrong token', { [TOKEN_HEADER]: 'x'.repeat(32) }, 403, 'forbidden'],
    ['a form post', { 'content-type': 'text/plain' }, 415, 'invalid-input'],
  ])('refuses %s, changing nothing', async (_what, headers, status, code) => {
    const before = storedBytes();
    const res = await call('usage-add', JSON.stringify({ input: { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 } }), headers);
    expect(res.status).toBe(status);
    expect((await json(res)).error.code).toBe(code);
    expect(storedBytes()).toBe(before);
  });

  it('refuses a foreign Host (DNS rebinding), changing nothing', async () => {
    const before = storedBytes();
    const body = JSON.stringify({ input: { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 } });
    const reply = await new Promise<{ status: number; text: string }>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/usage-add', method: 'POST', headers: { host: `evil.example:${server.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: server.token } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', fail);
      req.end(body);
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.text).error.code).toBe('forbidden');
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
    'usage-add': { date: '2026-02-22', feature: 'avatar-iv', minutes: 1 },
    'usage-edit': { id: 'nope', date: '2026-02-22', feature: 'avatar-iv', minutes: 1 },
    'usage-list': { project: 'Launch', offset: 0, limit: 50 },
    'usage-csv': { month: '2026-02' },
    'event-add': { event: { date: '2026-02-22', type: 'usage', feature: 'veo3', count: 1 } },
    'event-delete': { id: 'nope' },
    'event-preview': { event: { date: '2026-02-22', type: 'change-plan', plan: 'pro', credits: 2000 } },
    'account-replace': { account: { format: 'credit-companion/account@1', events: [{ date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 }] } },
    'account-import': { text: '{"format":"credit-companion/account@1","events":[{"date":"2026-01-17","type":"subscribe","plan":"creator"}]}' },
    'account-export': {},
    'account-demo': {},
    'account-reset': { confirm: 'reset' },
    'project-save': { project },
    'project-delete': { id: 'nope' },
    'quote-run': { project },
    'compare-run': { credits: 1000 },
    'pipeline-get': { months: 6 },
    'catalog-update': { proTiers: [{ credits: 2000, monthly: 88 }] },
    'settings-update': { theme: 'dark' },
  };
  const CODES = ['invalid-input', 'invalid-event', 'invalid-file', 'invalid-json', 'not-found', 'conflict'];

  async function expectTypedOrOk(name: string, input: unknown): Promise<boolean> {
    const before = storedBytes();
    const reply = await json(await call(encodeURIComponent(name), JSON.stringify({ input }) ?? '{}'));
    if (reply.ok) return false;
    expect(CODES).toContain(reply.error.code);
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
      { numRuns: 1000 },
    );
    expect(rejected).toBeGreaterThan(500);
    expect((await json(await call('state-get', '{"input":{}}'))).ok).toBe(true);
  }, 120_000);

  it('fuzz: unknown handler names are refused as not found', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }).filter((n) => !(HANDLER_NAMES as string[]).includes(n)), fc.anything(), async (name, input) => {
        expect(await expectTypedOrOk(name, input)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
