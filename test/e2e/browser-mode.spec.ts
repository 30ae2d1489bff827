/**
 * The browser mode as an app of its own: installable from Chromium, warning
 * with Web Notifications from the same settings as the desktop, and saying when
 * its server has gone away, then reconnecting by itself when it comes back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { differenceInCalendarDays, parse } from 'date-fns';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_FLAGS, demoOpen, expect, test, type App } from './fixtures.ts';

test.beforeEach(({ app }) => {
  test.skip(app.server === null, 'the browser mode only: the desktop has its own tray and notifications (electron/shell.test.ts)');
});

/** Records every notification the page constructs, from before its first script (from the next load on, hence the reload). */
async function notificationsRecord(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Real = window.Notification;
    const shown: { title: string; body: string }[] = [];
    Object.assign(window, { __notifications: shown });
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '' });
      }
    };
  });
  await page.reload();
}

function notificationsShown(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate(() => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications);
}

async function preferences(app: App) {
  await app.page.getByRole('button', { name: 'Settings' }).click();
  return app.page.getByRole('region', { name: 'Preferences' });
}

test('the app is installable: its manifest is served under the CSP, valid, with icons Chromium accepts', async ({ app }) => {
  const page = app.page;
  const manifestUrl = new URL('manifest.webmanifest', app.server!.url).href;
  const served = await page.request.get(manifestUrl);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('application/manifest+json');
  const manifest = (await served.json()) as Record<string, unknown>;
  expect(manifest).toMatchObject({ name: 'Credit Companion', short_name: 'Credits', start_url: './', scope: './', display: 'standalone' });
  for (const icon of manifest.icons as { src: string; sizes: string; purpose: string }[]) {
    const png = await page.request.get(new URL(icon.src, manifestUrl).href);
    expect(png.headers()['content-type'], icon.src).toBe('image/png');
    const body = await png.body();
    expect([body.readUInt32BE(16), body.readUInt32BE(20)].join('x'), icon.src).toBe(icon.sizes);
  }

  // The fixture's contexts are incognito, where Chromium installs nothing (its one error there is "in-incognito"): a profile on disk, as a user's.
  const profile = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cc-profile-')), { executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const own = profile.pages()[0] ?? (await profile.newPage());
    await own.goto(app.server!.url);
    await expect(own.getByRole('button', { name: 'Explore with a demo account' })).toBeVisible();
    const cdp = await profile.newCDPSession(own);
    const read = await cdp.send('Page.getAppManifest');
    expect(read.errors).toEqual([]);
    expect(read.url).toBe(manifestUrl);
    await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);
  } finally {
    await profile.close();
  }
});

test('once notifications are allowed, credits expiring within the days set are notified once, remembered after a reload', async ({ app }) => {
  const page = app.page;
  await notificationsRecord(page);
  await demoOpen(app);
  const prefs = await preferences(app);
  const runOut = prefs.getByLabel('Warn when credits would run out before the renewal');
  await runOut.click();
  await expect(runOut).not.toBeChecked();
  const days = prefs.getByLabel('Warn about expiring credits (days before; 0 = off)');
  // Saved, not only typed: notifications turned on before the save is answered would go by the days it replaces.
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/settings-update') && (r.request().postData() ?? '').includes('"notifyExpiryDays":2'));
  await days.fill('2');
  await expect(days).toHaveValue('2');
  expect((await saved).ok()).toBe(true);

  // Nothing is due within 2 days (the demo renews in 4), so the page offers nothing yet; Settings offers the button.
  await expect(page.getByRole('region', { name: 'Browser notifications' })).toHaveCount(0);
  const turnOn = prefs.getByRole('button', { name: 'Turn on browser notifications' });
  await expect(turnOn).toBeVisible();
  // What the user's Allow in Chromium's prompt does (headless Chromium answers a click's request itself: see the test below); the page follows it.
  await page.context().grantPermissions(['notifications'], { origin: new URL(app.server!.url).origin });
  await expect(prefs.getByText('Browser notifications are on')).toBeVisible();
  await expect(turnOn).toHaveCount(0);
  expect(await notificationsShown(page)).toEqual([]);

  await days.fill('5');
  await expect.poll(() => notificationsShown(page)).toHaveLength(1);
  const [shown] = await notificationsShown(page);
  const m = /^[\d,]+ credits expire on (\w{3} \d{1,2}, \d{4})$/.exec(shown!.title);
  expect(m, shown!.title).not.toBeNull();
  const inDays = differenceInCalendarDays(parse(m![1]!, 'MMM d, yyyy', new Date()), new Date());
  expect(inDays).toBeGreaterThan(2);
  expect(inDays).toBeLessThanOrEqual(5);
  expect(shown!.body).toBe('Use them before then, or they are lost.');

  // Another change, a reload: the same warning is not shown again.
  await days.fill('6');
  await page.reload();
  await expect(page.getByTestId('balance')).toBeVisible();
  await page.waitForTimeout(500);
  expect(await notificationsShown(page)).toEqual([]);
});

test('the page offers notifications once when a warning is due, and says plainly when the browser blocks them', async ({ app }) => {
  const page = app.page;
  await demoOpen(app);
  const offer = page.getByRole('region', { name: 'Browser notifications' });
  await expect(offer).toContainText(/credits expire on .*Get warnings like this one as browser notifications\?/);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`offer-${scheme}.png`) });
    await (await preferences(app)).screenshot({ path: test.info().outputPath(`preferences-${scheme}.png`) });
    await page.getByRole('button', { name: 'Dashboard' }).click();
  }
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('balance')).toBeVisible();
  await expect(offer).toHaveCount(0);

  // Headless Chromium refuses a request nobody granted: the page says so instead of a button that does nothing.
  const prefs = await preferences(app);
  await prefs.getByRole('button', { name: 'Turn on browser notifications' }).click();
  await expect(prefs.getByText('This browser has blocked notifications for this page')).toBeVisible();
  await page.setViewportSize({ width: 1024, height: 760 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await prefs.screenshot({ path: test.info().outputPath(`preferences-blocked-1024-${scheme}.png`) });
  }
});

test('when the server stops, a banner says so; when it starts again on the same port, the page reconnects by itself', async ({ app }) => {
  const page = app.page;
  await demoOpen(app);
  const banner = page.getByRole('alert').filter({ hasText: 'The app’s local server has stopped' });
  const firstToken = app.server!.token;
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 760 });
    await app.serverRestart(async () => {
      await expect(banner).toBeVisible({ timeout: 10_000 });
      await expect(banner).toContainText('This page reconnects by itself when npm run web runs again.');
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: test.info().outputPath(`server-gone-${width}-${scheme}.png`) });
      }
      // A click meanwhile fails in words, and changes nothing: the first time, the screen's code cannot load either.
      await page.getByRole('button', { name: 'Usage log' }).click();
      if (width === 1280) await expect(page.getByText('This part of the app could not load')).toBeVisible();
    });
    await expect(banner).toHaveCount(0, { timeout: 15_000 });
    // The screen whose code could not load loads it by itself once the server is back.
    await expect(page.getByRole('region', { name: 'Usages' })).toBeVisible();
    await page.getByRole('button', { name: 'Dashboard' }).click();
  }
  // The new server has a new token; the page took it without a reload, and its calls are answered.
  const token = await page.evaluate(async () => (await (await fetch('./')).text()).match(/name="cc-token" content="([^"]+)"/)?.[1]);
  expect(token).not.toBe(firstToken);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Appearance').selectOption('dark');
  await expect(page.getByLabel('Appearance')).toHaveValue('dark');
  // The installed app's title bar follows the scheme chosen here, whatever the system's.
  await expect(page.locator('meta[name="theme-color"][media="all"]')).toHaveAttribute('content', '#14161a');
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Appearance')).toHaveValue('dark');
});

test('a restart between two clicks goes unnoticed: the refused call is made again with the new token', async ({ app }) => {
  const page = app.page;
  await demoOpen(app);
  await page.getByRole('button', { name: 'Settings' }).click();
  await app.serverRestart();
  await page.getByLabel('Appearance').selectOption('dark');
  await expect(page.getByLabel('Appearance')).toHaveValue('dark');
  await expect(page.getByText('missing or wrong token')).toHaveCount(0);
});
