/**
 * Credit lots: an amount granted on a date, with an expiry date or none. Kept
 * sorted in the order they are used: soonest expiry first, then oldest grant,
 * lots with no expiry last. The list stays short (a few allocations, upgrades,
 * add-ons), so plain arrays are the fastest structure.
 */
import type { AssumptionId } from '../catalog/assumptions.ts';
import { creditsAdd, creditsMin, creditsSub, ZERO_CENTS, ZERO_CREDITS, type Cents, type Credits, type IsoDate } from '../units.ts';
import type { PlanChoice } from './pricing.ts';

export type LotKind = 'allocation' | 'upgrade' | 'addon' | 'adjustment';

/** What bought a lot: a plan's allocation, an upgrade's difference, an add-on or auto-reload purchase, or a balance check's surplus. */
export type LotSource = 'allocation' | 'upgrade' | 'addon' | 'auto-reload' | 'adjustment';

/**
 * What a lot's credits cost (DOMAIN, "What a credit cost"): `cents` for
 * `credits` whole credits, kept as the two integers so the price per credit
 * stays exact. An allocation: the plan's base price (no seats, no avatar
 * slots) for its credits, on annual billing the year's price for 12 months of
 * them; an upgrade: its prorated charge for its credits; add-on and reload
 * blocks: $5 for 100; a balance check's surplus: nothing.
 */
export interface LotBasis {
  readonly source: LotSource;
  readonly cents: Cents;
  /** Whole credits, more than 0. */
  readonly credits: number;
  /** The plan whose charge bought it (allocations and upgrades). */
  readonly plan: PlanChoice | null;
  /** What the price rests on where it is not known (an estimated Pro tier, an assumed annual price). */
  readonly assumptions: readonly AssumptionId[];
}

/** A balance check's surplus: credits nobody paid for here. */
export const ADJUSTMENT_BASIS: LotBasis = { source: 'adjustment', cents: ZERO_CENTS, credits: 1, plan: null, assumptions: [] };

export interface Lot {
  readonly id: number;
  readonly kind: LotKind;
  readonly grantedOn: IsoDate;
  /** Credits vanish on this date (not usable on it); null: no expiry. */
  expiresOn: IsoDate | null;
  /** The cycle whose start the expiry follows (so a pause moves it); null once fixed to a date. */
  expiresCycle: number | null;
  readonly amount: Credits;
  remaining: Credits;
  readonly basis: LotBasis;
}

/** A part of a usage paid from one lot. */
export interface Draw {
  readonly lotId: number;
  readonly kind: LotKind;
  readonly grantedOn: IsoDate;
  readonly expiresOn: IsoDate | null;
  readonly credits: Credits;
}

/** Consumption order: negative when `a` is used before `b`. */
export function lotsOrder(a: Lot, b: Lot): number {
  if (a.expiresOn !== b.expiresOn) {
    if (a.expiresOn === null) return 1;
    if (b.expiresOn === null) return -1;
    // Stryker disable next-line EqualityOperator: the two dates differ here.
    return a.expiresOn < b.expiresOn ? -1 : 1;
  }
  if (a.grantedOn !== b.grantedOn) {
    // Stryker disable next-line EqualityOperator: the two dates differ here.
    return a.grantedOn < b.grantedOn ? -1 : 1;
  }
  return a.id - b.id;
}

/** Insert a lot where it belongs in consumption order. */
export function lotsInsert(lots: Lot[], lot: Lot): void {
  let i = lots.length;
  // Stryker disable next-line EqualityOperator: the order is 0 only for a lot against itself (ids are unique), never inserted twice.
  while (i > 0 && lotsOrder(lots[i - 1]!, lot) > 0) i--;
  lots.splice(i, 0, lot);
}

/**
 * Take `amount` from the lots in consumption order; the caller has checked the
 * balance covers it. Emptied lots are removed. Returns what came from where
 * only when asked (`draws`), so the replay's hot path allocates nothing.
 */
export function lotsConsume(lots: Lot[], amount: Credits, draws?: Draw[]): void {
  let left = amount;
  let emptied = 0;
  // Every lot holds credits (none is granted empty, an emptied one is removed): once nothing is left, the next gives nothing and ends the walk.
  for (const lot of lots) {
    const take = creditsMin(lot.remaining, left);
    lot.remaining = creditsSub(lot.remaining, take);
    left = creditsSub(left, take);
    if (draws && take > 0) draws.push({ lotId: lot.id, kind: lot.kind, grantedOn: lot.grantedOn, expiresOn: lot.expiresOn, credits: take });
    if (lot.remaining === 0) emptied++;
    else break;
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: splicing none off changes nothing; the check spares the replay's hot path the empty array splice returns.
  if (emptied > 0) lots.splice(0, emptied);
  if (left !== 0) throw new Error(`lotsConsume: ${left} units short; the caller must check the balance`);
}

/** Remove the lots that expire on or before `date`; returns them (with what they still held). */
export function lotsExpire(lots: Lot[], date: IsoDate): Lot[] {
  let n = 0;
  for (const lot of lots) {
    if (lot.expiresOn === null || lot.expiresOn > date) break;
    n++;
  }
  return lots.splice(0, n);
}

export function lotsBalance(lots: readonly Lot[]): Credits {
  let total = ZERO_CREDITS;
  for (const lot of lots) total = creditsAdd(total, lot.remaining);
  return total;
}
