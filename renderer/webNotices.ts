/**
 * The browser mode's notifications: the same warnings as the desktop's
 * (shared/notices.ts, from the same settings), each shown once per workspace,
 * kind and date, remembered in the page's storage, naming its workspace when
 * there are several. They are on once the user allows them from
 * a click; the desktop shows its own, so Electron's window shows none here.
 */
import type { AppState } from '../shared/api.ts';
import { noticeKeysAfter, noticesDue } from '../shared/notices.ts';
import type { IsoDate } from '../shared/units.ts';
import { noticeText } from '../shared/wording.ts';
import { workspaceKeyed } from '../shared/workspaces.ts';
import { SCREEN_WORDS } from './format.ts';
import { inBrowser, painting } from './platform.ts';

const SHOWN_KEY = 'cc-notified';

export type NotifyPermission = NotificationPermission | 'unsupported';

export function notifyPermission(): NotifyPermission {
  // Not known while the server paints the first screen: the offer shows once the page's code runs.
  return inBrowser && !painting && 'Notification' in window ? Notification.permission : 'unsupported';
}

/** Ask the browser; call it from a click, as browsers only ask then. */
export async function notifyAsk(): Promise<NotifyPermission> {
  if (notifyPermission() === 'unsupported') return 'unsupported';
  return Notification.requestPermission();
}

/** The keys shown, kept here too when the page's storage is refused (a private window's quota, a policy). */
let shownHere: string[] = [];

function shownRead(): string[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(SHOWN_KEY) ?? '[]');
    return Array.isArray(saved) ? [...saved.filter((k): k is string => typeof k === 'string'), ...shownHere] : shownHere;
  } catch {
    return shownHere;
  }
}

function shownAdd(key: string, today: IsoDate): void {
  shownHere = noticeKeysAfter(shownRead(), key, today);
  try {
    localStorage.setItem(SHOWN_KEY, JSON.stringify(shownHere));
  } catch {
    // Remembered for this page only.
  }
}

/**
 * Show what the state calls for today and was not shown before; nothing until notifications are allowed. Each is
 * remembered per workspace (the first's as a single account's always was), and names its workspace (`named`) when
 * the folder holds several.
 */
export function noticesShow(state: AppState, today: IsoDate, named: string | null = null): void {
  if (notifyPermission() !== 'granted') return;
  for (const notice of noticesDue(state, today)) {
    const key = workspaceKeyed(state.workspace, notice.key);
    if (shownRead().includes(key)) continue;
    shownAdd(key, today);
    const said = noticeText(notice, SCREEN_WORDS);
    const shown = new Notification(named === null ? said.title : `${named}: ${said.title}`, { body: said.body, tag: key, icon: './icon-192.png' });
    shown.onclick = () => window.focus();
  }
}
