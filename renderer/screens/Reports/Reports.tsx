import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { useMemo, useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { numberRead } from '../../../shared/formats/typed.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { useStore } from '../../store/store.ts';
import { RATE_CARD_2026_11, rateOf } from '../../../shared/catalog/rateCard.ts';
import type { ReportBy } from '../../../shared/engine/report.ts';
import { download } from '../../download.ts';
import { fmtCredits, fmtMoney, fmtMonth, fmtUnitPrice } from '../../format.ts';
import { useCall } from '../../useCall.ts';

const BY: readonly { readonly id: ReportBy; readonly label: string }[] = [
  { id: 'project', label: 'Project' },
  { id: 'feature', label: 'Feature' },
  { id: 'month', label: 'Month' },
];

/** The account in money: what each project, feature or month used and what it was worth, what expired unused, and what is charged next. */
/** Dollars as typed ("49", "49.50", "49,50", "$1,500"), read by the shared rule, in cents; null for an empty field, NaN for anything else. */
function centsTyped(text: string): number | null {
  const t = text.trim().replace(/^\$/, '');
  if (t === '') return null;
  const read = numberRead(t);
  const cents = read.ok ? Math.round(read.value * 100) : Number.NaN;
  return read.ok && Math.abs(cents - read.value * 100) < 1e-6 ? cents : Number.NaN;
}

/** The monthly budget: typed in dollars, saved with the settings, empty for none. */
function BudgetForm({ cents }: { readonly cents: number | null }) {
  const change = useStore((s) => s.change);
  const [text, setText] = useState(cents === null ? '' : (cents / 100).toFixed(2));
  const [error, setError] = useState<AppError | null>(null);
  async function save(e: FormEvent) {
    e.preventDefault();
    const value = centsTyped(text);
    if (Number.isNaN(value)) return setError({ code: 'invalid-input', message: 'Monthly budget: type an amount in dollars, like 49 or 49.50, or leave it empty for none.', field: 'monthlyBudget' });
    setError(await change('settings-update', { monthlyBudget: value }));
  }
  return (
    <form className="inline-form budget-form" onSubmit={(e) => void save(e)} aria-label="Monthly budget">
      <label>
        Monthly budget ($, empty for none)
        <input inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit">Save budget</button>
      <FormError error={error} />
    </form>
  );
}

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
  const keyText = (key: string) => (report.by === 'feature' ? (rateOf(RATE_CARD_2026_11, key)?.name ?? key) : report.by === 'project' ? key || 'No project' : fmtMonth(key));
  return (
    <main className="screen reports" aria-label="Reports">
      <section className="card" aria-label="Credits in money">
        <h2>Credits used, in money</h2>
        <p className="muted">
          {report.price ? (
            <>
              A credit is valued at {fmtUnitPrice(report.price.cents / report.price.credits)} ({fmtMoney(report.price.cents)} a month for {report.price.credits.toLocaleString()} credits on {report.price.plan}) <AssumptionBadge ids={report.price.assumptions} />
            </>
          ) : (
            'On Free, credits cost nothing.'
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
            {fmtCredits(report.total.credits)} credits · {fmtMoney(report.total.cost)} <AssumptionBadge ids={report.price?.assumptions ?? []} />
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
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={`${row.month}|${row.key}`}>
                  <td>{fmtMonth(row.month)}</td>
                  {report.by !== 'month' && <td>{keyText(row.key)}</td>}
                  <td className="num">{fmtCredits(row.credits)}</td>
                  <td className="num">{fmtMoney(row.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-label="Lost and ahead">
        <h2>Lost, and what comes next</h2>
        <p data-testid="report-lost">
          <strong>{fmtCredits(report.lost.credits)}</strong> credits expired or were forfeited unused, worth <strong>{fmtMoney(report.lost.cost)}</strong> <AssumptionBadge ids={report.lost.cost > 0 ? (report.price?.assumptions ?? []) : []} />
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
