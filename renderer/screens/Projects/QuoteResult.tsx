import type { HandlerOutput } from '../../../shared/api.ts';
import { findingText } from '../../../shared/wording.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { creditsWord, fmtCredits, fmtDate, fmtMoney, SCREEN_WORDS } from '../../format.ts';
import { fitClass, fitText } from '../../fitText.ts';

const LOT_KIND: Record<string, string> = { allocation: 'monthly credits', upgrade: 'upgrade credits', addon: 'add-on credits', adjustment: 'balance-check credits' };

/** The quote: its credits (and money) with retries, whether it fits on its date and which credits it would use, and what the plan says of it. `blocked`: the plan cannot make it whatever the credits. */
export function QuoteResult({ quote, blocked }: { readonly quote: HandlerOutput<'quote-run'>; readonly blocked: boolean }) {
  return (
    <section className="card quote-result" aria-label="Quote result">
      <p className="quote-total">
        <span data-testid="quote-total">{fmtCredits(quote.credits)}</span> {creditsWord(quote.credits)}
        {quote.retryFactor > 1 && <> to <strong>{fmtCredits(quote.creditsHigh)}</strong> with retries</>}
        {quote.cost && <span className="muted-inline"> · about {fmtMoney(quote.cost.amount)}{quote.retryFactor > 1 ? `–${fmtMoney(quote.cost.amountHigh)}` : ''} on {quote.plan?.label} <AssumptionBadge ids={quote.cost.assumptions} /></span>}
      </p>
      {quote.fit ? (
        <p className={fitClass(quote.fit, blocked)} role="status">
          {fitText(quote.fit, blocked)}
        </p>
      ) : (
        quote.account && (
          <p className={quote.account.fits ? 'good' : 'warn'} role="status">
            {quote.account.fits
              ? `Fits: ${fmtCredits(quote.account.balance)} credits on ${fmtDate(quote.account.date)}.`
              : `Does not fit: ${fmtCredits(quote.account.shortfall)} credits short on ${fmtDate(quote.account.date)}.`}
          </p>
        )
      )}
      {quote.account && quote.account.draws.length > 0 && <h3 className="subhead">It would use</h3>}
      {quote.account && quote.account.draws.length > 0 && (
        <ul className="draws" aria-label="Credits it would use">
          {quote.account.draws.map((d) => (
            <li key={d.lotId}>
              {fmtCredits(d.credits)} from {LOT_KIND[d.kind]} of {fmtDate(d.grantedOn)}{d.expiresOn ? `, expiring ${fmtDate(d.expiresOn)}` : ''}
            </li>
          ))}
        </ul>
      )}
      {quote.findings.length > 0 ? (
        <>
        <h3 className="subhead">Against {quote.plan?.label ?? 'the plan'}</h3>
        <ul className="findings" aria-label="Findings">
          {quote.findings.map((f) => (
            <li key={`${f.rule}-${f.line ?? ''}`} data-rule={f.rule}>{findingText(f, SCREEN_WORDS)}</li>
          ))}
        </ul>
        </>
      ) : (
        <p className="good">Within {quote.plan?.label ?? 'the plan'}’s limits.</p>
      )}
    </section>
  );
}
