import { useMemo, useState } from 'react';
import type { BackupSummary } from '../../../shared/api.ts';
import type { AppError } from '../../../shared/errors.ts';
import { accountSummaryLines, countLabel } from '../../../shared/text.ts';
import { Confirm } from '../../components/Confirm/Confirm.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { fmtCredits, fmtCreditsCount, fmtDate } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';

/** When a backup was taken, in the user's time: "25 Nov 2026, 16:30". */
function whenText(time: string): string {
  return new Date(time).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The backups the data folder keeps, newest first: when each was taken, what it holds and its balance today; any of them restored after a question, as one change Undo takes back. */
export function Backups() {
  const app = useStore((s) => s.app)!;
  const change = useStore((s) => s.change);
  const notifyChange = useStore((s) => s.notifyChange);
  const { value, error } = useCall('backup-list', useMemo(() => ({}), []));
  const [restoring, setRestoring] = useState<BackupSummary | null>(null);
  const [restoreError, setRestoreError] = useState<AppError | null>(null);

  async function restore(backup: BackupSummary) {
    setRestoring(null);
    const err = await change('backup-restore', { name: backup.name });
    setRestoreError(err);
    if (!err) notifyChange(useStore.getState().app!.changes.undo!.label);
  }

  const backups = value?.backups ?? [];
  return (
    <>
      <h3 className="subhead">Backups</h3>
      {backups.length === 0 ? (
        <p className="muted">{value ? 'No backup yet: one is taken each time the app closes or opens after a change.' : ''}</p>
      ) : (
        <table aria-label="Backups">
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Holds</th>
              <th scope="col" className="num">Balance today</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.name}>
                <td>{whenText(b.time)}</td>
                <td>{b.account ? `${countLabel(b.account.events, 'event', 'events')}, ${countLabel(b.account.projects, 'project', 'projects')}` : 'Does not read (damaged since)'}</td>
                <td className="num">{b.balance === null ? '—' : fmtCredits(b.balance)}</td>
                <td className="actions">
                  {b.revision === app.revision ? (
                    <span className="muted-inline">the account now</span>
                  ) : (
                    b.account && (
                      <button type="button" onClick={() => setRestoring(b)} aria-label={`Restore the backup of ${whenText(b.time)}`}>
                        Restore…
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormError error={restoreError ?? error} />
      {restoring?.account && (
        <Confirm title={`Restore the backup of ${whenText(restoring.time)}?`} confirmLabel="Restore" onConfirm={() => void restore(restoring)} onCancel={() => setRestoring(null)}>
          <p>Your account and its planned projects are replaced by the backup’s; your preferences stay as they are. Undo takes it back.</p>
          <div className="account-compare">
            <section aria-label="Your account now">
              <h3>Your account now</h3>
              <ul className="account-summary">
                <li>{countLabel(app.view?.eventCount ?? 0, 'event', 'events')}</li>
                <li>{countLabel(app.projects.length, 'planned project', 'planned projects')}</li>
                {app.view && <li>Balance today: {fmtCreditsCount(app.view.ledger.balance)}</li>}
              </ul>
            </section>
            <section aria-label="The backup">
              <h3>The backup</h3>
              <ul className="account-summary">
                {accountSummaryLines(restoring.account, fmtDate).map((line) => (
                  <li key={line}>{line}</li>
                ))}
                {restoring.balance !== null && <li>Balance today: {fmtCreditsCount(restoring.balance)}</li>}
              </ul>
            </section>
          </div>
        </Confirm>
      )}
    </>
  );
}
