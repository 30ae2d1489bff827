/** Plan changes at their edges: a switch of billing at the same price a month, the avatar slots a switch ends, a pause's renewal day. */
import { describe, expect, it } from 'vitest';
import { ledgerAt as ledger } from '../../test/fixtures/ledgers.ts';
import type { Ledger } from './ledger.ts';

const codes = (l: Ledger) => l.notes.map((n) => [n.date, n.code]);

describe('a switch of billing period', () => {
  it('from annual to monthly at the same price a month waits for the renewal: it is not dearer', () => {
    const annual = { date: '2026-01-10', type: 'subscribe', plan: 'enterprise', credits: 5000, price: 1000, billing: 'annual' };
    const l = ledger([annual, { date: '2026-03-01', type: 'change-plan', plan: 'enterprise', credits: 5000, price: 1000, billing: 'monthly' }], '2026-03-01');
    expect(l.plan?.label).toBe('Enterprise 5,000 at $1,000/month (annual)');
    expect(l.plan?.pending).toEqual({ kind: 'change', label: 'Enterprise 5,000 at $1,000/month (monthly)', on: '2027-01-10' });
    expect(l.charges.map((c) => [c.date, c.amount / 100])).toEqual([['2026-01-10', 12_000]]);
  });

  it('from monthly to annual ends no avatar slots where none were held', () => {
    const l = ledger([{ date: '2026-01-05', type: 'subscribe', plan: 'creator' }, { date: '2026-01-20', type: 'change-plan', plan: 'creator', billing: 'annual' }], '2026-01-20');
    expect(codes(l).filter(([date]) => date === '2026-01-20').map(([, code]) => code)).toEqual(['billing-switched']);
  });
});

describe('a pause', () => {
  it('says the day of the month its cycles renew on from then', () => {
    const l = ledger([{ date: '2026-01-17', type: 'subscribe', plan: 'creator' }, { date: '2026-02-01', type: 'pause' }], '2026-02-01');
    const paused = l.notes.find((n) => n.code === 'paused');
    expect(paused?.params).toEqual({ due: '2026-02-17', starts: '2026-03-19', days: 30, renewDay: 19 });
  });
});
