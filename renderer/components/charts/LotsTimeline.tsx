import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardCharts } from '../../../shared/view.ts';
import { fmtCredits, fmtDate } from '../../format.ts';
import { CHART_MARGIN, CHART_HEIGHT, lotSeries, sameData, tickCredits, tickDay, units } from './chartKit.ts';

export type Props = { readonly lots: DashboardCharts['lots'] };

/**
 * The credits held from today until they expire, one band per kind and expiry date (first to expire at the bottom):
 * the cliffs are the expiries (if nothing more is used). Its legend is `lotSeries`.
 */
export const LotsTimeline = memo(function LotsTimeline({ lots }: Props) {
  const { data, bands, cliffs } = useMemo(() => {
    const bands = lotSeries(lots);
    const data = lots.points.map((p) => Object.fromEntries([['date', p.date], ...p.credits.map((c, i) => [bands[i]!.key, units(c)])]));
    const cliffs = [...new Set(lots.bands.flatMap((b) => (b.expiresOn ? [b.expiresOn] : [])))];
    return { data, bands, cliffs };
  }, [lots]);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT.lots}>
      <AreaChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tickFormatter={tickDay} minTickGap={24} />
        <YAxis tickFormatter={tickCredits} width={56} interval={0} />
        <Tooltip labelFormatter={(d) => fmtDate(String(d))} formatter={(v) => fmtCredits(Number(v) * 3600)} />
        {bands.map(({ key, name, color }) => (
          <Area key={key} type="stepAfter" dataKey={key} name={name} stackId="lots" stroke={color} fill={color} fillOpacity={0.35} isAnimationActive={false} />
        ))}
        {cliffs.map((d) => (
          <ReferenceLine key={d} x={d} strokeDasharray="4 3" stroke="currentColor" label={{ value: `expires ${tickDay(d)}`, position: 'insideTopRight', fontSize: 11 }} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}, sameData);
