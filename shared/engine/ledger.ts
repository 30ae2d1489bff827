/**
 * The ledger: what a replay says about an account on a date, as read-only
 * data. Every screen and every command reads this; nothing recomputes it.
 */
import type { AssumptionId } from '../catalog/assumptions.ts';
import { attempt, type Result } from '../errors.ts';
import type { Account } from '../formats/account.ts';
import type { Credits, IsoDate } from '../units.ts';
import type { LotKind } from './lots.ts';
import { periodEndDate } from './planChange.ts';
import type { PlanChoice, Price } from './pricing.ts';
import { replayValidated } from './replay.ts';
import type { BalanceCheckRecord, Charge, DatedCredits, Note, Refusal, State } from './state.ts';
import { planLabel, subscriptionPrice } from './subscription.ts';

export interface LotView {
  readonly id: number;
  readonly kind: LotKind;
  readonly grantedOn: IsoDate;
  readonly expiresOn: IsoDate | null;
  readonly amount: Credits;
  readonly remaining: Credits;
}

export interface PlanStatus {
  readonly choice: PlanChoice;
  readonly label: string;
  readonly startedOn: IsoDate;
  /** The day the plan in force took effect (its subscribe, an upgrade, a downgrade coming into effect): what "since" dates. */
  readonly since: IsoDate;
  readonly cycleStart: IsoDate;
  readonly nextCycleStart: IsoDate;
  /** The start of the cycle before this one, from the schedule (pauses and short months included); null in a subscription's first cycle. */
  readonly previousCycleStart: IsoDate | null;
  /** The day of month cycles start on (clamped in short months). */
  readonly anchorDay: number;
  /** The next date the plan is charged: the next cycle start (monthly) or renewal (annual). */
  readonly nextChargeOn: IsoDate;
  readonly price: Price;
  readonly pending: { readonly kind: 'change' | 'cancel'; readonly label: string; readonly on: IsoDate } | null;
  readonly seats: number;
  readonly avatarSlots: { readonly monthly: number; readonly annual: number };
  readonly autoReload: { readonly threshold: Credits; readonly blocks: number } | null;
}

export interface Ledger {
  readonly at: IsoDate;
  /** The paid (or legacy) plan in force, or null on Free. */
  readonly plan: PlanStatus | null;
  readonly balance: Credits;
  /** Lots holding credits, in the order they will be used. */
  readonly lots: readonly LotView[];
  readonly charges: readonly Charge[];
  readonly refused: readonly Refusal[];
  readonly expirations: readonly DatedCredits[];
  readonly forfeits: readonly DatedCredits[];
  readonly balanceChecks: readonly BalanceCheckRecord[];
  readonly notes: readonly Note[];
  readonly totals: { readonly granted: Credits; readonly used: Credits; readonly expired: Credits; readonly forfeited: Credits };
  readonly freeVideos: { readonly quota: number; readonly used: number; readonly maxMinutes: number };
  /** Credits each usage event cost, by file index (NaN for other events; 0 for one that took free videos on Free). */
  readonly usageCosts: Float64Array;
  /** Usages that took free videos on Free: how many each took, by file index. */
  readonly usageFreeVideos: ReadonlyMap<number, number>;
  /** On Free (at the start or once a cancel took effect): usage counts against the free quota. */
  readonly onFree: boolean;
  readonly legacyUsage: Credits;
  /** The product's assumptions that shaped these numbers (ids of catalog/assumptions.ts). */
  readonly assumptions: readonly AssumptionId[];
}

function planStatus(s: State): PlanStatus | null {
  const sub = s.sub;
  if (!sub) return null;
  const pending = sub.pending;
  return {
    choice: sub.choice,
    label: planLabel(sub.choice),
    startedOn: sub.startedOn,
    since: sub.choiceSince,
    cycleStart: sub.cycleStart,
    nextCycleStart: sub.nextCycleStart,
    previousCycleStart: sub.previousCycleStart,
    anchorDay: Number(sub.schedule.base.slice(8)),
    nextChargeOn: periodEndDate(sub),
    price: subscriptionPrice(s, sub),
    pending: pending ? { kind: pending.kind, label: pending.kind === 'cancel' ? 'Free' : planLabel(pending.choice), on: periodEndDate(sub) } : null,
    seats: sub.seats,
    avatarSlots: { monthly: sub.monthlySlots, annual: sub.annualSlots.reduce((n, g) => n + g.count, 0) },
    autoReload: sub.autoReload,
  };
}

/** A read-only snapshot of the state (copies what later replay steps would change). */
export function ledgerOf(s: State, at: IsoDate): Ledger {
  return {
    at,
    plan: planStatus(s),
    balance: s.balance,
    lots: s.lots.map((l) => ({ id: l.id, kind: l.kind, grantedOn: l.grantedOn, expiresOn: l.expiresOn, amount: l.amount, remaining: l.remaining })),
    charges: s.charges.slice(),
    refused: s.refused.slice(),
    expirations: s.expirations.map((e) => ({ ...e })),
    forfeits: s.forfeits.map((e) => ({ ...e })),
    balanceChecks: s.balanceChecks.slice(),
    notes: s.notes.slice(),
    totals: { ...s.totals },
    freeVideos: { quota: s.catalog.freeQuota.videos, used: s.freeVideosUsed, maxMinutes: s.catalog.freeQuota.maxMinutes },
    usageCosts: s.usageCosts,
    usageFreeVideos: s.usageFreeVideos,
    onFree: s.onFree,
    legacyUsage: s.legacyUsage,
    assumptions: [...s.assumptions].sort(),
  };
}

/** The ledger of an account on a date (every event checked, those after the date too). */
export function ledgerCompute(account: Account, at: IsoDate): Result<Ledger> {
  return attempt(() => ledgerOf(replayValidated(account, at), at));
}
