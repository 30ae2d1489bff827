/** The account in money, on an account whose every number is worked out by hand below. */
import { describe, expect, it } from 'vitest';
import type { Account } from '../formats/account.ts';
import { CREDIT_UNITS, type Cents, type IsoDate } from '../units.ts';
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
    expect(r.value.total).toEqual({ credits: 400 * CREDIT_UNITS, cost: 1960 });
    expect(r.value.price).toEqual({ cents: 4900, credits: 1000, estimated: false, plan: 'Pro 1,000 (monthly)' });
  });

  it('credits that expired unused, and what they cost', () => {
    const r = reportCompute(account, at, 'project');
    expect(r.ok && r.value.lost).toEqual({ credits: 600 * CREDIT_UNITS, cost: 2940 });
  });

  it('what the next three months will charge: the renewals already scheduled', () => {
    const r = reportCompute(account, at, 'month');
    expect(r.ok && r.value.ahead).toEqual([
      { month: '2026-03', charges: 0 },
      { month: '2026-04', charges: 4900 },
      { month: '2026-05', charges: 4900 },
      { month: '2026-06', charges: 4900 },
    ]);
  });

  it('a monthly budget: the months ahead whose charges go over it', () => {
    const over = reportCompute(account, at, 'month', 3, 4000 as Cents);
    expect(over.ok && over.value.budget).toEqual({ cents: 4000, over: ['2026-04', '2026-05', '2026-06'] });
    const within = reportCompute(account, at, 'month', 3, 4900 as Cents);
    expect(within.ok && within.value.budget).toEqual({ cents: 4900, over: [] });
    expect(reportCompute(account, at, 'month').ok && reportCompute(account, at, 'month')).toMatchObject({ value: { budget: null } });
  });

  it('an account the engine rejects: the error, not a report', () => {
    const r = reportCompute({ ...account, events: account.events.slice(1) }, at, 'project');
    expect(r.ok).toBe(false);
  });
});
