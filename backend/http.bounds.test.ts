/** The bridge at its bounds: the page as painted for each theme, the words of a refusal's status line, the language tag's length. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Every byte the server sends back for `bytes` until it closes the connection. */
function rawReply(bytes: string): Promise<string> {
  return new Promise((done) => {
    const socket = connect(server.port, '127.0.0.1');
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
