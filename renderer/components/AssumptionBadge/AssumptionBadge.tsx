import { useId, useRef, type CSSProperties } from 'react';
import { ASSUMPTIONS, PRICE_ASSUMPTIONS, type AssumptionId } from '../../../shared/catalog/assumptions.ts';
import { useStore } from '../../store/store.ts';

export type Props = { readonly ids: readonly AssumptionId[] };

/**
 * "estimated" (a price that is a guess) or "assumption" beside a number that rests on one:
 * a button that opens what it rests on, with a link to every assumption the app makes.
 */
export function AssumptionBadge({ ids }: Props) {
  const show = useStore((s) => s.show);
  const popover = useRef<HTMLSpanElement>(null);
  const id = `assumption-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  if (ids.length === 0) return null;
  const estimated = ids.some((i) => PRICE_ASSUMPTIONS.has(i));
  return (
    <span className="assumption">
      <button type="button" className={`badge ${estimated ? 'badge--estimated' : 'badge--assumption'}`} popoverTarget={id} style={{ anchorName: `--${id}` } as CSSProperties}>
        {estimated ? 'estimated' : 'assumption'}
      </button>
      <span ref={popover} id={id} popover="auto" role="note" className="assumption__popover" style={{ positionAnchor: `--${id}` } as CSSProperties}>
        {ids.map((i) => (
          <span key={i} className="assumption__text">
            {ASSUMPTIONS[i]}
          </span>
        ))}
        <button
          type="button"
          className="link"
          onClick={() => {
            popover.current?.hidePopover();
            show('about', ids[0]);
          }}
        >
          About these numbers
        </button>
      </span>
    </span>
  );
}
