/** Issue #17, item 14: what looked unfinished, as a new user met it. */
import type { Locator } from '@playwright/test';
import { ASSUMPTIONS } from '../../shared/catalog/assumptions.ts';
import { accountOpen, dayFromToday } from './accounts.ts';
import { demoOpen, expect, test, type App } from './fixtures.ts';

const nav = (app: App) => app.page.getByRole('navigation', { name: 'Screens' });
const open = (app: App, screen: string) => nav(app).getByRole('button', { name: screen, exact: true }).click();

/** `YYYY-MM-DD` as the app writes a day (the page's locale). */
async function dayWords(app: App, iso: string): Promise<string> {
  return app.page.evaluate((iso) => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)))), iso);
}

/**
 * Labels a chart writes that cross another or leave the chart: its marks' labels (a renewal, a run-out, a project)
 * against every text of the chart, and each axis's tick labels against each other.
 */
async function labelClashes(chart: Locator): Promise<string[]> {
  return chart.evaluate((el) => {
    const svg = el.querySelector('svg.recharts-surface')!.getBoundingClientRect();
    const texts = Array.from(el.querySelectorAll('svg.recharts-surface text'), (t) => ({ text: t.textContent ?? '', axis: t.closest('.recharts-xAxis-tick-labels, .recharts-yAxis-tick-labels'), r: t.getBoundingClientRect() })).filter((t) => t.text.trim() !== '');
    const cross = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const clashes: string[] = [];
    texts.forEach((a, i) => {
      if (!a.axis && (a.r.left < svg.left - 0.5 || a.r.right > svg.right + 0.5 || a.r.top < svg.top - 0.5 || a.r.bottom > svg.bottom + 0.5)) clashes.push(`"${a.text}" leaves the chart`);
      for (const b of texts.slice(i + 1)) {
        const compared = !a.axis || !b.axis || a.axis === b.axis;
        if (compared && cross(a.r, b.r)) clashes.push(`"${a.text}" crosses "${b.text}"`);
      }
    });
    return clashes;
  });
}

test('#17.14 lengths: one format in the usage log and History ("5 min 45 s", never "345 s" beside "2.5 min")', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, [
    { date: dayFromToday(-20), type: 'subscribe', plan: 'pro', credits: 1000, billing: 'monthly' },
    { date: dayFromToday(-3), type: 'usage', feature: 'avatar-iv', seconds: 345, project: 'Imported' },
    { date: dayFromToday(-2), type: 'usage', feature: 'avatar-iv', minutes: 2.5, project: 'Typed' },
    { date: dayFromToday(-1), type: 'usage', feature: 'avatar-iii', minutes: 15, project: 'Typed' },
  ]);
  await open(app, 'Usage log');
  const rows = page.getByRole('region', { name: 'Usages' }).locator('tbody tr');
  await expect(rows.nth(0).locator('td').nth(2)).toHaveText('15 min');
  await expect(rows.nth(1).locator('td').nth(2)).toHaveText('2 min 30 s');
  await expect(rows.nth(2).locator('td').nth(2)).toHaveText('5 min 45 s');
  await open(app, 'History');
  const history = page.getByRole('region', { name: 'The account’s history' });
  await expect(history).toContainText('Avatar IV / Avatar V, 5 min 45 s');
  await expect(history).toContainText('Avatar IV / Avatar V, 2 min 30 s');
  await expect(history).not.toContainText(/(?<!min )\b\d+ s\b|\d\.\d+ min/);
});

test('#17.14 the usage CSV writes credits as exact decimals from the engine’s units', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, [
    { date: dayFromToday(-20), type: 'subscribe', plan: 'pro', credits: 1000, billing: 'monthly' },
    // 1 s of Avatar IV is a third of a credit; 7 s of Avatar III, 0.35.
    { date: dayFromToday(-3), type: 'usage', feature: 'avatar-iv', seconds: 1 },
    { date: dayFromToday(-2), type: 'usage', feature: 'avatar-iii', seconds: 7 },
  ]);
  await open(app, 'Usage log');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await download).createReadStream().then(async (s) => {
    let text = '';
    for await (const chunk of s) text += String(chunk);
    return text;
  });
  const [header, ...rows] = csv.trim().split('\n');
  const column = header!.split(',').indexOf('credits');
  const credits = rows.map((line) => line.split(',')[column]);
  expect(credits).toEqual(['0.35', '0.3333']);
});

test('#17.14 one credit is "1 credit": the log’s total, the form’s cost, the balance', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, [
    { date: dayFromToday(-20), type: 'subscribe', plan: 'pro', credits: 1000, billing: 'monthly' },
    { date: dayFromToday(-2), type: 'usage', feature: 'generate-look', count: 1 },
    { date: dayFromToday(-1), type: 'usage', feature: 'avatar-iv', minutes: 49.9 },
  ]);
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText(/^Pro 1,000 \(monthly\)\s*1 credit(?!s)/);
  await open(app, 'Usage log');
  await page.getByRole('combobox', { name: 'Filter by feature' }).selectOption('generate-look');
  await expect(page.getByTestId('usage-total')).toHaveText('1 usage · 1 credit');
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByRole('combobox', { name: 'Feature' }).fill('Generate Look');
  await page.keyboard.press('Enter');
  await form.getByLabel('How many (looks)').fill('1');
  await expect(form).toContainText('1 credit / look');
  await expect(form).toContainText('Costs 1 credit');
  await expect(form).not.toContainText('1 credits');
});

test('#17.14 at 1024 px the usage log shows every feature’s name whole; Project gives up its room first', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  await page.setViewportSize({ width: 1024, height: 768 });
  await open(app, 'Usage log');
  const table = page.getByRole('region', { name: 'Usages' }).getByRole('table');
  await expect(table.locator('tbody tr').first()).toContainText('Tutorials');
  const cut = await table.evaluate((t) =>
    Array.from(t.querySelectorAll('tbody tr'), (tr) => tr.querySelectorAll('td')[1]!).filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent),
  );
  expect(cut).toEqual([]);
});

test('#17.14 "Balance ahead": its days, the renewal and the run-out are labelled apart and inside the chart, on the dashboard (full and half width) and the pipeline', async ({ app }) => {
  const { page } = app;
  // Credits run out a day before the renewal, two days into the chart.
  await accountOpen(app, [
    { date: dayFromToday(-27), type: 'subscribe', plan: 'pro', credits: 1000, billing: 'monthly' },
    ...[0, 1, 2, 3].map((i) => ({ date: dayFromToday(-26 + i * 5), type: 'usage', feature: 'avatar-iv', minutes: 12 })),
  ]);
  const forecast = page.getByRole('region', { name: 'Forecast' });
  // Full width at 1024, half at 1440: three months of days on the axis either way.
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(forecast.getByText('runs out', { exact: true })).toBeVisible();
    await expect(forecast.getByText('renewal', { exact: true })).toBeVisible();
    expect(await labelClashes(forecast), `at ${width}`).toEqual([]);
  }

  // The pipeline: a project planned on the renewal day, its name beside the renewal's.
  const project = { format: 'credit-companion/project@1', name: 'Launch on renewal day', date: dayFromToday(3), lines: [{ feature: 'avatar-iv', minutes: 2 }] };
  const saved = await page.evaluate(async ({ token, project }) => (await fetch('./api/project-save', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input: { project } }) })).json(), { token: app.server!.token, project });
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
  await open(app, 'Pipeline');
  const pipeline = page.getByRole('region', { name: 'Balance and projects ahead' });
  await expect(pipeline.getByText('Launch on renewal day')).toBeVisible();
  expect(await labelClashes(pipeline)).toEqual([]);
});

test('#17.14 a burn range of one value is said once', async ({ app }) => {
  await accountOpen(app, [
    { date: dayFromToday(-20), type: 'subscribe', plan: 'pro', credits: 1000, billing: 'monthly' },
    { date: dayFromToday(-10), type: 'usage', feature: 'avatar-iv', minutes: 10 },
  ]);
  const burn = app.page.getByRole('region', { name: 'Burn', exact: true });
  await expect(burn).toContainText(/a month lately \(P10–P90 [\d,]+\)\./);
  await expect(burn).not.toContainText(/P10 \d/);
});

test('#17.14 About these numbers names each assumption in words, not by its internal id', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  await open(app, 'About these numbers');
  const list = page.getByRole('main', { name: 'About these numbers' }).getByRole('listitem');
  await expect(list.first()).toBeVisible();
  const text = await page.getByRole('main').innerText();
  expect(Object.keys(ASSUMPTIONS).filter((id) => text.includes(id))).toEqual([]);
  await expect(list.filter({ hasText: 'Forecasts spread the recent burn evenly' }).getByRole('heading')).toHaveText('Even burn ahead');
});

test('#17.14 the first change of an account set up on the welcome screen is called so', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Set up my plan' }).click();
  const form = page.getByRole('form', { name: 'Set up my plan' });
  await form.getByRole('combobox', { name: 'Plan' }).selectOption('creator');
  await form.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('Creator (monthly)');
  await open(app, 'History');
  const changes = page.getByRole('region', { name: 'Recent changes' });
  await expect(changes.getByRole('listitem')).toHaveCount(1);
  await expect(changes.getByRole('listitem')).toContainText('Set up the account on Creator (monthly)');
});

test('#17.14 the plan card dates the current plan from its upgrade, not from the first subscribe', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, [
    { date: dayFromToday(-60), type: 'subscribe', plan: 'creator', billing: 'monthly' },
    { date: dayFromToday(-45), type: 'change-plan', plan: 'pro', credits: 2000, billing: 'monthly' },
  ]);
  await open(app, 'Settings');
  await expect(page.getByRole('region', { name: 'Plan', exact: true })).toContainText(`Pro 2,000 (monthly) since ${await dayWords(app, dayFromToday(-45))}`);
});

test('#17.14 an empty chart points to where usage is logged, not to "above"', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, [{ date: dayFromToday(-5), type: 'subscribe', plan: 'pro', credits: 1000, billing: 'monthly' }]);
  const burn = page.getByRole('region', { name: 'Monthly burn by feature' });
  await expect(burn).toContainText('No usage logged yet.');
  await expect(burn).not.toContainText('above');
  await burn.getByRole('button', { name: 'Log a usage' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Usage log');
  await expect(page.getByRole('form', { name: 'Log a usage' }).getByRole('combobox', { name: 'Feature' })).toBeFocused();
});

test('#17.14 auto-reload can be turned off from Settings', async ({ app }) => {
  const { page } = app;
  await accountOpen(app, [
    { date: dayFromToday(-20), type: 'subscribe', plan: 'business', billing: 'monthly' },
    { date: dayFromToday(-10), type: 'auto-reload', threshold: 200, blocks: 2 },
  ]);
  await open(app, 'Settings');
  const form = page.getByRole('form', { name: 'Record a change' });
  await form.getByRole('combobox', { name: 'What changed' }).selectOption('auto-reload');
  await form.getByRole('radio', { name: 'Off' }).check();
  await expect(form.getByLabel('Blocks of 100 credits')).toHaveCount(0);
  await expect(form.getByLabel('What this does')).toContainText('Auto-reload off');
  await form.getByRole('button', { name: 'Record' }).click();
  await open(app, 'History');
  await expect(page.getByRole('row', { name: /Auto-reload off/ })).toBeVisible();
});
