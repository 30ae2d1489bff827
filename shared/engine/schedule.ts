/**
 * Billing cycles. Cycle `n` starts `n - baseCycle` months after `base`, clamped
 * to the month's last day: computing every start from the base (not from the
 * previous start) is what brings anchor 31 back to the 31st after February.
 */
import { dateAddDays, dateAddMonths } from '../dates.ts';
import type { IsoDate } from '../units.ts';

export interface Schedule {
  /** The date cycle `baseCycle` starts; its day of month is the anchor. */
  readonly base: IsoDate;
  readonly baseCycle: number;
}

export function scheduleNew(start: IsoDate): Schedule {
  return { base: start, baseCycle: 0 };
}

/** The date cycle `n` starts (n ≥ baseCycle). */
export function cycleStartOf(schedule: Schedule, n: number): IsoDate {
  return dateAddMonths(schedule.base, n - schedule.baseCycle);
}

/** Whether cycle `n` starts a year on annual billing, for a year that started at `yearStartCycle`. */
export function isRenewalCycle(n: number, yearStartCycle: number): boolean {
  return (n - yearStartCycle) % 12 === 0;
}

/** The cycle of the next annual renewal after cycle `n`. */
export function nextRenewalCycle(n: number, yearStartCycle: number): number {
  return yearStartCycle + 12 * (Math.floor((n - yearStartCycle) / 12) + 1);
}

/** A pause: the cycle due next starts `days` later, and recurs monthly from there. */
export function schedulePause(schedule: Schedule, nextCycle: number, days: number): Schedule {
  return { base: dateAddDays(cycleStartOf(schedule, nextCycle), days), baseCycle: nextCycle };
}
