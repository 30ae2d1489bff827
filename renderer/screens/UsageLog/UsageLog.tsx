import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { UsageRow } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import type { AccountView } from '../../../shared/view.ts';
import { refusalText } from '../../../shared/wording.ts';
import { UsageForm } from '../../components/UsageForm/UsageForm.tsx';
import { fmtCredits, fmtCreditsCount, fmtDate, SCREEN_WORDS } from '../../format.ts';
import { PAGE } from '../../store/usageSlice.ts';
import { useStore } from '../../store/store.ts';
import { tickMonth } from '../../components/charts/chartKit.ts';
import { download } from '../../download.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { Conflict, isStale } from '../../components/Conflict/Conflict.tsx';
import type { AppError } from '../../../shared/errors.ts';
import { ROW_PX, useTableRows, VirtualTable } from '../../components/VirtualTable/VirtualTable.tsx';
import { amountText } from './amountText.ts';
import { UsageCols, UsageHeads } from './usageColumns.tsx';
import { eventTitle } from '../../../shared/engine/history.ts';
import { ImportUsage } from './ImportUsage.tsx';
import { FilterSelect } from '../../components/FilterSelect/FilterSelect.tsx';
import { memberOfOption, memberOptions, optionOfMember } from '../../components/FilterSelect/memberFilter.ts';

export type Props = { readonly view: AccountView };

/** A row's and the header's height in pixels (fixed in styles.css: the list places rows by them). */
/** Rows read ahead of what is on screen, up and down. */
const AHEAD = PAGE / 2;

/** What a usage cost, as its cell shows it. */
function costText(row: UsageRow): string {
  return row.freeVideos > 0 ? `${row.freeVideos} free ${row.freeVideos === 1 ? 'video' : 'videos'}` : fmtCredits(row.credits);
}

/** The filter's count and what it took: "17 usages · 1,646 credits", "1 usage · 1 free video" (no "0 credits" on Free). */
function totalText(list: { readonly total: number; readonly totalCredits: number; readonly totalFreeVideos: number }): string {
  const free = list.totalFreeVideos > 0 ? `${list.totalFreeVideos} free ${list.totalFreeVideos === 1 ? 'video' : 'videos'}` : null;
  const credits = list.totalCredits > 0 || !free ? fmtCreditsCount(list.totalCredits) : null;
  return [`${list.total.toLocaleString()} ${list.total === 1 ? 'usage' : 'usages'}`, credits, free].filter(Boolean).join(' · ');
}

/**
 * Every usage: log new ones, filter, edit, delete (with undo), export as CSV.
 * The list (UsageTable) holds every row of the filter, however many.
 */
export function UsageLog({ view }: Props) {
  const list = useStore((s) => s.list);
  const listError = useStore((s) => s.listError);
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const editing = useStore((s) => s.editing);
  const notify = useStore((s) => s.notify);
  const read = useStore((s) => s.read);
  const anchor = useStore((s) => s.anchor);
  const logCard = useRef<HTMLElement>(null);
  // Opened to log a usage (the dashboard's "Log a usage"): the cursor waits in the form's first field.
  useEffect(() => {
    if (anchor === 'log') logCard.current?.querySelector<HTMLInputElement>('input[role="combobox"]')?.focus();
  }, [anchor]);

  async function exportCsv() {
    const reply = await read('usage-csv', filter);
    if (reply.ok) download(reply.value.text, reply.value.fileName, 'text/csv');
    else notify({ message: reply.error.message });
  }

  return (
    <main className="screen usage-log" aria-label="Usage log">
      <section className="card" aria-label={editing ? 'Edit the usage' : 'Log a usage'} ref={logCard}>
        <h2>{editing ? `Edit the usage of ${fmtDate(editing.date)}` : 'Log a usage'}</h2>
        <UsageForm projects={view.projects} members={view.members} />
      </section>
      <ImportUsage />
      <section className="card" aria-label="Usages">
        <div className="toolbar">
          <FilterSelect label="Project" all="All projects" value={filter.project ?? ''} options={view.projects.map((p) => ({ value: p, label: p }))} onChange={(v) => setFilter({ ...filter, project: v === '' ? undefined : v })} />
          <FilterSelect label="Feature" all="All features" value={filter.feature ?? ''} options={RATE_CARD_2026_11.rates.map((r) => ({ value: r.id, label: r.name }))} onChange={(v) => setFilter({ ...filter, feature: v === '' ? undefined : (v as FeatureId) })} />
          <FilterSelect label="Month" all="All months" value={filter.month ?? ''} options={(list?.months ?? []).map((m) => ({ value: m, label: tickMonth(m) }))} onChange={(v) => setFilter({ ...filter, month: v === '' ? undefined : v })} />
          {(view.members.length > 0 || filter.by !== undefined) && <FilterSelect label="Member" all="All members" value={optionOfMember(filter.by)} options={memberOptions(view.members)} onChange={(v) => setFilter({ ...filter, by: memberOfOption(v) })} />}
          <p className="toolbar__total" data-testid="usage-total">
            {list ? totalText(list) : ''}
          </p>
          <button type="button" onClick={() => void exportCsv()} disabled={!list || list.total === 0}>
            Export CSV
          </button>
        </div>
        <FormError error={listError} />
        <UsageTable />
      </section>
    </main>
  );
}

/**
 * The filter's usages, however many: only the rows on screen are drawn, and
 * their pages read from the backend as they scroll in. A new entry shows at
 * the top at once, marked as saving, until the saved rows are read. Scrolling
 * draws this list again, nothing else of the screen.
 */
function UsageTable() {
  const list = useStore((s) => s.list);
  const pages = useStore((s) => s.pages);
  const stale = useStore((s) => s.stale);
  const pending = useStore((s) => s.pending);
  const filter = useStore((s) => s.filter);
  const pagesWant = useStore((s) => s.pagesWant);
  const usageDelete = useStore((s) => s.usageDelete);
  const edit = useStore((s) => s.edit);
  const notify = useStore((s) => s.notify);
  const notifyChange = useStore((s) => s.notifyChange);

  const count = pending.length + (list?.total ?? 0);
  const table = useTableRows(count);
  const { scroller, virtualizer } = table;
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  // The pages on screen and half a page either side; while scrolling fast, only where it stops.
  const loaded = list !== null;
  useEffect(() => {
    const from = Math.max(0, first - pending.length - AHEAD);
    const to = Math.max(from, last - pending.length + AHEAD);
    const want = () => pagesWant(Array.from({ length: Math.floor(to / PAGE) - Math.floor(from / PAGE) + 1 }, (_, k) => Math.floor(from / PAGE) + k));
    if (!loaded) return want();
    const timer = setTimeout(want, 50);
    return () => clearTimeout(timer);
  }, [first, last, pending.length, loaded, pagesWant]);
  useEffect(() => () => pagesWant([]), [pagesWant]);

  // Another filter is another list: back to its top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [filter]);

  /** The row at `index` of the filter's list, as read (or as read before the account changed); undefined until read. */
  function rowAt(index: number): UsageRow | undefined {
    const page = Math.floor(index / PAGE);
    return pages.get(page)?.[index % PAGE] ?? stale.get(page)?.[index % PAGE];
  }

  // Arrow keys move between rows (one row in the tab order: the last one focused).
  const [active, setActive] = useState(0);
  const focusNext = useRef<number | null>(null);
  useEffect(() => {
    if (focusNext.current === null) return;
    const tr = scroller.current?.querySelector<HTMLElement>(`tr[data-index="${focusNext.current}"]`);
    if (!tr) return;
    tr.focus({ preventScroll: true });
    focusNext.current = null;
  });
  function rowKey(e: KeyboardEvent<HTMLTableSectionElement>) {
    if (!(e.target instanceof HTMLTableRowElement) || count === 0) return;
    const screenful = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_PX) / ROW_PX) - 2);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + screenful, PageUp: active - screenful, Home: 0, End: count - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = Math.min(count - 1, Math.max(0, to));
    setActive(next);
    focusNext.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  /** A delete refused because another window changed the usage since it was read: Delete anyway deletes it. */
  const [refused, setRefused] = useState<{ readonly row: UsageRow; readonly error: AppError } | null>(null);
  const remove = useCallback(
    async (row: UsageRow, force = false) => {
      const done = await usageDelete(row, force);
      if ('error' in done) return isStale(done.error, 'event') ? setRefused({ row, error: done.error }) : notify({ message: done.error.message });
      setRefused(null);
      notifyChange(`Deleted ${eventTitle(done.deleted)} of ${fmtDate(done.deleted.date)}`);
    },
    [usageDelete, notify, notifyChange],
  );

  const tabbable = Math.min(active, Math.max(0, count - 1));
  const conflict = refused && <Conflict error={refused.error} onReload={() => setRefused(null)} onOverwrite={() => void remove(refused.row, true)} overwriteLabel="Delete anyway" hint="Reload to see their version, or delete it anyway." />;
  return list && count === 0 ? (
    <p className="empty">{filter.project || filter.feature || filter.month || filter.by !== undefined ? 'No usage matches these filters.' : 'No usage logged yet: log one with the form above, or import a spreadsheet.'}</p>
  ) : (
    <>
      {conflict}
      <VirtualTable {...table} rows={count} maxHeight="70vh, 44rem" className="usage-log__scroll">
        <colgroup>
          <UsageCols />
          <col className="usage-log__actions" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <UsageHeads />
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody onKeyDown={rowKey} onFocus={(e) => setActive(Number(e.target.closest('tr')?.dataset.index ?? active))}>
          {items.map(({ index, key }) => {
            const saving = pending[index];
            return <Row key={key} index={index} row={saving ?? rowAt(index - pending.length)} saving={saving !== undefined} tabbable={index === tabbable} onEdit={edit} onDelete={remove} />;
          })}
        </tbody>
      </VirtualTable>
    </>
  );
}

type RowProps = {
  readonly index: number;
  /** Undefined until its page is read. */
  readonly row: UsageRow | undefined;
  /** Sent and not yet answered. */
  readonly saving: boolean;
  /** The row in the tab order. */
  readonly tabbable: boolean;
  readonly onEdit: (row: UsageRow) => void;
  readonly onDelete: (row: UsageRow) => Promise<void>;
};

/** One row of the list; drawn again only when what it shows changes, not at every scroll. */
const Row = memo(function Row({ index, row, saving, tabbable, onEdit, onDelete }: RowProps) {
  const common = { 'data-index': index, 'aria-rowindex': index + 2, tabIndex: tabbable ? 0 : -1 };
  if (!row) {
    return (
      <tr {...common} aria-busy="true" className="usage-log__unread">
        <td colSpan={7}>Reading…</td>
      </tr>
    );
  }
  const feature = rateOf(RATE_CARD_2026_11, row.feature)!.name;
  return (
    <tr {...common} className={saving ? 'saving' : row.refused ? 'refused' : undefined}>
      <td>{fmtDate(row.date)}</td>
      <td title={feature}>{feature}</td>
      <td>{amountText(row)}</td>
      <td title={row.project}>{row.project ?? ''}</td>
      <td title={row.by} data-testid="usage-member">{row.by ?? ''}</td>
      <td className="num" title={row.refused ? refusalText(row.refused, SCREEN_WORDS) : undefined}>
        {row.refused ? <span className="badge">refused</span> : costText(row)}
      </td>
      <td className="actions">
        {saving ? (
          <span className="badge badge--saving">saving…</span>
        ) : (
          <>
            <button type="button" onClick={() => onEdit(row)} aria-label={`Edit the usage of ${fmtDate(row.date)}`}>
              Edit
            </button>
            <button type="button" onClick={() => void onDelete(row)} aria-label={`Delete the usage of ${fmtDate(row.date)}`}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
});
