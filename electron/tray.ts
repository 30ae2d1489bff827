/**
 * The tray (menu-bar) item: the balance and a countdown to the next expiry in
 * its title ("1,184 expire in 4 d"), tooltip and menu, across the workspaces
 * (the soonest expiry of any, named), and the notifications the forecast calls
 * for in each, each shown once (notices.ts) and naming its workspace.
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
import { workspaceKeyed } from '../shared/workspaces.ts';

export interface TrayText {
  /** Beside the icon in the macOS menu bar. */
  readonly title: string;
  readonly tooltip: string;
  /** The menu's information lines: the balance and the next expiry, of each workspace. */
  readonly lines: readonly string[];
}

/** A workspace's view and settings, as the tray shows it. */
export interface TrayWorkspace extends Pick<AppState, 'view' | 'settings'> {
  readonly id: string;
  readonly name: string;
}

/** The soonest expiry across the workspaces (its workspace named when there are several) in the title; each workspace's balance and next expiry in the menu. */
export function trayText(workspaces: readonly TrayWorkspace[], today: IsoDate): TrayText {
  const many = workspaces.length > 1;
  const named = (w: TrayWorkspace, text: string) => (many ? `${w.name}: ${text}` : text);
  const read = workspaces.flatMap((w) => (w.view ? [{ w, view: w.view }] : []));
  if (read.length === 0) return { title: '', tooltip: 'Credit Companion: no account yet', lines: ['No account yet', 'Nothing expires'] };
  const balanceOf = (view: NonNullable<AppState['view']>) => `${numberLabel(Math.round(creditsToNumber(view.ledger.balance)))} credits`;
  const soonest = read.flatMap(({ w, view }) => (view.forecast.expiring[0] ? [{ w, next: view.forecast.expiring[0] }] : [])).sort((a, b) => a.next.date.localeCompare(b.next.date))[0];
  const countdown = soonest ? named(soonest.w, expiryCountdown(creditsToNumber(soonest.next.credits), daysBetween(today, soonest.next.date))) : null;
  const total = many ? `${read.length} workspaces` : balanceOf(read[0]!.view);
  return {
    title: countdown ?? (many ? '' : total),
    tooltip: `Credit Companion: ${total}${countdown ? `, ${countdown}` : ''}`,
    lines: read.flatMap(({ w, view }) => {
      const next = view.forecast.expiring[0];
      return [named(w, balanceOf(view)), named(w, next ? `${numberLabel(Math.round(creditsToNumber(next.credits)))} expire on ${next.date}` : 'Nothing expires soon')];
    }),
  };
}

export interface TrayHandle {
  update(workspaces: readonly TrayWorkspace[], today: IsoDate): void;
  readonly tray: Tray;
}

export function trayCreate(electron: Pick<ElectronApi, 'Tray' | 'Menu' | 'Notification' | 'nativeImage'>, iconPath: string, showWindow: () => void, memory: NoticeMemory): TrayHandle {
  const tray = new electron.Tray(electron.nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  tray.on('click', showWindow);
  return {
    tray,
    update(workspaces, today) {
      const text = trayText(workspaces, today);
      tray.setTitle(text.title);
      tray.setToolTip(text.tooltip);
      tray.setContextMenu(electron.Menu.buildFromTemplate([...text.lines.map((label) => ({ label, enabled: false })), { type: 'separator' }, { label: 'Open Credit Companion', click: showWindow }, { role: 'quit' }]));
      if (!electron.Notification.isSupported()) return;
      // Every notification names its workspace when there are several; each is remembered per workspace (the first's as it always was).
      for (const w of workspaces) {
        for (const notice of noticesDue(w, today)) {
          const key = workspaceKeyed(w.id, notice.key);
          if (memory.has(key)) continue;
          memory.add(key, today);
          const said = noticeText(notice, FILE_WORDS);
          const n = new electron.Notification(workspaces.length > 1 ? { ...said, title: `${w.name}: ${said.title}` } : said);
          n.on('click', showWindow);
          n.show();
        }
      }
    },
  };
}
