/** No screen has a serious or critical accessibility violation (axe), in light and dark. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

const SCREENS = ['Dashboard', 'Usage log', 'Projects', 'Pipeline', 'Compare plans', 'Reports', 'Settings'] as const;

test('the first-run screen has no serious accessibility violation', async ({ app }) => {
  const results = await new AxeBuilder({ page: app.page }).analyze();
  expect(results.passes.length).toBeGreaterThan(10);
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('no screen has a serious accessibility violation, light or dark', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Explore with a demo account' }).click();
  await expect(page.getByTestId('balance')).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const screen of SCREENS) {
      await page.getByRole('button', { name: screen }).click();
      await expect(page.getByRole('main', { name: screen })).toBeVisible();
      await page.waitForTimeout(300);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.passes.length).toBeGreaterThan(10);
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${scheme} ${screen}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
    }
  }
});
