import { describe, expect, it } from 'vitest';
import { accountParse } from './formats/account.ts';
import type { IsoDate } from './units.ts';
import { accountView } from './view.ts';

describe('accountView', () => {
  const parsed = accountParse({
    format: 'credit-companion/account@1',
    events: [
      { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 5, project: 'A' }, // 100, last cycle, day 3
      { date: '2026-02-05', type: 'usage', feature: 'veo3', count: 1, project: 'B' }, // 90, last cycle, day 19: after the same point
      { date: '2026-02-18', type: 'usage', feature: 'avatar-iii', minutes: 10 }, // 30, this cycle
      { date: '2026-02-19', type: 'usage', feature: 'avatar-iv', minutes: 500 }, // refused: 10,000 > balance
    ],
  });
  const view = accountView(parsed.ok ? parsed.value : (null as never), '2026-02-20' as IsoDate);
  const v = view.ok ? view.value : (null as never);

  it('compares this cycle with the same number of days into the last one', () => {
    // Cycle from Feb 17; 3 days in. The last cycle from Jan 17 to Jan 20 held the 100.
    expect(v.cycleBurn).toEqual({ since: '2026-02-17', used: 30 * 3600, lastSince: '2026-01-17', lastUntil: '2026-01-20', lastUsed: 100 * 3600 });
  });

  it('sums credits used per month and feature, refused usages left out', () => {
    expect(v.burnByMonth.map((m) => [m.month, m.total / 3600, Object.keys(m.byFeature).sort()])).toEqual([
      ['2026-01', 100, ['avatar-iv']],
      ['2026-02', 120, ['avatar-iii', 'veo3']],
    ]);
    expect([v.usageCount, v.projects]).toEqual([4, ['A', 'B']]);
  });
});
