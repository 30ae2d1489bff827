import { useEffect, useState } from 'react';
import { useStore } from '../../store/store.ts';
import { syncWords } from '../../sync.ts';
import { SyncPanel } from './SyncPanel.tsx';

/** The time now, again every second while the caller is shown ("synced 12 s ago" counts on). */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The team sync of a linked workspace, in a few words beside the screen's title; it opens the sync's panel (its conflicts). Nothing for a workspace not linked. */
export function SyncStatus() {
  const sync = useStore((s) => s.sync);
  if (sync === null) return null;
  return <SyncIndicator />;
}

function SyncIndicator() {
  const sync = useStore((s) => s.sync)!;
  const now = useNow();
  const [open, setOpen] = useState(false);
  const words = syncWords(sync, now);
  return (
    <>
      <button type="button" className={`sync-status sync-status--${words.tone}`} data-testid="sync-status" aria-label={words.label} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <span className="sync-status__dot" aria-hidden="true" />
        {words.parts.join(' · ')}
      </button>
      {open && <SyncPanel sync={sync} now={now} onClose={() => setOpen(false)} />}
    </>
  );
}
