/**
 * Workspaces (issue 20): two accounts side by side in one data folder, each with its own plan, screen, drafts and
 * undo history; the overview's figures are each workspace's dashboard's.
 */
import type { Page } from '@playwright/test';
import { demoOpen, expect, test } from './fixtures.ts';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Screens' });
const toast = (page: Page) => page.getByRole('status').filter({ hasText: /Undone/ });

/** A new workspace made from the switcher, its first-run screen then set up on Creator. */
async function workspaceNew(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: /^Workspace/ }).click();
  await page.getByRole('button', { name: 'New workspace…' }).click();
  await page.getByLabel('New workspace').fill(name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: `Workspace ${name}` })).toBeVisible();
  await page.getByRole('button', { name: 'Set up my plan' }).click();
  const form = page.getByRole('form', { name: 'Set up my plan' });
  await form.getByLabel('Plan').selectOption('creator');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('balance')).toBeVisible();
}

/** From now on a switch to Client B is answered (once `held` settles) with its first screen an error saying `message`. */
async function clientBUnread(page: Page, message: string, held: Promise<void> = Promise.resolve()): Promise<void> {
  await page.route('**/api/workspace-switch', async (route) => {
    if (!(route.request().postData() ?? '').includes('client-b')) return route.continue();
    const response = await route.fetch();
    const body = (await response.json()) as { value: { shown: unknown } };
    body.value.shown = { ok: false, error: { code: 'unavailable', message } };
    await held;
    await route.fulfill({ response, json: body });
  });
}

test('two workspaces with different plans: each keeps its screen, draft, entries and undo history; the overview’s figures are each dashboard’s', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  const demoBalance = await page.getByTestId('balance').textContent();
  await workspaceNew(page, 'Client B');
  await expect(page.locator('.balance .muted').first()).toHaveText('Creator (monthly)');
  const clientBalance = await page.getByTestId('balance').textContent();

  // Client B: its usage log, a usage half entered.
  await nav(page).getByRole('button', { name: 'Usage log' }).click();
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByLabel('Length of each video').fill('7');

  // My account (Ctrl+Shift+1, as the switcher says): its own screen, no draft of Client B's.
  await page.getByRole('button', { name: /^Workspace/ }).click();
  await expect(page.getByRole('button', { name: /My account/ }).getByText('Ctrl+Shift+1')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+Digit1');
  await expect(page.getByRole('button', { name: 'Workspace My account' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText(demoBalance!);
  await nav(page).getByRole('button', { name: 'Usage log' }).click();
  await expect(page.getByRole('form', { name: 'Log a usage' }).getByLabel('Length of each video')).not.toHaveValue('7');

  // An entry here, then back to Client B: its log is empty, its draft and screen as they were.
  const rows = page.getByRole('region', { name: 'Usages' }).getByRole('table');
  const before = Number(await rows.getAttribute('aria-rowcount'));
  // Typed as the quick entry's hint says: a feature and Enter, the amount and Enter.
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await expect(dialog.getByText('Type a feature (“iv”, “veo”) and Enter')).toBeVisible();
  await page.keyboard.type('iv');
  await page.keyboard.press('Enter');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveAttribute('aria-rowcount', String(before + 1));

  await page.keyboard.press('Control+Shift+Digit2');
  await expect(page.getByRole('button', { name: 'Workspace Client B' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Usage log' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Log a usage' }).getByLabel('Length of each video')).toHaveValue('7');
  await expect(page.getByRole('region', { name: 'Usages' }).getByText('0 usages · 0 credits')).toBeVisible();

  // Undo here would take back Client B's own last change (its setup, asked first), nothing of My account's.
  await page.locator('body').click({ position: { x: 5, y: 500 } });
  await page.keyboard.press('Control+z');
  const ask = page.getByRole('dialog', { name: 'Undo “Set up the account on Creator (monthly)”?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await page.keyboard.press('Control+Shift+Digit1');
  await expect(page.getByRole('button', { name: 'Workspace My account' })).toBeVisible();
  await expect(rows).toHaveAttribute('aria-rowcount', String(before + 1));
  await page.locator('body').click({ position: { x: 5, y: 500 } });
  await page.keyboard.press('Control+z');
  await expect(toast(page)).toContainText('Undone: Added a usage');
  await expect(rows).toHaveAttribute('aria-rowcount', String(before));
  await page.keyboard.press('Control+y');
  // The redo answered before the dashboard is read.
  await expect(rows).toHaveAttribute('aria-rowcount', String(before + 1));

  // The overview (Ctrl+Shift+0): each row's figures are its workspace's dashboard's.
  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  const mine = await page.getByTestId('balance').textContent();
  await page.keyboard.press('Control+Shift+Digit0');
  await expect(page.getByRole('heading', { name: 'All workspaces' })).toBeVisible();
  const row = (id: string) => page.locator(`tr[data-workspace="${id}"]`);
  await expect(row('first').getByRole('cell').nth(1)).toHaveText(mine!);
  await expect(row('first').getByRole('cell').first()).toHaveText('Pro 2,000 (monthly)');
  await expect(row('client-b').getByRole('cell').first()).toHaveText('Creator (monthly)');
  await expect(row('client-b').getByRole('cell').nth(1)).toHaveText(clientBalance!);
  expect(mine).not.toBe(clientBalance);
  await page.screenshot({ path: test.info().outputPath('overview.png') });
});

test('rename, archive and delete a workspace (delete asked first), each undone from its message; the list survives a restart', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  await workspaceNew(page, 'Temp');
  await page.keyboard.press('Control+Shift+Digit0');
  const row = page.locator('tr[data-workspace="temp"]');
  await row.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name for Temp').fill('my account');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Name: another workspace is already called “My account”')).toBeVisible();
  await page.getByLabel('New name for Temp').fill('Agency');
  await page.keyboard.press('Enter');
  await expect(row.getByRole('button', { name: 'Agency' })).toBeVisible();
  // Undone from its message, and done again.
  await page.getByRole('status').filter({ hasText: 'Renamed “Temp” to “Agency”' }).getByRole('button', { name: 'Undo' }).click();
  await expect(row.getByRole('button', { name: 'Temp' })).toBeVisible();
  await row.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name for Temp').fill('Agency');
  await page.keyboard.press('Enter');
  await expect(row.getByRole('button', { name: 'Agency' })).toBeVisible();
  await row.getByRole('button', { name: 'Delete' }).click();
  const ask = page.getByRole('dialog', { name: 'Delete the workspace “Agency”?' });
  await ask.getByRole('button', { name: 'Delete it' }).click();
  await expect(row).toHaveCount(0);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toContainText('Brought back “Agency”');
  await expect(row.getByRole('cell').first()).toHaveText('Creator (monthly)');
  await row.getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByRole('region', { name: 'Archived workspaces' })).toContainText('Agency');
  await expect(row).toHaveCount(0);
  await page.getByRole('status').filter({ hasText: 'Archived “Agency”' }).getByRole('button', { name: 'Undo' }).click();
  await expect(row.getByRole('button', { name: 'Agency' })).toBeVisible();
  await row.getByRole('button', { name: 'Archive' }).click();
  await expect(row).toHaveCount(0);
  await app.restart();
  const again = app.page;
  await again.getByRole('button', { name: /^Workspace/ }).click();
  await expect(again.getByRole('button', { name: /^My account/ })).toBeVisible();
  await expect(again.getByRole('button', { name: /Agency/ })).toHaveCount(0);
  await again.keyboard.press('Escape');
  await again.keyboard.press('Control+Shift+Digit0');
  await expect(again.getByRole('region', { name: 'Archived workspaces' })).toContainText('Agency');
});

test('an account file imported into a new workspace: the account shown before is left as it was, a name taken is said and nothing made', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  const demoBalance = await page.getByTestId('balance').textContent();
  const clientFile = { name: 'Client C.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'credit-companion/account@1', events: [{ date: '2026-09-03', type: 'subscribe', plan: 'creator' }] })) };
  await nav(page).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Account file to import').setInputFiles(clientFile);
  const dialog = page.getByRole('dialog', { name: 'Replace your account with Client C.json?' });
  const name = dialog.getByLabel('New workspace’s name');
  await expect(name).toHaveValue('Client C');
  // A name taken (in any case) is said by the field, and nothing is made or replaced.
  await name.fill('my account');
  await dialog.getByRole('button', { name: 'Import into a new workspace' }).click();
  await expect(dialog.getByRole('alert')).toContainText('another workspace is already called “My account”');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Workspace My account' })).toBeVisible();
  // Enter in the name imports into the new workspace (the dialog's own Enter would replace the account).
  await name.fill('Client C');
  await name.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Imported Client C.json into the new workspace “Client C”')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Workspace Client C' })).toBeVisible();
  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.locator('.balance .muted').first()).toHaveText('Creator (monthly)');
  await page.keyboard.press('Control+Shift+Digit1');
  await expect(page.getByRole('button', { name: 'Workspace My account' })).toBeVisible();
  // It kept its screen: Settings, where the file was chosen.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('balance')).toHaveText(demoBalance!);
});

test('a switch whose reply comes back after the window moved on: its workspace’s error never shows in the workspace shown', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  const demoBalance = await page.getByTestId('balance').textContent();
  await workspaceNew(page, 'Client B');
  await page.keyboard.press('Control+Shift+Digit1');
  await expect(page.getByTestId('balance')).toHaveText(demoBalance!);
  // The next switch to Client B is answered late, its first screen an error: the window is back on My account by then.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await clientBUnread(page, 'Client B could not be read (held back by the test).', held);
  const late = page.waitForResponse((r) => r.url().endsWith('/api/workspace-switch') && (r.request().postData() ?? '').includes('client-b'));
  await page.keyboard.press('Control+Shift+Digit2');
  await expect(page.getByRole('button', { name: 'Workspace Client B' })).toBeVisible();
  await page.keyboard.press('Control+Shift+Digit1');
  await expect(page.getByRole('button', { name: 'Workspace My account' })).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText(demoBalance!);
  release();
  await late;
  // A round trip to the page after the reply came: its handling is done by then.
  await page.evaluate('new Promise((resolve) => setTimeout(resolve, 0))');
  await expect(page.getByText('held back by the test')).toHaveCount(0);
  await expect(page.getByTestId('balance')).toHaveText(demoBalance!);
});

test('an account file that cannot be imported into a new workspace: the workspace made for it goes, the one shown before comes back, and the message says why', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  const demoBalance = await page.getByTestId('balance').textContent();
  // The import itself is refused (as a full disk would), after its preview read the file well.
  await page.route('**/api/account-import', (route) => route.fulfill({ json: { ok: false, error: { code: 'storage', message: 'the disk is full (held back by the test)' } } }));
  await nav(page).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Account file to import').setInputFiles({ name: 'Client D.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'credit-companion/account@1', events: [{ date: '2026-09-03', type: 'subscribe', plan: 'creator' }] })) });
  const dialog = page.getByRole('dialog', { name: 'Replace your account with Client D.json?' });
  await dialog.getByRole('button', { name: 'Import into a new workspace' }).click();
  await expect(page.getByText('Not imported: the disk is full (held back by the test)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Workspace My account' })).toBeVisible();
  await page.getByRole('button', { name: /^Workspace/ }).click();
  const listed = page.getByRole('list', { name: 'Workspaces' });
  await expect(listed.getByRole('button', { name: /My account/ })).toBeVisible();
  await expect(listed.getByRole('button', { name: /Client D/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await nav(page).getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('balance')).toHaveText(demoBalance!);
});

test('a workspace that cannot be read says why, and the others stay a key away', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  const demoBalance = await page.getByTestId('balance').textContent();
  await workspaceNew(page, 'Client B');
  await page.keyboard.press('Control+Shift+Digit1');
  await expect(page.getByTestId('balance')).toHaveText(demoBalance!);
  // Client B's first screen cannot be read (as a folder another app broke would).
  await clientBUnread(page, 'Client B could not be read (said by the test).');
  await page.keyboard.press('Control+Shift+Digit2');
  await expect(page.getByRole('alert')).toHaveText('Client B could not be read (said by the test).');
  await expect(page.getByRole('button', { name: 'Workspace Client B' })).toBeVisible();
  await page.keyboard.press('Control+Shift+Digit1');
  await expect(page.getByTestId('balance')).toHaveText(demoBalance!);
});
