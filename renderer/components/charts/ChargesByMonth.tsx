import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Charge } from '../../../shared/engine/state.ts';
import { fmtMoney } from '../../format.ts';
import { tickMonth } from './chartKit.ts';

export type Props = { readonly charges: readonly Charge[] };

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** What was paid each month (the last 12). */
export const ChargesByMonth = memo(function ChargesByMonth({ charges }: Props) {
  const data = useMemo(() => {
    const byMonth = new Map<string, number>();
    for (const c of charges) byMonth.set(c.date.slice(0, 7), (byMonth.get(c.date.slice(0, 7)) ?? 0) + c.amount);
    return [...byMonth.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).slice(-12).map(([month, cents]) => ({ month, usd: cents / 100 }));
  }, [charges]);
  if (data.length === 0) return <p className="empty">No charges yet.</p>;
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tickFormatter={tickMonth} />
        <YAxis tickFormatter={(v: number) => usd.format(v)} width={64} />
        <Tooltip labelFormatter={(m) => tickMonth(String(m))} formatter={(v) => fmtMoney(Number(v) * 100)} />
        <Bar dataKey="usd" name="Charged" fill="#1fa187" maxBarSize={72} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
});
