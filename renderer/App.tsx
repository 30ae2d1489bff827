import { useEffect } from 'react';
import { today } from '../shared/dates.ts';
import { inBrowser, onRevision, onServerBack } from './bridge.ts';
import { NotificationOffer } from './components/BrowserNotifications/BrowserNotifications.tsx';
import { PageHeader } from './components/PageHeader/PageHeader.tsx';
import { Capture } from './components/Capture/Capture.tsx';
import { ReadOnlyBanner } from './components/ReadOnlyBanner/ReadOnlyBanner.tsx';
import { ServerBanner } from './components/ServerBanner/ServerBanner.tsx';
import { Sidebar } from './components/Sidebar/Sidebar.tsx';
import { Toast } from './components/Toast/Toast.tsx';
import { About } from './screens/About/About.tsx';
import { UndoKeys } from './components/UndoKeys/UndoKeys.tsx';
import { History } from './screens/History/History.tsx';
import { Dashboard } from './screens/Dashboard/Dashboard.tsx';
import { FirstRun } from './screens/FirstRun/FirstRun.tsx';
import { Compare } from './screens/Compare/Compare.tsx';
import { Pipeline } from './screens/Pipeline/Pipeline.tsx';
import { Projects } from './screens/Projects/Projects.tsx';
import { Reports } from './screens/Reports/Reports.tsx';
import { Settings } from './screens/Settings/Settings.tsx';
import { UsageLog } from './screens/UsageLog/UsageLog.tsx';
import { useStore } from './store/store.ts';
import { SCREENS } from './store/uiSlice.ts';
import { noticesShow } from './webNotices.ts';

/** How often an open page looks again for warnings that came due (a new day). */
const NOTICES_MS = 60 * 60 * 1000;

export function App() {
  const app = useStore((s) => s.app);
  const loadError = useStore((s) => s.loadError);
  const load = useStore((s) => s.load);
  const revisionHeard = useStore((s) => s.revisionHeard);
  const listReset = useStore((s) => s.listReset);
  const screen = useStore((s) => s.screen);
  useEffect(() => {
    void load();
    // Whatever failed while the server was away is read again, the log's pages too (the account's revision may be the same).
    const offBack = onServerBack(() => {
      void load();
      listReset();
    });
    const offRevision = onRevision(revisionHeard);
    return () => {
      offBack();
      offRevision();
    };
  }, [load, revisionHeard, listReset]);
  useEffect(() => {
    if (!app || !inBrowser) return;
    noticesShow(app, today());
    const timer = setInterval(() => noticesShow(app, today()), NOTICES_MS);
    return () => clearInterval(timer);
  }, [app]);
  const theme = app?.settings.theme ?? 'system';
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    // The installed browser app's title bar takes the colour of the scheme chosen here, or the system's.
    for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"][data-scheme]')) {
      const scheme = meta.dataset.scheme;
      meta.media = theme === 'system' ? `(prefers-color-scheme: ${scheme})` : theme === scheme ? 'all' : 'not all';
    }
  }, [theme]);

  if (loadError)
    return (
      <>
        <ServerBanner />
        <p role="alert" className="form-error page-error">
          {loadError.message}
        </p>
      </>
    );
  if (!app) return <p className="muted loading">Loading…</p>;
  if (app.firstRun || !app.view)
    return (
      <>
        <ServerBanner />
        <ReadOnlyBanner reason={app.readOnly} />
        <FirstRun />
        <UndoKeys />
        <Toast />
      <Capture />
      </>
    );
  return (
    <div className="shell">
      <Sidebar />
      <div className="content">
        <ServerBanner />
        <ReadOnlyBanner reason={app.readOnly} />
        <NotificationOffer />
        {app.notices.map((n) => (
          <p key={n} role="status" className="notice">
            {n}
          </p>
        ))}
        <PageHeader title={SCREENS.find((s) => s.id === screen)!.label} glance={app.view.glance} />
        {screen === 'dashboard' && <Dashboard view={app.view} />}
        {screen === 'usage' && <UsageLog view={app.view} />}
        {screen === 'history' && <History />}
        {screen === 'projects' && <Projects />}
        {screen === 'pipeline' && <Pipeline />}
        {screen === 'compare' && <Compare view={app.view} />}
        {screen === 'reports' && <Reports />}
        {screen === 'settings' && <Settings view={app.view} />}
        {screen === 'about' && <About view={app.view} />}
      </div>
      <UndoKeys />
      <Toast />
      <Capture />
    </div>
  );
}
