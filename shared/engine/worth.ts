/**
 * What credits are worth at the prices their lots cost, exactly. A lot's price
 * per credit is a fraction (Business: 14,900 cents for 1,500 credits is
 * 9.9333… cents), so a worth keeps the credits taken at each price apart, as
 * integers: adding to it never rounds. Only `worthCents` divides, once, in
 * BigInt (fractions kept in lowest terms as they are added), and rounds the
 * exact sum to cents half away from zero (the edge).
 */
import { centsOf, CREDIT_UNITS, type Cents } from '../units.ts';

/** A price per credit: `cents` for `credits` whole credits (`credits` > 0). */
export interface CreditPrice {
  readonly cents: number;
  readonly credits: number;
}

/** Credit units taken at each price, by the price (the same object for every draw from a lot: adding is a lookup and an addition). */
export type Worth = Map<CreditPrice, number>;

export function worthNew(): Worth {
  return new Map();
}

/** Add `units` credit units at `price`. */
export function worthAdd(worth: Worth, units: number, price: CreditPrice): void {
  if (units !== 0) worth.set(price, (worth.get(price) ?? 0) + units);
}

/** Add everything in `from` to `into`. */
export function worthJoin(into: Worth, from: Worth): void {
  for (const [price, units] of from) worthAdd(into, units, price);
}

function bigGcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The exact sum in cents, Σ units × cents ÷ (credits × 3,600), rounded once to a cent, half away from zero. */
export function worthCents(worth: Worth): Cents {
  let num = 0n;
  let den = 1n;
  for (const [p, units] of worth) {
    const d = BigInt(p.credits) * BigInt(CREDIT_UNITS);
    num = num * d + BigInt(units) * BigInt(p.cents) * den;
    den *= d;
    // Stryker disable all: lowest terms keep the numbers small, not the value right: num ÷ den is the same fraction
    // reduced or not (and a gcd taken of a negative num may come out ≤ 1, which reduces nothing).
    const g = bigGcd(num < 0n ? -num : num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
    // Stryker restore all
  }
  // Stryker disable next-line EqualityOperator: a sum of 0 rounds to 0 either side of the sign.
  const negative = num < 0n;
  const a = negative ? -num : num;
  const rounded = (2n * a + den) / (2n * den);
  return centsOf(Number(negative ? -rounded : rounded));
}
