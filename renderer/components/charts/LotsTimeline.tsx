import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { daysBetween } from '../../../shared/dates.ts';
import type { DashboardCharts } from '../../../shared/view.ts';
import { fmtCredits, fmtDate } from '../../format.ts';
import { CHART_HEIGHT, CHART_MARGIN, dayAxis, type Drawing, lotSeries, sameData, STEP, tickCredits, tickDay, units } from './chartKit.ts';
import { MarkLabels, marksTop } from './MarkLabels.tsx';
import { plainAxis, plainGrid } from './plainAxes.tsx';

export type Props = { readonly lots: DashboardCharts['lots'] };

/**
 * The credits held from today until they expire, one band per kind and expiry date (first to expire at the bottom):
 * the cliffs are the expiries (if nothing more is used). The axis counts days from today. Its legend is `lotSeries`.
 */
export const LotsTimeline = memo(function LotsTimeline({ lots, step }: Props & Drawing) {
  const { data, bands, cliffs, axis, last } = useMemo(() => {
    const bands = lotSeries(lots);
    const first = lots.points[0]!.date;
    const data = lots.points.map((p) => Object.fromEntries([['day', daysBetween(first, p.date)], ...p.credits.map((c, i) => [bands[i]!.key, units(c)])]));
    const cliffs = [...new Set(lots.bands.flatMap((b) => (b.expiresOn ? [b.expiresOn] : [])))].map((date) => ({ date, day: daysBetween(first, date) }));
    return { data, bands, cliffs, axis: dayAxis(first, lots.points.at(-1)!.date), last: daysBetween(first, lots.points.at(-1)!.date) };
  }, [lots]);
  // One row of labels: an expiry whose label would cross another's is still named in the legend.
  const rows = Math.min(1, cliffs.length);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT.lots}>
      <AreaChart data={data} margin={{ ...CHART_MARGIN, top: marksTop(rows) }}>
        <CartesianGrid {...plainGrid} />
        <XAxis dataKey="day" type="number" domain={[0, last]} ticks={axis.ticks} tickFormatter={axis.label} {...plainAxis} />
        <YAxis tickFormatter={tickCredits} width={56} {...plainAxis} />
        {step >= STEP.details && <Tooltip labelFormatter={(d) => fmtDate(axis.date(Number(d)))} formatter={(v) => fmtCredits(Number(v) * 3600)} />}
        {step >= STEP.series && bands.map(({ key, name, color }) => (
          <Area key={key} type="stepAfter" dataKey={key} name={name} stackId="lots" stroke={color} fill={color} fillOpacity={0.35} isAnimationActive={false} />
        ))}
        {step >= STEP.details && cliffs.map(({ date, day }) => <ReferenceLine key={date} x={day} strokeDasharray="4 3" stroke="currentColor" />)}
        {step >= STEP.details && <MarkLabels marks={cliffs.map(({ date, day }) => ({ x: day, text: `expires ${tickDay(date)}` }))} rows={rows} />}
      </AreaChart>
    </ResponsiveContainer>
  );
}, sameData);
