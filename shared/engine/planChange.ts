/**
 * Plan events: subscribe, change-plan, cancel, pause. Whether a change is an
 * upgrade (at once, prorated) or a downgrade (at the end of the period) is
 * decided from the prices (docs/ENGINE.md).
 */
import type { AssumptionId } from '../catalog/assumptions.ts';
import { PAUSE_DAYS, PLANS, type Billing } from '../catalog/plans.ts';
import { daysBetween } from '../dates.ts';
import { reject } from '../errors.ts';
import type { PlanEvent } from '../formats/account.ts';
import { centsFromUsd, centsMulDiv, centsSub, creditsFromWhole, type Cents, type IsoDate } from '../units.ts';
import { lotsOrder } from './lots.ts';
import type { PlanChoice } from './pricing.ts';
import { cycleStartOf, nextRenewalCycle, schedulePause } from './schedule.ts';
import { stateCharge, stateGrant, stateNote, type State, type Subscription } from './state.ts';
import { planLabel, subscriptionPrice, subscriptionStart } from './subscription.ts';

/** The plan an event names; `change-plan` without a billing keeps the current one. */
export function choiceFromEvent(event: PlanEvent, currentBilling: Billing | undefined): PlanChoice {
  const info = PLANS[event.plan];
  return {
    plan: event.plan,
    credits: event.credits ?? info.monthlyCredits ?? 0,
    billing: event.billing ?? currentBilling ?? 'monthly',
    price: event.price === undefined ? undefined : centsFromUsd(event.price),
  };
}

function sameChoice(a: PlanChoice, b: PlanChoice): boolean {
  return a.plan === b.plan && a.credits === b.credits && a.billing === b.billing && (a.price ?? 0) === (b.price ?? 0);
}

/** The current period (the cycle on monthly billing, the year on annual), and how much of it is left on `date` (that day counts as left). */
export function periodOf(sub: Subscription, date: IsoDate): { start: IsoDate; end: IsoDate; days: number; daysLeft: number } {
  const start = sub.choice.billing === 'monthly' ? sub.cycleStart : sub.yearStartedOn;
  const end = sub.choice.billing === 'monthly' ? sub.nextCycleStart : cycleStartOf(sub.schedule, nextRenewalCycle(sub.cycle, sub.yearStartCycle));
  return { start, end, days: daysBetween(start, end), daysLeft: daysBetween(date, end) };
}

export function eventSubscribe(s: State, event: PlanEvent, index: number): void {
  if (s.sub) {
    reject('invalid-event', `events[${index}].type`, `already subscribed to ${planLabel(s.sub.choice)} since ${s.sub.startedOn}: use change-plan (a new subscribe is allowed once a cancel has taken effect)`);
  }
  startFrom(s, event, index, choiceFromEvent(event, undefined));
}

/** From Free or from nothing: a new subscription that day (or staying on Free). */
function startFrom(s: State, event: PlanEvent, index: number, choice: PlanChoice): void {
  // An account comes here again only from Free (a cancel took effect, or it started on Free): legacy only as its first plan.
  if (choice.plan === 'legacy' && s.onFree) {
    reject('invalid-event', `events[${index}].plan`, 'a legacy unlimited plan cannot be started again once left: it can only be the plan an account starts on');
  }
  if (choice.plan === 'free') {
    s.onFree = true;
    stateNote(s, event.date, 'subscribe', { code: 'free-start', params: {} }, index);
    return;
  }
  subscriptionStart(s, event.date, choice);
  stateNote(s, event.date, 'subscribe', { code: 'subscribed', params: { plan: choice } }, index);
}

export function eventChangePlan(s: State, event: PlanEvent, index: number): void {
  const sub = s.sub;
  const target = choiceFromEvent(event, sub?.choice.billing);
  if (!sub) return startFrom(s, event, index, target);
  if (target.plan === 'free') return eventCancel(s, event.date, index);
  const current = sub.choice;
  if (sameChoice(current, target)) {
    const withdrawn = sub.pending !== null;
    sub.pending = null;
    stateNote(s, event.date, 'no-change', { code: withdrawn ? 'stays' : 'already-on', params: { plan: current } }, index);
    return;
  }
  if (target.plan === 'legacy') {
    if (current.plan !== 'legacy') reject('invalid-event', `events[${index}].plan`, 'a legacy unlimited plan cannot be re-entered once left');
    return scheduleChange(s, sub, event.date, target, index);
  }
  if (current.plan === 'legacy') {
    subscriptionStart(s, event.date, target);
    stateNote(s, event.date, 'subscribe', { code: 'legacy-left', params: { plan: target } }, index);
    return;
  }
  const oldPrice = sub.periodPrice;
  const newPrice = subscriptionPrice(s, sub, target);
  if (current.billing !== target.billing) {
    // Upgrade rules when the period's price goes up (DOMAIN), or when the plan itself costs more a month.
    // Stryker disable next-line ConditionalExpression: from monthly billing the new period is a year; one that costs no more than the old month has a twelfth no more than the old month's twelfth, so the second test below says no whether oldMonthly is the month or its twelfth.
    const oldMonthly = current.billing === 'annual' ? oldPrice / 12 : oldPrice;
    // Stryker disable next-line EqualityOperator: a year's price and a month's are never equal (no plan that bills both is free).
    const dearerPeriod = newPrice.period > oldPrice;
    if (dearerPeriod || newPrice.monthly > oldMonthly) return billingSwitchNow(s, sub, event.date, target, index);
    return scheduleChange(s, sub, event.date, target, index);
  }
  const higher = newPrice.period > oldPrice || (newPrice.period === oldPrice && target.credits > current.credits);
  if (higher) return upgrade(s, sub, event.date, target, oldPrice, newPrice.period, [...new Set([...subscriptionPrice(s, sub).assumptions, ...newPrice.assumptions])], index);
  return scheduleChange(s, sub, event.date, target, index);
}

function withdrawNote(s: State, sub: Subscription, date: IsoDate, index: number): void {
  const pending = sub.pending;
  if (pending) stateNote(s, date, 'no-change', pending.kind === 'cancel' ? { code: 'cancel-withdrawn', params: {} } : { code: 'change-withdrawn', params: { plan: pending.choice } }, index);
}

/** `assumptions`: what the old and new prices rest on, so the prorated charge is labelled as they are. */
function upgrade(s: State, sub: Subscription, date: IsoDate, target: PlanChoice, oldPrice: Cents, newPrice: Cents, assumptions: readonly AssumptionId[], index: number): void {
  const { days, daysLeft } = periodOf(sub, date);
  const charge = centsMulDiv(newPrice - oldPrice, daysLeft, days);
  const before = sub.choice;
  const extra = creditsFromWhole(Math.max(0, target.credits - before.credits));
  withdrawNote(s, sub, date, index);
  sub.choice = target;
  sub.choiceSince = date;
  sub.periodPrice = newPrice;
  sub.startCharge = null;
  // Stryker disable next-line ConditionalExpression: seats and auto-reload are for Business only, so an upgrade to Business comes from a plan that has one seat and none: resetting them changes nothing.
  if (target.plan !== 'business') {
    sub.seats = 1;
    sub.autoReload = null;
  }
  sub.pending = null;
  stateCharge(s, date, charge, 'upgrade', { code: 'upgrade', params: { from: before, to: target, difference: centsSub(newPrice, oldPrice), daysLeft, days } }, assumptions);
  // Every plan an upgrade reaches has credits: a change to Free is a cancel, to a legacy plan scheduled.
  stateGrant(s, 'upgrade', date, extra, sub.allocationExpiry, { source: 'upgrade', cents: charge, credits: target.credits - before.credits, plan: target, assumptions });
  stateNote(s, date, 'upgrade', { code: 'upgraded', params: { plan: target, charge, daysLeft, days, credits: extra, fullFrom: sub.nextCycleStart } }, index);
}

/** A switch of billing period that counts as an upgrade: a new period starts that day, the unused part credited. */
function billingSwitchNow(s: State, sub: Subscription, date: IsoDate, target: PlanChoice, index: number): void {
  const { days, daysLeft } = periodOf(sub, date);
  const unused = centsMulDiv(sub.periodPrice, daysLeft, days);
  const before = sub.choice;
  withdrawNote(s, sub, date, index);
  // Only monthly billing holds monthly slots (annual sells slots by the year): with some, this is a switch to annual.
  if (sub.monthlySlots > 0) {
    stateNote(s, date, 'avatar-slots', { code: 'monthly-slots-ended', params: { slots: sub.monthlySlots } }, index);
  }
  s.assumptions.add('billing-switch-restart');
  const previousCycleStart = sub.cycleStart < date ? sub.cycleStart : sub.previousCycleStart;
  subscriptionStart(s, date, target, { seats: sub.seats, annualSlots: sub.annualSlots, autoReload: sub.autoReload, previousCycleStart }, { amount: unused, billing: before.billing, daysLeft, days });
  stateNote(s, date, 'billing-switch', { code: 'billing-switched', params: { from: before, to: target, unused, daysLeft, days } }, index);
}

function scheduleChange(s: State, sub: Subscription, date: IsoDate, target: PlanChoice, index: number): void {
  sub.pending = { kind: 'change', choice: target, index };
  if (sub.choice.billing === 'annual') s.assumptions.add('annual-period-end');
  stateNote(s, date, 'downgrade-scheduled', { code: 'change-scheduled', params: { from: sub.choice, to: target, on: periodEndDate(sub) } }, index);
}

/** The date the current period ends: a downgrade or cancel takes effect, the next plan charge is made. */
export function periodEndDate(sub: Subscription): IsoDate {
  return periodOf(sub, sub.cycleStart).end;
}

export function eventCancel(s: State, date: IsoDate, index: number): void {
  const sub = s.sub;
  if (!sub) reject('invalid-event', `events[${index}].type`, 'nothing to cancel: the account is on Free');
  if (sub.pending?.kind === 'cancel') {
    stateNote(s, date, 'no-change', { code: 'already-cancelled', params: {} }, index);
    return;
  }
  sub.pending = { kind: 'cancel', index };
  if (sub.choice.billing === 'annual') s.assumptions.add('annual-period-end');
  stateNote(s, date, 'cancel-scheduled', { code: 'cancel-scheduled', params: { plan: sub.choice, until: periodEndDate(sub) } }, index);
}

export function eventPause(s: State, date: IsoDate, index: number): void {
  const sub = s.sub;
  if (!sub) reject('invalid-event', `events[${index}].type`, 'nothing to pause: the account is on Free');
  const due = sub.nextCycleStart;
  sub.schedule = schedulePause(sub.schedule, sub.cycle + 1, PAUSE_DAYS);
  sub.nextCycleStart = cycleStartOf(sub.schedule, sub.cycle + 1);
  for (const lot of s.lots) if (lot.expiresCycle !== null) lot.expiresOn = cycleStartOf(sub.schedule, lot.expiresCycle);
  if (sub.allocationExpiry.cycle !== null) sub.allocationExpiry.date = cycleStartOf(sub.schedule, sub.allocationExpiry.cycle);
  s.lots.sort(lotsOrder);
  stateNote(s, date, 'pause', { code: 'paused', params: { due, starts: sub.nextCycleStart, days: PAUSE_DAYS, renewDay: Number(sub.nextCycleStart.slice(8)) } }, index);
}
