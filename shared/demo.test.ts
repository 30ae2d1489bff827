import { describe, expect, it } from 'vitest';
import { dateAddDays } from './dates.ts';
import { demoAccount } from './demo.ts';
import { forecastCompute } from './engine/forecast.ts';
import { accountParse } from './formats/account.ts';
import { projectParse } from './formats/project.ts';
import type { IsoDate } from './units.ts';

describe.each(['2026-11-24', '2027-03-31', '2028-02-29'])('the demo account on %s', (today) => {
  const demo = demoAccount(today as IsoDate);
  it('is a valid account on Pro 2,000 with projects ahead', () => {
    expect(accountParse(demo.account).ok).toBe(true);
    for (const p of demo.projects) expect(projectParse(p).ok).toBe(true);
    expect(demo.projects.every((p) => p.date > today)).toBe(true);
  });
  it('has a lot of over 1,000 credits that expires within a week, and no refused usage', () => {
    const f = forecastCompute(demo.account, today as IsoDate);
    if (!f.ok) throw new Error(f.error.message);
    expect(f.value.ledger.plan?.label).toBe('Pro 2,000 (monthly)');
    expect(f.value.ledger.refused).toEqual([]);
    const soon = f.value.expiring[0]!;
    expect(soon.date <= dateAddDays(today as IsoDate, 7)).toBe(true);
    expect(soon.credits / 3600).toBeGreaterThan(1000);
  });
});
