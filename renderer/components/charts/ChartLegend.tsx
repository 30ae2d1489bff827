import type { Series } from './chartKit.ts';

/**
 * A chart's legend, under it: plain text the chart does not have to measure
 * and lay out again (recharts' own legend makes every chart draw twice).
 */
export function ChartLegend({ series }: { series: readonly Series[] }) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {series.map((s) => (
        <li key={s.key}>
          <span className={`chart-legend__mark chart-legend__mark--${s.mark}`} style={{ backgroundColor: s.color }} />
          {s.name}
        </li>
      ))}
    </ul>
  );
}
