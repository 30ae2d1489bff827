/**
 * The account in money: the credits each project (or feature, or month) used,
 * valued at the plan's price per credit; the credits that expired or were
 * forfeited unused and what they cost; and what the next months will charge.
 *
 * A credit is valued at the current plan's monthly price over its monthly
 * credits (Pro 1,000 at $49 a month: 4.9 cents a credit), the same price for
 * every month, so that a project's cost reads as what its credits are worth on
 * the plan the creator pays for now; that price is marked estimated where the
 * plan's price is. Amounts stay exact: credits in their small units, cents
 * rounded once per row.
 */
import type { AssumptionId } from '../catalog/assumptions.ts';
import { dateAddDays, dateAddMonths, monthOf } from '../dates.ts';
import { attempt, ExpectedError, type Result } from '../errors.ts';
import type { Account } from '../formats/account.ts';
import { CREDIT_UNITS, mulDivRound, type Cents, type Credits, type IsoDate } from '../units.ts';
import { reloadsAhead } from './forecast.ts';
import { ledgerOf } from './ledger.ts';
import { fullReplay, type StateSource } from './replay.ts';

export type ReportBy = 'project' | 'feature' | 'month';

export interface ReportRow {
  /** `YYYY-MM`. */
  readonly month: string;
  /** The project (`''` for usage with none), the feature id, or the month again. */
  readonly key: string;
  readonly credits: Credits;
  readonly cost: Cents;
}

export interface Report {
  readonly at: IsoDate;
  readonly by: ReportBy;
  /** What a credit is valued at: `cents` for `credits` whole credits (the plan's month), or null on Free. */
  readonly price: { readonly cents: Cents; readonly credits: number; readonly estimated: boolean; readonly assumptions: readonly AssumptionId[]; readonly plan: string } | null;
  /** By month, then by key. */
  readonly rows: readonly ReportRow[];
  readonly total: { readonly credits: Credits; readonly cost: Cents };
  /** Credits that expired or were forfeited unused, up to `at`, and what they were worth. */
  readonly lost: { readonly credits: Credits; readonly cost: Cents };
  /**
   * Month by month after `at`, to the end of the month `months` ahead: what is
   * already scheduled (renewals, plan changes, add-ons recorded ahead), and the
   * auto-reloads to expect at the forecast's pace (0 without auto-reload).
   */
  readonly ahead: readonly { readonly month: string; readonly charges: Cents; readonly reloads: Cents }[];
  /** The monthly budget, and the months ahead whose charges and expected reloads go over it (null: no budget). */
  readonly budget: { readonly cents: Cents; readonly over: readonly string[] } | null;
}

/** A calendar month ahead: the charges scheduled in it and the auto-reloads to expect at the forecast's pace. */
export interface MonthAhead {
  readonly month: string;
  readonly charges: Cents;
  readonly reloads: Cents;
}

/** Each calendar month from `at`'s to the one `months` ahead, with what falls after `at`: charges scheduled, and auto-reloads expected. */
export function spendAhead(account: Account, at: IsoDate, months: number, stateAt: StateSource = fullReplay(account)): readonly MonthAhead[] {
  // To the end of the month `months` ahead: whole months, the way charges are read.
  const end = dateAddDays(`${monthOf(dateAddMonths(at, months + 1))}-01` as IsoDate, -1);
  const later = ledgerOf(stateAt(end), end);
  const ahead = Array.from({ length: months + 1 }, (_, k) => ({ month: monthOf(dateAddMonths(at, k)), charges: 0, reloads: 0 }));
  for (const c of later.charges) {
    if (c.date <= at || c.date > end) continue;
    ahead.find((a) => a.month === monthOf(c.date))!.charges += c.amount;
  }
  const reloads = reloadsAhead(account, at, end, stateAt);
  if (!reloads.ok) throw new ExpectedError(reloads.error);
  for (const c of reloads.value) ahead.find((a) => a.month === monthOf(c.date))!.reloads += c.amount;
  return ahead.map((a) => ({ month: a.month, charges: a.charges as Cents, reloads: a.reloads as Cents }));
}

/** The months of `ahead` whose charges and expected reloads go over a monthly budget. */
export function overBudget(ahead: readonly MonthAhead[], budget: Cents): string[] {
  return ahead.filter((a) => a.charges + a.reloads > budget).map((a) => a.month);
}

export function reportCompute(account: Account, at: IsoDate, by: ReportBy, months = 3, budget: Cents | null = null, stateAt: StateSource = fullReplay(account)): Result<Report> {
  return attempt(() => {
    const ledger = ledgerOf(stateAt(at), at);
    const plan = ledger.plan;
    const price = plan && plan.choice.credits > 0 ? { cents: plan.price.monthly, credits: plan.choice.credits, estimated: plan.price.estimated, assumptions: plan.price.assumptions, plan: plan.label } : null;
    const worth = (units: number) => (price ? mulDivRound(units, price.cents, price.credits * CREDIT_UNITS) : 0) as Cents;

    const refused = new Set(ledger.refused.map((r) => r.index));
    const used = new Map<string, { month: string; key: string; units: number }>();
    account.events.forEach((e, i) => {
      if (e.type !== 'usage' || e.date > at || refused.has(i)) return;
      const units = ledger.usageCosts[i] ?? 0;
      if (units === 0) return;
      const month = monthOf(e.date);
      const key = by === 'project' ? (e.project ?? '') : by === 'feature' ? e.feature : month;
      const slot = used.get(`${month}|${key}`) ?? { month, key, units: 0 };
      slot.units += units;
      used.set(`${month}|${key}`, slot);
    });
    const rows = [...used.values()]
      .sort((a, b) => (a.month !== b.month ? (a.month < b.month ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((r): ReportRow => ({ month: r.month, key: r.key, credits: r.units as Credits, cost: worth(r.units) }));
    const totalUnits = rows.reduce((n, r) => n + r.credits, 0);
    const lostUnits = ledger.totals.expired + ledger.totals.forfeited;
    const ahead = spendAhead(account, at, months, stateAt);
    return {
      at,
      by,
      price,
      rows,
      total: { credits: totalUnits as Credits, cost: worth(totalUnits) },
      lost: { credits: lostUnits as Credits, cost: worth(lostUnits) },
      ahead,
      budget: budget === null ? null : { cents: budget, over: overBudget(ahead, budget) },
    };
  });
}
