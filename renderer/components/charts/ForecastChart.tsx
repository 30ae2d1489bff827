import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { daysBetween } from '../../../shared/dates.ts';
import type { IsoDate } from '../../../shared/units.ts';
import type { DashboardCharts } from '../../../shared/view.ts';
import { fmtCredits, fmtDate } from '../../format.ts';
import { CHART_HEIGHT, CHART_MARGIN, dayAxis, type Drawing, FORECAST_SERIES, sameData, STEP, tickCredits, units } from './chartKit.ts';
import { MarkLabels, marksTop, type Mark } from './MarkLabels.tsx';
import { plainAxis, plainGrid } from './plainAxes.tsx';

/** `annual`: on annual billing the monthly grant is not the renewal. */
export type Props = { readonly points: DashboardCharts['forecast']; readonly marks: DashboardCharts['forecastMarks']; readonly annual: boolean };

const { band, balance } = FORECAST_SERIES;
const RUN_OUT = '#e15759';

/**
 * The balance ahead at the recent burn, with the range from the P90 to the P10 burn, the renewal and any run-out.
 * The points need not be a day apart (a long horizon is drawn a week apart and at each turn): the axis counts days.
 * Its legend is `FORECAST_SERIES`.
 */
export const ForecastChart = memo(function ForecastChart({ points, marks, annual, step }: Props & Drawing) {
  const { data, axis, last } = useMemo(() => {
    const first = points[0]!.date;
    const data = points.map((p) => ({ day: daysBetween(first, p.date), [balance.key]: units(p.balance), [band.key]: [units(p.low), units(p.high)] }));
    return { data, axis: dayAxis(first, points.at(-1)!.date), last: data.at(-1)!.day };
  }, [points]);
  const dayOf = (date: IsoDate) => daysBetween(points[0]!.date, date);
  const labels: Mark[] = [];
  if (marks.renewal) labels.push({ x: dayOf(marks.renewal), text: annual ? 'new credits' : 'renewal' });
  if (marks.runOut) labels.push({ x: dayOf(marks.runOut), text: 'runs out', color: RUN_OUT });
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT.forecast}>
      <ComposedChart data={data} margin={{ ...CHART_MARGIN, top: marksTop(labels.length) }}>
        <CartesianGrid {...plainGrid} />
        <XAxis dataKey="day" type="number" domain={[0, last]} ticks={axis.ticks} tickFormatter={axis.label} {...plainAxis} />
        <YAxis tickFormatter={tickCredits} width={56} {...plainAxis} />
        {step >= STEP.details && <Tooltip labelFormatter={(d) => fmtDate(axis.date(Number(d)))} formatter={(v) => (Array.isArray(v) ? `${fmtCredits(v[0] * 3600)} – ${fmtCredits(v[1] * 3600)}` : fmtCredits(Number(v) * 3600))} />}
        {step >= STEP.series && <Area dataKey={band.key} name={band.name} stroke="none" fill={band.color} fillOpacity={0.18} isAnimationActive={false} />}
        {step >= STEP.series && <Line dataKey={balance.key} name={balance.name} stroke={balance.color} strokeWidth={2} dot={false} isAnimationActive={false} />}
        {step >= STEP.details && marks.renewal && <ReferenceLine x={dayOf(marks.renewal)} strokeDasharray="4 3" stroke="currentColor" />}
        {step >= STEP.details && marks.runOut && <ReferenceLine x={dayOf(marks.runOut)} stroke={RUN_OUT} />}
        {step >= STEP.details && <MarkLabels marks={labels} rows={labels.length} />}
      </ComposedChart>
    </ResponsiveContainer>
  );
}, sameData);
