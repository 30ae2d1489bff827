import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardCharts } from '../../../shared/view.ts';
import { fmtCredits } from '../../format.ts';
import { burnSeries, CHART_HEIGHT, CHART_MARGIN, type Drawing, monthTicks, sameData, STEP, tickCredits, tickMonth, units } from './chartKit.ts';
import { plainAxis, plainGrid } from './plainAxes.tsx';

export type Props = { readonly burn: DashboardCharts['burn'] };

/** Credits used per month, stacked by feature (the last 12 months). Its legend is `burnSeries`. */
export const BurnByFeature = memo(function BurnByFeature({ burn, step }: Props & Drawing) {
  const { data, series } = useMemo(() => ({ data: burn.months.map((m) => Object.fromEntries([['month', m.month], ...m.credits.map((c, i) => [burn.features[i]!, units(c)])])), series: burnSeries(burn) }), [burn]);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT.burn}>
      <BarChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid {...plainGrid} />
        <XAxis dataKey="month" tickFormatter={tickMonth} ticks={monthTicks(burn.months.map((m) => m.month))} {...plainAxis} />
        <YAxis tickFormatter={tickCredits} width={56} {...plainAxis} />
        {step >= STEP.details && <Tooltip labelFormatter={(m) => tickMonth(String(m))} formatter={(v) => fmtCredits(Number(v) * 3600)} />}
        {step >= STEP.series && series.map(({ key, name, color }) => (
          <Bar key={key} dataKey={key} name={name} stackId="burn" fill={color} maxBarSize={72} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}, sameData);
