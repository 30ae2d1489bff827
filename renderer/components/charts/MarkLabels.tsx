/**
 * The labels of the lines and dots a chart marks on its time axis (a renewal, a run-out, a project), written in a
 * strip above the plot: never over the data, never over each other, never past the chart's edge.
 */
import { usePlotArea, useXAxisScale } from 'recharts';

/** A mark's label: where it is on the x axis (the axis's own value), its words, and its colour (the chart's text colour if none). */
export interface Mark {
  readonly x: number | string;
  readonly text: string;
  readonly color?: string;
}

const FONT_PX = 11;
const ROW_PX = 14;
const GAP_PX = 8;
/** A label's width, estimated rather than measured (measuring text forces a layout while the chart draws: plainAxes.tsx). */
const widthOf = (text: string) => text.length * FONT_PX * 0.62;

/** The chart's top margin for a strip of `rows` rows of labels. */
export function marksTop(rows: number): number {
  return 6 + rows * ROW_PX;
}

export type Props = { readonly marks: readonly Mark[]; readonly rows: number };

/**
 * Each label beside its mark (to its left near the right edge), in the first of `rows` rows where it crosses none
 * placed before it: the marks come most important first. One that fits no row is left out; its line stays, and the
 * tooltip and the lists beside the chart still say it.
 */
export function MarkLabels({ marks, rows }: Props) {
  const scale = useXAxisScale();
  const plot = usePlotArea();
  if (!scale || !plot) return null;
  const taken: { row: number; from: number; to: number }[] = [];
  const placed = marks.flatMap((m) => {
    const x = scale(m.x);
    if (x === undefined) return [];
    const width = widthOf(m.text);
    const from = x + 4 + width <= plot.x + plot.width ? x + 4 : Math.max(0, x - 4 - width);
    const to = from + width;
    const row = Array.from({ length: rows }, (_, r) => r).find((r) => !taken.some((t) => t.row === r && from < t.to + GAP_PX && t.from < to + GAP_PX));
    if (row === undefined) return [];
    taken.push({ row, from, to });
    return [{ ...m, from, row }];
  });
  return (
    <g className="chart-marks">
      {placed.map((m) => (
        <text key={`${m.x}${m.text}`} x={m.from} y={plot.y - 5 - m.row * ROW_PX} fontSize={FONT_PX} fill={m.color} className={m.color ? undefined : 'chart-marks__text'}>
          {m.text}
        </text>
      ))}
    </g>
  );
}
