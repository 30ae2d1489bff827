/** What an account's own last months would have cost on each plan, against the plan it is on. */
import { describe, expect, it } from 'vitest';
import { accountParse, type Account } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { compareHistory, windowStart, type HistoryComparison } from './compare.ts';

function accountOf(events: unknown[], extra: object = {}): Account {
  const r = accountParse({ format: 'credit-companion/account@1', events, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function compared(account: Account, at: string, months = 3): HistoryComparison {
  const r = compareHistory(account, at as IsoDate, months);
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

  it('adds the plan the account is on when it is none of the options: a tier off the ladder, the other billing', () => {
    const annual = accountOf([{ date: '2025-12-01', type: 'subscribe', plan: 'pro', credits: 1500, billing: 'annual' }, usage('2026-02-05', 25)], { proTiers: [{ credits: 1500, monthly: 70, annualMonthly: 60 }] });
    const h = compared(annual, '2026-03-31');
    // $60 × 12 = $720 a year, 3 months of it: $180.
    expect(h.options.find((o) => o.current)).toMatchObject({ option: { label: 'Pro 1,500 (annual)', billing: 'annual' }, total: 18_000, saves: 0 });
    expect(h.options.find((o) => o.option.label === 'Pro 1,000')).toMatchObject({ total: 14_700, saves: 3_300 });
  });

  it('has no baseline on Free', () => {
    const free = compared(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'free' }, usage('2026-02-05', 2)]), '2026-03-31');
    expect(free.options.every((o) => !o.current && o.saves === null)).toBe(true);
    expect(free.bestSaving).toBeNull();
  });
});
