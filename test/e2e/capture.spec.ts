/** Fast capture from anywhere (issue 9): Ctrl/⌘+K or N opens the usage entry with the cursor in the feature field. */
import type { Page } from '@playwright/test';
import { demoOpen, expect, test } from './fixtures.ts';

test.beforeEach(({ app }) => demoOpen(app));

/** Press each key in turn, as a user would, and say how many there were. */
async function press(page: Page, keys: readonly string[]): Promise<number> {
  for (const key of keys) await page.keyboard.press(key);
  return keys.length;
}

async function showUsageLog(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Usage log' }).click();
  return page.getByRole('region', { name: 'Usages' }).locator('tbody tr');
}

test('a new entry with another feature and project from the dashboard in 10 key presses (at most 12)', async ({ app }) => {
  const { page } = app;
  let count = await press(page, ['n']);
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Feature' })).toBeFocused();
  count += await press(page, ['i', 'v']);
  await expect(dialog.getByRole('option').first()).toHaveText('Avatar IV / Avatar V');
  count += await press(page, ['Enter']);
  await expect(dialog.getByLabel('Length of each video')).toBeFocused();
  count += await press(page, ['3', 'Tab', 't', 'u', 'Enter']);
  await expect(dialog.getByRole('combobox', { name: 'Project' })).toHaveValue('Tutorials');
  await expect(dialog.getByTestId('usage-cost')).toHaveText('60');
  count += await press(page, ['Enter']);
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Logged Avatar IV / Avatar V for Tutorials' })).toBeVisible();
  expect(count).toBeLessThanOrEqual(12);
  expect(count).toBe(10);
  const rows = await showUsageLog(page);
  await expect(rows.filter({ hasText: 'Tutorials' }).filter({ hasText: 'Avatar IV' }).filter({ hasText: '3 min' })).toHaveCount(1);
});

test('Ctrl+K from any screen; "veo" and "avatar 4" find their features; Esc closes; N typed in a field stays in the field', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  const feature = dialog.getByRole('combobox', { name: 'Feature' });
  await expect(feature).toBeFocused();
  await feature.pressSequentially('veo');
  await expect(dialog.getByRole('option').first()).toHaveText('VEO3');
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('How many')).toBeFocused();
  await expect(dialog.getByTestId('usage-cost')).toHaveText('90');
  await feature.fill('');
  await feature.pressSequentially('avatar 4');
  await expect(dialog.getByRole('option').first()).toHaveText('Avatar IV / Avatar V');
  await feature.fill('');
  await feature.pressSequentially('zzz');
  await expect(dialog.getByText('no feature is called “zzz”')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(feature).toHaveValue('VEO3');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // A bare N inside a text field is a letter, not the command.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Projects', exact: true }).click();
  await page.getByRole('button', { name: 'New project' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('');
  await name.pressSequentially('New');
  await expect(name).toHaveValue('New');
  await expect(dialog).toBeHidden();
});

test('repeat the last entry with Alt+R; a project’s usual features are one key away', async ({ app }) => {
  const { page } = app;
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await expect(dialog.getByRole('button', { name: 'Repeat last entry' })).toBeVisible();
  await page.keyboard.press('Alt+r');
  await expect(dialog.getByRole('combobox', { name: 'Project' })).toBeFocused();
  const project = await dialog.getByRole('combobox', { name: 'Project' }).inputValue();
  expect(project).not.toBe('');
  await expect(dialog.getByRole('button', { name: 'Log usage' })).toBeEnabled();
  // Another project: its usual features, each a digit away in the feature field.
  await dialog.getByRole('combobox', { name: 'Project' }).fill('Shorts');
  const usual = dialog.getByTestId('usual-features');
  await expect(usual).toContainText('Usual for Shorts:');
  await expect(usual).toContainText('Video Agent');
  await expect(usual).toContainText('VEO3');
  const second = (await usual.locator('span').nth(1).textContent())!.replace(/^2\s*/, '').trim();
  await dialog.getByRole('combobox', { name: 'Feature' }).focus();
  await page.keyboard.press('2');
  await expect(dialog.getByRole('combobox', { name: 'Feature' })).toHaveValue(second);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Logged ${second} for Shorts` })).toBeVisible();
});
