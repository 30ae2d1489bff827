/** Whose lock may be taken: a holder on another host (a re-created container, a network folder) is gone once it goes quiet. */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realFs } from './durable.ts';
import { LOCK_NAME, OWNER_NAME, lockTake } from './lock.ts';

/** A folder whose lock another host took, last refreshed `secondsAgo` seconds ago. */
function heldElsewhere(secondsAgo: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-lock-'));
  mkdirSync(join(dir, LOCK_NAME));
  const then = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(join(dir, LOCK_NAME), then, then);
  writeFileSync(join(dir, OWNER_NAME), JSON.stringify({ pid: 1, host: 'container-before-it-was-made-anew', app: 'browser', since: then.toISOString(), token: 'its own' }));
  return dir;
}

function take(dir: string) {
  return lockTake({ dir, fs: realFs, owner: { app: 'test' }, onCompromised: () => undefined });
}

describe('a lock held on another host', () => {
  it('quiet for 31 s: taken over at once, not after 10 minutes', () => {
    const lock = take(heldElsewhere(31));
    expect(lock.held).toBe(true);
    if (lock.held) lock.release();
  });

  it('refreshed 5 s ago: refused, naming the holder, its host, when it was last heard from and when to try again', () => {
    const dir = heldElsewhere(5);
    const lock = take(dir);
    expect(lock).toMatchObject({ held: false, reason: 'locked' });
    if (!lock.held) expect(lock.message).toMatch(new RegExp(`^Credit Companion is already open on ${dir} \\(the browser mode, pid 1 on container-before-it-was-made-anew, last heard from [5-9] s ago\\); use that window, or quit it first; if it is no longer running, try again in 30 s\\.$`));
  });
});
