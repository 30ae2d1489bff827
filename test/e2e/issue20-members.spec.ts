/** Issue #20, members: who made each usage, remembered per device in the quick entry, filtered in the usage log and History, and counted per member on the dashboard and in Reports. */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { accountOpen, dayFromToday } from './accounts.ts';
import { expect, formCodeHeld, test, type App } from './fixtures.ts';

const SHOTS = '/tmp/shots-team';
mkdirSync(SHOTS, { recursive: true });

/** Business, 5 seats, from 3 days ago (this cycle); Avatar IV is 20 credits a minute, VEO3 90 a generation, Avatar III 3 a minute. */
const TEAM = [
  { date: dayFromToday(-3), type: 'subscribe', plan: 'business', billing: 'monthly' },
  { date: dayFromToday(-3), type: 'seats', count: 5 },
  { date: dayFromToday(-2), type: 'usage', feature: 'avatar-iv', minutes: 5, project: 'Course', by: 'Ana' }, // 100
  { date: dayFromToday(-2), type: 'usage', feature: 'veo3', count: 1, project: 'Ads', by: 'Ben' }, // 90
  { date: dayFromToday(-1), type: 'usage', feature: 'avatar-iii', minutes: 10, project: 'Course', by: 'Ana' }, // 30
  { date: dayFromToday(-1), type: 'usage', feature: 'avatar-iii', minutes: 20, project: 'Ads' }, // 60, nobody named
];

/** Press each key in turn, as a user would. */
async function press(page: Page, keys: readonly string[]): Promise<void> {
  for (const key of keys) await page.keyboard.press(key);
}

async function usageLog(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+2');
  await expect(page.getByTestId('usage-total')).toContainText('usage');
  return page.getByRole('region', { name: 'Usages' });
}

test('#20 quick entry: the member typed ("ana ", the known Ana) is remembered on this device, and after a reload the next entry names Ana without typing it', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, TEAM);
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await expect(dialog.getByText('Tab moves on to the project and the member')).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Feature' })).toBeFocused();
  // As the hint says: the feature and Enter, the amount, Tab on to the project and the member, Enter logs.
  await press(page, ['i', 'v', 'Enter', '2', 'Tab', 'Tab']);
  const member = dialog.getByRole('combobox', { name: 'Member' });
  await expect(member).toBeFocused();
  await expect(member).toHaveValue('');
  await press(page, ['a', 'n', 'a', ' ']);
  await expect(dialog.getByRole('option')).toHaveText(['Ana']);
  await press(page, ['Enter']);
  await expect(member).toHaveValue('Ana');
  await dialog.screenshot({ path: `${SHOTS}/quick-entry-member.png` });
  await press(page, ['Enter']);
  await expect(dialog).toBeHidden();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Balance' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(dialog.getByRole('combobox', { name: 'Member' })).toHaveValue('Ana');
  await press(page, ['v', 'e', 'o', 'Enter', '1', 'Enter']);
  await expect(dialog).toBeHidden();

  const log = await usageLog(page);
  // The VEO3 entry logged after the reload, by Ana; and Ana's three usages in all (one from the account, two here).
  const veo = log.getByRole('row').filter({ hasText: 'VEO3' }).filter({ has: page.getByTestId('usage-member').getByText('Ana', { exact: true }) });
  await expect(veo).toHaveCount(1);
  await log.getByRole('combobox', { name: 'Filter by member' }).selectOption('Ana');
  await expect(page.getByTestId('usage-total')).toHaveText('4 usages · 260 credits');
});

/**
 * The team's account open, and the quick entry opened while its form's code is held back, as a busy machine does
 * right after the app opens: `release` lets the code load.
 */
async function quickEntryLoading(app: App): Promise<{ dialog: Locator; release: () => void }> {
  const { page } = app;
  const release = await formCodeHeld(page);
  await accountOpen(app, TEAM);
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await page.keyboard.press('Control+k');
  await expect(dialog.getByText('Loading…')).toBeVisible();
  return { dialog, release };
}

/** The usage log filtered to Ana: its total. */
async function anaTotal(page: Page): Promise<Locator> {
  const log = await usageLog(page);
  await log.getByRole('combobox', { name: 'Filter by member' }).selectOption('Ana');
  return page.getByTestId('usage-total');
}

test('#20 the hint’s keys typed literally while the quick entry’s code still loads (a slow machine): iv Enter 1 Tab Tab ana Enter Enter logs a minute of Avatar IV by Ana', async ({ app }) => {
  const { page } = app;
  const { dialog, release } = await quickEntryLoading(app);
  await press(page, ['i', 'v', 'Enter', '1', 'Tab', 'Tab', 'a', 'n', 'a', 'Enter', 'Enter']);
  await expect(dialog.getByRole('combobox', { name: 'Feature' })).toHaveValue('iv');
  release();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Logged Avatar IV' })).toBeVisible();
  await expect(await anaTotal(page)).toHaveText('3 usages · 150 credits');
});

test('#20 keys that stop in the middle of the member’s name while the code loads: the form comes with the cursor there, "an" typed and Ana listed; Enter takes her, Enter logs', async ({ app }) => {
  const { page } = app;
  const { dialog, release } = await quickEntryLoading(app);
  await press(page, ['v', 'e', 'o', 'Enter', '2', 'Tab', 'Tab', 'a', 'n']);
  release();
  const member = dialog.getByRole('combobox', { name: 'Member' });
  await expect(member).toBeFocused();
  await expect(member).toHaveValue('an');
  await expect(dialog.getByRole('option')).toHaveText(['Ana']);
  await expect(dialog.getByLabel('How many')).toHaveValue('2');
  await dialog.screenshot({ path: `${SHOTS}/quick-entry-early-member.png` });
  await press(page, ['Enter']);
  await expect(member).toHaveValue('Ana');
  await press(page, ['Enter']);
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Logged VEO3' })).toBeVisible();
  await expect(await anaTotal(page)).toHaveText('3 usages · 310 credits');
});

test('#20 the usage log and History filter by member, "No member" included, each row saying who made it', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, TEAM);
  const log = await usageLog(page);
  const filter = log.getByRole('combobox', { name: 'Filter by member' });
  await expect(filter.getByRole('option')).toHaveText(['All members', 'No member', 'Ana', 'Ben']);
  await filter.selectOption('Ana');
  await expect(page.getByTestId('usage-total')).toHaveText('2 usages · 130 credits');
  await expect(log.getByTestId('usage-member')).toHaveText(['Ana', 'Ana']);
  await filter.selectOption('No member');
  await expect(page.getByTestId('usage-total')).toHaveText('1 usage · 60 credits');
  await expect(log.locator('tbody tr')).toHaveCount(1);
  await expect(log.locator('tbody tr')).toContainText('Avatar III');
  await filter.selectOption('All members');
  await expect(page.getByTestId('usage-total')).toHaveText('4 usages · 280 credits');
  await page.screenshot({ path: `${SHOTS}/usage-log.png`, fullPage: true });

  // Editing a usage keeps its member, or changes it.
  await log.getByRole('row').filter({ hasText: 'VEO3' }).getByRole('button', { name: /^Edit/ }).click();
  const form = page.getByRole('form', { name: 'Edit the usage' });
  await expect(form.getByRole('combobox', { name: 'Member' })).toHaveValue('Ben');
  await page.screenshot({ path: `${SHOTS}/usage-form-edit.png`, fullPage: true });
  await form.getByRole('combobox', { name: 'Member' }).fill('ana');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
  await filter.selectOption('Ana');
  await expect(page.getByTestId('usage-total')).toHaveText('3 usages · 220 credits');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('region', { name: 'The account’s history' });
  const members = history.getByRole('combobox', { name: 'Filter by member' });
  await expect(members.getByRole('option')).toHaveText(['All members', 'No member', 'Ana']);
  await members.selectOption('Ana');
  await expect(history.getByText('3 entries')).toBeVisible();
  await expect(history.getByTestId('history-member')).toHaveText([' · by Ana', ' · by Ana', ' · by Ana']);
  await page.screenshot({ path: `${SHOTS}/history.png`, fullPage: true });
  await members.selectOption('No member');
  await expect(history.getByText('1 entry')).toBeVisible();
  await expect(history.locator('tbody tr')).toContainText('Avatar III, 20 min');
});

test('#20 import of a team CSV with a member column: the per-member totals in Reports and on the dashboard equal the file’s, by hand', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, TEAM.slice(0, 2));
  // All on one day of this cycle. By hand: Ana 5 min Avatar IV (100) + 10 min Avatar III (30) = 130;
  // Ben 2 VEO3 (180) + 1.5 min Avatar IV (30) = 210, written "Ben" and "ben "; nobody named: 20 min Avatar III (60). 400 in all.
  const day = dayFromToday(-1);
  const csv = [
    'Date,Feature,Minutes,Count,Team member',
    `${day},Avatar IV,5,,Ana`,
    `${day},VEO3,,2,Ben`,
    `${day},Avatar III,10,,Ana`,
    `${day},Avatar IV,1.5,,ben `,
    `${day},Avatar III,20,,`,
  ].join('\n');
  await page.keyboard.press('Control+2');
  const panel = page.getByRole('region', { name: 'Import usage' });
  await panel.getByLabel('Or paste rows, with their header row').fill(csv);
  await panel.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('5 usages to add (400 credits)');
  await expect(panel.getByRole('combobox', { name: 'Member' })).toHaveValue('Team member');
  await panel.getByRole('button', { name: 'Import 5 usages' }).click();
  await expect(page.getByTestId('usage-total')).toContainText('5 usages');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('combobox', { name: 'Report by' }).selectOption('Member');
  const table = page.getByRole('region', { name: 'Credits in money' });
  const credits = (who: string) => table.getByRole('row').filter({ has: page.getByRole('cell', { name: who, exact: true }) }).getByRole('cell').nth(2);
  await expect(credits('Ana')).toHaveText('130');
  await expect(credits('Ben')).toHaveText('210');
  await expect(credits('No member')).toHaveText('60');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboard' }).click();
  const card = page.getByRole('region', { name: 'Used by member' });
  await expect(card.getByTestId('member-burn-row')).toHaveText([/^Ben\s*210\s*2$/, /^Ana\s*130\s*2$/, /^No member\s*60\s*1$/]);
  await expect(card.getByTestId('seats-used')).toHaveText('2 of 5 seats used this cycle');
  await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
});

test('#20 an account whose usages name nobody shows no member card, filter or column to fill', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, TEAM.filter((e) => !('by' in e)));
  await expect(page.getByRole('region', { name: 'Burn', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Used by member' })).toHaveCount(0);
  const log = await usageLog(page);
  await expect(log.getByRole('combobox', { name: 'Filter by member' })).toHaveCount(0);
});

test('#20 the member remembered is this workspace’s: another workspace’s quick entry starts with its own (none at first), and each keeps its own across switches', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, TEAM);
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  const member = dialog.getByRole('combobox', { name: 'Member' });
  await page.keyboard.press('Control+k');
  await press(page, ['i', 'v', 'Enter', '1', 'Tab', 'Tab', 'a', 'n', 'a', 'Enter', 'Enter']);
  await expect(dialog).toBeHidden();

  // A second workspace, on Pro, made through the browser mode's bridge as another window would.
  const created = await page.evaluate(async (token) => (await fetch('./api/workspace-create', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input: { name: 'Client' } }) })).json(), app.server!.token);
  expect(created.ok, JSON.stringify(created)).toBe(true);
  const replaced = await page.evaluate(
    async ({ token, id, events }) => (await fetch('./api/account-replace', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token, 'x-cc-workspace': id }, body: JSON.stringify({ input: { account: { format: 'credit-companion/account@1', events } } }) })).json(),
    { token: app.server!.token, id: created.value.created as string, events: [{ date: dayFromToday(-3), type: 'subscribe', plan: 'pro', credits: 1000 }] },
  );
  expect(replaced.ok, JSON.stringify(replaced)).toBe(true);
  // The window hears of the new workspace: its switcher lists it second.
  await page.getByRole('button', { name: /^Workspace/ }).click();
  await expect(page.getByRole('list', { name: 'Workspaces' }).getByRole('button')).toHaveText([/^My account/, /^Client/, /^All workspaces/]);
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+Shift+2');
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('Pro 1,000');
  await page.keyboard.press('Control+k');
  await expect(member).toHaveValue('');
  await press(page, ['v', 'e', 'o', 'Enter', '1', 'Tab', 'Tab', 'Z', 'o', 'e', 'Enter']);
  await expect(dialog).toBeHidden();

  await page.keyboard.press('Control+Shift+1');
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('Business');
  await page.keyboard.press('Control+k');
  await expect(member).toHaveValue('Ana');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.keyboard.press('Control+Shift+2');
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('Pro 1,000');
  await page.keyboard.press('Control+k');
  await expect(member).toHaveValue('Zoe');
});

test('#20 a remembered member that no longer reads as one (edited by hand: 65 characters, not a name) fills in nothing', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, TEAM);
  const member = page.getByRole('dialog', { name: 'Log a usage' }).getByRole('combobox', { name: 'Member' });
  for (const stored of [JSON.stringify({ member: 'x'.repeat(65) }), JSON.stringify({ member: 7 }), '{not json']) {
    await page.evaluate((value) => localStorage.setItem('credit-companion.member', value), stored);
    await page.reload();
    await expect(page.getByRole('region', { name: 'Balance' })).toBeVisible();
    await page.keyboard.press('Control+k');
    await expect(member).toHaveValue('');
    await page.keyboard.press('Escape');
  }
  await page.evaluate(() => localStorage.setItem('credit-companion.member', JSON.stringify({ member: ' Ben ' })));
  await page.reload();
  await expect(page.getByRole('region', { name: 'Balance' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(member).toHaveValue('Ben');
});
