/**
 * The tray (menu-bar) item with the balance and the next expiry, and desktop
 * notifications: credits about to expire (N days before, a setting) and a
 * forecast that runs out before the renewal. Each is shown once per date.
 */
import { Notification, Tray, Menu, nativeImage, type BrowserWindow } from 'electron';
import type { AppState } from '../shared/api.ts';
import { dateAddDays } from '../shared/dates.ts';
import { creditsToNumber, type IsoDate } from '../shared/units.ts';
import { numberLabel } from '../shared/text.ts';

export interface TrayHandle {
  update(state: AppState, today: IsoDate): void;
}

export function trayCreate(iconPath: string, show: () => BrowserWindow | null): TrayHandle {
  const tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  const notified = new Set<string>();
  tray.on('click', () => show()?.show());
  return {
    update(state, today) {
      const view = state.view;
      const balance = view ? `${numberLabel(creditsToNumber(view.ledger.balance))} credits` : 'No account yet';
      const next = view?.forecast.expiring[0];
      const expiry = next ? `${numberLabel(creditsToNumber(next.credits))} expire on ${next.date}` : 'Nothing expires soon';
      tray.setToolTip(`Credit Companion: ${balance}`);
      tray.setContextMenu(Menu.buildFromTemplate([{ label: balance, enabled: false }, { label: expiry, enabled: false }, { type: 'separator' }, { label: 'Open Credit Companion', click: () => show()?.show() }, { role: 'quit' }]));
      if (!view || !Notification.isSupported()) return;
      const days = state.settings.notifyExpiryDays;
      if (next && days > 0 && next.date <= dateAddDays(today, days) && !notified.has(`expiry:${next.date}`)) {
        notified.add(`expiry:${next.date}`);
        new Notification({ title: `${numberLabel(creditsToNumber(next.credits))} credits expire on ${next.date}`, body: 'Use them before then, or they are lost.' }).show();
      }
      const runOut = view.forecast.runOutOn;
      if (state.settings.notifyRunOut && view.forecast.runsOutBeforeRenewal && runOut && !notified.has(`runout:${runOut}`)) {
        notified.add(`runout:${runOut}`);
        new Notification({ title: `Credits run out around ${runOut}`, body: `At your current pace, before the renewal on ${view.forecast.renewalOn}.` }).show();
      }
    },
  };
}
