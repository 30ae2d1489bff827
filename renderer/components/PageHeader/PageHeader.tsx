import type { ReactNode } from 'react';
import type { Glance } from '../../../shared/view.ts';
import { SyncStatus } from '../SyncStatus/SyncStatus.tsx';
import { creditsAgree, fmtCreditsCount, fmtCreditsWholeCount, fmtDate, fmtInDays, fmtMoney, fmtMonth } from '../../format.ts';

export type Props = { readonly title: string; readonly glance: Glance };

/** Each screen's heading, and the line under it that every screen shares: what expires next, the renewal, the recent burn, and a budget the months ahead go over. */
export function PageHeader({ title, glance }: Props) {
  const { expiring, nextCredits, renewal, freeVideos } = glance;
  const parts: { key: string; node: ReactNode }[] = [];
  if (freeVideos) {
    parts.push({ key: 'free', node: <><strong>{freeVideos.left} of {freeVideos.quota}</strong> free {freeVideos.quota === 1 ? 'video' : 'videos'} left</> });
  }
  if (expiring) {
    parts.push({ key: 'expiring', node: <span title={fmtDate(expiring.on)}><strong>{fmtCreditsCount(expiring.credits)}</strong> {expiring.forfeited ? creditsAgree(expiring.credits, 'is forfeited', 'are forfeited') : creditsAgree(expiring.credits, 'expires', 'expire')} {fmtInDays(expiring.inDays)}</span> });
  }
  if (renewal?.annual && nextCredits) parts.push({ key: 'credits', node: <span title={fmtDate(nextCredits.on)}>new credits {fmtInDays(nextCredits.inDays)}</span> });
  if (renewal) {
    const verb = renewal.ends ? 'ends' : 'renews';
    parts.push({ key: 'renewal', node: <span title={fmtDate(renewal.on)}>{renewal.annual && !renewal.ends && renewal.inDays > 31 ? `${verb} on ${fmtDate(renewal.on)}` : `${verb} ${fmtInDays(renewal.inDays)}`}</span> });
  }
  if (!freeVideos || glance.burnPerMonth > 0) parts.push({ key: 'burn', node: <>{fmtCreditsWholeCount(glance.burnPerMonth)} a month lately</> });
  if (glance.overBudget) {
    const months = glance.overBudget.months;
    // One or two months by name; more from the first, counted (the line stays one line).
    const when = months.length > 2 ? `from ${fmtMonth(months[0]!)} (${months.length} months)` : `in ${new Intl.ListFormat('en', { type: 'conjunction' }).format(months.map(fmtMonth))}`;
    parts.push({ key: 'budget', node: <span className="warn">over the {fmtMoney(glance.overBudget.cents)} monthly budget {when}</span> });
  }
  return (
    <header className="page-head">
      <div className="page-head__title">
        <h1>{title}</h1>
        <SyncStatus />
      </div>
      <p className="glance" data-testid="glance">
        {parts.map((p, i) => (
          <span key={p.key}>
            {i > 0 && <span aria-hidden="true"> · </span>}
            {p.node}
          </span>
        ))}
      </p>
    </header>
  );
}
