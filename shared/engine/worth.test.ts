import { describe, expect, it } from 'vitest';
import { worthAdd, worthCents, worthJoin, worthNew, type CreditPrice } from './worth.ts';

// 5 cents a credit: a credit unit (1/3,600 of a credit) is 1/720 of a cent.
const block: CreditPrice = { cents: 500, credits: 100 };
// Business: 14,900 cents for 1,500 credits, 9.9333… cents a credit.
const business: CreditPrice = { cents: 14_900, credits: 1500 };

describe('worth', () => {
  it('rounds the exact sum once, half away from zero', () => {
    const cents = (units: number) => {
      const w = worthNew();
      worthAdd(w, units, block);
      return worthCents(w);
    };
    expect([cents(359), cents(360), cents(720 * 7), cents(-359), cents(-360)]).toEqual([0, 1, 7, 0, -1]);
  });

  it('keeps each price apart, as integers, and rounds only the total', () => {
    const w = worthNew();
    // Half a cent at each of two prices of the same value: one cent, not two.
    worthAdd(w, 360, block);
    worthAdd(w, 360, { ...block });
    expect(worthCents(w)).toBe(1);
    // 3 credits at Business's price: 29.8 cents; with the cent before, 30.8: 31.
    worthAdd(w, 3 * 3600, business);
    expect(worthCents(w)).toBe(31);
    expect([...w.values()]).toEqual([360, 360, 3 * 3600]);
  });

  it('takes nothing for no units, and joins one worth into another by price', () => {
    const a = worthNew();
    worthAdd(a, 0, block);
    expect(a.size).toBe(0);
    worthAdd(a, 1500 * 3600, business);
    const b = worthNew();
    worthAdd(b, 1500 * 3600, business);
    worthAdd(b, -720, block);
    worthJoin(a, b);
    expect([...a.entries()]).toEqual([[business, 3000 * 3600], [block, -720]]);
    // $298 for 3,000 Business credits, less a cent.
    expect(worthCents(a)).toBe(29_799);
  });
});
