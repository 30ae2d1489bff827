/**
 * Turning the browser mode's notifications on: a line in Settings › Preferences
 * that says where they stand, and a one-time offer in the page when a warning is
 * due. The browser asks only from a click, and a refusal is said plainly.
 */
import { useEffect, useState } from 'react';
import { today } from '../../../shared/dates.ts';
import { noticesDue } from '../../../shared/notices.ts';
import { SCREEN_WORDS } from '../../format.ts';
import { noticeText } from '../../../shared/wording.ts';
import { inBrowser } from '../../platform.ts';
import { useStore } from '../../store/store.ts';
import { noticesShow, notifyAsk, notifyPermission, type NotifyPermission } from '../../webNotices.ts';

const PROMPT_KEY = 'cc-notify-offer';

/** Show what is due now that notifications are allowed. */
function nowAllowed(): void {
  const app = useStore.getState().app;
  if (app) noticesShow(app, today());
}

/** The permission now, followed when the user changes it in the browser's site settings (allowed there, they start at once). */
function usePermission(): [NotifyPermission, () => Promise<void>] {
  const [permission, setPermission] = useState(notifyPermission);
  useEffect(() => {
    if (permission === 'unsupported') return;
    let status: PermissionStatus | null = null;
    const follow = () => {
      const now = notifyPermission();
      setPermission(now);
      if (now === 'granted') nowAllowed();
    };
    void navigator.permissions?.query({ name: 'notifications' }).then((s) => {
      status = s;
      s.addEventListener('change', follow);
    });
    return () => status?.removeEventListener('change', follow);
  }, [permission]);
  async function ask() {
    const answer = await notifyAsk();
    setPermission(answer);
    if (answer === 'granted') nowAllowed();
  }
  return [permission, ask];
}

const BLOCKED = 'This browser has blocked notifications for this page: allow them in its site settings (the icon left of the address), and they start at once.';

/** Settings › Preferences: browser notifications on, off, blocked, or not available. */
export function NotificationSettings() {
  const [permission, ask] = usePermission();
  if (!inBrowser) return null;
  return (
    <div className="browser-notifications" data-testid="browser-notifications">
      {permission === 'unsupported' && <p className="muted">This browser cannot show notifications: the warnings show in the page only.</p>}
      {permission === 'default' && (
        <>
          <button type="button" onClick={() => void ask()}>
            Turn on browser notifications
          </button>
          <p className="muted">The two warnings above, as notifications from this browser while the app is open in a tab or its own window.</p>
        </>
      )}
      {permission === 'granted' && <p>Browser notifications are on: the warnings above show while the app is open in a tab or its own window.</p>}
      {permission === 'denied' && <p className="warn-text">{BLOCKED}</p>}
    </div>
  );
}

function offerDismissed(): boolean {
  try {
    return localStorage.getItem(PROMPT_KEY) === 'dismissed';
  } catch {
    return false;
  }
}

/**
 * When a warning is due and notifications were never asked for: the warning, and the offer to get the next ones. It
 * sits at the end of the dashboard, in the page's flow (over nothing, after the numbers in the Tab order), until
 * answered.
 */
export function NotificationOffer() {
  const app = useStore((s) => s.app);
  const [permission, ask] = usePermission();
  const [dismissed, setDismissed] = useState(offerDismissed);
  if (!inBrowser || !app || dismissed || permission === 'granted' || permission === 'unsupported') return null;
  const due = noticesDue(app, today());
  if (due.length === 0) return null;
  function dismiss() {
    setDismissed(true);
    try {
      localStorage.setItem(PROMPT_KEY, 'dismissed');
    } catch {
      // Dismissed for this page only.
    }
  }
  return (
    <section className="notify-offer" aria-label="Browser notifications">
      <p>
        <strong>{noticeText(due[0]!, SCREEN_WORDS).title}.</strong>{' '}
        {permission === 'denied' ? BLOCKED : 'Get warnings like this one as browser notifications?'}
      </p>
      <div className="actions">
        {permission === 'default' && (
          <button type="button" className="primary" onClick={() => void ask()}>
            Turn on notifications
          </button>
        )}
        <button type="button" onClick={dismiss}>
          {permission === 'denied' ? 'Close' : 'Not now'}
        </button>
      </div>
    </section>
  );
}
