/**
 * The warnings the forecast calls for: credits about to expire (N days before,
 * a setting) and a pace that runs out before the renewal. Each has a key of its
 * kind and date, so that it is shown once: the desktop remembers the keys in a
 * file beside the account, the browser mode in the page's storage.
 */
import type { AppState } from './api.ts';
import { dateAddDays } from './dates.ts';
import type { Said } from './engine/state.ts';
import type { Credits, IsoDate } from './units.ts';

/** A warning, as data: the edges word it (shared/wording.ts). */
export type Notice = (Said<'expiry', { readonly date: IsoDate; readonly credits: Credits }> | Said<'runout', { readonly date: IsoDate; readonly renewal: IsoDate }>) & {
  /** `expiry:DATE` or `runout:DATE`: shown once. */
  readonly key: string;
};

/** The notices the state calls for today, whether or not they were shown before. */
export function noticesDue(state: Pick<AppState, 'view' | 'settings'>, today: IsoDate): Notice[] {
  const view = state.view;
  if (!view) return [];
  const due: Notice[] = [];
  const days = state.settings.notifyExpiryDays;
  if (days > 0) {
    for (const e of view.forecast.expiring) {
      if (e.date > dateAddDays(today, days)) continue;
      due.push({ key: `expiry:${e.date}`, code: 'expiry', params: { date: e.date, credits: e.credits } });
    }
  }
  const { runOutOn: runOut, renewalOn: renewal } = view.forecast;
  if (state.settings.notifyRunOut && view.forecast.runsOutBeforeRenewal && runOut && renewal) {
    due.push({ key: `runout:${runOut}`, code: 'runout', params: { date: runOut, renewal } });
  }
  return due;
}

/** The keys to keep once `key` is shown: those for dates before `today` are dropped, as they cannot come due again. */
export function noticeKeysAfter(shown: Iterable<string>, key: string, today: IsoDate): string[] {
  return [...new Set([...shown, key])].filter((k) => (k.split(':')[1] ?? '') >= today).sort();
}
