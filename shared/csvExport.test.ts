/** Exported CSV stays text in a spreadsheet whatever it splits on, and reads back as it was written. */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { creditsFromWhole, type IsoDate } from './units.ts';
import type { Account } from './formats/account.ts';
import { csvUnparse } from './formats/csvText.ts';
import { usageCsv, type UsageCsvRow } from './formats/usageCsv.ts';
import { usageImport } from './usageImport.ts';

const HOSTILE = ['=HYPERLINK("http://x","y")', 'a;=HYPERLINK("http://x")', 'b\t=1+1', '+1', '-2', '@SUM(A1)', "'quoted", "'=kept", "''", "x'=y", 'plain, with a comma', ' spaced '];

describe('csvUnparse', () => {
  it.each([',', ';', '\t'])('no cell starts a formula when a spreadsheet splits on %j', (delimiter) => {
    const csv = csvUnparse(HOSTILE.map((name) => ({ name })), ['name']);
    const cells = Papa.parse<string[]>(csv, { delimiter }).data.flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('numbers stay numbers', () => {
    expect(csvUnparse([{ n: -2, s: '-2' }], ['n', 's'])).toBe("n,s\r\n-2,\"'-2\"");
  });
});

describe('a usage export read back by the import', () => {
  it('gives every project name back as it was', () => {
    const rows: UsageCsvRow[] = HOSTILE.map((project, i) => ({ date: '2026-01-05' as IsoDate, feature: 'avatar-iv', minutes: 1 + i, videos: 1, project, credits: creditsFromWhole(20 * (1 + i)), refused: null }));
    const account: Account = { format: 'credit-companion/account@1', events: [{ type: 'subscribe', date: '2026-01-01' as IsoDate, plan: 'pro', credits: 100_000 }] };
    const read = usageImport(usageCsv(rows), account);
    expect(read.problems).toEqual([]);
    expect(read.events.map((e) => e.project)).toEqual(HOSTILE.map((p) => p.trim()));
  });
});

describe('usageCsv', () => {
  it('writes each usage as its row, a field it does not have left empty, the refusal said', () => {
    const rows: UsageCsvRow[] = [
      { date: '2026-01-05' as IsoDate, feature: 'veo3', count: 2, videos: 1, credits: creditsFromWhole(400), refused: null },
      { date: '2026-01-06' as IsoDate, feature: 'avatar-iv', seconds: 90, videos: 2, project: 'Launch', by: 'Ana', credits: creditsFromWhole(60), refused: 'needs 60 credits' },
    ];
    expect(usageCsv(rows)).toBe(
      'date,feature,minutes,seconds,count,videos,project,by,credits,refused\r\n2026-01-05,veo3,,,2,1,,,400,\r\n2026-01-06,avatar-iv,,90,,2,Launch,Ana,60,needs 60 credits\n',
    );
  });
});
