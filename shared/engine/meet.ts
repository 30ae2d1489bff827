/**
 * Where a resumed replay meets the one it was resumed from again (the incremental engine's early stop).
 *
 * An edit of an old event replays everything after it, yet its effect often ends a little later: a usage's
 * credits come back when the lot they came from expires, and from then on every step does what it did before.
 * At a checkpoint after every changed event, the new replay's state `now` and the old replay's state `was` at
 * the same position are compared: when every field a later step reads is the same in both, the steps after it
 * are the same steps, and the rest of the new replay is the old one's with what the edit changed added: the
 * totals, the credits expired or forfeited on a date, the credits of a day or a month, which the steps after only
 * add to (a month done with is taken as the new replay has it). `STEPS_READ` says of every field of a state which it is, so a new field cannot be forgotten here.
 */
import type { DayTotals } from './days.ts';
import type { DatedCredits, MonthUsage, State } from './state.ts';
import { creditsAdd, creditsSub, type Credits } from '../units.ts';

/** The keys of `o` that hold a value: one left undefined is no key (a state read back from its snapshot, JSON, has none). */
function keysOf(o: object): string[] {
  return Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
}

/** The same plain value (numbers, strings, arrays, objects with their keys in the same order), or the same object. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  // Stryker disable next-line ConditionalExpression: each field of a state is an array in both or in neither (its type), so no array meets a plain object.
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => same(x, (b as unknown[])[i]));
  const ka = keysOf(a);
  const kb = keysOf(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Two lists of records a step only appends to, equal from `from` on (before it, both hold the records of the state they were resumed from). */
function sameFrom(a: readonly unknown[], b: readonly unknown[], from: number): boolean {
  if (a.length !== b.length) return false;
  // Stryker disable next-line MethodExpression,EqualityOperator: the records before `from` are both states' own, the same; past the end both hold undefined.
  for (let i = Math.max(0, from); i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

/** Two dated lists with the same dates from `from` on (their credits may differ: a step only adds to them). */
function datesSame(a: readonly DatedCredits[], b: readonly DatedCredits[], from: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = Math.max(0, from); i < a.length; i++) if (a[i]!.date !== b[i]!.date) return false;
  return true;
}

function daysSame(a: DayTotals, b: DayTotals, from: number): boolean {
  if (a.days.length !== b.days.length) return false;
  // Stryker disable next-line MethodExpression,EqualityOperator: from min(0, from) or to the length itself, the same: the days before `from` are both states' own, the same; past the end both hold undefined.
  for (let i = Math.max(0, from); i < a.days.length; i++) if (a.days[i] !== b.days[i]) return false;
  return true;
}

/**
 * The same months in the same order; the last one (a step may still add to it) with the same features in the same
 * order (their figures may differ). The months before it are done with: a step adds to the month of its own date.
 */
function monthsSame(a: ReadonlyMap<string, MonthUsage>, b: ReadonlyMap<string, MonthUsage>): boolean {
  if (a.size !== b.size) return false;
  const bs = b.keys();
  for (const key of a.keys()) if (key !== bs.next().value) return false;
  const last = [...a.keys()].at(-1);
  return last === undefined || same(Object.keys(a.get(last)!.byFeature), Object.keys(b.get(last)!.byFeature));
}

function sameSequence<T>(a: Iterable<T>, b: Iterable<T>): boolean {
  return same([...a], [...b]);
}

/**
 * Whether `now` and `was` agree on each field for every step after them (`from`: the state both replays went on
 * from, whose records they share): a field a step reads holds the same value in both, one a step only adds to or
 * appends to has the same shape (its dates, days, months and features) in both.
 */
const STEPS_READ: { readonly [K in keyof State]-?: (now: State, was: State, from: State) => boolean } = {
  catalog: (now, was) => now.catalog === was.catalog,
  sub: (now, was) => same(now.sub, was.sub),
  onFree: (now, was) => now.onFree === was.onFree,
  lots: (now, was) => same(now.lots, was.lots),
  balance: (now, was) => now.balance === was.balance,
  nextLotId: (now, was) => now.nextLotId === was.nextLotId,
  // A subscription's first charge may be made again in its place: then every charge is compared.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: compared from the first, the charges before `from` are both states' own, the same, but for one made again there; and a seats event after `from` makes it, whose note (the seats, the charge) is compared: the same notes, the same charge.
  charges: (now, was, from) => sameFrom(now.charges, was.charges, now.sub?.startCharge || was.sub?.startCharge ? 0 : from.charges.length),
  refused: (now, was, from) => sameFrom(now.refused, was.refused, from.refused.length),
  // The last date's credits may still grow after a copy: compared from there.
  expirations: (now, was, from) => datesSame(now.expirations, was.expirations, from.expirations.length - 1),
  forfeits: (now, was, from) => datesSame(now.forfeits, was.forfeits, from.forfeits.length - 1),
  balanceChecks: (now, was, from) => sameFrom(now.balanceChecks, was.balanceChecks, from.balanceChecks.length),
  notes: (now, was, from) => sameFrom(now.notes, was.notes, from.notes.length),
  totals: () => true,
  freeVideosUsed: (now, was) => now.freeVideosUsed === was.freeVideosUsed,
  burnByDay: (now, was, from) => daysSame(now.burnByDay, was.burnByDay, from.burnByDay.days.length - 1),
  // Each replay's own: what the steps after write in it is the same.
  usageCosts: () => true,
  usageFreeVideos: (now, was) => sameSequence(now.usageFreeVideos, was.usageFreeVideos),
  legacyUsage: () => true,
  cursor: (now, was) => now.cursor === was.cursor,
  applying: (now, was) => now.applying === was.applying,
  assumptions: (now, was) => sameSequence(now.assumptions, was.assumptions),
  usage: (now, was, from) => {
    if (now.usage === null || was.usage === null) return now.usage === was.usage;
    return monthsSame(now.usage.byMonth, was.usage.byMonth) && daysSame(now.usage.byDay, was.usage.byDay, (from.usage?.byDay.days.length ?? 0) - 1);
  },
  watcher: (now, was) => now.watcher === null && was.watcher === null,
};

const FIELDS = Object.keys(STEPS_READ) as (keyof State)[];

/** Whether every step after `now` does what it does after `was` (see `STEPS_READ`). */
export function statesMeet(now: State, was: State, from: State): boolean {
  return FIELDS.every((field) => STEPS_READ[field](now, was, from));
}

/**
 * What the edit changed in the fields the steps after a meeting only add to: each item an index (a date's, a day's)
 * and what to add there; the months done with as the new replay has them, and what to add to the last one.
 */
export interface StateDelta {
  readonly totals: State['totals'];
  readonly legacyUsage: Credits;
  readonly expirations: readonly (readonly [number, Credits])[];
  readonly forfeits: readonly (readonly [number, Credits])[];
  readonly burnByDay: readonly (readonly [number, number])[];
  readonly byDay: readonly (readonly [number, number])[];
  readonly monthsDone: readonly (readonly [string, MonthUsage])[];
  readonly lastMonth: { readonly key: string; readonly total: Credits; readonly freeVideos: number; readonly byFeature: readonly (readonly [string, Credits])[] } | null;
}

function listDelta<T>(now: readonly T[], was: readonly T[], of: (x: T) => number): [number, number][] {
  const out: [number, number][] = [];
  now.forEach((x, i) => {
    const d = of(x) - of(was[i]!);
    if (d !== 0) out.push([i, d]);
  });
  return out;
}

/** The same figures: a month's total is the sum of its features' credits. */
function monthSame(a: MonthUsage, b: MonthUsage): boolean {
  return a.freeVideos === b.freeVideos && same(a.byFeature, b.byFeature);
}

/** What `now` holds more than `was` (states that meet) in the fields a step only adds to. */
export function stateDelta(now: State, was: State): StateDelta {
  const monthsDone: [string, MonthUsage][] = [];
  let lastMonth: StateDelta['lastMonth'] = null;
  if (now.usage && was.usage) {
    const months = [...now.usage.byMonth];
    months.forEach(([key, month], i) => {
      const other = was.usage!.byMonth.get(key)!;
      if (monthSame(month, other)) return;
      if (i < months.length - 1) return void monthsDone.push([key, month]);
      const byFeature = Object.entries(month.byFeature).map(([feature, credits]) => [feature, creditsSub(credits, other.byFeature[feature as keyof MonthUsage['byFeature']]!)] as const);
      lastMonth = { key, total: creditsSub(month.total, other.total), freeVideos: month.freeVideos - other.freeVideos, byFeature };
    });
  }
  const credits = (x: DatedCredits) => x.credits;
  return {
    totals: { granted: creditsSub(now.totals.granted, was.totals.granted), used: creditsSub(now.totals.used, was.totals.used), expired: creditsSub(now.totals.expired, was.totals.expired), forfeited: creditsSub(now.totals.forfeited, was.totals.forfeited) },
    legacyUsage: creditsSub(now.legacyUsage, was.legacyUsage),
    expirations: listDelta(now.expirations, was.expirations, credits) as [number, Credits][],
    forfeits: listDelta(now.forfeits, was.forfeits, credits) as [number, Credits][],
    burnByDay: listDelta(now.burnByDay.amounts, was.burnByDay.amounts, (x) => x),
    byDay: now.usage && was.usage ? listDelta(now.usage.byDay.amounts, was.usage.byDay.amounts, (x) => x) : [],
    monthsDone,
    lastMonth,
  };
}

function datedPlus(list: DatedCredits[], delta: StateDelta['expirations']): DatedCredits[] {
  if (delta.length === 0) return list;
  const out = list.slice();
  for (const [i, d] of delta) out[i] = { ...out[i]!, credits: creditsAdd(out[i]!.credits, d) };
  return out;
}

function daysPlus(t: DayTotals, delta: StateDelta['burnByDay']): DayTotals {
  if (delta.length === 0) return t;
  const amounts = t.amounts.slice();
  for (const [i, d] of delta) amounts[i]! += d;
  return { days: t.days, amounts };
}

function monthsPlus(months: Map<string, MonthUsage>, { monthsDone, lastMonth }: StateDelta): Map<string, MonthUsage> {
  if (monthsDone.length === 0 && lastMonth === null) return months;
  const out = new Map(months);
  for (const [key, month] of monthsDone) out.set(key, month);
  if (lastMonth !== null) {
    const { key, total, freeVideos, byFeature } = lastMonth;
    const month = months.get(key)!;
    const features = { ...month.byFeature };
    for (const [feature, d] of byFeature) features[feature as keyof MonthUsage['byFeature']] = creditsAdd(features[feature as keyof MonthUsage['byFeature']]!, d);
    out.set(key, { ...month, total: creditsAdd(month.total, total), byFeature: features, freeVideos: month.freeVideos + freeVideos });
  }
  return out;
}

/**
 * The state the new replay has where the old one had `s` (a checkpoint or the tip after the meeting): `s` with
 * `delta` added, its costs the new replay's. What is not changed is shared with `s` (a replay's states are only
 * read; whoever replays on from one copies it).
 */
export function stateMet(s: State, delta: StateDelta, costs: Float64Array): State {
  const t = delta.totals;
  return {
    ...s,
    expirations: datedPlus(s.expirations, delta.expirations),
    forfeits: datedPlus(s.forfeits, delta.forfeits),
    totals: { ...s.totals, granted: creditsAdd(s.totals.granted, t.granted), used: creditsAdd(s.totals.used, t.used), expired: creditsAdd(s.totals.expired, t.expired), forfeited: creditsAdd(s.totals.forfeited, t.forfeited) },
    burnByDay: daysPlus(s.burnByDay, delta.burnByDay),
    usageCosts: costs,
    legacyUsage: creditsAdd(s.legacyUsage, delta.legacyUsage),
    usage: s.usage && { byMonth: monthsPlus(s.usage.byMonth, delta), byDay: daysPlus(s.usage.byDay, delta.byDay), last: null },
  };
}
