import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LotView } from '../../../shared/engine/ledger.ts';
import { fmtCredits, fmtDate } from '../../format.ts';
import { SERIES_COLOR, tickCredits, tickDay, units } from './chartKit.ts';

export type Props = { readonly lots: readonly LotView[]; readonly at: string };

const KIND: Record<string, string> = { allocation: 'Monthly', upgrade: 'Upgrade', addon: 'Add-on', adjustment: 'Balance check' };

/** Each lot's credits from today until it expires, stacked: the cliffs are the expiries (if nothing more is used). */
export const LotsTimeline = memo(function LotsTimeline({ lots, at }: Props) {
  const { data, keys, cliffs } = useMemo(() => {
    const cliffs = [...new Set(lots.flatMap((l) => (l.expiresOn ? [l.expiresOn] : [])))].sort();
    const dates = [at, ...cliffs];
    const keys = lots.map((l) => ({ key: `lot${l.id}`, name: `${KIND[l.kind]} · ${fmtDate(l.grantedOn)}`, lot: l }));
    const data = dates.map((date) => Object.fromEntries([['date', date], ...keys.map(({ key, lot }) => [key, lot.expiresOn === null || date < lot.expiresOn ? units(lot.remaining) : 0])]));
    return { data, keys, cliffs };
  }, [lots, at]);
  if (lots.length === 0) return <p className="empty">No credits held right now. They arrive with the next cycle, or log a balance check in Settings if the dashboard shows more.</p>;
  return (
    <ResponsiveContainer width="100%" height={240}>
      <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tickFormatter={tickDay} minTickGap={24} />
        <YAxis tickFormatter={tickCredits} width={56} />
        <Tooltip labelFormatter={(d) => fmtDate(String(d))} formatter={(v) => fmtCredits(Number(v) * 3600)} />
        <Legend />
        {keys.map(({ key, name }, i) => (
          <Area key={key} type="stepAfter" dataKey={key} name={name} stackId="lots" stroke={SERIES_COLOR[i % SERIES_COLOR.length]} fill={SERIES_COLOR[i % SERIES_COLOR.length]} fillOpacity={0.35} isAnimationActive={false} />
        ))}
        {cliffs.map((d) => (
          <ReferenceLine key={d} x={d} strokeDasharray="4 3" stroke="currentColor" label={{ value: `expires ${tickDay(d)}`, position: 'insideTopRight', fontSize: 11 }} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
});
