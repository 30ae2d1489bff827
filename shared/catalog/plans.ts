/** The plans as data (catalog dated 2026-11). Prices in cents, credits whole, limits as published. */

export const PLAN_IDS = ['free', 'creator', 'pro', 'business', 'enterprise', 'legacy'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const BILLINGS = ['monthly', 'annual'] as const;
export type Billing = (typeof BILLINGS)[number];

export const RESOLUTIONS = ['720p', '1080p', '4k'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** The limits a quote checks against. `null` means custom or not applicable. */
export interface PlanLimits {
  /** Longest video, minutes. */
  readonly maxVideoMinutes: number | null;
  readonly export: Resolution | null;
  /** Custom avatars included. */
  readonly customAvatars: number | null;
}

export interface PlanInfo {
  readonly id: PlanId;
  readonly name: string;
  readonly creditBased: boolean;
  /** Monthly credits, where the plan fixes them (Pro and Enterprise take a tier). */
  readonly monthlyCredits: number | null;
  /** Price per month on monthly billing, cents; null where a tier or the user sets it. */
  readonly monthlyPrice: number | null;
  /** Price per month on annual billing, cents, where published. */
  readonly annualMonthlyPrice: number | null;
  readonly limits: PlanLimits;
  /** Why extra credits cannot be bought on this plan, and what to do instead; null where they can. */
  readonly noAddonsAdvice: string | null;
}

export const PLANS: Readonly<Record<PlanId, PlanInfo>> = {
  free: {
    id: 'free',
    name: 'Free',
    creditBased: false,
    monthlyCredits: 0,
    monthlyPrice: 0,
    annualMonthlyPrice: 0,
    limits: { maxVideoMinutes: null, export: '720p', customAvatars: 0 },
    noAddonsAdvice: 'Free has no credits: subscribe to a paid plan.',
  },
  creator: {
    id: 'creator',
    name: 'Creator',
    creditBased: true,
    monthlyCredits: 600,
    monthlyPrice: 2900,
    annualMonthlyPrice: 2400,
    limits: { maxVideoMinutes: 30, export: '1080p', customAvatars: 1 },
    noAddonsAdvice: 'Creator cannot buy extra credits: upgrade to Pro for more credits.',
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    creditBased: true,
    monthlyCredits: null,
    monthlyPrice: null,
    annualMonthlyPrice: null,
    limits: { maxVideoMinutes: 30, export: '4k', customAvatars: 1 },
    noAddonsAdvice: 'Pro cannot buy extra credits: move to a higher Pro tier.',
  },
  business: {
    id: 'business',
    name: 'Business',
    creditBased: true,
    monthlyCredits: 1500,
    monthlyPrice: 14900,
    annualMonthlyPrice: null,
    limits: { maxVideoMinutes: 60, export: '4k', customAvatars: 5 },
    noAddonsAdvice: null,
  },
  enterprise: {
    id: 'enterprise',
    name: 'Enterprise',
    creditBased: true,
    monthlyCredits: null,
    monthlyPrice: null,
    annualMonthlyPrice: null,
    limits: { maxVideoMinutes: null, export: '4k', customAvatars: null },
    noAddonsAdvice: 'Enterprise credit terms are custom: record extra credits with a balance check.',
  },
  legacy: {
    id: 'legacy',
    name: 'Legacy unlimited',
    creditBased: false,
    monthlyCredits: 0,
    monthlyPrice: null,
    annualMonthlyPrice: null,
    limits: { maxVideoMinutes: null, export: null, customAvatars: null },
    noAddonsAdvice: 'A legacy unlimited plan does not use credits.',
  },
};

/** The Pro tier ladder: the range, the two published price points, and the tier sizes compared by default. */
export const PRO_LADDER = {
  minCredits: 1000,
  maxCredits: 100_000,
  /** Published prices, cents per month. */
  known: [
    { credits: 1000, monthly: 4900 },
    { credits: 100_000, monthly: 430_000 },
  ],
  /** Tier sizes offered for comparison when the user has entered none (sizes between the ends are assumed). */
  sizes: [1000, 2000, 3000, 5000, 10_000, 20_000, 50_000, 100_000],
} as const;

export const BUSINESS = {
  extraSeatMonthly: 2000,
  block: { credits: 100, price: 500 },
} as const;

export const AVATAR_SLOT = { monthly: 2900, annual: 30_000 } as const;

/** Free plan quota by region: between these bounds. */
export const FREE_QUOTA = {
  videos: { min: 1, max: 3, default: 3 },
  maxMinutes: { min: 1, max: 3, default: 3 },
} as const;

export const PAUSE_DAYS = 30;

/** Plans the limits of a quote can suggest, in the order they are tried (smallest first). */
export const SELF_SERVE_ORDER: readonly PlanId[] = ['creator', 'pro', 'business', 'enterprise'];
