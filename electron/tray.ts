/**
 * The tray (menu-bar) item: the balance and a countdown to the next expiry in
 * its title ("1,184 expire in 4 d"), tooltip and menu, and the notifications
 * the forecast calls for, each shown once (notices.ts).
 */
import type { Tray } from 'electron';
import type { AppState } from '../shared/api.ts';
import { daysBetween } from '../shared/dates.ts';
import { expiryCountdown, numberLabel } from '../shared/text.ts';
import { creditsToNumber, type IsoDate } from '../shared/units.ts';
import type { ElectronApi } from './api.ts';
import { noticesDue } from '../shared/notices.ts';
import { FILE_WORDS, noticeText } from '../shared/wording.ts';
import type { NoticeMemory } from './notices.ts';

export interface TrayText {
  /** Beside the icon in the macOS menu bar. */
  readonly title: string;
  readonly tooltip: string;
  /** The menu's two information lines. */
  readonly lines: readonly [string, string];
}

export function trayText(state: AppState, today: IsoDate): TrayText {
  const view = state.view;
  if (!view) return { title: '', tooltip: 'Credit Companion: no account yet', lines: ['No account yet', 'Nothing expires'] };
  const balance = `${numberLabel(Math.round(creditsToNumber(view.ledger.balance)))} credits`;
  const next = view.forecast.expiring[0];
  const countdown = next ? expiryCountdown(creditsToNumber(next.credits), daysBetween(today, next.date)) : null;
  return {
    title: countdown ?? balance,
    tooltip: `Credit Companion: ${balance}${countdown ? `, ${countdown}` : ''}`,
    lines: [balance, next ? `${numberLabel(Math.round(creditsToNumber(next.credits)))} expire on ${next.date}` : 'Nothing expires soon'],
  };
}

export interface TrayHandle {
  update(state: AppState, today: IsoDate): void;
  readonly tray: Tray;
}

export function trayCreate(electron: Pick<ElectronApi, 'Tray' | 'Menu' | 'Notification' | 'nativeImage'>, iconPath: string, showWindow: () => void, memory: NoticeMemory): TrayHandle {
  const tray = new electron.Tray(electron.nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  tray.on('click', showWindow);
  return {
    tray,
    update(state, today) {
      const text = trayText(state, today);
      tray.setTitle(text.title);
      tray.setToolTip(text.tooltip);
      tray.setContextMenu(electron.Menu.buildFromTemplate([{ label: text.lines[0], enabled: false }, { label: text.lines[1], enabled: false }, { type: 'separator' }, { label: 'Open Credit Companion', click: showWindow }, { role: 'quit' }]));
      if (!electron.Notification.isSupported()) return;
      for (const notice of noticesDue(state, today)) {
        if (memory.has(notice.key)) continue;
        memory.add(notice.key, today);
        const n = new electron.Notification(noticeText(notice, FILE_WORDS));
        n.on('click', showWindow);
        n.show();
      }
    },
  };
}
