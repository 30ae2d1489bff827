/** The bridge at its bounds: the page as painted for each theme, the words of a refusal's status line, the language tag's length. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TOKEN_HEADER } from '../shared/page.ts';
import type { IsoDate } from '../shared/units.ts';
import type { ServiceClient } from './host.ts';
import { requestLocale, webStart, type WebServer } from './http.ts';
import { serviceCreate, type Service } from './service.ts';
import { storeOpen } from './store.ts';

const PAGE = '<!doctype html>\n<html lang="en">\n  <head>\n    <title>t</title>\n  </head>\n  <body>\n    <div id="root"></div>\n  </body>\n</html>';
let server: WebServer;
let service: Service;

beforeAll(async () => {
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
afterAll(() => server.close());

/** The page as a browser navigating to it gets it. */
function navigate(): Promise<string> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { 'sec-fetch-mode': 'navigate' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done(text));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Every byte the server (on `port`) sends back for `bytes` until it closes the connection. */
function rawReply(bytes: string, port = server.port): Promise<string> {
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
    expect(page.startsWith(`<!doctype html>\n<html lang="en">\n  <head><meta name="cc-token" content="${server.token}">`)).toBe(true);
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
    expect(await rawReply(`CONNECT 127.0.0.1:${server.port} HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\n\r\n`)).toBe('HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
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
    const socket = connect(server.port, '127.0.0.1');
    const host = `host: 127.0.0.1:${server.port}\r\n`;
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
    const { head, body } = parts(await rawReply(`HEAD /api/state-get HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\ncontent-length: 10\r\n\r\n`));
    expect(head).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(head).toMatch(/\r\ncontent-type: application\/json\r\n/);
    expect(body).toBe('');
  });

  it('a client that never hangs up after a refusal is hung up on', async () => {
    const socket = connect({ port: server.port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.write('GET / HTTP/1.1 extra\r\n\r\n');
    await vi.waitFor(() => expect(text).toBe('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));
    await vi.waitFor(async () => expect((await server.busy()).connections).toBe(0), { timeout: 10_000, interval: 100 });
    socket.destroy();
  }, 15_000);

  it('a request without a Host is refused as from a foreign host, in JSON', async () => {
    const { head, body } = parts(await rawReply('GET / HTTP/1.0\r\n\r\n'));
    expect(head).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(head).toMatch(/\r\ncontent-type: application\/json\r\n/);
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'forbidden', message: 'wrong host ""' } });
  });

  it('a call with an empty body is a call with empty input', async () => {
    const res = await fetch(`${server.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body: '' });
    expect(await res.json()).toEqual(service.handle('state-get', {}));
  });

  it('a file of a kind it does not know is served as bytes', async () => {
    const res = await fetch(`${server.url}data.bin`);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'application/octet-stream', 'bytes']);
  });

  it('a call refused before its body is read, behind a page still answered on the same connection, comes after it; then the connection closes', async () => {
    const host = `host: 127.0.0.1:${server.port}\r\n`;
    const text = await rawReply(`GET / HTTP/1.1\r\n${host}\r\nPOST /api/state-get HTTP/1.1\r\n${host}content-type: application/json\r\n${TOKEN_HEADER}: ${server.token}\r\ncontent-length: ${40 * 1024 * 1024}\r\n\r\n{"input":`);
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 413']);
    expect(text).toContain('</html>HTTP/1.1 413');
  });

  it('a call whose body is JSON but not an object is refused in words', async () => {
    for (const text of ['[1]', '7', 'null']) {
      const res = await fetch(`${server.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body: text });
      expect([res.status, await res.json()]).toEqual([400, { ok: false, error: { code: 'invalid-input', message: 'the body must be an object {"input": …}' } }]);
    }
  });
});

describe('each refusal in its own words', () => {
  const post = (headers: Record<string, string>, body: string) => fetch(`${server.url}api/state-get`, { method: 'POST', headers: { [TOKEN_HEADER]: server.token, ...headers }, body });
  const said = async (res: Response) => [res.status, res.headers.get('content-type'), await res.text()];

  it.each<[string, () => Promise<Response>, [number, string, string]]>([
    ['a call that is not a POST', () => fetch(`${server.url}api/state-get`, { headers: { [TOKEN_HEADER]: server.token } }), [405, 'application/json', '{"ok":false,"error":{"code":"invalid-input","message":"use POST"}}']],
    ['a body that is not JSON by its type', () => post({ 'content-type': 'text/plain' }, '{"input":{}}'), [415, 'application/json', '{"ok":false,"error":{"code":"invalid-input","message":"the body must be JSON (content-type application/json)"}}']],
    ['an address that escapes the app', () => fetch(`${server.url}..%2fsecret.txt`), [404, 'text/plain', 'not found']],
    ['a built file that is not there', () => fetch(`${server.url}assets/gone-12345678.js`), [404, 'text/plain', 'not found']],
  ])('%s', async (_what, ask, answer) => {
    expect(await said(await ask())).toEqual(answer);
  });

  it('an address that names another host, and a page asked for with a method not for pages', async () => {
    const { body } = parts(await rawReply(`GET // HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nconnection: close\r\n\r\n`));
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'invalid-input', message: 'malformed address' } });
    expect(await said(await fetch(server.url, { method: 'PUT', body: 'x' }))).toEqual([405, 'text/plain', 'method not allowed']);
  });

  it('JSON that does not read, with what the parser says', async () => {
    const reply = (await (await post({ 'content-type': 'application/json' }, '{')).json()) as { error: { code: string; message: string } };
    expect(reply.error.code).toBe('invalid-json');
    expect(reply.error.message).toMatch(/^not valid JSON: \S/);
  });

  it('a malformed %-encoding', async () => {
    const { body } = parts(await rawReply(`GET /%ZZ HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nconnection: close\r\n\r\n`));
    expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'invalid-input', message: 'the address has a malformed %-encoding' } });
  });
});

describe('what it takes', () => {
  it('JSON with its charset said', async () => {
    const res = await fetch(`${server.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', [TOKEN_HEADER]: server.token }, body: '{"input":{}}' });
    expect(res.status).toBe(200);
  });

  it('its own address by name (Host: localhost)', async () => {
    const { head } = parts(await rawReply(`GET / HTTP/1.1\r\nhost: localhost:${server.port}\r\nconnection: close\r\n\r\n`));
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('another page of the folder, asked for by a navigation, as it is: the token and the state go in the app’s page alone', async () => {
    const { body } = parts(await rawReply(`GET /other.html HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nsec-fetch-mode: navigate\r\nconnection: close\r\n\r\n`));
    expect(body).toBe('<html><head></head><body><div id="root"></div></body></html>');
  });
});

describe('the event stream at its edges', () => {
  const stream = (url: string, token: string, init: RequestInit = {}) => fetch(`${url}api/events`, { ...init, headers: { [TOKEN_HEADER]: token, ...(init.headers as Record<string, string>) } });

  it('says it is a stream, never kept', async () => {
    const controller = new AbortController();
    const res = await stream(server.url, server.token, { signal: controller.signal });
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control'), res.headers.get('x-content-type-options')]).toEqual([200, 'text/event-stream; charset=utf-8', 'no-store', 'nosniff']);
    controller.abort();
  });

  it('a GET for it with a body is refused in words', async () => {
    const { body } = parts(await rawReply(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\n${TOKEN_HEADER}: ${server.token}\r\ncontent-length: 2\r\n\r\n{}`));
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
