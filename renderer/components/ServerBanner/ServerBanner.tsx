import { useServerGone } from '../../store/events.ts';

/** Shown over every screen while the browser mode's server is away; it goes once the page has reconnected. */
export function ServerBanner() {
  const gone = useServerGone();
  if (!gone) return null;
  return (
    <p role="alert" className="server-banner" data-testid="server-gone">
      <strong>The app’s local server has stopped.</strong> This page reconnects by itself when <code>npm run web</code> runs again.
    </p>
  );
}
