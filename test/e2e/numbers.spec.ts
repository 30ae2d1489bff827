/** Numbers as people type them: decimals, decimal commas, letters, an emptied field (issue 9's first defect). */
import { demoOpen, expect, test } from './fixtures.ts';

test.beforeEach(({ app }) => demoOpen(app));

test('a project line: 2.5 minutes is 2.5 (50 credits), 2,5 too; letters say so; an emptied field stays empty and is never saved as 0', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  await page.getByRole('button', { name: 'New project' }).click();
  const minutes = page.getByLabel('Line 1 minutes');
  const credits = page.getByTestId('line-0-credits');
  // Each reading is checked after another figure was shown, so that each check waits for the quote's own answer.
  await minutes.fill('3');
  await expect(credits).toHaveText('60');
  await minutes.fill('');
  await minutes.pressSequentially('2.5');
  await expect(minutes).toHaveValue('2.5');
  await expect(credits).toHaveText('50');
  await minutes.fill('3');
  await expect(credits).toHaveText('60');
  await minutes.fill('2,5');
  await expect(minutes).toHaveValue('2,5');
  await expect(credits).toHaveText('50');
  await minutes.fill('abc');
  await expect(minutes).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('a number, like 2.5')).toBeVisible();
  await expect(page.getByText('NaN')).toHaveCount(0);
  await minutes.fill('');
  await expect(minutes).toHaveValue('');
  await page.getByRole('button', { name: 'Save project' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'minutes' })).toBeVisible();
  const videos = page.getByLabel('Line 1 videos');
  await videos.fill('');
  await expect(videos).toHaveValue('');
  await expect(videos).toHaveAttribute('placeholder', '1');
});

test('record a change: an empty balance is not a balance of 0, a balance is never carried to another kind, and the check reads to the hundredth', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Record a change' });
  const preview = form.getByLabel('What this does');
  await form.getByRole('combobox', { name: 'What changed' }).selectOption('balance-check');
  const shown = form.getByLabel('Balance shown');
  await expect(shown).toHaveValue('');
  await expect(shown).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('button', { name: 'Record' })).toBeDisabled();
  await expect(preview).not.toContainText('Balance check');
  await shown.fill('3180.5');
  await expect(preview).toContainText('Balance check: 3180.5 shown');
  await expect(preview).not.toContainText(/\d\.\d{3}/);
  await form.getByRole('combobox', { name: 'What changed' }).selectOption('avatar-slots');
  await expect(form.getByRole('textbox', { name: 'Slots' })).toHaveValue('');
  await form.getByRole('combobox', { name: 'What changed' }).selectOption('balance-check');
  await expect(shown).toHaveValue('3180.5');
});

test('the usage form’s cost follows the account’s rounding: 28 seconds of Avatar III is 2 credits when credits round up, as recorded', async ({ app }) => {
  const { page } = app;
  test.skip(app.server === null, 'the rounding is set through the browser mode’s bridge; the app has no control for it yet');
  const reply = await page.evaluate(async (token) => (await fetch('./api/catalog-update', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input: { rounding: 'credit' } }) })).json(), app.server!.token);
  expect(reply.ok).toBe(true);
  await page.reload();
  await expect(page.getByTestId('balance')).toBeVisible();
  await page.keyboard.press('Control+2');
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByRole('combobox', { name: 'Feature' }).fill('avatar 3');
  await page.keyboard.press('Enter');
  await form.getByLabel('Length of each video').fill('28s');
  await expect(page.getByTestId('usage-cost')).toHaveText('2');
  await form.getByRole('button', { name: 'Log usage' }).click();
  await expect(page.locator('tbody tr').first()).toContainText('2');
  await expect(page.locator('tbody tr').first()).toContainText('28 s');
});

test('projects: the same new project saved twice is refused; a deleted one comes back with Undo', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  const list = page.getByRole('region', { name: 'Planned projects' }).getByRole('listitem');
  // The screen's code loads the first time it is shown: count the list once it is there.
  await expect(list.first()).toBeVisible();
  const before = await list.count();
  await page.getByRole('button', { name: 'New project', exact: true }).click();
  await page.getByRole('button', { name: 'Save project' }).click();
  await expect(list).toHaveCount(before + 1);
  await page.getByRole('button', { name: 'New project', exact: true }).click();
  await page.getByRole('button', { name: 'Save project' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'is already planned' })).toBeVisible();
  await expect(list).toHaveCount(before + 1);
  await list.filter({ hasText: 'Product launch, 5 languages' }).getByRole('button').click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(list).toHaveCount(before);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(list).toHaveCount(before + 1);
  await expect(list.filter({ hasText: 'Product launch, 5 languages' })).toHaveCount(1);
});

test('Compare’s credits and a quote’s retries read numbers as the other fields do, and say when they cannot', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Compare plans' }).click();
  const forCredits = page.getByRole('region', { name: 'Credits a month' });
  const credits = forCredits.getByRole('textbox', { name: 'Credits a month' });
  await credits.fill('2,500');
  await expect(credits).toHaveAttribute('aria-invalid', 'false');
  await expect(forCredits).toContainText('Business + 1,000 add-on credits');
  await credits.fill('abc');
  await expect(credits).toHaveAttribute('aria-invalid', 'true');
  await expect(forCredits.getByText('a whole number of credits, 1 to 10,000,000')).toBeVisible();

  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Line 1 minutes').fill('45');
  const result = page.getByRole('region', { name: 'Quote result' });
  const retries = page.getByLabel('Expected retries (× generations)');
  await retries.fill('1,5');
  await expect(result).toContainText('to 1,350');
  await retries.fill('twice');
  await expect(retries).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('a number from 1 to 10, like 1.5; the quote leaves retries out until then')).toBeVisible();
  await expect(result).not.toContainText('with retries');
});

test('a preference emptied saves nothing (never 0), one out of range says so and keeps the setting', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  const prefs = page.getByRole('region', { name: 'Preferences' });
  const days = prefs.getByRole('textbox', { name: 'Warn about expiring credits (days before; 0 = off)' });
  await expect(days).toHaveValue('7');
  await days.fill('');
  await expect(days).toHaveAttribute('placeholder', '7');
  await days.fill('100');
  await expect(prefs.getByText('a whole number from 0 to 60; 7 is kept')).toBeVisible();
  await days.fill('3');
  await expect(prefs.getByText('a whole number from 0 to 60; 7 is kept')).toHaveCount(0);
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(prefs.getByRole('textbox', { name: 'Warn about expiring credits (days before; 0 = off)' })).toHaveValue('3');
  const months = prefs.getByRole('textbox', { name: 'Forecast horizon (months)' });
  await months.fill('');
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(months).toHaveValue('3');
});
