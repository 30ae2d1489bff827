import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { OverviewRow } from '../../../shared/overview.ts';
import type { WorkspaceOutputs } from '../../../shared/workspaceApi.ts';
import { FIRST_WORKSPACE, type WorkspaceEntry } from '../../../shared/workspaces.ts';
import { Confirm } from '../../components/Confirm/Confirm.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { WorkspaceNew, workspaceKey } from '../../components/Workspaces/WorkspaceSwitcher.tsx';
import { fmtCredits, fmtCreditsCount, fmtDate, fmtInDays, fmtMoney } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { loading } from '../../AppView.tsx';

type Overview = WorkspaceOutputs['overview-get'];

/** A workspace's name, renamed in place. */
function NameEdit({ workspace, onDone }: { readonly workspace: WorkspaceEntry; readonly onDone: () => void }) {
  const rename = useStore((s) => s.workspaceRename);
  const [name, setName] = useState(workspace.name);
  const [error, setError] = useState<AppError | null>(null);
  return (
    <form
      className="workspace-rename"
      onSubmit={(e) => {
        e.preventDefault();
        void rename(workspace.id, name).then((failed) => (failed ? setError(failed) : onDone()));
      }}
    >
      <input aria-label={`New name for ${workspace.name}`} autoFocus value={name} maxLength={64} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-invalid={error ? true : undefined} />
      <button type="submit" className="primary">
        Rename
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      <FormError error={error} />
    </form>
  );
}

/** What a workspace can have done to it: rename, archive (or bring back), delete (asked first). */
function Actions({ workspace }: { readonly workspace: WorkspaceEntry }) {
  const archive = useStore((s) => s.workspaceArchive);
  const remove = useStore((s) => s.workspaceDelete);
  const notify = useStore((s) => s.notify);
  const [renaming, setRenaming] = useState(false);
  const [asking, setAsking] = useState(false);
  const told = (failed: AppError | null) => failed && notify({ message: failed.message });
  if (renaming) return <NameEdit workspace={workspace} onDone={() => setRenaming(false)} />;
  return (
    <div className="row-actions">
      <button type="button" onClick={() => setRenaming(true)}>
        Rename
      </button>
      <button type="button" onClick={() => void archive(workspace.id, !workspace.archived).then(told)}>
        {workspace.archived ? 'Unarchive' : 'Archive'}
      </button>
      {workspace.id !== FIRST_WORKSPACE && (
        <button type="button" className="danger-link" onClick={() => setAsking(true)}>
          Delete
        </button>
      )}
      {asking && (
        <Confirm
          title={`Delete the workspace “${workspace.name}”?`}
          confirmLabel="Delete it"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void remove(workspace.id).then(told);
          }}
        >
          <p>Its account, projects, settings and backups are moved out of the list into the data folder’s “deleted” folder. Undo in the message that follows brings it back as it was.</p>
        </Confirm>
      )}
    </div>
  );
}

/** When a row next needs the user, in words: its next expiry, and a run-out before the renewal. */
function NextExpiry({ row }: { readonly row: OverviewRow }) {
  const e = row.nextExpiry;
  if (!e) return <span className="muted-inline">none ahead</span>;
  return (
    <span title={fmtDate(e.on)}>
      {fmtCreditsCount(e.credits)} {e.forfeited ? 'forfeited' : 'expire'} <strong>{fmtInDays(e.inDays)}</strong>
    </span>
  );
}

/** A workspace the overview has no figures of, and why: opened with a click, managed as any other. */
function NoteRow({ id, name, entry, onOpen, children }: { readonly id: string; readonly name: string; readonly entry: WorkspaceEntry | undefined; readonly onOpen: (id: string) => void; readonly children: ReactNode }) {
  return (
    <tr data-workspace={id}>
      <th scope="row">
        <button type="button" className="link" onClick={() => onOpen(id)}>
          {name}
        </button>
      </th>
      <td colSpan={6} className="muted-inline">
        {children}
      </td>
      <td>{entry && <Actions workspace={entry} />}</td>
    </tr>
  );
}

/** Every workspace side by side, the one needing attention first; each opens with a click, and is managed here. */
export function Overview() {
  const workspaces = useStore((s) => s.workspaces);
  const revision = useStore((s) => s.app?.revision);
  const switchTo = useStore((s) => s.workspaceSwitch);
  const overviewRead = useStore((s) => s.overviewRead);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [creating, setCreating] = useState(false);
  const read = useCallback(async () => {
    const r = await overviewRead();
    if (r.ok) {
      setOverview(r.value);
      setError(null);
    } else setError(r.error);
  }, [overviewRead]);
  // Read again when the list or the account shown changes.
  useEffect(() => void read(), [read, workspaces?.revision, revision]);
  const entries = workspaces?.workspaces ?? [];
  const entryOf = (id: string) => entries.find((w) => w.id === id);
  const place = (id: string) => entries.filter((w) => !w.archived).findIndex((w) => w.id === id) + 1;
  const open = (id: string) => void switchTo(id).then(() => useStore.getState().show('dashboard'));
  const archived = entries.filter((w) => w.archived);
  return (
    <main className="screen overview" aria-label="All workspaces">
      <section className="card">
        <div className="card-head">
          <h2>Every workspace, what needs you first</h2>
          {!creating && (
            <button type="button" onClick={() => setCreating(true)}>
              New workspace…
            </button>
          )}
        </div>
        {creating && <WorkspaceNew onDone={() => setCreating(false)} />}
        <FormError error={error} />
        {!overview ? (
          loading
        ) : (
          <table className="overview__table">
            <thead>
              <tr>
                <th scope="col">Workspace</th>
                <th scope="col">Plan</th>
                <th scope="col" className="num">
                  Balance
                </th>
                <th scope="col">Next to expire</th>
                <th scope="col">This cycle</th>
                <th scope="col">Runs out</th>
                <th scope="col" className="num">
                  Charged this month
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.rows.map((row) => {
                const entry = entryOf(row.id);
                const n = place(row.id);
                return (
                  <tr key={row.id} data-workspace={row.id}>
                    <th scope="row">
                      <button type="button" className="link" onClick={() => open(row.id)} title={n >= 1 && n <= 9 ? workspaceKey(n) : undefined}>
                        {row.name}
                      </button>
                    </th>
                    <td>{row.plan}</td>
                    <td className="num">{fmtCredits(row.balance)}</td>
                    <td>
                      <NextExpiry row={row} />
                    </td>
                    <td>{row.cycleBurn ? `${fmtCredits(row.cycleBurn.used)} used, ${fmtCredits(row.cycleBurn.lastUsed)} by now last cycle` : <span className="muted-inline">first cycle</span>}</td>
                    <td className={row.runsOutBeforeRenewal ? 'warn' : undefined}>{row.runOutOn ? `${fmtDate(row.runOutOn)}${row.runsOutBeforeRenewal ? ', before the renewal' : ''}` : <span className="muted-inline">not at this pace</span>}</td>
                    <td className="num">{fmtMoney(row.chargesThisMonth)}</td>
                    <td>{entry && <Actions workspace={entry} />}</td>
                  </tr>
                );
              })}
              {overview.empty.map((u) => (
                <NoteRow key={u.id} id={u.id} name={u.name} entry={entryOf(u.id)} onOpen={open}>
                  Nothing recorded yet: open it to set up its plan, try the demo or import an account.
                </NoteRow>
              ))}
              {overview.unread.map((u) => (
                <NoteRow key={u.id} id={u.id} name={u.name} entry={entryOf(u.id)} onOpen={open}>
                  Could not be read: {u.reason}
                </NoteRow>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {archived.length > 0 && (
        <section className="card" aria-label="Archived workspaces">
          <h2>Archived</h2>
          <p className="muted">Left out of the switcher and the figures above; their data is kept as it was.</p>
          <ul className="archived-list">
            {archived.map((w) => (
              <li key={w.id}>
                <span>{w.name}</span>
                <Actions workspace={w} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
