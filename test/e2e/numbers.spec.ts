/** Numbers as people type them: decimals, decimal commas, letters, an emptied field (issue 9's first defect). */
import { demoOpen, expect, test } from './fixtures.ts';

test.beforeEach(({ app }) => demoOpen(app));

test('a project line: 2.5 minutes is 2.5 (50 credits), 2,5 too; letters say so; an emptied field stays empty and is never saved as 0', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  await page.getByRole('button', { name: 'New project' }).click();
  const minutes = page.getByLabel('Line 1 minutes');
  const credits = page.getByTestId('line-0-credits');
  await minutes.fill('');
  await minutes.pressSequentially('2.5');
  await expect(minutes).toHaveValue('2.5');
  await expect(credits).toHaveText('50');
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
