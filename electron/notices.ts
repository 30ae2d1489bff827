/**
 * Desktop notifications from the engine's forecast (shared/notices.ts), each
 * shown once per (kind, date), remembered across launches in the app's
 * preferences (backend/prefs.ts).
 */
import { noticeKeysAfter } from '../shared/notices.ts';
import type { IsoDate } from '../shared/units.ts';
import type { PrefsStore } from '../backend/prefs.ts';

export interface NoticeMemory {
  has(key: string): boolean;
  /** Remember `key`; keys for dates before `today` are dropped, as they cannot come due again. */
  add(key: string, today: IsoDate): void;
}

/** What was shown, from the preferences. */
export function noticeMemoryOpen(prefs: PrefsStore, log: (message: string) => void): NoticeMemory {
  let shown = new Set(prefs.get('notified'));
  return {
    has: (key) => shown.has(key),
    add(key, today) {
      const kept = noticeKeysAfter(shown, key, today);
      shown = new Set(kept);
      try {
        prefs.set('notified', kept);
      } catch (e) {
        log(`the notices shown could not be saved in ${prefs.path}: ${String(e)}`);
      }
    },
  };
}
