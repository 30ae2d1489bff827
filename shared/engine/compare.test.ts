/** What an account's own last months would have cost on each plan, against the plan it is on. */
import { describe, expect, it } from 'vitest';
import { accountOf } from '../../test/fixtures/ledgers.ts';
import { RATE_CARD_2026_11 } from '../catalog/rateCard.ts';
import type { Account } from '../formats/account.ts';
import { centsOf, type IsoDate } from '../units.ts';
import { compareCredits, compareHistory, proTierSizes, windowStart, type HistoryComparison } from './compare.ts';
import { replayBuild, replayStateAt } from './incremental.ts';

function compared(account: Account, at: string, months = 3): HistoryComparison {
  const r = compareHistory(account, at as IsoDate, months);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The same from the account's replay, as the app compares: the window read from it, a day of usages at a time. */
function comparedFromReplay(account: Account, at: string, months = 3): HistoryComparison {
  const replay = replayBuild(account);
  const r = compareHistory(account, at as IsoDate, months, 'monthly', (date) => replayStateAt(replay, date), replay);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const usage = (date: string, minutes: number) => ({ date, type: 'usage', feature: 'avatar-iv', minutes });

describe('the last N months', () => {
  it.each([
    // [the date, months, the window's first day]: the window [start, the day after the date) holds exactly N cycle starts.
    ['2026-12-05', 3, '2026-09-06'],
    // Ending Nov 30: from Aug 31 a subscription would start cycles on Aug 31, Sep 30, Oct 31 and Nov 30: four.
    ['2026-11-30', 3, '2026-09-01'],
    // Ending May 30 (the window ends May 31): from Feb 28, a fourth cycle would start on May 28.
    ['2026-05-30', 3, '2026-03-01'],
    ['2026-03-31', 1, '2026-03-01'],
    ['2026-02-28', 1, '2026-02-01'],
  ])('ending %s, %i months: from %s', (at, months, start) => {
    expect(windowStart(at as IsoDate, months)).toBe(start);
  });

  it('charges exactly 3 months on a window ending on the last day of a month', () => {
    const account = accountOf([{ date: '2026-06-30', type: 'subscribe', plan: 'pro', credits: 1000 }, usage('2026-09-10', 10)]);
    const h = compared(account, '2026-11-30');
    expect([h.from, h.to, h.months]).toEqual(['2026-09-01', '2026-11-30', 3]);
    // $49 on Sep 1, Oct 1 and Nov 1: $147, not $196.
    expect(h.options.find((o) => o.option.label === 'Pro 1,000')!.total).toBe(14_700);
  });
});

describe('against the current plan', () => {
  // Pro 2,000 at $88 (the price seen at checkout) since Jan 1; on Mar 31 the window is Jan 1 to Mar 31: three charges.
  // 500 credits on Jan 5, 500 on Feb 5 and 850 on Mar 5: 1,850 needed.
  const events = [{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 2000 }, usage('2026-01-05', 25), usage('2026-02-05', 25), usage('2026-03-05', 42.5)];
  const account = accountOf(events, { proTiers: [{ credits: 2000, monthly: 88 }] });

  it('marks the current plan, says what each option saves or costs against it, and names the cheapest that covers it for less', () => {
    const h = compared(account, '2026-03-31');
    const row = (label: string) => h.options.find((o) => o.option.label === label)!;
    // Pro 2,000: 3 × $88 = $264, the baseline. Pro 1,000: 3 × $49 = $147, every usage made (Jan's 500 left cover
    // Feb's, Feb's 1,000 and Mar's cover Mar's 850): saves $117. Business: 3 × $149 = $447, $183 more.
    expect([row('Pro 2,000').current, row('Pro 2,000').total, row('Pro 2,000').saves]).toEqual([true, 26_400, 0]);
    expect([row('Pro 1,000').total, row('Pro 1,000').refused, row('Pro 1,000').saves]).toEqual([14_700, 0, 11_700]);
    expect(row('Business').saves).toBe(-18_300);
    expect(h.options.filter((o) => o.current)).toHaveLength(1);
    expect(h.bestSaving?.option.label).toBe('Pro 1,000');
  });

  it('ranks a near miss by its cost with the plans that cover it, and a far miss after them all', () => {
    // Creator, $87: Jan leaves 100, Feb's 500 take them and 400 of Feb's 600; on Mar 5, 200 + 600 = 800 for 850: refused,
    // 50 short, at most 1/20th of the 1,850 needed: a near miss, first by cost, yet not the one that saves while covering it.
    const near = compared(account, '2026-03-31');
    expect(near.options.slice(0, 3).map((o) => [o.option.label, o.total, o.refused, o.shortfall / 3600, o.nearMiss])).toEqual([
      ['Creator', 8_700, 1, 50, true],
      ['Pro 1,000', 14_700, 0, 0, false],
      ['Pro 2,000', 26_400, 0, 0, false],
    ]);
    expect(near.options.at(-1)!.option.label).toBe('Pro 100,000');
    expect(near.bestSaving?.option.label).toBe('Pro 1,000');
    // The same from the app's replay, a day at a time: Creator's refusal too.
    expect(comparedFromReplay(account, '2026-03-31')).toEqual(near);
    // 900 on Mar 5: 100 short of 1,900, more than 1/20th (95): Creator goes after every plan that covers it.
    const far = compared(accountOf([...events.slice(0, 3), usage('2026-03-05', 45)], { proTiers: [{ credits: 2000, monthly: 88 }] }), '2026-03-31');
    expect(far.options.at(-1)!).toMatchObject({ option: { label: 'Creator' }, refused: 1, nearMiss: false });
  });

  it('replays Business with the seats it has as the baseline, in place of Business with one', () => {
    const team = accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'business' }, { date: '2026-01-01', type: 'seats', count: 3 }, usage('2026-02-05', 25)]);
    const h = compared(team, '2026-03-31');
    // $149 + 2 × $20 = $189 a month: $567. Pro 1,000, 3 × $49 = $147, would have saved $420.
    expect(h.options.find((o) => o.current)).toMatchObject({ option: { label: 'Business, 3 seats' }, total: 56_700, saves: 0 });
    expect(h.options.filter((o) => o.option.plan === 'business')).toHaveLength(1);
    expect(h.options.find((o) => o.option.label === 'Pro 1,000')).toMatchObject({ total: 14_700, saves: 42_000 });
  });

  it('finds the plan the account is on by its plan too: Business beside a Pro tier of as many credits, each once', () => {
    const h = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'business' }, usage('2026-02-05', 25)], { proTiers: [{ credits: 1500, monthly: 70 }] }), '2026-03-31');
    expect(h.options.filter((o) => o.option.credits === 1500).map((o) => [o.option.label, o.current, o.total])).toEqual([
      ['Pro 1,500', false, 21_000],
      ['Business', true, 44_700],
    ]);
  });

  it('adds the plan the account is on when it is none of the options: a tier off the ladder, the other billing', () => {
    const annual = accountOf([{ date: '2025-12-01', type: 'subscribe', plan: 'pro', credits: 1500, billing: 'annual' }, usage('2026-02-05', 25)], { proTiers: [{ credits: 1500, monthly: 70, annualMonthly: 60 }] });
    const h = compared(annual, '2026-03-31');
    // $60 × 12 = $720 a year, 3 months of it: $180.
    expect(h.options.find((o) => o.current)).toMatchObject({ option: { label: 'Pro 1,500 (annual)', billing: 'annual' }, total: 18_000, saves: 0 });
    expect(h.options.find((o) => o.option.label === 'Pro 1,000')).toMatchObject({ total: 14_700, saves: 3_300 });
  });

  it('adds an Enterprise contract as the plan the account is on, named with its credits, at its own price', () => {
    const enterprise = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'enterprise', credits: 5000, price: 1200, billing: 'monthly' }, usage('2026-02-05', 25)]), '2026-03-31');
    expect(enterprise.options.find((o) => o.current)).toMatchObject({ option: { label: 'Enterprise 5,000', plan: 'enterprise', credits: 5000 }, total: 360_000, saves: 0, refused: 0 });
  });

  it('keeps the plan the account is on apart from the same plan on the billing compared: Creator annual beside Creator monthly', () => {
    // Creator annual since Dec 1: $24 × 12 = $288 a year, 3 months of it $72; Creator monthly, 3 × $29 = $87, $15 more.
    const h = compared(accountOf([{ date: '2025-12-01', type: 'subscribe', plan: 'creator', billing: 'annual' }, usage('2026-02-05', 10)]), '2026-03-31');
    expect(h.options.filter((o) => o.option.plan === 'creator').map((o) => [o.option.label, o.current, o.total, o.saves])).toEqual([
      ['Creator (annual)', true, 7200, 0],
      ['Creator', false, 8700, -1500],
    ]);
  });

  it('has no baseline on Free', () => {
    const free = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'free' }, usage('2026-02-05', 2)]), '2026-03-31');
    expect(free.options.every((o) => !o.current && o.saves === null)).toBe(true);
    expect(free.bestSaving).toBeNull();
  });
});

describe('the window’s edges and an account younger than it', () => {
  // 100 minutes of Avatar IV: 2,000 credits, more than Creator holds in 3 months (600 a month, rolled over): each
  // one Creator replays is refused.
  const big = (date: string) => usage(date, 100);
  const account = accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }, big('2026-01-05'), big('2026-01-06'), big('2026-03-30'), big('2026-03-31'), big('2026-04-01')]);

  it('replays the usages from the window’s first day to its last, both included', () => {
    const h = compared(account, '2026-03-31', 2);
    expect([h.from, h.to, h.months, h.asked, h.since, h.readyOn]).toEqual(['2026-02-01', '2026-03-31', 2, 2, '2026-01-01', null]);
    const onFirstDay = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }, big('2026-01-31'), big('2026-02-01'), big('2026-03-31')]), '2026-03-31', 2);
    expect(onFirstDay.options.find((o) => o.option.label === 'Creator')!.refused).toBe(2);
  });

  it('reads the same window from the account’s replay, its first and last days included, several usages on a day', () => {
    const sameDays = accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }, big('2026-01-31'), big('2026-02-01'), usage('2026-02-01', 5), big('2026-03-31'), usage('2026-03-31', 1)]);
    for (const a of [account, sameDays]) {
      const fromReplay = comparedFromReplay(a, '2026-03-31', 2);
      expect(fromReplay).toEqual(compared(a, '2026-03-31', 2));
    }
    // Creator: the two big usages of the window refused (2,000 each, 1,200 at most), the small ones made.
    expect(comparedFromReplay(sameDays, '2026-03-31', 2).options.find((o) => o.option.label === 'Creator')).toMatchObject({ refused: 2 });
  });

  it('from the replay, prices a usage taken on Free at its credits, not at the free video it cost there', () => {
    // On Free until Feb 20: three 3-minute videos on Feb 5 took free videos, 0 credits; on Creator they are 180
    // credits. Creator from Jan 1 holds 1,200 on Feb 25 (January's and February's 600): 180 and 600 leave 420, short
    // of the 600 of Feb 26, refused, as the usage-by-usage comparison says.
    const wasFree = accountOf([
      { date: '2026-01-01', type: 'subscribe', plan: 'free' },
      { date: '2026-02-05', type: 'usage', feature: 'avatar-iv', minutes: 3, videos: 3 },
      { date: '2026-02-20', type: 'subscribe', plan: 'creator' },
      usage('2026-02-25', 30),
      usage('2026-02-26', 30),
    ]);
    const fromReplay = comparedFromReplay(wasFree, '2026-03-31');
    expect(fromReplay).toEqual(compared(wasFree, '2026-03-31'));
    expect(fromReplay.options.find((o) => o.option.label === 'Creator')).toMatchObject({ refused: 1, shortfall: 180 * 3600 });
  });

  it('from the replay, lets Business buy at most a thousand blocks for one usage, as usage by usage: a day needing more is split, a usage needing more refused', () => {
    // VEO3 at 90 credits a generation: 600 of them are 54,000 credits (540 blocks); two on Mar 5 need 1,080 blocks
    // together, each within the thousand; 1,200 on Mar 10 (108,000 credits) need more than a thousand alone.
    const veo = (date: string, count: number) => ({ date, type: 'usage', feature: 'veo3', count });
    const account = accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }, veo('2026-03-05', 600), veo('2026-03-05', 600), veo('2026-03-10', 1200)]);
    const fromReplay = comparedFromReplay(account, '2026-03-31');
    expect(fromReplay).toEqual(compared(account, '2026-03-31'));
    // Business: February's and March's 3,000 credits on Mar 5 (January's expired on Mar 1), so 1,050 blocks ($5,250)
    // for the two, then the 1,200 refused.
    expect(fromReplay.options.find((o) => o.option.plan === 'business')).toMatchObject({ refused: 1, total: 3 * 14_900 + 1050 * 500 });
  });

  it('from a replay made on another rate card, prices the window on the account’s own', () => {
    // 500 credits on Feb 5 and Mar 5 at 20 a minute; at 40 on that card, 1,000 each: Mar 5 would find 800 on Creator.
    const account = accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'creator' }, usage('2026-02-05', 25), usage('2026-03-05', 25)]);
    const dear = { ...RATE_CARD_2026_11, rates: RATE_CARD_2026_11.rates.map((r) => (r.id === 'avatar-iv' ? { ...r, credits: 40 } : r)) };
    const replay = replayBuild(account, dear);
    const r = compareHistory(account, '2026-03-31' as IsoDate, 3, 'monthly', (date) => replayStateAt(replay, date), replay);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toEqual(compared(account, '2026-03-31'));
    expect(r.value.options.find((o) => o.current)).toMatchObject({ option: { label: 'Creator' }, refused: 0 });
  });

  it('leaves out a usage dated after the day it compares on, with the app’s replay or without', () => {
    // Creator refuses Jan 5's 700 credits, 100 short: more than 1/20th of the 700 the window needs, no near miss;
    // Apr 2's 2,000 would make it one, were they counted.
    const events = [{ date: '2026-01-01', type: 'subscribe', plan: 'creator' }, usage('2026-01-05', 35)];
    const later = accountOf([...events, usage('2026-04-02', 100)]);
    const without = compared(accountOf(events), '2026-03-31');
    expect(without.options.find((o) => o.option.label === 'Creator')).toMatchObject({ refused: 1, shortfall: 100 * 3600, nearMiss: false });
    expect(compared(later, '2026-03-31')).toEqual(without);
    expect(comparedFromReplay(later, '2026-03-31')).toEqual(without);
  });

  it('on a day before the account’s first: nothing compared, and the day a first month can be', () => {
    const h = compared(accountOf([{ date: '2026-05-10', type: 'subscribe', plan: 'creator' }, usage('2026-05-12', 5)]), '2026-03-31');
    expect([h.months, h.from, h.readyOn, h.options]).toEqual([0, '2026-05-10', '2026-06-09', []]);
  });

  it('counts a refusal short by exactly a twentieth of what the window needs as a near miss', () => {
    // Creator: 600 on Jan 1; Jan 5 takes 350, Jan 10's 300 finds 250: refused, 50 short; Feb 5's 350 is covered.
    // 1,000 needed: 50 × 20 = 1,000, a near miss at its edge.
    const h = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'creator' }, usage('2026-01-05', 17.5), usage('2026-01-10', 15), usage('2026-02-05', 17.5)]), '2026-03-31');
    expect(h.options.find((o) => o.option.label === 'Creator')).toMatchObject({ refused: 1, shortfall: 50 * 3600, nearMiss: true });
  });

  it('puts the plan the account is on first among options of the same cost', () => {
    // Pro 1,500 at $49, as Pro 1,000: the same three charges.
    const h = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1500 }, usage('2026-02-05', 5)], { proTiers: [{ credits: 1500, monthly: 49 }] }), '2026-03-31');
    const same = h.options.filter((o) => o.total === 14_700);
    expect(same.map((o) => [o.option.label, o.current])).toEqual([['Pro 1,500', true], ['Pro 1,000', false]]);
  });

  it('is as long as the whole months the account has, and says when a first one can be compared', () => {
    const young = compared(account, '2026-03-31', 6);
    expect([young.from, young.months, young.asked]).toEqual(['2026-01-01', 3, 6]);
    expect(young.options.find((o) => o.option.label === 'Creator')!.refused).toBe(4);
    const newborn = compared(account, '2026-01-20');
    expect(newborn).toEqual({ from: '2026-01-01', to: '2026-01-20', months: 0, asked: 3, since: '2026-01-01', readyOn: '2026-01-31', billing: 'monthly', options: [], bestSaving: null });
    expect(compared(accountOf([]), '2026-01-20')).toMatchObject({ months: 0, since: '2026-01-20', options: [] });
  });

  it('has a baseline on the first option too (Creator), and names no saving that saves nothing', () => {
    const creator = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'creator' }, usage('2026-02-05', 10)]), '2026-03-31');
    expect(creator.options.filter((o) => o.option.plan === 'creator')).toMatchObject([{ option: { label: 'Creator' }, current: true, saves: 0 }]);
    expect(creator.options.find((o) => o.option.label === 'Pro 1,000')!.saves).toBe(-6000);
    // On Pro 1,000, with Pro 2,000 entered at the same $49: it saves nothing. Creator, 1,200 by Feb 5 for 1,500,
    // falls far short.
    const same = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }, usage('2026-02-05', 75)], { proTiers: [{ credits: 2000, monthly: 49 }] }), '2026-03-31');
    expect(same.options.find((o) => o.option.label === 'Pro 2,000')).toMatchObject({ saves: 0, refused: 0, current: false });
    expect(same.bestSaving).toBeNull();
  });

  it('lets Business buy the add-on blocks it needs as it goes, one seat unless the account has more', () => {
    const heavy = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 5000 }, usage('2026-02-05', 200)]), '2026-03-31');
    // 4,000 credits on Feb 5: January's 1,500 rolled over, February's 1,500, and 10 blocks of 100 bought one at a
    // time to cover the rest (3 × $149 + 10 × $5).
    expect(heavy.options.find((o) => o.option.plan === 'business')).toMatchObject({ option: { label: 'Business' }, total: 3 * 14_900 + 10 * 500, refused: 0 });
  });
});

describe('the options for a number of credits a month', () => {
  /** A Pro tier entered, at `cents` a month. */
  const tier = (credits: number, cents: number) => ({ credits, monthly: centsOf(cents) });
  const rows = (credits: number, billing: 'monthly' | 'annual' = 'monthly', tiers: ReturnType<typeof tier>[] = []) =>
    compareCredits(credits, billing, tiers).options.map((o) => [o.label, o.monthly, o.blocks]);

  it('every plan that covers them, cheapest first, estimated Pro tiers on the line between the published ones', () => {
    expect(rows(600)).toEqual([
      ['Creator', 2900, 0],
      ['Pro 1,000', 4900, 0],
      ['Pro 2,000', 9194, 0],
      ['Pro 3,000', 13488, 0],
      ['Business', 14900, 0],
      ['Pro 5,000', 22076, 0],
      ['Pro 10,000', 43545, 0],
      ['Pro 20,000', 86485, 0],
      ['Pro 50,000', 215303, 0],
      ['Pro 100,000', 430000, 0],
    ]);
    expect(rows(601).map((r) => r[0]).slice(0, 2)).toEqual(['Pro 1,000', 'Pro 2,000']);
    expect(rows(1001).map((r) => r[0]).slice(0, 2)).toEqual(['Pro 2,000', 'Pro 3,000']);
  });

  it('Business with the add-on blocks a month that reach them, each block $5 for 100 credits', () => {
    const business = (credits: number) => compareCredits(credits, 'monthly').options.find((o) => o.plan === 'business')!;
    expect([business(1500).blocks, business(1501).blocks, business(1600).blocks, business(1601).blocks]).toEqual([0, 1, 1, 2]);
    expect(business(1600)).toMatchObject({ label: 'Business + 100 add-on credits', monthly: 15_400, basis: 'Business: $149/month, one seat; + 1 add-on block ($5) a month', assumptions: ['addons-no-expiry'] });
    expect(business(1700)).toMatchObject({ label: 'Business + 200 add-on credits', monthly: 15_900, basis: 'Business: $149/month, one seat; + 2 add-on blocks ($10) a month' });
    expect(business(1500)).toMatchObject({ label: 'Business', basis: 'Business: $149/month, one seat', assumptions: [] });
  });

  it('names what a price rests on: an estimated tier, a tier size the vendor did not publish, an annual price taken as 12 months', () => {
    // Pro 3,000 entered at $120 a month: the estimated tiers lie on the lines through it ($84.50 for 2,000).
    const options = compareCredits(2000, 'annual', [tier(3000, 12_000)]).options;
    expect(options.map((o) => [o.label, o.monthly, o.estimated, o.assumptions])).toEqual([
      ['Pro 2,000', 8450, true, ['pro-estimated', 'annual-assumed', 'pro-tier-sizes']],
      ['Pro 3,000', 12_000, true, ['annual-assumed']],
      ['Business + 500 add-on credits', 17_400, true, ['annual-assumed', 'addons-no-expiry']],
      ['Pro 5,000', 20_619, true, ['pro-estimated', 'annual-assumed', 'pro-tier-sizes']],
      ['Pro 10,000', 42_165, true, ['pro-estimated', 'annual-assumed', 'pro-tier-sizes']],
      ['Pro 20,000', 85_258, true, ['pro-estimated', 'annual-assumed', 'pro-tier-sizes']],
      ['Pro 50,000', 214_536, true, ['pro-estimated', 'annual-assumed', 'pro-tier-sizes']],
      ['Pro 100,000', 430000, true, ['annual-assumed']],
    ]);
  });

  it('at the same price, the fewer credits first', () => {
    expect(rows(1000, 'monthly', [tier(2000, 4900)]).slice(0, 2)).toEqual([
      ['Pro 1,000', 4900, 0],
      ['Pro 2,000', 4900, 0],
    ]);
    // Pro 2,000 entered at Business's $149: Business, 1,500 credits, first.
    expect(rows(1000, 'monthly', [tier(2000, 14_900)]).slice(1, 3)).toEqual([
      ['Business', 14_900, 0],
      ['Pro 2,000', 14_900, 0],
    ]);
  });

  it('at the same price, a published or entered price before an estimated one', () => {
    // Pro 5,000 entered at $249: Pro 3,000, halfway from Pro 1,000's $49, is estimated at $149, Business's price.
    expect(rows(1000, 'monthly', [tier(5000, 24_900)]).slice(2, 4)).toEqual([
      ['Business', 14_900, 0],
      ['Pro 3,000', 14_900, 0],
    ]);
  });

  it('offers the ladder’s tier sizes and every tier entered, in order', () => {
    expect(proTierSizes([tier(1500, 7000), tier(200_000, 900_000), tier(1000, 5000)])).toEqual([1000, 1500, 2000, 3000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000]);
  });
});
