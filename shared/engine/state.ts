/**
 * The replay's working state and the primitive moves on it. A replay owns one
 * state and mutates it in place for speed; nothing outside the engine sees it
 * (they get a `Ledger`, see ledger.ts).
 */
import type { AssumptionId } from '../catalog/assumptions.ts';
import type { FreeQuota } from '../formats/account.ts';
import type { FeatureId, RateCard, Rounding } from '../catalog/rateCard.ts';
import { dayAdd, dayTotalsCopy, dayTotalsNew, type DayTotals } from './days.ts';
import { lotsBalance, lotsConsume, lotsExpire, lotsInsert, type Draw, type Lot, type LotBasis, type LotKind } from './lots.ts';
import type { Billing } from '../catalog/plans.ts';
import type { PlanChoice, TierPrice } from './pricing.ts';
import type { Schedule } from './schedule.ts';
import { creditsAdd, creditsSub, ZERO_CREDITS, type Cents, type Credits, type IsoDate } from '../units.ts';

export interface Catalog {
  readonly card: RateCard;
  readonly rounding: Rounding;
  readonly proTiers: readonly TierPrice[];
  readonly freeQuota: FreeQuota;
}

export type ChargeKind = 'plan' | 'upgrade' | 'billing-switch' | 'addon' | 'auto-reload' | 'avatar-slots';

/** A record the engine says instead of a sentence: a stable `code` and its `params` as data; the edges word it (shared/wording.ts). */
export interface Said<C extends string, P = Record<string, never>> {
  readonly code: C;
  readonly params: P;
}

/** The part of a period a switch or an upgrade leaves unused: `daysLeft` of its `days`. */
export interface PeriodPart {
  readonly daysLeft: number;
  readonly days: number;
}

/** What a plan charge is less of: the unused part of the period a billing switch ends. */
export interface ChargeCredit extends PeriodPart {
  readonly amount: Cents;
  readonly billing: Billing;
}

/** What a charge is for. */
export type ChargeReason =
  | Said<'plan', { readonly plan: PlanChoice; readonly seats: number; readonly credit: ChargeCredit | null }>
  | Said<'upgrade', PeriodPart & { readonly from: PlanChoice; readonly to: PlanChoice; readonly difference: Cents }>
  | Said<'slots-monthly' | 'slots-annual' | 'slots-renewal', { readonly slots: number }>
  | Said<'addon', { readonly blocks: number; readonly credits: number }>
  | Said<'auto-reload', { readonly blocks: number; readonly credits: number; readonly times: number }>;

export interface Charge {
  readonly date: IsoDate;
  readonly amount: Cents;
  readonly kind: ChargeKind;
  readonly reason: ChargeReason;
  /** What the amount rests on when its price is not known (an estimated Pro tier, an assumed annual price); empty when it is. */
  readonly assumptions: readonly AssumptionId[];
  /** The event it was made for (its index in the file); none for the calendar's (a renewal, a slot's anniversary). */
  readonly index?: number | undefined;
}

export type RefusalCode = 'insufficient-credits' | 'free-quota' | 'free-length' | 'free-no-credits';

/** Why the vendor would refuse a usage. */
export type RefusalReason =
  | Said<'insufficient-credits', { readonly needs: Credits; readonly available: Credits; readonly short: Credits }>
  | Said<'reload-cap', { readonly reloads: number; readonly max: number }>
  | Said<'free-no-credits', { readonly feature: FeatureId }>
  | Said<'free-length', { readonly maxMinutes: number }>
  | Said<'free-quota', { readonly videos: number; readonly used: number }>;

export interface Refusal {
  readonly index: number;
  readonly date: IsoDate;
  readonly feature: string;
  readonly credits: Credits;
  readonly shortfall: Credits;
  readonly code: RefusalCode;
  readonly reason: RefusalReason;
}

export interface DatedCredits {
  readonly date: IsoDate;
  credits: Credits;
}

export interface BalanceCheckRecord {
  readonly index: number;
  readonly date: IsoDate;
  readonly computed: Credits;
  readonly actual: Credits;
  readonly difference: Credits;
}

export type NoteKind = 'subscribe' | 'upgrade' | 'downgrade-scheduled' | 'downgrade' | 'cancel-scheduled' | 'cancel' | 'pause' | 'billing-switch' | 'no-change' | 'seats' | 'avatar-slots' | 'auto-reload' | 'addon' | 'balance-check';

/** What a note says. */
export type NoteSays =
  | Said<'free-start' | 'already-cancelled' | 'cancel-withdrawn' | 'auto-reload-off'>
  | Said<'subscribed' | 'stays' | 'already-on' | 'legacy-left' | 'change-withdrawn' | 'cancelled', { readonly plan: PlanChoice }>
  | Said<'upgraded', PeriodPart & { readonly plan: PlanChoice; readonly charge: Cents; readonly credits: Credits; readonly fullFrom: IsoDate }>
  | Said<'billing-switched', PeriodPart & { readonly from: PlanChoice; readonly to: PlanChoice; readonly unused: Cents }>
  | Said<'change-scheduled', { readonly from: PlanChoice; readonly to: PlanChoice; readonly on: IsoDate }>
  | Said<'downgraded', { readonly from: PlanChoice; readonly to: PlanChoice }>
  | Said<'cancel-scheduled', { readonly plan: PlanChoice; readonly until: IsoDate }>
  | Said<'paused', { readonly due: IsoDate; readonly starts: IsoDate; readonly days: number; readonly renewDay: number }>
  | Said<'monthly-slots-ended', { readonly slots: number }>
  | Said<'monthly-slots', { readonly slots: number; readonly price: Cents }>
  | Said<'annual-slots', { readonly slots: number; readonly dropped: boolean }>
  | Said<'balance-check', { readonly actual: Credits; readonly computed: Credits; readonly difference: Credits }>
  | Said<'auto-reload-on', { readonly blocks: number; readonly threshold: number }>
  | Said<'seats-at-start', { readonly seats: number; readonly charge: Cents }>
  | Said<'seats-next', { readonly seats: number }>;

/** A line of the account's history that is not a charge or a usage: what changed and why. */
export type Note = NoteSays & {
  readonly date: IsoDate;
  readonly kind: NoteKind;
  readonly index?: number | undefined;
};

export type Pending = { readonly kind: 'change'; readonly choice: PlanChoice; readonly index: number } | { readonly kind: 'cancel'; readonly index: number };

export interface SlotGroup {
  readonly boughtOn: IsoDate;
  count: number;
  /** Renewals made so far; the next is `boughtOn` + (renewals + 1) years. */
  renewals: number;
  nextRenewal: IsoDate;
}

export interface Subscription {
  choice: PlanChoice;
  readonly startedOn: IsoDate;
  /** The day `choice` took effect: the subscription's start, an upgrade, or a scheduled change coming into effect. */
  choiceSince: IsoDate;
  schedule: Schedule;
  cycle: number;
  cycleStart: IsoDate;
  nextCycleStart: IsoDate;
  /** Annual billing: the cycle the first year started at. */
  yearStartCycle: number;
  /** The date the current year started (annual billing); kept as a date because a pause re-bases the schedule. */
  yearStartedOn: IsoDate;
  /** The price charged for the current period (month or year): what an upgrade or a switch prorates against. */
  periodPrice: Cents;
  /** The charge that started this subscription, while it can still be made again for the seats set that day (the first day, no plan change since). */
  startCharge: { charge: Charge | null; credit: ChargeCredit | undefined } | null;
  /** The start of the cycle before the current one (null in a subscription's first cycle). */
  previousCycleStart: IsoDate | null;
  /** The expiry of the current cycle's allocation: upgrade and surplus lots expire with it. */
  allocationExpiry: { cycle: number | null; date: IsoDate | null };
  pending: Pending | null;
  seats: number;
  monthlySlots: number;
  annualSlots: SlotGroup[];
  autoReload: { threshold: Credits; blocks: number } | null;
}

/** What went through in one calendar month: credits in all, per feature (free videos not), and free videos taken. */
export interface MonthUsage {
  total: Credits;
  readonly byFeature: Partial<Record<FeatureId, Credits>>;
  freeVideos: number;
}

/**
 * Usage totals a replay keeps as it goes, for the screens (the incremental
 * engine asks for them; a one-off replay does without): refused usages are
 * not counted, a usage on Free counts its free videos at 0 credits.
 */
export interface UsageTotals {
  /** By month, `YYYY-MM`, in date order. */
  readonly byMonth: Map<string, MonthUsage>;
  /** Credits by day. */
  readonly byDay: DayTotals;
  /** The month the last usage went into (usages come in date order): found again without a lookup. */
  last: { readonly key: string; readonly month: MonthUsage } | null;
}

/**
 * Hears where credits come from and go, lot by lot: what the report needs to
 * value them at what they cost. Set only when asked (a replay for a report);
 * forks never carry it.
 */
export interface LotWatcher {
  granted(lot: Lot): void;
  /** Credits event `index` (a usage, or a balance check's deficit) took, lot by lot. */
  consumed(index: number, draws: readonly Draw[]): void;
  /** Credits a lot still held when it expired or was forfeited on `date`. */
  lost(lot: Lot, credits: Credits, date: IsoDate): void;
}

export interface State {
  readonly catalog: Catalog;
  sub: Subscription | null;
  /** On Free: after a `subscribe` to free or once a cancel took effect. */
  onFree: boolean;
  lots: Lot[];
  balance: Credits;
  nextLotId: number;
  charges: Charge[];
  refused: Refusal[];
  expirations: DatedCredits[];
  forfeits: DatedCredits[];
  balanceChecks: BalanceCheckRecord[];
  notes: Note[];
  totals: { granted: Credits; used: Credits; expired: Credits; forfeited: Credits };
  freeVideosUsed: number;
  /** Credits consumed per day (usages and balance-check deficits): what the forecast's burn reads. */
  burnByDay: DayTotals;
  /** Cost of each usage event, by its index in the file (NaN for other events). */
  usageCosts: Float64Array;
  /** Usages that went through on Free: the free videos each took, by its index in the file (they cost no credits). */
  usageFreeVideos: Map<number, number>;
  /** Usages on a legacy plan: recorded, charted, not consumed. */
  legacyUsage: Credits;
  /** The last date the state was advanced to. */
  cursor: IsoDate | null;
  /** The event being applied (its index in the file): the charges it makes say so. None while the calendar acts. */
  applying: number | undefined;
  /** The product's assumptions that shaped this account's numbers (shown as badges). */
  assumptions: Set<AssumptionId>;
  /** Kept only when asked for (null: not kept). */
  usage: UsageTotals | null;
  /** Told about every lot's grant, draws and loss, when asked for (null: nobody). */
  watcher: LotWatcher | null;
}

/** The records a replay accumulates, empty. */
function historiesEmpty(): Pick<State, 'charges' | 'refused' | 'expirations' | 'forfeits' | 'balanceChecks' | 'notes'> {
  return { charges: [], refused: [], expirations: [], forfeits: [], balanceChecks: [], notes: [] };
}

export function stateNew(catalog: Catalog, eventCount: number): State {
  return {
    catalog,
    sub: null,
    onFree: false,
    lots: [],
    balance: ZERO_CREDITS,
    nextLotId: 1,
    ...historiesEmpty(),
    totals: { granted: ZERO_CREDITS, used: ZERO_CREDITS, expired: ZERO_CREDITS, forfeited: ZERO_CREDITS },
    freeVideosUsed: 0,
    burnByDay: dayTotalsNew(),
    usageCosts: new Float64Array(eventCount).fill(Number.NaN),
    usageFreeVideos: new Map(),
    legacyUsage: ZERO_CREDITS,
    cursor: null,
    applying: undefined,
    assumptions: new Set(),
    usage: null,
    watcher: null,
  };
}

/** A list whose last entry may still grow (`addDated` adds to it): the entries shared, the last one copied. */
function datedCopy(list: readonly DatedCredits[]): DatedCredits[] {
  const copy = list.slice();
  const last = copy.at(-1);
  if (last) copy[copy.length - 1] = { ...last };
  return copy;
}

/** A map whose entries stay as they are once the replay has moved past them: the last one copied. */
function monthsCopy(months: ReadonlyMap<string, MonthUsage>): Map<string, MonthUsage> {
  const copy = new Map(months);
  const lastKey = [...months.keys()].at(-1);
  if (lastKey !== undefined) {
    const last = months.get(lastKey)!;
    copy.set(lastKey, { total: last.total, byFeature: { ...last.byFeature }, freeVideos: last.freeVideos });
  }
  return copy;
}

/**
 * A copy of the state that replays on independently of it: everything a later
 * step changes is copied (records a step only appends are shared). The cost of
 * each usage (`usageCosts`) is the one thing shared: whoever resumes a copy
 * gives it its own.
 */
export function stateClone(s: State): State {
  return {
    ...s,
    sub: s.sub ? { ...s.sub, allocationExpiry: { ...s.sub.allocationExpiry }, annualSlots: s.sub.annualSlots.map((g) => ({ ...g })) } : null,
    lots: s.lots.map((l) => ({ ...l })),
    charges: s.charges.slice(),
    refused: s.refused.slice(),
    expirations: datedCopy(s.expirations),
    forfeits: datedCopy(s.forfeits),
    balanceChecks: s.balanceChecks.slice(),
    notes: s.notes.slice(),
    totals: { ...s.totals },
    burnByDay: dayTotalsCopy(s.burnByDay),
    usageFreeVideos: new Map(s.usageFreeVideos),
    assumptions: new Set(s.assumptions),
    usage: s.usage ? { byMonth: monthsCopy(s.usage.byMonth), byDay: dayTotalsCopy(s.usage.byDay), last: null } : null,
    watcher: null,
  };
}

export function stateGrant(s: State, kind: LotKind, date: IsoDate, amount: Credits, expiry: { cycle: number | null; date: IsoDate | null }, basis: LotBasis): void {
  if (amount <= 0) return;
  const lot: Lot = { id: s.nextLotId++, kind, grantedOn: date, expiresOn: expiry.date, expiresCycle: expiry.cycle, amount, remaining: amount, basis };
  lotsInsert(s.lots, lot);
  s.watcher?.granted(lot);
  s.balance = creditsAdd(s.balance, amount);
  s.totals.granted = creditsAdd(s.totals.granted, amount);
}

/** Record a charge (nothing for 0 or less); returns it, or null. */
export function stateCharge(s: State, date: IsoDate, amount: Cents, kind: ChargeKind, reason: ChargeReason, assumptions: readonly AssumptionId[] = []): Charge | null {
  if (amount <= 0) return null;
  const charge = { date, amount, kind, reason, assumptions, index: s.applying };
  s.charges.push(charge);
  return charge;
}

function addDated(list: DatedCredits[], date: IsoDate, credits: Credits): void {
  const last = list.at(-1);
  if (last && last.date === date) last.credits = creditsAdd(last.credits, credits);
  else list.push({ date, credits });
}

/** Consume credits the balance covers (a usage or a deficit), soonest expiry first. */
export function stateConsume(s: State, date: IsoDate, amount: Credits, draws?: Draw[]): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: never true, or true below 0 only, the same: a usage costs at least a second's credits and a balance check's deficit is above 0, so only a quote consumes 0 (an empty balance), on a copy it reads only the draws of (none) and drops.
  if (amount <= 0) return;
  lotsConsume(s.lots, amount, draws);
  s.balance = creditsSub(s.balance, amount);
  s.totals.used = creditsAdd(s.totals.used, amount);
  dayAdd(s.burnByDay, date, amount);
}

/** Remove lots that expire on or before `date`, recording what they still held on their expiry date. */
export function stateExpire(s: State, date: IsoDate): void {
  // Every lot holds credits (none is granted empty, an emptied one is removed): each expiring lot loses some.
  for (const lot of lotsExpire(s.lots, date)) {
    s.watcher?.lost(lot, lot.remaining, lot.expiresOn!);
    addDated(s.expirations, lot.expiresOn!, lot.remaining);
    s.balance = creditsSub(s.balance, lot.remaining);
    s.totals.expired = creditsAdd(s.totals.expired, lot.remaining);
  }
}

/** Every remaining credit, of any lot, is lost (a cancel took effect). */
export function stateForfeitAll(s: State, date: IsoDate): void {
  const total = lotsBalance(s.lots);
  if (s.watcher) for (const lot of s.lots) s.watcher.lost(lot, lot.remaining, date);
  s.lots = [];
  s.balance = ZERO_CREDITS;
  if (total > 0) {
    addDated(s.forfeits, date, total);
    s.totals.forfeited = creditsAdd(s.totals.forfeited, total);
  }
}

export function stateNote(s: State, date: IsoDate, kind: NoteKind, says: NoteSays, index?: number): void {
  s.notes.push({ ...says, date, kind, index });
}

/**
 * A copy of the state to project the future from: the same plan, schedule and
 * lots, with empty histories, so whatever the projection records is only its own.
 */
export function stateFork(s: State): State {
  return {
    ...s,
    sub: s.sub ? { ...s.sub, startCharge: null, allocationExpiry: { ...s.sub.allocationExpiry }, annualSlots: s.sub.annualSlots.map((g) => ({ ...g })) } : null,
    lots: s.lots.map((l) => ({ ...l })),
    ...historiesEmpty(),
    totals: { ...s.totals },
    burnByDay: dayTotalsNew(),
    usageCosts: new Float64Array(0),
    usageFreeVideos: new Map(),
    assumptions: new Set(s.assumptions),
    usage: null,
    watcher: null,
  };
}
