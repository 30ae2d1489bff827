/**
 * The pipeline: planned projects on the calendar against the projected balance.
 * The future is replayed with the same rules as the past (cycle starts,
 * expiries, auto-reload), spending each project's quote on its date; only the
 * planned projects are spent (other usage is not projected here).
 */
import { PLANS, PRO_LADDER } from '../catalog/plans.ts';
import { dateAddDays, dateAddMonths, daysBetween } from '../dates.ts';
import { attempt, type Result } from '../errors.ts';
import type { Account } from '../formats/account.ts';
import type { Project } from '../formats/project.ts';
import { numberLabel, usdLabel } from '../text.ts';
import { creditsToNumber, type Credits, type IsoDate } from '../units.ts';
import { measureCost } from './cost.ts';
import { proMonthlyPrice } from './pricing.ts';
import { advanceTo, consumeCredits, replayValidated } from './replay.ts';
import { stateFork } from './state.ts';

export interface PipelineProject {
  readonly id: string | undefined;
  readonly name: string;
  readonly date: IsoDate;
  readonly credits: Credits;
  readonly fits: boolean;
  readonly shortfall: Credits;
  readonly balanceBefore: Credits;
}

export interface Pipeline {
  readonly at: IsoDate;
  readonly until: IsoDate;
  readonly projects: readonly PipelineProject[];
  /** Credits that expire (or are forfeited) unused even after every planned project. */
  readonly unusedExpiring: readonly { readonly date: IsoDate; readonly credits: Credits }[];
  readonly renewals: readonly IsoDate[];
  /** The balance at the end of each day. */
  readonly balance: readonly { readonly date: IsoDate; readonly balance: Credits }[];
  readonly suggestions: readonly string[];
}

export function pipelineCompute(account: Account, projects: readonly Project[], at: IsoDate, months = 3): Result<Pipeline> {
  return attempt(() => {
    const state = replayValidated(account, at);
    const card = state.catalog.card;
    const ahead = projects.filter((p) => p.date > at).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const last = ahead.at(-1)?.date;
    const horizon = dateAddMonths(at, months);
    const until = last && last > horizon ? last : horizon;
    const fork = stateFork(state);
    const renewals: IsoDate[] = [];
    const balance: { date: IsoDate; balance: Credits }[] = [];
    const results: PipelineProject[] = [];
    let next = 0;
    for (let k = 1; k <= daysBetween(at, until); k++) {
      const date = dateAddDays(at, k);
      const cycleBefore = fork.sub?.cycle;
      advanceTo(fork, date);
      if (fork.sub && fork.sub.cycle !== cycleBefore && fork.sub.cycleStart === date) renewals.push(date);
      while (next < ahead.length && ahead[next]!.date === date) {
        const project = ahead[next++]!;
        let credits = 0;
        for (const line of project.lines) credits += measureCost(card, line, state.catalog.rounding);
        const before = fork.balance;
        const onCredits = fork.sub !== null && PLANS[fork.sub.choice.plan].creditBased;
        const shortfall = onCredits ? consumeCredits(fork, date, credits as Credits) : (credits as Credits);
        results.push({ id: project.id, name: project.name, date, credits: credits as Credits, fits: shortfall === 0, shortfall, balanceBefore: before });
      }
      balance.push({ date, balance: fork.balance });
    }
    const unusedExpiring = [...fork.expirations, ...fork.forfeits].filter((e) => e.credits > 0).sort((a, b) => (a.date < b.date ? -1 : 1)).map((e) => ({ date: e.date, credits: e.credits }));

    const suggestions: string[] = [];
    for (const lost of unusedExpiring) {
      const later = results.find((p) => p.date >= lost.date && p.fits);
      if (later) {
        const used = Math.min(lost.credits, later.credits) as Credits;
        suggestions.push(`Pull “${later.name}” (planned ${later.date}) before ${lost.date}: it would use ${numberLabel(creditsToNumber(used))} of the ${numberLabel(creditsToNumber(lost.credits))} credits that expire then.`);
      }
    }
    const short = results.filter((p) => !p.fits);
    const plan = state.sub?.choice;
    if (short.length > 0 && plan) {
      const worst = Math.max(...short.map((p) => p.shortfall));
      const needed = Math.ceil(creditsToNumber(worst as Credits));
      if (plan.plan === 'business') {
        suggestions.push(`Buy ${Math.ceil(needed / 100)} add-on blocks (${usdLabel(Math.ceil(needed / 100) * 500)}) before “${short[0]!.name}”, or turn on auto-reload.`);
      } else {
        const tier = PRO_LADDER.sizes.find((size) => size >= Math.max(plan.credits, PRO_LADDER.minCredits) + needed);
        if (tier) {
          const price = proMonthlyPrice(tier, state.catalog.proTiers);
          suggestions.push(`Move to Pro ${numberLabel(tier)} (${usdLabel(price.cents)}/month${price.estimated ? ', estimated' : ''}) before “${short[0]!.name}”: ${numberLabel(needed)} more credits are needed.`);
        }
      }
    }
    return { at, until, projects: results, unusedExpiring, renewals, balance, suggestions };
  });
}
