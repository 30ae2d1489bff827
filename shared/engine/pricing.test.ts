/** Plan prices, and the sentence that says how each was found (DOMAIN: a derived price is labelled and shows how it was derived). */
import { describe, expect, it } from 'vitest';
import { centsOf } from '../units.ts';
import { planPrice, proKnownTiers, proMonthlyPrice, tierPricesFromFile, type PlanChoice, type TierPrice } from './pricing.ts';

const choice = (plan: PlanChoice['plan'], credits: number, billing: PlanChoice['billing'] = 'monthly', price?: number): PlanChoice => ({ plan, credits, billing, price: price === undefined ? undefined : centsOf(price) });
const tier = (credits: number, monthly: number, annualMonthly?: number): TierPrice => ({ credits, monthly: centsOf(monthly), annualMonthly: annualMonthly === undefined ? undefined : centsOf(annualMonthly) });

describe('planPrice', () => {
  it.each<[string, PlanChoice, { seats?: number; proTiers?: TierPrice[] }, [number, number, boolean, string, string[]]]>([
    ['Creator, monthly', choice('creator', 600), {}, [2900, 2900, false, 'Creator: $29/month, published price', []]],
    ['Creator, annual at its published $24', choice('creator', 600, 'annual'), {}, [2400, 28_800, false, 'Creator: $29/month, published price; billed annually at $24/month ($288/year)', []]],
    ['Pro 1,000, published', choice('pro', 1000), {}, [4900, 4900, false, 'Pro 1,000: $49/month, published price', []]],
    // $49 + ($4,300 − $49) × 1,000 / 99,000 = $49 + $42.94.
    ['Pro 2,000, on the line between the published ends', choice('pro', 2000), {}, [9194, 9194, true, 'Pro 2,000: $91.94/month, estimated on the line between Pro 1,000 ($49) and Pro 100,000 ($4,300)', ['pro-estimated']]],
    ['Pro 1,500 as the user entered it', choice('pro', 1500), { proTiers: [tier(1500, 7500)] }, [7500, 7500, false, 'Pro 1,500: $75/month, price you entered', []]],
    ['Pro 1,500 entered at the published price of another tier', choice('pro', 1500), { proTiers: [tier(1500, 4900)] }, [4900, 4900, false, 'Pro 1,500: $49/month, price you entered', []]],
    ['Pro 1,000 at a price the user entered over the published one', choice('pro', 1000), { proTiers: [tier(1000, 5500)] }, [5500, 5500, false, 'Pro 1,000: $55/month, price you entered', []]],
    ['Pro 1,000, annual: no published annual price, 12 × monthly', choice('pro', 1000, 'annual'), {}, [4900, 58_800, true, 'Pro 1,000: $49/month, published price; annual price not published, taken as 12 × monthly', ['annual-assumed']]],
    ['Pro 1,500, annual at the price the user entered', choice('pro', 1500, 'annual'), { proTiers: [tier(1500, 7500, 6000)] }, [6000, 72_000, false, 'Pro 1,500: $75/month, price you entered; billed annually at $60/month ($720/year)', []]],
    ['Business, one seat', choice('business', 1500), {}, [14_900, 14_900, false, 'Business: $149/month, one seat', []]],
    ['Business, two seats', choice('business', 1500), { seats: 2 }, [16_900, 16_900, false, 'Business: $149/month + $20 × 1 extra seat', []]],
    ['Business, three seats', choice('business', 1500), { seats: 3 }, [18_900, 18_900, false, 'Business: $149/month + $20 × 2 extra seats', []]],
    ['Enterprise at its own price', choice('enterprise', 5000, 'monthly', 100_000), {}, [100_000, 100_000, false, 'Enterprise: $1,000/month, your price', []]],
    ['Enterprise, annual: the same price a month', choice('enterprise', 5000, 'annual', 100_000), {}, [100_000, 1_200_000, false, 'Enterprise: $1,000/month, your price; billed annually at $1,000/month ($12,000/year)', []]],
    ['Legacy unlimited without a price', choice('legacy', 0), {}, [0, 0, false, 'Legacy unlimited: $0/month, your price', []]],
  ])('%s', (_name, c, opts, [monthly, period, estimated, basis, assumptions]) => {
    expect(planPrice(c, opts)).toEqual({ monthly, period, estimated, basis, assumptions });
  });
});

describe('Pro tiers', () => {
  it('the known tiers are the published ends and the user’s, the user’s price winning on the same size, by size', () => {
    expect(proKnownTiers([tier(5000, 20_000), tier(1000, 5500)]).map((t) => [t.credits, t.monthly])).toEqual([
      [1000, 5500],
      [5000, 20_000],
      [100_000, 430_000],
    ]);
  });

  it('a tier outside the ladder is an error that names it (input that skipped validation)', () => {
    expect(() => proMonthlyPrice(200_000, [])).toThrow('Pro tier 200000 is outside the ladder: the input was not validated');
  });

  it('reads the account file’s tiers, in dollars, as cents, an absent annual price left absent', () => {
    expect(tierPricesFromFile([{ credits: 1500, monthly: 75.5 }, { credits: 3000, monthly: 120, annualMonthly: 99.99 }])).toEqual([
      { credits: 1500, monthly: 7550, annualMonthly: undefined },
      { credits: 3000, monthly: 12_000, annualMonthly: 9999 },
    ]);
    expect(tierPricesFromFile(undefined)).toEqual([]);
  });
});
