import type { AccountChanges, UsageOutcome } from '../../../shared/engine/changes.ts';
import { chargeText, refusalText } from '../../../shared/wording.ts';
import { creditsWord, fmtCredits, fmtCreditsCount, fmtDate, fmtMoney, SCREEN_WORDS } from '../../format.ts';

function outcomeText(o: UsageOutcome): string {
  return o.refused === null ? fmtCreditsCount(o.credits) : 'refused';
}

/** What a change does to what the account already holds, in the engine's numbers: charges, expiries, and each usage whose outcome moves. */
export function ChangeList({ changes }: { readonly changes: AccountChanges }) {
  return (
    <>
      {changes.chargesAdded.map((c, i) => (
        <p key={`a${i}`}>
          New charge: <strong>{fmtMoney(c.amount)}</strong> on {fmtDate(c.date)} ({chargeText(c.reason, SCREEN_WORDS)})
        </p>
      ))}
      {changes.chargesRemoved.map((c, i) => (
        <p key={`r${i}`}>
          No longer charged: <s>{fmtMoney(c.amount)}</s> on {fmtDate(c.date)} ({chargeText(c.reason, SCREEN_WORDS)})
        </p>
      ))}
      {changes.expiries.map((x) => (
        <p key={x.date}>
          {x.ahead ? `Expiring unused on ${fmtDate(x.date)} (if nothing more is used)` : `Lost on ${fmtDate(x.date)} (expired or forfeited)`}: {fmtCredits(x.before)} → <strong>{fmtCredits(x.after)}</strong> {creditsWord(x.after)}
        </p>
      ))}
      {changes.usages.length > 0 && (
        <ul className="change-list__usages" aria-label="Usages already logged that change">
          {changes.usages.map((u, i) => (
            <li key={u.id ?? i}>
              {fmtDate(u.date)}, {u.title}: {outcomeText(u.before)} → <strong>{outcomeText(u.after)}</strong>
              {u.after.refused !== null && <span className="muted-inline"> ({refusalText(u.after.refused, SCREEN_WORDS)})</span>}
            </li>
          ))}
          {changes.usagesChanged > changes.usages.length && <li>… and {(changes.usagesChanged - changes.usages.length).toLocaleString()} more</li>}
        </ul>
      )}
    </>
  );
}

/** Whether the change moves what was already logged or charged: a reason to ask before it is made. */
export function changesOutcomes(changes: AccountChanges): boolean {
  return changes.usagesChanged > 0 || changes.chargesAdded.length > 0 || changes.chargesRemoved.length > 0;
}
