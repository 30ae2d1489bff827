import { describe, expect, it } from 'vitest';
import { noticeKeysAfter } from './notices.ts';
import type { IsoDate } from './units.ts';

describe('noticeKeysAfter', () => {
  it('adds the key once, keeps what can still come due, and drops what is past', () => {
    const shown = ['expiry:2026-03-01', 'runout:2026-02-27', 'expiry:2026-02-28'];
    expect(noticeKeysAfter(shown, 'expiry:2026-03-04', '2026-02-28' as IsoDate)).toEqual(['expiry:2026-02-28', 'expiry:2026-03-01', 'expiry:2026-03-04']);
    expect(noticeKeysAfter(['expiry:2026-03-04'], 'expiry:2026-03-04', '2026-02-28' as IsoDate)).toEqual(['expiry:2026-03-04']);
  });
});
