/** Issue 17, data the user can lose: the account's setup undone without a word, the undo history lost at a restart, backups out of reach (5), and one window's edit of an event saved over another's (15). */
import type { Page } from '@playwright/test';
import { demoOpen, expect, test, type App } from './fixtures.ts';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/shots-safety/${name}.png` });
const screen = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
/** The change's message (a chart's tooltip under the pointer is a status too). */
const toast = (page: Page) => page.getByRole('status').filter({ has: page.getByRole('button', { name: 'Dismiss' }) });

test('#17.5 undoing the setup asks first and says what goes; Cancel keeps it, and after a restart Redo brings the account back', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole('button', { name: 'Set up my plan' }).click();
  await page.getByRole('form', { name: 'Set up my plan' }).getByRole('button', { name: 'Start' }).click();
  const balance = page.getByTestId('balance');
  await expect(balance).toBeVisible();
  await page.keyboard.press(`${mod}+2`);
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByLabel('Length of each video').fill('2');
  await form.getByRole('button', { name: 'Log usage' }).click();
  await expect(page.getByTestId('usage-total')).toHaveText(/^1 usage · /);

  // The first Ctrl+Z takes the usage back at once; the next one would take the account: it asks.
  await page.locator('body').press(`${mod}+z`);
  await expect(toast(page)).toContainText('Undone: Added a usage: Avatar IV / Avatar V, 2 min');
  await expect(page.getByTestId('usage-total')).toHaveText(/^0 usages · /);
  await page.locator('body').press(`${mod}+z`);
  const ask = page.getByRole('dialog');
  await expect(ask).toHaveAccessibleName(/^Undo “.+”\?$/);
  await expect(ask).toContainText('The account goes back to empty: its 1 event is removed, and the app opens on its welcome screen. Redo brings it back, also after a restart.');
  await shot(page, 'undo-setup-asks');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  await screen(page, 'Dashboard');
  await expect(balance).toBeVisible();

  await page.locator('body').press(`${mod}+z`);
  await ask.getByRole('button', { name: 'Undo it' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Credit Companion' })).toBeVisible();

  await app.restart();
  await app.page.setViewportSize({ width: 1280, height: 860 });
  await expect(app.page.getByRole('heading', { name: 'Welcome to Credit Companion' })).toBeVisible();
  await app.page.locator('body').press(`${mod}+Shift+z`);
  const again = app.page.getByRole('dialog');
  await expect(again).toHaveAccessibleName(/^Redo “.+”\?$/);
  await expect(again).toContainText('The account becomes what this change made it: 1 event, where it is empty now.');
  await again.getByRole('button', { name: 'Redo it' }).click();
  await expect(app.page.getByTestId('balance')).toBeVisible();
  await app.page.locator('body').press(`${mod}+Shift+z`);
  await expect(toast(app.page)).toContainText('Redone: Added a usage: Avatar IV / Avatar V, 2 min');
});

test('#17.5 Settings › Your data lists the backups with their dates and balances, and restores one after asking; Undo takes it back', async ({ app }) => {
  await demoOpen(app);
  // Every restart backs the data up: the demo, then the demo with one more usage.
  await app.restart();
  await app.page.setViewportSize({ width: 1280, height: 860 });
  await app.page.keyboard.press(`${mod}+2`);
  const form = app.page.getByRole('form', { name: 'Log a usage' });
  await form.getByLabel('Length of each video').fill('30');
  await form.getByRole('button', { name: 'Log usage' }).click();
  await expect(form.getByLabel('Length of each video')).toHaveValue('');
  await app.restart();
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 860 });
  const now = await page.getByTestId('balance').innerText();
  const credits = (text: string) => Number(text.replace(/[^\d.]/g, ''));

  await screen(page, 'Settings');
  const backups = page.getByRole('table', { name: 'Backups' });
  const rows = backups.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator('td').nth(0)).toHaveText(/\d{4}.*\d\d:\d\d/);
  await expect(rows.nth(0)).toContainText('the account now');
  await expect(rows.nth(0).locator('td').nth(2)).toHaveText(now.replace(/[^\d.,]/g, '').replace(/\.$/, ''));
  const older = await rows.nth(1).locator('td').nth(2).innerText();
  expect(credits(older) - credits(now)).toBe(600);
  await page.locator('main').screenshot({ path: '/tmp/shots-safety/backups.png' });

  await rows.nth(1).getByRole('button', { name: /^Restore the backup of / }).click();
  const ask = page.getByRole('dialog');
  await expect(ask).toHaveAccessibleName(/^Restore the backup of .+\?$/);
  await expect(ask).toContainText(`Balance today: ${older} credits`);
  await shot(page, 'restore-asks');
  await ask.getByRole('button', { name: 'Restore' }).click();
  await expect(toast(page)).toContainText('Restored the backup of');
  await screen(page, 'Dashboard');
  await expect(page.getByTestId('balance')).toHaveText(new RegExp(`^${older.replace(/[.,]/g, '\\$&')}`));

  await page.locator('body').press(`${mod}+z`);
  await expect(ask).toHaveAccessibleName(/^Undo “Restored the backup of .+”\?$/);
  await ask.getByRole('button', { name: 'Undo it' }).click();
  await expect(page.getByTestId('balance')).toHaveText(now);
});

/** A second tab on the same server, on the account the first one shows. */
async function secondTab(app: App): Promise<Page> {
  const page = await app.page.context().newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(app.server!.url);
  await expect(page.getByTestId('balance')).toBeVisible();
  return page;
}

test('#17.15 the same usage and the same subscribe edited in two windows: the stale save is refused with Reload or Overwrite', async ({ app }) => {
  test.skip(app.server === null, 'two tabs on one server: the browser mode');
  await demoOpen(app);
  const a = app.page;
  const b = await secondTab(app);

  // The usage log: A opens the newest usage, B changes it to 7 min.
  for (const page of [a, b]) {
    await page.keyboard.press(`${mod}+2`);
    await page.getByRole('region', { name: 'Usages' }).locator('tbody tr').first().getByRole('button', { name: /^Edit the usage of/ }).click();
  }
  const length = (page: Page) => page.getByRole('form', { name: 'Edit the usage' }).getByLabel('Length of each video');
  await expect(length(a)).not.toHaveValue('');
  await length(b).fill('7');
  await b.getByRole('button', { name: 'Save changes' }).click();
  await expect(b.getByRole('form', { name: 'Edit the usage' })).toBeHidden();
  await length(a).fill('3');
  await a.getByRole('button', { name: 'Save changes' }).click();
  const conflict = a.getByRole('form', { name: 'Edit the usage' }).getByRole('alert');
  await expect(conflict).toContainText('Another window changed this usage since you opened it: it is now “');
  await expect(conflict).toContainText('7 min”.');
  await shot(a, 'usage-conflict');
  await conflict.getByRole('button', { name: 'Reload' }).click();
  await expect(a.getByRole('form', { name: 'Edit the usage' })).toBeHidden();
  await expect(a.getByRole('region', { name: 'Usages' }).locator('tbody tr').first()).toContainText('7 min');

  // History: A opens the subscribe, B sets it to 5,000 credits; A's billing edit asks, and Overwrite saves A's.
  for (const page of [a, b]) {
    await page.keyboard.press(`${mod}+3`);
    await page.getByRole('region', { name: 'The account’s history' }).locator('tbody tr', { hasText: 'Subscribe to Pro' }).getByRole('button', { name: /^Edit/ }).click();
  }
  const editor = (page: Page) => page.getByRole('form', { name: 'Edit the event' });
  await editor(b).getByLabel('Credits a month (Pro, Enterprise)').fill('5000');
  await expect(editor(b).getByRole('region', { name: 'What changes' })).toBeVisible();
  await editor(b).getByRole('button', { name: 'Save' }).click();
  await expect(editor(b)).toBeHidden();
  await editor(a).getByRole('combobox', { name: 'Billing' }).selectOption('annual');
  await expect(editor(a).getByRole('region', { name: 'What changes' })).toBeVisible();
  await editor(a).getByRole('button', { name: 'Save' }).click();
  const stale = editor(a).getByRole('alert');
  await expect(stale).toContainText('Another window changed this event since you opened it: it is now “Subscribe to Pro 5,000');
  await shot(a, 'event-conflict');
  await stale.getByRole('button', { name: 'Overwrite' }).click();
  await expect(editor(a)).toBeHidden();
  const subscribe = (page: Page) => page.getByRole('region', { name: 'The account’s history' }).locator('tbody tr', { hasText: 'Subscribe to Pro' });
  await expect(subscribe(a)).toContainText('Subscribe to Pro 1,000 (annual)');
  await expect(subscribe(b)).toContainText('Subscribe to Pro 1,000 (annual)');
  await b.close();
});
