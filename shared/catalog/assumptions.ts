/**
 * The product's decisions where the vendor's rules are silent. Each one a user
 * could be surprised by carries an id; engine results list the ids that shaped
 * them, so screens can badge the number and explain it.
 */
export const ASSUMPTIONS = {
  'duration-seconds': 'Lengths are billed to the second: a length is rounded to the nearest second, and one under a second counts as a second.',
  'pro-estimated': 'Pro tier prices between the published ones ($49 for 1,000, $4,300 for 100,000) are estimated on a straight line between the nearest known tiers. Enter the price you see at checkout to replace the estimate.',
  'annual-assumed': 'This annual price is not published: it is taken as 12 × the monthly price until you enter it.',
  'pro-tier-sizes': 'Pro tier sizes between 1,000 and 100,000 are not published; the comparison offers common sizes and any tier you entered.',
  'addons-no-expiry': 'Business add-on credits are assumed not to expire while the subscription stays paid.',
  'seats-next-charge': 'Seat and avatar-slot changes are billed from the next charge on, without mid-cycle proration.',
  'seats-at-start': 'Seats recorded on the day a subscription starts are the seats it starts with: the first charge includes them.',
  'seats-no-credits': 'Extra Business seats add cost, not credits.',
  'annual-period-end': 'On annual billing, downgrades and cancellations take effect at the annual renewal.',
  'billing-switch-restart': 'Switching to a billing period that costs more starts a new period that day: the day becomes the renewal date, and the unused part of the current period is credited against the charge.',
  'free-credit-features': 'Free has no credits: only video features can use the free quota.',
  'auto-reload-cap': 'A usage that would need more than 1,000 auto-reloads at once is taken as declined: buy add-on blocks for work that large.',
  'forecast-even-burn': 'Forecasts spread the recent burn evenly over the days ahead.',
} as const;

export type AssumptionId = keyof typeof ASSUMPTIONS;

/** Each assumption's name, as About these numbers heads it (the ids stay inside the app). */
export const ASSUMPTION_NAMES: Readonly<Record<AssumptionId, string>> = {
  'duration-seconds': 'Billed to the second',
  'pro-estimated': 'Pro prices between the published tiers',
  'annual-assumed': 'Annual prices not published',
  'pro-tier-sizes': 'Pro tier sizes',
  'addons-no-expiry': 'Add-on credits do not expire',
  'seats-next-charge': 'Seats and avatar slots billed from the next charge',
  'seats-at-start': 'Seats on the first day',
  'seats-no-credits': 'Seats add no credits',
  'annual-period-end': 'Annual plans change at the renewal',
  'billing-switch-restart': 'A dearer billing period starts that day',
  'free-credit-features': 'Free covers video features only',
  'auto-reload-cap': 'At most 1,000 auto-reloads at once',
  'forecast-even-burn': 'Even burn ahead',
};

/** The assumptions that make a price a guess: a number resting on one is labelled "estimated", on any other "assumption". */
export const PRICE_ASSUMPTIONS: ReadonlySet<AssumptionId> = new Set<AssumptionId>(['pro-estimated', 'annual-assumed']);
