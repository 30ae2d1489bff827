/**
 * A picture of every screen, light and dark, 1440 and 1024 wide, for the demo, a Free account,
 * Business with add-ons and an annual plan, and of the welcome screen with its set-up form open
 * (test-results/, to look at; not committed). One page load per account: the screens are looped
 * through the sidebar, each opened once per width and pictured light and dark.
 */
import { ACCOUNTS, accountOpen } from './accounts.ts';
import { demoOpen, expect, test, type App } from './fixtures.ts';
import type { TestInfo } from '@playwright/test';

const WIDTHS = [1440, 1024] as const;
const heightOf = (width: number) => (width === 1440 ? 900 : 700);

async function everyScreen(app: App, name: string, testInfo: TestInfo): Promise<void> {
  test.setTimeout(120_000); // 4 views of every screen
  const { page } = app;
  const screens = await page.getByRole('navigation', { name: 'Screens' }).getByRole('button').allInnerTexts();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: heightOf(width) });
    for (const screen of screens) {
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
      const main = page.getByRole('main', { name: screen });
      await expect(main).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(screen);
      await expect(main).not.toContainText('Loading…');
      await expect(main.locator('.chart-slot:not([data-drawn])')).toHaveCount(0);
      await page.waitForTimeout(250); // debounced quotes, and a chart's new size after the window's
      // The scheme is the stylesheet's alone (light-dark()): the screen drawn once is pictured in both.
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} ${screen} at ${width} scrolls sideways`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: testInfo.outputPath(`${name}-${width}-${scheme}-${screen.toLowerCase().replace(/ /g, '-')}.png`), fullPage: true });
      }
    }
  }
}

test('every screen of the demo account', async ({ app }, testInfo) => {
  await demoOpen(app);
  await everyScreen(app, 'demo', testInfo);
});

for (const name of ['free', 'business', 'annual'] as const) {
  test(`every screen of a ${name} account`, async ({ app }, testInfo) => {
    await app.page.getByRole('button', { name: 'Explore with a demo account' }).click();
    await accountOpen(app, ACCOUNTS[name]);
    await everyScreen(app, name, testInfo);
  });
}

test('the welcome screen, and its set-up form', async ({ app }, testInfo) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Welcome to Credit Companion' })).toBeVisible();
  await page.getByRole('button', { name: 'Set up my plan' }).click();
  await expect(page.getByRole('form', { name: 'Set up my plan' })).toBeVisible();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: heightOf(width) });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `the welcome screen at ${width} scrolls sideways`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: testInfo.outputPath(`welcome-${width}-${scheme}.png`), fullPage: true });
    }
  }
});
