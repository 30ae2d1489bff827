import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { tickCredits, tickDay, units } from '../../components/charts/chartKit.ts';
import { MarkLabels, marksTop } from '../../components/charts/MarkLabels.tsx';
import { fmtCredits, fmtCreditsWholeCount, fmtDate, SCREEN_WORDS } from '../../format.ts';
import { findingText, suggestionText } from '../../../shared/wording.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { fitClass, fitText } from '../../fitText.ts';

const NO_INPUT = {};
/** The rows of labels above the chart: the projects first, then the renewals and the credits that expire unused. */
const MARK_ROWS = 3;
const FITS = '#1fa187';
const SHORT = '#e15759';
const EXPIRE = '#f28e2b';

/** Planned projects against the balance ahead: which do not fit, which credits go unused, and what to do. */
export function Pipeline() {
  const show = useStore((s) => s.show);
  const plan = useStore((s) => s.app?.view?.ledger.plan);
  const { value: pipeline, error } = useCall('pipeline-get', NO_INPUT);
  const data = useMemo(() => (pipeline?.balance ?? []).map((p) => ({ date: p.date, balance: units(p.balance) })), [pipeline]);
  if (error) return <main className="screen" aria-label="Pipeline"><p role="alert" className="form-error">{error.message}</p></main>;
  if (!pipeline) return <main className="screen" aria-label="Pipeline"><p className="muted">Loading…</p></main>;
  const balanceOn = (date: string) => data.find((d) => d.date === date)?.balance ?? 0;
  const noCredits = pipeline.balance.every((p) => p.balance === 0);
  return (
    <main className="screen pipeline" aria-label="Pipeline">
      <section className="card" aria-label="Balance and projects ahead">
        <h2>
          Balance ahead with the planned projects {pipeline.burnPerMonth > 0 && <AssumptionBadge ids={['forecast-even-burn']} />}
        </h2>
        {noCredits ? null : <p className="muted">Your usual {fmtCreditsWholeCount(pipeline.burnPerMonth)} a month, spread over the days as on the dashboard, plus each project on its date.</p>}
        {pipeline.projects.length === 0 ? (
          <p className="empty">
            No projects planned after today. <button type="button" className="link" onClick={() => show('projects')}>Quote one in Projects</button> and save it to see it here.
          </p>
        ) : null}
        {noCredits ? (
          // A flat line at zero says nothing (Free, or a plan ended): say it in words.
          <p className="empty">No credits are held or coming, so there is no balance to plot{pipeline.projects.length > 0 ? '; whether each project fits is in the table below' : ''}.</p>
        ) : (
          <ResponsiveContainer width="100%" height={280}>
            <LineChart data={data} margin={{ top: marksTop(MARK_ROWS), right: 24, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="date" tickFormatter={tickDay} minTickGap={32} />
              <YAxis tickFormatter={tickCredits} width={56} />
              <Tooltip labelFormatter={(d) => fmtDate(String(d))} formatter={(v) => fmtCredits(Number(v) * 3600)} />
              <Line type="stepAfter" dataKey="balance" name="Balance" stroke="#6d5efc" strokeWidth={2} dot={false} isAnimationActive={false} />
              {pipeline.renewals.map((d) => <ReferenceLine key={`r${d}`} x={d} strokeDasharray="4 3" stroke="currentColor" />)}
              {pipeline.unusedExpiring.map((e) => <ReferenceLine key={`e${e.date}`} x={e.date} stroke={EXPIRE} />)}
              {pipeline.projects.map((p) => <ReferenceDot key={`${p.name}${p.date}`} x={p.date} y={balanceOn(p.date)} r={6} fill={p.fits ? FITS : SHORT} stroke="none" />)}
              <MarkLabels
                rows={MARK_ROWS}
                marks={[
                  ...pipeline.projects.map((p) => ({ x: p.date, text: p.name, color: p.fits ? FITS : SHORT })),
                  ...pipeline.renewals.map((d) => ({ x: d, text: plan?.choice.billing === 'annual' && d !== plan.nextChargeOn ? 'new credits' : 'renewal' })),
                  ...pipeline.unusedExpiring.map((e) => ({ x: e.date, text: `${fmtCredits(e.credits)} expire`, color: EXPIRE })),
                ]}
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </section>
      <section className="card" aria-label="Planned projects">
        <h2>Projects</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Date</th>
              <th scope="col" className="num">Credits</th>
              <th scope="col">Fits?</th>
            </tr>
          </thead>
          <tbody>
            {pipeline.projects.map((p) => (
              <tr key={`${p.name}${p.date}`}>
                <td>{p.name}</td>
                <td>{fmtDate(p.date)}</td>
                <td className="num">{fmtCredits(p.credits)}</td>
                <td>
                  {p.fit ? <span className={fitClass(p.fit, p.findings.length > 0)}>{fitText(p.fit, p.findings.length > 0)}</span> : p.findings.length === 0 && <span className="good">fits</span>}
                  {p.findings.length > 0 && (
                    // One line per reason: a project can break several of a plan's limits at once.
                    <ul className="findings warn">
                      {p.findings.map((f) => findingText(f, SCREEN_WORDS)).map((text) => (
                        <li key={text}>{text}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-label="Unused credits and suggestions">
        <h2>Credits no project uses</h2>
        {pipeline.unusedExpiring.length === 0 ? (
          <p className="empty">{noCredits ? 'No credits are held or coming.' : `Every credit expiring by ${fmtDate(pipeline.until)} goes to a project.`}</p>
        ) : (
          <ul className="expiring">
            {pipeline.unusedExpiring.map((e) => (
              <li key={e.date}><strong>{fmtCredits(e.credits)}</strong> expire unused on <strong>{fmtDate(e.date)}</strong></li>
            ))}
          </ul>
        )}
        <h2 className="spaced">Suggestions</h2>
        {pipeline.suggestions.length === 0 ? <p className="empty">Nothing to change: the plan covers the projects.</p> : <ul className="suggestions">{pipeline.suggestions.map((s) => suggestionText(s, SCREEN_WORDS)).map((text) => <li key={text}>{text}</li>)}</ul>}
      </section>
    </main>
  );
}
