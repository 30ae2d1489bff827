/**
 * The overview: one row per workspace, each read from that workspace's own view (the dashboard's figures, not
 * computed again beside them), sorted by what needs attention first. The command line's `overview` and the app's
 * Overview screen both show these rows.
 */
import { monthOf } from './dates.ts';
import { centsAdd, ZERO_CENTS, type Cents, type Credits, type IsoDate } from './units.ts';
import type { AccountView, DaysAhead } from './view.ts';

export interface OverviewRow {
  readonly id: string;
  readonly name: string;
  /** The plan's label ("Pro 2,000 monthly"), "Free" when there is none. */
  readonly plan: string;
  readonly balance: Credits;
  /** The next credits lost if nothing more is used (expired, or forfeited by a cancel); null: none ahead. */
  readonly nextExpiry: (DaysAhead & { readonly credits: Credits; readonly forfeited: boolean }) | null;
  /** The first day the usual burn cannot be covered; null: not within the forecast's reach. */
  readonly runOutOn: IsoDate | null;
  readonly runsOutBeforeRenewal: boolean;
  /** What the plan was charged in the month of `at`. */
  readonly chargesThisMonth: Cents;
  /** This cycle's credits used so far against the same days of the cycle before (null in a first cycle, or on Free). */
  readonly cycleBurn: AccountView['cycleBurn'];
  /** The next charge of the plan; null on Free. */
  readonly renewalOn: IsoDate | null;
}

/** The row of workspace `id` called `name`, from its view. */
export function overviewRow(id: string, name: string, view: AccountView): OverviewRow {
  const month = monthOf(view.at);
  return {
    id,
    name,
    plan: view.ledger.plan?.label ?? 'Free',
    balance: view.ledger.balance,
    nextExpiry: view.glance.expiring,
    runOutOn: view.forecast.runOutOn,
    runsOutBeforeRenewal: view.forecast.runsOutBeforeRenewal,
    chargesThisMonth: view.ledger.charges.filter((c) => monthOf(c.date) === month).reduce((sum, c) => centsAdd(sum, c.amount), ZERO_CENTS),
    cycleBurn: view.cycleBurn,
    renewalOn: view.forecast.renewalOn,
  };
}

/** When a row next needs the user: the sooner of its next expiry and its run-out; null when neither is ahead. */
export function attentionOn(row: OverviewRow): IsoDate | null {
  const dates = [row.nextExpiry?.on ?? null, row.runOutOn].filter((d): d is IsoDate => d !== null).sort();
  return dates[0] ?? null;
}

/** Running out before the renewal first, then the soonest expiry or run-out, then the rest; by name within each. */
export function overviewSorted(rows: readonly OverviewRow[]): OverviewRow[] {
  const rank = (r: OverviewRow) => (r.runsOutBeforeRenewal ? 0 : attentionOn(r) !== null ? 1 : 2);
  return [...rows].sort((a, b) => rank(a) - rank(b) || (attentionOn(a) ?? '').localeCompare(attentionOn(b) ?? '') || a.name.localeCompare(b.name, 'en-US'));
}
