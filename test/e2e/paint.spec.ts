/**
 * The dashboard draws its numbers first and its charts after (#8): the charts'
 * code loads later, each chart takes its room from the start, so nothing on the
 * screen moves when they fill in.
 */
import { demoOpen, expect, test } from './fixtures.ts';

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
  const before = await Promise.all(regions.map((r) => r.boundingBox()));
  release();
  for (const region of regions) await expect(region.locator('svg.recharts-surface[role="application"]')).toBeVisible();
  const after = await Promise.all(regions.map((r) => r.boundingBox()));
  expect(after).toEqual(before);
});
