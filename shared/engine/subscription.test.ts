/** A subscription's life on the calendar (subscription.ts), through the replay: labels, what a switch of plan or billing carries over, what a change at a period's end keeps. */
import { describe, expect, it } from 'vitest';
import { accountOf, ledgerAt as ledger } from '../../test/fixtures/ledgers.ts';
import type { IsoDate } from '../units.ts';
import type { Ledger } from './ledger.ts';
import { reportCompute } from './report.ts';
import { planLabel } from './subscription.ts';

const charges = (l: Ledger) => l.charges.map((c) => [c.date, c.kind, c.amount / 100]);
const noteCodes = (l: Ledger) => l.notes.map((n) => n.code);

describe('labels', () => {
  it('a label names the billing of a plan that has one: a credit plan or a legacy one, not Free', () => {
    expect(planLabel({ plan: 'free', credits: 0, billing: 'monthly' })).toBe('Free');
    expect(planLabel({ plan: 'legacy', credits: 0, billing: 'annual' })).toBe('Legacy unlimited (annual)');
    expect(planLabel({ plan: 'creator', credits: 600, billing: 'annual' })).toBe('Creator (annual)');
  });
});

describe('a switch of billing that starts a new period at once', () => {
  const business = [
    { date: '2026-01-10', type: 'subscribe', plan: 'business' },
    { date: '2026-01-10', type: 'seats', count: 3 },
    { date: '2026-01-10', type: 'auto-reload', blocks: 2, threshold: 100 },
  ];

  it('from Business to another plan leaves its seats and its auto-reload behind', () => {
    const l = ledger([...business, { date: '2026-01-20', type: 'change-plan', plan: 'pro', credits: 1000, billing: 'annual' }], '2026-03-01');
    expect(l.plan).toMatchObject({ label: 'Pro 1,000 (annual)', seats: 1, autoReload: null });
    expect(l.charges.at(-1)).toMatchObject({ kind: 'billing-switch', reason: { params: { seats: 1 } } });
  });

  it('Business on annual billing keeps its seats and its auto-reload', () => {
    const l = ledger([...business, { date: '2026-01-20', type: 'change-plan', plan: 'business', billing: 'annual' }], '2026-03-01');
    expect(l.plan).toMatchObject({ label: 'Business (annual)', seats: 3, autoReload: { threshold: 100 * 3600, blocks: 2 } });
  });

  it('to annual billing ends the monthly avatar slots: no more charges for them', () => {
    const l = ledger(
      [
        { date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 },
        { date: '2026-01-12', type: 'avatar-slots', count: 2, billing: 'monthly' },
        { date: '2026-03-01', type: 'change-plan', plan: 'pro', credits: 1000, billing: 'annual' },
      ],
      '2026-06-01',
    );
    expect(l.plan?.avatarSlots).toEqual({ monthly: 0, annual: 0 });
    expect(charges(l).filter(([, kind]) => kind === 'avatar-slots')).toEqual([['2026-02-10', 'avatar-slots', 58]]);
  });

  it('names the unused part of the old period it credits on the new period’s charge, none from a plan that cost nothing', () => {
    const pro = ledger([{ date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-01-20', type: 'change-plan', plan: 'pro', credits: 1000, billing: 'annual' }], '2026-01-20');
    // $49 × 21/31 = $33.19 of January left.
    expect(pro.charges.at(-1)).toMatchObject({ amount: 58_800 - 3319, reason: { params: { credit: { amount: 3319, billing: 'monthly', daysLeft: 21, days: 31 } } } });
    const free = ledger(
      [
        { date: '2026-01-10', type: 'subscribe', plan: 'enterprise', credits: 1000, price: 0 },
        { date: '2026-01-20', type: 'change-plan', plan: 'creator', billing: 'annual' },
      ],
      '2026-01-20',
    );
    expect(free.charges.at(-1)).toMatchObject({ amount: 28_800, reason: { params: { credit: null } } });
  });

  it('seats set that day are charged on the seats event that takes the price past what the old period credits', () => {
    // Enterprise at $15.75 a month billed yearly ($189), left the day it started for Business: $189 credited, Business at 3 seats costs as much.
    const l = ledger(
      [
        { date: '2026-01-10', type: 'subscribe', plan: 'enterprise', credits: 1000, price: 15.75, billing: 'annual' },
        { date: '2026-01-10', type: 'change-plan', plan: 'business', billing: 'monthly' },
        { date: '2026-01-10', type: 'seats', count: 2 },
        { date: '2026-01-10', type: 'seats', count: 3 },
        { date: '2026-01-10', type: 'seats', count: 4 },
      ],
      '2026-01-10',
    );
    expect(l.notes.filter((n) => n.code === 'seats-at-start').map((n) => n.params)).toEqual([
      { seats: 2, charge: 0 },
      { seats: 3, charge: 0 },
      { seats: 4, charge: 2000 },
    ]);
    expect(l.charges.slice(1)).toMatchObject([{ kind: 'billing-switch', amount: 2000, index: 4 }]);
  });
});

describe('a change at the end of the period', () => {
  it('from Business on annual billing to monthly keeps its seats and its auto-reload at the renewal', () => {
    const l = ledger(
      [
        { date: '2026-01-10', type: 'subscribe', plan: 'business', billing: 'annual' },
        { date: '2026-01-10', type: 'seats', count: 3 },
        { date: '2026-01-10', type: 'auto-reload', blocks: 2, threshold: 100 },
        { date: '2026-03-01', type: 'change-plan', plan: 'business', billing: 'monthly' },
      ],
      '2027-01-10',
    );
    expect(l.plan).toMatchObject({ label: 'Business (monthly)', since: '2027-01-10', seats: 3, autoReload: { threshold: 100 * 3600, blocks: 2 } });
  });

  it('to a plan on monthly billing keeps the monthly avatar slots, still charged', () => {
    const l = ledger(
      [
        { date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 2000 },
        { date: '2026-01-12', type: 'avatar-slots', count: 2, billing: 'monthly' },
        { date: '2026-01-20', type: 'change-plan', plan: 'creator' },
      ],
      '2026-03-10',
      { proTiers: [{ credits: 2000, monthly: 88 }] },
    );
    expect(l.plan).toMatchObject({ label: 'Creator (monthly)', avatarSlots: { monthly: 2, annual: 0 } });
    expect(charges(l).filter(([, kind]) => kind === 'avatar-slots')).toEqual([
      ['2026-02-10', 'avatar-slots', 58],
      ['2026-03-10', 'avatar-slots', 58],
    ]);
    expect(noteCodes(l)).not.toContain('monthly-slots-ended');
  });

  it('from monthly billing to annual starts the year that day: said without avatar slots to end, renewed a year later', () => {
    // Enterprise at $1,000 a month costs more than a year of Creator: the change waits for the month's end.
    const events = [
      { date: '2026-01-10', type: 'subscribe', plan: 'enterprise', credits: 5000, price: 1000 },
      { date: '2026-01-20', type: 'change-plan', plan: 'creator', billing: 'annual' },
    ];
    const l = ledger(events, '2027-02-10');
    expect(l.plan).toMatchObject({ label: 'Creator (annual)', since: '2026-02-10', nextChargeOn: '2028-02-10' });
    expect(charges(l)).toEqual([
      ['2026-01-10', 'plan', 1000],
      ['2026-02-10', 'plan', 288],
      ['2027-02-10', 'plan', 288],
    ]);
    expect(noteCodes(l)).not.toContain('monthly-slots-ended');
  });
});

describe('the allocation’s price', () => {
  it('a Pro tier the user priced prices its credits', () => {
    const r = reportCompute(accountOf([{ date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1500 }], { proTiers: [{ credits: 1500, monthly: 75 }] }), '2026-01-20' as IsoDate, 'month');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.price).toMatchObject({ cents: 7500, credits: 1500, estimated: false });
  });
});
