import type { AppState } from '../shared/api.ts';
import { Capture } from './components/Capture/Capture.tsx';
import { PageHeader } from './components/PageHeader/PageHeader.tsx';
import { ReadOnlyBanner } from './components/ReadOnlyBanner/ReadOnlyBanner.tsx';
import { ServerBanner } from './components/ServerBanner/ServerBanner.tsx';
import { Sidebar } from './components/Sidebar/Sidebar.tsx';
import { Toast } from './components/Toast/Toast.tsx';
import { WorkspaceSwitcher } from './components/Workspaces/WorkspaceSwitcher.tsx';
import { UndoConfirm } from './components/UndoConfirm/UndoConfirm.tsx';
import { UndoKeys } from './components/UndoKeys/UndoKeys.tsx';
import { LaterComponent, later } from './later.tsx';
import { Dashboard } from './screens/Dashboard/Dashboard.tsx';
import { FirstRun } from './screens/FirstRun/FirstRun.tsx';
import { SCREENS, type ScreenId } from './store/uiSlice.ts';

// The first screen (the dashboard, or the first run) comes with the page; the others load the first time they are opened.
const UsageLog = later(() => import('./screens/UsageLog/UsageLog.tsx').then((m) => m.UsageLog));
const History = later(() => import('./screens/History/History.tsx').then((m) => m.History));
const Projects = later(() => import('./screens/Projects/Projects.tsx').then((m) => m.Projects));
const Pipeline = later(() => import('./screens/Pipeline/Pipeline.tsx').then((m) => m.Pipeline));
const Compare = later(() => import('./screens/Compare/Compare.tsx').then((m) => m.Compare));
const Reports = later(() => import('./screens/Reports/Reports.tsx').then((m) => m.Reports));
const Settings = later(() => import('./screens/Settings/Settings.tsx').then((m) => m.Settings));
const About = later(() => import('./screens/About/About.tsx').then((m) => m.About));
const Overview = later(() => import('./screens/Overview/Overview.tsx').then((m) => m.Overview));

export const loading = <p className="muted loading">Loading…</p>;

export type Props = { readonly app: AppState; readonly screen: ScreenId };

/**
 * What the app shows for an account it has read: the first run, or the screens with one open. The account comes
 * in its props rather than from the store, whose state where the browser mode's server paints the first screen
 * (paint.tsx) is its initial one: so the server paints that screen with the same components the app draws it with.
 */
export function AppView({ app, screen }: Props) {
  if (screen === 'overview')
    return (
      <div className="shell">
        <Sidebar />
        <div className="content">
          <ServerBanner />
          <header className="page-head">
            <h1>All workspaces</h1>
          </header>
          <LaterComponent of={Overview} props={{}} fallback={loading} />
        </div>
        <Toast />
      </div>
    );
  if (app.firstRun || !app.view)
    return (
      <>
        <ServerBanner />
        <ReadOnlyBanner reason={app.readOnly} />
        <div className="first-run__workspace">
          <WorkspaceSwitcher />
        </div>
        <FirstRun />
        <UndoKeys />
        <UndoConfirm />
        <Toast />
        <Capture />
      </>
    );
  return (
    <div className="shell">
      <Sidebar />
      {/* Drawn anew for each workspace: nothing one screen holds of one (a form's values) shows in another's. */}
      <div className="content" key={app.workspace}>
        <ServerBanner />
        <ReadOnlyBanner reason={app.readOnly} />
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
      <UndoConfirm />
      <Toast />
      <Capture />
    </div>
  );
}
