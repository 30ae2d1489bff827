import { describe, expect, it } from 'vitest';
import { creditsOf, type IsoDate } from '../units.ts';
import { dayAdd, dayTotalsCopy, dayTotalsNew, daySum } from './days.ts';
import { ADJUSTMENT_BASIS, lotsConsume, lotsInsert, lotsOrder, type Draw, type Lot } from './lots.ts';

const d = (s: string) => s as IsoDate;

describe('day totals', () => {
  it('add to the last day, to a new day after it, and keep an earlier day in order too', () => {
    const t = dayTotalsNew();
    for (const [day, amount] of [['2026-01-05', 1], ['2026-01-05', 2], ['2026-01-09', 4], ['2026-01-07', 8], ['2026-01-05', 16], ['2026-01-01', 32], ['2026-01-07', 64]] as const) dayAdd(t, d(day), amount);
    expect(t).toEqual({ days: ['2026-01-01', '2026-01-05', '2026-01-07', '2026-01-09'], amounts: [32, 19, 72, 4] });
  });

  it('sum the days after one date up to another, both ends by date', () => {
    const t = dayTotalsNew();
    for (const [day, amount] of [['2026-01-05', 1], ['2026-01-07', 2], ['2026-01-09', 4]] as const) dayAdd(t, d(day), amount);
    expect(daySum(t, d('2026-01-05'), d('2026-01-09'))).toBe(6);
    expect(daySum(t, d('2026-01-04'), d('2026-01-08'))).toBe(3);
    expect(daySum(t, d('2026-01-09'), d('2026-02-01'))).toBe(0);
    expect(daySum(t, d('2025-01-01'), d('2026-01-06'))).toBe(1);
  });

  it('a copy is its own', () => {
    const t = dayTotalsNew();
    dayAdd(t, d('2026-01-05'), 1);
    const c = dayTotalsCopy(t);
    dayAdd(t, d('2026-01-05'), 1);
    dayAdd(t, d('2026-01-06'), 1);
    expect(c).toEqual({ days: ['2026-01-05'], amounts: [1] });
  });
});

describe('lots in the order they are used', () => {
  const lot = (id: number, grantedOn: string, expiresOn: string | null): Lot => ({
    id,
    kind: 'adjustment',
    grantedOn: d(grantedOn),
    expiresOn: expiresOn === null ? null : d(expiresOn),
    expiresCycle: null,
    amount: creditsOf(1),
    remaining: creditsOf(1),
    basis: ADJUSTMENT_BASIS,
  });

  it('the soonest to expire first, never-expiring last, then the earliest granted, then the first made', () => {
    const lots: Lot[] = [];
    const all = [lot(5, '2026-01-05', null), lot(4, '2026-02-05', '2026-03-05'), lot(3, '2026-01-05', '2026-03-05'), lot(2, '2026-01-05', '2026-03-05'), lot(1, '2026-01-05', '2026-02-05'), lot(6, '2026-01-01', null)];
    for (const l of all) lotsInsert(lots, l);
    expect(lots.map((l) => l.id)).toEqual([1, 2, 3, 4, 6, 5]);
    expect([lotsOrder(all[3]!, all[2]!), lotsOrder(all[2]!, all[3]!), lotsOrder(all[3]!, all[3]!)]).toEqual([-1, 1, 0]);
  });

  it('takes a lot emptied to the last unit, and only it: the next lot is neither drawn on nor removed', () => {
    const lots = [lot(1, '2026-01-05', '2026-02-05'), lot(2, '2026-01-05', null)];
    const draws: Draw[] = [];
    lotsConsume(lots, creditsOf(1), draws);
    expect([draws.map((x) => [x.lotId, x.credits]), lots.map((l) => [l.id, l.remaining])]).toEqual([[[1, creditsOf(1)]], [[2, creditsOf(1)]]]);
  });

  it('never takes more than the lots hold: the caller was to check the balance, and the error says by how much', () => {
    const lots = [lot(1, '2026-01-05', '2026-02-05'), lot(2, '2026-01-05', null)];
    expect(() => lotsConsume(lots, creditsOf(3))).toThrow(`lotsConsume: ${creditsOf(1)} units short; the caller must check the balance`);
  });
});
