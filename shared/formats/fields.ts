/** Field schemas shared by the account and project files (and the API's inputs). */
import { z } from 'zod';
import { BILLINGS, PLAN_IDS } from '../catalog/plans.ts';
import { FEATURE_IDS } from '../catalog/rateCard.ts';
import { isIsoDate } from '../dates.ts';
import { centsOf, type IsoDate } from '../units.ts';
import { memberKey, numberLabel } from '../text.ts';
import { describeValue } from './issues.ts';

function hasAtMostTwoDecimals(value: number): boolean {
  const scaled = value * 100;
  // Stryker disable next-line EqualityOperator: no amount of whole cents lands exactly on the tolerance.
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** A calendar date. A refinement, not a transform: a transform makes every date a zod pipe, four times slower on long logs. */
export const isoDate = z
  .string({ error: (iss) => (iss.input === undefined ? 'required (a date YYYY-MM-DD)' : 'must be a date YYYY-MM-DD') })
  .refine(isIsoDate, { error: (iss) => `must be a calendar date YYYY-MM-DD (years 2000 to 2999), not ${describeValue(iss.input)}` }) as unknown as z.ZodType<IsoDate, string>;

/** Dollars, at most 2 decimals, not negative. */
export const usd = z
  .number()
  .nonnegative({ error: 'must not be negative' })
  .max(10_000_000, { error: 'must be at most 10,000,000' })
  .refine(hasAtMostTwoDecimals, { error: 'must be whole cents (at most 2 decimals)' });

/** A credit amount a person typed: at most 2 decimals, not negative. */
export const creditAmount = z
  .number()
  .nonnegative({ error: 'must not be negative' })
  .max(1_000_000_000, { error: 'must be at most 1,000,000,000' })
  .refine(hasAtMostTwoDecimals, { error: 'must have at most 2 decimals' });

export function wholeNumber(min: number, max: number) {
  return z
    .number()
    .int({ error: (iss) => `must be a whole number, not ${String(iss.input)}` })
    .min(min, { error: `must be at least ${numberLabel(min)}` })
    .max(max, { error: `must be at most ${numberLabel(max)}` });
}

/** A money amount in whole cents, 0 to `max`, branded Cents once read. */
export function centsAmount(max: number) {
  return wholeNumber(0, max).transform(centsOf);
}

export function positiveNumber(max: number) {
  return z
    .number()
    .positive({ error: 'must be greater than 0' })
    .max(max, { error: `must be at most ${numberLabel(max)}` });
}

export const featureId = z.enum(FEATURE_IDS, {
  error: (iss) =>
    iss.input === undefined
      ? `required; one of ${FEATURE_IDS.join(', ')}`
      : `unknown feature ${describeValue(iss.input)}; known: ${FEATURE_IDS.join(', ')}`,
});

export const planId = z.enum(PLAN_IDS, {
  error: (iss) =>
    iss.input === undefined ? `required; one of ${PLAN_IDS.join(', ')}` : `unknown plan ${describeValue(iss.input)}; known: ${PLAN_IDS.join(', ')}`,
});

export const billing = z.enum(BILLINGS, {
  error: (iss) => `${describeValue(iss.input)} is not a billing period; use monthly or annual`,
});

/** The bounds of a usage's fields, shared by the schemas and the fast path of `accountParse`. */
export const USAGE_LIMITS = { minutes: 10_000, seconds: 600_000, count: 1_000_000, videos: 10_000, project: 200, id: 100, by: 64 } as const;

/** Who made a usage (`by`, FORMATS.md): one member of a team, compared case-insensitively after trimming. */
export const memberName = z.string().trim().min(1, { error: 'must not be empty' }).max(USAGE_LIMITS.by, { error: `must be at most ${USAGE_LIMITS.by} characters` });

export { memberKey };

/** Whether a usage made by `by` (undefined: nobody named) is one the filter `member` keeps: `''` keeps those that name none, a name its member's. */
export function memberMatches(by: string | undefined, member: string): boolean {
  return member === '' ? by === undefined : by !== undefined && memberKey(by) === memberKey(member);
}

export const projectTag = z.string().trim().min(1, { error: 'must not be empty' }).max(USAGE_LIMITS.project, { error: `must be at most ${USAGE_LIMITS.project} characters` });

/** Length of one video: minutes or seconds. */
export const minutes = positiveNumber(USAGE_LIMITS.minutes);
export const seconds = positiveNumber(USAGE_LIMITS.seconds);
export const count = wholeNumber(1, USAGE_LIMITS.count);
export const videos = wholeNumber(1, USAGE_LIMITS.videos);
export const eventId = z.string().min(1, { error: 'must not be empty' }).max(USAGE_LIMITS.id, { error: `must be at most ${USAGE_LIMITS.id} characters` });
