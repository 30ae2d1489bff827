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
import { centsAdd, centsMulDiv, centsOf, centsSub, centsToUsd, creditsSum, ZERO_CENTS, type Cents, type Credits, type IsoDate } from '../units.ts';
import { measureCost } from './cost.ts';
import { planPrice, proKnownTiers, type PlanChoice, type TierPrice } from './pricing.ts';
import { catalogOf, fullReplay, replayOrder, replayState, type StateSource } from './replay.ts';
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

/** The events that subscribe to `choice` on `date` (Business with `seats`, and auto-reload so that it buys blocks as it goes). */
function subscribeEvents(choice: PlanChoice, date: IsoDate, seats: number): AccountEvent[] {
  const price = choice.price === undefined ? {} : { price: centsToUsd(choice.price) };
  const credits = choice.plan === 'pro' || choice.plan === 'enterprise' ? { credits: choice.credits } : {};
  return [
    { date, type: 'subscribe', plan: choice.plan, billing: choice.billing, ...credits, ...price },
    ...(choice.plan === 'business' && seats > 1 ? [{ date, type: 'seats' as const, count: seats }] : []),
    ...(choice.plan === 'business' ? [{ date, type: 'auto-reload' as const, threshold: 0, blocks: 1 }] : []),
  ];
}

/**
 * Replay the usages of the last `months` months up to `at` (the half-open
 * window of `windowStart`) on every option, each as a fresh subscription on the
 * window's first day (Business buying the add-on blocks it needs as it goes):
 * exactly `months` monthly charges. The plan the account is on is replayed the
 * same way (with its seats) as the baseline each option saves or costs against.
 * A window never starts before the account's first day: a younger account is
 * compared over the whole months it has, and one with less than a full month
 * is not compared at all (it says when it can be).
 */
export function compareHistory(account: Account, at: IsoDate, months = 3, billing: Billing = 'monthly', stateAt: StateSource = fullReplay(account)): Result<HistoryComparison> {
  return attempt(() => {
    const sub = stateAt(at).sub;
    const order = replayOrder(account.events);
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
    const usages = order
      .map((i) => account.events[i]!)
      .filter((e): e is Extract<AccountEvent, { type: 'usage' }> => e.type === 'usage' && e.date >= from && e.date <= at);
    const catalog = catalogOf(account);
    const needed = usages.reduce((n, e) => n + measureCost(catalog.card, e, catalog.rounding), 0);
    const proTiers = catalog.proTiers;
    const candidates: { choice: PlanChoice; seats: number }[] = [
      { choice: { plan: 'creator', credits: PLANS.creator.monthlyCredits ?? 0, billing }, seats: 1 },
      ...proTierSizes(proTiers).map((size) => ({ choice: { plan: 'pro' as const, credits: size, billing }, seats: 1 })),
      { choice: { plan: 'business', credits: PLANS.business.monthlyCredits ?? 0, billing }, seats: 1 },
    ];
    // The plan the account is on: one of the options (Business with the seats it has), or one more (another tier, billing or price).
    const current = sub ? { choice: sub.choice, seats: sub.choice.plan === 'business' ? sub.seats : 1 } : null;
    let currentAt = current ? candidates.findIndex((c) => sameOption(c.choice, current.choice)) : -1;
    if (current && currentAt >= 0) candidates[currentAt] = current;
    else if (current) currentAt = candidates.push(current) - 1;
    const replayed = candidates.map(({ choice, seats }) => {
      const s = replayState({ ...account, events: [...subscribeEvents(choice, from, seats), ...usages] }, at);
      // An annual plan charge pays for 12 months: the window carries its share of it.
      let total = ZERO_CENTS;
      for (const c of s.charges) total = centsAdd(total, choice.billing === 'annual' && c.kind === 'plan' ? centsMulDiv(c.amount, whole, 12) : c.amount);
      return { option: optionOf(choice, 0, proTiers, seats, billing), total, refused: s.refused.length, shortfall: creditsSum(s.refused.map((r) => r.shortfall)) };
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
