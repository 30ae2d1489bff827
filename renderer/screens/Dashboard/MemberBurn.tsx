import type { MemberBurn as Burn } from '../../../shared/view.ts';
import { fmtCredits, fmtDate } from '../../format.ts';

export type Props = { readonly burn: Burn };

/** "3 of 5 seats used this cycle": the members seen against the seats paid (more seen than paid is said so). */
function seatsText({ seen, paid }: NonNullable<Burn['seats']>): string {
  const seats = `${paid} ${paid === 1 ? 'seat' : 'seats'}`;
  return seen > paid ? `${seen} members used credits this cycle, on ${seats} paid` : `${seen} of ${seats} used this cycle`;
}

/** Who used the credits this cycle, as the engine counts them: each member's credits and usages, the usages that name nobody last; on Business, the members seen against the seats paid. */
export function MemberBurn({ burn }: Props) {
  return (
    <section className="card" aria-label="Used by member">
      <h2>Used this cycle, by member</h2>
      {burn.seats && (
        <p className={burn.seats.seen > burn.seats.paid ? 'warn' : undefined} data-testid="seats-used">
          {seatsText(burn.seats)}
        </p>
      )}
      {burn.rows.length === 0 ? (
        <p className="empty">No usage since the cycle started on {fmtDate(burn.since)}.</p>
      ) : (
        <table className="member-burn">
          <caption className="visually-hidden">Credits used since {fmtDate(burn.since)}, by member</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col" className="num">Credits</th>
              <th scope="col" className="num">Usages</th>
            </tr>
          </thead>
          <tbody>
            {burn.rows.map((m) => (
              <tr key={m.member ?? ''} data-testid="member-burn-row">
                <th scope="row" className={m.member === null ? 'muted' : undefined}>
                  {m.member ?? 'No member'}
                </th>
                <td className="num">{fmtCredits(m.credits)}</td>
                <td className="num">{m.usages.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">Since {fmtDate(burn.since)}, the start of this cycle; refused usages cost nothing.</p>
    </section>
  );
}
