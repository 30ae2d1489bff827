/**
 * Axes that draw without measuring text in the page. Recharts' own tick label
 * measures each word to wrap it, and its default tick spacing (and the grid's
 * vertical lines, even when hidden) measures every label: each a layout forced
 * while the chart draws, which made the first chart's draw the dashboard's
 * longest task. The charts give their axes the ticks to show and `plainAxis`
 * (those ticks only, drawn with `PlainTick`), and their grid `plainGrid`.
 */

import type { XAxisTickContentProps, YAxisTickContentProps } from 'recharts';

/** Where the text sits against its point, as recharts places a one-line label (its cap height is 0.71em). */
const DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

function PlainTick({ x, y, index, payload, textAnchor, verticalAnchor, tickFormatter, className, fill }: XAxisTickContentProps | YAxisTickContentProps) {
  return (
    <text x={x} y={y} dy={DY[verticalAnchor]} textAnchor={textAnchor} className={className} fill={fill}>
      {tickFormatter ? tickFormatter(payload.value, index) : String(payload.value)}
    </text>
  );
}

/** The grid's vertical lines, which the charts do not draw: none, so that the grid does not work out the x axis's ticks again. */
const noVerticalLines = (): number[] => [];

/** The charts' grid: dashed horizontal lines. */
export const plainGrid = { strokeDasharray: '3 3', vertical: false, verticalCoordinatesGenerator: noVerticalLines } as const;

/** An axis that shows the ticks it is given, each as plain text. */
export const plainAxis = { interval: 0, tick: PlainTick } as const;
