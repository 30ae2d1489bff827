import type { Report } from '../../../shared/engine/report.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { creditsAgree, fmtCredits, fmtCreditsCount, fmtDate, fmtMoney, fmtUnitPrice } from '../../format.ts';
import { basisText, LOT_WORDS } from './reportWords.ts';

export type Props = { readonly report: Report };

/** Every lot granted up to the report's date: what a credit of it cost, and how many were used, lost unused or are still held. */
export function ReportLots({ report }: Props) {
  const { lots, unlogged } = report;
  return (
    <section className="card" aria-label="Where the credits came from">
      <h2>Where the credits came from</h2>
      <p className="muted">Each lot at what its credits cost: the charge that bought it for the credits it granted.</p>
      {lots.length === 0 ? (
        <p className="empty">No credits granted yet.</p>
      ) : (
        <table className="report-lots">
          <thead>
            <tr>
              <th scope="col">Granted</th>
              <th scope="col">Lot</th>
              <th scope="col" className="num">Credits</th>
              <th scope="col" className="num">Cost per credit</th>
              <th scope="col" className="num">Used</th>
              <th scope="col" className="num">Lost unused</th>
              <th scope="col" className="num">Held</th>
            </tr>
          </thead>
          <tbody>
            {lots.map((lot) => (
              <tr key={lot.id}>
                <td>{fmtDate(lot.grantedOn)}</td>
                <td>{lot.basis.plan ? `${LOT_WORDS[lot.basis.source]}: ${lot.basis.plan}` : LOT_WORDS[lot.basis.source]}</td>
                <td className="num">{fmtCredits(lot.amount)}</td>
                <td className="num">
                  {fmtUnitPrice(lot.basis.cents / lot.basis.credits)} <AssumptionBadge ids={lot.basis.assumptions} />{' '}
                  <span className="report-lots__note">({lot.basis.cents === 0 ? 'nothing paid' : basisText(lot.basis.cents, lot.basis.credits, lot.basis.source === 'allocation' ? lot.basis.billing : null)})</span>
                </td>
                <td className="num">{lot.used.credits > 0 ? `${fmtCredits(lot.used.credits)} · ${fmtMoney(lot.used.cost)}` : '—'}</td>
                <td className="num">
                  {lot.lost.credits > 0 && lot.lost.on ? (
                    <>
                      {fmtCredits(lot.lost.credits)} · {fmtMoney(lot.lost.cost)} <span className="report-lots__note">on {fmtDate(lot.lost.on)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num">{fmtCredits(lot.held)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unlogged.credits > 0 && (
        <p data-testid="report-unlogged">
          {fmtCreditsCount(unlogged.credits)} {creditsAgree(unlogged.credits, 'was', 'were')} missing at balance checks (usage not logged), worth {fmtMoney(unlogged.cost)}. <AssumptionBadge ids={unlogged.assumptions} />
        </p>
      )}
    </section>
  );
}
