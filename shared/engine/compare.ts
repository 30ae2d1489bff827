/**
 * Compare: for a number of credits a month, every plan option that covers it
 * with its cost per month, cheapest first; and for an account, what its own
 * recent usage would have cost on each option, replayed with the real rules,
 * against what it would have cost on the plan it is on.
 */
import { BUSINESS, PLANS, PRO_LADDER, type Billing, type PlanId } from '../catalog/plans.ts';
import type { AssumptionId } from '../catalog/assumptions.ts';
import { dateAddDays, dateAddMonths } from '../dates.ts';
import { attempt, type Result } from '../errors.ts';
import type { Account, AccountEvent } from '../formats/account.ts';
import { centsAdd, centsMulDiv, centsOf, centsSub, centsToUsd, creditsAdd, creditsFromWhole, creditsMax, creditsMin, creditsOf, creditsSub, creditsSum, ZERO_CENTS, ZERO_CREDITS, type Cents, type Credits, type IsoDate } from '../units.ts';
import { measureCost } from './cost.ts';
import { planPrice, proKnownTiers, type PlanChoice, type TierPrice } from './pricing.ts';
import { positionWhere, type Replay } from './incremental.ts';
import { advanceTo, catalogOf, consumeCredits, fullReplay, replayOrder, replayState, replayStep, type StateSource } from './replay.ts';
import { stateNew, type Catalog, type Charge } from './state.ts';
import { usdLabel, numberLabel } from '../text.ts';

export interface CompareOption {
  readonly plan: PlanId;
  /** The plan's monthly credits (the tier for Pro). */
  readonly credits: number;
  /** Business: add-on blocks a month to reach the credits asked for. */
  readonly blocks: number;
  readonly billing: Billing;
  /** Cents per month for the credits asked for (annual: the year's price ÷ 12, to the cent). */
  readonly monthly: Cents;
  readonly estimated: boolean;
  readonly basis: string;
  readonly label: string;
  readonly assumptions: readonly AssumptionId[];
}

export interface Comparison {
  readonly credits: number;
  readonly billing: Billing;
  /** Cheapest first. */
  readonly options: readonly CompareOption[];
}

/** The Pro tier sizes to offer: the ladder's sizes and every tier the user entered. */
export function proTierSizes(userTiers: readonly TierPrice[]): number[] {
  const sizes = new Set<number>(PRO_LADDER.sizes);
  for (const t of proKnownTiers(userTiers)) sizes.add(t.credits);
  return [...sizes].sort((a, b) => a - b);
}

/** `seats`: Business seats (the plan an account is on); `billingShown`: the billing the comparison is for, named in the label when the option's differs. */
function optionOf(choice: PlanChoice, blocks: number, proTiers: readonly TierPrice[], seats = 1, billingShown: Billing = choice.billing): CompareOption {
  const price = planPrice(choice, { proTiers, seats });
  const blockCents = blocks * BUSINESS.block.price;
  const monthly = centsOf(Math.round(price.period / (choice.billing === 'annual' ? 12 : 1)) + blockCents);
  const assumptions: AssumptionId[] = [...price.assumptions];
  if (choice.plan === 'pro' && !proKnownTiers(proTiers).some((t) => t.credits === choice.credits)) assumptions.push('pro-tier-sizes');
  if (blocks > 0) assumptions.push('addons-no-expiry');
  const name = PLANS[choice.plan].name;
  return {
    plan: choice.plan,
    credits: choice.credits,
    blocks,
    billing: choice.billing,
    monthly,
    estimated: price.estimated,
    basis: blocks > 0 ? `${price.basis}; + ${blocks} add-on ${blocks === 1 ? 'block' : 'blocks'} (${usdLabel(blockCents)}) a month` : price.basis,
    label: `${choice.plan === 'pro' || choice.plan === 'enterprise' ? `${name} ${numberLabel(choice.credits)}` : blocks > 0 ? `${name} + ${numberLabel(blocks * BUSINESS.block.credits)} add-on credits` : name}${seats > 1 ? `, ${numberLabel(seats)} seats` : ''}${choice.billing !== billingShown ? ` (${choice.billing})` : ''}`,
    assumptions,
  };
}

function byCost(a: CompareOption, b: CompareOption): number {
  return a.monthly - b.monthly || Number(a.estimated) - Number(b.estimated) || a.credits - b.credits;
}

/** Every option that covers `credits` a month, cheapest first. */
export function compareCredits(credits: number, billing: Billing, proTiers: readonly TierPrice[] = []): Comparison {
  const options: CompareOption[] = [];
  const creatorCredits = PLANS.creator.monthlyCredits ?? 0;
  if (creatorCredits >= credits) options.push(optionOf({ plan: 'creator', credits: creatorCredits, billing }, 0, proTiers));
  for (const size of proTierSizes(proTiers)) {
    if (size >= credits) options.push(optionOf({ plan: 'pro', credits: size, billing }, 0, proTiers));
  }
  const included = PLANS.business.monthlyCredits ?? 0;
  const blocks = Math.max(0, Math.ceil((credits - included) / BUSINESS.block.credits));
  options.push(optionOf({ plan: 'business', credits: included, billing }, blocks, proTiers));
  return { credits, billing, options: options.sort(byCost) };
}

export interface HistoryOption {
  readonly option: CompareOption;
  /** What the window's usage would have cost on this option: plan charges (an annual one, its share for the window) and add-ons. */
  readonly total: Cents;
  /** Usages that would have been refused for lack of credits. */
  readonly refused: number;
  readonly shortfall: Credits;
  /** The plan the account is on (its tier, billing and seats): the baseline the others save or cost against. */
  readonly current: boolean;
  /** What it would have saved against the current plan (negative: what it would have cost more); null on Free (no baseline). */
  readonly saves: Cents | null;
  /** Refused some usages, but by at most 1/20th of the credits the window's usages needed: ranked by cost with the options that cover it. */
  readonly nearMiss: boolean;
}

export interface HistoryComparison {
  /** The window replayed: `months` whole months ending on `to`, inclusive. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Whole months replayed: those asked for, or fewer when the account is younger; 0 when it has less than one full month of history (nothing is compared). */
  readonly months: number;
  /** The months asked for. */
  readonly asked: number;
  /** The account's first day: no window starts before it. */
  readonly since: IsoDate;
  /** With less than a month of history: the first day a one-month comparison can be made; null otherwise. */
  readonly readyOn: IsoDate | null;
  readonly billing: Billing;
  /** Options that covered every usage and the near misses, cheapest first; then the rest, cheapest first. Empty when `months` is 0. */
  readonly options: readonly HistoryOption[];
  /** The cheapest option that would have covered every usage for less than the current plan; null when none would have. */
  readonly bestSaving: (HistoryOption & { readonly saves: Cents }) | null;
}

/** A near miss falls short by at most 1/NEAR_MISS_DIVISOR of the credits the window's usages needed. */
const NEAR_MISS_DIVISOR = 20;

/**
 * The first day of "the last `months` months" that end on `at`: the half-open
 * window [start, the day after `at`) in which a subscription started on `start`
 * has exactly `months` cycle starts. The day after `at`, `months` months back,
 * unless that day's month is too short for its day (the window ends May 31: Feb
 * 28 would start a fourth cycle on May 28), then the first day after it that
 * has exactly `months`.
 */
export function windowStart(at: IsoDate, months: number): IsoDate {
  const end = dateAddDays(at, 1);
  let start = dateAddMonths(end, -months);
  while (dateAddMonths(start, months) < end) start = dateAddDays(start, 1);
  return start;
}

function sameOption(a: PlanChoice, b: PlanChoice): boolean {
  return a.plan === b.plan && a.credits === b.credits && a.billing === b.billing;
}

/** The events that subscribe to `choice` on `date` (Business with `seats`, 1 on any other plan, and auto-reload so that it buys blocks as it goes). */
function subscribeEvents(choice: PlanChoice, date: IsoDate, seats: number): AccountEvent[] {
  const price = choice.price === undefined ? {} : { price: centsToUsd(choice.price) };
  return [
    // The choice's credits: a tier's, or the plan's own (those a subscribe to it without credits takes).
    { date, type: 'subscribe', plan: choice.plan, billing: choice.billing, credits: choice.credits, ...price },
    ...(seats > 1 ? [{ date, type: 'seats' as const, count: seats }] : []),
    ...(choice.plan === 'business' ? [{ date, type: 'auto-reload' as const, threshold: 0, blocks: 1 }] : []),
  ];
}

type Usage = Extract<AccountEvent, { type: 'usage' }>;

/** The usages a comparison replays, dated in its window, in replay order, and what each costs. */
interface WindowUsages {
  readonly usages: readonly Usage[];
  readonly costs: readonly Credits[];
}

function windowOfAccount(account: Account, order: readonly number[] | Int32Array, catalog: Catalog, from: IsoDate, at: IsoDate): WindowUsages {
  const usages: Usage[] = [];
  for (const i of order) {
    const e = account.events[i]!;
    if (e.type === 'usage' && e.date >= from && e.date <= at) usages.push(e);
  }
  return { usages, costs: usages.map((e) => measureCost(catalog.card, e, catalog.rounding)) };
}

/**
 * The same from the account's replay: its positions dated in the window found by binary search, and the costs it
 * worked out (a usage taken on Free kept 0 there: its cost is worked out again; a replay on another rate card, all).
 */
function windowOfReplay(r: Replay, catalog: Catalog, from: IsoDate, at: IsoDate): WindowUsages {
  const events = r.account.events;
  const free = r.tip.usageFreeVideos;
  const usages: Usage[] = [];
  const costs: Credits[] = [];
  for (let p = positionWhere(r, (date) => date < from), end = positionWhere(r, (date) => date <= at); p < end; p++) {
    const i = r.order[p]!;
    const e = events[i]!;
    if (e.type !== 'usage') continue;
    usages.push(e);
    // Stryker disable next-line ConditionalExpression: worked out again, every cost is what the replay kept where it is kept: the same, more slowly.
    costs.push(r.card === undefined && !free.has(i) ? creditsOf(r.usageCosts[i]!) : measureCost(catalog.card, e, catalog.rounding));
  }
  return { usages, costs };
}

/** A window's usages by day: each day's date, where its run of usages ends, and the sum, least and most of their costs; `before[k]`: the sum of the costs before usage k. */
interface WindowDays {
  readonly dates: readonly IsoDate[];
  readonly ends: readonly number[];
  readonly totals: readonly Credits[];
  readonly least: readonly Credits[];
  readonly most: readonly Credits[];
  readonly costs: readonly Credits[];
  readonly before: Float64Array;
}

function windowDays({ usages, costs }: WindowUsages): WindowDays {
  const days = { dates: [] as IsoDate[], ends: [] as number[], totals: [] as Credits[], least: [] as Credits[], most: [] as Credits[] };
  const before = new Float64Array(costs.length + 1);
  for (let k = 0; k < usages.length; k++) {
    const cost = costs[k]!;
    before[k + 1] = before[k]! + cost;
    // The last day so far (none at first: no date). A day's usages split in runs would be replayed as the reference
    // replays them, usage by usage: the same results, more slowly.
    // Stryker disable next-line ArithmeticOperator: a position past the last day finds no date: every usage a day of its own, the same results.
    const d = days.dates.length - 1;
    // Stryker disable next-line ConditionalExpression: every usage a day of its own, the same results (as above).
    if (days.dates[d] === usages[k]!.date) {
      days.ends[d] = k + 1;
      days.totals[d] = creditsAdd(days.totals[d]!, cost);
      days.least[d] = creditsMin(days.least[d]!, cost);
      days.most[d] = creditsMax(days.most[d]!, cost);
    } else {
      days.dates.push(usages[k]!.date);
      days.ends.push(k + 1);
      days.totals.push(cost);
      days.least.push(cost);
      days.most.push(cost);
    }
  }
  return { ...days, costs, before };
}

/** What a candidate's replay of the window gives a comparison: its charges, and the usages it refused and by how much. */
interface CandidateRun {
  readonly charges: readonly Charge[];
  readonly refused: number;
  readonly shortfall: Credits;
}

/** The window's usages replayed one by one on `choice`, subscribed on `from`: the reference, and the way for a plan without credits. */
function candidateByUsage(account: Account, choice: PlanChoice, seats: number, from: IsoDate, at: IsoDate, usages: readonly Usage[]): CandidateRun {
  const s = replayState({ ...account, events: [...subscribeEvents(choice, from, seats), ...usages] }, at);
  return { charges: s.charges, refused: s.refused.length, shortfall: creditsSum(s.refused.map((r) => r.shortfall)) };
}

/** Most auto-reloads one spending may buy (`consumeCredits` refuses a usage that needs more). */
const RELOADS_AT_ONCE = 1000;

/**
 * The same replay on a plan with credits, a day's usages in one step where no usage can be refused and no
 * auto-reload bought but as one usage would buy it: the same charges in sum, refusals and shortfall.
 * - A day whose usages the balance covers, leaving it at the auto-reload threshold or above: spent at once.
 * - Auto-reload at threshold 0 (as `subscribeEvents` sets it): one by one, each usage buys the fewest blocks that
 *   cover it, so the blocks bought over a run of usages are the fewest that cover the run's sum; runs whose
 *   blocks stay within what one spending may buy are each spent at once (one charge, one lot without expiry,
 *   used after every dated lot as the blocks one by one would be).
 * - Otherwise one by one, and once the balance is below the day's least cost, the rest of the day is refused at
 *   once, each usage short of its cost less that balance.
 */
function candidateByDay(catalog: Catalog, choice: PlanChoice, seats: number, from: IsoDate, at: IsoDate, days: WindowDays): CandidateRun {
  const s = stateNew(catalog, 0);
  subscribeEvents(choice, from, seats).forEach((e, i) => replayStep(s, e, i));
  const { costs, before } = days;
  let refused = 0;
  let shortfall = ZERO_CREDITS;
  for (let d = 0, start = 0; d < days.dates.length; start = days.ends[d++]!) {
    const date = days.dates[d]!;
    const end = days.ends[d]!;
    const total = days.totals[d]!;
    // Stryker disable next-line ConditionalExpression: a walk to the date the state is on does nothing.
    if (s.cursor !== date) advanceTo(s, date);
    const reload = s.sub!.autoReload;
    // Stryker disable next-line all: a shortcut; a day not spent at once goes by the paths below to the same results (dayStep.property.test), and the threshold is 0 here, which any balance left meets.
    if (total <= s.balance && (reload === null || creditsSub(s.balance, total) >= reload.threshold)) {
      consumeCredits(s, date, total);
      continue;
    }
    // Stryker disable next-line ArithmeticOperator: a smaller block only sends more days one by one, to the same results.
    const block = reload ? creditsFromWhole(reload.blocks * BUSINESS.block.credits) : 0;
    // Stryker disable next-line all: a shortcut; a day not spent here goes one by one to the same results (dayStep.property.test), the threshold is always 0 here (`subscribeEvents`), and a plan without auto-reload never comes in (the replay's tests pass through it).
    if (reload && reload.threshold === 0 && days.most[d]! <= RELOADS_AT_ONCE * block) {
      let run = ZERO_CREDITS;
      for (let k = start; k < end; k++) {
        const more = creditsAdd(run, costs[k]!);
        // Stryker disable next-line all: a run cut sooner buys its blocks in more charges of the same sum, which is all the comparison reads.
        if (Math.ceil((more - s.balance) / block) > RELOADS_AT_ONCE) {
          consumeCredits(s, date, run);
          run = costs[k]!;
        } else run = more;
      }
      consumeCredits(s, date, run);
      continue;
    }
    for (let k = start; k < end; k++) {
      // Stryker disable next-line all: a shortcut; each usage refused one by one gives the same refusals and shortfall.
      if (!reload && s.balance < days.least[d]!) {
        refused += end - k;
        shortfall = creditsAdd(shortfall, creditsOf(before[end]! - before[k]! - (end - k) * s.balance));
        break;
      }
      const short = consumeCredits(s, date, costs[k]!);
      if (short > 0) {
        refused++;
        shortfall = creditsAdd(shortfall, short);
      }
    }
  }
  advanceTo(s, at);
  return { charges: s.charges, refused, shortfall };
}

/**
 * Replay the usages of the last `months` months up to `at` (the half-open
 * window of `windowStart`) on every option, each as a fresh subscription on the
 * window's first day (Business buying the add-on blocks it needs as it goes):
 * exactly `months` monthly charges. The plan the account is on is replayed the
 * same way (with its seats) as the baseline each option saves or costs against.
 * A window never starts before the account's first day: a younger account is
 * compared over the whole months it has, and one with less than a full month
 * is not compared at all (it says when it can be). Given the account's `replay` (the app keeps one), the window is
 * read from it and each plan with credits replays it a day at a time (`candidateByDay`); without, usage by usage.
 */
export function compareHistory(account: Account, at: IsoDate, months = 3, billing: Billing = 'monthly', stateAt: StateSource = fullReplay(account), replay?: Replay): Result<HistoryComparison> {
  return attempt(() => {
    const sub = stateAt(at).sub;
    const order = replay ? replay.order : replayOrder(account.events);
    const since = order.length > 0 ? account.events[order[0]!]!.date : at;
    let whole = months;
    while (whole > 0 && windowStart(at, whole) < since) whole--;
    const from = whole > 0 ? windowStart(at, whole) : since;
    let readyOn: IsoDate | null = null;
    if (whole === 0) {
      readyOn = dateAddDays(dateAddMonths(since, 1), -1);
      while (windowStart(readyOn, 1) < since) readyOn = dateAddDays(readyOn, 1);
      return { from, to: at, months: 0, asked: months, since, readyOn, billing, options: [], bestSaving: null };
    }
    const catalog = catalogOf(account);
    const window = replay ? windowOfReplay(replay, catalog, from, at) : windowOfAccount(account, order, catalog, from, at);
    const needed = creditsSum(window.costs);
    const proTiers = catalog.proTiers;
    const candidates: { choice: PlanChoice; seats: number }[] = [
      { choice: { plan: 'creator', credits: PLANS.creator.monthlyCredits ?? 0, billing }, seats: 1 },
      ...proTierSizes(proTiers).map((size) => ({ choice: { plan: 'pro' as const, credits: size, billing }, seats: 1 })),
      { choice: { plan: 'business', credits: PLANS.business.monthlyCredits ?? 0, billing }, seats: 1 },
    ];
    // The plan the account is on: one of the options (Business with the seats it has), or one more (another tier, billing or price).
    const current = sub ? { choice: sub.choice, seats: sub.seats } : null;
    let currentAt = current ? candidates.findIndex((c) => sameOption(c.choice, current.choice)) : -1;
    if (current && currentAt >= 0) candidates[currentAt] = current;
    else if (current) currentAt = candidates.push(current) - 1;
    const days = replay ? windowDays(window) : null;
    const replayed = candidates.map(({ choice, seats }) => {
      const { charges, refused, shortfall } = days && PLANS[choice.plan].creditBased ? candidateByDay(catalog, choice, seats, from, at, days) : candidateByUsage(account, choice, seats, from, at, window.usages);
      // An annual plan charge pays for 12 months: the window carries its share of it.
      let total = ZERO_CENTS;
      for (const c of charges) total = centsAdd(total, choice.billing === 'annual' && c.kind === 'plan' ? centsMulDiv(c.amount, whole, 12) : c.amount);
      return { option: optionOf(choice, 0, proTiers, seats, billing), total, refused, shortfall };
    });
    const baseline = currentAt >= 0 ? replayed[currentAt]!.total : null;
    const options = replayed.map(
      (o, i): HistoryOption => ({ ...o, current: i === currentAt, saves: baseline === null ? null : centsSub(baseline, o.total), nearMiss: o.refused > 0 && o.shortfall * NEAR_MISS_DIVISOR <= needed }),
    );
    const ranked = (o: HistoryOption) => (o.refused === 0 || o.nearMiss ? 0 : 1);
    options.sort((a, b) => ranked(a) - ranked(b) || a.total - b.total || Number(b.current) - Number(a.current) || byCost(a.option, b.option));
    const bestSaving = options.find((o): o is HistoryOption & { saves: Cents } => o.refused === 0 && !o.current && o.saves !== null && o.saves > 0) ?? null;
    return { from, to: at, months: whole, asked: months, since, readyOn, billing, options, bestSaving };
  });
}
