/**
 * The renderer's figures, in the browser mode on Debian's Chromium: the main
 * bundle's gzip size, the time to the first screen (painted, and drawn by the
 * app's code) and the code it loads, and
 * the dashboard on the demo account and with 10 years of daily usage (render
 * time, numbers before charts, and the longest main-thread task from a trace),
 * and an entry submitted in the usage log until its row shows.
 * Targets from issue #8: first screen ≤ 300 ms on ≤ 150 KiB gzip; the
 * dashboard's longest main-thread task ≤ 50 ms (demo) / ≤ 100 ms (10 years).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dateAddDays } from '../shared/dates.ts';
import type { IsoDate } from '../shared/units.ts';
import { fmtBytes, fmtMs, median, textTable } from './measure.ts';
import { prng } from './generate.ts';

const root = join(import.meta.dirname, '..');
/** The build measured: `dist`, or another (CC_BENCH_DIST=path, say a copy of the build before a change, to compare in one sitting). */
const dist = process.env.CC_BENCH_DIST ?? join(root, 'dist');
const assets = join(dist, 'renderer', 'assets');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

function startServer(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(dist, 'web', 'main.mjs'), '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => new Promise<void>((done) => { child.once('exit', () => done()); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** Ten years of daily work: one to three usages a day. */
function tenYears(): object {
  const random = prng(42);
  const features = ['avatar-iv', 'avatar-iii', 'translation', 'video-agent', 'batch'] as const;
  const start = '2016-11-01' as IsoDate;
  const events: object[] = [{ date: start, type: 'subscribe', plan: 'pro', credits: 100_000 }];
  for (let d = 0; d < 3650; d++) {
    const date = dateAddDays(start, d);
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) events.push({ date, type: 'usage', feature: features[Math.floor(random() * features.length)], minutes: 1 + Math.floor(random() * 8), project: `P${Math.floor(random() * 12)}` });
  }
  return { format: 'credit-companion/account@1', events };
}

/** 100,000 usages of a minute over ten years, on a plan that covers them. */
function hundredThousand(): object {
  const random = prng(7);
  const start = '2016-11-01' as IsoDate;
  const events: object[] = [{ date: start, type: 'subscribe', plan: 'pro', credits: 100_000 }];
  for (let i = 0; i < 100_000; i++) events.push({ date: dateAddDays(start, Math.floor(i / 28)), type: 'usage', feature: 'avatar-iv', minutes: 1, project: `P${Math.floor(random() * 12)}` });
  return { format: 'credit-companion/account@1', events };
}

/** `measure` on a page of a server of its own (a new folder), put on an account by `open` and on the usage log; all taken away after. */
async function onUsageLog<T>(open: (page: Page) => Promise<void>, measure: (page: Page) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ui-bench-'));
  const server = await startServer(dir);
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  try {
    await page.goto(server.url);
    await open(page);
    await page.getByRole('button', { name: 'Usage log' }).click();
    return await measure(page);
  } finally {
    await page.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Browser: an entry submitted in the usage log (Enter in its form) until its
 * row is in the log, measured in the page between performance marks: at the
 * form's submit event and when a row with the entry's project is in the
 * table. Each entry is saved before the next. `open` puts the page on the
 * account, on the usage log.
 */
async function entryToRow(open: (page: Page) => Promise<void>, runs: number): Promise<number[]> {
  return onUsageLog(open, async (page) => {
    await page.getByTestId('usage-total').waitFor();
    const form = page.getByRole('form', { name: 'Log a usage' });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const project = `Bench entry ${i}`;
      await form.getByRole('combobox', { name: 'Feature' }).fill('iv');
      await page.keyboard.press('Enter');
      await form.getByLabel('Length of each video').fill('1');
      await form.getByRole('combobox', { name: 'Project' }).fill(project);
      await page.keyboard.press('Escape');
      const shown = page.evaluate(`new Promise((resolve) => {
        addEventListener('submit', () => performance.mark('entry-submit'), { capture: true, once: true });
        const log = document.querySelector('section[aria-label="Usages"]');
        const seen = new MutationObserver(() => {
          if (![...log.querySelectorAll('tbody tr')].some((tr) => tr.textContent.includes(${JSON.stringify(project)}))) return;
          seen.disconnect();
          performance.mark('entry-shown');
          resolve(performance.measure('entry', 'entry-submit', 'entry-shown').duration);
        });
        seen.observe(log, { childList: true, subtree: true, characterData: true });
      })`) as Promise<number>;
      await form.getByLabel('Length of each video').press('Enter');
      times.push(await shown);
      // Saved, its row read and the form empty again, before the next.
      while (!(await page.evaluate(`!document.querySelector('tbody tr.saving') && document.querySelectorAll('form[aria-label="Log a usage"] input[role="combobox"]')[1]?.value === ''`))) await page.waitForTimeout(20);
    }
    return times;
  });
}

/**
 * Browser: the usage log of 100,000 usages scrolled by the wheel (60 steps of
 * 600 px, a frame apart) and then dragged to its end (as the scrollbar would):
 * the longest main-thread task meanwhile, and the time from the jump until the
 * oldest row is read and shown.
 */
async function logScroll(open: (page: Page) => Promise<void>): Promise<{ longest: number; toEnd: number }> {
  return onUsageLog(open, async (page) => {
    const list = page.locator('.usage-log__scroll');
    await page.locator('tbody tr[aria-rowindex="2"] button').first().waitFor();
    await page.evaluate(`window.longest = 0; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longest = Math.max(window.longest, e.duration); }).observe({ type: 'longtask' })`);
    await list.hover();
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(200);
    const longest = (await page.evaluate('window.longest')) as number;
    const toEnd = (await page.evaluate(`new Promise((resolve) => {
      const box = document.querySelector('.usage-log__scroll');
      const start = performance.now();
      box.scrollTop = box.scrollHeight;
      const last = () => document.querySelector('tbody tr[aria-rowindex="' + document.querySelector('.usage-log__table').getAttribute('aria-rowcount') + '"] button');
      const check = () => (last() ? resolve(performance.now() - start) : requestAnimationFrame(check));
      check();
    })`)) as number;
    return { longest, toEnd };
  });
}

/**
 * Browser: a change in one tab shown in another. Two tabs of one browser on one
 * server, the second on the usage log: a usage added by the first tab (its call
 * sent) until its row is in the second tab's log, on the clock both tabs share
 * (performance.timeOrigin + now).
 */
async function otherWindow(open: (page: Page) => Promise<void>, runs: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ui-bench-'));
  const server = await startServer(dir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const a = await context.newPage();
  await a.goto(server.url);
  await open(a);
  const token = (await a.locator('meta[name="cc-token"]').getAttribute('content'))!;
  const b = await context.newPage();
  await b.goto(server.url);
  await b.getByRole('button', { name: 'Usage log' }).click();
  await b.getByTestId('usage-total').waitFor();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const project = `Other window ${i}`;
    const shown = b.evaluate(`new Promise((resolve) => {
      const log = document.querySelector('section[aria-label="Usages"]');
      const seen = new MutationObserver(() => {
        if (![...log.querySelectorAll('tbody tr')].some((tr) => tr.textContent.includes(${JSON.stringify(project)}))) return;
        seen.disconnect();
        resolve(performance.timeOrigin + performance.now());
      });
      seen.observe(log, { childList: true, subtree: true, characterData: true });
    })`) as Promise<number>;
    const sent = await a.evaluate(async ({ token, project }) => {
      const at = performance.timeOrigin + performance.now();
      const date = new Date().toLocaleDateString('en-CA');
      const res = await fetch('./api/usage-add', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input: { date, feature: 'avatar-iv', minutes: 1, project } }) });
      if (!((await res.json()) as { ok: boolean }).ok) throw new Error('the usage was not added');
      return at;
    }, { token, project });
    times.push((await shown) - sent);
  }
  await context.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  return times;
}

/** The gzip size of the built code and styles a page fetched (its JS and CSS, from the renderer's build). */
function assetsGzip(urls: Iterable<string>): { files: number; gzip: number } {
  const paths = [...new Set([...urls].map((u) => new URL(u).pathname))].filter((p) => /\.(js|css)$/.test(p));
  return { files: paths.length, gzip: paths.reduce((n, p) => n + gzipSync(readFileSync(join(dist, 'renderer', p))).length, 0) };
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  /** The task's CPU time (the thread's), which a busy machine inflates less than its wall time. */
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

interface Task {
  readonly wall: number;
  readonly cpu: number;
}

/** The longest task on a page's main thread (any renderer's) while `during` runs, from a Chromium trace: its wall time, and the most CPU time any task took. */
async function longestTask(browser: Browser, page: Page, during: () => Promise<void>): Promise<Task> {
  await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
  await during();
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const mains = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = traceEvents.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && mains.has(`${e.pid}:${e.tid}`));
  return { wall: Math.max(0, ...tasks.map((e) => (e.dur ?? 0) / 1000)), cpu: Math.max(0, ...tasks.map((e) => (e.tdur ?? 0) / 1000)) };
}

/** Lets the page finish what it started (a frame, then 100 ms), so late tasks fall within a trace. */
const settle = (page: Page) => page.waitForTimeout(150);

interface DashboardFigures {
  /** Page load to the dashboard's numbers, and to all four charts drawn. */
  readonly numbers: number[];
  readonly charts: number[];
  /** The longest main-thread task over a page load to the four charts, and over a switch to the dashboard. */
  readonly loadTask: Task[];
  readonly switchTask: Task[];
  readonly switches: number[];
  /** The code fetched before the dashboard's numbers show, and in all. */
  numbersBundle: { files: number; gzip: number };
  allBundle: { files: number; gzip: number };
}

/** The dashboard on `url`'s account: five loads and five switches from the usage log, each traced on its own. */
async function dashboardMeasure(browser: Browser, url: string): Promise<DashboardFigures> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const charts = page.locator('svg.recharts-surface[role="application"]');
  const figures: DashboardFigures = { numbers: [], charts: [], loadTask: [], switchTask: [], switches: [], numbersBundle: { files: 0, gzip: 0 }, allBundle: { files: 0, gzip: 0 } };
  for (let i = 0; i < 5; i++) {
    const fetched: string[] = [];
    const onResponse = (r: { url(): string }) => void fetched.push(r.url());
    page.on('response', onResponse);
    let numbersFetched: string[] = [];
    figures.loadTask.push(
      await longestTask(browser, page, async () => {
        const t = performance.now();
        await page.goto(url);
        await page.getByTestId('balance').waitFor();
        figures.numbers.push(performance.now() - t);
        numbersFetched = [...fetched];
        await charts.nth(3).waitFor();
        figures.charts.push(performance.now() - t);
        await settle(page);
      }),
    );
    page.off('response', onResponse);
    if (i === 0) {
      figures.numbersBundle = assetsGzip(numbersFetched);
      figures.allBundle = assetsGzip(fetched);
    }
    await page.getByRole('button', { name: 'Usage log' }).click();
    await page.getByTestId('usage-total').waitFor();
    await settle(page);
    figures.switchTask.push(
      await longestTask(browser, page, async () => {
        const s = performance.now();
        await page.getByRole('button', { name: 'Dashboard' }).click();
        await charts.nth(3).waitFor();
        figures.switches.push(performance.now() - s);
        await settle(page);
      }),
    );
  }
  await page.close();
  return figures;
}

/** Post one call to a browser-mode server the way the renderer does (with the page's token). */
async function call(page: Page, name: string, input: object): Promise<void> {
  const token = (await page.locator('meta[name="cc-token"]').getAttribute('content'))!;
  const ok = await page.evaluate(async ({ token, name, input }) => {
    const res = await fetch(`./api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input }) });
    return ((await res.json()) as { ok: boolean }).ok;
  }, { token, name, input });
  if (!ok) throw new Error(`${name} was refused`);
}

const main = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => ({ f, size: statSync(join(assets, f)).size })).sort((a, b) => b.size - a.size)[0]!;
const gz = gzipSync(readFileSync(join(assets, main.f))).length;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });

// The first screen of an empty account, and the code it fetched.
const emptyDir = mkdtempSync(join(tmpdir(), 'cc-ui-bench-'));
const emptyServer = await startServer(emptyDir);
// Timed on the wall clock this process and the page share: from the navigation asked for until the page's first
// contentful paint (the screen, painted by the server or drawn by the code), and until the app's code has drawn it.
const wallNow = () => performance.timeOrigin + performance.now();
const firstScreen: number[] = [];
const firstScreenDrawn: number[] = [];
let firstBundle = { files: 0, gzip: 0 };
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage();
  const fetched: string[] = [];
  page.on('response', (r) => void fetched.push(r.url()));
  const t = wallNow();
  const document = await page.goto(emptyServer.url);
  await page.getByRole('heading', { name: 'Welcome to Credit Companion' }).waitFor();
  const painted = await page.waitForFunction(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return paint ? performance.timeOrigin + paint.startTime : null;
  });
  firstScreen.push((await painted.jsonValue())! - t);
  if (i === 0) {
    // The page itself too: painted, it carries the styles (and the state).
    const code = assetsGzip(fetched);
    firstBundle = { files: code.files + 1, gzip: code.gzip + gzipSync(await document!.body()).length };
  }
  await page.waitForFunction('!document.querySelector(".first-paint")');
  firstScreenDrawn.push(wallNow() - t);
  await page.close();
}
// The demo account, on the same server.
const setup = await browser.newPage();
await setup.goto(emptyServer.url);
await call(setup, 'account-demo', {});
await setup.close();
const demo = await dashboardMeasure(browser, emptyServer.url);
await emptyServer.stop();
rmSync(emptyDir, { recursive: true, force: true });

// Ten years of daily usage.
const dataDir = mkdtempSync(join(tmpdir(), 'cc-ui-bench-'));
const server = await startServer(dataDir);
const account = tenYears();
const page = await browser.newPage();
await page.goto(server.url);
await call(page, 'account-replace', { account });
await page.close();
const usages = (account as { events: unknown[] }).events.length - 1;
const years = await dashboardMeasure(browser, server.url);

const entryDemo = await entryToRow(async (p) => {
  await p.getByRole('button', { name: 'Explore with a demo account' }).click();
  await p.getByTestId('balance').waitFor();
}, 7);
const openBig = async (p: Page) => {
  const token = (await p.locator('meta[name="cc-token"]').getAttribute('content'))!;
  const ok = await p.evaluate(async ({ token, account }) => {
    const res = await fetch('./api/account-replace', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input: { account } }) });
    return ((await res.json()) as { ok: boolean }).ok;
  }, { token, account: hundredThousand() });
  if (!ok) throw new Error('the 100k-usage account was not accepted');
  await p.reload();
  await p.getByTestId('balance').waitFor();
};
const entryBig = await entryToRow(openBig, 5);
const liveDemo = await otherWindow(async (p) => {
  await p.getByRole('button', { name: 'Explore with a demo account' }).click();
  await p.getByTestId('balance').waitFor();
}, 7);
const liveBig = await otherWindow(openBig, 5);
const scrolled = await logScroll(openBig);
await browser.close();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });

const kib = (b: { files: number; gzip: number }) => `${fmtBytes(b.gzip)} (${b.files} files)`;
/** The median wall time, with the median of the longest CPU time beside it. */
const taskCell = (tasks: readonly Task[]) => `${fmtMs(median(tasks.map((t) => t.wall)))} (CPU ${fmtMs(median(tasks.map((t) => t.cpu)))})`;
const taskPass = (tasks: readonly Task[], target: number) => (median(tasks.map((t) => t.wall)) <= target ? 'PASS' : 'FAIL');
const dashboardRows = (label: string, d: DashboardFigures, taskTarget: number) => [
  [`dashboard, ${label}: longest main-thread task, page load to four charts, median of 5`, taskCell(d.loadTask), `≤ ${taskTarget} ms`, taskPass(d.loadTask, taskTarget)],
  ['  the same, switching to it from the usage log, median of 5', taskCell(d.switchTask), `≤ ${taskTarget} ms`, taskPass(d.switchTask, taskTarget)],
  ['  page load to its numbers / to all four charts, median', `${fmtMs(median(d.numbers))} / ${fmtMs(median(d.charts))}`, 'info', '-'],
  ['  switch to it from the usage log, to all four charts, median', fmtMs(median(d.switches)), 'info', '-'],
  ['  code fetched before its numbers show / in all, gzip', `${kib(d.numbersBundle)} / ${kib(d.allBundle)}`, 'info', '-'],
];
const rows = [
  ['largest JS file, gzip', fmtBytes(gz), 'info', '-'],
  ['first-screen code (the page, and the JS and CSS fetched before the first screen), gzip', kib(firstBundle), '≤ 150 KiB', firstBundle.gzip <= 150 * 1024 ? 'PASS' : 'FAIL'],
  ['first screen (browser mode, empty account): navigation to its first paint, median of 5', fmtMs(median(firstScreen)), '≤ 300 ms', median(firstScreen) <= 300 ? 'PASS' : 'FAIL'],
  ['  the same, until the app’s code has drawn it (it takes clicks)', fmtMs(median(firstScreenDrawn)), 'info', '-'],
  ...dashboardRows('demo account', demo, 50),
  ...dashboardRows(`10 years of daily usage (${usages.toLocaleString('en-US')} usages)`, years, 100),
  ['browser: submit an entry → row shown, demo account, median of 7', fmtMs(median(entryDemo)), '≤ 16 ms', median(entryDemo) <= 16 ? 'PASS' : 'FAIL'],
  ['browser: submit an entry → row shown, 100,000 usages, median of 5', fmtMs(median(entryBig)), '≤ 50 ms', median(entryBig) <= 50 ? 'PASS' : 'FAIL'],
  ['a change in one tab shown in another (a usage in its log), demo, median of 7', fmtMs(median(liveDemo)), '≤ 1 s', median(liveDemo) <= 1000 ? 'PASS' : 'FAIL'],
  ['  the same, 100,000 usages, median of 5', fmtMs(median(liveBig)), '≤ 1 s', median(liveBig) <= 1000 ? 'PASS' : 'FAIL'],
  ['usage log of 100,000 usages: 60 wheel steps, longest main-thread task', scrolled.longest === 0 ? 'none over 50 ms' : fmtMs(scrolled.longest), 'info', '-'],
  ['  the same, then dragged to its end: the oldest row read and shown', fmtMs(scrolled.toEnd), 'info', '-'],
];
console.log('\n== The renderer (browser mode, Chromium) ======================================');
console.log(textTable(['measure', 'value', 'target', 'result'], rows));
