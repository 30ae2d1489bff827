/**
 * The account file, `credit-companion/account@1`: an event log (FORMATS.md).
 * Parsing checks every field; rules that depend on the plan at the time (an
 * add-on on Creator) are checked by the replay, with the same kind of error.
 */
import { z } from 'zod';
import { FREE_QUOTA, PRO_LADDER } from '../catalog/plans.ts';
import { errorFromIssues, fail, ok, type Result } from '../errors.ts';
import { billing, count, creditAmount, featureId, isoDate, minutes, planId, projectTag, seconds, usd, videos, wholeNumber } from './fields.ts';
import { issuesFromZod } from './issues.ts';
import { checkMeasure } from './measure.ts';

export const ACCOUNT_FORMAT = 'credit-companion/account@1';

const eventId = z.string().min(1, { error: 'must not be empty' }).max(100, { error: 'must be at most 100 characters' });
const base = { date: isoDate, id: eventId.optional() };

const planFields = {
  ...base,
  plan: planId,
  credits: wholeNumber(1, 10_000_000).optional(),
  billing: billing.optional(),
  price: usd.optional(),
};

function checkPlanFields(e: { plan: string; credits?: number | undefined; price?: number | undefined }, ctx: z.RefinementCtx): void {
  if (e.plan === 'pro') {
    if (e.credits === undefined) ctx.addIssue({ code: 'custom', path: ['credits'], message: `required for pro: the tier's monthly credits (${PRO_LADDER.minCredits.toLocaleString('en-US')} to ${PRO_LADDER.maxCredits.toLocaleString('en-US')})` });
    else if (e.credits < PRO_LADDER.minCredits || e.credits > PRO_LADDER.maxCredits)
      ctx.addIssue({ code: 'custom', path: ['credits'], message: `a Pro tier has ${PRO_LADDER.minCredits.toLocaleString('en-US')} to ${PRO_LADDER.maxCredits.toLocaleString('en-US')} credits a month, not ${e.credits.toLocaleString('en-US')}` });
  } else if (e.plan === 'enterprise') {
    if (e.credits === undefined) ctx.addIssue({ code: 'custom', path: ['credits'], message: 'required for enterprise: the monthly credits of your contract' });
    if (e.price === undefined) ctx.addIssue({ code: 'custom', path: ['price'], message: 'required for enterprise: the price per month in USD of your contract' });
  } else if (e.credits !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['credits'], message: `only pro and enterprise take credits; ${e.plan} has a fixed allocation` });
  }
  if (e.price !== undefined && e.plan !== 'enterprise' && e.plan !== 'legacy') {
    ctx.addIssue({ code: 'custom', path: ['price'], message: `only enterprise and legacy take a price; ${e.plan} is priced by the catalog` });
  }
}

const subscribe = z.strictObject({ type: z.literal('subscribe'), ...planFields }).superRefine(checkPlanFields);
const changePlan = z.strictObject({ type: z.literal('change-plan'), ...planFields }).superRefine(checkPlanFields);

const usage = z
  .strictObject({
    type: z.literal('usage'),
    ...base,
    feature: featureId,
    minutes: minutes.optional(),
    seconds: seconds.optional(),
    count: count.optional(),
    videos: videos.optional(),
    project: projectTag.optional(),
  })
  .superRefine(checkMeasure);

const addon = z.strictObject({ type: z.literal('addon'), ...base, blocks: wholeNumber(1, 10_000) });
const autoReload = z.strictObject({ type: z.literal('auto-reload'), ...base, threshold: creditAmount, blocks: wholeNumber(0, 10_000) });
const seats = z.strictObject({ type: z.literal('seats'), ...base, count: wholeNumber(1, 10_000) });
const avatarSlots = z.strictObject({ type: z.literal('avatar-slots'), ...base, count: wholeNumber(0, 1000), billing });
const balanceCheck = z.strictObject({ type: z.literal('balance-check'), ...base, balance: creditAmount });
const pause = z.strictObject({ type: z.literal('pause'), ...base });
const cancel = z.strictObject({ type: z.literal('cancel'), ...base });

export const accountEventSchema = z.discriminatedUnion('type', [
  subscribe,
  changePlan,
  usage,
  addon,
  autoReload,
  seats,
  avatarSlots,
  balanceCheck,
  pause,
  cancel,
]);

export const EVENT_TYPES = ['subscribe', 'change-plan', 'usage', 'addon', 'auto-reload', 'seats', 'avatar-slots', 'balance-check', 'pause', 'cancel'] as const;

export const proTierSchema = z.strictObject({
  credits: wholeNumber(PRO_LADDER.minCredits, PRO_LADDER.maxCredits),
  monthly: usd.refine((v) => v > 0, { error: 'must be greater than 0' }),
  annualMonthly: usd.refine((v) => v > 0, { error: 'must be greater than 0' }).optional(),
});

export const freeQuotaSchema = z.strictObject({
  videos: wholeNumber(FREE_QUOTA.videos.min, FREE_QUOTA.videos.max),
  maxMinutes: wholeNumber(FREE_QUOTA.maxMinutes.min, FREE_QUOTA.maxMinutes.max),
});

export const accountSchema = z
  .strictObject({
    format: z.literal(ACCOUNT_FORMAT),
    freeQuota: freeQuotaSchema.optional(),
    proTiers: z.array(proTierSchema).max(1000).optional(),
    rounding: z.enum(['none', 'half-credit', 'credit'], { error: 'must be none, half-credit or credit' }).optional(),
    events: z.array(accountEventSchema),
  })
  .superRefine((account, ctx) => {
    const seenTier = new Map<number, number>();
    account.proTiers?.forEach((tier, i) => {
      const earlier = seenTier.get(tier.credits);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['proTiers', i, 'credits'], message: `tier ${tier.credits} is already priced by proTiers[${earlier}]` });
      seenTier.set(tier.credits, i);
    });
    const seenId = new Map<string, number>();
    account.events.forEach((event, i) => {
      if (event.id === undefined) return;
      const earlier = seenId.get(event.id);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['events', i, 'id'], message: `${JSON.stringify(event.id)} is already the id of events[${earlier}]` });
      seenId.set(event.id, i);
    });
  });

export type Account = z.infer<typeof accountSchema>;
export type AccountEvent = Account['events'][number];
export type UsageEvent = Extract<AccountEvent, { type: 'usage' }>;
export type PlanEvent = Extract<AccountEvent, { type: 'subscribe' | 'change-plan' }>;
export type ProTier = z.infer<typeof proTierSchema>;
export type FreeQuota = z.infer<typeof freeQuotaSchema>;

/** Validate an account already parsed from JSON. */
export function accountParse(input: unknown): Result<Account> {
  const parsed = accountSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return fail(errorFromIssues('invalid-file', issuesFromZod(parsed.error, input)));
}

/** Parse JSON text, then validate it as an account. */
export function accountParseText(text: string): Result<Account> {
  const json = jsonParse(text);
  return json.ok ? accountParse(json.value) : json;
}

/** JSON.parse with its failure as data. */
export function jsonParse(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return fail({ code: 'invalid-json', message: `not valid JSON: ${(e as Error).message}` });
  }
}

/** An empty account, ready for its first `subscribe`. */
export function accountEmpty(): Account {
  return { format: ACCOUNT_FORMAT, events: [] };
}
