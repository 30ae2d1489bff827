/** The account in money, on an account whose every number is worked out by hand below. */
import { describe, expect, it } from 'vitest';
import type { Account } from '../formats/account.ts';
import { CREDIT_UNITS, type Cents, type IsoDate } from '../units.ts';
import { RATE_CARD_2026_11 } from '../catalog/rateCard.ts';
import { replayBuild } from './incremental.ts';
import { fullReplay } from './replay.ts';
import { reportCompute, type ReportBy } from './report.ts';

// Pro 1,000 at $49 a month: a credit is worth 4.9 cents.
// Jan 17: 1,000 granted (expires Mar 17). Jan 20: 200 used (Launch). Feb 17: 1,000 granted (expires Apr 17).
// Feb 20: 180 used (Shorts), Feb 21: 20 used (no project), both from the January lot (it expires first): 600 left in it,
// which expire unused on Mar 17: 600 credits lost, worth $29.40. Renewals of $49 on Apr 17, May 17 and Jun 17.
const account: Account = {
  format: 'credit-companion/account@1',
  events: [
    { type: 'subscribe', date: '2026-01-17' as IsoDate, plan: 'pro', credits: 1000 },
    { type: 'usage', date: '2026-01-20' as IsoDate, feature: 'avatar-iv', minutes: 10, project: 'Launch' },
    { type: 'usage', date: '2026-02-20' as IsoDate, feature: 'veo3', count: 2, project: 'Shorts' },
    { type: 'usage', date: '2026-02-21' as IsoDate, feature: 'translation', minutes: 4 },
  ],
};

const at = '2026-03-20' as IsoDate;
const plain = (rows: readonly { month: string; key: string; credits: number; cost: number }[]) => rows.map((r) => [r.month, r.key, r.credits / CREDIT_UNITS, r.cost]);

describe('reportCompute', () => {
  it.each<[ReportBy, unknown[]]>([
    ['project', [['2026-01', 'Launch', 200, 980], ['2026-02', '', 20, 98], ['2026-02', 'Shorts', 180, 882]]],
    ['feature', [['2026-01', 'avatar-iv', 200, 980], ['2026-02', 'translation', 20, 98], ['2026-02', 'veo3', 180, 882]]],
    ['month', [['2026-01', '2026-01', 200, 980], ['2026-02', '2026-02', 200, 980]]],
  ])('by %s: credits and what they are worth at the plan’s price per credit', (by, rows) => {
    const r = reportCompute(account, at, by);
    if (!r.ok) throw new Error(r.error.message);
    expect(plain(r.value.rows)).toEqual(rows);
    expect(r.value.total).toEqual({ credits: 400 * CREDIT_UNITS, cost: 1960, assumptions: [], estimated: false });
    expect(r.value.price).toEqual({ cents: 4900, credits: 1000, billing: 'monthly', estimated: false, assumptions: [], plan: 'Pro 1,000 (monthly)' });
  });

  it('by member: one row per member however the name is written, first spelling shown; usage that names none apart', () => {
    const team: Account = {
      ...account,
      events: [
        account.events[0]!,
        { type: 'usage', date: '2026-01-20' as IsoDate, feature: 'avatar-iv', minutes: 10, by: 'Ana Lima' },
        { type: 'usage', date: '2026-01-22' as IsoDate, feature: 'avatar-iv', minutes: 5, by: 'ana lima' },
        { type: 'usage', date: '2026-01-23' as IsoDate, feature: 'veo3', count: 1, by: 'Ben' },
        { type: 'usage', date: '2026-01-24' as IsoDate, feature: 'translation', minutes: 4 },
      ],
    };
    const r = reportCompute(team, at, 'member');
    if (!r.ok) throw new Error(r.error.message);
    // Ana: 200 + 100 = 300 credits, $14.70; Ben: 90, $4.41; no member: 20, $0.98.
    expect(plain(r.value.rows)).toEqual([['2026-01', '', 20, 98], ['2026-01', 'Ana Lima', 300, 1470], ['2026-01', 'Ben', 90, 441]]);
    expect(r.value.total).toMatchObject({ credits: 410 * CREDIT_UNITS, cost: 2009 });
  });

  it('given a replay made on another rate card, values the credits on the account’s own, as without one', () => {
    const dear = { ...RATE_CARD_2026_11, rates: RATE_CARD_2026_11.rates.map((r) => (r.id === 'avatar-iv' ? { ...r, credits: 40 } : r)) };
    const r = reportCompute(account, at, 'project', 3, null, fullReplay(account), replayBuild(account, dear));
    expect(r).toEqual(reportCompute(account, at, 'project'));
  });

  /** A legacy unlimited plan from Jan 5 with `usages`: no lot pays for them, so the report takes every usage one by one. */
  const legacy = (usages: Account['events']): Account => ({ format: 'credit-companion/account@1', events: [{ type: 'subscribe', date: '2026-01-05' as IsoDate, plan: 'legacy', price: 30 }, ...usages] });
  /** The report on `at` without the app's replay, and with it. */
  const bothWays = (a: Account, by: ReportBy) => [reportCompute(a, at, by), reportCompute(a, at, by, 3, null, fullReplay(a), replayBuild(a))] as const;

  it('by member on a plan without credits, from the app’s replay: each row shows its member as the file first writes them, as without one', () => {
    // "ana" is written first in the file, dated after "Ana".
    const [without, withReplay] = bothWays(legacy([
      { type: 'usage', date: '2026-01-25' as IsoDate, feature: 'avatar-iv', minutes: 1, by: 'ana' },
      { type: 'usage', date: '2026-01-20' as IsoDate, feature: 'avatar-iv', minutes: 2, by: 'Ana' },
    ]), 'member');
    if (!withReplay.ok) throw new Error(withReplay.error.message);
    expect(plain(withReplay.value.rows)).toEqual([['2026-01', 'ana', 60, 0]]);
    expect(withReplay).toEqual(without);
  });

  it('on a plan without credits: a usage on the report’s day counts, one after it does not', () => {
    for (const r of bothWays(legacy([
      { type: 'usage', date: at, feature: 'avatar-iv', minutes: 1 },
      { type: 'usage', date: '2026-03-21' as IsoDate, feature: 'avatar-iv', minutes: 2 },
    ]), 'month')) {
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.rows.map((row) => [row.key, row.credits / CREDIT_UNITS, row.paidFrom])).toEqual([['2026-03', 20, ['legacy']]]);
    }
  });

  it('credits that expired unused, and what they cost', () => {
    const r = reportCompute(account, at, 'project');
    expect(r.ok && r.value.lost).toEqual({ credits: 600 * CREDIT_UNITS, cost: 2940, assumptions: [], estimated: false });
  });

  it('what the next three months will charge: the renewals already scheduled', () => {
    const r = reportCompute(account, at, 'month');
    expect(r.ok && r.value.ahead).toEqual([
      { month: '2026-03', charges: 0, reloads: 0 },
      { month: '2026-04', charges: 4900, reloads: 0 },
      { month: '2026-05', charges: 4900, reloads: 0 },
      { month: '2026-06', charges: 4900, reloads: 0 },
    ]);
  });

  // Business ($149 a month, 1,500 credits) with auto-reload of 10 blocks (1,000 credits, $50) under 100 credits.
  // 2,000 credits used in each of the last 3 months: 6,000 over the 90 days to Apr 1 is 2,029.125 a month
  // (66.6 a day), 529 more than a month grants, so a 1,000-credit reload every second month or so.
  // On Apr 1 the balance is 2,000: at 66.6 a day it falls under 100 on Apr 29, the one reload of April.
  const business: Account = {
    format: 'credit-companion/account@1',
    events: [
      { type: 'subscribe', date: '2026-01-01' as IsoDate, plan: 'business' },
      { type: 'auto-reload', date: '2026-01-01' as IsoDate, threshold: 100, blocks: 10 },
      { type: 'usage', date: '2026-01-15' as IsoDate, feature: 'avatar-iv', minutes: 100 },
      { type: 'usage', date: '2026-02-15' as IsoDate, feature: 'avatar-iv', minutes: 100 },
      { type: 'usage', date: '2026-03-15' as IsoDate, feature: 'avatar-iv', minutes: 100 },
    ],
  };

  it('with auto-reload on: the reloads to expect at the current pace, beside what is scheduled, and both count against the budget', () => {
    const r = reportCompute(business, '2026-04-01' as IsoDate, 'month', 3, 15_000 as Cents);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.ahead).toEqual([
      { month: '2026-04', charges: 0, reloads: 5000 },
      { month: '2026-05', charges: 14_900, reloads: 0 },
      { month: '2026-06', charges: 14_900, reloads: 5000 },
      { month: '2026-07', charges: 14_900, reloads: 0 },
    ]);
    // $149 fits a $150 budget; $149 and a $50 reload do not.
    expect(r.value.budget).toEqual({ cents: 15_000, over: ['2026-06'] });
    const off = reportCompute({ ...business, events: [...business.events, { type: 'auto-reload', date: '2026-03-31' as IsoDate, threshold: 100, blocks: 0 }] }, '2026-04-01' as IsoDate, 'month');
    expect(off.ok && off.value.ahead.map((a) => a.reloads)).toEqual([0, 0, 0, 0]);
  });

  it('a monthly budget: the months ahead whose charges go over it', () => {
    const over = reportCompute(account, at, 'month', 3, 4000 as Cents);
    expect(over.ok && over.value.budget).toEqual({ cents: 4000, over: ['2026-04', '2026-05', '2026-06'] });
    const within = reportCompute(account, at, 'month', 3, 4900 as Cents);
    expect(within.ok && within.value.budget).toEqual({ cents: 4900, over: [] });
    expect(reportCompute(account, at, 'month').ok && reportCompute(account, at, 'month')).toMatchObject({ value: { budget: null } });
  });

  // Business, 1,500 credits for a base $149 (9.9333… cents a credit); each extra seat adds $20 to the charge, no credits.
  const seated = (seats: number): Account => ({
    format: 'credit-companion/account@1',
    events: [
      { type: 'subscribe', date: '2026-01-01' as IsoDate, plan: 'business' },
      { type: 'seats', date: '2026-01-01' as IsoDate, count: seats },
      { type: 'usage', date: '2026-01-05' as IsoDate, feature: 'avatar-iv', minutes: 15, project: 'Course' },
    ],
  });

  it('seats pay for people, not credits: the same usage costs the same with 1 seat or 4 (300 × $149 / 1,500 = $29.80)', () => {
    for (const seats of [1, 4]) {
      const r = reportCompute(seated(seats), '2026-01-20' as IsoDate, 'project');
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.total).toEqual({ credits: 300 * CREDIT_UNITS, cost: 2980, assumptions: [], estimated: false });
      expect(r.value.price).toMatchObject({ cents: 14_900, credits: 1500, plan: 'Business (monthly)' });
    }
  });

  it('the assumptions a figure rests on, in the order of the alphabet: a Pro tier between the published ones, billed by the year', () => {
    const r = reportCompute({ format: 'credit-companion/account@1', events: [
      { type: 'subscribe', date: '2026-01-01' as IsoDate, plan: 'pro', credits: 2000, billing: 'annual' },
      { type: 'usage', date: '2026-01-05' as IsoDate, feature: 'avatar-iv', minutes: 50 },
    ] }, '2026-01-20' as IsoDate, 'month');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.lots[0]!.basis.assumptions).toEqual(['pro-estimated', 'annual-assumed']);
    expect([r.value.rows[0]!.assumptions, r.value.total.assumptions, r.value.lots[0]!.used.assumptions]).toEqual([
      ['annual-assumed', 'pro-estimated'],
      ['annual-assumed', 'pro-estimated'],
      ['annual-assumed', 'pro-estimated'],
    ]);
  });

  it('a price estimated on the Pro ladder: the figures resting on it say so', () => {
    // Pro 2,000 between the published 1,000 ($49) and 100,000 ($4,300): $49 + $4,251 × 1,000 / 99,000 = $91.94, estimated.
    const r = reportCompute({ format: 'credit-companion/account@1', events: [
      { type: 'subscribe', date: '2026-01-01' as IsoDate, plan: 'pro', credits: 2000 },
      { type: 'usage', date: '2026-01-05' as IsoDate, feature: 'avatar-iv', minutes: 50 },
    ] }, '2026-01-20' as IsoDate, 'month');
    if (!r.ok) throw new Error(r.error.message);
    // 1,000 credits × $91.94 / 2,000 = $45.97.
    expect(r.value.rows).toMatchObject([{ month: '2026-01', cost: 4597, estimated: true, assumptions: ['pro-estimated'], paidFrom: ['allocation'] }]);
    expect(r.value.total).toMatchObject({ cost: 4597, estimated: true });
    expect(r.value.price).toMatchObject({ cents: 9194, credits: 2000, estimated: true });
    expect(r.value.lots).toMatchObject([{ basis: { source: 'allocation', cents: 9194, credits: 2000, estimated: true }, used: { cost: 4597, estimated: true }, held: 1000 * CREDIT_UNITS }]);
  });

  it('usage on a legacy unlimited plan consumes no credits: its credits are counted, worth $0, paid from the legacy plan', () => {
    const r = reportCompute({ format: 'credit-companion/account@1', events: [
      { type: 'subscribe', date: '2026-01-01' as IsoDate, plan: 'legacy', price: 30 },
      { type: 'usage', date: '2026-01-05' as IsoDate, feature: 'avatar-iv', minutes: 5, project: 'Old' },
    ] }, '2026-01-20' as IsoDate, 'project');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows).toMatchObject([{ key: 'Old', credits: 100 * CREDIT_UNITS, cost: 0, paidFrom: ['legacy'] }]);
    expect(r.value.price).toBeNull();
    expect(r.value.lots).toEqual([]);
  });

  it('a refused usage is in no row and costs nothing', () => {
    const r = reportCompute({ ...account, events: [...account.events, { type: 'usage', date: '2026-03-18' as IsoDate, feature: 'avatar-iv', minutes: 500 }] }, at, 'month');
    expect(r.ok && r.value.total.credits).toBe(400 * CREDIT_UNITS);
  });

  it('an account the engine rejects: the error, not a report', () => {
    const r = reportCompute({ ...account, events: account.events.slice(1) }, at, 'project');
    expect(r.ok).toBe(false);
  });
});
