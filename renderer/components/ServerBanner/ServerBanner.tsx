import { useSyncExternalStore } from 'react';
import { serverGone, serverGoneSubscribe } from '../../bridge.ts';

/** Shown over every screen while the browser mode's server is away; it goes once the page has reconnected. */
export function ServerBanner() {
  const gone = useSyncExternalStore(serverGoneSubscribe, serverGone);
  if (!gone) return null;
  return (
    <p role="alert" className="server-banner" data-testid="server-gone">
      <strong>The app’s local server has stopped.</strong> This page reconnects by itself when <code>npm run web</code> runs again.
    </p>
  );
}
