/**
 * Compare: for a number of credits a month, every plan option that covers it
 * with its cost per month, cheapest first; and for an account, what its own
 * recent usage would have cost on each option, replayed with the real rules.
 */
import { BUSINESS, PLANS, PRO_LADDER, type Billing, type PlanId } from '../catalog/plans.ts';
import type { AssumptionId } from '../catalog/assumptions.ts';
import { dateAddDays, dateAddMonths } from '../dates.ts';
import { attempt, type Result } from '../errors.ts';
import type { Account, AccountEvent } from '../formats/account.ts';
import { mulDivRound, type Cents, type Credits, type IsoDate } from '../units.ts';
import { planPrice, proKnownTiers, tierPricesFromFile, type PlanChoice, type TierPrice } from './pricing.ts';
import { replayOrder, replayState, replayValidated } from './replay.ts';
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

function optionOf(choice: PlanChoice, blocks: number, proTiers: readonly TierPrice[]): CompareOption {
  const price = planPrice(choice, { proTiers });
  const blockCents = blocks * BUSINESS.block.price;
  const monthly = (Math.round(price.period / (choice.billing === 'annual' ? 12 : 1)) + blockCents) as Cents;
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
    label: choice.plan === 'pro' ? `${name} ${numberLabel(choice.credits)}` : blocks > 0 ? `${name} + ${numberLabel(blocks * BUSINESS.block.credits)} add-on credits` : name,
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
  /** Options that would have covered every usage first, cheapest first; then the rest. Empty when `months` is 0. */
  readonly options: readonly HistoryOption[];
}

/** The first day of the `months` whole months that end on `at`: the cycles started on it and on each monthly anniversary are exactly `months`. */
function windowStart(at: IsoDate, months: number): IsoDate {
  return dateAddDays(dateAddMonths(at, -months), 1);
}

/**
 * Replay the usages of the last `months` whole months up to `at` (inclusive)
 * on every option, each as a fresh subscription on the window's first day
 * (Business buying the add-on blocks it needs as it goes): exactly `months`
 * monthly charges. A window never starts before the account's first day: a
 * younger account is compared over the whole months it has, and one with less
 * than a full month is not compared at all (it says when it can be).
 */
export function compareHistory(account: Account, at: IsoDate, months = 3, billing: Billing = 'monthly'): Result<HistoryComparison> {
  return attempt(() => {
    replayValidated(account, at);
    const order = replayOrder(account.events);
    const since = order.length > 0 ? account.events[order[0]!]!.date : at;
    let whole = months;
    while (whole > 0 && windowStart(at, whole) < since) whole--;
    const from = whole > 0 ? windowStart(at, whole) : since;
    let readyOn: IsoDate | null = null;
    if (whole === 0) {
      readyOn = dateAddDays(dateAddMonths(since, 1), -1);
      while (windowStart(readyOn, 1) < since) readyOn = dateAddDays(readyOn, 1);
      return { from, to: at, months: 0, asked: months, since, readyOn, billing, options: [] };
    }
    const usages = order
      .map((i) => account.events[i]!)
      .filter((e): e is Extract<AccountEvent, { type: 'usage' }> => e.type === 'usage' && e.date >= from && e.date <= at);
    const proTiers = tierPricesFromFile(account.proTiers);
    const candidates: { choice: PlanChoice; blocks: number }[] = [
      { choice: { plan: 'creator', credits: PLANS.creator.monthlyCredits ?? 0, billing }, blocks: 0 },
      ...proTierSizes(proTiers).map((size) => ({ choice: { plan: 'pro' as const, credits: size, billing }, blocks: 0 })),
      { choice: { plan: 'business', credits: PLANS.business.monthlyCredits ?? 0, billing }, blocks: 0 },
    ];
    const options = candidates.map(({ choice, blocks }): HistoryOption => {
      const events: AccountEvent[] = [
        { date: from, type: 'subscribe', plan: choice.plan, billing, ...(choice.plan === 'pro' ? { credits: choice.credits } : {}) },
        ...(choice.plan === 'business' ? [{ date: from, type: 'auto-reload' as const, threshold: 0, blocks: 1 }] : []),
        ...usages,
      ];
      const s = replayState({ ...account, events }, at);
      // An annual plan charge pays for 12 months: the window carries its share of it.
      let total = 0;
      for (const c of s.charges) total += billing === 'annual' && c.kind === 'plan' ? mulDivRound(c.amount, whole, 12) : c.amount;
      let shortfall = 0;
      for (const r of s.refused) shortfall += r.shortfall;
      return { option: optionOf(choice, blocks, proTiers), total: total as Cents, refused: s.refused.length, shortfall: shortfall as Credits };
    });
    options.sort((a, b) => Number(a.refused > 0) - Number(b.refused > 0) || a.total - b.total || byCost(a.option, b.option));
    return { from, to: at, months: whole, asked: months, since, readyOn, billing, options };
  });
}
