/**
 * The dashboard draws its numbers first and its charts after (#8): the charts'
 * code loads later, each chart takes its room from the start, so nothing on the
 * screen moves when they fill in.
 */
import { demoOpen, expect, test, type App } from './fixtures.ts';

const CHARTS = ['Lots timeline', 'Forecast', 'Monthly burn by feature', 'Charges'];

test('the numbers show before the charts, with each chart’s room and legend already in place', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  // Hold the charting code back, as a slow disk or a busy machine would.
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  await page.route(/\/assets\/recharts-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.reload();
  await expect(page.getByTestId('balance')).toBeVisible();
  const regions = CHARTS.map((name) => page.getByRole('region', { name }));
  await expect(page.locator('svg.recharts-surface')).toHaveCount(0);
  await expect(regions[0]!.getByRole('list', { name: 'Legend' }).getByRole('listitem').first()).toBeVisible();
  // The plan that would have cost less comes with its own call, and its line in the balance card can make the cards'
  // row taller: measured before it came (a busy machine), the charts moved by 2.6 px when it did, charts or not.
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('would have saved');
  const before = await Promise.all(regions.map((r) => r.boundingBox()));
  release();
  for (const region of regions) await expect(region.locator('svg.recharts-surface[role="application"]')).toBeVisible();
  const after = await Promise.all(regions.map((r) => r.boundingBox()));
  expect(after).toEqual(before);
});

/** Hold the app's code back until `release`: what shows meanwhile is the server's paint alone. `abortFirst`: the first request fails instead, as with the server gone. */
async function codeHeld(app: App, { abortFirst = false } = {}): Promise<{ release: () => void }> {
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  let first = abortFirst;
  await app.page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
    await held;
    if (first) {
      first = false;
      return route.abort('connectionrefused');
    }
    await route.continue();
  });
  return { release };
}

test('the browser mode’s server paints the first screen into the page: it shows before the app’s code runs, inert, and takes clicks once the code has drawn it', async ({ app }) => {
  test.skip(app.server === null, 'the browser mode only: the desktop app’s page comes from disk, with nothing painted');
  const { page } = app;
  await demoOpen(app);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Appearance' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'Dashboard' }).click();
  const balance = (await page.getByTestId('balance').textContent())!;
  const { release } = await codeHeld(app);
  await page.reload({ waitUntil: 'commit' });
  const painted = page.locator('#root > .first-paint[inert]');
  await expect(painted.getByTestId('balance')).toHaveText(balance);
  await expect(painted.locator('h1')).toHaveText('Dashboard');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The painted screen takes no click and no focus: its buttons are not the app's yet.
  await painted.locator('.sidebar button', { hasText: 'Usage log' }).click({ force: true });
  await page.keyboard.press('Tab');
  await expect(painted.locator(':focus')).toHaveCount(0);
  await expect(painted.locator('h1')).toHaveText('Dashboard');
  const before = await page.getByTestId('balance').boundingBox();
  release();
  await expect(painted).toHaveCount(0);
  await expect(page.getByTestId('balance')).toHaveText(balance);
  // The app's code drew the same screen in the same place.
  expect(await page.getByTestId('balance').boundingBox()).toEqual(before);
  await page.getByRole('button', { name: 'Usage log' }).click();
  await expect(page.getByRole('heading', { name: 'Usage log', level: 1 })).toBeVisible();
});

test('a painted page whose code cannot be read (the server gone) reads itself anew once the server is back, and works', async ({ app }) => {
  test.skip(app.server === null, 'the browser mode only: the desktop app’s page comes from disk, with nothing painted');
  // It stops and starts the server: on a loaded machine (two workers beside the unit suite's leftovers) that alone once took most of 30 s.
  test.slow();
  const { page } = app;
  await demoOpen(app);
  const { release } = await codeHeld(app, { abortFirst: true });
  await page.reload({ waitUntil: 'commit' });
  await expect(page.locator('#root > .first-paint').getByTestId('balance')).toBeVisible();
  await app.serverRestart!(async () => release());
  await expect(page.locator('#root > .first-paint')).toHaveCount(0, { timeout: 15_000 });
  await page.getByRole('button', { name: 'Usage log' }).click();
  await expect(page.getByRole('heading', { name: 'Usage log', level: 1 })).toBeVisible();
});

test('a browser in another language gets the first screen painted in it: the numbers do not change when the code draws them', async ({ app, browser }) => {
  test.skip(app.server === null, 'the browser mode only: the desktop app’s page comes from disk, with nothing painted');
  await demoOpen(app);
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(app.server!.url);
    const painted = await page.locator('#root > .first-paint').getByTestId('balance').textContent();
    expect(painted).toBe('3.450');
    release();
    await expect(page.locator('#root > .first-paint')).toHaveCount(0);
    await expect(page.getByTestId('balance')).toHaveText(painted!);
  } finally {
    await context.close();
  }
});
