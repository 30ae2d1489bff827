/**
 * The account as the app shows it: everything a screen needs, derived by the
 * engine, serializable (it crosses IPC and HTTP). Credits stay in integer units
 * and money in cents; the renderer formats them.
 */
import { forecastOf, type Forecast, type ProjectionPoint } from './engine/forecast.ts';
import { daySum, type DayTotals } from './engine/days.ts';
import { replayBuild, replayDateAt, replayStateAt, tipStateAt, type Replay } from './engine/incremental.ts';
import type { SnapshotTip } from './engine/snapshot.ts';
import type { StateSource } from './engine/replay.ts';
import type { Ledger } from './engine/ledger.ts';
import type { LotKind } from './engine/lots.ts';
import { memberNames, memberUseBetween, type MemberUse } from './engine/members.ts';
import { PLANS } from './catalog/plans.ts';
import { RATE_CARD_2026_11, type FeatureId } from './catalog/rateCard.ts';
import { attempt, type Result } from './errors.ts';
import type { Account } from './formats/account.ts';
import { dateAddDays, daysBetween, minDate, monthOf } from './dates.ts';
import { centsAdd, CREDIT_UNITS, creditsAdd, creditsFromWhole, creditsOf, creditsToNumber, ZERO_CENTS, ZERO_CREDITS, type Cents, type Credits, type IsoDate } from './units.ts';
import { overBudget, spendAhead } from './engine/report.ts';

export interface MonthBurn {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly total: Credits;
  readonly byFeature: Readonly<Partial<Record<FeatureId, Credits>>>;
  /** Free videos taken on Free that month (they cost no credits). */
  readonly freeVideos: number;
}

/** A date ahead and how many days away it is. */
export interface DaysAhead {
  readonly on: IsoDate;
  readonly inDays: number;
}

/** The line every screen shows at its top: what is about to happen to the credits. */
export interface Glance {
  /** The next credits lost if nothing more is used (expired, or forfeited by a cancel). */
  readonly expiring: (DaysAhead & { readonly credits: Credits; readonly forfeited: boolean }) | null;
  /** The next monthly allocation (the renewal too on monthly billing). */
  readonly nextCredits: DaysAhead | null;
  /** The next charge of the plan: the renewal (the year's on annual billing), or the day a scheduled cancel ends it. */
  readonly renewal: (DaysAhead & { readonly annual: boolean; readonly ends: boolean }) | null;
  /** Credits used a month lately, to the whole credit. */
  readonly burnPerMonth: Credits;
  /** On Free: the free videos left of the quota (a total, not a monthly one). */
  readonly freeVideos: { readonly left: number; readonly quota: number } | null;
  /** The months of the forecast's horizon whose charges and expected auto-reloads go over the monthly budget (null: no budget set, or none over). */
  readonly overBudget: { readonly cents: Cents; readonly months: readonly string[] } | null;
}

/** Credits held today of one kind expiring on one day (null: never). */
export interface LotBand {
  readonly kind: LotKind;
  readonly expiresOn: IsoDate | null;
}

/**
 * What the dashboard's charts plot, ready-made: a few dozen points each however
 * long the account's history or the forecast's horizon, so the window draws
 * them without grouping or sorting anything.
 */
export interface DashboardCharts {
  /** The credits held from today on: one band per kind and expiry (first to expire first), the stack on today, each expiry, and the horizon if some never expire. */
  readonly lots: { readonly bands: readonly LotBand[]; readonly points: readonly { readonly date: IsoDate; readonly credits: readonly Credits[] }[] };
  /** The balance ahead: each day up to four months; beyond, each week and each day a line turns (`projectionDrawn`). */
  readonly forecast: readonly ProjectionPoint[];
  /** The renewal and the run-out where they fall within the projection, else null. */
  readonly forecastMarks: { readonly renewal: IsoDate | null; readonly runOut: IsoDate | null };
  /** The last 12 months with usage: the features used (rate card order), and each month's credits in that order. */
  readonly burn: { readonly features: readonly FeatureId[]; readonly months: readonly { readonly month: string; readonly credits: readonly Credits[] }[] };
  /** The last 12 months with charges, and what was charged in each. */
  readonly charges: readonly { readonly month: string; readonly amount: Cents }[];
}

/** Who used the credits this cycle: each member's credits (the engine's costs), and on Business the members seen against the seats paid. */
export interface MemberBurn {
  /** The cycle's start; the usages from it to the view's date count. */
  readonly since: IsoDate;
  /** Most credits first; the usages that name nobody last (`member: null`). */
  readonly rows: readonly MemberUse[];
  /** On Business: the members named this cycle, and the seats paid (the first one included); null on other plans. */
  readonly seats: { readonly seen: number; readonly paid: number } | null;
}

export interface AccountView {
  readonly at: IsoDate;
  readonly eventCount: number;
  readonly usageCount: number;
  readonly ledger: Omit<Ledger, 'usageCosts' | 'usageFreeVideos'>;
  /** The forecast's figures; its day-by-day projection is drawn from `charts.forecast`. */
  readonly forecast: Omit<Forecast, 'ledger' | 'projection'>;
  /** Credits spent on usages, per calendar month and feature (refused usages excluded). */
  readonly burnByMonth: readonly MonthBurn[];
  readonly projects: readonly string[];
  /** Every member a usage names (`by`), one name each as first written, sorted. */
  readonly members: readonly string[];
  /** This cycle's credits per member; null with no plan, or when no usage names a member (or from a snapshot's head, which keeps no usages). */
  readonly memberBurn: MemberBurn | null;
  /** Credits used so far this cycle, and in the same number of days from the start of the cycle before (as the schedule has it; null in a first cycle). */
  readonly cycleBurn: { readonly since: IsoDate; readonly used: Credits; readonly lastSince: IsoDate; readonly lastUntil: IsoDate; readonly lastUsed: Credits } | null;
  readonly glance: Glance;
  readonly charts: DashboardCharts;
}

/** A projection up to this many days is drawn day by day; a longer one a point a week, and every day the line turns. */
const DAILY_DAYS = 124;
/** A change in a line's daily step this large (one credit) is a turn to keep: a renewal, an expiry, running out. */
const TURN = CREDIT_UNITS;
const CHART_MONTHS = 12;

/**
 * The projection's days to draw: all of a short one. Of a long one, the first
 * and last days, every 7th day, and each day where a line turns, so the
 * straight stretches between (an even burn) lose nothing and the jumps stay
 * sharp: a few hundred points for two years instead of 730.
 */
export function projectionDrawn(projection: readonly ProjectionPoint[]): readonly ProjectionPoint[] {
  if (projection.length <= DAILY_DAYS) return projection;
  const last = projection.length - 1;
  const turns = (k: number) =>
    (['balance', 'low', 'high'] as const).some((line) => Math.abs(projection[k + 1]![line] - 2 * projection[k]![line] + projection[k - 1]![line]) >= TURN);
  return projection.filter((_, k) => k === 0 || k === last || k % 7 === 0 || turns(k));
}

function chartsOf(ledger: AccountView['ledger'], projection: readonly ProjectionPoint[], forecast: AccountView['forecast'], burnByMonth: readonly MonthBurn[], at: IsoDate): DashboardCharts {
  const groups = new Map<string, LotBand & { remaining: Credits }>();
  for (const l of ledger.lots) {
    const key = `${l.kind}|${l.expiresOn ?? ''}`;
    const g = groups.get(key) ?? { kind: l.kind, expiresOn: l.expiresOn, remaining: ZERO_CREDITS };
    g.remaining = creditsAdd(g.remaining, l.remaining);
    groups.set(key, g);
  }
  const bands = [...groups.values()].sort((a, b) => (a.expiresOn ?? '9999').localeCompare(b.expiresOn ?? '9999') || a.kind.localeCompare(b.kind));
  const cliffs = [...new Set(bands.flatMap((b) => (b.expiresOn ? [b.expiresOn] : [])))].sort();
  const until = projection.at(-1)?.date ?? at;
  // Credits that never expire are drawn to the horizon, not to a single day.
  const lasting = bands.some((b) => b.expiresOn === null) && until > (cliffs.at(-1) ?? at);
  const lotDates = bands.length === 0 ? [] : [at, ...cliffs, ...(lasting ? [until] : [])];
  const onChart = (date: IsoDate | null) => (date !== null && date <= until ? date : null);
  const recent = burnByMonth.slice(-CHART_MONTHS);
  const used = new Set(recent.flatMap((m) => Object.keys(m.byFeature)));
  const features = RATE_CARD_2026_11.rates.filter((r) => used.has(r.id)).map((r) => r.id);
  const charged = new Map<string, Cents>();
  for (const c of ledger.charges) charged.set(monthOf(c.date), centsAdd(charged.get(monthOf(c.date)) ?? ZERO_CENTS, c.amount));
  return {
    lots: {
      bands: bands.map(({ kind, expiresOn }) => ({ kind, expiresOn })),
      points: lotDates.map((date) => ({ date, credits: bands.map((b) => (b.expiresOn === null || date < b.expiresOn ? b.remaining : ZERO_CREDITS)) })),
    },
    forecast: projectionDrawn(projection),
    forecastMarks: { renewal: onChart(forecast.renewalOn), runOut: onChart(forecast.runOutOn) },
    burn: { features, months: recent.map((m) => ({ month: m.month, credits: features.map((f) => m.byFeature[f] ?? ZERO_CREDITS) })) },
    charges: [...charged.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(-CHART_MONTHS)
      .map(([month, amount]) => ({ month, amount })),
  };
}

function glanceOf(ledger: Omit<Ledger, 'usageCosts' | 'usageFreeVideos'>, forecast: AccountView['forecast'], at: IsoDate, overBudget: Glance['overBudget']): Glance {
  const ahead = (on: IsoDate): DaysAhead => ({ on, inDays: daysBetween(at, on) });
  const next = forecast.expiring[0];
  const plan = ledger.plan;
  return {
    expiring: next ? { ...ahead(next.date), credits: next.credits, forfeited: next.forfeited > 0 && next.expired === 0 } : null,
    nextCredits: plan && PLANS[plan.choice.plan].creditBased && plan.pending?.kind !== 'cancel' ? ahead(plan.nextCycleStart) : null,
    renewal: plan ? { ...ahead(plan.pending?.kind === 'cancel' ? plan.pending.on : plan.nextChargeOn), annual: plan.choice.billing === 'annual', ends: plan.pending?.kind === 'cancel' } : null,
    burnPerMonth: creditsFromWhole(Math.round(creditsToNumber(forecast.burn.perMonth))),
    freeVideos: plan ? null : { left: Math.max(0, ledger.freeVideos.quota - ledger.freeVideos.used), quota: ledger.freeVideos.quota },
    overBudget,
  };
}

/** Credits of the usages on days `from`…`to` (inclusive), from the replay's totals by day. */
function usedBetween(byDay: DayTotals, from: IsoDate, to: IsoDate): Credits {
  return creditsOf(daySum(byDay, dateAddDays(from, -1), to));
}

/** What a view is drawn from: the account's state on any date from the first event's on, and what it holds besides. */
export interface ViewSource {
  readonly stateAt: StateSource;
  /** The first event's date (the account's start), null when it has none. */
  readonly firstDate: IsoDate | null;
  readonly events: number;
  readonly usages: number;
  /** The projects its usages name. */
  readonly projects: Iterable<string>;
  /** How many usages name each member, by the name as written. */
  readonly members: ReadonlyMap<string, number>;
  /** The usages dated `from`…`to` by member (named as in `names`); absent where the usages are not at hand (a snapshot's head). */
  readonly memberUse?: (from: IsoDate, to: IsoDate, names: readonly string[]) => readonly MemberUse[];
}

/** The months ahead over a monthly budget, as the Reports screen counts them (null: no budget, or none over). */
function overBudgetOf(source: ViewSource, at: IsoDate, months: number, budget: Cents | null): Glance['overBudget'] {
  if (budget === null) return null;
  const over = overBudget(spendAhead(source.firstDate ?? at, at, months, source.stateAt), budget);
  return over.length > 0 ? { cents: budget, months: over } : null;
}

/** The view on `at` of an account (the forecast's horizon: `months`, the monthly budget: `budget`), from what `source` gives of it. */
export function viewOf(source: ViewSource, at: IsoDate, months = 3, budget: Cents | null = null): AccountView {
  const s = source.stateAt(at);
  const { ledger, projection, ...rest } = forecastOf(s, at, months, source.firstDate ?? at);
  const { usageCosts, usageFreeVideos, ...ledgerRest } = ledger;
  const totals = s.usage!;
  // This cycle so far, and the same number of days from the start of the cycle before.
  const plan = ledger.plan;
  const lastSince = plan?.previousCycleStart ?? null;
  const lastUntil = plan && lastSince ? minDate(dateAddDays(lastSince, daysBetween(plan.cycleStart, at)), dateAddDays(plan.cycleStart, -1)) : null;
  const cycleBurn: AccountView['cycleBurn'] =
    plan && lastSince && lastUntil ? { since: plan.cycleStart, used: usedBetween(totals.byDay, plan.cycleStart, at), lastSince, lastUntil, lastUsed: usedBetween(totals.byDay, lastSince, lastUntil) } : null;
  const members = memberNames(source.members);
  const memberUse = plan && members.length > 0 ? source.memberUse?.(plan.cycleStart, at, members) : undefined;
  const memberBurn: MemberBurn | null =
    plan && memberUse
      ? { since: plan.cycleStart, rows: memberUse, seats: plan.choice.plan === 'business' ? { seen: memberUse.filter((m) => m.member !== null).length, paid: plan.seats } : null }
      : null;
  const burnByMonth = [...totals.byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, m]) => ({ month, total: m.total, byFeature: { ...m.byFeature }, freeVideos: m.freeVideos }));
  return {
    at,
    eventCount: source.events,
    usageCount: source.usages,
    ledger: ledgerRest,
    forecast: rest,
    burnByMonth,
    projects: [...source.projects].sort(),
    members,
    memberBurn,
    cycleBurn,
    glance: glanceOf(ledgerRest, rest, at, overBudgetOf(source, at, months, budget)),
    charts: chartsOf(ledgerRest, projection, rest, burnByMonth, at),
  };
}

/** The view on `at` from an account's replay (the forecast's horizon: `months`, the monthly budget: `budget`); the replay has checked every event. */
export function accountViewOf(replay: Replay, at: IsoDate, months = 3, budget: Cents | null = null): AccountView {
  const source: ViewSource = {
    stateAt: (date) => replayStateAt(replay, date),
    firstDate: replayDateAt(replay, 0),
    events: replay.account.events.length,
    usages: replay.usages,
    projects: replay.projects.keys(),
    members: replay.members,
    memberUse: (from, to, names) => memberUseBetween(replay, from, to, names),
  };
  return viewOf(source, at, months, budget);
}

/**
 * The view on `at` from a snapshot's head alone (the state after every event, and what the account holds besides),
 * as `accountViewOf` draws it from the replay; null when an event is dated after `at` (the head has no state before).
 */
export function snapshotViewOf(t: SnapshotTip, at: IsoDate, months = 3, budget: Cents | null = null): AccountView | null {
  if (t.lastDate !== null && t.lastDate > at) return null;
  const source: ViewSource = { stateAt: (date) => tipStateAt(t.tip, t.tip.usageCosts, date), firstDate: t.firstDate, events: t.events, usages: t.usages, projects: t.projects.keys(), members: t.members };
  return viewOf(source, at, months, budget);
}

/** The view of an account on a date (the forecast's horizon: `months`). */
export function accountView(account: Account, at: IsoDate, months = 3, budget: Cents | null = null): Result<AccountView> {
  return attempt(() => accountViewOf(replayBuild(account), at, months, budget));
}
