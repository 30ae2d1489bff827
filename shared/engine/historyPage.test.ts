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
import { dayOf, FORMAT, isoOf, parseOk } from '../../test/fixtures/histories.ts';
import { expectSamePages } from '../../test/fixtures/replayChecks.ts';

function account() {
  const events: Record<string, unknown>[] = [{ date: '2025-01-10', type: 'subscribe', plan: 'pro', credits: 2000, billing: 'monthly' }];
  for (let i = 0; i < 2300; i++) {
    const date = isoOf(dayOf('2025-01-10') + Math.floor(i / 6));
    events.push({ date, type: 'usage', feature: i % 3 === 0 ? 'avatar-iii' : 'avatar-iv', minutes: 0.25 + (i % 4) / 8, ...(i % 7 === 0 ? { project: `p${i % 3}` } : {}) });
    if (i === 800) events.push({ date, type: 'change-plan', plan: 'business', billing: 'monthly' });
    if (i === 1100) events.push({ date, type: 'seats', count: 2 });
    if (i === 1400) events.push({ date, type: 'addon', blocks: 3 });
  }
  events.push({ date: '2026-02-20', type: 'cancel' });
  return parseOk({ format: FORMAT, events });
}

describe('History’s pages from the replay', () => {
  const r = replayBuild(account());

  it('are the full history’s rows, newest first, under every filter, on the last event’s date and months after', () => {
    expect(r.checkpoints.length).toBeGreaterThan(1);
    for (const at of ['2026-02-20', '2026-06-30'] as IsoDate[]) expectSamePages(r, at);
  }, 30_000);

  it('count the usages that name no project as all usages but those that do', () => {
    const page = historyPage(r, '2026-02-20' as IsoDate, { project: '' }, 0, 3);
    const named = r.account.events.filter((e) => e.type === 'usage' && e.project !== undefined).length;
    expect(page.total).toBe(r.usages - named);
    expect(page.rows.every((row) => row.kind === 'usage')).toBe(true);
  });
});
