import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { SyncConflictView, SyncVersion, SyncView } from '../../../shared/api.ts';
import { useStore } from '../../store/store.ts';
import { syncVersionWhat, syncVersionWho, syncWords } from '../../sync.ts';

export type Props = { readonly sync: SyncView; readonly now: number; readonly onClose: () => void };

/** A modal dialog of the team sync: its title, what it holds, and Close (focused, not a choice: Enter pressed at once keeps nothing). */
export function SyncDialog({ title, testId, onClose, children }: { readonly title: ReactNode; readonly testId: string; readonly onClose: () => void; readonly children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    dialog.current?.showModal();
    close.current?.focus();
  }, []);
  return (
    <dialog ref={dialog} className="card confirm sync-panel" aria-labelledby={titleId} onClose={onClose} data-testid={testId}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="dialog-actions">
        <button type="button" ref={close} onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

/** The team sync of the workspace shown: where it stands, what it said, and each conflict with both versions and the choice of one. */
export function SyncPanel({ sync, now, onClose }: Props) {
  const words = syncWords(sync, now);
  return (
    <SyncDialog title={`Team sync of “${sync.workspace}”`} testId="sync-panel" onClose={onClose}>
      <p className={`sync-panel__status sync-status--${words.tone}`}>
        <span className="sync-status__dot" aria-hidden="true" />
        {words.parts.join(' · ')}
      </p>
      {sync.message !== null && <p className="muted">{sync.message}</p>}
      {sync.conflicts.length === 0 ? (
        <p className="muted">No conflicts: every change made on two devices from one version has been settled.</p>
      ) : (
        <>
          <h3>{sync.conflicts.length === 1 ? 'A change made on two devices' : `${sync.conflicts.length} changes made on two devices`}</h3>
          <SyncConflicts conflicts={sync.conflicts} device={sync.device} />
        </>
      )}
    </SyncDialog>
  );
}

/** Conflicts, each with both versions and the choice of one, and what choosing does. */
export function SyncConflicts({ conflicts, device }: { readonly conflicts: readonly SyncConflictView[]; readonly device: string }) {
  return (
    <>
      <p className="muted">The later change stands for everyone; the other is kept here. Keep the one that is right: the choice is one more change, for everyone.</p>
      <ul className="sync-conflicts">
        {conflicts.map((c) => (
          <SyncConflict key={`${c.eventId}:${c.standing.op}:${c.other.op}`} conflict={c} device={device} />
        ))}
      </ul>
    </>
  );
}

/** One conflict: both versions, who made each and where, and the choice of one. */
function SyncConflict({ conflict, device }: { readonly conflict: SyncConflictView; readonly device: string }) {
  const commit = useStore((s) => s.commit);
  const [error, setError] = useState<string | null>(null);
  // One choice at a time: a second click while the first is answered would ask again.
  const [keeping, setKeeping] = useState(false);
  const keep = async (version: SyncVersion) => {
    setKeeping(true);
    const reply = await commit('sync-keep', { eventId: conflict.eventId, op: version.op });
    setKeeping(false);
    setError(reply.ok ? null : reply.error.message);
  };
  return (
    <li className="sync-conflict" data-testid="sync-conflict" aria-busy={keeping}>
      <Version title="Stands now" eventId={conflict.eventId} version={conflict.standing} device={device} keeping={keeping} onKeep={keep} />
      <Version title="The other" eventId={conflict.eventId} version={conflict.other} device={device} keeping={keeping} onKeep={keep} />
      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </li>
  );
}

function Version({ title, eventId, version, device, keeping, onKeep }: { readonly title: string; readonly eventId: string; readonly version: SyncVersion; readonly device: string; readonly keeping: boolean; readonly onKeep: (version: SyncVersion) => void }) {
  const what = syncVersionWhat(eventId, version);
  const who = syncVersionWho(version, device);
  return (
    <div className="sync-version">
      <p className="sync-version__title">{title}</p>
      <p className="sync-version__what">{what}</p>
      <p className="muted">{who}</p>
      <button type="button" aria-label={`Keep this one: ${what}, ${who}`} disabled={keeping} onClick={() => onKeep(version)}>
        Keep this one
      </button>
    </div>
  );
}
