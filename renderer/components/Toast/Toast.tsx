import { useEffect } from 'react';
import { useStore } from '../../store/store.ts';

/** One message at a time at the bottom of the window, with its undo; it leaves after 8 seconds. */
export function Toast() {
  const toast = useStore((s) => s.toast);
  const notify = useStore((s) => s.notify);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => notify(null), 8000);
    return () => clearTimeout(timer);
  }, [toast, notify]);
  if (!toast) return null;
  return (
    <div className="toast" role="status">
      <span>{toast.message}</span>
      {toast.undo && (
        <button
          type="button"
          onClick={async () => {
            notify(null);
            await toast.undo!();
          }}
        >
          Undo
        </button>
      )}
      {toast.redo && (
        <button
          type="button"
          onClick={async () => {
            notify(null);
            await toast.redo!();
          }}
        >
          Redo
        </button>
      )}
      <button type="button" aria-label="Dismiss" onClick={() => notify(null)}>
        ×
      </button>
    </div>
  );
}
