import { useEffect } from 'react';
import type { UsageRow } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import type { AccountView } from '../../../shared/view.ts';
import { send } from '../../bridge.ts';
import { UsageForm } from '../../components/UsageForm/UsageForm.tsx';
import { fmtCredits, fmtDate, fmtSentence } from '../../format.ts';
import { PAGE } from '../../store/usageSlice.ts';
import { useStore } from '../../store/store.ts';
import { tickMonth } from '../../components/charts/chartKit.ts';
import { download } from '../../download.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { amountText } from './amountText.ts';
import { eventTitle } from '../../../shared/engine/history.ts';
import { ImportUsage } from './ImportUsage.tsx';
import { FilterSelect } from '../../components/FilterSelect/FilterSelect.tsx';

export type Props = { readonly view: AccountView };

/** Every usage: log new ones, filter, edit, delete (with undo), export as CSV. */
export function UsageLog({ view }: Props) {
  const app = useStore((s) => s.app);
  const list = useStore((s) => s.list);
  const listError = useStore((s) => s.listError);
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const loadList = useStore((s) => s.loadList);
  const edit = useStore((s) => s.edit);
  const editing = useStore((s) => s.editing);
  const notify = useStore((s) => s.notify);
  const notifyChange = useStore((s) => s.notifyChange);

  useEffect(() => {
    void loadList();
  }, [app, loadList]);

  async function remove(row: UsageRow) {
    const reply = await send('event-delete', { id: row.id });
    if (!reply.ok) return notify({ message: reply.error.message });
    const { deleted, ...state } = reply.value;
    useStore.setState({ app: state });
    notifyChange(`Deleted ${eventTitle(deleted)} of ${fmtDate(deleted.date)}`);
  }

  async function exportCsv() {
    const reply = await send('usage-csv', filter);
    if (reply.ok) download(reply.value.text, reply.value.fileName, 'text/csv');
    else notify({ message: reply.error.message });
  }

  return (
    <main className="screen usage-log" aria-label="Usage log">
      <section className="card" aria-label={editing ? 'Edit the usage' : 'Log a usage'}>
        <h2>{editing ? `Edit the usage of ${fmtDate(editing.date)}` : 'Log a usage'}</h2>
        <UsageForm projects={view.projects} />
      </section>
      <ImportUsage />
      <section className="card" aria-label="Usages">
        <div className="toolbar">
          <FilterSelect label="Project" all="All projects" value={filter.project ?? ''} options={view.projects.map((p) => ({ value: p, label: p }))} onChange={(v) => setFilter({ ...filter, project: v === '' ? undefined : v })} />
          <FilterSelect label="Feature" all="All features" value={filter.feature ?? ''} options={RATE_CARD_2026_11.rates.map((r) => ({ value: r.id, label: r.name }))} onChange={(v) => setFilter({ ...filter, feature: v === '' ? undefined : (v as FeatureId) })} />
          <FilterSelect label="Month" all="All months" value={filter.month ?? ''} options={(list?.months ?? []).map((m) => ({ value: m, label: tickMonth(m) }))} onChange={(v) => setFilter({ ...filter, month: v === '' ? undefined : v })} />
          <p className="toolbar__total" data-testid="usage-total">
            {list ? `${list.total.toLocaleString()} ${list.total === 1 ? 'usage' : 'usages'} · ${fmtCredits(list.totalCredits)} credits${list.totalFreeVideos > 0 ? ` · ${list.totalFreeVideos} free ${list.totalFreeVideos === 1 ? 'video' : 'videos'}` : ''}` : ''}
          </p>
          <button type="button" onClick={() => void exportCsv()} disabled={!list || list.total === 0}>
            Export CSV
          </button>
        </div>
        <FormError error={listError} />
        {list && list.total === 0 ? (
          <p className="empty">No usage matches. Log one above, or clear the filters.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Feature</th>
                <th scope="col">Amount</th>
                <th scope="col" className="num">Videos</th>
                <th scope="col">Project</th>
                <th scope="col" className="num">Credits</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list?.rows.map((row) => (
                <tr key={row.id} className={row.refused ? 'refused' : undefined}>
                  <td>{fmtDate(row.date)}</td>
                  <td>{rateOf(RATE_CARD_2026_11, row.feature)!.name}</td>
                  <td>{amountText(row)}</td>
                  <td className="num">{row.videos}</td>
                  <td>{row.project ?? ''}</td>
                  <td className="num" title={row.refused ? fmtSentence(row.refused) : undefined}>
                    {row.refused ? <span className="badge">refused</span> : row.freeVideos > 0 ? `${row.freeVideos} free ${row.freeVideos === 1 ? 'video' : 'videos'}` : fmtCredits(row.credits)}
                  </td>
                  <td className="actions">
                    <button type="button" onClick={() => edit(row)} aria-label={`Edit the usage of ${fmtDate(row.date)}`}>
                      Edit
                    </button>
                    <button type="button" onClick={() => void remove(row)} aria-label={`Delete the usage of ${fmtDate(row.date)}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list && list.total > PAGE && <p className="muted">Showing the newest {PAGE} of {list.total}; filter to see others.</p>}
      </section>
    </main>
  );
}
