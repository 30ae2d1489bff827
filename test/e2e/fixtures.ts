/**
 * One fixture, two targets. `app.page` is the app's window: a Chromium page on
 * the browser mode's server, or the Electron app's first window. `app.restart()`
 * stops and starts the app on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, chromium, _electron, expect, type Browser, type ElectronApplication, type Page } from '@playwright/test';

const root = join(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Electron binary's path, or why there is none (read from its package: requiring it would try a download). */
export function electronBinary(): { path: string } | { missing: string } {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'no Electron binary is installed, and it cannot be downloaded on this machine (its download is outside the npm registry)' };
  const path = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(path) ? { path } : { missing: `no Electron binary at ${path}` };
}

export interface App {
  readonly page: Page;
  readonly dataDir: string;
  /** The browser mode's address and token (null on Electron). */
  readonly server: { url: string; token: string } | null;
  /** Stop the app, run `whileStopped` (to change its files as another program would), and start it again. */
  restart(whileStopped?: () => void): Promise<void>;
  /** Browser mode only: stop the server while the page stays open, run `whileStopped`, and start it again on the same port and data. */
  serverRestart(whileStopped?: () => Promise<void>): Promise<void>;
}

interface Running {
  page: Page;
  server: { url: string; token: string } | null;
  stop(): Promise<void>;
  serverRestart?(whileStopped?: () => Promise<void>): Promise<void>;
}

export interface WebServerProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** The built browser mode's server on `dataDir` (`more`: its other arguments, `--sync URL --workspace NAME`). */
export async function serverSpawn(dataDir: string, port: string, more: readonly string[] = []): Promise<WebServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist', 'web', 'main.mjs'), '--data', dataDir, '--port', port, ...more], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the web server exited (${code}): ${out}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A navigation of the app's page ends once the app's code has drawn it. The browser mode's server paints the first
 * screen into the page, inert until that code runs: a key pressed on it goes nowhere, as a user's would, and specs
 * act as soon as a screen shows. `waitUntil: 'commit'` skips the wait (the paint's own specs look at the painted page).
 */
function navigationsWaitForTheApp(page: Page): void {
  const drawn = () => page.waitForFunction(() => !document.querySelector('#root > .first-paint'));
  const reload = page.reload.bind(page);
  page.reload = async (options) => {
    const response = await reload(options);
    if (options?.waitUntil !== 'commit') await drawn();
    return response;
  };
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    if (options?.waitUntil !== 'commit') await drawn();
    return response;
  };
}

async function startWeb(browser: Browser, dataDir: string): Promise<Running> {
  let server = await serverSpawn(dataDir, '0');
  const context = await browser.newContext();
  const page = await context.newPage();
  navigationsWaitForTheApp(page);
  const errors: string[] = [];
  /**
   * Once the server has been restarted on purpose, the browser reports the requests it refused while away (or cut off
   * as it exited, or found no socket for), the first call with the old token, and a call (or the event stream) that came while it was still
   * opening the data or already closing: expected.
   */
  let serverStopped = false;
  const expected = /net::ERR_(CONNECTION_(REFUSED|RESET)|SOCKET_NOT_CONNECTED)|status of 403 \(Forbidden\)|status of 503 \(Service Unavailable\)/;
  page.on('console', (m) => m.type() === 'error' && !(serverStopped && expected.test(m.text())) && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  const token = (await page.locator('meta[name="cc-token"]').getAttribute('content')) ?? '';
  const running: Running = {
    page,
    server: { url: server.url, token },
    async stop() {
      await context.close();
      await server.stop();
      if (errors.length) throw new Error(`console errors: ${errors.join('\n')}`);
    },
    async serverRestart(whileStopped) {
      serverStopped = true;
      await server.stop();
      await whileStopped?.();
      server = await serverSpawn(dataDir, new URL(server.url).port);
    },
  };
  return running;
}

async function startElectron(binary: string, dataDir: string): Promise<Running> {
  const electronApp: ElectronApplication = await _electron.launch({ executablePath: binary, args: [join(root, 'dist', 'electron', 'main.mjs'), `--user-data-dir=${dataDir}`] });
  const page = await electronApp.firstWindow();
  return { page, server: null, stop: () => electronApp.close() };
}

export const test = base.extend<{ app: App }, { browser: Browser }>({
  browser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; this one has none.
    async ({}, use, workerInfo) => {
      if (workerInfo.project.metadata.target !== 'browser') return use(undefined as unknown as Browser);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ browser }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cc-e2e-'));
    const target = testInfo.project.metadata.target as 'browser' | 'electron';
    let start: () => Promise<Running>;
    if (target === 'electron') {
      const binary = electronBinary();
      if ('missing' in binary) {
        console.log(`[e2e] electron target skipped: ${binary.missing}`);
        test.skip(true, `Electron target skipped: ${binary.missing}`);
        return;
      }
      start = () => startElectron(binary.path, dataDir);
    } else {
      start = () => startWeb(browser, dataDir);
    }
    let running = await start();
    const app: App = {
      get page() {
        return running.page;
      },
      get server() {
        return running.server;
      },
      dataDir,
      async restart(whileStopped) {
        await running.stop();
        whileStopped?.();
        running = await start();
      },
      async serverRestart(whileStopped) {
        if (!running.serverRestart) throw new Error('serverRestart: the browser mode only');
        await running.serverRestart(whileStopped);
      },
    };
    await use(app);
    await running.stop();
  },
});

export { expect } from '@playwright/test';

/** Open the demo account at 1280×860, on its dashboard: where most specs start. */
export async function demoOpen(app: App): Promise<void> {
  await app.page.setViewportSize({ width: 1280, height: 860 });
  await app.page.getByRole('button', { name: 'Explore with a demo account' }).click();
  await expect(app.page.getByTestId('balance')).toBeVisible();
}

/** Open screen `name` from the sidebar. */
export const screen = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();

/** Log a usage of `minutes` of Avatar IV for `project`, from the usage log's form. */
export async function logUsage(page: Page, minutes: string, project: string): Promise<void> {
  await screen(page, 'Usage log');
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByLabel('Length of each video').fill(minutes);
  await form.getByRole('combobox', { name: 'Project' }).fill(project);
  await form.getByRole('button', { name: 'Log usage' }).click();
}

/** Hold the usage form's code (its own chunk) back until the function returned is called, as a busy machine does right after the app opens. */
export async function formCodeHeld(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  await page.route(/\/assets\/UsageForm-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
