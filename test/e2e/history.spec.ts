/** The History screen (the account's ledger) and Undo/Redo of any change, as a creator sees them. */
import { demoOpen, expect, test } from './fixtures.ts';

test.beforeEach(({ app }) => demoOpen(app));

const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';

test('History lists every event and cycle start with what it did and the running balance, filtered by kind, project and month', async ({ app }, testInfo) => {
  const { page } = app;
  await page.keyboard.press(`${mod}+3`);
  const ledger = page.getByRole('region', { name: 'The account’s history' });
  const rows = ledger.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  // The newest row's balance is the balance the dashboard shows today.
  await page.getByRole('button', { name: 'Dashboard' }).click();
  const balance = (await page.getByTestId('balance').innerText()).replace(/[^\d.,]/g, '');
  await page.getByRole('button', { name: 'History' }).click();
  await expect(rows.first().locator('td').nth(4)).toHaveText(balance.replace(/\.$/, ''));
  // The upgrade the demo made: 1,000 credits at once and its prorated charge.
  const upgrade = rows.filter({ hasText: 'Upgrade to Pro 2,000' });
  await expect(upgrade).toHaveCount(1);
  await expect(upgrade.locator('td').nth(2)).toHaveText('+1,000 granted');
  // The charge, with a badge when its price is an estimate.
  await expect(upgrade.locator('td').nth(3)).toHaveText(/^\$\d+\.\d\d(\D|$)/);
  await expect(rows.filter({ hasText: 'Subscribe to Pro 1,000' }).locator('td').nth(3)).toHaveText(/^\$49\.00(\D|$)/);
  // A cycle start grants the month's credits and lets the oldest expire, on one line each.
  await expect(rows.filter({ hasText: 'New cycle' }).first().locator('td').nth(2)).toHaveText(/^\+2,000 granted−[\d,]+ expired$/);
  await expect(rows.filter({ hasText: 'New cycle' }).first()).toBeVisible();

  await page.getByRole('combobox', { name: 'Filter by kind' }).selectOption('usage');
  await expect(rows.filter({ hasText: 'New cycle' })).toHaveCount(0);
  await expect(rows.first().locator('td').nth(2)).toHaveText(/^−[\d,.]+ used$/);
  await page.getByRole('combobox', { name: 'Filter by project' }).selectOption('Shorts');
  await expect(rows.filter({ hasNotText: 'Shorts' })).toHaveCount(0);
  await expect(rows.first()).toContainText('Shorts');
  await page.getByRole('combobox', { name: 'Filter by project' }).selectOption('');
  await page.getByRole('combobox', { name: 'Filter by kind' }).selectOption('');
  const month = page.getByRole('combobox', { name: 'Filter by month' });
  const first = await month.locator('option').nth(1).getAttribute('value');
  await month.selectOption(first!);
  const [year, mm] = first!.split('-');
  const monthName = new Date(Number(year), Number(mm) - 1, 1).toLocaleString(undefined, { month: 'short' });
  await expect(rows.locator('td:first-child').filter({ hasNotText: monthName })).toHaveCount(0);
  await expect(rows.first()).toBeVisible();
  await month.selectOption('');

  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: testInfo.outputPath(`history-${width}-${scheme}.png`), fullPage: width === 1280 });
    }
  }
});

test('an event is edited after a preview of what changes, then one Undo puts it back', async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByRole('button', { name: 'History' }).click();
  const ledger = page.getByRole('region', { name: 'The account’s history' });
  const rows = ledger.locator('tbody tr');
  await expect(rows.filter({ hasText: 'Subscribe to Pro 1,000' }).locator('td').nth(2)).toHaveText('+1,000 granted');
  await page.getByRole('button', { name: /^Edit “Subscribe to Pro 1,000/ }).click();
  const editor = page.getByRole('form', { name: 'Edit the event' });
  await editor.getByLabel('Credits a month (Pro, Enterprise)').fill('2000');
  const preview = editor.getByRole('region', { name: 'What changes' });
  await expect(preview).toContainText('Balance on');
  await expect(preview).toContainText('1,000 → 2,000 credits');
  await expect(preview).toContainText('No longer charged: $49.00');
  await expect(preview).toContainText('New charge:');
  await page.screenshot({ path: testInfo.outputPath('history-edit-preview.png') });
  // A typo is named next to its field, and nothing can be saved.
  await editor.getByLabel('Credits a month (Pro, Enterprise)').fill('2k');
  await expect(editor.getByText('must be a number, like 2.5')).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
  await editor.getByLabel('Credits a month (Pro, Enterprise)').fill('2000');
  await expect(preview).toContainText('1,000 → 2,000 credits');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toBeHidden();
  await expect(rows.filter({ hasText: 'Subscribe to Pro 2,000' }).locator('td').nth(2)).toHaveText('+2,000 granted');
  await expect(page.getByRole('status')).toContainText('Changed: Subscribe to Pro 2,000 (monthly)');
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toContainText('Undone: Changed: Subscribe to Pro 2,000 (monthly)');
  await expect(rows.filter({ hasText: 'Subscribe to Pro 1,000 (monthly)' }).locator('td').nth(2)).toHaveText('+1,000 granted');
});

test('a deleted event shows what its deletion changes first, and comes back with Undo', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'History' }).click();
  const rows = page.getByRole('region', { name: 'The account’s history' }).locator('tbody tr');
  // The list arrives after the screen: count it once it is there.
  await expect(rows.filter({ hasText: 'Upgrade to Pro 2,000' })).toHaveCount(1);
  const count = await rows.count();
  const balance = await rows.first().locator('td').nth(4).innerText();
  await rows.filter({ hasText: 'Upgrade to Pro 2,000' }).getByRole('button', { name: /^Delete/ }).click();
  const confirm = page.getByRole('form', { name: 'Delete the event' });
  await expect(confirm.getByRole('region', { name: 'What changes' })).toContainText('No longer charged:');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(rows.filter({ hasText: 'Upgrade to Pro 2,000' })).toHaveCount(0);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(rows.filter({ hasText: 'Upgrade to Pro 2,000' })).toHaveCount(1);
  await expect(rows).toHaveCount(count);
  await expect(rows.first().locator('td').nth(4)).toHaveText(balance);
});

test('an upgrade is undone with the keyboard and redone, outside text fields only, and the history survives a reload', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  const plan = page.getByRole('region', { name: 'Plan', exact: true });
  await expect(plan).toContainText('Pro 2,000 (monthly)');
  const form = page.getByRole('form', { name: 'Record a change' });
  await form.getByRole('combobox', { name: 'To', exact: true }).selectOption('pro');
  await form.getByLabel('Credits a month').fill('5000');
  await expect(form.getByLabel('What this does')).toContainText('Upgrade to Pro 5,000 (monthly) at once');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(plan).toContainText('Pro 5,000 (monthly)');
  // Recorded, the form starts afresh: empty.
  await expect(form.getByRole('combobox', { name: 'To', exact: true })).toHaveValue('');

  // In a text field, Ctrl+Z is the field's own undo: the upgrade stays.
  await form.getByRole('combobox', { name: 'To', exact: true }).selectOption('pro');
  const credits = form.getByLabel('Credits a month');
  await credits.fill('7000');
  await credits.press(`${mod}+z`);
  await expect(plan).toContainText('Pro 5,000 (monthly)');
  await page.getByRole('button', { name: 'History' }).click();
  const rows = page.getByRole('region', { name: 'The account’s history' }).locator('tbody tr');
  await expect(rows.first()).toContainText('Upgrade to Pro 5,000');

  // A reload (a new window) keeps what can be undone.
  await page.reload();
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('region', { name: 'Recent changes' })).toContainText('Recorded: Upgrade to Pro 5,000');
  await page.locator('body').press(`${mod}+z`);
  await expect(page.getByRole('status')).toContainText('Undone: Recorded: Upgrade to Pro 5,000');
  await expect(rows.filter({ hasText: 'Upgrade to Pro 5,000' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(plan).toContainText('Pro 2,000 (monthly)');
  await page.locator('body').press(`${mod}+Shift+z`);
  await expect(page.getByRole('status')).toContainText('Redone: Recorded: Upgrade to Pro 5,000');
  await expect(plan).toContainText('Pro 5,000 (monthly)');
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(plan).toContainText('Pro 2,000 (monthly)');
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('region', { name: 'Recent changes' })).toContainText('Recorded: Upgrade to Pro 5,000 (monthly) (undone)');
});

test('a project delete, a usage delete and an import are undone by the one Undo', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Projects' }).click();
  const list = page.getByRole('region', { name: 'Planned projects' });
  await expect(list.locator('li').first()).toBeVisible();
  const names = await list.locator('li').allInnerTexts();
  await list.locator('li button').first().click();
  await page.getByRole('region', { name: 'Quote' }).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(list.locator('li')).toHaveCount(names.length - 1);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(list.locator('li')).toHaveCount(names.length);

  await page.keyboard.press(`${mod}+2`);
  const usages = page.getByTestId('usage-total');
  await expect(usages).toContainText('usages');
  const total = await usages.innerText();
  await page.getByRole('button', { name: /^Delete the usage/ }).first().click();
  await expect(usages).not.toHaveText(total);
  await page.locator('body').press(`${mod}+z`);
  await expect(usages).toHaveText(total);
});

test('a balance check keeps its difference from the computed balance visible, and Undo removes it', async ({ app }) => {
  const { page } = app;
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'History' }).click();
  const rows = page.getByRole('region', { name: 'The account’s history' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const computed = Number((await rows.first().locator('td').nth(4).innerText()).replace(/,/g, ''));
  await nav.getByRole('button', { name: 'Settings' }).click();
  const change = page.getByRole('form', { name: 'Record a change' });
  await change.getByRole('combobox', { name: 'What changed' }).selectOption('balance-check');
  await change.getByLabel('Balance shown').fill('1000');
  await change.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Balance check recorded' })).toBeVisible();
  await nav.getByRole('button', { name: 'History' }).click();
  const check = rows.filter({ hasText: 'Balance check: 1,000 shown' });
  const short = (computed - 1000).toLocaleString('en-US');
  await expect(check).toContainText(`−${short} vs ${computed.toLocaleString('en-US')} computed`);
  await expect(check.locator('td').nth(2)).toHaveText(`−${short} corrected`);
  await expect(check.locator('td').nth(4)).toHaveText('1,000');
  // Settings' toast went with Settings; the change is undone here with Ctrl+Z.
  await expect(page.getByRole('status').filter({ hasText: 'Balance check recorded' })).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(check).toHaveCount(0);
  await expect(rows.first().locator('td').nth(4)).toHaveText(computed.toLocaleString('en-US'));
});
