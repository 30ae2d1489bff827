/** Issue 17's money items, as a user sees them: History's charges, one answer on whether a project fits, Compare against the current plan, and a change form that starts empty. */
import { dateAddDays, today } from '../../shared/dates.ts';
import { accountOpen } from './accounts.ts';
import { expect, test, type App } from './fixtures.ts';

const day = (n: number) => dateAddDays(today(), n);

/** Call the browser mode's bridge, as the app's own screens do. */
async function call(app: App, name: string, input: unknown): Promise<void> {
  const reply = await app.page.evaluate(
    async ({ token, name, input }) => (await fetch(`./api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input }) })).json(),
    { token: app.server!.token, name, input },
  );
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
}

/** The screen at 1440 in light and at 1024 in dark, to look at. */
async function screenshots(app: App, name: string): Promise<void> {
  const { page } = app;
  for (const [width, scheme] of [[1440, 'light'], [1024, 'dark']] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `/tmp/shots-money/${name}-${width}-${scheme}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('#17.2 history: Business with 3 seats from the start is charged $189 on its subscribe row, as the dashboard says', async ({ app }) => {
  await app.page.setViewportSize({ width: 1280, height: 860 });
  await accountOpen(app, [
    { date: day(-10), type: 'subscribe', plan: 'business', billing: 'monthly' },
    { date: day(-10), type: 'seats', count: 3 },
  ]);
  const { page } = app;
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('$189.00 a month');
  await page.getByRole('button', { name: 'History' }).click();
  const rows = page.getByRole('region', { name: 'The account’s history' }).locator('tbody tr');
  const subscribe = rows.filter({ hasText: 'Subscribe to Business' });
  await expect(subscribe.locator('td').nth(3)).toHaveText(/^\$189\.00(\D|$)/);
  const seats = rows.filter({ hasText: 'Seats: 3' });
  await expect(seats).toContainText('the first charge is $189');
  await expect(seats.locator('td').nth(3)).toHaveText('');
  await expect(rows.filter({ hasText: '$149.00' })).toHaveCount(0);
  await screenshots(app, 'history-business-3-seats');
});

test('#17.9 a project that fits only if nothing else is used says both parts, in the same words on Projects and Pipeline', async ({ app }) => {
  await app.page.setViewportSize({ width: 1280, height: 860 });
  // Creator since 20 days ago, 10 credits a day: 410 left today, about 9 a day at this pace, and no new credits for a week.
  await accountOpen(app, [
    { date: day(-20), type: 'subscribe', plan: 'creator' },
    ...Array.from({ length: 19 }, (_, i) => ({ date: day(-19 + i), type: 'usage', feature: 'avatar-iv', seconds: 30 })),
  ]);
  await call(app, 'project-save', { project: { format: 'credit-companion/project@1', name: 'Launch video', date: day(5), resolution: '1080p', lines: [{ feature: 'avatar-iv', minutes: 20 }] } });
  const { page } = app;
  await page.reload();
  await page.getByRole('button', { name: 'Projects' }).click();
  const status = page.getByRole('region', { name: 'Quote result' }).getByRole('status');
  await expect(status).toContainText('Fits if nothing else is used (410 credits on');
  await expect(status).toContainText(/at your pace since .*, [\d.,]+ short\./);
  const said = (await status.textContent())!;
  await page.getByRole('button', { name: 'Pipeline' }).click();
  const row = page.getByRole('region', { name: 'Planned projects' }).getByRole('row', { name: /Launch video/ });
  await expect(row.locator('td').last()).toHaveText(said);
  await screenshots(app, 'pipeline-fits-two-ways');
  await page.getByRole('button', { name: 'Projects' }).click();
  await expect(status).toHaveText(said);
  await screenshots(app, 'projects-fits-two-ways');
});

test('#17.10 compare: the current plan is the baseline, each option saves or costs against it, near-misses rank by cost, and the dashboard says what would have saved', async ({ app }) => {
  await app.page.setViewportSize({ width: 1280, height: 860 });
  // Pro 3,000 for 4 months: 80 credits every 4 days, and one 800-credit video a month ago that Pro 1,000 could not have made.
  await accountOpen(app, [
    { date: day(-120), type: 'subscribe', plan: 'pro', credits: 3000 },
    ...Array.from({ length: 30 }, (_, i) => ({ date: day(-118 + i * 4), type: 'usage', feature: 'avatar-iv', minutes: 4 })),
    { date: day(-30), type: 'usage', feature: 'avatar-iv', minutes: 40 },
  ]);
  const { page } = app;
  // Pro 2,000 at $91.94 a month against Pro 3,000 at $134.88 (both estimated): 3 × $42.94.
  const balance = page.getByRole('region', { name: 'Balance' });
  await expect(balance).toContainText('Pro 2,000 would have saved $128.82 over the last 3 months');
  await screenshots(app, 'dashboard-saving');
  await balance.getByRole('button', { name: 'See the comparison' }).click();
  const history = page.getByRole('region', { name: 'Last 3 months replayed' });
  await expect(history.getByRole('columnheader', { name: 'Saves / costs' })).toBeVisible();
  const current = history.getByRole('row', { name: /^Pro 3,000 / });
  await expect(current).toContainText('current plan');
  await expect(current).toContainText('$404.64');
  await expect(history.getByRole('row', { name: /^Pro 2,000 / })).toContainText('saves $128.82');
  await expect(history.getByRole('row', { name: /^Pro 100,000 / })).toContainText('costs $12,495.36 more');
  const near = history.getByRole('row', { name: /^Pro 1,000 / });
  await expect(near).toContainText('saves $257.64');
  await expect(near).toContainText('1 refused (80 credits short)');
  const names = await history.locator('tbody tr td:first-child').allTextContents();
  const rank = (label: string) => names.findIndex((n) => n.startsWith(`${label} `) || n === label);
  // By cost: the near-miss first, then every plan that covers it, and Creator, far short, last.
  expect(rank('Pro 1,000')).toBe(0);
  expect(rank('Pro 2,000')).toBe(1);
  expect(rank('Pro 3,000')).toBeLessThan(rank('Pro 100,000'));
  expect(names.at(-1)).toMatch(/^Creator/);
  await history.scrollIntoViewIfNeeded();
  await screenshots(app, 'compare-baseline');
});

test('#17.11 settings: the change form starts empty, and its preview says what will happen on a later date', async ({ app }) => {
  await app.page.setViewportSize({ width: 1280, height: 860 });
  await accountOpen(app, [{ date: day(-10), type: 'subscribe', plan: 'creator' }]);
  const { page } = app;
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Record a change' });
  const to = form.getByRole('combobox', { name: 'To', exact: true });
  await expect(to).toHaveValue('');
  await expect(form.getByRole('button', { name: 'Record' })).toBeDisabled();
  const preview = form.getByLabel('What this does');
  await expect(preview).toHaveText('');
  await screenshots(app, 'settings-empty');

  await to.selectOption('pro');
  await form.getByLabel('Credits a month').fill('2000');
  await form.getByLabel('On', { exact: true }).fill(day(5));
  await expect(preview).toContainText(/^This will happen on .* \(in 5 days\):/);
  await expect(preview).toContainText('Upgrade to Pro 2,000 (monthly) at once');
  await expect(preview).toContainText(/Will charge \$[\d.,]+ on /);
  await expect(preview).not.toContainText('Upgraded');
  await expect(preview).not.toContainText('Charge now');
  await expect(preview).not.toContainText('credits now');
  await screenshots(app, 'settings-preview-ahead');

  await form.getByLabel('On', { exact: true }).fill(today());
  await expect(preview).toContainText(/^This happens today:/);
  await expect(preview).toContainText(/Charges \$[\d.,]+ today/);
  await form.getByLabel('On', { exact: true }).fill(day(-2));
  await expect(preview).toContainText(/^This happened on /);
  await expect(preview).toContainText(/Charged \$[\d.,]+ on /);
});
