/**
 * A table of many rows in a box of its own that scrolls: only the rows on
 * screen (and a few around them) are drawn, the head stays on top, and the box
 * is as tall as its rows, up to `maxHeight`. The usage log and the import's
 * preview both list their rows this way.
 */
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useRef, type HTMLAttributes, type ReactNode, type RefObject } from 'react';

/** A row's height, and the head's, as the styles draw them. */
export const ROW_PX = 40;
export const HEAD_PX = 36;

export interface TableRows {
  readonly scroller: RefObject<HTMLDivElement | null>;
  readonly virtualizer: Virtualizer<HTMLDivElement, Element>;
}

/** The box and the virtualizer of a table of `count` rows. */
export function useTableRows(count: number): TableRows {
  const scroller = useRef<HTMLDivElement>(null);
  // Drawn in the next frame rather than inside each scroll event (useFlushSync: false): a fast scroll draws once a frame.
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 8, paddingStart: HEAD_PX, scrollPaddingStart: HEAD_PX, useFlushSync: false });
  return { scroller, virtualizer };
}

type Props = TableRows &
  Omit<HTMLAttributes<HTMLDivElement>, 'style'> & {
    /** How many rows the table has, its head not counted. */
    readonly rows: number;
    /** The most the box may take, as CSS lengths (`min()` takes the smallest). */
    readonly maxHeight: string;
    /** The table's colgroup, thead and tbody, the body drawing `virtualizer.getVirtualItems()`. */
    readonly children: ReactNode;
  };

export function VirtualTable({ scroller, virtualizer, rows, maxHeight, children, ...box }: Props) {
  const first = virtualizer.getVirtualItems()[0];
  return (
    <div {...box} ref={scroller} style={{ height: `min(${maxHeight}, ${virtualizer.getTotalSize() + 1}px)` }}>
      <div style={{ height: virtualizer.getTotalSize() }} className="usage-log__space">
        <table className="usage-log__table" aria-rowcount={rows + 1} style={{ top: (first?.start ?? HEAD_PX) - HEAD_PX }}>
          {children}
        </table>
      </div>
    </div>
  );
}
