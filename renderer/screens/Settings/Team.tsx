import { useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { Confirm } from '../../components/Confirm/Confirm.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { useStore } from '../../store/store.ts';

/** The team the workspace is linked to (nothing when it is not): the server, the workspace there, this device, and leaving it. */
export function Team() {
  const sync = useStore((s) => s.sync);
  const change = useStore((s) => s.change);
  const syncLoad = useStore((s) => s.syncLoad);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  if (sync === null) return null;

  async function leave() {
    setAsking(false);
    const failed = await change('sync-leave', {});
    setError(failed);
    if (failed === null) await syncLoad();
  }

  return (
    <section className="card" aria-label="Team">
      <h2>Team</h2>
      <dl className="team-link">
        <dt>Server</dt>
        <dd>
          <code>{sync.server}</code>
        </dd>
        <dt>Workspace there</dt>
        <dd>{sync.workspace}</dd>
        <dt>This device</dt>
        <dd>
          <code>{sync.device}</code>
        </dd>
      </dl>
      <button type="button" className="button--danger" onClick={() => setAsking(true)}>
        Leave the team…
      </button>
      <FormError error={error} />
      {asking && (
        <Confirm title={`Leave “${sync.workspace}”?`} confirmLabel="Leave" onConfirm={() => void leave()} onCancel={() => setAsking(false)}>
          <p>This device stops syncing: the workspace keeps its data here as it is, and the team keeps what reached the server.</p>
          {sync.pending > 0 && <p className="warn">{sync.pending === 1 ? '1 change made here has' : `${sync.pending} changes made here have`} not reached the team, and will not.</p>}
        </Confirm>
      )}
    </section>
  );
}
