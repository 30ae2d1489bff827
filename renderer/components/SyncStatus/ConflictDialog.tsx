import { useEffect, useId, useRef } from 'react';
import { useStore } from '../../store/store.ts';
import { SyncConflict } from './SyncPanel.tsx';

export type Props = { readonly eventId: string; readonly title: string; readonly onClose: () => void };

/** The conflicts of one entry, opened from its row in History: both versions and the choice of one; once chosen, says so. */
export function ConflictDialog({ eventId, title, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const sync = useStore((s) => s.sync);
  const conflicts = sync?.conflicts.filter((c) => c.eventId === eventId) ?? [];
  // Close is focused, not a choice: Enter pressed at once keeps nothing.
  useEffect(() => {
    dialog.current?.showModal();
    close.current?.focus();
  }, []);
  return (
    <dialog ref={dialog} className="card confirm sync-panel" aria-labelledby={titleId} onClose={onClose} data-testid="conflict-dialog">
      <h2 id={titleId}>“{title}” was changed on two devices</h2>
      {sync === null || conflicts.length === 0 ? (
        <p className="muted">Settled: every device has the version kept.</p>
      ) : (
        <>
          <p className="muted">The later change stands for everyone; the other is kept here. Keep the one that is right: the choice is one more change, for everyone.</p>
          <ul className="sync-conflicts">
            {conflicts.map((c) => (
              <SyncConflict key={`${c.standing.op}:${c.other.op}`} conflict={c} device={sync.device} />
            ))}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" ref={close} onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
