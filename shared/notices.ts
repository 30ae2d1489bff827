/**
 * The warnings the forecast calls for: credits about to expire (N days before,
 * a setting) and a pace that runs out before the renewal. Each has a key of its
 * kind and date, so that it is shown once: the desktop remembers the keys in a
 * file beside the account, the browser mode in the page's storage.
 */
import type { AppState } from './api.ts';
import { dateAddDays } from './dates.ts';
import { creditsLabel, pluralWord } from './text.ts';
import { creditsToNumber, type IsoDate } from './units.ts';

export interface Notice {
  /** `expiry:DATE` or `runout:DATE`: shown once. */
  readonly key: string;
  readonly title: string;
  readonly body: string;
}

/** The notices the state calls for today, whether or not they were shown before. */
export function noticesDue(state: AppState, today: IsoDate): Notice[] {
  const view = state.view;
  if (!view) return [];
  const due: Notice[] = [];
  const days = state.settings.notifyExpiryDays;
  if (days > 0) {
    for (const e of view.forecast.expiring) {
      if (e.date > dateAddDays(today, days)) continue;
      due.push({ key: `expiry:${e.date}`, title: `${creditsLabel(creditsToNumber(e.credits))} ${pluralWord(creditsToNumber(e.credits), 'expires', 'expire')} on ${e.date}`, body: pluralWord(creditsToNumber(e.credits), 'Use it before then, or it is lost.', 'Use them before then, or they are lost.') });
    }
  }
  const runOut = view.forecast.runOutOn;
  if (state.settings.notifyRunOut && view.forecast.runsOutBeforeRenewal && runOut) {
    due.push({ key: `runout:${runOut}`, title: `Credits run out around ${runOut}`, body: `At your current pace, before the renewal on ${view.forecast.renewalOn}.` });
  }
  return due;
}

/** The keys to keep once `key` is shown: those for dates before `today` are dropped, as they cannot come due again. */
export function noticeKeysAfter(shown: Iterable<string>, key: string, today: IsoDate): string[] {
  return [...new Set([...shown, key])].filter((k) => (k.split(':')[1] ?? '') >= today).sort();
}
