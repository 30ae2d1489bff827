/** The command line's JSON: the public contract of FORMATS.md, numbers plain (credits may have decimals, USD to the cent). */
import type { HistoryComparison, Comparison, CompareOption } from '../shared/engine/compare.ts';
import type { Forecast } from '../shared/engine/forecast.ts';
import type { Quote } from '../shared/engine/quote.ts';
import type { Report, Valued } from '../shared/engine/report.ts';
import { reportRows } from '../shared/formats/reportCsv.ts';
import type { Project } from '../shared/formats/project.ts';
import { centsToUsd, creditsToNumber as c, type Cents } from '../shared/units.ts';
import { FILE_WORDS, findingText } from '../shared/wording.ts';

export function forecastJson(f: Forecast) {
  return {
    at: f.at,
    months: f.months,
    balance: c(f.ledger.balance),
    burnPerMonth: c(f.burn.perMonth),
    burnRange: { p10: c(f.burn.p10), p50: c(f.burn.p50), p90: c(f.burn.p90), windows: f.burn.windows },
    expiring: f.expiring.map((e) => ({ date: e.date, credits: c(e.credits), expired: c(e.expired), forfeited: c(e.forfeited) })),
    runOutOn: f.runOutOn,
    renewalOn: f.renewalOn,
    runsOutBeforeRenewal: f.runsOutBeforeRenewal,
    endsOn: f.endsOn,
  };
}

export function quoteJson(project: Project, q: Quote) {
  return {
    name: project.name,
    date: project.date,
    plan: q.plan?.label ?? null,
    credits: c(q.credits),
    ...(q.retryFactor !== 1 ? { creditsHigh: c(q.creditsHigh), retryFactor: q.retryFactor } : {}),
    lines: q.lines.map((l) => ({ feature: l.feature, credits: c(l.credits), videos: l.videos, ...(l.seconds !== undefined ? { seconds: l.seconds } : { count: l.count }), rate: l.rate })),
    findings: q.findings.map((f) => ({ rule: f.rule, message: findingText(f, FILE_WORDS), ...(f.line !== undefined ? { line: f.line } : {}), allowedBy: f.allowedBy })),
    cost: q.cost ? { amount: centsToUsd(q.cost.amount), perCredit: Math.round(q.cost.perCredit * 1e6) / 1e6, basis: q.cost.basis, estimated: q.cost.estimated } : null,
    ...(q.account
      ? {
          fits: q.account.fits,
          balance: c(q.account.balance),
          shortfall: c(q.account.shortfall),
          draws: q.account.draws.map((d) => ({ credits: c(d.credits), grantedOn: d.grantedOn, expiresOn: d.expiresOn, kind: d.kind })),
        }
      : {}),
  };
}

function optionJson(o: CompareOption) {
  return { plan: o.plan, credits: o.credits, monthly: centsToUsd(o.monthly), estimated: o.estimated, label: o.label, billing: o.billing, blocks: o.blocks, basis: o.basis, assumptions: o.assumptions };
}

export function compareJson(cmp: Comparison) {
  return { credits: cmp.credits, billing: cmp.billing, options: cmp.options.map(optionJson) };
}

export function compareHistoryJson(h: HistoryComparison) {
  return {
    from: h.from,
    to: h.to,
    months: h.months,
    asked: h.asked,
    since: h.since,
    readyOn: h.readyOn,
    billing: h.billing,
    options: h.options.map((o) => ({ ...optionJson(o.option), total: centsToUsd(o.total), refused: o.refused, shortfall: c(o.shortfall), current: o.current, saves: o.saves === null ? null : centsToUsd(o.saves), nearMiss: o.nearMiss })),
    bestSaving: h.bestSaving && { label: h.bestSaving.option.label, total: centsToUsd(h.bestSaving.total), saves: centsToUsd(h.bestSaving.saves) },
  };
}

/** A price per credit in USD, to the millionth of a dollar (`cents` for `credits` credits beside it is the exact price). */
const usdPerCredit = (cents: Cents, credits: number) => Math.round((cents / credits) * 1e4) / 1e6;

const valuedJson = (v: Valued) => ({ credits: c(v.credits), usd: centsToUsd(v.cost), estimated: v.estimated });

export function reportJson(r: Report) {
  return {
    at: r.at,
    by: r.by,
    price: r.price && { plan: r.price.plan, usdPerCredit: usdPerCredit(r.price.cents, r.price.credits), estimated: r.price.estimated, usd: centsToUsd(r.price.cents), credits: r.price.credits },
    rows: reportRows(r).map((row, i) => ({ ...row, estimated: r.rows[i]!.estimated, freeVideos: r.rows[i]!.freeVideos, paidFrom: r.rows[i]!.paidFrom })),
    total: valuedJson(r.total),
    lost: valuedJson(r.lost),
    unlogged: valuedJson(r.unlogged),
    lots: r.lots.map((l) => ({
      source: l.basis.source,
      grantedOn: l.grantedOn,
      credits: c(l.amount),
      plan: l.basis.plan,
      price: { usd: centsToUsd(l.basis.cents), credits: l.basis.credits, usdPerCredit: usdPerCredit(l.basis.cents, l.basis.credits), estimated: l.basis.estimated },
      used: { credits: c(l.used.credits), usd: centsToUsd(l.used.cost) },
      lost: { credits: c(l.lost.credits), usd: centsToUsd(l.lost.cost), on: l.lost.on },
      held: c(l.held),
    })),
    ahead: r.ahead.map((a) => ({ month: a.month, usd: centsToUsd(a.charges), reloadsUsd: centsToUsd(a.reloads) })),
    ...(r.budget ? { budget: { usd: centsToUsd(r.budget.cents), over: r.budget.over } } : {}),
  };
}
