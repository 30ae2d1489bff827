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
import { UndoKeys } from './components/UndoKeys/UndoKeys.tsx';
import { Dashboard } from './screens/Dashboard/Dashboard.tsx';
import { FirstRun } from './screens/FirstRun/FirstRun.tsx';
import { LaterComponent, later } from './later.tsx';
import { useStore } from './store/store.ts';
import { SCREENS } from './store/uiSlice.ts';
import { noticesShow } from './webNotices.ts';

// The first screen (the dashboard, or the first run) comes with the page; the others load the first time they are opened.
const UsageLog = later(() => import('./screens/UsageLog/UsageLog.tsx').then((m) => m.UsageLog));
const History = later(() => import('./screens/History/History.tsx').then((m) => m.History));
const Projects = later(() => import('./screens/Projects/Projects.tsx').then((m) => m.Projects));
const Pipeline = later(() => import('./screens/Pipeline/Pipeline.tsx').then((m) => m.Pipeline));
const Compare = later(() => import('./screens/Compare/Compare.tsx').then((m) => m.Compare));
const Reports = later(() => import('./screens/Reports/Reports.tsx').then((m) => m.Reports));
const Settings = later(() => import('./screens/Settings/Settings.tsx').then((m) => m.Settings));
const About = later(() => import('./screens/About/About.tsx').then((m) => m.About));

const loading = <p className="muted loading">Loading…</p>;

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
  if (!app) return loading;
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
        {screen === 'usage' && <LaterComponent of={UsageLog} props={{ view: app.view }} fallback={loading} />}
        {screen === 'history' && <LaterComponent of={History} props={{}} fallback={loading} />}
        {screen === 'projects' && <LaterComponent of={Projects} props={{}} fallback={loading} />}
        {screen === 'pipeline' && <LaterComponent of={Pipeline} props={{}} fallback={loading} />}
        {screen === 'compare' && <LaterComponent of={Compare} props={{ view: app.view }} fallback={loading} />}
        {screen === 'reports' && <LaterComponent of={Reports} props={{}} fallback={loading} />}
        {screen === 'settings' && <LaterComponent of={Settings} props={{ view: app.view }} fallback={loading} />}
        {screen === 'about' && <LaterComponent of={About} props={{ view: app.view }} fallback={loading} />}
      </div>
      <UndoKeys />
      <Toast />
      <Capture />
    </div>
  );
}
