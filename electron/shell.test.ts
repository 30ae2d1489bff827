/**
 * The desktop shell driven through a double of Electron's API
 * (test/fixtures/electronDouble.ts), on the real service and store in a temp
 * folder: what a user and an attacker can do to the app, without a binary.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../shared/api.ts';
import type { IsoDate } from '../shared/units.ts';
import { CSP } from '../backend/http.ts';
import { serviceCreate } from '../backend/service.ts';
import { storeOpen } from '../backend/store.ts';
import { CancelableEvent, electronDouble, menuClick, menuItem, type DoubleOptions, type ElectronDouble, type InstanceLock } from '../test/fixtures/electronDouble.ts';
import { RESTARTED_NOTICE } from '../backend/host.ts';
import { NOTIFIED_FILE, PREFS_FILE, WINDOW_STATE_FILE, type PrefsMake } from '../backend/prefs.ts';
import { CHANNEL_CHANGED, CHANNEL_SEND, CHANNEL_WORKSPACES } from './bridge.ts';
import { appFile, PAGE_URL } from './protocol.ts';
import { shellStart, type Shell } from './shell.ts';
import { safeStorageSecrets } from './secrets.ts';
import { workerBundle } from '../test/fixtures/bundles.ts';
import { ok } from '../test/fixtures/session.ts';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A built renderer: the page, a script, and a secret beside the folder that must never be served. */
function rendererFolder(): string {
  const base = tmp('cc-renderer-');
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Credit Companion</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'SECRET');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  return root;
}

interface Started {
  double: ElectronDouble;
  shell: Shell;
  log: string[];
  quit(): Promise<void>;
}

/** The app's preferences as in the app, through conf (electron-store is conf with Electron's paths; the shell gives it the folder). */
const conf: PrefsMake = (options) => new Conf(options);
/** The preferences file of a data folder, as written. */
const prefsIn = (dir: string) => JSON.parse(readFileSync(join(dir, PREFS_FILE), 'utf8')) as Record<string, unknown>;

const running: Started[] = [];
// The service's bundle is built once, before the tests, so that the first test does not pay for it.
beforeAll(() => void workerBundle(), 60_000);
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.quit()));
});

/** Start the shell on a double, make the app ready, and wait for its window. */
async function start(o: Partial<DoubleOptions> & { platform?: NodeJS.Platform; today?: string; rendererDir?: string } = {}): Promise<Started> {
  const double = electronDouble({ userData: o.userData ?? tmp('cc-shell-'), ...o });
  const log: string[] = [];
  const shell = shellStart({
    electron: double.api,
    argv: o.argv ?? ['electron', 'dist/electron/main.mjs'],
    cwd: o.cwd ?? '/',
    platform: o.platform ?? 'linux',
    rendererDir: o.rendererDir ?? rendererFolder(),
    preloadPath: '/app/preload.cjs',
    iconPath: '/app/icon.png',
    log: { info: (...p) => log.push(`info ${p.join(' ')}`), warn: (...p) => log.push(`warn ${p.join(' ')}`), error: (...p) => log.push(`error ${p.join(' ')}`), file: '/logs/main.log' },
    updater: null,
    serviceEntry: workerBundle(),
    prefs: conf,
    today: () => (o.today ?? '2026-03-13') as IsoDate,
  });
  if (!shell) throw new Error('the shell did not start');
  double.ready();
  await shell.ready;
  await until(() => double.windows.at(-1)?.visible === true);
  const started: Started = {
    double,
    shell,
    log,
    quit: async () => {
      if (running.includes(started)) running.splice(running.indexOf(started), 1);
      await quit(double, shell);
    },
  };
  running.push(started);
  return started;
}

/** Resolves once the service has answered every call the shell sent it so far: a call sent after them is answered after them. */
async function answeredSoFar(shell: Shell): Promise<void> {
  ok(await shell.service().handle('history-get', {}));
}

/** The user quits: the service closes (compacts, releases the folder) before the app does. */
async function quit(double: ElectronDouble, shell: Shell): Promise<void> {
  const event = new CancelableEvent();
  double.app.emit('before-quit', event);
  if (!event.defaultPrevented) return;
  await shell.service().close();
  await new Promise((r) => setImmediate(r));
}

/** How many events the account holds, as its export says. */
async function eventCount(shell: Shell): Promise<number> {
  return (JSON.parse(ok<{ text: string }>(await shell.service().handle('account-export', {})).text) as { events: unknown[] }).events.length;
}

/** Pro 1,000 a month since 17 January, a little used: on 13 March, 940 credits expire on the 17th. */
async function seed(shell: Shell): Promise<AppState> {
  const svc = shell.service();
  ok(await svc.handle('event-add', { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 } }));
  const state = ok<AppState>(await svc.handle('usage-add', { date: '2026-02-10', feature: 'avatar-iv', minutes: 3 }));
  await shell.refresh();
  return state;
}

const ourPage = (d: ElectronDouble) => {
  const w = d.windows.at(-1)!;
  return { sender: w.webContents, senderFrame: w.webContents.mainFrame };
};

describe('IPC: only our page calls the service', () => {
  it('answers our window’s main frame on app://credit-companion/index.html', async () => {
    const { double } = await start();
    expect(double.windows[0]!.url).toBe(PAGE_URL);
    const reply = await double.invoke(CHANNEL_SEND, ourPage(double), 'state-get', {}) as { ok: boolean; value: AppState };
    expect(reply.ok).toBe(true);
    expect(reply.value.firstRun).toBe(true);
  });

  it.each([
    ['a subframe of our page', (d: ElectronDouble) => ({ sender: d.windows[0]!.webContents, senderFrame: { url: PAGE_URL } })],
    ['our window after it navigated elsewhere', (d: ElectronDouble) => ((d.windows[0]!.webContents.mainFrame.url = 'https://evil.example/'), ourPage(d))],
    ['our window on the old file:// page', (d: ElectronDouble) => ((d.windows[0]!.webContents.mainFrame.url = 'file:///app/dist/renderer/index.html'), ourPage(d))],
    ['our window on another app:// host', (d: ElectronDouble) => ((d.windows[0]!.webContents.mainFrame.url = 'app://other/index.html'), ourPage(d))],
    ['a frame that is gone', (d: ElectronDouble) => ({ sender: d.windows[0]!.webContents, senderFrame: null })],
    ['another web contents showing our page', (d: ElectronDouble) => ((d.windows.push(new (d.api.BrowserWindow as never as new (o: object) => (typeof d.windows)[number])({ width: 1, height: 1, webPreferences: {} }))), { sender: d.windows.at(-1)!.webContents, senderFrame: d.windows[0]!.webContents.mainFrame })],
  ])('refuses %s and changes nothing', async (_what, from) => {
    const { double, shell } = await start();
    const reply = await double.invoke(CHANNEL_SEND, from(double), 'account-demo', {}) as { ok: boolean; error: { code: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await shell.service().current()).firstRun).toBe(true);
  });

  it('refuses a handler name that is not a string', async () => {
    const { double } = await start();
    expect(await double.invoke(CHANNEL_SEND, ourPage(double), { name: 'state-get' }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

/** Wait until `done` holds (the service answers in its own thread). */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 10_000) throw new Error('waited 10 s in vain');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the account service runs in a utility process', () => {
  it('is forked once the app is ready, and the window’s calls are answered there', async () => {
    const { double } = await start();
    expect(double.utilityProcesses).toHaveLength(1);
    const child = double.utilityProcesses[0]!;
    expect([child.modulePath, child.options.serviceName, child.options.execArgv]).toEqual([workerBundle(), 'Credit Companion service', ['--max-old-space-size=1536']]);
    const heard: unknown[] = [];
    child.on('message', (m) => heard.push(m));
    const demo = ok<AppState>((await double.invoke(CHANNEL_SEND, ourPage(double), 'account-demo', {})) as { ok: boolean });
    // The service's reply, said by the workspace hub to be the first workspace's.
    const { workspace, ...replied } = demo;
    expect(workspace).toBe('first');
    expect(heard).toEqual([
      { type: 'changed', revision: demo.revision },
      { type: 'reply', id: expect.any(Number), reply: { ok: true, value: replied } },
    ]);
  });

  it('a crashed one is restarted once and the window told: it reloads, its next state says what happened, and changes are saved again', async () => {
    const { double, shell, log } = await start();
    const demo = ok<AppState>((await double.invoke(CHANNEL_SEND, ourPage(double), 'account-demo', {})) as { ok: boolean });
    const events = await eventCount(shell);
    const contents = double.windows[0]!.webContents;
    contents.messages.length = 0;
    double.utilityProcesses[0]!.kill();
    await until(() => contents.messages.length > 0);
    expect(double.utilityProcesses).toHaveLength(2);
    expect(contents.messages).toEqual([[CHANNEL_CHANGED, demo.revision, 'first']]);
    expect(log).toContain('error the account service stopped and was restarted');
    const state = ok<AppState>((await double.invoke(CHANNEL_SEND, ourPage(double), 'state-get', {})) as { ok: boolean });
    expect(state.notices).toEqual([RESTARTED_NOTICE]);
    expect(state.projects).toEqual(demo.projects);
    ok((await double.invoke(CHANNEL_SEND, ourPage(double), 'settings-update', { theme: 'dark' })) as { ok: boolean });
    expect(await eventCount(shell)).toBe(events);
    expect((await shell.service().current()).settings.theme).toBe('dark');
  });

  it('a data folder it cannot open is said in a box, and the app quits', async () => {
    const file = join(tmp('cc-file-'), 'not-a-folder');
    writeFileSync(file, '');
    const double = electronDouble({ userData: file });
    const shell = shellStart({ electron: double.api, argv: ['cc'], cwd: '/', platform: 'linux', rendererDir: rendererFolder(), preloadPath: '', iconPath: '', log: { info() {}, warn() {}, error() {}, file: null }, updater: null, serviceEntry: workerBundle(), prefs: conf, today: () => '2026-03-13' as IsoDate })!;
    double.ready();
    await shell.ready;
    expect(double.dialogs.errors).toEqual([{ title: 'Credit Companion cannot open its data', content: `${file} is a file, not a folder: the data needs a folder of its own` }]);
    expect(double.app.quitCalls).toBe(1);
    expect(double.windows).toHaveLength(0);
  });

  it('quitting waits for it to compact and release the folder', async () => {
    const { double, shell } = await start();
    ok((await double.invoke(CHANNEL_SEND, ourPage(double), 'account-demo', {})) as { ok: boolean });
    const dir = shell.service().dir;
    expect(existsSync(join(dir, 'account.lock'))).toBe(true);
    const event = new CancelableEvent();
    double.app.emit('before-quit', event);
    expect([event.defaultPrevented, double.app.quitCalls]).toEqual([true, 0]);
    await until(() => double.app.quitCalls === 1);
    expect(existsSync(join(dir, 'account.lock'))).toBe(false);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe('');
    // The app quits now: the second before-quit goes through.
    const again = new CancelableEvent();
    double.app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });
});

describe('the team sync’s password', () => {
  it('is kept with safeStorage: the service is told the one sealed for its folder (none at first), and keeps none itself', async () => {
    const userData = tmp('cc-shell-');
    const openOf = (s: Started) => s.double.utilityProcesses.flatMap((p) => p.posted).find((m) => (m as { type?: unknown }).type === 'open') as { dir: string; syncSecret?: unknown };
    const first = await start({ userData });
    const opened = openOf(first);
    expect(opened.syncSecret).toEqual({ password: null });
    // Sealed as the app seals it when the workspace is linked from Settings › Team (the service hands it over).
    safeStorageSecrets(first.double.api.safeStorage, { warn: () => {} }).keep(opened.dir, 'the team’s password');
    await first.quit();
    const second = await start({ userData });
    expect(openOf(second)).toMatchObject({ dir: opened.dir, syncSecret: { password: 'the team’s password' } });
  });
});

describe('every window of ours learns of each change, with the revision', () => {
  it('a change from the page, the menu or the service reaches each window on our page, not a window elsewhere or one closed', async () => {
    const { double, shell } = await start();
    const BrowserWindow = double.api.BrowserWindow as never as new (o: object) => (typeof double.windows)[number];
    const second = new BrowserWindow({ width: 1, height: 1, webPreferences: {} });
    void second.loadURL(`${PAGE_URL}#usage`);
    const foreign = new BrowserWindow({ width: 1, height: 1, webPreferences: {} });
    void foreign.loadURL('https://evil.example/');
    const closed = new BrowserWindow({ width: 1, height: 1, webPreferences: {} });
    void closed.loadURL(PAGE_URL);
    closed.close();
    const first = double.windows[0]!;
    const fromFirst = { sender: first.webContents, senderFrame: first.webContents.mainFrame };
    const changes = (w: (typeof double.windows)[number]) => w.webContents.messages.filter(([channel]) => channel === CHANNEL_CHANGED);

    const added = ok<AppState>(await double.invoke(CHANNEL_SEND, fromFirst, 'account-demo', {}) as { ok: boolean });
    expect(changes(first)).toEqual([[CHANNEL_CHANGED, added.revision, 'first']]);
    expect(changes(second)).toEqual([[CHANNEL_CHANGED, added.revision, 'first']]);
    // A call that changes nothing, or fails, says nothing.
    await double.invoke(CHANNEL_SEND, fromFirst, 'state-get', {});
    await double.invoke(CHANNEL_SEND, fromFirst, 'usage-add', { date: 'soon' });
    ok(await shell.service().handle('settings-update', { theme: 'dark' }));
    expect(changes(second)).toEqual([
      [CHANNEL_CHANGED, added.revision, 'first'],
      [CHANNEL_CHANGED, added.revision + 1, 'first'],
    ]);
    expect(changes(foreign)).toEqual([]);
    expect(changes(closed)).toEqual([]);
  });
});

describe('the window cannot be led away', () => {
  it('denies navigation to any other page, and webviews', async () => {
    const { double } = await start();
    const contents = double.windows[0]!.webContents;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://credit-companion/assets/app.js', 'app://other/index.html', 'http://127.0.0.1:4000/', 'javascript:alert(1)']) {
      expect(contents.cancelled('will-navigate', url), url).toBe(true);
      expect(contents.cancelled('will-redirect', url), url).toBe(true);
    }
    expect(contents.cancelled('will-navigate', `${PAGE_URL}#usage`)).toBe(false);
    expect(contents.cancelled('will-redirect', `${PAGE_URL}#usage`)).toBe(false);
    expect(contents.cancelled('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every new window; an allow-listed https link opens in the browser instead', async () => {
    const { double } = await start();
    const open = double.windows[0]!.webContents.windowOpenHandler!;
    for (const url of ['https://help.heygen.com/en/articles/credits', 'https://evil.example/', 'https://help.heygen.com.evil.example/', 'http://help.heygen.com/', 'file:///etc/passwd', 'javascript:alert(1)', PAGE_URL]) {
      expect(open({ url }), url).toEqual({ action: 'deny' });
    }
    expect(double.opened.external).toEqual(['https://help.heygen.com/en/articles/credits']);
  });

  it('denies every permission request and check, and puts the CSP on every response', async () => {
    const { double } = await start();
    const permissions = ['notifications', 'media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'pointerLock', 'midi', 'unknown'];
    const asked: [string, boolean][] = [];
    for (const permission of permissions) double.sessionHandlers.permissionRequest!({}, permission, (granted) => asked.push([permission, granted]));
    expect(asked).toEqual(permissions.map((p) => [p, false]));
    expect(permissions.map((p) => double.sessionHandlers.permissionCheck!({}, p, PAGE_URL, {}))).toEqual(permissions.map(() => false));
    const answered: Record<string, string[]>[] = [];
    double.sessionHandlers.headers!({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => answered.push(r.responseHeaders));
    double.sessionHandlers.headers!({}, (r) => answered.push(r.responseHeaders));
    expect(answered).toEqual([{ 'content-type': ['text/html'], 'Content-Security-Policy': [CSP] }, { 'Content-Security-Policy': [CSP] }]);
  });
});

describe('what the window’s security rests on, exactly', () => {
  it('the window is made with these options and no others: isolated, sandboxed, no Node, web security on', async () => {
    const { double } = await start();
    expect(double.windows).toHaveLength(1);
    expect(double.windows[0]!.options).toStrictEqual({
      width: 1200,
      height: 820,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      title: 'Credit Companion',
      icon: '/app/icon.png',
      webPreferences: {
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
  });

  it('every window made again (macOS: the Dock, the tray) has the same options', async () => {
    const { double } = await start({ platform: 'darwin' });
    double.windows[0]!.close();
    double.app.emit('activate');
    double.trays[0]!.emit('click');
    expect(double.windows).toHaveLength(2);
    // Only its place differs: where the first one was when it closed.
    const { x, y, ...options } = double.windows[1]!.options;
    expect([x, y]).toEqual([360, 130]);
    expect(options).toStrictEqual(double.windows[0]!.options);
  });

  it('the Content-Security-Policy allows scripts, styles, fonts and calls from the app itself only, and no frames, objects, forms or base', () => {
    expect(CSP.split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
  });

  it('the hardening is in place before the first window exists', async () => {
    const double = electronDouble({ userData: tmp('cc-shell-') });
    const seen: { handlers: boolean; listening: boolean }[] = [];
    double.app.on('web-contents-created', () => seen.push({ handlers: double.sessionHandlers.permissionRequest !== null && double.sessionHandlers.permissionCheck !== null && double.sessionHandlers.headers !== null, listening: double.app.listenerCount('web-contents-created') > 1 }));
    const shell = shellStart({ electron: double.api, argv: ['cc'], cwd: '/', platform: 'linux', rendererDir: rendererFolder(), preloadPath: '', iconPath: '', log: { info() {}, warn() {}, error() {}, file: null }, updater: null, serviceEntry: workerBundle(), prefs: conf, today: () => '2026-03-13' as IsoDate })!;
    running.push({ double, shell, log: [], quit: () => quit(double, shell) });
    double.ready();
    await shell.ready;
    expect(seen).toEqual([{ handlers: true, listening: true }]);
  });
});

describe('the app:// protocol', () => {
  it('is registered privileged before the app is ready, and serves the page with its type and the CSP', async () => {
    const { double } = await start();
    expect(double.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const page = await double.fetch(PAGE_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Credit Companion</title>');
    expect((await double.fetch('app://credit-companion/')).status).toBe(200);
    // Credentials in the URL (fetch refuses to build such a request; the check refuses it too).
    expect(appFile('/app/dist/renderer', 'app://user:pw@credit-companion/index.html')).toBeNull();
    expect(appFile('/app/dist/renderer', 'app://credit-companion/index.html')).toBe('/app/dist/renderer/index.html');
    const script = await double.fetch('app://credit-companion/assets/app.js');
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it('serves the chunks a screen loads later (lazy screens and charts) from the same origin, so the CSP lets them run (#8)', async () => {
    const root = rendererFolder();
    // As Vite builds them: the first screen's code imports a chunk by a relative path when a screen needs it.
    writeFileSync(join(root, 'assets', 'index-B1x_9.js'), 'export const load = () => import("./recharts-D7g1Vjqo.js");');
    writeFileSync(join(root, 'assets', 'recharts-D7g1Vjqo.js'), 'export const chart = 1;');
    const { double } = await start({ rendererDir: root });
    const chunk = new URL('./recharts-D7g1Vjqo.js', 'app://credit-companion/assets/index-B1x_9.js').href;
    expect(chunk).toBe('app://credit-companion/assets/recharts-D7g1Vjqo.js');
    for (const url of ['app://credit-companion/assets/index-B1x_9.js', chunk]) {
      const res = await double.fetch(url);
      expect([res.status, res.headers.get('content-type'), res.headers.get('content-security-policy')]).toEqual([200, 'text/javascript; charset=utf-8', CSP]);
    }
    expect(await (await double.fetch(chunk)).text()).toBe('export const chart = 1;');
  });

  it.each([
    'app://credit-companion/../../etc/passwd',
    'app://credit-companion/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    'app://credit-companion/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://credit-companion/assets/..%2f..%2fsecret.txt',
    'app://credit-companion/%2E%2E/secret.txt',
    'app://credit-companion/..%5csecret.txt',
    'app://credit-companion//etc/passwd',
    'app://credit-companion/%2fetc%2fpasswd',
    'app:///etc/passwd',
    'app://etc/passwd',
    'app://other-host/index.html',
    'app://credit-companion/index.html%00.js',
    'app://credit-companion/%E0%A4%A',
    'app://credit-companion/assets/link.txt',
    'app://credit-companion/assets',
    'app://credit-companion/missing.js',
  ])('refuses %s', async (url) => {
    const { double } = await start();
    const res = await double.fetch(url);
    expect([403, 404]).toContain(res.status);
    const body = await res.text();
    expect(body).not.toContain('SECRET');
    expect(body).not.toContain('root:');
  });
});

describe('notifications from the forecast', () => {
  it('fires once per (kind, date), remembered across restarts in the app’s preferences', async () => {
    const dir = tmp('cc-notify-');
    const first = await start({ userData: dir });
    await seed(first.shell);
    expect(first.double.notifications.map((n) => n.title)).toEqual(['940 credits expire on 2026-03-17']);
    await first.shell.refresh();
    await first.shell.refresh();
    expect(first.double.notifications).toHaveLength(1);
    expect(prefsIn(dir).notified).toEqual(['expiry:2026-03-17']);
    await first.quit();

    const second = await start({ userData: dir });
    await second.shell.refresh();
    expect(second.double.notifications).toHaveLength(0);
    await second.quit();

    // A month on, the next credits to expire are another notice.
    const third = await start({ userData: dir, today: '2026-04-12' });
    expect(third.double.notifications.map((n) => n.title)).toEqual(['1,000 credits expire on 2026-04-17']);
    expect(prefsIn(dir).notified).toEqual(['expiry:2026-04-17']);
    // Three launches of the app, each with its service: more than one test's default time on a loaded machine.
  }, 30_000);

  it('warns once when the pace runs out before the renewal, and a click brings the window back', async () => {
    const { double, shell } = await start({ platform: 'darwin' });
    const svc = shell.service();
    ok(await svc.handle('settings-update', { notifyExpiryDays: 0 }));
    ok(await svc.handle('event-add', { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 } }));
    ok(await svc.handle('usage-add', { date: '2026-03-10', feature: 'avatar-iv', minutes: 98 }));
    await shell.refresh();
    const view = (await svc.current()).view!;
    expect(view.forecast.runsOutBeforeRenewal).toBe(true);
    expect(double.notifications.map((n) => n.title)).toEqual([`Credits run out around ${view.forecast.runOutOn}`]);
    await shell.refresh();
    expect(double.notifications).toHaveLength(1);
    double.windows[0]!.close();
    double.notifications[0]!.click();
    expect(shell.window()).not.toBeNull();
    expect(double.windows).toHaveLength(2);
  });

  it('shows nothing when the settings turn them off', async () => {
    const { double, shell } = await start();
    ok(await shell.service().handle('settings-update', { notifyExpiryDays: 0, notifyRunOut: false }));
    await seed(shell);
    expect(double.notifications).toHaveLength(0);
  });
});

describe('the tray', () => {
  it('reads the balance and counts down to the next expiry', async () => {
    const { double, shell } = await start();
    const tray = double.trays[0]!;
    expect(tray.tooltip).toBe('Credit Companion: no account yet');
    await seed(shell);
    expect(tray.title).toBe('940 expire in 4 d');
    expect(tray.tooltip).toBe('Credit Companion: 1,940 credits, 940 expire in 4 d');
    expect(tray.menu!.template.slice(0, 2).map((i) => i.label)).toEqual(['1,940 credits', '940 expire on 2026-03-17']);
  });

  it('follows a change made in the window (the state the call returned)', async () => {
    const { double, shell } = await start();
    await seed(shell);
    const tray = double.trays[0]!;
    const before = tray.title;
    await double.invoke(CHANNEL_SEND, ourPage(double), 'usage-add', { date: '2026-03-12', feature: 'avatar-iv', minutes: 10 });
    await until(() => tray.title !== before);
    expect([before, tray.title]).toEqual(['940 expire in 4 d', '740 expire in 4 d']);
  });
});

describe('workspaces', () => {
  it('each call names its workspace (a malformed name is refused unrun); the tray shows the soonest expiry of any, named, and each notification names its workspace', async () => {
    const { double, shell } = await start();
    await seed(shell);
    const invoke = (name: string, input: unknown, workspace?: unknown) => double.invoke(CHANNEL_SEND, ourPage(double), name, input, workspace) as Promise<{ ok: boolean; value: AppState & { created?: string }; error?: { field?: string } }>;
    expect((await invoke('state-get', {}, '../x')).error?.field).toBe('workspace');
    const created = await invoke('workspace-create', { name: 'Client B' });
    expect(created.value.created).toBe('client-b');
    expect(double.windows[0]!.webContents.messages.map((m) => m[0])).toContain(CHANNEL_WORKSPACES);
    ok(await invoke('event-add', { event: { date: '2026-01-15', type: 'subscribe', plan: 'pro', credits: 2000 } }, 'client-b'));
    const b = await invoke('state-get', {}, 'client-b');
    expect([b.value.workspace, b.value.view!.ledger.plan!.choice.credits]).toEqual(['client-b', 2000]);
    expect((await invoke('state-get', {}, 'first')).value.view!.ledger.plan!.choice.credits).toBe(1000);
    await shell.refresh();
    const tray = double.trays[0]!;
    // Client B's 2,000 credits of Jan 15 expire on Mar 15, before My account's 940 on Mar 17.
    expect(tray.title).toBe('Client B: 2,000 expire in 2 d');
    expect(tray.menu!.template.slice(0, 4).map((i) => i.label)).toEqual(['My account: 1,940 credits', 'My account: 940 expire on 2026-03-17', 'Client B: 4,000 credits', 'Client B: 2,000 expire on 2026-03-15']);
    // My account's was shown while it was the only workspace; Client B's names it.
    expect(double.notifications.map((n) => n.title)).toEqual(['940 credits expire on 2026-03-17', 'Client B: 2,000 credits expire on 2026-03-15']);
  });
});

describe('workspaces’ processes', () => {
  it('with several workspaces, the next one’s service process is started after a first screen, and a switch opens its folder in it; one workspace alone keeps no idle process; quitting ends it', async () => {
    const { double, quit } = await start();
    const invoke = (name: string, input: unknown, workspace?: unknown) => double.invoke(CHANNEL_SEND, ourPage(double), name, input, workspace) as Promise<{ ok: boolean; value: AppState & { created?: string } }>;
    ok(await invoke('state-get', {}));
    expect(double.utilityProcesses).toHaveLength(1);
    ok(await invoke('workspace-create', { name: 'Client B' }));
    ok(await invoke('workspace-create', { name: 'Client C' }));
    ok(await invoke('state-get', {}, 'client-b'));
    ok(await invoke('state-get', {}, 'client-c'));
    // One process each, and one started for the next.
    await until(() => double.utilityProcesses.length === 4);
    const spare = double.utilityProcesses[3]!;
    const heard: unknown[] = [];
    spare.on('message', (m) => heard.push(m));
    ok(await invoke('workspace-create', { name: 'Client D' }));
    ok(await invoke('state-get', {}, 'client-d'));
    expect(heard).toContainEqual(expect.objectContaining({ type: 'reply' }));
    await until(() => double.utilityProcesses.length === 5);
    const idle = double.utilityProcesses[4]!;
    await quit();
    await until(() => idle.pid === undefined);
  }, 60_000);
});

describe('Edit › Undo and Redo', () => {
  it.each<[NodeJS.Platform, boolean, string]>([
    ['darwin', true, 'Shift+Cmd+Z'],
    ['linux', false, 'Ctrl+Y'],
    ['win32', false, 'Ctrl+Y'],
  ])('on %s they go to the page, which chooses between the field and the account; the menu takes the key itself: %s', async (platform, registered, redoKey) => {
    const { double } = await start({ platform });
    const contents = double.windows[0]!.webContents;
    contents.messages.length = 0;
    menuClick(double.applicationMenu, 'Undo');
    menuClick(double.applicationMenu, 'Redo');
    expect(contents.messages).toEqual([
      ['cc:edit', 'undo'],
      ['cc:edit', 'redo'],
    ]);
    // On macOS the menu gets ⌘Z before the page would; elsewhere the page's own key handler does the same.
    expect(menuItem(double.applicationMenu, 'Undo')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: registered });
    expect(menuItem(double.applicationMenu, 'Redo')).toMatchObject({ accelerator: redoKey, registerAccelerator: registered });
  });
});

describe('the menu reaches the real service', () => {
  it('exports the account to a .ccaccount file and imports it back, after its confirmation', async () => {
    const { double, shell } = await start();
    await seed(shell);
    const out = join(tmp('cc-export-'), 'mine.ccaccount');
    double.dialogs.save.push({ canceled: false, filePath: out });
    menuClick(double.applicationMenu, 'Export Account…');
    // Written beside and renamed into place: once it is there, it is whole.
    await until(() => existsSync(out));
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { format: string; events: unknown[] };
    expect(exported.format).toBe('credit-companion/account@1');
    expect(exported.events).toHaveLength(2);

    ok(await shell.service().handle('account-reset', { confirm: 'reset' }));
    ok(await shell.service().handle('event-add', { event: { date: '2026-02-01', type: 'subscribe', plan: 'creator' } }));
    await shell.refresh();
    await answeredSoFar(shell);
    double.windows[0]!.webContents.messages.length = 0;

    // The confirmation first: Cancel changes nothing.
    double.dialogs.open.push({ canceled: false, filePaths: [out] });
    double.dialogs.answers.push(1);
    menuClick(double.applicationMenu, 'Import Account…');
    await until(() => double.dialogs.messageBoxes.length === 1);
    await answeredSoFar(shell);
    const box = double.dialogs.messageBoxes.at(-1)!;
    expect(box.options.message).toBe('Replace your account with mine.ccaccount?');
    expect(box.parent).toBe(double.windows[0]);
    expect(box.options.buttons).toEqual(['Replace my account', 'Cancel']);
    expect(box.options.detail).toContain('1 event, 0 usages');
    expect(box.options.detail).toContain('2 events, 1 usage');
    expect((await shell.service().current()).view!.ledger.plan!.label).toContain('Creator');

    double.dialogs.open.push({ canceled: false, filePaths: [out] });
    double.dialogs.answers.push(0);
    const trayBefore = double.trays[0]!.title;
    menuClick(double.applicationMenu, 'Import Account…');
    // The import is told to the window, and the tray follows it.
    await until(() => double.windows[0]!.webContents.messages.length > 0 && double.trays[0]!.title !== trayBefore);
    expect(double.dialogs.messageBoxes).toHaveLength(2);
    expect(await eventCount(shell)).toBe(2);
    expect(double.windows[0]!.webContents.messages).toEqual([[CHANNEL_CHANGED, (await shell.service().current()).revision, 'first']]);
    expect(double.trays[0]!.title).toBe('940 expire in 4 d');
  });

  it('names the field of a bad file and changes nothing', async () => {
    const { double, shell } = await start();
    await seed(shell);
    const bad = join(tmp('cc-bad-'), 'bad.ccaccount');
    writeFileSync(bad, JSON.stringify({ format: 'credit-companion/account@1', events: [{ date: '2026-02-30', type: 'usage', feature: 'avatar-iv', minutes: 1 }] }));
    double.dialogs.open.push({ canceled: false, filePaths: [bad] });
    menuClick(double.applicationMenu, 'Import Account…');
    await until(() => double.dialogs.errors.length === 1);
    expect(double.dialogs.errors.at(-1)!.content).toContain('Event 1 date: must be a calendar date');
    expect(await eventCount(shell)).toBe(2);
  });

  it('checks for updates from Help when the build names an update address', async () => {
    const double = electronDouble({ userData: tmp('cc-shell-') });
    let checks = 0;
    const shell = shellStart({ electron: double.api, argv: ['cc'], cwd: '/', platform: 'linux', rendererDir: rendererFolder(), preloadPath: '', iconPath: '', log: { info() {}, warn() {}, error() {}, file: null }, updater: { enabled: true, check: async () => (checks++, 'You have the latest version.') }, serviceEntry: workerBundle(), prefs: conf, today: () => '2026-03-13' as IsoDate })!;
    running.push({ double, shell, log: [], quit: () => quit(double, shell) });
    double.ready();
    await shell.ready;
    double.dialogs.answers.push(0);
    menuClick(double.applicationMenu, 'Check for Updates…');
    await until(() => double.dialogs.messageBoxes.length === 1);
    expect(checks).toBe(1);
    expect(double.dialogs.messageBoxes.at(-1)!.options.detail).toBe('You have the latest version.');
    expect(menuItem(double.applicationMenu, 'Show Log File (no log file)').enabled).toBe(false);
  });

  it('shows the log file from Help, and says updates are off when no update address is set', async () => {
    const { double } = await start();
    menuClick(double.applicationMenu, 'Show Log File');
    expect(double.opened.shownInFolder).toEqual(['/logs/main.log']);
    expect(menuItem(double.applicationMenu, 'Updates: off in this build (no update address set)').enabled).toBe(false);
  });
});

describe('the window’s place', () => {
  const saved = { bounds: { x: 2100, y: 80, width: 1300, height: 900 }, maximized: true };
  const twoScreens = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }, { workArea: { x: 1920, y: 0, width: 2560, height: 1440 } }];

  it('is restored on a screen that still exists', async () => {
    const dir = tmp('cc-place-');
    writeFileSync(join(dir, PREFS_FILE), JSON.stringify({ window: saved, notified: [], carriedOver: true }));
    const { double } = await start({ userData: dir, displays: twoScreens });
    expect(double.windows[0]!.options).toMatchObject(saved.bounds);
    expect(double.windows[0]!.maximized).toBe(true);
  });

  it('is reset (centred) when that screen is gone; where it was when the window closed is kept', async () => {
    const dir = tmp('cc-place-');
    writeFileSync(join(dir, PREFS_FILE), JSON.stringify({ window: saved, notified: [], carriedOver: true }));
    const { double } = await start({ userData: dir, displays: [twoScreens[0]!] });
    expect(double.windows[0]!.options).toMatchObject({ width: 1200, height: 820 });
    expect(double.windows[0]!.options.x).toBeUndefined();
    expect(double.windows[0]!.maximized).toBe(false);
    double.windows[0]!.close();
    expect(prefsIn(dir).window).toEqual({ bounds: { x: 360, y: 130, width: 1200, height: 820 }, maximized: false });
  });

  it('a damaged preferences file is kept aside and said, and the window centred', async () => {
    const dir = tmp('cc-place-');
    writeFileSync(join(dir, PREFS_FILE), '{"window":{"bounds":{"x":"0"');
    const { double, log } = await start({ userData: dir, displays: twoScreens });
    expect(double.windows[0]!.options.x).toBeUndefined();
    const aside = readdirSync(dir).filter((f) => f.startsWith(`${PREFS_FILE}.damaged-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{"window":{"bounds":{"x":"0"');
    expect(log).toContainEqual(expect.stringMatching(/^warn the preferences in .* could not be read .*; kept aside as .*damaged-.*, the defaults taken$/));
  });

  it('the place and the warnings shown by an earlier version (window-state.json, notified.json) are carried over once', async () => {
    const dir = tmp('cc-place-');
    writeFileSync(join(dir, WINDOW_STATE_FILE), JSON.stringify(saved));
    writeFileSync(join(dir, NOTIFIED_FILE), JSON.stringify({ shown: ['expiry:2026-03-17'] }));
    const first = await start({ userData: dir, displays: twoScreens });
    expect(first.double.windows[0]!.options).toMatchObject(saved.bounds);
    expect(prefsIn(dir)).toEqual({ window: saved, notified: ['expiry:2026-03-17'], carriedOver: true, workspaces: null, lastWorkspace: null });
    expect([existsSync(join(dir, WINDOW_STATE_FILE)), existsSync(join(dir, NOTIFIED_FILE))]).toEqual([false, false]);
    // The account has the 940 credits expiring on Mar 17 that notice was about: not said again.
    await seed(first.shell);
    expect(first.double.notifications).toEqual([]);
    await first.quit();
    // An old file put back by hand is not read again.
    writeFileSync(join(dir, NOTIFIED_FILE), JSON.stringify({ shown: [] }));
    const second = await start({ userData: dir, displays: twoScreens });
    expect(prefsIn(dir).notified).toEqual(['expiry:2026-03-17']);
    await second.quit();
  }, 30_000);
});

describe('the lifecycle', () => {
  it('on macOS, closing the last window keeps the app; the Dock, the tray and the menu bring a new window', async () => {
    const { double, shell } = await start({ platform: 'darwin' });
    double.windows[0]!.close();
    expect(double.app.quitCalls).toBe(0);
    expect(shell.window()).toBeNull();

    double.app.emit('activate');
    expect(double.windows).toHaveLength(2);
    // Shown once its page is ready, not before.
    expect(double.windows[1]!.visible).toBe(false);
    await until(() => double.windows[1]!.visible);
    expect(double.windows[1]!.url).toBe(PAGE_URL);
    expect(double.windows[1]!.visible).toBe(true);

    double.windows[1]!.close();
    double.trays[0]!.emit('click');
    expect(double.windows).toHaveLength(3);
    expect(shell.window()).toBe(double.windows[2]);
    // The tray's menu item does the same; the IPC answers the new window only.
    double.windows[2]!.close();
    (menuItem(double.trays[0]!.menu, 'Open Credit Companion').click as () => void)();
    expect(double.windows).toHaveLength(4);
    expect(await double.invoke(CHANNEL_SEND, ourPage(double), 'state-get', {})).toMatchObject({ ok: true });
    expect(await double.invoke(CHANNEL_SEND, { sender: double.windows[0]!.webContents, senderFrame: double.windows[0]!.webContents.mainFrame }, 'state-get', {})).toMatchObject({ ok: false });

    // File › Import with no window: the dialogs have no parent, and nothing touches a destroyed window.
    double.windows[3]!.close();
    double.dialogs.open.push({ canceled: true, filePaths: [] });
    menuClick(double.applicationMenu, 'Import Account…');
    await until(() => double.dialogs.openParents.length === 1);
    expect(double.dialogs.openParents).toEqual([null]);
  });

  it('elsewhere, closing the last window quits', async () => {
    const { double } = await start({ platform: 'win32' });
    double.windows[0]!.close();
    expect(double.app.quitCalls).toBe(1);
  });
});

describe('one instance', () => {
  const projectFile = (dir: string) => {
    const path = join(dir, 'launch.ccproject');
    writeFileSync(path, JSON.stringify({ format: 'credit-companion/project@1', name: 'Launch video', date: '2026-03-20', lines: [{ feature: 'avatar-iv', minutes: 5 }] }));
    return path;
  };

  it('a second launch quits at once, and the first comes forward with its file (a project: its quote)', async () => {
    const lock: InstanceLock = { holder: null };
    const first = await start({ platform: 'darwin', lock });
    await seed(first.shell);
    first.double.windows[0]!.close();

    const dir = tmp('cc-second-');
    projectFile(dir);
    const second = electronDouble({ userData: tmp('cc-unused-'), lock, argv: ['Credit Companion', '--flag', 'launch.ccproject'], cwd: dir });
    first.double.dialogs.answers.push(0);
    const shell = shellStart({ electron: second.api, argv: ['Credit Companion', 'launch.ccproject'], cwd: dir, platform: 'darwin', rendererDir: '/none', preloadPath: '', iconPath: '', log: { info() {}, warn() {}, error() {}, file: null }, updater: null, serviceEntry: workerBundle(), prefs: conf });
    expect(shell).toBeNull();
    expect(second.app.quitCalls).toBe(1);
    expect(second.windows).toHaveLength(0);
    // The first shows the quote, and the project added from it reaches its new window (another change may reach it first).
    await expect.poll(async () => (await first.shell.service().current()).projects.map((p) => p.name), { timeout: 10_000 }).toEqual(['Launch video']);
    await until(() => first.double.windows[1]?.webContents.sent.includes(CHANNEL_CHANGED) === true);

    expect(first.double.windows).toHaveLength(2);
    expect(first.double.windows[1]!.focused).toBe(true);
    const box = first.double.dialogs.messageBoxes.at(-1)!;
    // Asked once the service has quoted it, by when the new window is shown: a sheet on it, never on a hidden window.
    expect(box.parent).toBe(first.double.windows[1]);
    expect(first.double.windows[1]!.visible).toBe(true);
    expect(box.options.message).toBe('Quote: Launch video');
    expect(box.options.detail).toMatch(/^100 credits on 2026-03-20\n• Avatar IV.*: 100 credits/);
    expect(box.options.detail).toContain('Your balance on 2026-03-20 covers it.');
    expect(box.options.buttons).toEqual(['Add to Projects', 'Close']);
  });

  it('hands over an account file: the import’s confirmation, then the import', async () => {
    const lock: InstanceLock = { holder: null };
    const first = await start({ lock });
    await seed(first.shell);
    const dir = tmp('cc-second-');
    const other = serviceCreate({ store: storeOpen({ dir: tmp('cc-other-') }), today: () => '2026-03-13' as IsoDate });
    ok(other.handle('event-add', { event: { date: '2026-02-01', type: 'subscribe', plan: 'creator' } }));
    writeFileSync(join(dir, 'theirs.ccaccount'), ok<{ text: string }>(other.handle('account-export', {})).text);
    other.store.close();

    first.double.dialogs.answers.push(0);
    electronDouble({ userData: tmp('cc-unused-'), lock, argv: ['cc', 'theirs.ccaccount'], cwd: dir }).app.requestSingleInstanceLock();
    await until(() => first.double.dialogs.messageBoxes.length === 1);
    await answeredSoFar(first.shell);
    expect(first.double.dialogs.messageBoxes.at(-1)!.options.message).toBe('Replace your account with theirs.ccaccount?');
    expect((await first.shell.service().current()).view!.ledger.plan!.label).toContain('Creator');
  });

  it('hands over a credit-companion:// link (Windows and Linux pass it on the command line)', async () => {
    const lock: InstanceLock = { holder: null };
    const first = await start({ lock });
    const project = { format: 'credit-companion/project@1', name: 'Shared by a colleague', date: '2026-05-01', lines: [{ feature: 'avatar-iv', minutes: 2 }] };
    first.double.dialogs.answers.push(1);
    electronDouble({ userData: tmp('cc-unused-'), lock, argv: ['cc', '--allow-file-access-from-files', `credit-companion://quote?project=${Buffer.from(JSON.stringify(project)).toString('base64url')}`] }).app.requestSingleInstanceLock();
    await until(() => first.double.dialogs.messageBoxes.length === 1);
    await answeredSoFar(first.shell);
    expect(first.double.dialogs.messageBoxes.at(-1)!.options).toMatchObject({ message: 'Quote: Shared by a colleague', buttons: ['Add to Projects', 'Close'] });
    expect((await first.shell.service().current()).projects).toEqual([]);
  });
});

describe('files and links handed over by the system', () => {
  it('macOS open-file and open-url before the app is ready are opened once it is', async () => {
    const dir = tmp('cc-open-');
    const project = { format: 'credit-companion/project@1', name: 'Teaser', date: '2026-04-01', lines: [{ feature: 'avatar-iv', minutes: 1 }] };
    writeFileSync(join(dir, 'teaser.ccproject'), JSON.stringify(project));
    const double = electronDouble({ userData: tmp('cc-shell-') });
    const shell = shellStart({ electron: double.api, argv: ['cc'], cwd: '/', platform: 'darwin', rendererDir: rendererFolder(), preloadPath: '', iconPath: '', log: { info() {}, warn() {}, error() {}, file: null }, updater: null, serviceEntry: workerBundle(), prefs: conf, today: () => '2026-03-13' as IsoDate })!;
    running.push({ double, shell, log: [], quit: () => quit(double, shell) });
    const early = [new (class {
      prevented = false;
      preventDefault() {
        this.prevented = true;
      }
    })(), new (class {
      prevented = false;
      preventDefault() {
        this.prevented = true;
      }
    })()];
    double.app.emit('open-file', early[0], join(dir, 'teaser.ccproject'));
    double.app.emit('open-url', early[1], `credit-companion://quote?project=${Buffer.from(JSON.stringify({ ...project, name: 'From a link' })).toString('base64url')}`);
    expect(early.map((e) => e.prevented)).toEqual([true, true]);
    expect(double.windows).toHaveLength(0);
    double.dialogs.answers.push(1, 0);
    double.ready();
    await shell.ready;
    await until(() => double.dialogs.messageBoxes.length === 2);
    await answeredSoFar(shell);
    expect(double.dialogs.messageBoxes.map((b) => b.options.message)).toEqual(['Quote: Teaser', 'Quote: From a link']);
    expect((await shell.service().current()).projects.map((p) => p.name)).toEqual(['From a link']);
  });

  it('a link to a saved project shows its quote; bad links and files say why and change nothing', async () => {
    const { double, shell } = await start();
    const saved = ok<AppState>(await shell.service().handle('project-save', { project: { format: 'credit-companion/project@1', name: 'Saved', date: '2026-04-01', lines: [] } }));
    double.dialogs.answers.push(0);
    expect(await shell.open({ kind: 'link', url: `credit-companion://project/${saved.projects[0]!.id}` })).toBe('shown');
    expect(double.dialogs.messageBoxes.at(-1)!.options.buttons).toEqual(['Close']);

    const refused = [
      await shell.open({ kind: 'link', url: 'credit-companion://project/nope' }),
      await shell.open({ kind: 'link', url: 'credit-companion://quote' }),
      await shell.open({ kind: 'link', url: `credit-companion://quote?project=${Buffer.from('{"format":"credit-companion/project@1","name":"x","date":"2026-13-01","lines":[]}').toString('base64url')}` }),
      await shell.open({ kind: 'link', url: 'credit-companion://wallet/drain' }),
      await shell.open({ kind: 'file', path: '/nowhere/missing.ccaccount' }),
    ];
    expect(refused).toEqual(['refused', 'refused', 'refused', 'refused', 'refused']);
    expect(double.dialogs.errors.map((e) => e.content.split('\n\n')[1])).toEqual([
      'id: no project with id "nope"',
      'project: required (the project file, base64url-encoded)',
      expect.stringContaining('Date: must be a calendar date'),
      'use credit-companion://quote?project=… or credit-companion://project/ID',
      'there is no such file',
    ]);
    expect((await shell.service().current()).projects).toHaveLength(1);
    expect(prefsIn(shell.service().dir).notified).toEqual([]);
  });
});
