/**
 * A subscription's life on the calendar: starting one, and what happens at each
 * cycle start (a pending change or cancel takes effect, the allocation is
 * granted, the charges are made).
 */
import { AVATAR_SLOT, PLANS } from '../catalog/plans.ts';
import { dateAddYears } from '../dates.ts';
import { centsOf, centsSub, creditsFromWhole, ZERO_CENTS, type IsoDate } from '../units.ts';
import type { LotBasis } from './lots.ts';
import { planPrice, type PlanChoice } from './pricing.ts';
import { cycleStartOf, isRenewalCycle, nextRenewalCycle, scheduleNew } from './schedule.ts';
import { stateCharge, stateForfeitAll, stateGrant, stateNote, type ChargeCredit, type ChargeReason, type State, type Subscription } from './state.ts';
import { usdLabel, numberLabel } from '../text.ts';

/** "Pro 2,000 (monthly)", "Creator (annual)", "Business". */
export function planLabel(choice: PlanChoice): string {
  const info = PLANS[choice.plan];
  const tier = choice.plan === 'pro' ? ` ${numberLabel(choice.credits)}` : choice.plan === 'enterprise' ? ` ${numberLabel(choice.credits)} at ${usdLabel(choice.price ?? 0)}/month` : '';
  const billing = info.creditBased || choice.plan === 'legacy' ? ` (${choice.billing})` : '';
  return `${info.name}${tier}${billing}`;
}

export function subscriptionPrice(s: State, sub: Pick<Subscription, 'choice' | 'seats'>, choice: PlanChoice = sub.choice) {
  // The seats count on Business only (planPrice reads them there).
  return planPrice(choice, { seats: sub.seats, proTiers: s.catalog.proTiers });
}

/**
 * What the credits a plan grants each month cost: its base price (seats and
 * avatar slots pay for people and avatars, not credits) for its monthly
 * credits; on annual billing the year's price for twelve months of them.
 */
export function allocationBasis(s: State, choice: PlanChoice): LotBasis {
  const price = planPrice(choice, { seats: 1, proTiers: s.catalog.proTiers });
  const months = choice.billing === 'annual' ? 12 : 1;
  return { source: 'allocation', cents: price.period, credits: choice.credits * months, plan: choice, assumptions: price.assumptions };
}

/** Whether the period ends at the start of cycle `n`: every cycle on monthly billing, the renewal on annual. */
export function periodEndsAt(sub: Subscription, n: number): boolean {
  return sub.choice.billing === 'monthly' || isRenewalCycle(n, sub.yearStartCycle);
}

/** The expiry of an allocation granted at cycle `n`: the cycle after next (monthly) or the next renewal (annual). */
function allocationExpiryCycle(sub: Subscription, n: number): number {
  return sub.choice.billing === 'monthly' ? n + 2 : nextRenewalCycle(n, sub.yearStartCycle);
}

/** Fix every lot's expiry to its date: the cycles it followed are about to be replaced. */
function lotsDetachFromCycles(s: State): void {
  for (const lot of s.lots) lot.expiresCycle = null;
}

/**
 * A new subscription period that starts on `date`: the day becomes the anchor,
 * the first allocation is granted and the period charged (less `credit`, the
 * unused part of a period it replaces).
 */
export function subscriptionStart(s: State, date: IsoDate, choice: PlanChoice, carry: Partial<Pick<Subscription, 'seats' | 'annualSlots' | 'autoReload' | 'previousCycleStart'>> = {}, credit?: ChargeCredit): void {
  lotsDetachFromCycles(s);
  s.onFree = false;
  s.sub = {
    choice,
    startedOn: date,
    choiceSince: date,
    schedule: scheduleNew(date),
    cycle: -1,
    cycleStart: date,
    nextCycleStart: date,
    yearStartCycle: 0,
    yearStartedOn: date,
    periodPrice: ZERO_CENTS,
    startCharge: null,
    previousCycleStart: carry.previousCycleStart ?? null,
    allocationExpiry: { cycle: null, date: null },
    pending: null,
    seats: choice.plan === 'business' ? (carry.seats ?? 1) : 1,
    // None carried: a billing switch to annual ends them, and one to monthly comes from annual billing, which sells none.
    monthlySlots: 0,
    annualSlots: carry.annualSlots ?? [],
    autoReload: choice.plan === 'business' ? (carry.autoReload ?? null) : null,
  };
  cycleBoundary(s, credit);
}

/** The start of the next cycle: a pending change takes effect, then the allocation and the charges. */
export function cycleBoundary(s: State, credit?: ChargeCredit): void {
  const sub = s.sub!;
  const n = sub.cycle + 1;
  const date = sub.nextCycleStart;
  if (sub.pending && periodEndsAt(sub, n)) {
    const pending = sub.pending;
    sub.pending = null;
    if (pending.kind === 'cancel') {
      stateForfeitAll(s, date);
      stateNote(s, date, 'cancel', { code: 'cancelled', params: { plan: sub.choice } }, pending.index);
      s.sub = null;
      s.onFree = true;
      return;
    }
    const before = sub.choice;
    sub.choice = pending.choice;
    sub.choiceSince = date;
    // The new plan's period starts here: on annual billing a year (from annual billing, at its renewal: the same year's cycles). On monthly billing the year is not read.
    sub.yearStartCycle = n;
    if (pending.choice.plan !== 'business') {
      sub.seats = 1;
      sub.autoReload = null;
    }
    if (pending.choice.billing === 'annual' && sub.monthlySlots > 0) {
      stateNote(s, date, 'avatar-slots', { code: 'monthly-slots-ended', params: { slots: sub.monthlySlots } }, pending.index);
      sub.monthlySlots = 0;
    }
    stateNote(s, date, 'downgrade', { code: 'downgraded', params: { from: before, to: pending.choice } }, pending.index);
  }
  if (n > 0) sub.previousCycleStart = sub.cycleStart;
  sub.cycle = n;
  sub.cycleStart = date;
  // Stryker disable next-line ConditionalExpression: with the billing check always true, the same: off annual billing the year's start is not read (periodOf), and a change to annual billing sets it anew (subscriptionStart, or this line at the cycle its pending change starts the year).
  if (sub.choice.billing === 'annual' && isRenewalCycle(n, sub.yearStartCycle)) sub.yearStartedOn = date;
  sub.nextCycleStart = cycleStartOf(sub.schedule, n + 1);
  const info = PLANS[sub.choice.plan];
  // Stryker disable next-line ConditionalExpression: always true, the same: the one plan without credits a subscription can be on, legacy, has 0 a month, which stateGrant does not grant, and its allocation expiry is read on a credit plan only (a balance check, an upgrade's credits).
  if (info.creditBased) {
    const expiresCycle = allocationExpiryCycle(sub, n);
    sub.allocationExpiry = { cycle: expiresCycle, date: cycleStartOf(sub.schedule, expiresCycle) };
    stateGrant(s, 'allocation', date, creditsFromWhole(sub.choice.credits), sub.allocationExpiry, allocationBasis(s, sub.choice));
  }
  sub.startCharge = null;
  if (periodEndsAt(sub, n)) {
    const price = subscriptionPrice(s, sub);
    sub.periodPrice = price.period;
    for (const a of price.assumptions) s.assumptions.add(a);
    const charge = stateCharge(s, date, centsSub(price.period, credit?.amount ?? ZERO_CENTS), credit ? 'billing-switch' : 'plan', planChargeReason(sub, credit), price.assumptions);
    // Stryker disable next-line ConditionalExpression: the start charge is read on cycle 0 only (seatsAtStart); kept later, meet.ts compares the charges from the first, only more slowly.
    if (n === 0) sub.startCharge = { charge, credit };
  }
  // Without monthly slots the charge is 0, which stateCharge does not make.
  stateCharge(s, date, centsOf(sub.monthlySlots * AVATAR_SLOT.monthly), 'avatar-slots', { code: 'slots-monthly', params: { slots: sub.monthlySlots } });
}

function planChargeReason(sub: Subscription, credit: ChargeCredit | undefined): ChargeReason {
  return { code: 'plan', params: { plan: sub.choice, seats: sub.seats, credit: credit && credit.amount > 0 ? credit : null } };
}

/**
 * Seats set on the day a subscription starts (no plan change since) are the
 * seats it starts with: its first charge is made again for them. Returns
 * whether it applied; otherwise seats count from the next charge.
 */
export function seatsAtStart(s: State, sub: Subscription, date: IsoDate, seats: number): boolean {
  const start = sub.startCharge;
  // On its start day a subscription is in its first cycle: the next starts a month or more later.
  if (!start || sub.startedOn !== date) return false;
  sub.seats = seats;
  const price = subscriptionPrice(s, sub);
  sub.periodPrice = price.period;
  const amount = centsSub(price.period, start.credit?.amount ?? ZERO_CENTS);
  // The charge made again is still the one the subscription started with: the same event's, in its place in the list.
  const charge = { date, amount, kind: start.charge?.kind ?? (start.credit ? 'billing-switch' : 'plan'), reason: planChargeReason(sub, start.credit), assumptions: price.assumptions, index: start.charge ? start.charge.index : s.applying } as const;
  const at = start.charge ? s.charges.lastIndexOf(start.charge) : -1;
  if (amount > 0 && at !== -1) s.charges[at] = charge;
  else if (amount > 0) s.charges.push(charge);
  else if (at !== -1) s.charges.splice(at, 1);
  sub.startCharge = { charge: amount > 0 ? charge : null, credit: start.credit };
  return true;
}

/** Annual avatar slots renew on each anniversary of the day they were bought. */
export function slotsRenew(s: State, date: IsoDate): void {
  const sub = s.sub;
  if (!sub) return;
  for (const group of sub.annualSlots) {
    if (group.nextRenewal > date) continue;
    group.renewals++;
    group.nextRenewal = dateAddYears(group.boughtOn, group.renewals + 1);
    stateCharge(s, date, centsOf(group.count * AVATAR_SLOT.annual), 'avatar-slots', { code: 'slots-renewal', params: { slots: group.count } });
  }
}

/** The earliest annual slot renewal, if any. */
export function slotsNextRenewal(sub: Subscription | null): IsoDate | null {
  if (!sub) return null;
  let next: IsoDate | null = null;
  // Stryker disable next-line EqualityOperator: on a tie (<=) the other group's renewal is the same date.
  for (const g of sub.annualSlots) if (next === null || g.nextRenewal < next) next = g.nextRenewal;
  return next;
}
