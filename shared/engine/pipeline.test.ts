import { describe, expect, it } from 'vitest';
import { accountParse } from '../formats/account.ts';
import { PROJECT_FORMAT, type Project } from '../formats/project.ts';
import type { IsoDate } from '../units.ts';
import { pipelineCompute } from './pipeline.ts';

const account = accountParse({
  format: 'credit-companion/account@1',
  events: [
    { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
    { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10 },
  ],
});
const project = (name: string, date: string, minutes: number): Project => ({ format: PROJECT_FORMAT, name, date: date as IsoDate, lines: [{ feature: 'avatar-iv', minutes }] });

describe('pipeline', () => {
  // On Feb 20: 800 left of Jan 17 (gone Mar 17) + 1,000 of Feb 17. Mar 17 grants 1,000.
  const result = pipelineCompute(account.ok ? account.value : (null as never), [project('Teaser', '2026-03-20', 25), project('Launch', '2026-03-25', 125)], '2026-02-20' as IsoDate, 2);
  const p = result.ok ? result.value : (null as never);

  it('spends each project on its date and says which do not fit', () => {
    // Teaser 500 on Mar 20: 2,000 held (Feb 17 and Mar 17 lots) → fits, 1,500 left. Launch 2,500 → 1,000 short.
    expect(p.projects.map((x) => [x.name, x.credits / 3600, x.fits, x.shortfall / 3600])).toEqual([
      ['Teaser', 500, true, 0],
      ['Launch', 2500, false, 1000],
    ]);
  });

  it('lists the credits no project uses, and suggests pulling a project before they expire, or a tier', () => {
    expect(p.unusedExpiring.map((e) => [e.date, e.credits / 3600])).toEqual([['2026-03-17', 800], ['2026-04-17', 500]]);
    expect(p.renewals).toEqual(['2026-03-17', '2026-04-17']);
    expect(p.suggestions[0]).toBe('Pull “Teaser” (planned 2026-03-20) before 2026-03-17: it would use 500 of the 800 credits that expire then.');
    expect(p.suggestions.at(-1)).toMatch(/^Move to Pro 2,000 \(\$\d+(\.\d\d)?\/month, estimated\) before “Launch”: 1,000 more credits are needed\.$/);
  });
});
