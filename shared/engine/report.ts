/**
 * The account in money: the credits each project (or feature, or month) used,
 * valued at what they cost; the credits that expired or were forfeited unused
 * and what they cost; and what the next months will charge.
 *
 * Credits are valued lot by lot, as the engine consumed them (DOMAIN, "What a
 * credit cost"): each lot carries what its credits cost (`LotBasis`), a replay
 * watched lot by lot says which lots paid for each usage and which lost
 * credits unused, and a figure is the sum over those lots. The sums are exact
 * (`worth.ts`): each figure is rounded to the cent once, from its exact value,
 * so a total may differ from the sum of its rounded rows by a cent.
 */
import { PRICE_ASSUMPTIONS, type AssumptionId } from '../catalog/assumptions.ts';
import { PLANS, type Billing } from '../catalog/plans.ts';
import { dateAddDays, dateAddMonths, monthOf, monthStart } from '../dates.ts';
import { attempt, ExpectedError, type Result } from '../errors.ts';
import type { Account, UsageEvent } from '../formats/account.ts';
import { memberKey } from '../text.ts';
import { centsAdd, creditsAdd, creditsMin, creditsOf, creditsSub, ZERO_CENTS, ZERO_CREDITS, type Cents, type Credits, type IsoDate } from '../units.ts';
import { firstDateOf, reloadsAhead } from './forecast.ts';
import { ledgerOf } from './ledger.ts';
import type { Draw, Lot, LotSource } from './lots.ts';
import { positionWhere, replayDateAt, type Replay } from './incremental.ts';
import { advanceTo, catalogOf, firstMustSubscribe, fullReplay, replayState, replayStep, usageRunSpent, type StateSource } from './replay.ts';
import { stateNew, type LotWatcher, type State } from './state.ts';
import { allocationBasis, planLabel } from './subscription.ts';
import { worthAdd, worthCents, worthJoin, worthNew, type Worth } from './worth.ts';

/** What a report's rows are: a project, a feature, a month, or the member who made the usages (`by`). */
export type ReportBy = 'project' | 'feature' | 'month' | 'member';

/** What paid for credits: a kind of lot, or (worth $0) the Free plan's videos or a legacy unlimited plan. */
export type PaidFrom = LotSource | 'free-videos' | 'legacy';

/** The order `paidFrom` lists them in. */
const PAID_FROM: readonly PaidFrom[] = ['allocation', 'upgrade', 'addon', 'auto-reload', 'adjustment', 'free-videos', 'legacy'];
/** Each one's bit in a tally's `paidFrom`. */
const PAID_BIT = Object.fromEntries(PAID_FROM.map((p, i) => [p, 1 << i])) as Record<PaidFrom, number>;

/** Credits and what they cost, with what those prices rest on. */
export interface Valued {
  readonly credits: Credits;
  readonly cost: Cents;
  /** The assumptions of the prices it rests on (an estimated Pro tier, an assumed annual price). */
  readonly assumptions: readonly AssumptionId[];
  /** A price it rests on is a guess: say "estimated" beside it. */
  readonly estimated: boolean;
}

export interface ReportRow extends Valued {
  /** `YYYY-MM`. */
  readonly month: string;
  /** The project (`''` for usage with none), the feature id, the month again, or the member as first written (`''`: usage that names none). */
  readonly key: string;
  /** Free videos taken on the Free plan: no credits, worth $0. */
  readonly freeVideos: number;
  /** What paid for the row's usages, in the order of `PAID_FROM`. */
  readonly paidFrom: readonly PaidFrom[];
}

/** A lot granted up to the report's date: what its credits cost, and where they went. */
export interface ReportLot {
  readonly id: number;
  readonly grantedOn: IsoDate;
  readonly amount: Credits;
  /** What bought it, and its price: `cents` for `credits` whole credits (an annual allocation: the year's price for twelve months of credits). */
  readonly basis: { readonly source: LotSource; readonly cents: Cents; readonly credits: number; readonly plan: string | null; readonly billing: Billing | null; readonly assumptions: readonly AssumptionId[]; readonly estimated: boolean };
  /** Taken by usages and by balance checks below the computed balance. */
  readonly used: Valued;
  /** Expired or forfeited unused, on `on`. */
  readonly lost: Valued & { readonly on: IsoDate | null };
  /** Still in it on the report's date. */
  readonly held: Credits;
}

export interface Report {
  readonly at: IsoDate;
  readonly by: ReportBy;
  /**
   * The current plan's price per credit, base price only: what the credits of
   * its next allocation cost (`cents` for `credits` whole credits); null on Free
   * or a plan without credits. Credits already used are valued at their own lots' prices.
   */
  readonly price: { readonly cents: Cents; readonly credits: number; readonly billing: Billing; readonly estimated: boolean; readonly assumptions: readonly AssumptionId[]; readonly plan: string } | null;
  /** By month, then by key. */
  readonly rows: readonly ReportRow[];
  readonly total: Valued;
  /** Credits that expired or were forfeited unused, up to `at`, and what they cost. */
  readonly lost: Valued;
  /** Credits balance checks found missing (usage not logged), and what they cost. */
  readonly unlogged: Valued;
  /** Every lot granted up to `at`, in the order granted. */
  readonly lots: readonly ReportLot[];
  /**
   * Month by month after `at`, to the end of the month `months` ahead: what is
   * already scheduled (renewals, plan changes, add-ons recorded ahead), and the
   * auto-reloads to expect at the forecast's pace (0 without auto-reload).
   */
  readonly ahead: readonly { readonly month: string; readonly charges: Cents; readonly reloads: Cents }[];
  /** The monthly budget, and the months ahead whose charges and expected reloads go over it (null: no budget). */
  readonly budget: { readonly cents: Cents; readonly over: readonly string[] } | null;
}

/** A calendar month ahead: the charges scheduled in it and the auto-reloads to expect at the forecast's pace. */
export interface MonthAhead {
  readonly month: string;
  readonly charges: Cents;
  readonly reloads: Cents;
}

/** Each calendar month from `at`'s to the one `months` ahead, with what falls after `at`: charges scheduled, and auto-reloads expected (for an account that starts on `firstDate`). */
export function spendAhead(firstDate: IsoDate, at: IsoDate, months: number, stateAt: StateSource): readonly MonthAhead[] {
  // To the end of the month `months` ahead: whole months, the way charges are read.
  const end = dateAddDays(monthStart(dateAddMonths(at, months + 1)), -1);
  const later = ledgerOf(stateAt(end), end);
  const ahead = Array.from({ length: months + 1 }, (_, k) => ({ month: monthOf(dateAddMonths(at, k)), charges: ZERO_CENTS, reloads: ZERO_CENTS }));
  // The state on `end` holds the charges up to it.
  for (const c of later.charges) {
    if (c.date <= at) continue;
    const month = ahead.find((a) => a.month === monthOf(c.date))!;
    month.charges = centsAdd(month.charges, c.amount);
  }
  const reloads = reloadsAhead(firstDate, at, end, stateAt);
  if (!reloads.ok) throw new ExpectedError(reloads.error);
  for (const c of reloads.value) {
    const month = ahead.find((a) => a.month === monthOf(c.date))!;
    month.reloads = centsAdd(month.reloads, c.amount);
  }
  return ahead;
}

/** The months of `ahead` whose charges and expected reloads go over a monthly budget. */
export function overBudget(ahead: readonly MonthAhead[], budget: Cents): string[] {
  return ahead.filter((a) => a.charges + a.reloads > budget).map((a) => a.month);
}

/** Credits being added up: their units, their exact worth, what paid for them. */
interface Tally {
  units: Credits;
  readonly worth: Worth;
  readonly assumptions: Set<AssumptionId>;
  paidFrom: number;
}

function tallyNew(): Tally {
  return { units: ZERO_CREDITS, worth: worthNew(), assumptions: new Set(), paidFrom: 0 };
}

function tallyAdd(t: Tally, units: Credits, lot: Lot): void {
  t.units = creditsAdd(t.units, units);
  worthAdd(t.worth, units, lot.basis);
  for (const a of lot.basis.assumptions) t.assumptions.add(a);
  t.paidFrom |= PAID_BIT[lot.basis.source];
}

function valued(t: Tally): Valued {
  const assumptions = [...t.assumptions].sort();
  return { credits: t.units, cost: worthCents(t.worth), assumptions, estimated: assumptions.some((a) => PRICE_ASSUMPTIONS.has(a)) };
}

type Row = Tally & { readonly month: string; readonly key: string; freeVideos: number };

/** The lots granted so far, by id, each with what was used of it and what it lost. */
type LotTallies = Map<number, { readonly lot: Lot; readonly used: Tally; readonly lost: Tally; lostOn: IsoDate | null }>;

/**
 * Replay the account to `at`, watching its lots: the usages' credits by row,
 * each lot's used and lost credits, balance checks' deficits, each at what its lot cost.
 * Given the account's `replay` (the app keeps one), a day's usages are spent a run at a time where they can be
 * (`usageRunSpent`); without, usage by usage.
 */
function creditsValued(account: Account, at: IsoDate, by: ReportBy, replay?: Replay) {
  // By month, then key: a usage finds its row without building a string.
  const rows = new Map<string, Map<string, Row>>();
  const rowIn = (month: string, inMonth: Map<string, Row>, e: UsageEvent) => {
    // A member's usages are one row however the name is written (case, spaces); the row shows the first spelling (trimmed, as the file's schema reads it).
    // Stryker disable next-line StringLiteral: the key of the usages that name none: any text no member's key is would do.
    const key = by === 'project' ? (e.project ?? '') : by === 'feature' ? e.feature : by === 'member' ? memberKey(e.by ?? '') : month;
    let row = inMonth.get(key);
    if (!row) inMonth.set(key, (row = { ...tallyNew(), month, key: by === 'member' ? (e.by ?? '') : key, freeVideos: 0 }));
    return row;
  };
  const monthRows = (month: string) => {
    let inMonth = rows.get(month);
    if (!inMonth) rows.set(month, (inMonth = new Map()));
    return inMonth;
  };
  const rowOf = (e: UsageEvent) => {
    const month = monthOf(e.date);
    return rowIn(month, monthRows(month), e);
  };
  const lots: LotTallies = new Map();
  const unlogged = tallyNew();
  const lost = tallyNew();
  const paid = new Uint8Array(account.events.length);
  const watcher: LotWatcher = {
    granted(lot) {
      lots.set(lot.id, { lot, used: tallyNew(), lost: tallyNew(), lostOn: null });
    },
    consumed(index: number, draws: readonly Draw[]) {
      const e = account.events[index]!;
      const to = e.type === 'usage' ? rowOf(e) : unlogged;
      paid[index] = 1;
      for (const d of draws) {
        const entry = lots.get(d.lotId)!;
        tallyAdd(entry.used, d.credits, entry.lot);
        tallyAdd(to, d.credits, entry.lot);
      }
    },
    lost(lot, credits, date) {
      const entry = lots.get(lot.id)!;
      tallyAdd(entry.lost, credits, lot);
      entry.lostOn = date;
      tallyAdd(lost, credits, lot);
    },
  };
  let s: State;
  // The usages that may have consumed no lot: all of them, or those the replay by day took one by one.
  let oneByOne: Iterable<number>;
  if (replay && replay.card === undefined) {
    const byDay = replayByDay(account, replay, at, watcher, (month, run, draws) => {
      const inMonth = monthRows(month);
      usageRunValued(run, draws, lots, (e) => rowIn(month, inMonth, e));
    });
    s = byDay.s;
    // In file order, as the pass over every event finds them (a member's row shows the first spelling it meets).
    oneByOne = byDay.oneByOne.sort((a, b) => a - b);
  } else {
    s = replayState(account, at, undefined, undefined, watcher);
    oneByOne = account.events.keys();
  }
  // Usages that consumed no lot: free videos on Free, and usage on a legacy unlimited plan (refused ones count nowhere).
  const refused = new Set(s.refused.map((r) => r.index));
  for (const i of oneByOne) {
    const e = account.events[i]!;
    if (e.type !== 'usage' || paid[i] === 1 || refused.has(i)) continue;
    const videos = s.usageFreeVideos.get(i);
    if (videos !== undefined) {
      const row = rowOf(e);
      row.freeVideos += videos;
      row.paidFrom |= PAID_BIT['free-videos'];
    } else if (!Number.isNaN(s.usageCosts[i]!)) {
      // A usage's cost is NaN until it is replayed: one after `at` counts nowhere.
      const row = rowOf(e);
      row.units = creditsAdd(row.units, creditsOf(s.usageCosts[i]!));
      row.paidFrom |= PAID_BIT.legacy;
    }
  }
  return { s, rows, lots, unlogged, lost };
}

/** A run of usages spent at once: the replay's positions [from, to), all usages of one day, and what each cost (by file index). */
interface UsageRun {
  readonly replay: Replay;
  readonly from: number;
  readonly to: number;
  readonly costs: Float64Array;
}

/**
 * A run's draws shared out among its usages as one by one they would have drawn them (each from the lots in the
 * order they are used, after the usages before it), added to each usage's row and to each lot's use: a row gets
 * one addition per lot it drew from, as many draws would add up to.
 */
function usageRunValued({ replay: r, from, to, costs }: UsageRun, draws: readonly Draw[], lots: LotTallies, rowOf: (e: UsageEvent) => Row): void {
  const events = r.account.events;
  // Rows given units of the draw being shared out, and those units (a row's index in `touched`, by row).
  const touched: Row[] = [];
  const units: number[] = [];
  const at = new Map<Row, number>();
  const flush = (d: Draw) => {
    const entry = lots.get(d.lotId)!;
    tallyAdd(entry.used, d.credits, entry.lot);
    touched.forEach((row, j) => tallyAdd(row, creditsOf(units[j]!), entry.lot));
    touched.length = 0;
    units.length = 0;
    at.clear();
  };
  // A run spent drew from one lot at least (every usage costs something), and each row touched took some of a draw.
  let k = 0;
  let left = draws[0]!.credits;
  for (let p = from; p < to; p++) {
    const index = r.order[p]!;
    const row = rowOf(events[index] as UsageEvent);
    let cost = creditsOf(costs[index]!);
    while (cost > 0) {
      const take = creditsMin(cost, left);
      let j = at.get(row);
      // Stryker disable next-line ConditionalExpression: a row given a draw's units in several additions has the same exact worth (worth.ts); one is only quicker.
      if (j === undefined) {
        at.set(row, (j = touched.push(row) - 1));
        units.push(0);
      }
      units[j]! += take;
      cost = creditsSub(cost, take);
      left = creditsSub(left, take);
      if (left === 0 && k + 1 < draws.length) {
        flush(draws[k]!);
        left = draws[++k]!.credits;
      }
    }
  }
  flush(draws[k]!);
}

/**
 * The account replayed to `at` from its replay's order and costs, watched: every event but a usage applied as
 * the replay applies it; a run of usages on one day (no other event between them) spent in one step where it can
 * be (`usageRunSpent`), with `spent` told the run and the lots it drew; any other run usage by usage. Returns the state, as `replayState` leaves it but for
 * the watcher's `consumed` calls, and the usages taken one by one.
 */
function replayByDay(account: Account, r: Replay, at: IsoDate, watcher: LotWatcher, spent: (month: string, run: UsageRun, draws: readonly Draw[]) => void): { s: State; oneByOne: number[] } {
  const events = account.events;
  const s = stateNew(catalogOf(account), events.length);
  s.watcher = watcher;
  firstMustSubscribe(events, r.order[0]);
  const oneByOne: number[] = [];
  const end = positionWhere(r, (date) => date <= at);
  for (let p = 0; p < end; ) {
    const first = r.order[p]!;
    const e = events[first]!;
    if (e.type !== 'usage') {
      replayStep(s, e, first);
      p++;
      continue;
    }
    let q = p + 1;
    // A cost the replay knows is a usage's (the type is read only for the others).
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a day's usages cut in other runs (one usage each at most) are spent to the same results, more slowly.
    while (q < end && (r.usageCosts[r.order[q]!]! > 0 || events[r.order[q]!]!.type === 'usage') && events[r.order[q]!]!.date === e.date) q++;
    // Stryker disable next-line ConditionalExpression: a walk to the date the state is on does nothing.
    if (s.cursor !== e.date) advanceTo(s, e.date);
    const draws: Draw[] = [];
    // Stryker disable next-line ConditionalExpression: a run not spent at once goes usage by usage to the same results.
    if (usageRunSpent(s, events, r.order, p, q, r.usageCosts, draws)) {
      spent(monthOf(e.date), { replay: r, from: p, to: q, costs: s.usageCosts }, draws);
    } else {
      for (let k = p; k < q; k++) {
        const index = r.order[k]!;
        replayStep(s, events[index]!, index);
        oneByOne.push(index);
      }
    }
    p = q;
  }
  advanceTo(s, at);
  return { s, oneByOne };
}

/** The report on `at`; given the account's `replay` (the app keeps one), its credits are valued a day at a time (`replayByDay`). */
export function reportCompute(account: Account, at: IsoDate, by: ReportBy, months = 3, budget: Cents | null = null, stateAt: StateSource = fullReplay(account), replay?: Replay): Result<Report> {
  return attempt(() => {
    const { s, rows, lots, unlogged, lost } = creditsValued(account, at, by, replay);
    const plan = ledgerOf(s, at).plan;
    // A plan with credits has some (the file's schema asks Enterprise for its own; the others have their plan's or a tier's).
    const basis = plan && PLANS[plan.choice.plan].creditBased ? allocationBasis(s, plan.choice) : null;
    const price = basis && plan ? { cents: basis.cents, credits: basis.credits, billing: plan.choice.billing, estimated: basis.assumptions.some((a) => PRICE_ASSUMPTIONS.has(a)), assumptions: basis.assumptions, plan: plan.label } : null;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: the months compared differ, and V8's sort reads only whether an answer is below 0 (0 and 1 sort alike).
    const sorted = [...rows.values()].flatMap((inMonth) => [...inMonth.values()]).sort((a, b) => (a.month !== b.month ? (a.month < b.month ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const total = tallyNew();
    for (const r of sorted) {
      total.units = creditsAdd(total.units, r.units);
      worthJoin(total.worth, r.worth);
      for (const a of r.assumptions) total.assumptions.add(a);
    }
    // The replay's first event is the account's earliest: no pass over every event to find it.
    const first = (replay && replayDateAt(replay, 0)) ?? firstDateOf(account, at);
    const ahead = spendAhead(first, at, months, stateAt);
    return {
      at,
      by,
      price,
      rows: sorted.map((r): ReportRow => ({ month: r.month, key: r.key, ...valued(r), freeVideos: r.freeVideos, paidFrom: PAID_FROM.filter((_, i) => (r.paidFrom & (1 << i)) !== 0) })),
      total: valued(total),
      lost: valued(lost),
      unlogged: valued(unlogged),
      lots: [...lots.values()].map(({ lot, used, lost: gone, lostOn }): ReportLot => {
        const b = lot.basis;
        return {
          id: lot.id,
          grantedOn: lot.grantedOn,
          amount: lot.amount,
          basis: { source: b.source, cents: b.cents, credits: b.credits, plan: b.plan && planLabel(b.plan), billing: b.plan?.billing ?? null, assumptions: b.assumptions, estimated: b.assumptions.some((a) => PRICE_ASSUMPTIONS.has(a)) },
          used: valued(used),
          lost: { ...valued(gone), on: lostOn },
          // The lot's own count stays as it was when it left the list (expired or forfeited): what is held is what did not go.
          held: creditsSub(lot.amount, creditsAdd(used.units, gone.units)),
        };
      }),
      ahead,
      budget: budget === null ? null : { cents: budget, over: overBudget(ahead, budget) },
    };
  });
}
