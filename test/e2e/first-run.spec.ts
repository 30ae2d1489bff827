/** A new install lands on the first-run screen; setting up a plan from the vendor's balance gives that balance. */
import { expect, test } from './fixtures.ts';

test('set up my plan: Pro 1,000 from 20 days ago with the balance HeyGen shows', async ({ app }, testInfo) => {
  const { page } = app;
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(page.getByRole('heading', { name: 'Welcome to Credit Companion' })).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`first-run-${scheme}.png`) });
  }
  await page.getByRole('button', { name: 'Set up my plan' }).click();
  const form = page.getByRole('form', { name: 'Set up my plan' });
  await form.getByRole('combobox', { name: 'Plan' }).selectOption('pro');
  await form.getByLabel('Credits a month').fill('1000');
  const d = new Date();
  d.setDate(d.getDate() - 20);
  await form.getByLabel(/Subscribed on/).fill(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
  await form.getByLabel(/Balance HeyGen shows/).fill('734.5');
  await page.screenshot({ path: testInfo.outputPath('first-run-setup.png') });
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('balance')).toHaveText('734.5');
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('Pro 1,000 (monthly)');
});

test('set up my plan: numbers as typed (1,500 credits, a decimal comma); one that is not a number is named in words and nothing is set up', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Set up my plan' }).click();
  const form = page.getByRole('form', { name: 'Set up my plan' });
  await form.getByRole('combobox', { name: 'Plan' }).selectOption('pro');
  await form.getByLabel('Credits a month').fill('1,500');
  await form.getByLabel(/Balance HeyGen shows/).fill('abc');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert')).toHaveText('Balance HeyGen shows today: "abc" is not a number; type a number, like 2.5');
  await form.getByLabel(/Balance HeyGen shows/).fill('1234,5');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('Pro 1,500 (monthly)');
  await expect(page.getByTestId('balance')).toContainText('1,234.5');
});
