/**
 * Branded units. A credit amount, a money amount and a calendar date are all
 * numbers or strings underneath; the brands keep a dollar from landing where a
 * credit belongs.
 */

/** Credits in integer units of 1/3600 credit: every rate on the card costs a whole number of them. */
export type Credits = number & { readonly __brand: 'Credits' };
/** US cents, integer. */
export type Cents = number & { readonly __brand: 'Cents' };
/** A calendar date, `YYYY-MM-DD`, no time of day. Sorts and compares as a string. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

/** Units in one credit: divisible by 60 and 300, so per-minute and per-5-minute rates are exact per second. */
export const CREDIT_UNITS = 3600;

/** Whole credits (from a catalog or a plan tier) to units. */
export function creditsFromWhole(credits: number): Credits {
  return (credits * CREDIT_UNITS) as Credits;
}

/**
 * A decimal credit amount a person typed (at most 2 decimals, checked at the boundary) to units.
 * 3600 is a multiple of 100, so the result is exact once the float noise is rounded away.
 */
export function creditsFromDecimal(credits: number): Credits {
  return Math.round(credits * CREDIT_UNITS) as Credits;
}

/** No credits: where a sum starts, what a refused or free usage costs. */
export const ZERO_CREDITS = 0 as Credits;

/**
 * A count already in credit units (a cost kept in a plain array, a total summed as a number on a hot path) to Credits.
 * The one door for such numbers, so a dollar amount cannot slip in unnoticed beside them.
 */
export function creditsOf(units: number): Credits {
  return units as Credits;
}

export function creditsAdd(a: Credits, b: Credits): Credits {
  return (a + b) as Credits;
}

export function creditsSub(a: Credits, b: Credits): Credits {
  return (a - b) as Credits;
}

export function creditsNeg(a: Credits): Credits {
  return -a as Credits;
}

/** The sum of a list of amounts (0 for none). */
export function creditsSum(amounts: Iterable<Credits>): Credits {
  let total = 0;
  for (const a of amounts) total += a;
  return total as Credits;
}

export function creditsMin(a: Credits, b: Credits): Credits {
  return (a < b ? a : b) as Credits;
}

export function creditsMax(a: Credits, b: Credits): Credits {
  return (a > b ? a : b) as Credits;
}

/** What `need` exceeds `have` by, 0 when it does not: a shortfall. */
export function creditsShort(need: Credits, have: Credits): Credits {
  return (need > have ? need - have : 0) as Credits;
}

/** An amount `count` times over (a whole count: videos, blocks). */
export function creditsTimes(a: Credits, count: number): Credits {
  return (a * count) as Credits;
}

/** A fractional count of units (an average, a percentile of paces) rounded to the nearest unit. */
export function creditsRound(units: number): Credits {
  return Math.round(units) as Credits;
}

/** An amount scaled by a factor, rounded to the nearest unit (a retry allowance). */
export function creditsScale(a: Credits, factor: number): Credits {
  return creditsRound(a * factor);
}

/** Units to a plain number of credits, for JSON and display. */
export function creditsToNumber(units: Credits): number {
  return units / CREDIT_UNITS;
}

/** Decimals an export writes credits with: the fewest that tell every unit apart (a unit is about 0.00028 credit). */
const CREDIT_DECIMALS = 4;
const DECIMAL_SCALE = 10 ** CREDIT_DECIMALS;

/**
 * Units to credits as a decimal, for exports, from the integers alone: exact where the amount has at most 4 decimals
 * (0.35, 12.5), else rounded half away from zero to 4 (a third of a credit is 0.3333). "12", "0.35", "-1.5".
 */
export function creditsDecimal(units: Credits): string {
  const abs = Math.abs(units);
  const whole = Math.floor(abs / CREDIT_UNITS);
  // Never rounds up to a whole credit: the most a fraction holds, 3,599 units, is 0.99972 credit. Nor down to 0: one unit is 0.0003.
  const fraction = mulDivRound(abs - whole * CREDIT_UNITS, DECIMAL_SCALE, CREDIT_UNITS);
  const decimals = String(fraction).padStart(CREDIT_DECIMALS, '0').replace(/0+$/, '');
  return `${units < 0 ? '-' : ''}${whole}${decimals ? `.${decimals}` : ''}`;
}

/** Whole or decimal dollars (at most 2 decimals) to cents. */
export function centsFromUsd(usd: number): Cents {
  return Math.round(usd * 100) as Cents;
}

/** No money: a free plan's price, nothing charged. */
export const ZERO_CENTS = 0 as Cents;

/** A count already in cents (a catalog price, a sum kept as a plain number) to Cents. */
export function centsOf(cents: number): Cents {
  return cents as Cents;
}

export function centsAdd(a: Cents, b: Cents): Cents {
  return (a + b) as Cents;
}

export function centsSub(a: Cents, b: Cents): Cents {
  return (a - b) as Cents;
}

/** A price `count` times over (12 months, n seats, n blocks). */
export function centsTimes(a: Cents, count: number): Cents {
  return (a * count) as Cents;
}

/** `cents × numerator ÷ denominator` rounded half away from zero: a price prorated over days, or spread over credits. */
export function centsMulDiv(cents: number, numerator: number, denominator: number): Cents {
  return mulDivRound(cents, numerator, denominator) as Cents;
}

/** Cents to a plain number of dollars, for JSON. */
export function centsToUsd(cents: Cents): number {
  return cents / 100;
}

/** `value × numerator ÷ denominator`, rounded half away from zero, in integers throughout. */
export function mulDivRound(value: number, numerator: number, denominator: number): number {
  const product = value * numerator;
  // Stryker disable next-line ArithmeticOperator: a sign divided by a sign is their product (a denominator of 0 has no quotient either way).
  const sign = Math.sign(product) * Math.sign(denominator);
  const a = Math.abs(product);
  const d = Math.abs(denominator);
  const q = Math.floor(a / d);
  const r = a - q * d;
  return sign * (2 * r >= d ? q + 1 : q);
}

