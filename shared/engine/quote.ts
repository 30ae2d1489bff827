/**
 * Quote: what a planned project costs in credits and dollars, what the plan's
 * limits say about it (each finding names the plan that would allow it), and,
 * with an account, whether the balance on the project's date covers it and
 * which lots it would draw from.
 */
import { PLANS, SELF_SERVE_ORDER, type PlanId, type Resolution } from '../catalog/plans.ts';
import { rateOf, type FeatureId } from '../catalog/rateCard.ts';
import { attempt, type Result } from '../errors.ts';
import type { Account } from '../formats/account.ts';
import type { Project } from '../formats/project.ts';
import { centsMulDiv, CREDIT_UNITS, creditsMin, creditsScale, creditsShort, creditsSum, ZERO_CREDITS, type Cents, type Credits, type IsoDate } from '../units.ts';
import type { AssumptionId } from '../catalog/assumptions.ts';
import { measureCost, measureSeconds } from './cost.ts';
import { ledgerOf } from './ledger.ts';
import type { Draw } from './lots.ts';
import { planPrice, type PlanChoice } from './pricing.ts';
import { catalogOf, fullReplay, type StateSource } from './replay.ts';
import { stateConsume, stateFork, type Catalog, type State } from './state.ts';
import { planLabel } from './subscription.ts';
import { numberLabel, usdLabel } from '../text.ts';

export type FindingRule = 'max-length' | 'resolution' | 'avatar-slots' | 'free-quota' | 'free-no-credits' | 'insufficient-credits';

/** What a finding says: its `rule` is its code (the command line's contract names it so), `params` the data. */
export type FindingSays =
  | { readonly rule: 'free-no-credits'; readonly line: number; readonly params: { readonly feature: FeatureId } }
  | { readonly rule: 'max-length'; readonly line: number; readonly params: { readonly feature: FeatureId; readonly seconds: number; readonly plan: PlanId; readonly maxMinutes: number } }
  | { readonly rule: 'resolution'; readonly params: { readonly wanted: Resolution; readonly plan: PlanId; readonly max: Resolution } }
  | { readonly rule: 'avatar-slots'; readonly params: { readonly avatars: number; readonly plan: PlanId; readonly included: number; readonly extraSlots: number } }
  | { readonly rule: 'insufficient-credits'; readonly params: { readonly needs: Credits; readonly date: IsoDate; readonly balance: Credits; readonly short: Credits } }
  | { readonly rule: 'free-quota'; readonly params: { readonly videos: number; readonly left: number } };

export type Finding = FindingSays & {
  /** The line it is about (index into `lines`), if any. */
  readonly line?: number | undefined;
  /** The smallest plan whose limits allow it; null when no self-serve plan does. */
  readonly allowedBy: PlanId | null;
};

export interface QuoteLine {
  readonly feature: string;
  readonly name: string;
  readonly credits: Credits;
  /** Seconds of each video (time features) or the count (unit features). */
  readonly seconds?: number | undefined;
  readonly count?: number | undefined;
  readonly videos: number;
  /** The rate in words: "20 credits / minute". */
  readonly rate: string;
}

export interface Quote {
  readonly credits: Credits;
  /** With the expected retries factor: the high end of the range (= credits at factor 1). */
  readonly creditsHigh: Credits;
  readonly retryFactor: number;
  readonly lines: readonly QuoteLine[];
  readonly findings: readonly Finding[];
  /** The plan the limits and the price were checked against, if any. */
  readonly plan: { readonly choice: PlanChoice; readonly label: string } | null;
  /** Dollars at the plan's effective price per credit. */
  readonly cost: { readonly amount: Cents; readonly amountHigh: Cents; readonly perCredit: number; readonly basis: string; readonly estimated: boolean; readonly assumptions: readonly AssumptionId[] } | null;
  /** With an account: the balance on the project's date, whether it covers the quote, and from which lots. */
  readonly account: {
    readonly date: IsoDate;
    readonly balance: Credits;
    readonly fits: boolean;
    readonly shortfall: Credits;
    readonly draws: readonly Draw[];
  } | null;
}

export interface QuoteOptions {
  /** Check against this plan; with an account and no plan, the account's plan on the project's date. */
  readonly plan?: PlanChoice | undefined;
  readonly account?: Account | undefined;
  /** The account's state on a date, when the caller keeps its replay (a full replay otherwise). */
  readonly stateAt?: StateSource | undefined;
  /** Expected retries: 1.25 means a quarter of the generations are redone. At least 1. */
  readonly retryFactor?: number | undefined;
}

const RESOLUTION_RANK: Record<Resolution, number> = { '720p': 0, '1080p': 1, '4k': 2 };

function maxMinutesOf(plan: PlanId, catalog: Catalog): number | null {
  return plan === 'free' ? catalog.freeQuota.maxMinutes : PLANS[plan].limits.maxVideoMinutes;
}

/** The smallest self-serve plan that passes `test`, or null (Enterprise's limits are custom, so it is named last). */
function allowedBy(test: (plan: PlanId) => boolean): PlanId | null {
  return SELF_SERVE_ORDER.find(test) ?? null;
}

/** What a plan's limits say about a project: video length, export resolution, custom avatars (Free: video features only). */
export function limitFindings(project: Project, lines: readonly QuoteLine[], plan: PlanId, catalog: Catalog, extraSlots: number): Finding[] {
  const findings: Finding[] = [];
  const maxMinutes = maxMinutesOf(plan, catalog);
  lines.forEach((line, i) => {
    const rate = rateOf(catalog.card, line.feature)!;
    // Stryker disable next-line ConditionalExpression: every length-limited feature of the rate card is priced by time; the test of the basis says what a video feature is, as replay.ts's does, for a card where that changes.
    if (plan === 'free' && !(rate.basis.kind === 'time' && rate.lengthLimited)) {
      findings.push({ rule: 'free-no-credits', line: i, params: { feature: rate.id }, allowedBy: 'creator' });
      return;
    }
    if (!rate.lengthLimited || line.seconds === undefined || maxMinutes === null || line.seconds <= maxMinutes * 60) return;
    const seconds = line.seconds;
    const by = allowedBy((p) => {
      const max = maxMinutesOf(p, catalog);
      return max === null || seconds <= max * 60;
    });
    findings.push({ rule: 'max-length', line: i, params: { feature: rate.id, seconds, plan, maxMinutes }, allowedBy: by });
  });
  const wanted = project.resolution;
  const exportMax = PLANS[plan].limits.export;
  if (wanted && exportMax && RESOLUTION_RANK[wanted] > RESOLUTION_RANK[exportMax]) {
    const by = allowedBy((p) => {
      const e = PLANS[p].limits.export;
      return e === null || RESOLUTION_RANK[wanted] <= RESOLUTION_RANK[e];
    });
    findings.push({ rule: 'resolution', params: { wanted, plan, max: exportMax }, allowedBy: by });
  }
  const avatars = project.customAvatars ?? 0;
  const included = PLANS[plan].limits.customAvatars;
  if (included !== null && avatars > included + extraSlots) {
    const by = allowedBy((p) => {
      const c = PLANS[p].limits.customAvatars;
      return c === null || avatars <= c;
    });
    findings.push({ rule: 'avatar-slots', params: { avatars, plan, included, extraSlots }, allowedBy: by });
  }
  return findings;
}

function rateText(rate: NonNullable<ReturnType<typeof rateOf>>): string {
  return `${rate.credits} ${rate.credits === 1 ? 'credit' : 'credits'} / ${rate.basis.label}`;
}

/** The dollar cost of credits at a plan's effective price per credit (price ÷ monthly credits). */
function costOf(choice: PlanChoice, credits: Credits, creditsHigh: Credits, catalog: Catalog): Quote['cost'] {
  if (!PLANS[choice.plan].creditBased || choice.credits <= 0) return null;
  const price = planPrice(choice, { proTiers: catalog.proTiers });
  const denominator = choice.credits * CREDIT_UNITS;
  return {
    amount: centsMulDiv(price.monthly, credits, denominator),
    amountHigh: centsMulDiv(price.monthly, creditsHigh, denominator),
    perCredit: price.monthly / 100 / choice.credits,
    basis: `${usdLabel(price.monthly)}/month ÷ ${numberLabel(choice.credits)} credits on ${planLabel(choice)}`,
    estimated: price.estimated,
    assumptions: price.assumptions,
  };
}

/** A project's lines as a quote shows them, each with its credits. */
export function quoteLines(project: Project, catalog: Catalog): QuoteLine[] {
  return project.lines.map((l) => {
    const rate = rateOf(catalog.card, l.feature)!;
    return {
      feature: l.feature,
      name: rate.name,
      credits: measureCost(catalog.card, l, catalog.rounding),
      seconds: rate.basis.kind === 'time' ? measureSeconds(l) : undefined,
      count: rate.basis.kind === 'count' ? (l.count ?? 1) : undefined,
      videos: l.videos ?? 1,
      rate: rateText(rate),
    };
  });
}

export function quoteCompute(project: Project, options: QuoteOptions = {}): Result<Quote> {
  return attempt(() => {
    const catalog = catalogOf(options.account ?? { format: 'credit-companion/account@1', events: [] });
    const lines = quoteLines(project, catalog);
    const total = creditsSum(lines.map((l) => l.credits));
    const retryFactor = options.retryFactor ?? 1;
    const high = creditsScale(total, retryFactor);

    let state: State | null = null;
    if (options.account) {
      state = (options.stateAt ?? fullReplay(options.account))(project.date);
    }
    const choice = options.plan ?? state?.sub?.choice ?? (state?.onFree ? { plan: 'free' as const, credits: 0, billing: 'monthly' as const } : undefined);
    const extraSlots = options.plan ? 0 : state?.sub ? state.sub.monthlySlots + state.sub.annualSlots.reduce((n, g) => n + g.count, 0) : 0;
    // Stryker disable next-line ConditionalExpression: a legacy plan has no length, resolution or avatar limit: its findings would be none, found more slowly.
    const findings = choice && choice.plan !== 'legacy' ? limitFindings(project, lines, choice.plan, catalog, extraSlots) : [];

    let accountPart: Quote['account'] = null;
    if (state) {
      const ledger = ledgerOf(state, project.date);
      const onCredits = state.sub !== null && PLANS[state.sub.choice.plan].creditBased;
      const draws: Draw[] = [];
      // Stryker disable next-line ConditionalExpression: off credits the balance is 0 (Free and a legacy plan begin by forfeiting every lot): there is nothing to draw.
      if (onCredits) stateConsume(stateFork(state), project.date, creditsMin(total, ledger.balance), draws);
      const shortfall = onCredits ? creditsShort(total, ledger.balance) : ZERO_CREDITS;
      if (onCredits && ledger.balance < total) {
        findings.push({ rule: 'insufficient-credits', params: { needs: total, date: project.date, balance: ledger.balance, short: shortfall }, allowedBy: null });
      }
      if (state.onFree) {
        const videos = lines.reduce((n, l) => n + l.videos, 0);
        const left = catalog.freeQuota.videos - state.freeVideosUsed;
        if (videos > left) findings.push({ rule: 'free-quota', params: { videos, left }, allowedBy: 'creator' });
      }
      // On Free a project fits when the replay would accept every line: within the quota, the length, and video features only.
      const fits = onCredits ? ledger.balance >= total : state.onFree ? !findings.some((f) => f.rule === 'free-quota' || f.rule === 'free-no-credits' || f.rule === 'max-length') : true;
      accountPart = { date: project.date, balance: ledger.balance, fits, shortfall, draws };
    }
    return {
      credits: total,
      creditsHigh: high,
      retryFactor,
      lines,
      findings,
      plan: choice ? { choice, label: planLabel(choice) } : null,
      cost: choice ? costOf(choice, total, high, catalog) : null,
      account: accountPart,
    };
  });
}

