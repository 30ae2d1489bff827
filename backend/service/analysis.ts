/** The account read forward and in money: a project quoted, the pipeline of planned projects, the report, plans compared. */
import type { LadderPoint } from '../../shared/api.ts';
import { PLANS, type Billing } from '../../shared/catalog/plans.ts';
import { compareCredits, compareHistory, proTierSizes, type HistoryComparison } from '../../shared/engine/compare.ts';
import { pipelineCompute, projectFitCompute } from '../../shared/engine/pipeline.ts';
import { tierPricesFromFile } from '../../shared/engine/pricing.ts';
import { quoteCompute } from '../../shared/engine/quote.ts';
import { reportCompute } from '../../shared/engine/report.ts';
import { ExpectedError } from '../../shared/errors.ts';
import { reportCsv } from '../../shared/formats/reportCsv.ts';
import type { Handlers, Input } from './handlers.ts';
import { cacheKey, sessionCached, sessionReplay, sessionStates, type Session } from './session.ts';

function quoteRun(s: Session, { project, plan, retryFactor }: Input<'quote-run'>) {
  const account = s.data.account.events.length ? s.data.account : undefined;
  const r = quoteCompute(project, { plan, retryFactor, account, stateAt: sessionStates(s) });
  if (!r.ok) throw new ExpectedError(r.error);
  const fit = account ? projectFitCompute(account, s.data.projects, project, s.today(), sessionStates(s)) : null;
  if (fit && !fit.ok) throw new ExpectedError(fit.error);
  return { ...r.value, fit: fit ? fit.value : null };
}

function pipelineGet(s: Session, { months }: Input<'pipeline-get'>) {
  if (s.data.account.events.length === 0) return null;
  const r = pipelineCompute(s.data.account, s.data.projects, s.today(), months ?? s.data.settings.forecastMonths, sessionStates(s));
  if (!r.ok) throw new ExpectedError(r.error);
  return r.value;
}

function reportGet(s: Session, { by, months }: Input<'report-get'>) {
  if (s.data.account.events.length === 0) return null;
  const replay = sessionReplay(s);
  const r = reportCompute(replay.account, s.today(), by ?? 'project', months ?? s.data.settings.forecastMonths, s.data.settings.monthlyBudget, sessionStates(s), replay);
  if (!r.ok) throw new ExpectedError(r.error);
  return { report: r.value, csv: { text: `${reportCsv(r.value)}\n`, fileName: `credit-companion-report-by-${r.value.by}-${s.today()}.csv` } };
}

/** The comparison of the account's own months: the dashboard and Compare ask the same. */
const COMPARED = cacheKey<HistoryComparison>('history compared');

function historyCompared(s: Session, months: number, billing: Billing): HistoryComparison {
  return sessionCached(s, COMPARED, [months, billing], () => {
    const replay = sessionReplay(s);
    const history = compareHistory(replay.account, s.today(), months, billing, sessionStates(s), replay);
    if (!history.ok) throw new ExpectedError(history.error);
    return history.value;
  });
}

function compareRun(s: Session, { credits, billing, months }: Input<'compare-run'>) {
  const history = s.data.account.events.length ? historyCompared(s, months ?? 3, billing ?? 'monthly') : null;
  const tiers = tierPricesFromFile(s.data.account.proTiers);
  // From 100 credits a month (Creator's range is a segment, not a dot) through the figure asked about, so the chart can mark it.
  const sizes = [...new Set([100, credits ?? 100, PLANS.creator.monthlyCredits ?? 600, ...proTierSizes(tiers)])].sort((a, b) => a - b);
  const ladder = sizes.map((size): LadderPoint => {
    const options = compareCredits(size, billing ?? 'monthly', tiers).options;
    const pro = options.find((o) => o.plan === 'pro');
    return { credits: size, creator: options.find((o) => o.plan === 'creator')?.monthly ?? null, pro: pro?.monthly ?? null, proEstimated: pro?.estimated ?? false, business: options.find((o) => o.plan === 'business')!.monthly };
  });
  return { credits: credits === undefined ? null : compareCredits(credits, billing ?? 'monthly', tiers), history, ladder };
}

export const analysisHandlers: Handlers<'quote-run' | 'pipeline-get' | 'report-get' | 'compare-run'> = {
  'quote-run': quoteRun,
  'pipeline-get': pipelineGet,
  'report-get': reportGet,
  'compare-run': compareRun,
};
