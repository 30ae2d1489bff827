import { useEffect } from 'react';
import { Dashboard } from './screens/Dashboard/Dashboard.tsx';
import { FirstRun } from './screens/FirstRun/FirstRun.tsx';
import { onExternalChange } from './bridge.ts';
import { useStore } from './store/store.ts';

export function App() {
  const app = useStore((s) => s.app);
  const loadError = useStore((s) => s.loadError);
  const load = useStore((s) => s.load);
  useEffect(() => {
    void load();
    return onExternalChange(() => void load());
  }, [load]);

  if (loadError) return <p role="alert" className="form-error">{loadError.message}</p>;
  if (!app) return <p className="muted loading">Loading…</p>;
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Credit Companion</span>
      </header>
      {app.notices.map((n) => (
        <p key={n} role="status" className="notice">
          {n}
        </p>
      ))}
      {app.firstRun || !app.view ? <FirstRun /> : <Dashboard view={app.view} />}
    </div>
  );
}
