import { useEffect } from 'react';
import { today } from '../shared/dates.ts';
import { AppView, loading } from './AppView.tsx';
import { ServerBanner } from './components/ServerBanner/ServerBanner.tsx';
import { WorkspaceSwitcher } from './components/Workspaces/WorkspaceSwitcher.tsx';
import { inBrowser } from './platform.ts';
import { useStore } from './store/store.ts';
import { noticesShow } from './webNotices.ts';

/** How often an open page looks again for warnings that came due (a new day). */
const NOTICES_MS = 60 * 60 * 1000;

export function App() {
  const app = useStore((s) => s.app);
  const loadError = useStore((s) => s.loadError);
  const load = useStore((s) => s.load);
  const follow = useStore((s) => s.follow);
  const syncFollow = useStore((s) => s.syncFollow);
  const screen = useStore((s) => s.screen);
  useEffect(() => {
    void load();
    const stops = [follow(), syncFollow()];
    return () => stops.forEach((stop) => stop());
  }, [load, follow, syncFollow]);
  const workspaces = useStore((s) => s.workspaces?.workspaces);
  // A notification names its workspace when the folder holds several.
  const named = workspaces && workspaces.length > 1 ? (workspaces.find((w) => w.id === app?.workspace)?.name ?? null) : null;
  useEffect(() => {
    if (!app || !inBrowser) return;
    noticesShow(app, today(), named);
    const timer = setInterval(() => noticesShow(app, today(), named), NOTICES_MS);
    return () => clearInterval(timer);
  }, [app, named]);
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
        {/* A workspace that cannot be read leaves the others a key or a click away. */}
        <div className="first-run__workspace">
          <WorkspaceSwitcher />
        </div>
        <p role="alert" className="form-error page-error">
          {loadError.message}
        </p>
      </>
    );
  if (!app) return loading;
  return <AppView app={app} screen={screen} />;
}
