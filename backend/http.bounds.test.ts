/** The bridge at its bounds: the page as painted for each theme, the words of a refusal's status line, the language tag's length. */
import { createHook } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOKEN_HEADER } from '../shared/page.ts';
import type { IsoDate } from '../shared/units.ts';
import type { ServiceClient } from './host.ts';
import { pagePainted, requestLocale, webStart, type WebServer } from './http.ts';
import { serviceCreate, type Service } from './service.ts';
import { storeOpen } from './store.ts';

const PAGE = '<!doctype html>\n<html lang="en">\n  <head>\n    <title>t</title>\n  </head>\n  <body>\n    <div id="root"></div>\n  </body>\n</html>';
let server: WebServer | undefined;
let service: Service;

// Started before each test, once: a start that fails (or never ends) fails the test, where a file's beforeAll would
// only leave its tests unrun, which the mutation run reads as passed.
beforeEach(async () => {
  if (server) return;
  const dir = mkdtempSync(join(tmpdir(), 'cc-http-bounds-'));
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), PAGE);
  writeFileSync(join(staticDir, 'data.bin'), 'bytes');
  writeFileSync(join(staticDir, 'other.html'), '<html><head></head><body><div id="root"></div></body></html>');
  service = serviceCreate({ store: storeOpen({ dir: join(dir, 'data'), compactEvery: 1_000_000 }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
  const client: ServiceClient = { handle: (name, input) => Promise.resolve(service.handle(name, input)), current: () => Promise.resolve(service.current()), subscribe: (listener) => service.subscribe(listener), revision: () => service.store.seq };
  server = await webStart({ service: client, port: 0, staticDir, logBug: () => {}, paint: () => '<main>painted</main>' });
});
afterAll(() => server?.close());

/** The service as the host's client of it, in this thread. */
const clientOf = (s: Service): ServiceClient => ({ handle: (name, input) => Promise.resolve(s.handle(name, input)), current: () => Promise.resolve(s.current()), subscribe: (listener) => s.subscribe(listener), revision: () => s.store.seq });

/** A build folder of its own, with the page. */
function builtDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cc-http-${name}-`));
  writeFileSync(join(dir, 'index.html'), PAGE);
  return dir;
}

/** A connection read as it goes: all it has received so far in `text`, and when it closed. */
function rawConnection(port: number): { readonly socket: Socket; text: string; readonly closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  const c = { socket, text: '', closed: new Promise<void>((done) => socket.on('close', () => done())) };
  socket.on('data', (b: Buffer) => (c.text += b.toString('latin1')));
  socket.on('error', () => {});
  return c;
}

/** The server the tests share, started by then. */
function shared(): WebServer {
  if (!server) throw new Error('the shared server did not start');
  return server;
}

/** The page as a browser navigating to it gets it. */
function navigate(): Promise<string> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: shared().port, path: '/', headers: { 'sec-fetch-mode': 'navigate' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done(text));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Every byte the server (on `port`) sends back for `bytes` until it closes the connection. */
function rawReply(bytes: string, port = shared().port): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => done(text));
    socket.write(bytes);
  });
}

describe('the painted page', () => {
  it('keeps the page’s own opening for the system theme, and paints the screen inside the root, where the page has it', async () => {
    const page = await navigate();
    expect(page.startsWith(`<!doctype html>\n<html lang="en">\n  <head><meta name="cc-token" content="${shared().token}">`)).toBe(true);
    expect(page).not.toContain('data-theme');
    expect(page).toContain('<body>\n    <div id="root"><div class="first-paint" inert><main>painted</main></div></div><script type="application/json"');
  });

  it('names a chosen theme on the page’s own opening', async () => {
    expect(service.handle('settings-update', { theme: 'light' }).ok).toBe(true);
    expect((await navigate()).startsWith('<!doctype html>\n<html lang="en" data-theme="light">\n  <head>')).toBe(true);
  });
});

describe('a request the parser refuses', () => {
  it('is answered with its status in words, no body, and the connection closed', async () => {
    expect(await rawReply('GET / HTTP/1.1 extra\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });

  it('CONNECT is refused the same way', async () => {
    expect(await rawReply(`CONNECT 127.0.0.1:${shared().port} HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\n\r\n`)).toBe('HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
});

describe('a server started in the test itself (what it sets up when it starts is checked too)', () => {
  it('refuses what its parser refuses, in words: a malformed request line, headers too large, CONNECT; and counts no call once answered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-http-fresh-'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    const web = await webStart({ service: { handle: (name, input) => Promise.resolve(service.handle(name, input)), current: () => Promise.resolve(service.current()), subscribe: () => () => {}, revision: () => 0 }, port: 0, staticDir: dir, logBug: () => {} });
    try {
      const closed = (status: string) => `HTTP/1.1 ${status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`;
      expect(await rawReply('GET / HTTP/1.1 extra\r\n\r\n', web.port)).toBe(closed('400 Bad Request'));
      expect(await rawReply(`GET / HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\nx-big: ${'x'.repeat(20_000)}\r\n\r\n`, web.port)).toBe(closed('431 Request Header Fields Too Large'));
      expect(await rawReply(`CONNECT 127.0.0.1:${web.port} HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\n\r\n`, web.port)).toBe(closed('405 Method Not Allowed'));
      const res = await fetch(`${web.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: web.token }, body: '{"input":{}}' });
      expect(res.status).toBe(200);
      await res.text();
      expect((await web.busy()).calls).toBe(0);
    } finally {
      await web.close();
    }
  });
});

describe('a client that takes too long', () => {
  it('to send its request’s head is answered 408, in words, and the connection closed', async () => {
    const web = await webStart({ service: clientOf(service), port: 0, staticDir: builtDir('slow'), logBug: () => {}, headersTimeoutMs: 50 });
    try {
      expect(await rawReply(`GET / HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\n`, web.port)).toBe('HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    } finally {
      await web.close();
    }
  });
});

describe('requestLocale at the length of a tag', () => {
  it.each<[string, string | undefined]>([
    ['en-US-u-ca-gregory-nu-latn-x-abcdef', 'en-US-u-ca-gregory-nu-latn-x-abcdef'],
    ['en-US-u-ca-gregory-nu-latn-x-abcdefg', undefined],
  ])('%s (%#: 35, then 36 characters)', (header, locale) => {
    expect(requestLocale(header)).toBe(locale);
  });
});

describe('a request that fails on a bug', () => {
  it('is answered 500 in words a user can act on, the bug is reported, and the server goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-http-bug-'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    const reported: unknown[] = [];
    const broken: ServiceClient = { handle: () => Promise.reject(new Error('a bug in a handler')), current: () => Promise.reject(new Error('unused')), subscribe: () => () => {}, revision: () => 0 };
    const web = await webStart({ service: broken, port: 0, staticDir: dir, logBug: (e) => reported.push(e) });
    try {
      const call = () => fetch(`${web.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: web.token }, body: '{"input":{}}' });
      const res = await call();
      expect([res.status, await res.json()]).toEqual([500, { ok: false, error: { code: 'internal', message: 'Something went wrong in the local server. Please report it.' } }]);
      expect(reported).toEqual([new Error('a bug in a handler')]);
      expect((await call()).status).toBe(500);
      expect((await fetch(web.url)).status).toBe(200);
    } finally {
      await web.close();
    }
  });
});

/** The head of a raw answer, and its body. */
function parts(text: string): { head: string; body: string } {
  const end = text.indexOf('\r\n\r\n');
  return { head: text.slice(0, end), body: text.slice(end + 4) };
}

describe('answers on a connection', () => {
  it('two requests sent at once on one connection are both answered, in order, on a connection kept open', async () => {
    const socket = connect(shared().port, '127.0.0.1');
    const host = `host: 127.0.0.1:${shared().port}\r\n`;
    const text = await new Promise<string>((done) => {
      let got = '';
      socket.on('data', (c: Buffer) => {
        got += c.toString('latin1');
        if ((got.match(/HTTP\/1\.1 /g) ?? []).length === 2 && got.endsWith('</html>')) done(got);
      });
      socket.write(`GET /nothing-here HTTP/1.1\r\n${host}\r\nGET / HTTP/1.1\r\n${host}\r\n`);
    });
    expect(socket.destroyed).toBe(false);
    socket.destroy();
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    expect(text).not.toMatch(/connection: close/i);
  });

  it('a HEAD refused before its body is read gets the headers alone', async () => {
    const { head, body } = parts(await rawReply(`HEAD /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\ncontent-length: 10\r\n\r\n`));
    expect(head).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(head).toMatch(/\r\ncontent-type: application\/json\r\n/);
    expect(body).toBe('');
  });

  it('a client that never hangs up after a refusal is hung up on', async () => {
    const socket = connect({ port: shared().port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.write('GET / HTTP/1.1 extra\r\n\r\n');
    await vi.waitFor(() => expect(text).toBe('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));
    await vi.waitFor(async () => expect((await shared().busy()).connections).toBe(0), { timeout: 10_000, interval: 100 });
    socket.destroy();
  }, 15_000);

  it('a request without a Host is refused as from a foreign host, in JSON', async () => {
    const { head, body } = parts(await rawReply('GET / HTTP/1.0\r\n\r\n'));
    expect(head).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(head).toMatch(/\r\ncontent-type: application\/json\r\n/);
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'forbidden', message: 'wrong host ""' } });
  });

  it('a call with an empty body is a call with empty input', async () => {
    const res = await fetch(`${shared().url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: shared().token }, body: '' });
    expect(await res.json()).toEqual(service.handle('state-get', {}));
  });

  it('a file of a kind it does not know is served as bytes', async () => {
    const res = await fetch(`${shared().url}data.bin`);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'application/octet-stream', 'bytes']);
  });

  it('a call refused before its body is read, behind a page still answered on the same connection, comes after it; then the connection closes', async () => {
    const host = `host: 127.0.0.1:${shared().port}\r\n`;
    const text = await rawReply(`GET / HTTP/1.1\r\n${host}\r\nPOST /api/state-get HTTP/1.1\r\n${host}content-type: application/json\r\n${TOKEN_HEADER}: ${shared().token}\r\ncontent-length: ${40 * 1024 * 1024}\r\n\r\n{"input":`);
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 413']);
    expect(text).toContain('</html>HTTP/1.1 413');
  });

  it('a call refused before its body is read gets the server’s own answer written whole on the connection, which then lingers for the client to read it (not Node’s, which closes it at once): exactly these bytes', async () => {
    const text = await rawReply(`POST /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\ncontent-type: application/json\r\n${TOKEN_HEADER}: ${shared().token}\r\ncontent-length: ${40 * 1024 * 1024}\r\n\r\n{"input":`);
    const body = '{"ok":false,"error":{"code":"invalid-input","message":"the body is larger than 32 MB"}}';
    expect(text).toBe(`HTTP/1.1 413 Payload Too Large\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nx-content-type-options: nosniff\r\nreferrer-policy: no-referrer\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`);
  });

  it('a call whose body is JSON but not an object is refused in words', async () => {
    for (const text of ['[1]', '7', 'null']) {
      const res = await fetch(`${shared().url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: shared().token }, body: text });
      expect([res.status, await res.json()]).toEqual([400, { ok: false, error: { code: 'invalid-input', message: 'the body must be an object {"input": …}' } }]);
    }
  });
});

describe('each refusal in its own words', () => {
  const post = (headers: Record<string, string>, body: string) => fetch(`${shared().url}api/state-get`, { method: 'POST', headers: { [TOKEN_HEADER]: shared().token, ...headers }, body });
  const said = async (res: Response) => [res.status, res.headers.get('content-type'), await res.text()];

  it.each<[string, () => Promise<Response>, [number, string, string]]>([
    ['a call that is not a POST', () => fetch(`${shared().url}api/state-get`, { headers: { [TOKEN_HEADER]: shared().token } }), [405, 'application/json', '{"ok":false,"error":{"code":"invalid-input","message":"use POST"}}']],
    ['a body that is not JSON by its type', () => post({ 'content-type': 'text/plain' }, '{"input":{}}'), [415, 'application/json', '{"ok":false,"error":{"code":"invalid-input","message":"the body must be JSON (content-type application/json)"}}']],
    ['an address that escapes the app', () => fetch(`${shared().url}..%2fsecret.txt`), [404, 'text/plain', 'not found']],
    ['a built file that is not there', () => fetch(`${shared().url}assets/gone-12345678.js`), [404, 'text/plain', 'not found']],
  ])('%s', async (_what, ask, answer) => {
    expect(await said(await ask())).toEqual(answer);
  });

  it('an address that names another host, and a page asked for with a method not for pages', async () => {
    const { body } = parts(await rawReply(`GET // HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\nconnection: close\r\n\r\n`));
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'invalid-input', message: 'malformed address' } });
    expect(await said(await fetch(shared().url, { method: 'PUT', body: 'x' }))).toEqual([405, 'text/plain', 'method not allowed']);
  });

  it('a call from a page of another origin', async () => {
    const { body } = parts(await rawReply(`POST /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\norigin: https://evil.example\r\ncontent-type: application/json\r\n${TOKEN_HEADER}: ${shared().token}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`));
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'forbidden', message: 'foreign origin "https://evil.example": only the app\'s own page may call it' } });
  });

  it('JSON that does not read, with what the parser says', async () => {
    const reply = (await (await post({ 'content-type': 'application/json' }, '{')).json()) as { error: { code: string; message: string } };
    expect(reply.error.code).toBe('invalid-json');
    expect(reply.error.message).toMatch(/^not valid JSON: \S/);
  });

  it('a malformed %-encoding', async () => {
    const { body } = parts(await rawReply(`GET /%ZZ HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\nconnection: close\r\n\r\n`));
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'invalid-input', message: 'the address has a malformed %-encoding' } });
  });
});

describe('what it takes', () => {
  it('JSON with its charset said', async () => {
    const res = await fetch(`${shared().url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', [TOKEN_HEADER]: shared().token }, body: '{"input":{}}' });
    expect(res.status).toBe(200);
  });

  it('its own address by name (Host: localhost)', async () => {
    const { head } = parts(await rawReply(`GET / HTTP/1.1\r\nhost: localhost:${shared().port}\r\nconnection: close\r\n\r\n`));
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('another page of the folder, asked for by a navigation, as it is: the token and the state go in the app’s page alone', async () => {
    const { body } = parts(await rawReply(`GET /other.html HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\nsec-fetch-mode: navigate\r\nconnection: close\r\n\r\n`));
    expect(body).toBe('<html><head></head><body><div id="root"></div></body></html>');
  });
});

describe('the event stream at its edges', () => {
  const stream = (url: string, token: string, init: RequestInit = {}) => fetch(`${url}api/events`, { ...init, headers: { [TOKEN_HEADER]: token, ...(init.headers as Record<string, string>) } });

  it('says it is a stream, never kept', async () => {
    const controller = new AbortController();
    const res = await stream(shared().url, shared().token, { signal: controller.signal });
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control'), res.headers.get('x-content-type-options')]).toEqual([200, 'text/event-stream; charset=utf-8', 'no-store', 'nosniff']);
    controller.abort();
  });

  it('a GET for it with a body is refused in words', async () => {
    const { body } = parts(await rawReply(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\n${TOKEN_HEADER}: ${shared().token}\r\ncontent-length: 2\r\n\r\n{}`));
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'invalid-input', message: 'a GET carries no body' } });
  });

  it('a stream still open keeps its heartbeat when another closes; a service attached again is heard once, not twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-http-beat-'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    const web = await webStart({ port: 0, staticDir: dir, logBug: () => {}, heartbeatMs: 20 });
    const local = serviceCreate({ store: storeOpen({ dir: join(dir, 'data'), compactEvery: 1_000_000 }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
    const client: ServiceClient = { handle: (name, input) => Promise.resolve(local.handle(name, input)), current: () => Promise.resolve(local.current()), subscribe: (listener) => local.subscribe(listener), revision: () => local.store.seq };
    web.attach(client);
    web.attach(client);
    /** A stream read over a raw connection, all it has sent so far in `text`. */
    const open = () => {
      const socket = connect(web.port, '127.0.0.1');
      const s = { socket, text: '' };
      socket.on('data', (c: Buffer) => (s.text += c.toString('utf8')));
      socket.on('error', () => {});
      socket.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\n${TOKEN_HEADER}: ${web.token}\r\n\r\n`);
      return s;
    };
    try {
      const kept = open();
      const closed = open();
      await vi.waitFor(() => expect(kept.text + closed.text).toMatch(/data: [\s\S]*data: /));
      closed.socket.destroy();
      await vi.waitFor(async () => expect((await web.busy()).connections).toBe(1));
      const mark = kept.text.length;
      await vi.waitFor(() => expect((kept.text.slice(mark).match(/:\n\n/g) ?? []).length).toBeGreaterThanOrEqual(3));
      expect(local.handle('account-demo', {}).ok).toBe(true);
      const revision = `event: revision\ndata: ${local.store.seq}\n\n`;
      // A heartbeat after the revision: any second copy of it would have come before.
      await vi.waitFor(() => expect(kept.text.slice(kept.text.indexOf(revision))).toContain(':\n\n'));
      expect(kept.text.split(revision).length - 1).toBe(1);
      kept.socket.destroy();
    } finally {
      await web.close();
    }
  });
});

describe('before the data is open, and without a build', () => {
  it('a call waits for the data at most as long as it is told, then is told to try again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-http-wait-'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    const web = await webStart({ port: 0, staticDir: dir, logBug: () => {}, openWaitMs: 50 });
    try {
      const res = await fetch(`${web.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: web.token }, body: '{"input":{}}' });
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([503, 'unavailable']);
    } finally {
      await web.close();
    }
  });

  it('a page asked for when the app is not built says how to build it', async () => {
    const web = await webStart({ port: 0, staticDir: join(tmpdir(), 'cc-no-such-build-folder'), logBug: () => {} });
    try {
      const res = await fetch(web.url);
      expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([503, 'text/plain; charset=utf-8', 'The app is not built: run npm run build, then npm run web.']);
    } finally {
      await web.close();
    }
  });
});

describe('where it listens, and a start that cannot', () => {
  it('on 127.0.0.1 alone: another address of this machine (127.0.0.2, loopback too) is refused', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((done) => {
      const socket = connect(shared().port, '127.0.0.2');
      socket.on('connect', () => {
        socket.destroy();
        done(null);
      });
      socket.on('error', (e) => done(e));
    });
    expect(error?.code).toBe('ECONNREFUSED');
  });

  it('a port already taken (another copy of the app on it): the start fails, saying so', async () => {
    await expect(webStart({ port: shared().port, staticDir: builtDir('taken'), logBug: () => {} })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('answers under way on a connection', () => {
  /** A server whose calls wait for the data (attached later) up to 10 s: an answer a test can hold. */
  const heldServer = () => webStart({ port: 0, staticDir: builtDir('held'), logBug: () => {}, openWaitMs: 10_000 });
  const heldCall = (web: WebServer) => `POST /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\ncontent-type: application/json\r\n${TOKEN_HEADER}: ${web.token}\r\ncontent-length: 12\r\n\r\n{"input":{}}`;

  it('a call refused before its body is read, behind a call still waiting on the same connection, comes after that answer, says the connection closes, and it does', async () => {
    const web = await heldServer();
    try {
      const c = rawConnection(web.port);
      c.socket.write(`${heldCall(web)}POST /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\ncontent-type: application/json\r\n${TOKEN_HEADER}: wrong\r\ncontent-length: 100\r\n\r\n{"input":`);
      await vi.waitFor(async () => expect((await web.busy()).calls).toBe(2));
      web.attach(clientOf(service));
      await vi.waitFor(() => expect(c.text).toContain('"forbidden"'));
      const [first = '', second = ''] = c.text.split(/(?=HTTP\/1\.1 \d{3} )/);
      expect(parts(first).head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(JSON.parse(parts(first).body)).toEqual(service.handle('state-get', {}));
      expect(parts(second).head).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
      expect(parts(second).head).toMatch(/\r\ncontent-type: application\/json\r\n/);
      expect(parts(second).head).toMatch(/\r\nconnection: close(\r\n|$)/i);
      expect(JSON.parse(parts(second).body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await c.closed;
    } finally {
      await web.close();
    }
  });

  it('a request the parser refuses, behind a call still waiting on the same connection, is not answered ahead of it: the connection is dropped', async () => {
    const web = await heldServer();
    try {
      const c = rawConnection(web.port);
      c.socket.write(`${heldCall(web)}GET / HTTP/1.1 extra\r\n\r\n`);
      await c.closed;
      expect(c.text).toBe('');
    } finally {
      await web.close();
    }
  });

  it('a request the parser refuses after an answer on the same connection has ended is answered (no answer is under way any more)', async () => {
    const c = rawConnection(shared().port);
    c.socket.write(`GET /data.bin HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\n\r\n`);
    await vi.waitFor(() => expect(c.text).toMatch(/\r\n\r\nbytes$/));
    c.socket.write('GET / HTTP/1.1 extra\r\n\r\n');
    await c.closed;
    expect(c.text.slice(c.text.indexOf('\r\n\r\nbytes') + 9)).toBe('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
});

describe('bugs', () => {
  it('a stream that fails on a bug once its head is written is cut off, not given a second head; the bug is reported', async () => {
    const reported: unknown[] = [];
    const buggy: ServiceClient = {
      ...clientOf(service),
      // A revision that cannot be said: the bug comes as the stream writes its first event, after its head.
      revisions: () => [['', { toString: () => { throw new Error('a bug in a revision'); } } as unknown as number]],
    };
    const web = await webStart({ service: buggy, port: 0, staticDir: builtDir('stream-bug'), logBug: (e) => reported.push(e) });
    try {
      const c = rawConnection(web.port);
      c.socket.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\n${TOKEN_HEADER}: ${web.token}\r\n\r\n`);
      await c.closed;
      expect(c.text).not.toContain('HTTP/1.1 500');
      expect(reported).toEqual([new Error('a bug in a revision')]);
    } finally {
      await web.close();
    }
  });

  it('a bug with nowhere given to report it is printed, said as the server’s', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken: ServiceClient = { ...clientOf(service), handle: () => Promise.reject(new Error('a bug in a handler')) };
    const web = await webStart({ service: broken, port: 0, staticDir: builtDir('console') });
    try {
      const res = await fetch(`${web.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: web.token }, body: '{"input":{}}' });
      expect(res.status).toBe(500);
      expect(printed.mock.calls).toEqual([['credit-companion web: a request failed:', new Error('a bug in a handler')]]);
    } finally {
      printed.mockRestore();
      await web.close();
    }
  });
});

describe('the page painted', () => {
  it('for a state that could not be read: the page’s own opening (the system theme)', () => {
    const page = pagePainted(PAGE, { ok: false, error: { code: 'internal', message: 'the state could not be read' } }, { screen: '<main>painted</main>', styles: () => null });
    expect(page.startsWith('<!doctype html>\n<html lang="en">\n  <head>')).toBe(true);
    expect(page).not.toContain('data-theme');
  });

  it('takes in the built stylesheets alone, by their exact address: ./assets/NAME.css, not a file named past .css, nor an assets folder further down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-http-styles-'));
    const links = ['./assets/index-1.css', './assets/site.css.txt', './legacy/./assets/old.css'].map((href) => `    <link rel="stylesheet" crossorigin href="${href}">\n`).join('');
    writeFileSync(join(dir, 'index.html'), PAGE.replace('  </head>', `${links}  </head>`));
    mkdirSync(join(dir, 'assets'));
    mkdirSync(join(dir, 'legacy', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'assets', 'index-1.css'), 'a{}');
    writeFileSync(join(dir, 'assets', 'site.css.txt'), 'b{}');
    writeFileSync(join(dir, 'legacy', 'assets', 'old.css'), 'c{}');
    const web = await webStart({ service: clientOf(service), port: 0, staticDir: dir, logBug: () => {}, paint: () => '<main>painted</main>' });
    try {
      const { body } = parts(await rawReply(`GET / HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\nsec-fetch-mode: navigate\r\nconnection: close\r\n\r\n`, web.port));
      expect(body).toContain('<style>a{}</style>');
      expect(body).toContain('<link rel="stylesheet" crossorigin href="./assets/site.css.txt">');
      expect(body).toContain('<link rel="stylesheet" crossorigin href="./legacy/./assets/old.css">');
    } finally {
      await web.close();
    }
  });
});

describe('the event stream’s connection and heartbeat', () => {
  it('says its connection closes with it', async () => {
    const c = rawConnection(shared().port);
    c.socket.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${shared().port}\r\n${TOKEN_HEADER}: ${shared().token}\r\n\r\n`);
    await vi.waitFor(() => expect(c.text).toContain('\r\n\r\n'));
    expect(parts(c.text).head).toMatch(/\r\nconnection: close(\r\n|$)/i);
    c.socket.destroy();
  });

  it('closing while a tab has stopped reading its stream, much still queued for it: the server closes all the same', async () => {
    // One event longer than the connection's buffers hold, so that the stream's end cannot be written while the tab does not read.
    const hub: ServiceClient = { ...clientOf(service), revisions: () => [['w'.repeat(16 * 1024 * 1024), 1]] };
    const web = await webStart({ service: hub, port: 0, staticDir: builtDir('backed-up'), logBug: () => {}, heartbeatMs: 5 });
    const socket = connect(web.port, '127.0.0.1');
    socket.pause();
    socket.on('error', () => {});
    socket.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\n${TOKEN_HEADER}: ${web.token}\r\n\r\n`);
    await vi.waitFor(async () => expect((await web.busy()).calls).toBe(1));
    await web.close();
    expect((await web.busy()).connections).toBe(0);
    socket.destroy();
  });

  it('its heartbeat stops once no stream is left open', async () => {
    // The heartbeat's timer, told from any other by its period, seen made and cleared.
    const PERIOD = 37;
    const beats = new Map<number, 'running' | 'stopped'>();
    const hook = createHook({
      init: (id, type, _trigger, resource) => {
        if (type === 'Timeout' && (resource as { _repeat?: unknown })._repeat === PERIOD) beats.set(id, 'running');
      },
      destroy: (id) => {
        if (beats.has(id)) beats.set(id, 'stopped');
      },
    }).enable();
    const web = await webStart({ service: clientOf(service), port: 0, staticDir: builtDir('beat'), logBug: () => {}, heartbeatMs: PERIOD });
    try {
      const c = rawConnection(web.port);
      c.socket.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\n${TOKEN_HEADER}: ${web.token}\r\n\r\n`);
      await vi.waitFor(() => expect(c.text).toContain(':\n\n'));
      expect([...beats.values()]).toEqual(['running']);
      c.socket.destroy();
      await vi.waitFor(() => expect([...beats.values()]).toEqual(['stopped']));
    } finally {
      hook.disable();
      await web.close();
    }
  });
});
