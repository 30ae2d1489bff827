/** Issue #17, the usage import: a team's spreadsheet as it comes (one Qty column, a totals line, the import's own labels as headers), and rows that change what is already logged. */
import { accountOpen, dayFromToday } from './accounts.ts';
import { demoOpen, expect, test, type App } from './fixtures.ts';

const SHOTS = '/tmp/shots-import';

/** The usage log's import panel with `text` pasted and previewed. */
async function paste(app: App, text: string) {
  const { page } = app;
  await page.keyboard.press('Control+2');
  const panel = page.getByRole('region', { name: 'Import usage' });
  await panel.getByLabel('Or paste rows, with their header row').fill(text);
  await panel.getByRole('button', { name: 'Preview' }).click();
  return panel;
}

test('#17.3 import: rows dated before a logged usage that take its credits list it as refused, and the import asks first', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  await accountOpen(app, [
    { date: dayFromToday(-20), type: 'subscribe', plan: 'pro', credits: 1000 },
    { date: dayFromToday(-2), type: 'usage', feature: 'avatar-iii', minutes: 15, project: 'Tutorials' },
  ]);
  // 5 videos of 10 minutes of Avatar IV take the cycle's 1,000 credits three days before the Avatar III usage.
  const panel = await paste(app, `date,feature,minutes,videos\n${dayFromToday(-5)},Avatar IV,10,5\n`);
  await expect(page.getByTestId('import-summary')).toContainText('1 usage to add (1,000 credits)');
  const changes = panel.getByRole('region', { name: 'What the import changes' });
  await expect(changes).toContainText('This row changes what is already in the log:');
  await expect(changes.getByRole('list', { name: 'Usages already logged that change' })).toContainText('Avatar III, 15 min: 45 credits → refused (needs 45 credits, 0 available: 45 short)');
  await page.screenshot({ path: `${SHOTS}/17.3-changes.png`, fullPage: true });
  await panel.getByRole('button', { name: 'Import 1 usage' }).click();
  const ask = panel.getByRole('group', { name: 'Import anyway?' });
  await expect(ask).toContainText('Importing this row changes 1 usage already in the log, as listed above. Import anyway?');
  await expect(ask.getByRole('button', { name: 'Import anyway' })).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/17.3-ask.png`, fullPage: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('usage-total')).toContainText('2 usages');
  await expect(page.getByRole('row').filter({ hasText: 'Avatar III' })).toContainText('refused');
});

test('#17.6 import: one "Qty" column is the generations of VEO3 and the videos of Avatar IV, guessed or mapped to Videos', async ({ app }) => {
  await demoOpen(app);
  const { page } = app;
  const panel = await paste(app, `Date,Feature,Minutes,Qty\n${dayFromToday(-1)},VEO3,,2\n${dayFromToday(-1)},Avatar IV,1,3\n`);
  // 2 VEO3 generations at 90, and 3 videos of 1 minute of Avatar IV at 20.
  await expect(page.getByTestId('import-summary')).toContainText('2 usages to add (240 credits)');
  await expect(panel.getByRole('combobox', { name: 'How many' })).toHaveValue('Qty');
  await panel.getByRole('combobox', { name: 'Videos' }).selectOption('Qty');
  await expect(panel.getByRole('combobox', { name: 'How many' })).toHaveValue('');
  await expect(page.getByTestId('import-summary')).toContainText('2 usages to add (240 credits)');
  const rows = panel.getByRole('region', { name: 'The rows to add' });
  await expect(rows.getByRole('row').filter({ hasText: 'VEO3' })).toContainText('2 generations');
  // The amount and its videos share a column (#17.14): 1 minute, 3 videos.
  await expect(rows.getByRole('row').filter({ hasText: 'Avatar IV' }).getByRole('cell').nth(3)).toHaveText('1 min × 3');
  await panel.getByRole('button', { name: 'Import 2 usages' }).click();
  await expect(page.getByTestId('usage-total')).toContainText('19 usages');
});

test('#17.7 import: a totals line and a row with no date are skipped and counted; a bad row and any other row can be skipped from the preview', async ({ app }) => {
  await demoOpen(app);
  const { page } = app;
  const day = dayFromToday(-1);
  const panel = await paste(app, `Date,Project,Feature,Minutes,Count,Videos,Notes\n${day},A,Avatar IV,2,,,\n,,TOTAL,,,,\n${day},A,Talking head,1,,,\n${day},A,Avatar III,10,,,\n,B,Avatar IV,1,,,\n`);
  await expect(page.getByTestId('import-undated')).toHaveText('Rows 3 and 6 have no date (a totals line?): not imported.');
  const problems = panel.getByRole('alert');
  await expect(problems).toContainText('Row 4, column “Feature”: unknown feature "Talking head"');
  await problems.getByRole('button', { name: 'Skip row 4' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('2 usages to add (70 credits)');
  await panel.getByRole('button', { name: 'Skip row 5' }).click();
  await expect(page.getByTestId('import-skipped')).toHaveText('Rows 4 and 5 skipped, as you chose. Put them back');
  await expect(page.getByTestId('import-summary')).toContainText('1 usage to add (40 credits)');
  await page.screenshot({ path: `${SHOTS}/17.7-skipped.png`, fullPage: true });
  await panel.getByRole('button', { name: 'Import 1 usage' }).click();
  await expect(page.getByTestId('usage-total')).toContainText('18 usages');
});

test('#17.8 import: headers named as the import’s own fields need no mapping; a problem names the feature by its name and its own column', async ({ app }) => {
  await demoOpen(app);
  const { page } = app;
  const day = dayFromToday(-1);
  const panel = await paste(app, `Date,Feature,Length (mm:ss),How many\n${day},Avatar IV,1:30,\n${day},Video Translation no lip sync,,1\n`);
  await expect(panel.getByRole('combobox', { name: 'Length (mm:ss)' })).toHaveValue('Length (mm:ss)');
  await expect(panel.getByRole('combobox', { name: 'How many' })).toHaveValue('How many');
  const problems = panel.getByRole('alert');
  await expect(problems).toContainText('Row 3, column “Length (mm:ss)”: required: the length, as minutes or seconds (Video Translation, no lip-sync costs 2 per minute)');
  await expect(problems).not.toContainText('translation-no-lipsync');
  await page.screenshot({ path: `${SHOTS}/17.8-problem.png`, fullPage: true });
  await problems.getByRole('button', { name: 'Skip row 3' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('1 usage to add (30 credits)');
});
