/** The accounts the look of every screen is checked on: Free, Business with add-ons, an annual plan (and the demo). */
import { expect, test, type App } from './fixtures.ts';

/** `YYYY-MM-DD`, `days` from today in the local time zone (the app's today). */
export function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const ACCOUNTS = {
  /** Free: one of three free videos used. */
  free: [
    { date: dayFromToday(-40), type: 'subscribe', plan: 'free' },
    { date: dayFromToday(-10), type: 'usage', feature: 'avatar-iv', minutes: 2, project: 'Intro' },
  ],
  /** Business, 3 seats, two add-on purchases, and this cycle's allocation used up: only add-on credits are held. */
  business: [
    { date: dayFromToday(-70), type: 'subscribe', plan: 'business', billing: 'monthly' },
    { date: dayFromToday(-70), type: 'seats', count: 3 },
    { date: dayFromToday(-50), type: 'usage', feature: 'avatar-iv', minutes: 60, project: 'Course' },
    { date: dayFromToday(-20), type: 'addon', blocks: 10 },
    { date: dayFromToday(-12), type: 'addon', blocks: 10 },
    { date: dayFromToday(-3), type: 'usage', feature: 'avatar-iv', minutes: 75, project: 'Course' },
    { date: dayFromToday(-2), type: 'usage', feature: 'avatar-iii', minutes: 100, project: 'Shorts' },
    { date: dayFromToday(-1), type: 'usage', feature: 'avatar-iii', minutes: 400, project: 'Shorts' },
  ],
  /** Pro 1,500 billed annually for nine months: an estimated tier at an assumed annual price. */
  annual: [
    { date: dayFromToday(-275), type: 'subscribe', plan: 'pro', credits: 1500, billing: 'annual' },
    ...Array.from({ length: 9 }, (_, i) => ({ date: dayFromToday(-270 + i * 30), type: 'usage', feature: 'avatar-iv', minutes: 20 + (i % 3) * 10, project: i % 2 ? 'Ads' : 'Tutorials' })),
  ],
} as const;

/** Replace the account (as an imported file would) and reload the app on its dashboard. Browser mode: through its bridge. */
export async function accountOpen(app: App, events: readonly object[]): Promise<void> {
  test.skip(app.server === null, 'the account is set through the browser mode’s bridge');
  const { page } = app;
  const reply = await page.evaluate(
    async ({ token, events }) => (await fetch('./api/account-replace', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input: { account: { format: 'credit-companion/account@1', events } } }) })).json(),
    { token: app.server!.token, events },
  );
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  await page.reload();
  // The balance, or on Free the free videos left.
  await expect(page.getByRole('region', { name: 'Balance' })).toBeVisible();
}
