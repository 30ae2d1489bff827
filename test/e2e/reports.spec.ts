/** Reports: the account in money, its totals equal to the usage log's. */
import { demoOpen, expect, test } from './fixtures.ts';

test.describe('on the demo account', () => {
test.beforeEach(({ app }) => demoOpen(app));

test('the report’s credits equal the usage log’s, by project, feature or month, and export as CSV', async ({ app }, testInfo) => {
  const { page } = app;
  await page.keyboard.press('Control+2');
  await expect(page.getByTestId('usage-total')).toContainText(/· [\d,.]+ credits/); // the log's total, once it has loaded
  const logged = /· ([\d,.]+) credits/.exec(await page.getByTestId('usage-total').innerText())![1]!;
  await page.getByRole('button', { name: 'Reports' }).click();
  const total = page.getByTestId('report-total');
  await expect(total).toContainText(`${logged} credits · $`);
  await expect(page.getByRole('region', { name: 'Credits in money' })).toContainText('Credits of Pro 2,000 (monthly) cost $0.044 each now ($88.00 for 2,000 credits)');
  for (const by of ['Feature', 'Month', 'Member', 'Project'] as const) {
    await page.getByRole('combobox', { name: 'Report by' }).selectOption(by);
    const table = page.getByRole('region', { name: 'Credits in money' });
    await expect(table.getByRole('columnheader')).toHaveText(by === 'Month' ? ['Month', 'Credits', 'Worth', 'Paid from'] : ['Month', by, 'Credits', 'Worth', 'Paid from']);
    await expect(total).toContainText(`${logged} credits`);
    // The demo's usages name no member: one row a month, "No member".
    if (by === 'Member') {
      await expect(table.getByRole('cell', { name: 'No member' }).first()).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('reports-by-member.png'), fullPage: true });
    }
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

test('a monthly budget below the renewal: the months over it are named; a budget that covers it says so', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Reports' }).click();
  const form = page.getByRole('form', { name: 'Monthly budget' });
  await form.getByLabel(/Monthly budget/).fill('abc');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(form.getByRole('alert')).toHaveText('Monthly budget: type an amount in dollars, like 49 or 49.50, or leave it empty for none.');
  await form.getByLabel(/Monthly budget/).fill('50,5');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(page.getByTestId('over-budget')).toContainText('Over your $50.50 monthly budget in');
  // Every screen's line at a glance says so too.
  await page.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('glance')).toContainText(/over the \$50\.50 monthly budget (in|from) \w+ \d{4}/);
  await page.getByRole('button', { name: 'Reports' }).click();
  await form.getByLabel(/Monthly budget/).fill('88');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(page.getByTestId('within-budget')).toHaveText('Within your $88.00 monthly budget.');
  await expect(page.getByTestId('glance')).not.toContainText('budget');
  await app.restart();
  await app.page.getByRole('button', { name: 'Reports' }).click();
  await expect(app.page.getByRole('form', { name: 'Monthly budget' }).getByLabel(/Monthly budget/)).toHaveValue('88.00');
});
});

test('Business with auto-reload: the reloads to expect at the current pace are shown beside what is scheduled', async ({ app }) => {
  const { page } = app;
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  const account = {
    format: 'credit-companion/account@1',
    events: [
      { date: ago(120), type: 'subscribe', plan: 'business' },
      { date: ago(120), type: 'auto-reload', threshold: 100, blocks: 10 },
      ...[80, 50, 20].map((days) => ({ date: ago(days), type: 'usage', feature: 'avatar-iv', minutes: 100 })),
    ],
  };
  await page.getByLabel('Account file to import').setInputFiles({ name: 'business.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(account)) });
  await page.getByRole('button', { name: 'Reports' }).click();
  const ahead = page.getByRole('region', { name: 'Lost and ahead' });
  await expect(ahead.getByRole('columnheader', { name: 'Auto-reloads to expect' })).toBeVisible();
  await expect(ahead.getByRole('cell', { name: '$50.00' }).first()).toBeVisible();
  await expect(ahead).toContainText('auto-reloads as your usage of the last 3 months would trigger them, estimated');
  await ahead.getByRole('columnheader', { name: /Auto-reloads to expect/ }).getByRole('button', { name: 'assumption' }).click();
  await expect(ahead.getByRole('note')).toContainText('Forecasts spread the recent burn evenly over the days ahead.');
});
