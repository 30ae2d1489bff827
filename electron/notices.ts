/**
 * Desktop notifications from the engine's forecast: credits about to expire
 * (N days before, a setting) and a pace that runs out before the renewal. Each
 * is shown once per (kind, date), remembered across launches in
 * `notified.json` beside the account (written whole with `fileReplace`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppState } from '../shared/api.ts';
import { dateAddDays } from '../shared/dates.ts';
import { numberLabel } from '../shared/text.ts';
import { creditsToNumber, type IsoDate } from '../shared/units.ts';
import { fileReplace, realFs } from '../backend/durable.ts';

export const NOTIFIED_FILE = 'notified.json';

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
      due.push({ key: `expiry:${e.date}`, title: `${numberLabel(creditsToNumber(e.credits))} credits expire on ${e.date}`, body: 'Use them before then, or they are lost.' });
    }
  }
  const runOut = view.forecast.runOutOn;
  if (state.settings.notifyRunOut && view.forecast.runsOutBeforeRenewal && runOut) {
    due.push({ key: `runout:${runOut}`, title: `Credits run out around ${runOut}`, body: `At your current pace, before the renewal on ${view.forecast.renewalOn}.` });
  }
  return due;
}

export interface NoticeMemory {
  has(key: string): boolean;
  /** Remember `key`; keys for dates before `today` are dropped, as they cannot come due again. */
  add(key: string, today: IsoDate): void;
}

/** What was shown, read from the data folder; an unreadable file is taken as nothing shown. */
export function noticeMemoryOpen(dir: string, log: (message: string) => void): NoticeMemory {
  const path = join(dir, NOTIFIED_FILE);
  let shown = new Set<string>();
  try {
    const saved: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const keys = (saved as { shown?: unknown }).shown;
    if (Array.isArray(keys)) shown = new Set(keys.filter((k): k is string => typeof k === 'string'));
  } catch {
    // First launch, or a file damaged by hand: nothing remembered.
  }
  return {
    has: (key) => shown.has(key),
    add(key, today) {
      shown = new Set([...shown, key].filter((k) => (k.split(':')[1] ?? '') >= today));
      try {
        fileReplace(realFs, path, Buffer.from(`${JSON.stringify({ shown: [...shown].sort() })}\n`));
      } catch (e) {
        log(`the notices shown could not be saved in ${path}: ${String(e)}`);
      }
    },
  };
}
