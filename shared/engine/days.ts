/**
 * Amounts by calendar day, kept as two arrays in day order. A replay only
 * moves forward, so an amount is added to the last day (O(1)) or to a new day
 * after it (found by binary search, once a day); a copy is two array copies
 * (cheap enough to take at every checkpoint), and a sum over a range finds its
 * ends by binary search.
 */
import type { IsoDate } from '../units.ts';

export interface DayTotals {
  readonly days: IsoDate[];
  readonly amounts: number[];
}

export function dayTotalsNew(): DayTotals {
  return { days: [], amounts: [] };
}

export function dayTotalsCopy(t: DayTotals): DayTotals {
  return { days: t.days.slice(), amounts: t.amounts.slice() };
}

/** The first index whose day is after `day`. */
function indexAfter(t: DayTotals, day: IsoDate): number {
  let lo = 0;
  let hi = t.days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function dayAdd(t: DayTotals, day: IsoDate, amount: number): void {
  const n = t.days.length;
  // A shortcut for a replay, which adds to its last day most often.
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator,BlockStatement: without this shortcut (or looking past the end) the search below finds the last day.
  if (t.days[n - 1] === day) {
    t.amounts[n - 1]! += amount;
    return;
  }
  // A new day: after the last in a replay, which moves forward (once a day, so a search costs little), but kept in order wherever it falls.
  const at = indexAfter(t, day);
  if (t.days[at - 1] === day) t.amounts[at - 1]! += amount;
  else {
    t.days.splice(at, 0, day);
    t.amounts.splice(at, 0, amount);
  }
}

/** The amounts of the days after `after` up to `upTo` (inclusive). */
export function daySum(t: DayTotals, after: IsoDate, upTo: IsoDate): number {
  let total = 0;
  for (let i = indexAfter(t, after), end = indexAfter(t, upTo); i < end; i++) total += t.amounts[i]!;
  return total;
}
