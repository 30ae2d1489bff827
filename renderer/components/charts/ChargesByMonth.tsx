import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardCharts } from '../../../shared/view.ts';
import { fmtMoney } from '../../format.ts';
import { CHART_HEIGHT, CHART_MARGIN, type Drawing, monthTicks, sameData, STEP, tickMonth } from './chartKit.ts';
import { plainAxis, plainGrid } from './plainAxes.tsx';

export type Props = { readonly charges: DashboardCharts['charges'] };

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** What was paid each month (the last 12). */
export const ChargesByMonth = memo(function ChargesByMonth({ charges, step }: Props & Drawing) {
  const data = useMemo(() => charges.map((c) => ({ month: c.month, usd: c.amount / 100 })), [charges]);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT.charges}>
      <BarChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid {...plainGrid} />
        <XAxis dataKey="month" tickFormatter={tickMonth} ticks={monthTicks(charges.map((c) => c.month))} {...plainAxis} />
        <YAxis tickFormatter={(v: number) => usd.format(v)} width={64} {...plainAxis} />
        {step >= STEP.details && <Tooltip labelFormatter={(m) => tickMonth(String(m))} formatter={(v) => fmtMoney(Number(v) * 100)} />}
        {step >= STEP.series && <Bar dataKey="usd" name="Charged" fill="#1fa187" maxBarSize={72} isAnimationActive={false} />}
      </BarChart>
    </ResponsiveContainer>
  );
}, sameData);
