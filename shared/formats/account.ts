/**
 * The account file, `credit-companion/account@1`: an event log (FORMATS.md).
 * Parsing checks every field; rules that depend on the plan at the time (an
 * add-on on Creator) are checked by the replay, with the same kind of error.
 */
import { z } from 'zod';
import { FREE_QUOTA, PRO_LADDER } from '../catalog/plans.ts';
import { RATE_CARD_2026_11, rateOf } from '../catalog/rateCard.ts';
import { isIsoDate } from '../dates.ts';
import { errorFromIssues, fail, ok, type Issue, type Result } from '../errors.ts';
import { billing, count, creditAmount, eventId, featureId, isoDate, memberName, minutes, planId, projectTag, seconds, usd, USAGE_LIMITS, videos, wholeNumber } from './fields.ts';
import { JSON_DEPTH_LIMIT, jsonDepthExceeds, jsonDepthIssue } from './depth.ts';
import { jsonRead } from './json.ts';
import { projectSchema } from './project.ts';
import { issuesFromZod } from './issues.ts';
import { checkMeasure } from './measure.ts';
import { numberLabel } from '../text.ts';

export const ACCOUNT_FORMAT = 'credit-companion/account@1';

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
    if (e.credits === undefined) ctx.addIssue({ code: 'custom', path: ['credits'], message: `required for pro: the tier's monthly credits (${numberLabel(PRO_LADDER.minCredits)} to ${numberLabel(PRO_LADDER.maxCredits)})` });
    else if (e.credits < PRO_LADDER.minCredits || e.credits > PRO_LADDER.maxCredits)
      ctx.addIssue({ code: 'custom', path: ['credits'], message: `a Pro tier has ${numberLabel(PRO_LADDER.minCredits)} to ${numberLabel(PRO_LADDER.maxCredits)} credits a month, not ${numberLabel(e.credits)}` });
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

/** What a usage records besides its date and id: shared with the API's usage-add and usage-edit. */
export const usageFields = {
  feature: featureId,
  minutes: minutes.optional(),
  seconds: seconds.optional(),
  count: count.optional(),
  videos: videos.optional(),
  project: projectTag.optional(),
  /** The member who made it. */
  by: memberName.optional(),
};

const usage = z.strictObject({ type: z.literal('usage'), ...base, ...usageFields }).superRefine(checkMeasure);

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

export const proTierSchema = z.strictObject({
  credits: wholeNumber(PRO_LADDER.minCredits, PRO_LADDER.maxCredits),
  monthly: usd.refine((v) => v > 0, { error: 'must be greater than 0' }),
  annualMonthly: usd.refine((v) => v > 0, { error: 'must be greater than 0' }).optional(),
});

export const freeQuotaSchema = z.strictObject({
  videos: wholeNumber(FREE_QUOTA.videos.min, FREE_QUOTA.videos.max),
  maxMinutes: wholeNumber(FREE_QUOTA.maxMinutes.min, FREE_QUOTA.maxMinutes.max),
});

const rootFields = {
  format: z.literal(ACCOUNT_FORMAT),
  freeQuota: freeQuotaSchema.optional(),
  proTiers: z.array(proTierSchema).max(1000).optional(),
  rounding: z.enum(['none', 'half-credit', 'credit'], { error: 'must be none, half-credit or credit' }).optional(),
  /** The planned projects, in an account exported from the app (so an export is the whole account); the engine ignores them. */
  projects: z.array(projectSchema).max(10_000, { error: 'must have at most 10,000 projects' }).optional(),
};

/** The whole file's shape. `accountParse` checks the events one by one (and uniqueness) rather than through this. */
export const accountSchema = z.strictObject({ ...rootFields, events: z.array(accountEventSchema) });
const accountRootSchema = z.strictObject({ ...rootFields, events: z.array(z.never()) });

export type Account = z.infer<typeof accountSchema>;
export type AccountEvent = Account['events'][number];
export type UsageEvent = Extract<AccountEvent, { type: 'usage' }>;
export type PlanEvent = Extract<AccountEvent, { type: 'subscribe' | 'change-plan' }>;
export type ProTier = z.infer<typeof proTierSchema>;
export type FreeQuota = z.infer<typeof freeQuotaSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const USAGE_KEYS = new Set(['type', 'date', 'id', 'feature', 'minutes', 'seconds', 'count', 'videos', 'project', 'by']);
const isWhole = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isPositive = (v: unknown, max: number) => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max;

/**
 * The fast path: a usage event that is valid exactly as it stands (the schema
 * would accept it and change nothing). Long logs are almost all usages, and this
 * keeps them as they are instead of having zod copy each one. Anything it does
 * not accept goes through the schema, which gives the error or the clean copy.
 */
export function usageIsValid(e: unknown): e is UsageEvent {
  if (!isRecord(e) || e.type !== 'usage') return false;
  for (const key in e) if (!USAGE_KEYS.has(key)) return false;
  const { date, id, feature, minutes: min, seconds: sec, count: n, videos: v, project, by } = e;
  if (typeof date !== 'string' || !isIsoDate(date)) return false;
  if (id !== undefined && (typeof id !== 'string' || id.length < 1 || id.length > USAGE_LIMITS.id)) return false;
  const rate = typeof feature === 'string' ? rateOf(RATE_CARD_2026_11, feature) : undefined;
  if (!rate) return false;
  if (rate.basis.kind === 'count') {
    if (min !== undefined || sec !== undefined || !isWhole(n, 1, USAGE_LIMITS.count)) return false;
  } else {
    if (n !== undefined || (min === undefined) === (sec === undefined)) return false;
    if (min !== undefined && !isPositive(min, USAGE_LIMITS.minutes)) return false;
    if (sec !== undefined && !isPositive(sec, USAGE_LIMITS.seconds)) return false;
  }
  if (v !== undefined && !isWhole(v, 1, USAGE_LIMITS.videos)) return false;
  return trimmedText(project, USAGE_LIMITS.project) && trimmedText(by, USAGE_LIMITS.by);
}

/** Absent, or a string the schema keeps as it is: not empty, at most `max` long, nothing to trim. */
function trimmedText(value: unknown, max: number): boolean {
  return value === undefined || (typeof value === 'string' && value.length > 0 && value.length <= max && value.trim() === value);
}

function issueUnder(prefix: string, issue: Issue): Issue {
  // An event is an object: its issues' paths start with a field's name.
  const path = issue.path ? `${prefix}.${issue.path}` : prefix;
  return { path, message: issue.message };
}

/** Ids unique in the file: one pass when they only increase (as the app writes them), a set otherwise. */
function duplicateIds(events: readonly AccountEvent[]): Issue[] {
  // Stryker disable next-line BooleanLiteral: the one pass is a shortcut; without it, the set below finds the same duplicates.
  let increasing = true;
  // Stryker disable next-line StringLiteral: another start only sends more accounts to the set, which finds the same duplicates.
  let last = '';
  for (const e of events) {
    if (e.id === undefined) continue;
    // Stryker disable next-line EqualityOperator: the one pass is a shortcut; left sooner, the set below finds the same duplicates.
    if (e.id <= last) {
      increasing = false;
      break;
    }
    last = e.id;
  }
  // Stryker disable next-line ConditionalExpression: without the shortcut the set finds no duplicate in ids that only increase.
  if (increasing) return [];
  const seen = new Set<string>();
  const issues: Issue[] = [];
  events.forEach((e, i) => {
    if (e.id === undefined) return;
    if (seen.has(e.id)) issues.push({ path: `events[${i}].id`, message: `${JSON.stringify(e.id)} is already the id of events[${events.findIndex((x) => x.id === e.id)}]` });
    seen.add(e.id);
  });
  return issues;
}

function duplicateTiers(tiers: readonly ProTier[]): Issue[] {
  const seen = new Map<number, number>();
  const issues: Issue[] = [];
  tiers.forEach((tier, i) => {
    const earlier = seen.get(tier.credits);
    if (earlier !== undefined) issues.push({ path: `proTiers[${i}].credits`, message: `tier ${tier.credits} is already priced by proTiers[${earlier}]` });
    seen.set(tier.credits, i);
  });
  return issues;
}

/**
 * Validate an account already parsed from JSON: every problem, each with its path, field and rule. Its own depth
 * check comes first, as the schema walks the value: the root and each event, but a usage the fast path takes, which
 * is flat by its rule (a million of them would be walked for nothing).
 */
export function accountParse(input: unknown): Result<Account> {
  const record = isRecord(input) ? input : null;
  const raw: unknown[] | null = record && Array.isArray(record.events) ? record.events : null;
  const rootInput = record && raw ? { ...record, events: [] } : input;
  const rootDeep = jsonDepthExceeds(rootInput, JSON_DEPTH_LIMIT);
  if (rootDeep) return fail(errorFromIssues('invalid-file', [jsonDepthIssue(rootDeep, JSON_DEPTH_LIMIT)]));
  const root = accountRootSchema.safeParse(rootInput);
  const issues: Issue[] = root.success ? [] : issuesFromZod(root.error, input);
  const events: AccountEvent[] = [];
  if (raw) {
    for (let i = 0; i < raw.length; i++) {
      const e: unknown = raw[i];
      // Stryker disable next-line ConditionalExpression,BlockStatement: the fast path only spares the schema's work; the schema gives the same event.
      if (usageIsValid(e)) {
        events.push(e);
        continue;
      }
      // An event sits two levels down (the root, its list).
      const deep = jsonDepthExceeds(e, JSON_DEPTH_LIMIT - 2);
      if (deep) {
        issues.push(jsonDepthIssue(['events', i, ...deep], JSON_DEPTH_LIMIT));
        continue;
      }
      const parsed = accountEventSchema.safeParse(e);
      if (parsed.success) events.push(parsed.data);
      else for (const issue of issuesFromZod(parsed.error, e)) issues.push(issueUnder(`events[${i}]`, issue));
    }
    if (issues.length === 0) issues.push(...duplicateIds(events));
  }
  if (root.success) issues.push(...duplicateTiers(root.data.proTiers ?? []));
  if (issues.length > 0 || !root.success) return fail(errorFromIssues('invalid-file', issues));
  return ok({ ...root.data, events });
}

/** Parse JSON text, then validate it as an account (which checks its depth). */
export function accountParseText(text: string): Result<Account> {
  const json = jsonRead(text);
  return json.ok ? accountParse(json.value) : json;
}

/** An empty account, ready for its first `subscribe`. */
export function accountEmpty(): Account {
  return { format: ACCOUNT_FORMAT, events: [] };
}
