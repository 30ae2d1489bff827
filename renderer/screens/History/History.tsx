import { useMemo, useState } from 'react';
import { HISTORY_KINDS, type LedgerRow } from '../../../shared/api.ts';
import type { AccountEvent } from '../../../shared/formats/account.ts';
import { chargeText, noteText, refusalText } from '../../../shared/wording.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { tickMonth } from '../../components/charts/chartKit.ts';
import { fmtCredits, fmtDate, fmtMoney, SCREEN_WORDS } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';
import { EventEditor } from './EventEditor.tsx';
import { FilterSelect } from '../../components/FilterSelect/FilterSelect.tsx';
import { memberOfOption, memberOptions } from '../../components/FilterSelect/memberFilter.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { isMac } from '../../platform.ts';
import { ConflictDialog } from '../../components/SyncStatus/ConflictDialog.tsx';

const KIND_LABELS: Record<(typeof HISTORY_KINDS)[number], string> = {
  subscribe: 'Subscribe',
  'change-plan': 'Plan change',
  pause: 'Pause',
  cancel: 'Cancel',
  addon: 'Add-on credits',
  seats: 'Seats',
  'avatar-slots': 'Avatar slots',
  'auto-reload': 'Auto-reload',
  'balance-check': 'Balance check',
  usage: 'Usage',
  calendar: 'Cycle starts and expiries',
};

const PAGE = 200;

/** What a row did to the credits, one line each: granted, used, expired, forfeited. */
const CREDIT_MOVES = [
  { key: 'granted', sign: '+', label: 'granted' },
  { key: 'used', sign: '−', label: 'used' },
  { key: 'expired', sign: '−', label: 'expired' },
  { key: 'forfeited', sign: '−', label: 'forfeited' },
] as const;

type Editable = LedgerRow & { readonly id: string; readonly event: AccountEvent };

/** What one row did, beyond its numbers: the engine's notes, a refusal, a balance check's difference. */
function Details({ row }: { readonly row: LedgerRow }) {
  return (
    <>
      {row.project && <span className="muted-inline"> · {row.project}</span>}
      {row.by && <span className="muted-inline" data-testid="history-member"> · by {row.by}</span>}
      {row.freeVideos > 0 && <span className="muted-inline"> · {row.freeVideos === 1 ? '1 free video' : `${row.freeVideos} free videos`}</span>}
      {row.check && (
        <span className={row.check.difference === 0 ? 'badge badge--good' : 'badge'}>
          {row.check.difference === 0 ? 'matches' : `${row.check.difference > 0 ? '+' : '−'}${fmtCredits(Math.abs(row.check.difference))} vs ${fmtCredits(row.check.computed)} computed`}
        </span>
      )}
      {row.refused && (
        <span className="badge" title={refusalText(row.refused, SCREEN_WORDS)}>
          refused
        </span>
      )}
      {[...(row.refused ? [refusalText(row.refused, SCREEN_WORDS)] : []), ...row.notes.map((n) => noteText(n, SCREEN_WORDS))].map((text) => (
        <span key={text} className="history__note">
          {text}
        </span>
      ))}
      {row.charges.length > 1 && row.charges.map((c, i) => <span key={i} className="history__note">{`${fmtMoney(c.amount)}: ${chargeText(c.reason, SCREEN_WORDS)}`}</span>)}
    </>
  );
}

/** The account's ledger: every event and every cycle start or expiry, newest first, with what it did and the balance after; any event can be edited or deleted after a preview. */
export function History() {
  const undo = useStore((s) => s.undo);
  const redo = useStore((s) => s.redo);
  const changes = useStore((s) => s.app?.changes);
  const [kind, setKind] = useState<(typeof HISTORY_KINDS)[number] | ''>('');
  const [project, setProject] = useState('');
  /** The member filter's value (`memberFilter.ts`): '' for every row. */
  const [member, setMember] = useState('');
  const [month, setMonth] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [editing, setEditing] = useState<{ row: Editable; mode: 'edit' | 'delete'; revision: number } | null>(null);
  const request = useMemo(() => {
    const by = memberOfOption(member);
    return { ...(kind ? { kind } : {}), ...(project ? { project } : {}), ...(by === undefined ? {} : { by }), ...(month ? { month } : {}), limit };
  }, [kind, project, member, month, limit]);
  const { value: list, error } = useCall('ledger-get', request);
  const recent = useCall('history-get', useMemo(() => ({}), []));
  /** The entries a team sync holds a conflict for: changed on two devices from one version. */
  const conflicted = useStore((s) => s.sync?.conflicts);
  const inConflict = useMemo(() => new Set((conflicted ?? []).map((c) => c.eventId)), [conflicted]);
  const [conflictOf, setConflictOf] = useState<{ id: string; title: string } | null>(null);

  return (
    <main className="screen history" aria-label="History">
      {conflictOf && <ConflictDialog eventId={conflictOf.id} title={conflictOf.title} onClose={() => setConflictOf(null)} />}
      {editing && <EventEditor key={`${editing.row.id}-${editing.mode}`} row={editing.row} mode={editing.mode} revision={editing.revision} onDone={() => setEditing(null)} />}
      <section className="card" aria-label="The account’s history">
        <div className="toolbar">
          <FilterSelect label="Kind" all="All kinds" value={kind} options={HISTORY_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} onChange={(v) => setKind(v as typeof kind)} />
          <FilterSelect label="Project" all="All projects" value={project} options={(list?.projects ?? []).map((p) => ({ value: p, label: p }))} onChange={setProject} />
          <FilterSelect label="Month" all="All months" value={month} options={(list?.months ?? []).map((m) => ({ value: m, label: tickMonth(m) }))} onChange={setMonth} />
          {((list?.members.length ?? 0) > 0 || member !== '') && <FilterSelect label="Member" all="All members" value={member} options={memberOptions(list?.members ?? [])} onChange={setMember} />}
          <p className="toolbar__total">{list ? `${list.total.toLocaleString()} ${list.total === 1 ? 'entry' : 'entries'}` : ''}</p>
          <button type="button" onClick={() => void undo(changes?.undo?.id)} disabled={!changes?.undo} title={changes?.undo ? `Undo: ${changes.undo.label}` : 'Nothing to undo'}>
            Undo
          </button>
          <button type="button" onClick={() => void redo(changes?.redo?.id)} disabled={!changes?.redo} title={changes?.redo ? `Redo: ${changes.redo.label}` : 'Nothing to redo'}>
            Redo
          </button>
        </div>
        <FormError error={error} />
        {list && list.total === 0 ? (
          <p className="empty">Nothing matches these filters.</p>
        ) : (
          <table className="history__table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">What happened</th>
                <th scope="col" className="num">Credits</th>
                <th scope="col" className="num">Charged</th>
                <th scope="col" className="num">Balance</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list?.rows.map((row, i) => {
                const moves = CREDIT_MOVES.filter((m) => row[m.key] > 0);
                const charged = row.charges.reduce((n, c) => n + c.amount, 0);
                const assumed = [...new Set(row.charges.flatMap((c) => c.assumptions))];
                return (
                  <tr key={row.id ?? `calendar-${row.date}-${i}`} className={row.refused ? 'refused' : row.kind === 'calendar' ? 'history__calendar' : undefined}>
                    <td>{fmtDate(row.date)}</td>
                    <td>
                      <span className="history__title">{row.title}</span>
                      {row.id !== null && inConflict.has(row.id) && (
                        <button type="button" className="badge" onClick={() => setConflictOf({ id: row.id!, title: row.title })} aria-label={`Conflict: “${row.title}” of ${fmtDate(row.date)} was changed on two devices; choose the version to keep`}>
                          conflict
                        </button>
                      )}
                      <Details row={row} />
                    </td>
                    <td className="num history__credits">
                      {moves.map((m) => (
                        <span key={m.key} data-move={m.key}>
                          {m.sign}
                          {fmtCredits(row[m.key])} <span className="muted-inline">{row.check ? 'corrected' : m.label}</span>
                        </span>
                      ))}
                    </td>
                    <td className="num">
                      {charged ? fmtMoney(charged) : ''}
                      {assumed.length > 0 && <> <AssumptionBadge ids={assumed} /></>}
                    </td>
                    <td className="num history__balance">{fmtCredits(row.balance)}</td>
                    <td className="actions">
                      {row.id !== null && row.event !== null && (
                        <>
                          <button type="button" onClick={() => setEditing({ row: row as Editable, mode: 'edit', revision: list.revision })} aria-label={`Edit “${row.title}” of ${fmtDate(row.date)}`}>
                            Edit
                          </button>
                          <button type="button" onClick={() => setEditing({ row: row as Editable, mode: 'delete', revision: list.revision })} aria-label={`Delete “${row.title}” of ${fmtDate(row.date)}`}>
                            Delete
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {list && list.total > list.rows.length && (
          <p className="muted small">
            Showing the newest {list.rows.length.toLocaleString()} of {list.total.toLocaleString()}.{' '}
            {limit < 1000 ? (
              <button type="button" onClick={() => setLimit(Math.min(1000, limit + PAGE))}>
                Show more
              </button>
            ) : (
              'Filter by month to see older ones.'
            )}
          </p>
        )}
      </section>
      <section className="card" aria-label="Recent changes">
        <h2>Recent changes</h2>
        {recent.value && recent.value.undo.length + recent.value.redo.length > 0 ? (
          <ol className="history__changes">
            {[...recent.value.redo].reverse().map((c) => (
              <li key={c.id} className="muted">
                <s>{c.label}</s> <span className="muted-inline">(undone)</span>
              </li>
            ))}
            {recent.value.undo.map((c) => (
              <li key={c.id}>
                {c.label} <span className="muted-inline">{new Date(c.at).toLocaleTimeString()}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">No change to undo yet. The changes you make can be undone here, or with {isMac ? '⌘Z' : 'Ctrl+Z'}, also after a restart.</p>
        )}
      </section>
    </main>
  );
}
