/**
 * The pipeline: planned projects on the calendar against the projected balance.
 * The future is replayed with the same rules as the past (cycle starts,
 * expiries, auto-reload) on a fork of the state, spending the forecast's burn
 * evenly over the days (as the dashboard's forecast does) and each project's
 * credits on its date. A project fits when the balance covers it and the plan
 * in force that day can make it (video length, export, custom avatars).
 */
import { BUSINESS, PLANS } from '../catalog/plans.ts';
import { dateAddDays, dateAddMonths, daysBetween, maxDate } from '../dates.ts';
import { attempt, type Result } from '../errors.ts';
import type { Account } from '../formats/account.ts';
import type { Project } from '../formats/project.ts';
import { centsOf, creditsMax, creditsMin, creditsShort, creditsSum, creditsToNumber, ZERO_CREDITS, type Cents, type Credits, type IsoDate } from '../units.ts';
import { compareCredits, type CompareOption } from './compare.ts';
import { BURN_WINDOW_MONTHS, burnOf, evenBurnDue, firstDateOf } from './forecast.ts';
import { eventChangePlan } from './planChange.ts';
import { limitFindings, quoteLines, type Finding } from './quote.ts';
import { advanceTo, consumeCredits, fullReplay, type StateSource } from './replay.ts';
import { stateFork, type Said, type State } from './state.ts';

/**
 * Whether a planned project's credits are there on its date, said both ways:
 * the same data on Projects (a quote) and Pipeline, so the two say one thing.
 */
export interface ProjectFit {
  readonly date: IsoDate;
  /** If nothing else is used before it: the balance on its date (the calendar's grants and expiries, the events logged up to then), and how far short of it the project falls. */
  readonly alone: { readonly balance: Credits; readonly shortfall: Credits };
  /** With the regular burn spread over the days and the planned projects before it, as the pipeline runs: the balance before it and how far short it falls; null for a project dated today or earlier. */
  readonly atPace: { readonly balance: Credits; readonly shortfall: Credits } | null;
  /** The pace: credits a month, read from `since` on; `months` when that is the whole window (3 months), null for a younger account. */
  readonly pace: { readonly perMonth: Credits; readonly since: IsoDate; readonly months: number | null };
}

export interface PipelineProject {
  readonly id: string | undefined;
  readonly name: string;
  readonly date: IsoDate;
  readonly credits: Credits;
  /** The balance at the pace covers it and the plan in force that day can make it. */
  readonly fits: boolean;
  /** What the plan in force that day cannot make (video length, export, avatars; on Free, the quota). */
  readonly findings: readonly Finding[];
  /** Its credits, if nothing else is used and at the pace; null on a plan without credits that day (Free, legacy). */
  readonly fit: ProjectFit | null;
}

/** A project as the run met it: its credits at the pace, before either reading is put together. */
type Outcome = Omit<PipelineProject, 'fit'> & { readonly shortfall: Credits; readonly balanceBefore: Credits };

/** What the pipeline suggests changing, as data (the edges word it). */
export type Suggestion =
  | Said<'pull', { readonly project: string; readonly planned: IsoDate; readonly before: IsoDate; readonly uses: Credits; readonly expiring: Credits }>
  | Said<'buy-blocks', { readonly blocks: number; readonly price: Cents; readonly project: string }>
  | Said<'no-plan', { readonly project: string; readonly finding: Finding }>
  | Said<'move', { readonly option: Pick<CompareOption, 'label' | 'monthly' | 'estimated'>; readonly projects: readonly string[]; readonly today: Cents }>;

export interface Pipeline {
  readonly at: IsoDate;
  readonly until: IsoDate;
  /** The regular burn spent besides the projects: the forecast's, per month. */
  readonly burnPerMonth: Credits;
  readonly projects: readonly PipelineProject[];
  /** Credits that expire (or are forfeited) unused even after every planned project. */
  readonly unusedExpiring: readonly { readonly date: IsoDate; readonly credits: Credits }[];
  readonly renewals: readonly IsoDate[];
  /** The balance at the end of each day. */
  readonly balance: readonly { readonly date: IsoDate; readonly balance: Credits }[];
  readonly suggestions: readonly Suggestion[];
}

interface Run {
  readonly projects: Outcome[];
  readonly renewals: IsoDate[];
  readonly balance: { date: IsoDate; balance: Credits }[];
  readonly fork: State;
}

/** What the plan in force on the fork cannot make of a project (legacy unlimited sets no limit), and on Free whether the quota takes it (used if so). */
function planFindings(fork: State, project: Project): Finding[] {
  const lines = quoteLines(project, fork.catalog);
  const sub = fork.sub;
  if (sub) {
    const slots = sub.monthlySlots + sub.annualSlots.reduce((n, g) => n + g.count, 0);
    return limitFindings(project, lines, sub.choice.plan, fork.catalog, slots);
  }
  const findings = limitFindings(project, lines, 'free', fork.catalog, 0);
  const videos = lines.reduce((n, l) => n + l.videos, 0);
  const left = fork.catalog.freeQuota.videos - fork.freeVideosUsed;
  if (videos > left) findings.push({ rule: 'free-quota', params: { videos, left }, allowedBy: 'creator' });
  if (findings.length === 0) fork.freeVideosUsed += videos;
  return findings;
}

/** Replay the days after `at` up to `until` on `fork`: the regular burn each day, then that day's projects. */
function run(fork: State, at: IsoDate, until: IsoDate, perMonth: Credits, ahead: readonly Project[]): Run {
  const renewals: IsoDate[] = [];
  const balance: { date: IsoDate; balance: Credits }[] = [];
  const projects: Outcome[] = [];
  let next = 0;
  for (let k = 1; k <= daysBetween(at, until); k++) {
    const date = dateAddDays(at, k);
    advanceTo(fork, date);
    // Every day is stepped on, and no event comes after `at`: a cycle starts on a day exactly when the day is its start.
    if (fork.sub?.cycleStart === date) renewals.push(date);
    const onCredits = fork.sub !== null && PLANS[fork.sub.choice.plan].creditBased;
    // The day's burn, or what is left of the balance if it falls short (a plan without credits holds none: a cancel forfeits every lot, legacy has none).
    const due = evenBurnDue(perMonth, k);
    if (due > 0 && consumeCredits(fork, date, due) > 0) consumeCredits(fork, date, fork.balance);
    while (next < ahead.length && ahead[next]!.date === date) {
      const project = ahead[next++]!;
      const credits = creditsSum(quoteLines(project, fork.catalog).map((l) => l.credits));
      const before = fork.balance;
      const findings = planFindings(fork, project);
      const shortfall = onCredits ? consumeCredits(fork, date, credits) : ZERO_CREDITS;
      projects.push({ id: project.id, name: project.name, date, credits, fits: shortfall === 0 && findings.length === 0, shortfall, findings, balanceBefore: before });
    }
    balance.push({ date, balance: fork.balance });
  }
  return { projects, renewals, balance, fork };
}

/**
 * The cheapest plan change, made today, on which `target` fits (with every
 * project before it spent too): each option of the comparison, cheapest a month
 * first, replayed with the real rules of a change (an upgrade at once, a
 * downgrade at the next cycle start, from Free a new subscription).
 */
function cheapestChange(state: State, at: IsoDate, perMonth: Credits, ahead: readonly Project[], target: number): { option: CompareOption; today: number } | null {
  const current = state.sub?.choice;
  const billing = current?.billing ?? 'monthly';
  for (const option of compareCredits(1, billing, state.catalog.proTiers).options) {
    if (current && current.plan === option.plan && current.credits === option.credits) continue;
    const fork = stateFork(state);
    // The comparison priced each option, so none is refused; each names its monthly credits (Creator's and Business's, their plan's).
    // Stryker disable next-line UnaryOperator: the event's index only labels the fork's notes, which the pipeline never reads.
    eventChangePlan(fork, { date: at, type: 'change-plan', plan: option.plan, billing, credits: option.credits }, -1);
    // The run stops at the target's date: the projects after it are never reached.
    if (!run(fork, at, ahead[target]!.date, perMonth, ahead).projects[target]!.fits) continue;
    return { option, today: fork.charges.filter((c) => c.date === at).reduce((n, c) => n + c.amount, 0) };
  }
  return null;
}

/** The planned projects after `at`, in the order the pipeline spends them: by date, in the list's order within a day. */
function plannedAhead(projects: readonly Project[], at: IsoDate): Project[] {
  return projects.filter((p) => p.date > at).sort((a, b) => daysBetween(b.date, a.date));
}

/** The pace the pipeline spends between projects: the forecast's burn, and the window it was read over. */
function paceOf(account: Account, state: State, at: IsoDate): ProjectFit['pace'] {
  const burn = burnOf(state, at, firstDateOf(account, at));
  return { perMonth: burn.perMonth, since: dateAddDays(burn.since, 1), months: burn.since === dateAddMonths(at, -BURN_WINDOW_MONTHS) ? BURN_WINDOW_MONTHS : null };
}

/** Both readings of a project's credits: the balance on its date if nothing else is used, and the run's at the pace (null: not run); null on a plan without credits that day. */
function fitOf(stateAt: StateSource, date: IsoDate, credits: Credits, atPace: ProjectFit['atPace'], pace: ProjectFit['pace']): ProjectFit | null {
  const s = stateAt(date);
  if (!s.sub || !PLANS[s.sub.choice.plan].creditBased) return null;
  return { date, alone: { balance: s.balance, shortfall: creditsShort(credits, s.balance) }, atPace, pace };
}

/**
 * Whether `project` fits, said both ways, as the pipeline says it with the
 * planned `projects` (the one with its id replaced by it; a new one after those
 * of its date): the quote of a project being edited reads what the pipeline
 * will say once it is saved. Null on a plan without credits that day.
 */
export function projectFitCompute(account: Account, projects: readonly Project[], project: Project, at: IsoDate, stateAt: StateSource = fullReplay(account)): Result<ProjectFit | null> {
  return attempt(() => {
    const state = stateAt(at);
    const pace = paceOf(account, state, at);
    const credits = creditsSum(quoteLines(project, state.catalog).map((l) => l.credits));
    if (project.date <= at) return fitOf(stateAt, project.date, credits, null, pace);
    const listed = project.id !== undefined && projects.some((p) => p.id === project.id);
    const ahead = plannedAhead(listed ? projects.map((p) => (p.id === project.id ? project : p)) : [...projects, project], at);
    const outcome = run(stateFork(state), at, project.date, pace.perMonth, ahead).projects[ahead.indexOf(project)]!;
    return fitOf(stateAt, project.date, credits, { balance: outcome.balanceBefore, shortfall: outcome.shortfall }, pace);
  });
}

export function pipelineCompute(account: Account, projects: readonly Project[], at: IsoDate, months = 3, stateAt: StateSource = fullReplay(account)): Result<Pipeline> {
  return attempt(() => {
    const state = stateAt(at);
    const pace = paceOf(account, state, at);
    const perMonth = pace.perMonth;
    const ahead = plannedAhead(projects, at);
    const last = ahead.at(-1)?.date;
    const horizon = dateAddMonths(at, months);
    const until = last ? maxDate(last, horizon) : horizon;
    const { projects: outcomes, renewals, balance, fork } = run(stateFork(state), at, until, perMonth, ahead);
    // Each holds only dates that lost credits, in date order; a forfeit ends the plan, so no expiry comes after it.
    const unusedExpiring = [...fork.expirations, ...fork.forfeits].map((e) => ({ date: e.date, credits: e.credits }));

    const suggestions: Suggestion[] = [];
    for (const lost of unusedExpiring) {
      const later = outcomes.find((p) => p.date >= lost.date && p.fits);
      if (later) {
        const used = creditsMin(lost.credits, later.credits);
        suggestions.push({ code: 'pull', params: { project: later.name, planned: later.date, before: lost.date, uses: used, expiring: lost.credits } });
      }
    }
    if (state.sub?.choice.plan === 'business') {
      // Only a project that does not fit falls short.
      const worst = outcomes.reduce((most, p) => creditsMax(most, p.shortfall), ZERO_CREDITS);
      const blocks = Math.ceil(Math.ceil(creditsToNumber(worst)) / BUSINESS.block.credits);
      const first = outcomes.find((p) => p.shortfall > 0);
      if (first) suggestions.push({ code: 'buy-blocks', params: { blocks, price: centsOf(blocks * BUSINESS.block.price), project: first.name } });
    }
    // One suggestion per plan, naming every project it makes fit.
    const changes = new Map<string, { option: CompareOption; today: number; names: string[] }>();
    for (const [i, target] of outcomes.entries()) {
      if (target.fits) continue;
      const change = cheapestChange(state, at, perMonth, ahead, i);
      if (change) {
        const same = changes.get(change.option.label);
        if (same) same.names.push(target.name);
        else changes.set(change.option.label, { ...change, names: [target.name] });
      } else if (target.findings.length > 0) suggestions.push({ code: 'no-plan', params: { project: target.name, finding: target.findings[0]! } });
    }
    for (const { option, today, names } of changes.values()) {
      suggestions.push({ code: 'move', params: { option: { label: option.label, monthly: option.monthly, estimated: option.estimated }, projects: names, today: centsOf(today) } });
    }
    const results = outcomes.map(({ shortfall, balanceBefore, ...p }): PipelineProject => ({ ...p, fit: fitOf(stateAt, p.date, p.credits, { balance: balanceBefore, shortfall }, pace) }));
    return { at, until, burnPerMonth: perMonth, projects: results, unusedExpiring, renewals, balance, suggestions };
  });
}
