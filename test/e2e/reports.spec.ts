/** Reports: the account in money, its totals equal to the usage log's. */
import { expect, test } from './fixtures.ts';

test.beforeEach(async ({ app }) => {
  await app.page.setViewportSize({ width: 1280, height: 860 });
  await app.page.getByRole('button', { name: 'Explore with a demo account' }).click();
  await expect(app.page.getByTestId('balance')).toBeVisible();
});

test('the report’s credits equal the usage log’s, by project, feature or month, and export as CSV', async ({ app }, testInfo) => {
  const { page } = app;
  await page.keyboard.press('Control+2');
  const logged = /· ([\d,.]+) credits/.exec(await page.getByTestId('usage-total').innerText())![1]!;
  await page.getByRole('button', { name: 'Reports' }).click();
  const total = page.getByTestId('report-total');
  await expect(total).toContainText(`${logged} credits · $`);
  await expect(page.getByRole('region', { name: 'Credits in money' })).toContainText(/A credit is valued at \$0\.044 \(\$88\.00 a month for 2,000 credits on Pro 2,000 \(monthly\)\)/);
  for (const by of ['Feature', 'Month', 'Project'] as const) {
    await page.getByRole('combobox', { name: 'Report by' }).selectOption(by);
    await expect(total).toContainText(`${logged} credits`);
  }
  await expect(page.getByTestId('report-lost')).toContainText('credits expired or were forfeited unused');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^credit-companion-report-by-project-\d{4}-\d{2}-\d{2}\.csv$/);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`reports-${scheme}.png`), fullPage: true });
  }
});
