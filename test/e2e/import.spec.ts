/** Usage from a spreadsheet: choose the file, check the columns and each row's cost, import, undo. */
import { demoOpen, expect, test } from './fixtures.ts';

test.beforeEach(({ app }) => demoOpen(app));

test('import a spreadsheet with a column mapped by hand and a European date, then undo it', async ({ app }, testInfo) => {
  const { page } = app;
  await page.keyboard.press('Control+2');
  const total = page.getByTestId('usage-total');
  await expect(total).toContainText('17 usages');
  const panel = page.getByRole('region', { name: 'Import usage' });
  const d = new Date();
  d.setDate(d.getDate() - 2);
  const day = `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
  const csv = `\ufeffMade on;Tool;Length;Client\n${day};Avatar IV;1:30;Imported\n${day};avatar 4;2,5;Imported\n`;
  await panel.getByLabel('CSV or TSV file').setInputFiles({ name: 'my-log.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(panel.getByRole('alert')).toContainText('no date column');
  await panel.getByRole('combobox', { name: 'Date', exact: true }).selectOption('Made on');
  await panel.getByRole('combobox', { name: 'Dates written as' }).selectOption('DD/MM/YYYY');
  await expect(page.getByTestId('import-summary')).toContainText('2 usages to add (80 credits)');
  await page.screenshot({ path: testInfo.outputPath('import-preview.png'), fullPage: true });
  await panel.getByRole('button', { name: 'Import 2 usages' }).click();
  await expect(total).toContainText('19 usages');
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 usages from my-log.csv' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(total).toContainText('17 usages');
});

test('a row with an unknown feature: every problem by row and column, nothing imported', async ({ app }) => {
  const { page } = app;
  await page.keyboard.press('Control+2');
  const panel = page.getByRole('region', { name: 'Import usage' });
  await panel.getByLabel('Or paste rows, with their header row').fill('date\tfeature\tminutes\n2026-11-20\tAvatar 9\t2\n2026-11-21\tAvatar IV\tabc\n');
  await panel.getByRole('button', { name: 'Preview' }).click();
  const problems = panel.getByRole('alert');
  await expect(problems).toContainText('Nothing is imported while there are 2 problems');
  await expect(problems).toContainText('Row 2, column “feature”: unknown feature "Avatar 9"');
  await expect(problems).toContainText('Row 3, column “minutes”: "abc" is not a number');
  await expect(panel.getByRole('button', { name: 'Fix the problems to import' })).toBeDisabled();
});

test('a feature name the app does not know is mapped once; the next file with the same columns maps itself', async ({ app }) => {
  const { page } = app;
  await page.keyboard.press('Control+2');
  const total = page.getByTestId('usage-total');
  const panel = page.getByRole('region', { name: 'Import usage' });
  const day = (ago: number) => {
    const d = new Date();
    d.setDate(d.getDate() - ago);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const file = (rows: string[]) => ({ name: 'tracker.csv', mimeType: 'text/csv', buffer: Buffer.from(`Shot on,Tool used,Minutes\n${rows.join('\n')}\n`) });
  await panel.getByLabel('CSV or TSV file').setInputFiles(file([`${day(3)},Talking head,1`, `${day(3)},Talking head,2`, `${day(2)},Talking head,1`, `${day(2)},Avatar IV,1`]));
  await panel.getByRole('combobox', { name: 'Date', exact: true }).selectOption('Shot on');
  await panel.getByRole('combobox', { name: 'Feature', exact: true }).selectOption('Tool used');
  // The same problem on three rows is one line.
  await expect(panel.getByRole('alert')).toContainText('Rows 2, 3 and 4, column “Tool used”: unknown feature "Talking head"');
  await panel.getByRole('combobox', { name: 'Feature for “Talking head”' }).selectOption({ label: 'Avatar IV / Avatar V' });
  await expect(page.getByTestId('import-summary')).toContainText('4 usages to add (100 credits)');
  await panel.getByRole('button', { name: 'Import 4 usages' }).click();
  await expect(total).toContainText('21 usages');

  // Next month's export of the same tracker: its columns and its own feature name are read as before.
  await panel.getByLabel('CSV or TSV file').setInputFiles(file([`${day(1)},Talking head,3`]));
  await expect(panel.getByText('Read as you mapped this kind of file last time.')).toBeVisible();
  await expect(page.getByTestId('import-summary')).toContainText('1 usage to add (60 credits)');
  await panel.getByRole('button', { name: 'Forget that and guess again' }).click();
  await expect(panel.getByRole('alert')).toContainText('no date column');
  await page.reload();
  await expect(page.getByTestId('balance')).toBeVisible();
  await page.keyboard.press('Control+2');
  await panel.getByLabel('CSV or TSV file').setInputFiles(file([`${day(1)},Talking head,3`]));
  await expect(panel.getByRole('alert')).toContainText('no date column');
});

test('50,000 rows: a progress bar while the file is read and while it is imported, then every row is in the log', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.keyboard.press('Control+2');
  const panel = page.getByRole('region', { name: 'Import usage' });
  const lines = ['date,feature,count,project'];
  const start = Date.now() - 60 * 86_400_000;
  for (let i = 0; i < 50_000; i++) lines.push(`${new Date(start + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10)},Generate Look,1,Bulk`);
  // What the bar shows, each time it changes: which bar, its value (none if it had no figure) and its words.
  await page.evaluate(() => {
    const seen: { bar: string; value: number | null; text: string }[] = [];
    (window as unknown as { barSeen: typeof seen }).barSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('.import-usage__working progress');
      const said = { bar: bar?.getAttribute('aria-label') ?? '', value: bar?.hasAttribute('value') ? bar.value : null, text: bar?.parentElement?.textContent ?? '' };
      if (bar && JSON.stringify(seen.at(-1)) !== JSON.stringify(said)) seen.push(said);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await panel.getByLabel('CSV or TSV file').setInputFiles({ name: 'bulk.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(panel.getByRole('progressbar', { name: 'Reading the file' })).toBeVisible();
  await expect(page.getByTestId('import-summary')).toContainText('50,000 usages to add', { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Import 50,000 usages' }).click();
  // They take the credits the demo's later usages were made with: the import says so, and asks first.
  await expect(panel.getByRole('group', { name: 'Import anyway?' })).toContainText(/changes [\d,]+ usages already in the log/);
  await panel.getByRole('button', { name: 'Import anyway' }).click();
  await expect(panel.getByRole('status').filter({ hasText: /Importing 50,000 usages…|Saving 50,000 usages…/ })).toBeVisible();
  await expect(page.getByTestId('usage-total')).toContainText('50,017 usages', { timeout: 60_000 });
  // Each bar said how far it had got, with a figure from the start: the rows read, the replay, then saving; always forward.
  const seen = await page.evaluate(() => (window as unknown as { barSeen: { bar: string; value: number | null; text: string }[] }).barSeen);
  expect(seen[0]).toEqual({ bar: 'Reading the file', value: 0, text: 'Reading 50,000 rows and what each costs… (0%)' });
  expect(seen.filter((s) => /^Reading row [\d,]+ of 50,000… \(\d+%\)$/.test(s.text)).length).toBeGreaterThan(0);
  expect(seen.every((s) => s.value !== null && s.value >= 0 && s.value <= 1 && s.text.endsWith(`(${Math.floor(s.value * 100)}%)`))).toBe(true);
  for (const bar of ['Reading the file', 'Importing']) {
    const figures = seen.filter((s) => s.bar === bar).map((s) => s.value!);
    expect(figures.length).toBeGreaterThan(0);
    expect(figures).toEqual([...figures].sort((a, b) => a - b));
  }
  expect(seen.some((s) => s.bar === 'Reading the file' && s.value! > 0 && s.value! < 1)).toBe(true);
});
