/** Two tabs on one server (issue 8): a change in one shows in the other without a reload, and a stale save of a project is a choice, not a silent overwrite. */
import type { Page } from '@playwright/test';
import { demoOpen, expect, logUsage, screen, test, type App } from './fixtures.ts';

test.beforeEach(({ app }) => test.skip(app.server === null, 'two tabs on one server: the browser mode (Electron’s windows are checked in electron/shell.test.ts)'));

/** A second tab on the same server, in the same browser, on the account the first one shows; `close` checks it logged no error. */
async function secondTab(app: App): Promise<Page & { done(): Promise<void> }> {
  const page = await app.page.context().newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(app.server!.url);
  await expect(page.getByTestId('balance')).toBeVisible();
  return Object.assign(page, {
    async done() {
      await page.close();
      expect(errors).toEqual([]);
    },
  });
}


const rowsOf = (page: Page, project: string) => page.getByRole('region', { name: 'Usages' }).locator('tbody tr', { hasText: project });

test('an entry in one tab shows in the other’s dashboard and usage log, and a deletion removes its row, without a reload', async ({ app }) => {
  await demoOpen(app);
  const a = app.page;
  const b = await secondTab(app);
  const balance = b.getByTestId('balance');
  const before = await balance.innerText();

  await logUsage(a, '3', 'Live A');
  await expect(rowsOf(a, 'Live A')).toHaveCount(1);
  // Within a second, and no navigation happened in B.
  await expect(balance).not.toHaveText(before, { timeout: 1000 });
  await screen(a, 'Dashboard');
  await expect(balance).toHaveText(await a.getByTestId('balance').innerText());

  await screen(b, 'Usage log');
  await expect(rowsOf(b, 'Live A')).toHaveCount(1);
  await logUsage(a, '2', 'Live B');
  await expect(rowsOf(b, 'Live B')).toHaveCount(1, { timeout: 1000 });
  await expect(rowsOf(b, 'Live B')).toContainText('40');

  await rowsOf(a, 'Live A').getByRole('button', { name: /^Delete the usage of/ }).click();
  await expect(rowsOf(a, 'Live A')).toHaveCount(0);
  await expect(rowsOf(b, 'Live A')).toHaveCount(0, { timeout: 1000 });
  await expect(rowsOf(b, 'Live B')).toHaveCount(1);
  await b.done();
});

test('two tabs saving the same project: the second is told another window changed it, and can reload theirs or overwrite with its own', async ({ app }, testInfo) => {
  await demoOpen(app);
  const a = app.page;
  const b = await secondTab(app);
  await screen(a, 'Projects');
  await screen(b, 'Projects');
  const name = (page: Page) => page.getByRole('form', { name: 'Project' }).getByLabel('Name');
  const avatars = (page: Page) => page.getByRole('form', { name: 'Project' }).getByLabel('Custom avatars');
  const list = (page: Page) => page.getByRole('region', { name: 'Planned projects' });
  await expect(name(b)).toHaveValue('Product launch, 5 languages');

  // A tab that has not touched the project follows the other's save.
  await name(a).fill('Product launch v2');
  await a.getByRole('button', { name: 'Save project' }).click();
  await expect(list(b)).toContainText('Product launch v2', { timeout: 1000 });
  await expect(name(b)).toHaveValue('Product launch v2');

  // B edits, A saves first: B's save is stale.
  await avatars(b).fill('3');
  await name(a).fill('Product launch v3');
  await a.getByRole('button', { name: 'Save project' }).click();
  await expect(list(b)).toContainText('Product launch v3', { timeout: 1000 });
  await b.getByRole('button', { name: 'Save project' }).click();
  const conflict = b.getByRole('alert').filter({ hasText: 'Another window changed the project “Product launch v3” since you opened it.' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('button', { name: 'Reload' })).toBeVisible();
  for (const width of [1280, 1024]) {
    await b.setViewportSize({ width, height: 860 });
    for (const scheme of ['light', 'dark'] as const) {
      await b.emulateMedia({ colorScheme: scheme });
      await conflict.scrollIntoViewIfNeeded();
      await b.screenshot({ path: testInfo.outputPath(`conflict-${width}-${scheme}.png`) });
    }
  }
  await b.emulateMedia({ colorScheme: 'light' });
  // Nothing was stored: A still shows its own save.
  await expect(avatars(a)).toHaveValue('1');

  // Overwrite: B's version is saved, and A (which has not touched it since) shows it.
  await conflict.getByRole('button', { name: 'Overwrite' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(avatars(a)).toHaveValue('3', { timeout: 1000 });
  await expect(name(a)).toHaveValue('Product launch v2');

  // Reload: B drops its edit for A's version.
  await avatars(b).fill('5');
  await name(a).fill('Product launch v4');
  await a.getByRole('button', { name: 'Save project' }).click();
  await expect(list(b)).toContainText('Product launch v4', { timeout: 1000 });
  await b.getByRole('button', { name: 'Save project' }).click();
  await expect(b.getByRole('alert').filter({ hasText: 'Product launch v4' })).toBeVisible();
  await b.getByRole('button', { name: 'Reload' }).click();
  await expect(b.getByRole('alert')).toHaveCount(0);
  await expect(name(b)).toHaveValue('Product launch v4');
  await expect(avatars(b)).toHaveValue('3');

  // A double click on Save is not a conflict with itself.
  await name(b).fill('Product launch v5');
  await b.getByRole('button', { name: 'Save project' }).dblclick();
  await expect(list(a)).toContainText('Product launch v5', { timeout: 1000 });
  await expect(b.getByRole('alert')).toHaveCount(0);
  await b.done();
});

test('a project deleted in the other tab: its save says so, and Reload shows it gone', async ({ app }) => {
  await demoOpen(app);
  const a = app.page;
  const b = await secondTab(app);
  await screen(a, 'Projects');
  await screen(b, 'Projects');
  await b.getByRole('form', { name: 'Project' }).getByLabel('Custom avatars').fill('2');
  await a.getByRole('button', { name: 'Delete' }).click();
  await expect(b.getByRole('region', { name: 'Planned projects' })).not.toContainText('Product launch', { timeout: 1000 });
  await b.getByRole('button', { name: 'Save project' }).click();
  await expect(b.getByRole('alert')).toContainText('Another window deleted the project “Product launch, 5 languages” since you opened it.');
  await b.getByRole('button', { name: 'Reload' }).click();
  await expect(b.getByRole('form', { name: 'Project' }).getByLabel('Name')).toHaveValue('New project');
  await b.done();
});

test('a tab left open across a server restart follows changes made after it', async ({ app }) => {
  await demoOpen(app);
  const a = app.page;
  await screen(a, 'Usage log');
  await app.serverRestart();
  const b = await secondTab(app);
  await logUsage(b, '1', 'After restart');
  await expect(rowsOf(a, 'After restart')).toHaveCount(1, { timeout: 10_000 });
  await b.done();
});

test('typing a setting saves each step in turn: the second keystroke is not refused as stale by the first', async ({ app }) => {
  await demoOpen(app);
  const page = app.page;
  await screen(page, 'Settings');
  const horizon = page.getByRole('region', { name: 'Preferences' }).getByLabel('Forecast horizon (months)');
  await horizon.selectText();
  await horizon.pressSequentially('12');
  await expect(horizon).toHaveValue('12');
  await page.waitForTimeout(300);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.reload();
  await screen(page, 'Settings');
  await expect(horizon).toHaveValue('12');
});

test('settings changed in a tab that did not hear of the other’s change: the choice shows in their section, and Overwrite saves', async ({ app, browser }, testInfo) => {
  await demoOpen(app);
  // A tab in another browser window whose stream never answers: it never hears of the first tab's change. (A stream
  // cut off instead would read as the server gone, and the tab reads the state again once it answers.)
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.route('**/api/events', () => {});
  const b = await context.newPage();
  await b.goto(app.server!.url);
  await screen(b, 'Settings');
  await screen(app.page, 'Settings');
  await app.page.getByLabel('Forecast horizon (months)').fill('6');
  await expect(app.page.getByLabel('Forecast horizon (months)')).toHaveValue('6');
  await b.getByLabel('Appearance').selectOption('dark');
  const prefs = b.getByRole('region', { name: 'Preferences' });
  const conflict = prefs.getByRole('alert');
  await expect(conflict).toContainText('Another window changed the settings since you opened them.');
  for (const width of [1280, 1024]) {
    await b.setViewportSize({ width, height: 860 });
    for (const scheme of ['light', 'dark'] as const) {
      await b.emulateMedia({ colorScheme: scheme });
      await conflict.scrollIntoViewIfNeeded();
      await b.screenshot({ path: testInfo.outputPath(`settings-conflict-${width}-${scheme}.png`) });
    }
  }
  await conflict.getByRole('button', { name: 'Overwrite' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(app.page.getByLabel('Appearance')).toHaveValue('dark', { timeout: 1000 });
  await expect(b.getByLabel('Forecast horizon (months)')).toHaveValue('6');
  await context.close();
});
