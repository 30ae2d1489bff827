/** No screen has a serious or critical accessibility violation (axe), in light and dark, and each has one page heading. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

// Headings are checked too, though axe rates them below serious.
const HEADING_RULES = new Set(['page-has-heading-one', 'heading-order', 'empty-heading']);

test('the first-run screen has no serious accessibility violation', async ({ app }) => {
  const results = await new AxeBuilder({ page: app.page }).analyze();
  expect(results.passes.length).toBeGreaterThan(10);
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('no screen has a serious accessibility violation, light or dark', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Explore with a demo account' }).click();
  await expect(page.getByTestId('balance')).toBeVisible();
  test.setTimeout(300_000); // axe on every screen, twice, on a shared machine
  const nav = page.getByRole('navigation', { name: 'Screens' });
  const screens = await nav.getByRole('button').allInnerTexts();
  for (const screen of screens) {
    await nav.getByRole('button', { name: screen, exact: true }).click();
    await expect(page.getByRole('main', { name: screen })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(screen);
    await page.waitForTimeout(300);
    // The scheme is the stylesheet's alone (light-dark()): the screen drawn once is checked in both.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.passes.length).toBeGreaterThan(10);
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || HEADING_RULES.has(v.id));
      expect(serious.map((v) => `${scheme} ${screen}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
    }
  }
});
