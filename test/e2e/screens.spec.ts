/** What a creator sees on each screen, and a screenshot of every screen in light and dark (test artifacts). */
import { demoOpen, expect, test } from './fixtures.ts';

test.beforeEach(({ app }) => demoOpen(app));

test('the dashboard shows the balance, the expiry callout and every chart', async ({ app }, testInfo) => {
  const { page } = app;
  await expect(page.getByRole('region', { name: 'Expiring credits' })).toContainText(/credits expire on/);
  for (const chart of ['Lots timeline', 'Forecast', 'Monthly burn by feature', 'Charges']) {
    await expect(page.getByRole('region', { name: chart }).locator('svg.recharts-surface[role="application"]')).toBeVisible();
  }
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`dashboard-${scheme}.png`), fullPage: true });
  }
});

test('the usage log lists, filters, edits, deletes with undo, and exports', async ({ app }, testInfo) => {
  const { page } = app;
  await page.keyboard.press('Control+2');
  const total = page.getByTestId('usage-total');
  await expect(total).toContainText('usages');
  const all = await total.innerText();
  await page.getByRole('combobox', { name: 'Filter by project' }).selectOption('Shorts');
  await expect(total).not.toHaveText(all);
  const rows = page.locator('tbody tr');
  // Counted once the filter's rows show.
  await expect(rows.first()).toContainText('Shorts');
  const shown = await rows.count();
  await page.getByRole('button', { name: /^Delete the usage/ }).first().click();
  await expect(rows).toHaveCount(shown - 1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(shown);

  await page.getByRole('button', { name: /^Edit the usage/ }).first().click();
  const form = page.getByRole('form', { name: 'Edit the usage' });
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^credit-companion-usage-\d{4}-\d{2}-\d{2}\.csv$/);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`usage-log-${scheme}.png`), fullPage: true });
  }
});

test('compare plans names the cheapest option for the demo’s burn and for its last 3 months', async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Compare plans' }).click();
  const forCredits = page.getByRole('region', { name: 'Credits a month' });
  // The demo creator pays for Pro 2,000 but burns about 500 credits a month: Creator would do.
  await expect(forCredits.locator('tr.best')).toContainText('Creator');
  await expect(forCredits.locator('tr.best')).toContainText('$29.00');
  const history = page.getByRole('region', { name: 'Last 3 months replayed' });
  await expect(history.locator('tr.best')).toContainText('cheapest that covers it');
  await forCredits.getByLabel('Credits a month').fill('2500');
  await expect(forCredits.locator('tr.best')).toContainText('Pro 3,000');
  await forCredits.getByText('Billed annually').click();
  await expect(forCredits.locator('tr.best')).toContainText('Pro 3,000');
  await expect(page.getByRole('region', { name: 'Cost across the ladder' }).locator('svg.recharts-surface[role="application"]')).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`compare-${scheme}.png`), fullPage: true });
  }
});

test('settings explain a plan change before recording it, and take the prices seen at checkout', async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Record a change' });
  await form.getByRole('combobox', { name: 'To', exact: true }).selectOption('pro');
  await form.getByLabel('Credits a month').fill('5000');
  const preview = form.getByLabel('What this does');
  await expect(preview).toContainText('Upgrade to Pro 5,000 (monthly) at once');
  await expect(preview).toContainText(/Charges \$[\d,.]+ today/);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`settings-${scheme}.png`), fullPage: true });
  }
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('region', { name: 'Plan', exact: true })).toContainText('Pro 5,000 (monthly)');

  const tiers = page.getByRole('form', { name: 'Add a tier price' });
  await tiers.getByLabel('Credits a month').fill('3000');
  await tiers.getByLabel('Monthly (USD)').fill('120');
  await tiers.getByRole('button', { name: 'Save price' }).click();
  await expect(page.getByRole('region', { name: 'Pro tier prices' }).locator('tbody')).toContainText('$120');

  await form.getByRole('combobox', { name: 'What changed' }).selectOption('pause');
  await expect(preview).toContainText('Pause: the cycle due');
  await expect(page.getByTestId('data-dir')).toHaveText(app.dataDir);
  await page.emulateMedia({ colorScheme: 'light' });
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.getByRole('combobox', { name: 'Appearance' }).selectOption('dark');
  await expect.poll(background).toBe('rgb(20, 22, 26)');
  await page.getByRole('combobox', { name: 'Appearance' }).selectOption('system');
  await expect.poll(background).toBe('rgb(245, 246, 248)');
  await page.getByRole('combobox', { name: 'Free videos' }).selectOption('2');
  await expect(page.getByRole('combobox', { name: 'Free videos' })).toHaveValue('2');
  // Seats are a Business matter: not offered on Pro.
  await expect(form.getByRole('combobox', { name: 'What changed' }).locator('option[value="seats"]')).toHaveCount(0);
});

test('the quoter finds a 45-minute video too long for Pro, names Business, and says whether it fits', async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Planned projects' })).toContainText('Product launch, 5 languages');
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Line 1 minutes').fill('45');
  await expect(page.getByTestId('line-0-credits')).toHaveText('900');
  const result = page.getByRole('region', { name: 'Quote result' });
  await expect(result.getByRole('list', { name: 'Findings' })).toContainText('a 45-minute Avatar IV / Avatar V video is longer than Pro allows (30 minutes); Business allows 60 minutes');
  // The credits are there, but Pro cannot make it: it is never said to fit.
  await expect(result.getByRole('status')).toContainText('The credits are there: ');
  await page.getByLabel('Expected retries (× generations)').fill('1.5');
  await expect(result).toContainText('to 1,350');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`projects-${scheme}.png`), fullPage: true });
  }
  await page.getByRole('button', { name: 'Save project' }).click();
  await expect(page.getByRole('region', { name: 'Planned projects' })).toContainText('New project');
});

test('the pipeline puts the demo projects on the calendar and says what goes unused', async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Pipeline' }).click();
  const table = page.getByRole('region', { name: 'Planned projects' });
  await expect(table).toContainText('Product launch, 5 languages');
  await expect(table).toContainText('Course module 3');
  await expect(page.getByRole('region', { name: 'Unused credits and suggestions' })).toContainText('expire unused on');
  // The balance ahead spends the recent burn evenly: an assumption, and it says so.
  const ahead = page.getByRole('region', { name: 'Balance and projects ahead' });
  await ahead.getByRole('button', { name: 'assumption' }).click();
  await expect(ahead.getByRole('note')).toContainText('Forecasts spread the recent burn evenly over the days ahead.');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`pipeline-${scheme}.png`), fullPage: true });
  }
});

test('every screen is usable at 1024×700', async ({ app }, testInfo) => {
  const { page } = app;
  await page.setViewportSize({ width: 1024, height: 700 });
  for (const screen of ['Dashboard', 'Usage log', 'Projects', 'Pipeline', 'Compare plans', 'Reports', 'Settings']) {
    await page.getByRole('button', { name: screen, exact: true }).click();
    await expect(page.getByRole('main', { name: screen })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${screen} scrolls sideways`).toBeLessThanOrEqual(0);
    await page.waitForTimeout(400); // let debounced quotes and charts settle for the picture
    await page.screenshot({ path: testInfo.outputPath(`small-${screen.toLowerCase().replace(/ /g, '-')}.png`) });
  }
});
