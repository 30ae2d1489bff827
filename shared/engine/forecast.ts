/**
 * Forecast: how fast credits are being used, when they would run out at that
 * pace, and which credits would expire unused if usage stopped now. Both
 * projections replay the future with the same rules as the past (cycle starts,
 * pending changes, auto-reload), on a fork of the state.
 */
import type { AssumptionId } from '../catalog/assumptions.ts';
import { PLANS } from '../catalog/plans.ts';
import { dateAddDays, dateAddMonths, daysAfter, daysBetween, maxDate } from '../dates.ts';
import { attempt, type Result } from '../errors.ts';
import type { Account } from '../formats/account.ts';
import { creditsAdd, creditsMin, creditsOf, creditsRound, ZERO_CREDITS, type Credits, type IsoDate } from '../units.ts';
import { daySum } from './days.ts';
import { ledgerOf, type Ledger } from './ledger.ts';
import { advanceTo, consumeCredits, replayValidated, type StateSource } from './replay.ts';
import { stateFork, type Charge, type State } from './state.ts';

/** The mean month, in days: burn per month is burn per day × this. */
export const MEAN_MONTH_DAYS = 30.436875;
/** The burn is read over the last this many months (or the account's life, if shorter). */
export const BURN_WINDOW_MONTHS = 3;
const RANGE_WINDOWS = 12;
const RUN_OUT_HORIZON_MONTHS = 24;

export interface Burn {
  /** Credits per month over the last 3 months (or the account's life, if shorter). */
  readonly perMonth: Credits;
  readonly p10: Credits;
  readonly p50: Credits;
  readonly p90: Credits;
  /** How many one-month windows the range was read from (0: the range is the mean). */
  readonly windows: number;
  readonly since: IsoDate;
}

/** Credits lost on a date: lots reaching their expiry, and everything left when a cancel takes effect. */
export interface Expiring {
  readonly date: IsoDate;
  readonly credits: Credits;
  readonly expired: Credits;
  readonly forfeited: Credits;
}

export interface ProjectionPoint {
  readonly date: IsoDate;
  /** Balance at the end of the day at the mean burn, and at the P10 and P90 burns. */
  readonly balance: Credits;
  readonly low: Credits;
  readonly high: Credits;
}

export interface Forecast {
  readonly at: IsoDate;
  readonly months: number;
  readonly burn: Burn;
  readonly expiring: readonly Expiring[];
  /** First day the mean burn cannot be covered, within 24 months; null if never. */
  readonly runOutOn: IsoDate | null;
  /** The next date the plan is charged and granted again (null on Free). */
  readonly renewalOn: IsoDate | null;
  readonly runsOutBeforeRenewal: boolean;
  /** The date a scheduled cancel ends the plan, if one is scheduled within the horizon. */
  readonly endsOn: IsoDate | null;
  /** Balance, day by day, over the horizon. */
  readonly projection: readonly ProjectionPoint[];
  readonly ledger: Ledger;
  /** Assumptions of the account's ledger, and of the projection itself. */
  readonly assumptions: readonly AssumptionId[];
}

/** The `p` percentile of `sorted` (not empty), between its two nearest items. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}


/** Burn per month and its range, from the credits consumed before `at`. */
export function burnOf(s: State, at: IsoDate, firstDate: IsoDate): Burn {
  const lifeStart = dateAddDays(firstDate, -1);
  const windowStart = maxDate(dateAddMonths(at, -BURN_WINDOW_MONTHS), lifeStart);
  const span = daysBetween(windowStart, at);
  const perMonth = span > 0 ? creditsRound((daySum(s.burnByDay, windowStart, at) * MEAN_MONTH_DAYS) / span) : ZERO_CREDITS;
  const windows: number[] = [];
  for (let i = 0; i < RANGE_WINDOWS; i++) {
    const from = dateAddMonths(at, -(i + 1));
    if (from < lifeStart) break;
    windows.push(daySum(s.burnByDay, from, dateAddMonths(at, -i)));
  }
  windows.sort((a, b) => a - b);
  const range = (p: number) => (windows.length ? creditsRound(percentile(windows, p)) : perMonth);
  return { perMonth, p10: range(0.1), p50: range(0.5), p90: range(0.9), windows: windows.length, since: windowStart };
}

/** Credits due on day `k` after the date when `perMonth` is spread evenly over the days (the forecast's pace, in whole units, nothing lost to rounding). */
export function evenBurnDue(perMonth: Credits, k: number): Credits {
  return creditsOf(Math.floor((k * perMonth) / MEAN_MONTH_DAYS) - Math.floor(((k - 1) * perMonth) / MEAN_MONTH_DAYS));
}

/** Replay the future with no usage: what expires or is forfeited on each date up to `until`. */
function expiringUntil(s: State, until: IsoDate): Expiring[] {
  const fork = stateFork(s);
  advanceTo(fork, until);
  const byDate = new Map<IsoDate, { expired: Credits; forfeited: Credits }>();
  for (const e of fork.expirations) byDate.set(e.date, { expired: e.credits, forfeited: ZERO_CREDITS });
  for (const f of fork.forfeits) byDate.set(f.date, { expired: byDate.get(f.date)?.expired ?? ZERO_CREDITS, forfeited: f.credits });
  // In date order as they are: the expiries come in order, and a forfeit ends the plan, so no expiry follows it.
  return [...byDate.entries()].map(([date, { expired, forfeited }]) => ({ date, credits: creditsAdd(expired, forfeited), expired, forfeited }));
}

/** Replay the future burning `perMonth` evenly over the days: the balance each day, and the first day it falls short. */
function burnUntil(s: State, at: IsoDate, until: IsoDate, perMonth: Credits, ahead: readonly IsoDate[] = daysAfter(at, daysBetween(at, until))): { balances: Credits[]; runOutOn: IsoDate | null; endsOn: IsoDate | null; charges: readonly Charge[] } {
  const fork = stateFork(s);
  const balances: Credits[] = [];
  let runOutOn: IsoDate | null = null;
  let endsOn: IsoDate | null = null;
  const days = daysBetween(at, until);
  for (let k = 1; k <= days; k++) {
    const date = ahead[k - 1]!;
    advanceTo(fork, date);
    if (!fork.sub && endsOn === null && s.sub) {
      endsOn = date;
      // The cancel took the credits: at any burn, that is when they run out. (A burn says the plan has credits: a
      // legacy plan, the one without, is never entered from another and its usages take nothing.)
      if (runOutOn === null && perMonth > 0) runOutOn = date;
    }
    const due = evenBurnDue(perMonth, k);
    if (runOutOn === null && fork.sub && PLANS[fork.sub.choice.plan].creditBased && due > 0) {
      const shortfall = consumeCredits(fork, date, due);
      if (shortfall > 0) {
        runOutOn = date;
        consumeCredits(fork, date, fork.balance);
      }
    } else if (runOutOn !== null) {
      // After a run-out, what the balance holds (the renewals' credits) goes as it comes.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: at 0, taking min(due, 0) = 0 could only buy an auto-reload below its threshold, and with one on the balance is never left at 0 (the drain at the run-out buys it) unless the threshold is 0.
      if (fork.balance > 0) consumeCredits(fork, date, creditsMin(due, fork.balance));
    }
    balances.push(fork.balance);
  }
  return { balances, runOutOn, endsOn, charges: fork.charges };
}

/** The date the account starts: the first event's (the earliest date: one pass, no order made), or `at` for an empty one. */
export function firstDateOf(account: Account, at: IsoDate): IsoDate {
  let first: IsoDate | null = null;
  // Stryker disable next-line EqualityOperator: an event on the earliest date is that date.
  for (const e of account.events) if (first === null || e.date < first) first = e.date;
  return first ?? at;
}

/**
 * The auto-reloads to expect after `at`, up to `until`, if credits keep going
 * at the forecast's pace (the mean burn of the last 3 months): what a Business
 * account with auto-reload on (that starts on `firstDate`) will be charged beyond what is scheduled.
 */
export function reloadsAhead(firstDate: IsoDate, at: IsoDate, until: IsoDate, stateAt: StateSource): Result<readonly Charge[]> {
  return attempt(() => {
    const s = stateAt(at);
    // Stryker disable next-line ConditionalExpression: without auto-reload the burn buys nothing: the same empty list, sooner.
    if (!s.sub?.autoReload) return [];
    return burnUntil(s, at, until, burnOf(s, at, firstDate).perMonth).charges.filter((c) => c.kind === 'auto-reload');
  });
}

/** The forecast from the state on `at` (of an account whose first event is on `firstDate`), with a horizon of `months` for expiries and the projection. */
export function forecastOf(s: State, at: IsoDate, months: number, firstDate: IsoDate): Forecast {
  const ledger = ledgerOf(s, at);
  const burn = burnOf(s, at, firstDate);
  const horizon = dateAddMonths(at, months);
  const until = dateAddMonths(at, Math.max(months, RUN_OUT_HORIZON_MONTHS));
  // The days ahead, once for the three projections.
  const ahead = daysAfter(at, daysBetween(at, until));
  const mean = burnUntil(s, at, until, burn.perMonth, ahead);
  const horizonDays = daysBetween(at, horizon);
  const atP10 = burnUntil(s, at, horizon, burn.p10, ahead).balances;
  const atP90 = burnUntil(s, at, horizon, burn.p90, ahead).balances;
  const projection: ProjectionPoint[] = [];
  for (let k = 0; k < horizonDays; k++) {
    projection.push({ date: ahead[k]!, balance: mean.balances[k]!, low: atP90[k]!, high: atP10[k]! });
  }
  const renewalOn = ledger.plan?.nextCycleStart ?? null;
  return {
    at,
    months,
    burn,
    expiring: expiringUntil(s, horizon),
    runOutOn: mean.runOutOn,
    renewalOn,
    // Stryker disable next-line ConditionalExpression: null < a date is false in itself; the test says so for the reader.
    runsOutBeforeRenewal: mean.runOutOn !== null && renewalOn !== null && mean.runOutOn < renewalOn,
    endsOn: mean.endsOn !== null && mean.endsOn <= horizon ? mean.endsOn : null,
    projection,
    ledger,
    assumptions: [...new Set<AssumptionId>([...ledger.assumptions, 'forecast-even-burn'])].sort(),
  };
}

/** The forecast of an account on a date, with a horizon of `months` for expiries and the projection. */
export function forecastCompute(account: Account, at: IsoDate, months = 3): Result<Forecast> {
  return attempt(() => forecastOf(replayValidated(account, at), at, months, firstDateOf(account, at)));
}
