import { describe, expect, it } from 'vitest';
import { accountOf as viewAccount } from '../test/fixtures/ledgers.ts';
import { RATE_CARD_2026_11 } from './catalog/rateCard.ts';
import { forecastCompute } from './engine/forecast.ts';
import { accountParse } from './formats/account.ts';
import type { Cents, IsoDate } from './units.ts';
import { reportCompute } from './engine/report.ts';
import { accountView, projectionDrawn } from './view.ts';
import { FILE_WORDS, freeUsageText } from './wording.ts';

describe('accountView', () => {
  const parsed = accountParse({
    format: 'credit-companion/account@1',
    events: [
      { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 5, project: 'A' }, // 100, last cycle, day 3
      { date: '2026-02-05', type: 'usage', feature: 'veo3', count: 1, project: 'B' }, // 90, last cycle, day 19: after the same point
      { date: '2026-02-18', type: 'usage', feature: 'avatar-iii', minutes: 10 }, // 30, this cycle
      { date: '2026-02-19', type: 'usage', feature: 'avatar-iv', minutes: 500 }, // refused: 10,000 > balance
    ],
  });
  const view = accountView(parsed.ok ? parsed.value : (null as never), '2026-02-20' as IsoDate);
  const v = view.ok ? view.value : (null as never);

  it('compares this cycle with the same number of days into the last one', () => {
    // Cycle from Feb 17; 3 days in. The last cycle from Jan 17 to Jan 20 held the 100.
    expect(v.cycleBurn).toEqual({ since: '2026-02-17', used: 30 * 3600, lastSince: '2026-01-17', lastUntil: '2026-01-20', lastUsed: 100 * 3600 });
  });

  it('sums credits used per month and feature, refused usages left out', () => {
    expect(v.burnByMonth.map((m) => [m.month, m.total / 3600, Object.keys(m.byFeature).sort()])).toEqual([
      ['2026-01', 100, ['avatar-iv']],
      ['2026-02', 120, ['avatar-iii', 'veo3']],
    ]);
    expect([v.usageCount, v.projects]).toEqual([4, ['A', 'B']]);
  });

  it('gives the line every screen shows: what expires next, the renewal and the burn to the whole credit (#9, at a glance)', () => {
    // The January lot (1,000) gave 100 + 90 + 30: 780 left, expiring with the cycle on March 17, 25 days ahead.
    expect(v.glance).toMatchObject({
      expiring: { on: '2026-03-17', inDays: 25, credits: 780 * 3600, forfeited: false },
      nextCredits: { on: '2026-03-17', inDays: 25 },
      renewal: { on: '2026-03-17', inDays: 25, annual: false, ends: false },
      freeVideos: null,
    });
    expect(v.glance.burnPerMonth % 3600).toBe(0);
    expect(Math.abs(v.glance.burnPerMonth - v.forecast.burn.perMonth)).toBeLessThanOrEqual(1800);
    expect(v.glance.overBudget).toBeNull();
  });

  it('names the months ahead over a monthly budget, as the Reports screen counts them (#11, the budget at a glance)', () => {
    const account = parsed.ok ? parsed.value : (null as never);
    const at = '2026-02-20' as IsoDate;
    // Pro 1,000 renews at $49 on the 17th: a $40 budget is over in March, April and May (the horizon's months), not February.
    const over = accountView(account, at, 3, 4000 as Cents);
    expect(over.ok && over.value.glance.overBudget).toEqual({ cents: 4000, months: ['2026-03', '2026-04', '2026-05'] });
    const report = reportCompute(account, at, 'month', 3, 4000 as Cents);
    expect(report.ok && report.value.budget?.over).toEqual(['2026-03', '2026-04', '2026-05']);
    const within = accountView(account, at, 3, 4900 as Cents);
    expect(within.ok && within.value.glance.overBudget).toBeNull();
  });
});

describe('accountView: who used the credits this cycle (#20)', () => {
  // Business from Jan 10 with 5 seats; this cycle from Feb 10. Avatar IV is 20 a minute, VEO3 90 a generation.
  const team = viewAccount([
    { date: '2026-01-10', type: 'subscribe', plan: 'business', billing: 'monthly' },
    { date: '2026-01-10', type: 'seats', count: 5 },
    { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10, by: 'Cleo' }, // 200, last cycle: not counted
    { date: '2026-02-10', type: 'usage', feature: 'avatar-iv', minutes: 5, by: 'Ana' }, // 100
    { date: '2026-02-11', type: 'usage', feature: 'veo3', count: 1, by: 'ana ' }, // 90, the same Ana
    { date: '2026-02-12', type: 'usage', feature: 'avatar-iv', minutes: 3, by: 'Ben' }, // 60
    { date: '2026-02-12', type: 'usage', feature: 'avatar-iii', minutes: 10 }, // 30, nobody named
    { date: '2026-02-13', type: 'usage', feature: 'avatar-iv', minutes: 500, by: 'Dee' }, // refused: 10,000 > balance
    { date: '2026-02-20', type: 'usage', feature: 'avatar-iv', minutes: 1, by: 'Eve' }, // after the view's date
  ]);
  const at = '2026-02-15' as IsoDate;
  const r = accountView(team, at);
  const v = r.ok ? r.value : (null as never);

  it('lists the members every usage names, one name each (as first written), whatever the dates', () => {
    expect(v.members).toEqual(['Ana', 'Ben', 'Cleo', 'Dee', 'Eve']);
  });

  it("gives this cycle's credits per member, most first, nobody named last; refused usages cost nothing; they add up to the cycle's burn", () => {
    expect(v.memberBurn?.since).toBe('2026-02-10');
    expect(v.memberBurn?.rows.map((m) => [m.member, m.credits / 3600, m.usages])).toEqual([
      ['Ana', 190, 2],
      ['Ben', 60, 1],
      ['Dee', 0, 1],
      [null, 30, 1],
    ]);
    expect(v.memberBurn!.rows.reduce((n, m) => n + m.credits, 0)).toBe(v.cycleBurn!.used);
  });

  it('on Business, counts the members seen this cycle against the seats paid', () => {
    expect(v.memberBurn?.seats).toEqual({ seen: 3, paid: 5 });
  });

  it('has no seats line off Business, and no member card for an account whose usages name nobody', () => {
    const pro = viewAccount([{ date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-02-11', type: 'usage', feature: 'veo3', count: 1, by: 'Ana' }]);
    const p = accountView(pro, at);
    expect(p.ok && p.value.memberBurn).toEqual({ since: '2026-02-10', rows: [{ member: 'Ana', credits: 90 * 3600, usages: 1 }], seats: null });
    const nobody = viewAccount([{ date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-02-11', type: 'usage', feature: 'veo3', count: 1 }]);
    const n = accountView(nobody, at);
    expect(n.ok && [n.value.members, n.value.memberBurn]).toEqual([[], null]);
  });
});

describe('accountView on Free and on annual billing', () => {
  const viewOf = (events: unknown[], at: string) => {
    const parsed = accountParse({ format: 'credit-companion/account@1', events, freeQuota: { videos: 3, maxMinutes: 3 } });
    const view = accountView(parsed.ok ? parsed.value : (null as never), at as IsoDate);
    return view.ok ? view.value : (null as never);
  };

  it('counts the free videos left on Free, with no renewal', () => {
    const v = viewOf([{ date: '2026-11-01', type: 'subscribe', plan: 'free' }, { date: '2026-11-02', type: 'usage', feature: 'avatar-iv', minutes: 2 }], '2026-11-25');
    expect(v.glance).toMatchObject({ freeVideos: { left: 2, quota: 3 }, renewal: null, nextCredits: null, expiring: null });
  });

  it('tells the monthly credits apart from the annual renewal', () => {
    const v = viewOf([{ date: '2026-03-10', type: 'subscribe', plan: 'creator', billing: 'annual' }], '2026-11-25');
    expect(v.glance).toMatchObject({ nextCredits: { on: '2026-12-10', inDays: 15 }, renewal: { on: '2027-03-10', annual: true, ends: false } });
  });

  it('reads "the same point last cycle" from the schedule: anchor 31, after a pause, not one calendar month back', () => {
    const cycleBurnOn = (events: unknown[], at: string) => {
      const account = accountParse({ format: 'credit-companion/account@1', events });
      const v = accountView(account.ok ? account.value : (null as never), at as IsoDate);
      return v.ok ? v.value.cycleBurn : (null as never);
    };
    // Anchor 31: cycles start Jan 31 and Feb 28. On Feb 28 (day 0) last cycle's day 0 is Jan 31, which holds the 100.
    expect(cycleBurnOn([{ date: '2026-01-31', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-01-31', type: 'usage', feature: 'avatar-iv', minutes: 5 }], '2026-02-28')).toEqual({
      since: '2026-02-28',
      used: 0,
      lastSince: '2026-01-31',
      lastUntil: '2026-01-31',
      lastUsed: 100 * 3600,
    });
    // Paused on Jan 20: the cycle due Feb 10 starts Mar 12. On Mar 14 (2 days in) the last cycle is Jan 10 to Jan 12, and holds the 100 of Jan 11.
    expect(
      cycleBurnOn(
        [
          { date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 },
          { date: '2026-01-11', type: 'usage', feature: 'avatar-iv', minutes: 5 },
          { date: '2026-01-20', type: 'pause' },
          { date: '2026-02-11', type: 'usage', feature: 'avatar-iv', minutes: 2 },
        ],
        '2026-03-14',
      ),
    ).toEqual({ since: '2026-03-12', used: 0, lastSince: '2026-01-10', lastUntil: '2026-01-12', lastUsed: 100 * 3600 });
    // A subscription's first cycle has no cycle before it.
    expect(cycleBurnOn([{ date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 }], '2026-01-20')).toBeNull();
  });

  it('counts a usage on Free against the free quota, never as credits, and says so before it is logged', () => {
    const v = viewOf([{ date: '2026-11-01', type: 'subscribe', plan: 'free' }, { date: '2026-11-02', type: 'usage', feature: 'avatar-iv', minutes: 2 }], '2026-11-25');
    // A 2-minute Avatar IV video would be 40 credits on a paid plan: on Free it is one free video and 0 credits.
    expect(v.burnByMonth).toEqual([{ month: '2026-11', total: 0, byFeature: {}, freeVideos: 1 }]);
    expect([v.ledger.onFree, v.ledger.freeVideos]).toEqual([true, { quota: 3, used: 1, maxMinutes: 3 }]);
    expect(freeUsageText(v.ledger.freeVideos, { feature: 'avatar-iv', minutes: 2 }, FILE_WORDS)).toBe('Uses 1 of the 2 free videos left, no credits');
    expect(freeUsageText(v.ledger.freeVideos, { feature: 'avatar-iv', minutes: 4 }, FILE_WORDS)).toBe('Refused on Free: a Free video is at most 3 minutes in your region');
    expect(freeUsageText(v.ledger.freeVideos, { feature: 'veo3', count: 1 }, FILE_WORDS)).toBe('Refused on Free: VEO3 uses credits, and Free has none: subscribe to a paid plan');
  });
});

describe("the dashboard's chart series (#8: the window plots them as they come)", () => {
  const viewOf = (events: unknown[], at: string, months = 3) => {
    const parsed = accountParse({ format: 'credit-companion/account@1', events });
    const view = accountView(parsed.ok ? parsed.value : (null as never), at as IsoDate, months);
    return view.ok ? view.value : (null as never);
  };
  const pro = { date: '2025-01-10', type: 'subscribe', plan: 'pro', credits: 2000 };
  /** A usage a week over two years: 23 months of burn, 24 cycles. */
  const weekly = Array.from({ length: 100 }, (_, i) => ({ date: new Date(Date.UTC(2025, 0, 11 + 7 * i)).toISOString().slice(0, 10), type: 'usage', feature: i % 3 ? 'avatar-iv' : 'veo3', ...(i % 3 ? { minutes: 2 } : { count: 1 }) }));

  it('stacks the credits held by kind and expiry, first to expire first, stepping down on each expiry and drawn to the horizon where some never expire', () => {
    const v = viewOf([{ date: '2026-09-10', type: 'subscribe', plan: 'business' }, { date: '2026-10-01', type: 'addon', blocks: 1 }], '2026-11-25');
    expect(v.charts.lots).toEqual({
      bands: [
        { kind: 'allocation', expiresOn: '2026-12-10' },
        { kind: 'allocation', expiresOn: '2027-01-10' },
        { kind: 'addon', expiresOn: null },
      ],
      points: [
        { date: '2026-11-25', credits: [1500 * 3600, 1500 * 3600, 100 * 3600] },
        { date: '2026-12-10', credits: [0, 1500 * 3600, 100 * 3600] },
        { date: '2027-01-10', credits: [0, 0, 100 * 3600] },
        { date: '2027-02-25', credits: [0, 0, 100 * 3600] },
      ],
    });
  });

  it('keeps a forecast of four months or less day by day, and the renewal on it', () => {
    const v = viewOf([pro, ...weekly], '2026-11-25');
    expect(v.charts.forecast).toHaveLength(92); // Nov 26 to Feb 25, each day
    expect(v.charts.forecast[0]!.date).toBe('2026-11-26');
    expect(v.charts.forecastMarks).toEqual({ renewal: '2026-12-10', runOut: null });
    expect('projection' in v.forecast).toBe(false);
  });

  it('draws two years ahead a week apart and at each turn, so every day left out lies on the line between the days kept', () => {
    const full = forecastCompute(viewAccount([pro, ...weekly]), '2026-11-25' as IsoDate, 24);
    const projection = full.ok ? full.value.projection : (null as never);
    const drawn = projectionDrawn(projection);
    expect(projection).toHaveLength(731); // to Nov 25, 2028 (a leap year)
    expect(drawn.length).toBeLessThan(200);
    expect([drawn[0], drawn.at(-1)]).toEqual([projection[0], projection.at(-1)]);
    const at = (date: string) => projection.findIndex((p) => p.date === date);
    for (let i = 1; i < drawn.length; i++) {
      const [a, b] = [at(drawn[i - 1]!.date), at(drawn[i]!.date)];
      for (let k = a + 1; k < b; k++)
        for (const line of ['balance', 'low', 'high'] as const) {
          const between = projection[a]![line] + ((projection[b]![line] - projection[a]![line]) * (k - a)) / (b - a);
          expect(Math.abs(projection[k]![line] - between)).toBeLessThan(7 * 3600);
        }
    }
    // Each renewal's jump is drawn between two consecutive days, not spread over a week.
    const renewals = projection.flatMap((p, k) => (k > 0 && p.balance > projection[k - 1]!.balance ? [k] : []));
    expect(renewals.length).toBeGreaterThan(20);
    for (const k of renewals) expect([at(drawn.find((p) => p.date === projection[k]!.date)?.date ?? ''), at(drawn.find((p) => p.date === projection[k - 1]!.date)?.date ?? '')]).toEqual([k, k - 1]);
  });

  it('gives the last 12 months of burn with the features used in the rate card order, and the charges per month', () => {
    const v = viewOf([pro, ...weekly], '2026-11-25');
    expect(v.charts.burn.features).toEqual(['avatar-iv', 'veo3'].sort((a, b) => RATE_CARD_2026_11.rates.findIndex((r) => r.id === a) - RATE_CARD_2026_11.rates.findIndex((r) => r.id === b)));
    expect(v.charts.burn.months.map((m) => m.month)).toEqual(v.burnByMonth.slice(-12).map((m) => m.month));
    for (const [i, m] of v.charts.burn.months.entries()) {
      const source = v.burnByMonth.slice(-12)[i]!;
      expect(m.credits).toEqual(v.charts.burn.features.map((f) => source.byFeature[f] ?? 0));
    }
    expect(v.charts.charges).toHaveLength(12);
    expect(v.charts.charges.at(-1)).toEqual({ month: '2026-11', amount: v.ledger.charges.filter((c) => c.date.startsWith('2026-11')).reduce((n, c) => n + c.amount, 0) });
  });
});
