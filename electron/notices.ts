/**
 * Desktop notifications from the engine's forecast (shared/notices.ts), each
 * shown once per (kind, date), remembered across launches in `notified.json`
 * beside the account (written whole with `fileReplace`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noticeKeysAfter } from '../shared/notices.ts';
import type { IsoDate } from '../shared/units.ts';
import { fileReplace, realFs } from '../backend/durable.ts';

export const NOTIFIED_FILE = 'notified.json';

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
      const kept = noticeKeysAfter(shown, key, today);
      shown = new Set(kept);
      try {
        fileReplace(realFs, path, Buffer.from(`${JSON.stringify({ shown: kept })}\n`));
      } catch (e) {
        log(`the notices shown could not be saved in ${path}: ${String(e)}`);
      }
    },
  };
}
