/** What the user is told when the data folder was damaged while the app was closed, or cannot be changed by this version. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoOpen, expect, test } from './fixtures.ts';

test.beforeEach(({ app }) => demoOpen(app));

test('a store file cut short while the app was closed: kept aside, the backup restored, the user told where', async ({ app }, testInfo) => {
  const { page } = app;
  const balance = await page.getByTestId('balance').innerText();
  const path = join(app.dataDir, 'account.json');
  await app.restart(() => writeFileSync(path, readFileSync(path, 'utf8').slice(0, 200)));
  const notice = app.page.getByRole('status').filter({ hasText: 'could not be read' });
  await expect(notice).toContainText(/^The saved account could not be read: it is not valid JSON .*\. It was kept aside as .*account\.json\..*\.corrupt\. The backup of .* UTC was restored; anything saved after that is not in it\.$/);
  await expect(app.page.getByTestId('balance')).toHaveText(balance);
  await app.page.screenshot({ path: testInfo.outputPath('recovered-notice.png') });
  // Shown once: the page took it with its token, and the folder keeps it no longer.
  await app.page.reload();
  await expect(app.page.getByTestId('balance')).toHaveText(balance);
  await expect(notice).toHaveCount(0);
});

test('data a newer version wrote: a read-only banner on every screen, and a change refused with the reason', async ({ app }, testInfo) => {
  const path = join(app.dataDir, 'account.json');
  await app.restart(() => {
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...stored, __internal__: { migrations: { version: '9.0.0' } } }));
  });
  const { page } = app;
  const banner = page.getByTestId('read-only');
  await expect(banner).toHaveText('Read-only. This data is from a newer Credit Companion: it was written by Credit Companion 9.0.0, newer than this one (0.1.0). It is shown read-only and left as it is; update Credit Companion to change it.');
  await page.keyboard.press('Control+2');
  await expect(banner).toBeVisible();
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByLabel('Length of each video').fill('2');
  await form.getByRole('button', { name: 'Log usage' }).click();
  await expect(form.getByRole('alert')).toContainText('Not saved. This data is from a newer Credit Companion');
  // The entry refused is still in the form, to save once that is possible.
  await expect(form.getByLabel('Length of each video')).toHaveValue('2');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`read-only-${scheme}.png`) });
  }
  expect(JSON.parse(readFileSync(path, 'utf8')).__internal__.migrations.version).toBe('9.0.0');
});
