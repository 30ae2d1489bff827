import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LotView } from '../../../shared/engine/ledger.ts';
import { fmtCredits, fmtDate } from '../../format.ts';
import { SERIES_COLOR, tickCredits, tickDay, units } from './chartKit.ts';

/** `until`: the last day drawn when no expiry comes later (the forecast's horizon). */
export type Props = { readonly lots: readonly LotView[]; readonly at: string; readonly until: string };

const KIND: Record<string, string> = { allocation: 'Monthly credits', upgrade: 'Upgrade credits', addon: 'Add-on credits', adjustment: 'Balance check' };

/**
 * The credits held from today until they expire, one band per kind and expiry date (first to expire at the bottom):
 * the cliffs are the expiries (if nothing more is used).
 */
export const LotsTimeline = memo(function LotsTimeline({ lots, at, until }: Props) {
  const { data, bands, cliffs } = useMemo(() => {
    const groups = new Map<string, { kind: string; expiresOn: string | null; remaining: number }>();
    for (const l of lots) {
      const key = `${l.kind}|${l.expiresOn ?? ''}`;
      const g = groups.get(key) ?? { kind: l.kind, expiresOn: l.expiresOn, remaining: 0 };
      g.remaining += l.remaining;
      groups.set(key, g);
    }
    const bands = [...groups.values()]
      .sort((a, b) => (a.expiresOn ?? '9999').localeCompare(b.expiresOn ?? '9999') || a.kind.localeCompare(b.kind))
      .map((g, i) => ({ ...g, key: `band${String(i).padStart(3, '0')}`, name: `${KIND[g.kind]} · ${g.expiresOn ? `expire ${fmtDate(g.expiresOn)}` : 'no expiry'}` }));
    const cliffs = [...new Set(bands.flatMap((b) => (b.expiresOn ? [b.expiresOn] : [])))].sort();
    const last = cliffs.at(-1);
    // Credits that never expire are drawn to the horizon, not to a single day.
    const lasting = bands.some((b) => b.expiresOn === null) && until > (last ?? at);
    const dates = [at, ...cliffs, ...(lasting ? [until] : [])];
    const data = dates.map((date) => Object.fromEntries([['date', date], ...bands.map((b) => [b.key, b.expiresOn === null || date < b.expiresOn ? units(b.remaining) : 0])]));
    return { data, bands, cliffs };
  }, [lots, at, until]);
  if (lots.length === 0) return <p className="empty">No credits held right now. They arrive with the next cycle, or log a balance check in Settings if the dashboard shows more.</p>;
  return (
    <ResponsiveContainer width="100%" height={240}>
      <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tickFormatter={tickDay} minTickGap={24} />
        <YAxis tickFormatter={tickCredits} width={56} />
        <Tooltip labelFormatter={(d) => fmtDate(String(d))} formatter={(v) => fmtCredits(Number(v) * 3600)} />
        <Legend itemSorter="dataKey" />
        {bands.map(({ key, name }, i) => (
          <Area key={key} type="stepAfter" dataKey={key} name={name} stackId="lots" stroke={SERIES_COLOR[i % SERIES_COLOR.length]} fill={SERIES_COLOR[i % SERIES_COLOR.length]} fillOpacity={0.35} isAnimationActive={false} />
        ))}
        {cliffs.map((d) => (
          <ReferenceLine key={d} x={d} strokeDasharray="4 3" stroke="currentColor" label={{ value: `expires ${tickDay(d)}`, position: 'insideTopRight', fontSize: 11 }} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
});
