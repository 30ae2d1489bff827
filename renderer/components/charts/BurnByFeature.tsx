import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { RATE_CARD_2026_11 } from '../../../shared/catalog/rateCard.ts';
import type { MonthBurn } from '../../../shared/view.ts';
import { fmtCredits } from '../../format.ts';
import { FEATURE_COLOR, tickCredits, tickMonth, units } from './chartKit.ts';

export type Props = { readonly months: readonly MonthBurn[] };

/** Credits used per month, stacked by feature (the last 12 months). */
export const BurnByFeature = memo(function BurnByFeature({ months }: Props) {
  const { data, features } = useMemo(() => {
    const recent = months.slice(-12);
    const used = new Set(recent.flatMap((m) => Object.keys(m.byFeature)));
    const features = RATE_CARD_2026_11.rates.filter((r) => used.has(r.id));
    const data = recent.map((m) => ({ month: m.month, ...Object.fromEntries(features.map((f) => [f.id, units(m.byFeature[f.id] ?? 0)])) }));
    return { data, features };
  }, [months]);
  if (data.length === 0) return <p className="empty">No usage logged yet. Log one above and the month appears here.</p>;
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tickFormatter={tickMonth} />
        <YAxis tickFormatter={tickCredits} width={56} />
        <Tooltip labelFormatter={(m) => tickMonth(String(m))} formatter={(v) => fmtCredits(Number(v) * 3600)} />
        <Legend />
        {features.map((f) => (
          <Bar key={f.id} dataKey={f.id} name={f.name} stackId="burn" fill={FEATURE_COLOR[f.id]} maxBarSize={72} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
});
