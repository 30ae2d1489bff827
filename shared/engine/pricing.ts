/**
 * Prices of plans: per month and per billing period, in cents, with how each
 * was found (published, user-entered, estimated) so screens can say so.
 */
import type { AssumptionId } from '../catalog/assumptions.ts';
import { BUSINESS, PLANS, PRO_LADDER, type Billing, type PlanId } from '../catalog/plans.ts';
import { centsAdd, centsFromUsd, centsMulDiv, centsOf, centsTimes, ZERO_CENTS, type Cents } from '../units.ts';
import { usdLabel, numberLabel } from '../text.ts';

/** A plan as subscribed: the plan, its tier's monthly credits, billing, and a custom price where there is one. */
export interface PlanChoice {
  readonly plan: PlanId;
  /** Monthly credits (whole). */
  readonly credits: number;
  readonly billing: Billing;
  /** Enterprise or legacy price, cents per month. */
  readonly price?: Cents | undefined;
}

/** A user-entered Pro tier price, in cents. */
export interface TierPrice {
  readonly credits: number;
  readonly monthly: Cents;
  readonly annualMonthly?: Cents | undefined;
}

export interface Price {
  /** Cents per month on this billing (annual: the year's price ÷ 12, unrounded is never stored: see `period`). */
  readonly monthly: Cents;
  /** Cents per billing period: the month, or the year. */
  readonly period: Cents;
  readonly estimated: boolean;
  /** How the price was found, in a sentence. */
  readonly basis: string;
  readonly assumptions: readonly AssumptionId[];
}

/** The Pro price points known: the catalog's published ends plus the user's tiers (user's win on the same size). */
export function proKnownTiers(userTiers: readonly TierPrice[]): TierPrice[] {
  const byCredits = new Map<number, TierPrice>();
  for (const t of PRO_LADDER.known) byCredits.set(t.credits, { credits: t.credits, monthly: centsOf(t.monthly) });
  for (const t of userTiers) byCredits.set(t.credits, t);
  return [...byCredits.values()].sort((a, b) => a.credits - b.credits);
}


/** Monthly price of a Pro tier on monthly billing: known, or estimated on the line between the nearest known tiers. */
export function proMonthlyPrice(credits: number, userTiers: readonly TierPrice[]): { cents: Cents; estimated: boolean; basis: string; annualMonthly?: Cents | undefined } {
  const known = proKnownTiers(userTiers);
  const exact = known.find((t) => t.credits === credits);
  if (exact) {
    const published = PRO_LADDER.known.some((k) => k.credits === credits && k.monthly === exact.monthly);
    return {
      cents: exact.monthly,
      estimated: false,
      basis: `Pro ${numberLabel(credits)}: ${usdLabel(exact.monthly)}/month, ${published ? 'published price' : 'price you entered'}`,
      annualMonthly: exact.annualMonthly,
    };
  }
  // Stryker disable next-line EqualityOperator: no known tier has exactly these credits here (it was returned above), so `<=` finds the same tiers.
  const below = known.filter((t) => t.credits < credits).at(-1);
  // Stryker disable next-line EqualityOperator: no known tier has exactly these credits here, so `>=` finds the same tier.
  const above = known.find((t) => t.credits > credits);
  if (!below || !above) throw new Error(`Pro tier ${credits} is outside the ladder: the input was not validated`);
  const cents = centsAdd(below.monthly, centsMulDiv(above.monthly - below.monthly, credits - below.credits, above.credits - below.credits));
  return {
    cents,
    estimated: true,
    basis: `Pro ${numberLabel(credits)}: ${usdLabel(cents)}/month, estimated on the line between Pro ${numberLabel(below.credits)} (${usdLabel(below.monthly)}) and Pro ${numberLabel(above.credits)} (${usdLabel(above.monthly)})`,
  };
}

/** Business price per month for this many seats. */
export function businessMonthly(seats: number): Cents {
  return centsOf((PLANS.business.monthlyPrice ?? 0) + BUSINESS.extraSeatMonthly * Math.max(0, seats - 1));
}

/** The price of a plan choice, per month and per billing period. */
export function planPrice(choice: PlanChoice, opts: { seats?: number; proTiers?: readonly TierPrice[] } = {}): Price {
  const assumptions: AssumptionId[] = [];
  let monthly: Cents;
  let annualMonthly: Cents | undefined;
  let estimated = false;
  let basis: string;
  const info = PLANS[choice.plan];
  switch (choice.plan) {
    case 'pro': {
      const p = proMonthlyPrice(choice.credits, opts.proTiers ?? []);
      monthly = p.cents;
      annualMonthly = p.annualMonthly;
      estimated = p.estimated;
      basis = p.basis;
      if (p.estimated) assumptions.push('pro-estimated');
      break;
    }
    case 'business': {
      const seats = opts.seats ?? 1;
      monthly = businessMonthly(seats);
      basis = seats > 1 ? `Business: $149/month + $20 × ${seats - 1} extra ${seats === 2 ? 'seat' : 'seats'}` : 'Business: $149/month, one seat';
      break;
    }
    case 'enterprise':
    case 'legacy':
      monthly = choice.price ?? ZERO_CENTS;
      annualMonthly = monthly;
      basis = `${info.name}: ${usdLabel(monthly)}/month, your price`;
      break;
    default:
      monthly = centsOf(info.monthlyPrice ?? 0);
      annualMonthly = info.annualMonthlyPrice === null ? undefined : centsOf(info.annualMonthlyPrice);
      basis = `${info.name}: ${usdLabel(monthly)}/month, published price`;
  }
  if (choice.billing === 'monthly') return { monthly, period: monthly, estimated, basis, assumptions };
  if (annualMonthly === undefined) {
    assumptions.push('annual-assumed');
    return { monthly, period: centsTimes(monthly, 12), estimated: true, basis: `${basis}; annual price not published, taken as 12 × monthly`, assumptions };
  }
  const period = centsTimes(annualMonthly, 12);
  return { monthly: annualMonthly, period, estimated, basis: `${basis}; billed annually at ${usdLabel(annualMonthly)}/month (${usdLabel(period)}/year)`, assumptions };
}

/** The user's tiers from the account file (dollars) as cents. */
export function tierPricesFromFile(tiers: readonly { credits: number; monthly: number; annualMonthly?: number | undefined }[] | undefined): TierPrice[] {
  return (tiers ?? []).map((t) => ({
    credits: t.credits,
    monthly: centsFromUsd(t.monthly),
    annualMonthly: t.annualMonthly === undefined ? undefined : centsFromUsd(t.annualMonthly),
  }));
}

