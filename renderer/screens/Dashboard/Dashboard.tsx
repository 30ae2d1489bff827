import type { AccountView } from '../../../shared/view.ts';
import { UsageForm } from '../../components/UsageForm/UsageForm.tsx';
import { fmtCredits, fmtDate, fmtMoney } from '../../format.ts';

export type Props = { readonly view: AccountView };

const LOT_KIND: Record<string, string> = { allocation: 'Monthly credits', upgrade: 'Upgrade credits', addon: 'Add-on credits', adjustment: 'Balance check' };

/** Today at a glance: the balance, what expires next, the lots it is made of. */
export function Dashboard({ view }: Props) {
  const { ledger, forecast } = view;
  const plan = ledger.plan;
  const next = forecast.expiring[0];
  return (
    <main className="dashboard">
      <section className="card balance" aria-label="Balance">
        <p className="muted">{plan ? plan.label : 'Free'}</p>
        <p className="balance__value">
          <span data-testid="balance">{fmtCredits(ledger.balance)}</span> credits
        </p>
        {plan && (
          <p className="muted">
            Next cycle {fmtDate(plan.nextCycleStart)} · {fmtMoney(plan.price.period)} {plan.choice.billing === 'annual' ? 'a year' : 'a month'}
            {plan.pending ? ` · ${plan.pending.label} from ${fmtDate(plan.pending.on)}` : ''}
          </p>
        )}
      </section>
      {next && (
        <section className="card callout" aria-label="Next expiry">
          <strong>{fmtCredits(next.credits)} credits</strong> {next.forfeited ? 'are forfeited' : 'expire'} on <strong>{fmtDate(next.date)}</strong> if unused.
        </section>
      )}
      <section className="card" aria-label="Log a usage">
        <h2>Log a usage</h2>
        <UsageForm projects={view.projects} />
      </section>
      <section className="card" aria-label="Credit lots">
        <h2>Where the balance sits</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Lot</th>
              <th scope="col">Granted</th>
              <th scope="col">Expires</th>
              <th scope="col" className="num">
                Credits left
              </th>
            </tr>
          </thead>
          <tbody>
            {ledger.lots.map((lot) => (
              <tr key={lot.id}>
                <td>{LOT_KIND[lot.kind]}</td>
                <td>{fmtDate(lot.grantedOn)}</td>
                <td>{lot.expiresOn ? fmtDate(lot.expiresOn) : 'Never'}</td>
                <td className="num">{fmtCredits(lot.remaining)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
