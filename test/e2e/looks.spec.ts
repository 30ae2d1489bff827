/** What every screen looks like and says at a glance (#9: at a glance, defects 8 and 15), as a user sees it. */
import { ASSUMPTION_NAMES, ASSUMPTIONS } from '../../shared/catalog/assumptions.ts';
import { ACCOUNTS, accountOpen, dayFromToday } from './accounts.ts';
import { demoOpen, expect, test, type App } from './fixtures.ts';

const nav = (app: App) => app.page.getByRole('navigation', { name: 'Screens' });
const open = (app: App, screen: string) => nav(app).getByRole('button', { name: screen, exact: true }).click();

/** Pro 1,500 (an estimated tier) since 40 days ago, with some usage. */
const PRO_1500 = [
  { date: dayFromToday(-40), type: 'subscribe', plan: 'pro', credits: 1500, billing: 'monthly' },
  { date: dayFromToday(-30), type: 'usage', feature: 'avatar-iv', minutes: 30 },
  { date: dayFromToday(-5), type: 'usage', feature: 'avatar-iv', minutes: 12 },
];

test('every screen has one page heading and the line at a glance: what expires when, the renewal, the burn in whole credits', async ({ app }) => {
  await demoOpen(app);
  // All workspaces is of every workspace, not one account: it has no one account's line at a glance.
  const screens = (await nav(app).getByRole('button').allInnerTexts()).filter((s) => s !== 'All workspaces');
  expect(screens).toContain('About these numbers');
  for (const screen of screens) {
    await open(app, screen);
    await expect(app.page.getByRole('heading', { level: 1 })).toHaveText(screen);
    await expect(app.page.locator('h1')).toHaveCount(1);
    await expect(app.page.getByTestId('glance')).toHaveText(/^[\d,]+ credits expire (in \d+ days|tomorrow|today) · renews (in \d+ days|tomorrow|today) · [\d,]+ credits a month lately$/);
  }
  // "584.92 a month" no more: the burn is in whole credits, with its unit.
  await open(app, 'Dashboard');
  await expect(app.page.getByRole('region', { name: 'Burn', exact: true })).toContainText(/About [\d,]+ credits a month lately \(P10 [\d,]+ – P90 [\d,]+\)/);
});

test('on Free the line says how many free videos are left', async ({ app }) => {
  await demoOpen(app);
  await accountOpen(app, ACCOUNTS.free);
  await expect(app.page.getByTestId('glance')).toHaveText('2 of 3 free videos left');
  // No flat line at zero for a balance that cannot move.
  await expect(app.page.getByRole('region', { name: 'Forecast' })).toContainText('No credits are held or coming, so there is no balance to project.');
});

test('an estimated price is labelled on the dashboard and in the upgrade previews, and explained on About these numbers (defect 8)', async ({ app }, testInfo) => {
  const { page } = app;
  await demoOpen(app);
  await accountOpen(app, PRO_1500);
  const balance = page.getByRole('region', { name: 'Balance' });
  await expect(balance.getByTestId('plan-price')).toHaveText('$70.47 a month');
  // The plan price's badge (a cheaper plan's saving, when there is one, has its own after it).
  await balance.getByRole('button', { name: 'estimated' }).first().click();
  const note = page.getByRole('note');
  await expect(note).toBeVisible();
  await expect(note).toContainText('estimated on a straight line between the nearest known tiers');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`estimated-badge-open-${scheme}.png`) });
  }
  await note.getByRole('button', { name: 'About these numbers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('About these numbers');
  const item = page.locator('#about-pro-estimated');
  await expect(item).toBeFocused();
  await expect(item).toContainText('shapes your numbers');
  // Every assumption is listed by its name.
  const names = page.getByRole('main', { name: 'About these numbers' }).locator('li h3');
  await expect(names).toHaveCount(Object.keys(ASSUMPTIONS).length);
  expect((await names.allInnerTexts()).sort()).toEqual(Object.values(ASSUMPTION_NAMES).sort());

  await open(app, 'Settings');
  const form = page.getByRole('form', { name: 'Record a change' });
  await form.getByRole('combobox', { name: 'To', exact: true }).selectOption('pro');
  await form.getByLabel('Credits a month').fill('2500');
  const preview = form.getByLabel('What this does');
  await expect(preview).toContainText(/Charges \$[\d,.]+ today/);
  await expect(preview.getByRole('button', { name: 'estimated' })).toBeVisible();
  // The annual upgrade: an assumed annual price, labelled too.
  await form.getByRole('combobox', { name: 'Billing' }).selectOption('annual');
  await expect(preview).toContainText('a new annual period starts that day');
  await preview.getByRole('button', { name: 'estimated' }).first().click();
  await expect(page.getByRole('note')).toContainText('taken as 12 × the monthly price');
});

test('Reset reads as a danger, not as the way forward (defect 15)', async ({ app }) => {
  await demoOpen(app);
  await open(app, 'Settings');
  const reset = app.page.getByRole('form', { name: 'Reset' }).getByRole('button', { name: 'Reset' });
  const look = await reset.evaluate((b) => ({ background: getComputedStyle(b).backgroundColor, color: getComputedStyle(b).color }));
  const accent = await app.page.getByRole('button', { name: 'Record' }).evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(look.background).toBe('rgba(0, 0, 0, 0)');
  expect(look.background).not.toBe(accent);
  expect(look.color).toBe('rgb(179, 38, 30)');
});

test('charts: add-on credits are one band to the horizon, an annual plan one band per expiry, months with their year, the monthly grant not called renewal (defect 15)', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  const lots = page.getByRole('region', { name: 'Lots timeline' });
  await accountOpen(app, ACCOUNTS.business);
  await expect(lots.getByRole('list', { name: 'Legend' }).getByRole('listitem')).toHaveText(['Add-on credits · no expiry']);
  await expect(lots.locator('.recharts-area-area')).toHaveCount(1);
  await expect(lots.locator('.recharts-area-area')).toHaveAttribute('d', /L/);
  await expect(lots.getByRole('button', { name: 'assumption' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Monthly burn by feature' }).locator('.recharts-cartesian-axis-tick-value').first()).toHaveText(/^[A-Z][a-z]{2} \d{4}$/);

  await accountOpen(app, ACCOUNTS.annual);
  await expect(lots.getByRole('list', { name: 'Legend' }).getByRole('listitem')).toHaveCount(1);
  await expect(lots.getByRole('list', { name: 'Legend' }).getByRole('listitem')).toHaveText(/^Monthly credits · expire /);
  const forecast = page.getByRole('region', { name: 'Forecast' });
  await expect(forecast).toContainText('new credits');
  await expect(forecast).not.toContainText('renewal');
  await expect(page.getByTestId('glance')).toHaveText(/new credits (in \d+ days|tomorrow|today) · renews on /);
  await expect(page.getByRole('region', { name: 'Balance' }).getByRole('button', { name: 'estimated' }).first()).toBeVisible();
  await open(app, 'Pipeline');
  await expect(page.getByRole('region', { name: 'Balance and projects ahead' })).toContainText('new credits');
  // The account's history labels the year's charge as estimated too.
  await open(app, 'History');
  await expect(page.getByRole('row', { name: /Subscribe to Pro 1,500 \(annual\)/ }).getByRole('button', { name: 'estimated' })).toBeVisible();
});

test('compare: the burn below 600 and the typed figure are on the ladder, Creator is a line, add-on credits are grouped (defect 15)', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  await open(app, 'Compare plans');
  const ladder = page.getByRole('region', { name: 'Cost across the ladder' });
  // The demo burns about 500 a month: below Creator's 600, and on the chart.
  await expect(ladder.getByText('your burn')).toBeVisible();
  const credits = page.getByRole('textbox', { name: 'Credits a month' });
  await credits.fill('250');
  await expect(ladder.getByText('250 typed')).toBeVisible();
  const creator = ladder.locator('.recharts-line').filter({ has: page.locator('path[name="Creator"]') }).locator('path.recharts-line-curve');
  await expect(creator).toHaveAttribute('d', /L/);
  await credits.fill('2500');
  await expect(page.getByRole('region', { name: 'Credits a month' })).toContainText('Business + 1,000 add-on credits');
});

test('a change recorded says its date in words (defect 15)', async ({ app }) => {
  const { page } = app;
  await demoOpen(app);
  await open(app, 'Settings');
  const form = page.getByRole('form', { name: 'Record a change' });
  await form.getByRole('combobox', { name: 'What changed' }).selectOption('balance-check');
  await form.getByLabel('Balance shown').fill('3000');
  await form.getByRole('button', { name: 'Record' }).click();
  const today = new Date();
  const words = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(today);
  await expect(page.locator('.toast')).toContainText(`recorded for ${words}`);
  await expect(page.locator('.toast')).not.toContainText(/\d{4}-\d{2}-\d{2}/);
});
