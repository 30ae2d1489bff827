import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { useMemo, useState } from 'react';
import { useStore } from '../../store/store.ts';
import { RATE_CARD_2026_11, rateOf } from '../../../shared/catalog/rateCard.ts';
import type { ReportBy, ReportRow } from '../../../shared/engine/report.ts';
import { download } from '../../download.ts';
import { creditsAgree, fmtCredits, fmtCreditsCount, fmtMoney, fmtMonth, fmtUnitPrice } from '../../format.ts';
import { useCall } from '../../useCall.ts';
import { BudgetForm } from './BudgetForm.tsx';
import { ReportLots } from './ReportLots.tsx';
import { basisText, PAID_FROM_WORDS } from './reportWords.ts';

const BY: readonly { readonly id: ReportBy; readonly label: string }[] = [
  { id: 'project', label: 'Project' },
  { id: 'feature', label: 'Feature' },
  { id: 'month', label: 'Month' },
  { id: 'member', label: 'Member' },
];

/** A row's credits, and the free videos it took on Free (no credits, worth $0). */
function creditsText(row: ReportRow): string {
  if (row.freeVideos === 0) return fmtCredits(row.credits);
  const videos = `${row.freeVideos} free ${row.freeVideos === 1 ? 'video' : 'videos'}`;
  return row.credits > 0 ? `${fmtCredits(row.credits)} + ${videos}` : videos;
}

/** The account in money: what each project, feature or month used and what its credits cost, the lots they came from, what expired unused, and what is charged next. */
export function Reports() {
  const budget = useStore((s) => s.app?.settings.monthlyBudget ?? null);
  const [by, setBy] = useState<ReportBy>('project');
  const input = useMemo(() => ({ by }), [by]);
  const { value, error } = useCall('report-get', input);
  if (error) return <main className="screen" aria-label="Reports"><p role="alert" className="form-error">{error.message}</p></main>;
  if (!value) return <main className="screen" aria-label="Reports"><p className="muted">Loading…</p></main>;
  const { report, csv } = value;
  const reloads = report.ahead.some((a) => a.reloads > 0);
  const keyLabel = BY.find((b) => b.id === report.by)!.label;
  const keyText = (key: string) => (report.by === 'feature' ? (rateOf(RATE_CARD_2026_11, key)?.name ?? key) : report.by === 'project' ? key || 'No project' : report.by === 'member' ? key || 'No member' : fmtMonth(key));
  return (
    <main className="screen reports" aria-label="Reports">
      <section className="card" aria-label="Credits in money">
        <h2>Credits used, in money</h2>
        <p className="muted">
          Credits are valued at what they cost, lot by lot: a plan’s at its base price for its credits (seats and avatar slots pay for people and avatars, not credits), add-on and auto-reload credits at $0.05, balance-check credits and free videos at $0.
        </p>
        <p className="muted reports__price">
          {report.price ? (
            <>
              Credits of {report.price.plan} cost {fmtUnitPrice(report.price.cents / report.price.credits)} each now ({basisText(report.price.cents, report.price.credits, report.price.billing)} credits) <AssumptionBadge ids={report.price.assumptions} />
            </>
          ) : (
            'On Free now: no credits are bought.'
          )}
        </p>
        <div className="toolbar">
          <label>
            By
            <select aria-label="Report by" value={by} onChange={(e) => setBy(e.target.value as ReportBy)}>
              {BY.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </select>
          </label>
          <p className="toolbar__total" data-testid="report-total">
            {fmtCreditsCount(report.total.credits)} · {fmtMoney(report.total.cost)} <AssumptionBadge ids={report.total.assumptions} />
          </p>
          <button type="button" onClick={() => download(csv.text, csv.fileName, 'text/csv')} disabled={report.rows.length === 0 || report.by !== by}>
            Export CSV
          </button>
        </div>
        {report.rows.length === 0 ? (
          <p className="empty">No usage yet: log some in the Usage log.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {report.by !== 'month' && <th scope="col">{keyLabel}</th>}
                <th scope="col" className="num">Credits</th>
                <th scope="col" className="num">Worth</th>
                <th scope="col">Paid from</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={`${row.month}|${row.key}`}>
                  <td>{fmtMonth(row.month)}</td>
                  {report.by !== 'month' && <td>{keyText(row.key)}</td>}
                  <td className="num">{creditsText(row)}</td>
                  <td className="num">
                    {fmtMoney(row.cost)} <AssumptionBadge ids={row.assumptions} />
                  </td>
                  <td>{row.paidFrom.map((p) => PAID_FROM_WORDS[p]).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <ReportLots report={report} />
      <section className="card" aria-label="Lost and ahead">
        <h2>Lost, and what comes next</h2>
        <p data-testid="report-lost">
          <strong>{fmtCredits(report.lost.credits)}</strong> {creditsAgree(report.lost.credits, 'credit expired or was', 'credits expired or were')} forfeited unused, worth <strong>{fmtMoney(report.lost.cost)}</strong> <AssumptionBadge ids={report.lost.assumptions} />
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">Already scheduled</th>
              {reloads && (
                <th scope="col" className="num">
                  Auto-reloads to expect <AssumptionBadge ids={['forecast-even-burn']} />
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {report.ahead.map((a) => (
              <tr key={a.month}>
                <td>{fmtMonth(a.month)}</td>
                <td className="num">{fmtMoney(a.charges)}</td>
                {reloads && <td className="num">{fmtMoney(a.reloads)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Renewals, plan changes and add-ons already recorded
          {reloads ? '; auto-reloads as your usage of the last 3 months would trigger them, estimated.' : '.'}
        </p>
        {report.budget && report.budget.over.length > 0 && (
          <p role="alert" className="notice" data-testid="over-budget">
            Over your {fmtMoney(report.budget.cents)} monthly budget in {report.budget.over.map(fmtMonth).join(', ')}.
          </p>
        )}
        {report.budget && report.budget.over.length === 0 && <p data-testid="within-budget">Within your {fmtMoney(report.budget.cents)} monthly budget.</p>}
        <BudgetForm key={budget ?? 'none'} cents={budget} />
      </section>
    </main>
  );
}
