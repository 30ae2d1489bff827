import { useEffect, useMemo, useRef, useState } from 'react';
import type { UsageImportPreview } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, rateOf } from '../../../shared/catalog/rateCard.ts';
import { useTableRows, VirtualTable } from '../../components/VirtualTable/VirtualTable.tsx';
import { fmtCredits, fmtDate } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { amountText } from './amountText.ts';
import { UsageCols, UsageHeads } from './usageColumns.tsx';
import type { ImportInput } from './useImportUsage.ts';

/** Rows a page of the preview holds: the first page comes with the preview. */
const PREVIEW_PAGE = 200;

type PreviewRow = UsageImportPreview['rows'][number];

/**
 * Every row the file adds, with what each costs: only the rows on screen are
 * drawn, and the pages after the first are read from the backend (which keeps
 * the preview it read) as they scroll in.
 */
export function ImportRows({ preview, input, onSkip }: { readonly preview: UsageImportPreview; readonly input: ImportInput; readonly onSkip: (row: number) => void }) {
  const read = useStore((s) => s.read);
  const [pages, setPages] = useState<{ readonly of: UsageImportPreview; readonly rows: ReadonlyMap<number, readonly PreviewRow[]> }>({ of: preview, rows: new Map([[0, preview.rows]]) });
  // Another preview (the mapping changed) starts its own pages.
  const shown = useMemo(() => (pages.of === preview ? pages.rows : new Map([[0, preview.rows]])), [pages, preview]);
  /** The pages asked for and not answered yet, with the preview they were asked for. */
  const asked = useRef(new Map<number, UsageImportPreview>());
  const latest = useRef({ preview, input });
  latest.current = { preview, input };
  const table = useTableRows(preview.added);
  const items = table.virtualizer.getVirtualItems();
  const first = Math.floor((items[0]?.index ?? 0) / PREVIEW_PAGE);
  const last = Math.floor((items.at(-1)?.index ?? 0) / PREVIEW_PAGE);

  useEffect(() => {
    const timer = setTimeout(() => {
      const of = latest.current.preview;
      for (let page = first; page <= last; page++) {
        if (shown.has(page) || asked.current.get(page) === of) continue;
        asked.current.set(page, of);
        void read('usage-import-preview', { ...latest.current.input, offset: page * PREVIEW_PAGE, limit: PREVIEW_PAGE }).then((reply) => {
          if (asked.current.get(page) === of) asked.current.delete(page);
          if (!reply.ok || latest.current.preview !== of) return;
          setPages((p) => ({ of, rows: new Map(p.of === of ? p.rows : [[0, of.rows]]).set(page, reply.value.rows) }));
        });
      }
    }, 50);
    return () => clearTimeout(timer);
  }, [first, last, shown, read]);

  return (
    <VirtualTable {...table} rows={preview.added} maxHeight="50vh, 30rem" className="usage-log__scroll import-usage__rows" tabIndex={0} role="region" aria-label="The rows to add">
      <colgroup>
        <col className="import-usage__row" />
        <UsageCols />
        <col className="import-usage__skip" />
      </colgroup>
      <thead>
        <tr aria-rowindex={1}>
          <th scope="col" className="num">Row</th>
          <UsageHeads />
          <th scope="col">
            <span className="visually-hidden">Skip</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map(({ index, key }) => {
          const r = shown.get(Math.floor(index / PREVIEW_PAGE))?.[index % PREVIEW_PAGE];
          if (!r) {
            return (
              <tr key={key} aria-rowindex={index + 2} aria-busy="true" className="usage-log__unread">
                <td colSpan={8}>Reading…</td>
              </tr>
            );
          }
          const feature = rateOf(RATE_CARD_2026_11, r.feature)!.name;
          return (
            <tr key={key} aria-rowindex={index + 2}>
              <td className="num">{r.row.toLocaleString()}</td>
              <td>{fmtDate(r.date)}</td>
              <td title={feature}>{feature}</td>
              <td>{amountText(r)}</td>
              <td title={r.project}>{r.project ?? ''}</td>
              <td title={r.by}>{r.by ?? ''}</td>
              <td className="num">{r.refused ? <span className="badge">refused</span> : fmtCredits(r.credits)}</td>
              <td>
                <button type="button" className="link" aria-label={`Skip row ${r.row}`} onClick={() => onSkip(r.row)}>
                  Skip
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </VirtualTable>
  );
}
