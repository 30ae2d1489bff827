/**
 * What a change to an account does to what the account already held, read from
 * the ledgers before and after it: the charges it adds or removes, the credits
 * lost (expired or forfeited) on each date, and every usage it keeps whose
 * outcome moves (refused now, or no longer, or a different cost). An edit in
 * History and an import of usages are previewed with it.
 */
import type { AccountEvent } from '../formats/account.ts';
import { creditsAdd, creditsOf, ZERO_CREDITS, type Cents, type Credits, type IsoDate } from '../units.ts';
import { eventTitle } from './history.ts';
import type { Ledger } from './ledger.ts';
import type { ChargeReason, RefusalReason } from './state.ts';

export interface ChargeLine {
  readonly date: IsoDate;
  readonly amount: Cents;
  readonly reason: ChargeReason;
}

/** What a usage came to: its credits, or why the vendor would refuse it. */
export interface UsageOutcome {
  readonly credits: Credits;
  /** Null when it went through. */
  readonly refused: RefusalReason | null;
}

/** A usage the account already had whose outcome the change moves. */
export interface UsageOutcomeChange {
  readonly id: string | null;
  readonly date: IsoDate;
  /** The usage in words: "Avatar III, 15 min". */
  readonly title: string;
  readonly before: UsageOutcome;
  readonly after: UsageOutcome;
}

export interface AccountChanges {
  readonly chargesAdded: readonly ChargeLine[];
  readonly chargesRemoved: readonly ChargeLine[];
  /**
   * Dates whose expiries change: credits expired (or forfeited) there before and after, or, for a date ahead of the
   * ledgers' (`ahead`), the credits that will expire there unused if nothing more is used.
   */
  readonly expiries: readonly { readonly date: IsoDate; readonly ahead: boolean; readonly before: Credits; readonly after: Credits }[];
  /** The first USAGE_CHANGES_SHOWN of those usages, by date. */
  readonly usages: readonly UsageOutcomeChange[];
  /** How many usages' outcomes move in all. */
  readonly usagesChanged: number;
}

/** Usages listed by name at most: a change early in a long log may move thousands. */
export const USAGE_CHANGES_SHOWN = 100;

const chargeKey = (c: ChargeLine) => `${c.date}|${c.amount}|${JSON.stringify(c.reason)}`;

/** Charges of `a` not in `b`, counted (two identical add-ons the same day are two). */
export function chargesOnlyIn<C extends ChargeLine>(a: readonly C[], b: readonly ChargeLine[]): C[] {
  const left = new Map<string, number>();
  for (const c of b) left.set(chargeKey(c), (left.get(chargeKey(c)) ?? 0) + 1);
  return a.filter((c) => {
    const n = left.get(chargeKey(c)) ?? 0;
    left.set(chargeKey(c), n - 1);
    return n <= 0;
  });
}

const chargeLines = (a: Ledger | null, b: Ledger | null): ChargeLine[] => chargesOnlyIn(a?.charges ?? [], b?.charges ?? []).map((c) => ({ date: c.date, amount: c.amount, reason: c.reason }));

/** Credits expired or forfeited on each date up to the ledger's, and those its lots hold that expire after it. */
function lostByDate(l: Ledger | null): Map<IsoDate, Credits> {
  const m = new Map<IsoDate, Credits>();
  for (const x of [...(l?.expirations ?? []), ...(l?.forfeits ?? [])]) m.set(x.date, creditsAdd(m.get(x.date) ?? ZERO_CREDITS, x.credits));
  for (const lot of l?.lots ?? []) if (lot.expiresOn !== null) m.set(lot.expiresOn, creditsAdd(m.get(lot.expiresOn) ?? ZERO_CREDITS, lot.remaining));
  return m;
}

/**
 * The changes between `before` and `after`, two ledgers of an account on the same date (on or after both accounts'
 * last events). `events` are the account's events before the change; `indexAfter` says where event `i` of them is
 * after it (null: gone, or the event the change is about, whose own outcome the caller states).
 */
export function changesBetween(events: readonly AccountEvent[], before: Ledger | null, after: Ledger | null, indexAfter: (i: number) => number | null): AccountChanges {
  const [lostBefore, lostAfter] = [lostByDate(before), lostByDate(after)];
  const expiries = [...new Set([...lostBefore.keys(), ...lostAfter.keys()])]
    .sort()
    .map((date) => ({ date, ahead: date > (after ?? before)!.at, before: lostBefore.get(date) ?? ZERO_CREDITS, after: lostAfter.get(date) ?? ZERO_CREDITS }))
    .filter((x) => x.before !== x.after);
  const usages: UsageOutcomeChange[] = [];
  if (before && after) {
    const refusedBefore = new Map(before.refused.map((r) => [r.index, r.reason]));
    const refusedAfter = new Map(after.refused.map((r) => [r.index, r.reason]));
    events.forEach((e, i) => {
      const j = e.type === 'usage' ? indexAfter(i) : null;
      if (j === null) return;
      const was: UsageOutcome = { credits: creditsOf(before.usageCosts[i]!), refused: refusedBefore.get(i) ?? null };
      const now: UsageOutcome = { credits: creditsOf(after.usageCosts[j]!), refused: refusedAfter.get(j) ?? null };
      const moved = (was.refused === null) !== (now.refused === null) || (now.refused === null && was.credits !== now.credits);
      if (moved) usages.push({ id: e.id ?? null, date: e.date, title: eventTitle(e), before: was, after: now });
    });
    // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort asks only whether the answer is below 0: what a later date answers (1, or 0) changes nothing.
    usages.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
  return { chargesAdded: chargeLines(after, before), chargesRemoved: chargeLines(before, after), expiries, usages: usages.slice(0, USAGE_CHANGES_SHOWN), usagesChanged: usages.length };
}
