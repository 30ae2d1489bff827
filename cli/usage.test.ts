/** `import-usage` and `export-usage`: spreadsheets in, the account file out (never written), and back. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './main.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cc-usage-'));
function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

const account = file('account.json', JSON.stringify({ format: 'credit-companion/account@1', events: [{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }] }));
const sheet = file('sheet.csv', '\ufeffDate;Feature;Length;Count;Videos;Project\n05/01/2026;Avatar IV;1:30;;1;Launch\n06/01/2026;VEO3;;2;1;Shorts\n25/01/2026;Video Translation - precision;10;;2;Launch\n');

describe('import-usage', () => {
  it('prints the account with the rows added, which balance then reads: the expected balance', () => {
    const out = run(['import-usage', account, sheet]);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(`${sheet}: 3 usages added, 0 already in the account skipped`);
    const merged = file('merged.json', out.stdout);
    expect(JSON.parse(out.stdout).events).toHaveLength(4);
    // 1:30 of Avatar IV at 20 a minute, 2 VEO3 generations at 90, 10 minutes of precision translation at 10 a minute into 2 languages.
    const balance = JSON.parse(run(['balance', merged, '--at', '2026-01-31', '--json']).stdout).balance;
    expect(balance).toBe(1000 - 30 - 2 * 90 - 10 * 10 * 2);
  });

  it('--json: the account, how many were added and how many skipped; a re-import adds nothing', () => {
    const text = file('plain.csv', 'date,feature,minutes,project\n2026-01-05,Avatar IV,2,Launch\n2026-01-06,avatar 4,1,\n');
    const first = JSON.parse(run(['import-usage', account, text, '--json']).stdout);
    expect(first).toMatchObject({ added: 2, skipped: 0 });
    const again = run(['import-usage', file('first.json', JSON.stringify(first.account)), text, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, skipped: 2 });
    expect(JSON.parse(run(['balance', file('again.json', JSON.stringify(JSON.parse(again.stdout).account)), '--at', '2026-01-31', '--json']).stdout).balance).toBe(1000 - 60);
  });

  it('bad rows: exit 2, one line each with the row, the column and the rule, nothing on stdout', () => {
    const bad = file('bad.csv', 'date,feature,minutes\n2026-01-05,Avatar IV,2\n2026-01-32,Avatar IV,2\n2026-01-07,Avatar 9,1\n');
    const out = run(['import-usage', account, bad]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n')).toEqual([`${bad}: row 3, column "date": "2026-01-32" is not a date (YYYY-MM-DD), years 2000 to 2999`, expect.stringMatching(new RegExp(`^${bad}: row 4, column "feature": unknown feature "Avatar 9"; known: `))]);
  });

  it('#17.7 a totals line and rows with no date are skipped and counted (--json `undated`), not refused', () => {
    const totals = file('totals.csv', 'Date,Project,Feature,Minutes,Count,Videos,Notes\n2026-01-05,A,Avatar IV,2,,,\n,,TOTAL,,,,\n');
    const out = run(['import-usage', account, totals]);
    expect(out).toMatchObject({ code: 0, stderr: `${totals}: 1 usage added, 0 already in the account skipped, 1 row with no date (a totals line?) skipped` });
    expect(JSON.parse(run(['import-usage', account, totals, '--json']).stdout)).toMatchObject({ added: 1, skipped: 0, undated: 1 });
  });

  it('#17.6 #17.8 one "Qty" column and the import’s own labels as headers; a bad row names the feature and its column', () => {
    const sheet = file('team.csv', 'Date,Feature,Length (mm:ss),Qty\n2026-01-05,VEO3,,2\n2026-01-06,Avatar IV,1:30,3\n');
    expect(JSON.parse(run(['import-usage', account, sheet]).stdout).events.slice(1)).toEqual([
      { type: 'usage', date: '2026-01-05', feature: 'veo3', count: 2 },
      { type: 'usage', date: '2026-01-06', feature: 'avatar-iv', seconds: 90, videos: 3 },
    ]);
    const bad = file('team-bad.csv', 'Date,Feature,Length (mm:ss),Qty\n2026-01-05,Video Translation no lip sync,,1\n');
    expect(run(['import-usage', account, bad])).toMatchObject({ code: 2, stdout: '', stderr: `${bad}: row 2, column "Length (mm:ss)": required: the length, as minutes or seconds (Video Translation, no lip-sync costs 2 per minute)` });
  });

  it('an ambiguous date asks for --date-format, which then reads it', () => {
    const us = file('us.csv', 'date,feature,minutes\n03/04/2026,Avatar IV,1\n');
    expect(run(['import-usage', account, us]).stderr).toBe(`${us}: row 2, column "date": "03/04/2026" could be day-first or month-first: say whether the dates are written DD/MM/YYYY or MM/DD/YYYY`);
    expect(JSON.parse(run(['import-usage', account, us, '--date-format', 'MM/DD/YYYY']).stdout).events[1].date).toBe('2026-03-04');
  });

  it.each([
    [['--map', 'colour=A'], /^--map: "colour=A" is not FIELD=COLUMN with FIELD one of date, feature/],
    [['--date-format', 'YY/MM/DD'], /^--date-format: must be one of YYYY-MM-DD, DD\/MM\/YYYY, MM\/DD\/YYYY/],
    [['--map', 'date=Nope'], /row 1, column "Nope": --map date=Nope: no such column/],
  ])('bad options %j: exit 2 naming them', (extra, message) => {
    const out = run(['import-usage', account, sheet, ...extra]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it('missing files: exit 2', () => {
    expect(run(['import-usage', account]).code).toBe(2);
    expect(run(['import-usage', account, join(tmp, 'nope.csv')]).stderr).toMatch(/nope\.csv: cannot read \(no such file\)/);
  });
});

describe('export-usage', () => {
  const withUsages = file('with.json', JSON.stringify({ format: 'credit-companion/account@1', events: [
    { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 },
    { date: '2026-01-05', type: 'usage', feature: 'avatar-iv', minutes: 2, project: '=HYPERLINK("http://x")' },
    { date: '2026-02-05', type: 'usage', feature: 'veo3', count: 1 },
  ] }));

  it('CSV by default, in the app’s layout, formulae kept as text', () => {
    const out = run(['export-usage', withUsages]);
    expect(out.code).toBe(0);
    expect(out.stdout.split('\r\n')).toEqual(['date,feature,minutes,seconds,count,videos,project,by,credits,refused', `2026-01-05,avatar-iv,2,,,1,"'=HYPERLINK(""http://x"")",,40,`, '2026-02-05,veo3,,,1,1,,,90,']);
  });

  it('--json with credits, --from and --to bound the dates', () => {
    const out = JSON.parse(run(['export-usage', withUsages, '--json', '--from', '2026-02-01', '--to', '2026-02-28']).stdout);
    expect(out).toEqual({ usages: [{ date: '2026-02-05', feature: 'veo3', count: 1, videos: 1, credits: 90, refused: null }] });
  });

  it('#17.14 credits as exact decimals from the engine’s units, in CSV and JSON: a third of a credit is 0.3333', () => {
    const thirds = file('thirds.json', JSON.stringify({ format: 'credit-companion/account@1', events: [
      { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-05', type: 'usage', feature: 'avatar-iv', seconds: 1 },
      { date: '2026-01-06', type: 'usage', feature: 'avatar-iii', seconds: 7 },
    ] }));
    expect(run(['export-usage', thirds]).stdout.split('\r\n').slice(1)).toEqual(['2026-01-05,avatar-iv,,1,,1,,,0.3333,', '2026-01-06,avatar-iii,,7,,1,,,0.35,']);
    expect(JSON.parse(run(['export-usage', thirds, '--json']).stdout).usages.map((u: { credits: number }) => u.credits)).toEqual([0.3333, 0.35]);
  });

  it('names who made each usage, in CSV and JSON, and reads it back', () => {
    const team = file('team-export.json', JSON.stringify({ format: 'credit-companion/account@1', events: [
      { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-05', type: 'usage', feature: 'veo3', count: 1, by: 'Ana' },
      { date: '2026-01-05', type: 'usage', feature: 'veo3', count: 1, by: 'Ben' },
      { date: '2026-01-06', type: 'usage', feature: 'veo3', count: 1 },
    ] }));
    const csv = run(['export-usage', team]).stdout;
    expect(csv.split('\r\n')).toEqual(['date,feature,minutes,seconds,count,videos,project,by,credits,refused', '2026-01-05,veo3,,,1,1,,Ana,90,', '2026-01-05,veo3,,,1,1,,Ben,90,', '2026-01-06,veo3,,,1,1,,,90,']);
    expect(JSON.parse(run(['export-usage', team, '--json']).stdout).usages.map((u: { by?: string }) => u.by ?? null)).toEqual(['Ana', 'Ben', null]);
    expect(JSON.parse(run(['import-usage', team, file('team-export.csv', csv), '--json']).stdout)).toMatchObject({ added: 0, skipped: 3 });
  });

  it('what it exports imports back as the same usages, all skipped', () => {
    const csv = file('exported.csv', run(['export-usage', withUsages]).stdout);
    expect(JSON.parse(run(['import-usage', withUsages, csv, '--json']).stdout)).toMatchObject({ added: 0, skipped: 2 });
  });

  it('--csv and --json together, or --from after --to: exit 2', () => {
    expect(run(['export-usage', withUsages, '--csv', '--json'])).toMatchObject({ code: 2, stderr: 'export-usage: --csv or --json, not both' });
    expect(run(['export-usage', withUsages, '--from', '2026-03-01', '--to', '2026-02-01'])).toMatchObject({ code: 2 });
  });
});

describe('report', () => {
  const acc = file('report.json', JSON.stringify({ format: 'credit-companion/account@1', events: [
    { type: 'subscribe', date: '2026-01-17', plan: 'pro', credits: 1000 },
    { type: 'usage', date: '2026-01-20', feature: 'avatar-iv', minutes: 10, project: 'Launch' },
    { type: 'usage', date: '2026-02-20', feature: 'veo3', count: 2, project: '=cmd()' },
  ] }));

  it('--json: credits and dollars per project per month, the total, what expired unused, the lots they came from, the charges ahead', () => {
    const out = run(['report', acc, '--at', '2026-03-20', '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      at: '2026-03-20',
      by: 'project',
      price: { plan: 'Pro 1,000 (monthly)', usdPerCredit: 0.049, estimated: false, usd: 49, credits: 1000 },
      rows: [
        { month: '2026-01', project: 'Launch', credits: 200, usd: 9.8, estimated: false, freeVideos: 0, paidFrom: ['allocation'] },
        { month: '2026-02', project: '=cmd()', credits: 180, usd: 8.82, estimated: false, freeVideos: 0, paidFrom: ['allocation'] },
      ],
      total: { credits: 380, usd: 18.62, estimated: false },
      lost: { credits: 620, usd: 30.38, estimated: false },
      unlogged: { credits: 0, usd: 0, estimated: false },
      lots: ['2026-01-17', '2026-02-17', '2026-03-17'].map((grantedOn, i) => ({
        source: 'allocation',
        grantedOn,
        credits: 1000,
        plan: 'Pro 1,000 (monthly)',
        price: { usd: 49, credits: 1000, usdPerCredit: 0.049, estimated: false },
        used: i === 0 ? { credits: 380, usd: 18.62 } : { credits: 0, usd: 0 },
        lost: i === 0 ? { credits: 620, usd: 30.38, on: '2026-03-17' } : { credits: 0, usd: 0, on: null },
        held: i === 0 ? 0 : 1000,
      })),
      ahead: [{ month: '2026-03', usd: 0, reloadsUsd: 0 }, { month: '2026-04', usd: 49, reloadsUsd: 0 }, { month: '2026-05', usd: 49, reloadsUsd: 0 }, { month: '2026-06', usd: 49, reloadsUsd: 0 }],
    });
  });

  it('--by member: a row per member, null for usage that names none (CSV: an empty cell)', () => {
    const team = file('team.json', JSON.stringify({ format: 'credit-companion/account@1', events: [
      { type: 'subscribe', date: '2026-01-17', plan: 'pro', credits: 1000 },
      { type: 'usage', date: '2026-01-20', feature: 'avatar-iv', minutes: 10, by: 'Ana' },
      { type: 'usage', date: '2026-01-21', feature: 'avatar-iv', minutes: 1, by: ' ANA ' },
      { type: 'usage', date: '2026-02-20', feature: 'veo3', count: 2 },
    ] }));
    const out = run(['report', team, '--at', '2026-03-20', '--by', 'member', '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).rows.map((r: Record<string, unknown>) => [r.month, r.member, r.credits, r.usd])).toEqual([['2026-01', 'Ana', 220, 10.78], ['2026-02', null, 180, 8.82]]);
    expect(run(['report', team, '--at', '2026-03-20', '--by', 'member', '--csv']).stdout.split('\r\n')).toEqual(['month,member,credits,usd', '2026-01,Ana,220,10.78', '2026-02,,180,8.82']);
    expect(run(['report', team, '--at', '2026-03-20', '--by', 'member']).stdout).toMatch(/2026-02 +\(no member\) +180/);
  });

  it('--csv keeps a formula-like project as text; a bad --by exits 2', () => {
    expect(run(['report', acc, '--at', '2026-03-20', '--csv']).stdout.split('\r\n')).toEqual(['month,project,credits,usd', '2026-01,Launch,200,9.8', `2026-02,"'=cmd()",180,8.82`]);
    expect(run(['report', acc, '--by', 'client'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--by: must be project, feature, month or member/) });
  });

  it('--budget: over it in a month ahead exits 1 and says which months', () => {
    const over = run(['report', acc, '--at', '2026-03-20', '--budget', '40']);
    expect(over.code).toBe(1);
    expect(over.stdout.split('\n').at(-1)).toBe('Over the $40.00 monthly budget in 2026-04, 2026-05, 2026-06.');
    expect(JSON.parse(run(['report', acc, '--at', '2026-03-20', '--budget', '49', '--json']).stdout).budget).toEqual({ usd: 49, over: [] });
    expect(run(['report', acc, '--budget', '-1']).code).toBe(2);
  });
});
