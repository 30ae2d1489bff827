import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HandlerOutput } from '../../../shared/api.ts';
import type { Billing } from '../../../shared/catalog/plans.ts';
import type { CompareOption, HistoryOption } from '../../../shared/engine/compare.ts';
import type { AccountView } from '../../../shared/view.ts';
import { logTicks, tickCredits } from '../../components/charts/chartKit.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { fmtCredits, fmtCreditsCount, fmtDate, fmtMoney, numberParse } from '../../format.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { useCall } from '../../useCall.ts';

export type Props = { readonly view: AccountView };

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** What an option saves or costs against the current plan ("saves $117.00", "costs $183.00 more"); the current plan is the baseline. */
function savesText(o: HistoryOption): string {
  if (o.current) return 'baseline';
  if (o.saves === null) return '–';
  if (o.saves === 0) return 'the same';
  return o.saves > 0 ? `saves ${fmtMoney(o.saves)}` : `costs ${fmtMoney(-o.saves)} more`;
}

/** Which plan is cheapest: for a credits-a-month figure, and for the user's own last 3 months replayed on each. */
export function Compare({ view }: Props) {
  // The burn the line at a glance shows (whole credits), at least 1 to compare.
  const ownBurn = Math.max(1, view.glance.burnPerMonth / 3600);
  const [credits, setCredits] = useState(String(ownBurn));
  // The billing the plan is on, as the dashboard's comparison reads it.
  const [billing, setBilling] = useState<Billing>(view.ledger.plan?.choice.billing ?? 'monthly');
  const n = numberParse(credits, true) ?? Number.NaN;
  const valid = n >= 1 && n <= 10_000_000;
  const request = useMemo(() => (valid ? { credits: n, billing, months: 3 } : null), [valid, n, billing]);
  const { value: result, error } = useCall('compare-run', request);

  const options = result?.credits?.options ?? [];
  const history = result?.history;
  const plan = view.ledger.plan?.choice;
  const isCurrent = (o: CompareOption) => plan !== undefined && o.plan === plan.plan && o.credits === plan.credits && o.billing === plan.billing;

  return (
    <main className="screen compare" aria-label="Compare plans">
      <section className="card" aria-label="Credits a month">
        <h2>Which plan for how many credits a month?</h2>
        <div className="toolbar">
          <label>
            Credits a month
            <input inputMode="numeric" value={credits} onChange={(e) => setCredits(e.target.value)} aria-invalid={!valid} aria-describedby={valid ? undefined : 'compare-credits-error'} />
            {!valid && (
              <span className="field-error" id="compare-credits-error">
                a whole number of credits, 1 to 10,000,000
              </span>
            )}
          </label>
          <fieldset className="segmented">
            <legend className="visually-hidden">Billing</legend>
            {(['monthly', 'annual'] as const).map((b) => (
              <label key={b}>
                <input type="radio" name="billing" value={b} checked={billing === b} onChange={() => setBilling(b)} />
                {b === 'monthly' ? 'Billed monthly' : 'Billed annually'}
              </label>
            ))}
          </fieldset>
          <button type="button" onClick={() => setCredits(String(ownBurn))}>
            Use my burn ({fmtCreditsCount(ownBurn * 3600)} a month)
          </button>
        </div>
        {!valid && <p role="alert" className="form-error">Credits a month must be a whole number from 1 to 10,000,000.</p>}
        <FormError error={error} />
        <table>
          <thead>
            <tr>
              <th scope="col">Option</th>
              <th scope="col" className="num">Per month</th>
              <th scope="col" className="num">Per year</th>
              <th scope="col">Price</th>
            </tr>
          </thead>
          <tbody>
            {options.map((o, i) => (
              <tr key={`${o.plan}-${o.credits}-${o.blocks}`} className={i === 0 ? 'best' : undefined}>
                <td>
                  {o.label} {i === 0 && <span className="badge badge--good">cheapest</span>} {isCurrent(o) && <span className="badge badge--saving">current plan</span>} {!o.estimated && <AssumptionBadge ids={o.assumptions} />}
                </td>
                <td className="num">{fmtMoney(o.monthly)}</td>
                <td className="num">{fmtMoney(o.monthly * 12)}</td>
                <td title={o.basis}>{o.estimated ? <AssumptionBadge ids={o.assumptions} /> : 'known'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">Estimated prices are on the line between the published ones; enter the prices you see at checkout in Settings to replace them.</p>
      </section>
      <LadderChart result={result} ownBurn={ownBurn} typed={valid ? n : null} />
      <HistoryReplay history={history} />
    </main>
  );
}

/** Each plan's cost a month across the ladder of credits, with the user's burn and the figure typed (null: none valid) marked. */
function LadderChart({ result, ownBurn, typed }: { readonly result: HandlerOutput<'compare-run'> | null; readonly ownBurn: number; readonly typed: number | null }) {
  const ladder = useMemo(() => (result?.ladder ?? []).map((p) => ({ credits: p.credits, creator: p.creator === null ? null : p.creator / 100, pro: p.pro === null ? null : p.pro / 100, business: p.business / 100 })), [result]);
  // The ladder's sizes as ticks (the figure typed has its own mark), thinned on the log scale so their labels never overlap.
  const ticks = useMemo(
    () =>
      ladder
        .map((p) => p.credits)
        .filter((c) => c !== typed)
        .reduce<number[]>((kept, c) => (kept.length === 0 || c >= kept.at(-1)! * 1.8 ? [...kept, c] : kept), []),
    [ladder, typed],
  );
  // Dollar ticks from the decade step below the cheapest point to the one above the dearest: every line sits between labels.
  const yTicks = useMemo(() => {
    const values = ladder.flatMap((p) => [p.creator, p.pro, p.business]).filter((v): v is number => v !== null);
    if (values.length === 0) return [1, 10];
    const lo = logTicks(1, Math.min(...values)).at(-1) ?? 1;
    const hi = Math.max(...values);
    const ticks = logTicks(lo, hi * 10);
    return ticks.slice(0, ticks.findIndex((t) => t >= hi) + 1);
  }, [ladder]);
  return (
    <section className="card" aria-label="Cost across the ladder">
      <h2>Cost a month across the ladder</h2>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={ladder} margin={{ top: 8, right: 24, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="credits" type="number" scale="log" domain={[(min: number) => Math.min(min, ownBurn), (max: number) => Math.max(max, ownBurn)]} allowDataOverflow tickFormatter={tickCredits} ticks={ticks} />
          <YAxis scale="log" domain={[yTicks[0]!, yTicks.at(-1)!]} ticks={yTicks} allowDataOverflow tickFormatter={(v: number) => usd.format(v)} width={72} />
          <Tooltip labelFormatter={(c) => `${fmtCredits(Number(c) * 3600)} credits a month`} formatter={(v) => fmtMoney(Number(v) * 100)} />
          <Legend />
          <Line dataKey="pro" name="Pro (cheapest tier that covers it)" stroke="#6d5efc" isAnimationActive={false} connectNulls />
          <Line dataKey="business" name="Business + add-on blocks" stroke="#1fa187" isAnimationActive={false} />
          <Line dataKey="creator" name="Creator" stroke="#f28e2b" isAnimationActive={false} />
          <ReferenceLine x={ownBurn} stroke="#e15759" label={{ value: 'your burn', position: 'insideTopLeft', fontSize: 11, fill: '#e15759' }} />
          {typed !== null && typed !== ownBurn && <ReferenceLine x={typed} stroke="currentColor" strokeDasharray="4 3" label={{ value: `${fmtCredits(typed * 3600)} typed`, position: 'insideBottomRight', fontSize: 11 }} />}
        </LineChart>
      </ResponsiveContainer>
    </section>
  );
}

/** The user's last months replayed on each plan, the cheapest that covers them first. */
function HistoryReplay({ history }: { readonly history: HandlerOutput<'compare-run'>['history'] | undefined }) {
  const cheapest = history?.options.find((o) => o.refused === 0);
  return (
    <section className="card" aria-label="Last 3 months replayed">
      <h2>What the last 3 months would have cost</h2>
      {history && history.months === 0 ? (
        <p className="empty">
          Less than a month of history (since {fmtDate(history.since)}): too little to say which plan is cheapest. The comparison is ready on {fmtDate(history.readyOn ?? history.to)}.
        </p>
      ) : history ? (
        <>
          <p className="muted">
            Your usage from {fmtDate(history.from)} to {fmtDate(history.to)}
            {history.months < history.asked ? ` (the ${history.months === 1 ? 'only full month' : `${history.months} full months`} since the account began)` : ''}, replayed on each plan with its real rules (rollover, refusals, add-on blocks): {history.billing === 'annual' ? `${history.months} ${history.months === 1 ? 'month' : 'months'} of each annual price` : `${history.months} monthly ${history.months === 1 ? 'charge' : 'charges'}`} each.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col" className="num">Would have cost</th>
                <th scope="col" className="num">Saves / costs</th>
                <th scope="col">Refusals</th>
              </tr>
            </thead>
            <tbody>
              {history.options.map((o) => (
                <tr key={`${o.option.plan}-${o.option.credits}-${o.option.billing}`} className={[o === cheapest ? 'best' : '', o.current ? 'current' : ''].filter(Boolean).join(' ') || undefined}>
                  <td>
                    {o.option.label} {o.current && <span className="badge badge--saving">current plan</span>} {o === cheapest && <span className="badge badge--good">cheapest that covers it</span>} {o.nearMiss && <span className="badge">near miss</span>} <AssumptionBadge ids={o.option.assumptions} />
                  </td>
                  <td className="num">{fmtMoney(o.total)}</td>
                  <td className="num">{savesText(o)}</td>
                  <td>{o.refused ? `${o.refused} refused (${fmtCreditsCount(o.shortfall)} short)` : 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {history.options.some((o) => o.current) ? 'Each plan against the one you are on, replayed the same way. ' : ''}A near miss refused a little (at most a 20th of the credits your usage needed): it is ranked by its cost with the plans that cover it; plans that refused more come last.
          </p>
        </>
      ) : (
        <p className="empty">Log some usage to see what it would have cost on each plan.</p>
      )}
    </section>
  );
}
