import { useStore } from '../../store/store.ts';
import { SyncConflicts, SyncDialog } from './SyncPanel.tsx';

export type Props = { readonly eventId: string; readonly title: string; readonly onClose: () => void };

/** The conflicts of one entry, opened from its row in History: both versions and the choice of one; once chosen, says so. */
export function ConflictDialog({ eventId, title, onClose }: Props) {
  const sync = useStore((s) => s.sync);
  const conflicts = sync?.conflicts.filter((c) => c.eventId === eventId) ?? [];
  return (
    <SyncDialog title={`“${title}” was changed on two devices`} testId="conflict-dialog" onClose={onClose}>
      {sync === null ? (
        <p className="muted">This workspace is no longer linked to a team.</p>
      ) : conflicts.length === 0 ? (
        <p className="muted">Settled here: the version kept reaches the other devices with the next sync.</p>
      ) : (
        <SyncConflicts conflicts={conflicts} device={sync.device} />
      )}
    </SyncDialog>
  );
}
