import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Forecast } from '../../../shared/engine/forecast.ts';
import { fmtCredits, fmtDate } from '../../format.ts';
import { tickCredits, tickDay, units } from './chartKit.ts';

/** `annual`: on annual billing the monthly grant is not the renewal. */
export type Props = { readonly forecast: Omit<Forecast, 'ledger'>; readonly annual: boolean };

/** The balance ahead at the recent burn, with the range from the P90 to the P10 burn, the renewal and any run-out. */
export const ForecastChart = memo(function ForecastChart({ forecast, annual }: Props) {
  const data = useMemo(() => forecast.projection.map((p) => ({ date: p.date, balance: units(p.balance), band: [units(p.low), units(p.high)] })), [forecast.projection]);
  if (data.length === 0) return <p className="empty">The forecast needs a paid plan and some usage to project.</p>;
  // A flat line at zero says nothing: say it in words.
  if (forecast.projection.every((p) => p.high === 0)) return <p className="empty">No credits are held or coming, so there is no balance to project.</p>;
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tickFormatter={tickDay} minTickGap={32} />
        <YAxis tickFormatter={tickCredits} width={56} />
        <Tooltip labelFormatter={(d) => fmtDate(String(d))} formatter={(v) => (Array.isArray(v) ? `${fmtCredits(v[0] * 3600)} – ${fmtCredits(v[1] * 3600)}` : fmtCredits(Number(v) * 3600))} />
        <Legend />
        <Area dataKey="band" name="P10–P90 burn" stroke="none" fill="#6d5efc" fillOpacity={0.18} isAnimationActive={false} />
        <Line dataKey="balance" name="Balance at the recent burn" stroke="#6d5efc" strokeWidth={2} dot={false} isAnimationActive={false} />
        {forecast.renewalOn && <ReferenceLine x={forecast.renewalOn} strokeDasharray="4 3" stroke="currentColor" label={{ value: annual ? 'new credits' : 'renewal', position: 'insideTopLeft', fontSize: 11 }} />}
        {forecast.runOutOn && forecast.runOutOn <= data.at(-1)!.date && <ReferenceLine x={forecast.runOutOn} stroke="#e15759" label={{ value: 'runs out', position: 'insideTopRight', fontSize: 11, fill: '#e15759' }} />}
      </ComposedChart>
    </ResponsiveContainer>
  );
});
