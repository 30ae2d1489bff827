import { useEffect } from 'react';
import { ASSUMPTION_NAMES, ASSUMPTIONS, PRICE_ASSUMPTIONS, type AssumptionId } from '../../../shared/catalog/assumptions.ts';
import type { AccountView } from '../../../shared/view.ts';
import { useStore } from '../../store/store.ts';

export type Props = { readonly view: AccountView };

const IDS = Object.keys(ASSUMPTIONS) as AssumptionId[];

/** Every decision the app makes where the vendor's rules are silent, the ones shaping this account's numbers first. */
export function About({ view }: Props) {
  const anchor = useStore((s) => s.anchor);
  useEffect(() => {
    if (!anchor) return;
    const target = document.getElementById(`about-${anchor}`);
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  }, [anchor]);
  const applies = new Set<AssumptionId>([...view.forecast.assumptions, ...view.ledger.charges.flatMap((c) => c.assumptions)]);
  const ids = [...IDS.filter((i) => applies.has(i)), ...IDS.filter((i) => !applies.has(i))];
  return (
    <main className="screen about" aria-label="About these numbers">
      <section className="card" aria-labelledby="about-how">
        <h2 id="about-how">Where the numbers come from</h2>
        <p>
          Credits and prices follow HeyGen’s published plans and rate card. Where the vendor does not say, the app decides, and marks the numbers that rest on a decision: <span className="badge badge--estimated">estimated</span> for a price between the published ones, <span className="badge badge--assumption">assumption</span> for any other rule. Prices you enter in Settings replace the estimates.
        </p>
      </section>
      <section className="card" aria-labelledby="about-list">
        <h2 id="about-list">What the app assumes</h2>
        <ul className="assumptions">
          {ids.map((i) => (
            <li key={i} id={`about-${i}`} tabIndex={-1} className={anchor === i ? 'is-target' : undefined}>
              <div className="assumptions__head">
                <h3>{ASSUMPTION_NAMES[i]}</h3>
                <span className={`badge ${PRICE_ASSUMPTIONS.has(i) ? 'badge--estimated' : 'badge--assumption'}`}>{PRICE_ASSUMPTIONS.has(i) ? 'estimated' : 'assumption'}</span>
                {applies.has(i) && <strong className="assumptions__applies">shapes your numbers</strong>}
              </div>
              <p>{ASSUMPTIONS[i]}</p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
