/** A report as rows and as CSV: by month the month alone; by member, usage that names none under null. */
import { describe, expect, it } from 'vitest';
import { centsOf, creditsFromDecimal, creditsFromWhole } from '../units.ts';
import { reportCsv, reportRows } from './reportCsv.ts';

describe('reportRows and reportCsv', () => {
  it('by month: the month, its credits and their cost', () => {
    const report = { by: 'month', rows: [{ month: '2026-01', key: '2026-01', credits: creditsFromDecimal(1234.5), cost: centsOf(6050) }] };
    expect(reportRows(report)).toEqual([{ month: '2026-01', credits: 1234.5, usd: 60.5 }]);
    expect(reportCsv(report)).toBe('month,credits,usd\r\n2026-01,1234.5,60.5');
  });

  it('by member: each member its row, usage that names none under null (an empty cell)', () => {
    const report = {
      by: 'member',
      rows: [
        { month: '2026-01', key: 'Ana', credits: creditsFromWhole(100), cost: centsOf(490) },
        { month: '2026-01', key: '', credits: creditsFromWhole(20), cost: centsOf(98) },
      ],
    };
    expect(reportRows(report)).toEqual([
      { month: '2026-01', member: 'Ana', credits: 100, usd: 4.9 },
      { month: '2026-01', member: null, credits: 20, usd: 0.98 },
    ]);
    expect(reportCsv(report)).toBe('month,member,credits,usd\r\n2026-01,Ana,100,4.9\r\n2026-01,,20,0.98');
  });

  it('by project: usage that names none stays an empty name, not null (only a member is null)', () => {
    const report = { by: 'project', rows: [{ month: '2026-02', key: '', credits: creditsFromWhole(5), cost: centsOf(25) }] };
    expect(reportRows(report)).toEqual([{ month: '2026-02', project: '', credits: 5, usd: 0.25 }]);
  });

  it('by project: a formula-like name stays text', () => {
    const report = { by: 'project', rows: [{ month: '2026-02', key: '=1+1', credits: creditsFromWhole(5), cost: centsOf(25) }] };
    expect(reportRows(report)).toEqual([{ month: '2026-02', project: '=1+1', credits: 5, usd: 0.25 }]);
    expect(reportCsv(report)).toBe('month,project,credits,usd\r\n2026-02,"\'=1+1",5,0.25');
  });
});
