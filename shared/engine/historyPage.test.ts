/**
 * History's pages from the replay (`historyPage`: the usages' rows replayed from the checkpoint before them, the
 * other rows kept as marks, the counts taken from the replay's) against the full history cut by hand, on one account
 * past its first checkpoint: usages with a project and without, plan changes, add-ons, seats and a cancel, for every
 * kind, month and project filter, on the last event's date, between two events and months after.
 */
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../units.ts';
import { historyPage } from './historyPage.ts';
import { replayBuild } from './incremental.ts';
import { mixedAccount } from '../../test/fixtures/histories.ts';
import { expectSamePages } from '../../test/fixtures/replayChecks.ts';

describe('History’s pages from the replay', () => {
  const r = replayBuild(mixedAccount(2300));

  it('are the full history’s rows, newest first, under every filter, on the last event’s date and months after', () => {
    expect(r.checkpoints.length).toBeGreaterThan(1);
    for (const at of ['2026-05-02', '2026-06-30'] as IsoDate[]) expectSamePages(r, at);
  }, 30_000);

  it('count the usages that name no project as all usages but those that do', () => {
    const page = historyPage(r, '2026-05-02' as IsoDate, { project: '' }, 0, 3);
    const named = r.account.events.filter((e) => e.type === 'usage' && e.project !== undefined).length;
    expect(page.total).toBe(r.usages - named);
    expect(page.rows.every((row) => row.kind === 'usage')).toBe(true);
  });

  it('count a project’s usages in a month, not the month’s other usages nor the project’s in other months', () => {
    const inMonth = r.account.events.flatMap((e, i) => (e.type === 'usage' && e.date.startsWith('2025-02') ? [{ i, project: e.project }] : []));
    const theirs = inMonth.filter((u) => u.project === 'p1').map((u) => u.i);
    expect([theirs.length, inMonth.length, r.projects.get('p1')]).toEqual([12, 182, 153]);
    const page = historyPage(r, '2026-05-02' as IsoDate, { project: 'p1', month: '2025-02' }, 0, 100);
    expect(page.total).toBe(12);
    expect(page.rows.map((row) => row.index)).toEqual(theirs.reverse());
  });
});
