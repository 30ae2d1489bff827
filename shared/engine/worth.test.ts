/** Credits at their lots' prices: summed exactly, rounded to the cent once. */
import { describe, expect, it } from 'vitest';
import { CREDIT_UNITS } from '../units.ts';
import { worthAdd, worthCents, worthJoin, worthNew } from './worth.ts';

const BUSINESS = { cents: 14_900, credits: 1500 };
const ADDON = { cents: 500, credits: 100 };

describe('worth', () => {
  it.each([
    ['1 credit at $149 / 1,500: 9.9333… cents', [[1, BUSINESS]], 10],
    ['3 credits: 29.8 cents, not 3 × 10', [[3, BUSINESS]], 30],
    ['1,500 credits: the $149 exactly', [[1500, BUSINESS]], 14_900],
    ['300 at $149 / 1,500 and 160 at $0.05: $29.80 + $8.00', [[300, BUSINESS], [160, ADDON]], 3780],
    ['0.1 credit at $0.05 is half a cent: rounded away from zero, 1 cent', [[0.1, ADDON]], 1],
    ['nothing', [], 0],
  ] as const)('%s', (_label, parts, cents) => {
    const w = worthNew();
    for (const [credits, price] of parts) worthAdd(w, credits * CREDIT_UNITS, price);
    expect(worthCents(w)).toBe(cents);
  });

  it('10,000 draws of 0.2 credit at $149 / 1,500 are 2,000 credits, $198.67: nothing is lost to rounding each draw', () => {
    const w = worthNew();
    for (let i = 0; i < 10_000; i++) worthAdd(w, 0.2 * CREDIT_UNITS, BUSINESS);
    expect(worthCents(w)).toBe(19_867);
  });

  it('the same price in other terms sums exactly: $10 for 200 credits and $5 for 100', () => {
    const w = worthNew();
    worthAdd(w, 100 * CREDIT_UNITS, { cents: 1000, credits: 200 });
    worthAdd(w, 100 * CREDIT_UNITS, ADDON);
    expect(worthCents(w)).toBe(1000);
  });

  it('joined, the exact sums add before rounding: two thirds of a cent twice is 1 cent, not 2', () => {
    const third = { cents: 1, credits: 3 };
    const a = worthNew();
    const b = worthNew();
    worthAdd(a, 2 * CREDIT_UNITS, third);
    worthAdd(b, 1 * CREDIT_UNITS, { cents: 2, credits: 3 });
    expect([worthCents(a), worthCents(b)]).toEqual([1, 1]);
    worthJoin(a, b);
    expect(worthCents(a)).toBe(1);
  });
});
