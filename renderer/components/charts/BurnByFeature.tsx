import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardCharts } from '../../../shared/view.ts';
import { fmtCredits } from '../../format.ts';
import { CHART_MARGIN, burnSeries, CHART_HEIGHT, sameData, tickCredits, tickMonth, units } from './chartKit.ts';

export type Props = { readonly burn: DashboardCharts['burn'] };

/** Credits used per month, stacked by feature (the last 12 months). Its legend is `burnSeries`. */
export const BurnByFeature = memo(function BurnByFeature({ burn }: Props) {
  const { data, series } = useMemo(() => ({ data: burn.months.map((m) => Object.fromEntries([['month', m.month], ...m.credits.map((c, i) => [burn.features[i]!, units(c)])])), series: burnSeries(burn) }), [burn]);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT.burn}>
      <BarChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tickFormatter={tickMonth} />
        <YAxis tickFormatter={tickCredits} width={56} interval={0} />
        <Tooltip labelFormatter={(m) => tickMonth(String(m))} formatter={(v) => fmtCredits(Number(v) * 3600)} />
        {series.map(({ key, name, color }) => (
          <Bar key={key} dataKey={key} name={name} stackId="burn" fill={color} maxBarSize={72} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}, sameData);
