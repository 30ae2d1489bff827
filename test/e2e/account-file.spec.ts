/** The account file: an export holds the projects too, an import says what it replaces before it does (issue 9's twelfth defect). */
import { readFile } from 'node:fs/promises';
import { demoOpen, expect, test } from './fixtures.ts';

const creatorFile = {
  name: 'creator.json',
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify({ format: 'credit-companion/account@1', events: [{ date: '2026-09-03', type: 'subscribe', plan: 'creator' }] })),
};

test('the export holds the planned projects; an import asks first, shows both accounts, and can keep the projects', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  // The screen's code loads the first time it is shown: count the list once it is there.
  await expect(page.getByRole('region', { name: 'Planned projects' }).getByRole('listitem').first()).toBeVisible();
  const planned = await page.getByRole('region', { name: 'Planned projects' }).getByRole('listitem').count();
  expect(planned).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Settings' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the account file…' }).click();
  const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
  expect(exported.format).toBe('credit-companion/account@1');
  expect(exported.projects).toHaveLength(planned);
  await expect(page.getByText('export the account file first: it holds both')).toBeVisible();

  // Cancel: nothing changes.
  const before = await page.getByTestId('data-dir').textContent();
  await page.getByLabel('Account file to import').setInputFiles(creatorFile);
  const dialog = page.getByRole('dialog', { name: 'Replace your account with creator.json?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'Your account now' })).toContainText(`${planned} planned projects`);
  await expect(dialog.getByRole('region', { name: 'From the file' })).toContainText('1 event, 0 usages');
  await expect(dialog.getByRole('region', { name: 'From the file' })).toContainText('Creator (monthly)');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('data-dir')).toHaveText(before!);
  await page.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByRole('region', { name: 'Balance' })).not.toContainText('Creator');

  // Replace, keeping the projects; Enter twice replaces once.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Account file to import').setInputFiles(creatorFile);
  await dialog.getByRole('radio', { name: `Keep my ${planned} projects` }).check();
  await dialog.getByRole('button', { name: 'Replace my account' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Imported creator.json')).toBeVisible();
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Planned projects' }).getByRole('listitem')).toHaveCount(planned);

  // A file that lists no projects, with the default choice: the old account's projects go with it.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Account file to import').setInputFiles(creatorFile);
  await expect(dialog.getByRole('radio', { name: `Remove my ${planned} projects (the file lists none)` })).toBeChecked();
  await dialog.getByRole('button', { name: 'Replace my account' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Projects', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Planned projects' }).getByRole('listitem')).toHaveCount(0);
});

test('the first run imports an account file at once; a bad file says why and changes nothing', async ({ app }) => {
  const { page } = app;
  await page.getByLabel('Account file to import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"credit-companion/account@1","events":[{"date":"2026-02-30","type":"subscribe","plan":"creator"}]}') });
  await expect(page.getByText(/Not imported: .*must be a calendar date/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Welcome to Credit Companion' })).toBeVisible();
  await page.getByLabel('Account file to import').setInputFiles(creatorFile);
  await expect(page.getByTestId('balance')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
