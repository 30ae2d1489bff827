/** Usage rows from spreadsheets: real-looking files, each case what a creator's export holds. */
import { describe, expect, it } from 'vitest';
import type { Credits, IsoDate } from './units.ts';
import { accountEventSchema, type Account } from './formats/account.ts';
import { usageCsv } from './formats/usageCsv.ts';
import { featureMatch, usageImport } from './usageImport.ts';

const account: Account = { format: 'credit-companion/account@1', events: [{ type: 'subscribe', date: '2026-01-01' as IsoDate, plan: 'pro', credits: 100_000 }] };

describe('feature names, matched forgivingly', () => {
  it.each([
    ['Avatar IV', 'avatar-iv'],
    ['avatar 4', 'avatar-iv'],
    ['AvatarIV', 'avatar-iv'],
    ['Avatar V', 'avatar-iv'],
    ['avatar-iii', 'avatar-iii'],
    ['Avatar 3', 'avatar-iii'],
    ['VEO3', 'veo3'],
    ['veo 3', 'veo3'],
    ['Video Translation - precision', 'translation-precision'],
    ['video translation, precision mode', 'translation-precision'],
    ['Video Translation', 'translation'],
    ['Generate Image Assets', 'image-asset'],
    ['Seedance 2', 'seedance2'],
    ['Avatar 9', null],
    ['', null],
  ])('%s → %s', (text, id) => {
    expect(featureMatch(text)).toBe(id);
  });
});

describe('usageImport', () => {
  it('a spreadsheet export with a BOM, `;` separators and decimal commas', () => {
    const text = '\ufeffDate;Feature;Minutes;Videos;Project\n2026-01-05;Avatar IV;2,5;1;Launch\n2026-01-06;VEO3;2;1;Shorts\n';
    const r = usageImport(text, account);
    expect(r.problems).toEqual([]);
    expect(r.columns).toMatchObject({ date: 'Date', feature: 'Feature', minutes: 'Minutes', videos: 'Videos', project: 'Project' });
    expect(r.events).toEqual([
      { type: 'usage', date: '2026-01-05', feature: 'avatar-iv', minutes: 2.5, videos: 1, project: 'Launch' },
      { type: 'usage', date: '2026-01-06', feature: 'veo3', count: 2, videos: 1, project: 'Shorts' },
    ]);
  });

  it('each usage as the account’s schema gives it: the same fields in the same order, whether the schema or its fast path took the row', () => {
    const text = 'date,feature,length,seconds,count,videos,project,member\n2026-01-05,Avatar IV,2.5,,,3,Launch,Ann\n2026-01-06,VEO3,,,2,4,,Bo\n2026-01-07,Avatar IV,,45,,,Shorts,\n2026-01-08,Avatar IV,1:30,,,,,\n2026-01-09,Generate Look,,,1,,Bulk,\n';
    const r = usageImport(text, account);
    expect(r.problems).toEqual([]);
    expect(r.events).toHaveLength(5);
    for (const e of r.events) expect(JSON.stringify(e)).toBe(JSON.stringify(accountEventSchema.parse(e)));
  });

  it('each new usage gets its id as it is made, in the schema’s place among its fields, in the file’s order; a row already in the account takes none', () => {
    const text = 'date,feature,minutes,count,project\n2026-01-05,Avatar IV,2,,Launch\n2026-01-06,VEO3,,2,\n2026-01-07,Avatar IV,1,,\n';
    const held: Account = { ...account, events: [...account.events, { type: 'usage', date: '2026-01-06' as IsoDate, feature: 'veo3', count: 2 }] };
    let n = 0;
    const r = usageImport(text, held, { id: () => `id${++n}` });
    expect([r.skipped, r.events.map((e) => e.id)]).toEqual([1, ['id1', 'id2']]);
    for (const e of r.events) expect(JSON.stringify(e)).toBe(JSON.stringify(accountEventSchema.parse(e)));
    expect(usageImport(text, held).events.map((e) => e.id)).toEqual([undefined, undefined]);
  });

  it('a sheet of more than a megabyte: its separator and line ending told from its head read it as Papa Parse’s guess over the whole file does (a quoted header makes it guess so)', () => {
    for (const [sep, eol] of [[';', '\r\n'], ['\t', '\n'], [',', '\r'], [';', '\n']] as const) {
      const rows = Array.from({ length: 40_000 }, (_, i) => [`2026-0${1 + (i % 9)}-1${i % 10}`, i % 2 ? 'Avatar IV' : 'Video Translation', sep === ',' ? '2' : '2,5', `P${i % 7}`].join(sep));
      const text = [['date', 'feature', 'minutes', 'project'].join(sep), ...rows].join(eol) + eol;
      const quoted = `"date"${text.slice(4)}`;
      expect(text.length).toBeGreaterThan(1024 * 1024);
      const read = usageImport(text, account);
      expect(read.problems.slice(0, 1)).toEqual([]);
      expect(read.events).toHaveLength(40_000);
      expect(read).toEqual(usageImport(quoted, account));
    }
  }, 60_000);

  it('durations as mm:ss and h:mm:ss, and European dates (a day over 12 tells the form)', () => {
    const text = 'day,tool,duration\n05/01/2026,Avatar IV,1:30\n25/01/2026,Video Translation,1:02:03\n';
    const r = usageImport(text, account);
    expect(r.problems).toEqual([]);
    expect(r.events.map((e) => [e.date, e.feature, e.seconds])).toEqual([
      ['2026-01-05', 'avatar-iv', 90],
      ['2026-01-25', 'translation', 3723],
    ]);
  });

  it('US dates (a second part over 12), and dotted dates are day first', () => {
    expect(usageImport('date,feature,minutes\n01/25/2026,avatar 4,1\n', account).events[0]!.date).toBe('2026-01-25');
    expect(usageImport('date,feature,minutes\n03.04.2026,avatar 4,1\n', account).events[0]!.date).toBe('2026-04-03');
  });

  it('an ambiguous date is asked about, never guessed; --date-format answers', () => {
    const text = 'date,feature,minutes\n03/04/2026,Avatar IV,1\n';
    expect(usageImport(text, account).problems).toEqual([{ row: 2, column: 'date', message: '"03/04/2026" could be day-first or month-first: say whether the dates are written DD/MM/YYYY or MM/DD/YYYY' }]);
    expect(usageImport(text, account, { dateFormat: 'MM/DD/YYYY' }).events[0]!.date).toBe('2026-03-04');
    expect(usageImport(text, account, { dateFormat: 'DD/MM/YYYY' }).events[0]!.date).toBe('2026-04-03');
    // The row named is the first that writes a slashed date, whatever repeats it or comes before it.
    const later = 'date,feature,minutes\n2026-01-05,Avatar IV,1\n,Avatar IV,1\n04/05/2026,Avatar IV,1\n03/04/2026,Avatar IV,1\n04/05/2026,Avatar IV,1\n';
    expect(usageImport(later, account).problems).toEqual([{ row: 4, column: 'date', message: '"04/05/2026" could be day-first or month-first: say whether the dates are written DD/MM/YYYY or MM/DD/YYYY' }]);
    const mixed = 'date,feature,minutes\n2026-01-05,Avatar IV,1\n04/05/2026,Avatar IV,1\n13/04/2026,Avatar IV,1\n04/13/2026,Avatar IV,1\n';
    expect(usageImport(mixed, account).problems).toEqual([{ row: 3, column: 'date', message: 'the dates mix day-first and month-first forms: say whether the dates are written DD/MM/YYYY or MM/DD/YYYY' }]);
  });

  it('columns mapped by name when the header does not say', () => {
    const text = 'When it was made\tWhat\tHow long (min)\tClient\n2026-01-05\tAvatar IV\t3\tAcme\n';
    expect(usageImport(text, account).problems[0]!.message).toMatch(/^no date column: say which column holds the date \(the columns are "When it was made", "What", /);
    const r = usageImport(text, account, { map: { date: 'When it was made', feature: 'What', minutes: 'How long (min)', project: 'Client' } });
    expect(r.problems).toEqual([]);
    expect(r.events).toEqual([{ type: 'usage', date: '2026-01-05', feature: 'avatar-iv', minutes: 3, project: 'Acme' }]);
  });

  it('a re-import adds nothing: rows already in the account are skipped and counted', () => {
    const text = 'date,feature,minutes,project\n2026-01-05,Avatar IV,2,Launch\n2026-01-05,Avatar IV,2,Launch\n2026-01-06,VEO3,1,\n';
    const first = usageImport(text, account);
    expect(first.events).toHaveLength(3);
    const again = usageImport(text, { ...account, events: [...account.events, ...first.events] });
    expect(again).toMatchObject({ events: [], skipped: 3, problems: [] });
  });

  it('a team’s sheet: its member column is read as who made each usage, a name matched to the members the account knows', () => {
    const known: Account = { ...account, events: [...account.events, { type: 'usage', date: '2026-01-02' as IsoDate, feature: 'veo3', count: 1, by: 'Ana Lima' }] };
    const text = [
      'Date,Tool,Minutes,Team member',
      '2026-01-05,Avatar IV,2,ana lima',
      '2026-01-05,Avatar IV,2,Ben',
      '2026-01-06,Avatar IV,3, BEN ',
      '2026-01-06,Avatar IV,1,',
      '2026-01-07,Avatar IV,4,ANA LIMA',
    ].join('\n');
    const r = usageImport(text, known);
    expect(r.problems).toEqual([]);
    expect(r.columns.by).toBe('Team member');
    expect(r.events.map((e) => [e.minutes, e.by])).toEqual([[2, 'Ana Lima'], [2, 'Ben'], [3, 'Ben'], [1, undefined], [4, 'Ana Lima']]);
    // Per member, as the sheet says: Ana 2 + 4 minutes, Ben 2 + 3, no one 1.
    const minutesBy = new Map<string, number>();
    for (const e of r.events) minutesBy.set(e.by ?? '', (minutesBy.get(e.by ?? '') ?? 0) + (e.minutes ?? 0));
    expect(Object.fromEntries(minutesBy)).toEqual({ 'Ana Lima': 6, Ben: 5, '': 1 });
    // Two members' alike usages on a day are two; read again, every row is already there.
    const again = usageImport(text, { ...known, events: [...known.events, ...r.events] });
    expect(again).toMatchObject({ events: [], skipped: 5 });
  });

  it('a member name too long is a problem of its row and column', () => {
    const r = usageImport(`date,feature,minutes,member\n2026-01-05,Avatar IV,2,${'x'.repeat(65)}\n`, account);
    expect(r.problems).toEqual([{ row: 2, column: 'member', message: 'must be at most 64 characters' }]);
  });

  it('every bad row is reported by row, column and rule, and nothing is added', () => {
    const text = 'date,feature,minutes,videos\n2026-01-05,Avatar IV,2,1\n2026-02-30,Avatar IV,2,1\n2026-01-07,Avatar 9,2,1\n2026-01-08,Avatar IV,two,1\n2026-01-09,Avatar IV,,1\n';
    const r = usageImport(text, account);
    expect(r.events).toEqual([]);
    expect(r.problems).toEqual([
      { row: 3, column: 'date', message: '"2026-02-30" is not a date (YYYY-MM-DD), years 2000 to 2999' },
      { row: 4, column: 'feature', message: expect.stringMatching(/^unknown feature "Avatar 9"; known: Avatar III, Avatar IV \/ Avatar V, /) },
      { row: 5, column: 'minutes', message: '"two" is not a number; type a number, like 2.5' },
      { row: 6, column: 'minutes', message: expect.stringMatching(/^required: the length, as minutes or seconds/) },
    ]);
  });

  it.each([
    ['2026-11-20 14:32', null, '2026-11-20'],
    ['2026-11-20T23:30:00-08:00', null, '2026-11-20'],
    ['2026-11-20T14:32:05.123Z', null, '2026-11-20'],
    ['20/11/2026 14:32', null, '2026-11-20'],
    ['11/20/2026, 2:32 PM', null, '2026-11-20'],
    ['20.11.26', null, '2026-11-20'],
    ['11/20/26', null, '2026-11-20'],
    ['05/03/26', 'DD/MM/YYYY', '2026-03-05'],
    ['20 Nov 2026', null, '2026-11-20'],
    ['Nov 20, 2026', null, '2026-11-20'],
    ['November 20 2026', null, '2026-11-20'],
    ['Sept 3, 2026', null, '2026-09-03'],
    ['Sep 31, 2026', null, null],
    ['3 Novembre 2026', null, null],
  ] as const)('the date "%s" (%s) reads as %s', (written, dateFormat, date) => {
    const r = usageImport(`date,feature,minutes\n${written.includes(',') ? `"${written}"` : written},Avatar IV,1\n`, account, dateFormat ? { dateFormat } : {});
    if (date === null) expect(r.problems).toEqual([expect.objectContaining({ row: 2, column: 'date', message: expect.stringContaining('is not a date') })]);
    else expect(r.events.map((e) => e.date)).toEqual([date]);
  });

  it('a feature name the rate card does not know is listed once with its rows, and reads once the user maps it', () => {
    const text = 'date,feature,minutes\n2026-01-05,Talking head v2,2\n2026-01-06,Avatar IV,1\n2026-01-07,Talking head v2,3\n2026-01-08,Photo talk,1\n';
    const r = usageImport(text, account);
    expect(r.unmatched).toEqual([
      { text: 'Talking head v2', rows: 2, row: 2 },
      { text: 'Photo talk', rows: 1, row: 5 },
    ]);
    expect(r.problems.map((p) => p.row)).toEqual([2, 4, 5]);
    const mapped = usageImport(text, account, { features: { 'Talking head v2': 'avatar-iv', 'Photo talk': 'avatar-iii' } });
    expect(mapped.problems).toEqual([]);
    expect(mapped.unmatched).toEqual([]);
    expect(mapped.events.map((e) => e.feature)).toEqual(['avatar-iv', 'avatar-iv', 'avatar-iv', 'avatar-iii']);
    // A mapping names the text exactly as written: an inherited property name is not a mapping.
    expect(usageImport('date,feature,minutes\n2026-01-05,constructor,2\n', account, { features: {} }).unmatched).toEqual([{ text: 'constructor', rows: 1, row: 2 }]);
  });

  it('50,000 rows: every one read, in order, with its date, feature, minutes and project (its time is measured by npm run bench)', () => {
    const lines = ['date,feature,minutes,project'];
    for (let i = 0; i < 50_000; i++) lines.push(`2026-01-${String((i % 28) + 1).padStart(2, '0')},Avatar IV,0.1,p${i % 50}`);
    const r = usageImport(lines.join('\n'), account);
    expect(r.problems).toEqual([]);
    expect(r.skipped).toBe(0);
    expect(r.events).toHaveLength(50_000);
    expect(r.events.every((e, i) => e.date === `2026-01-${String((i % 28) + 1).padStart(2, '0')}` && e.feature === 'avatar-iv' && e.minutes === 0.1 && e.project === `p${i % 50}`)).toBe(true);
    expect(r.events[49_999]).toMatchObject({ type: 'usage', date: '2026-01-20', feature: 'avatar-iv', minutes: 0.1, project: 'p49' });
  }, 30_000);

  it('from a user’s review: what used to go wrong silently', () => {
    // A quote left open no longer swallows the rest of the file.
    expect(usageImport('date,feature,minutes,project\n2026-01-05,Avatar IV,2,"oops\n2026-01-06,Avatar IV,3,ok\n', account).problems).toEqual([{ row: 2, column: '', message: 'a quoted cell is not closed: the rest of the file would be read as part of it' }]);
    // A wrongly guessed column can be said to hold nothing.
    const amount = 'date,feature,minutes,amount,project\n2026-01-05,Avatar IV,2,4.99,A\n';
    expect(usageImport(amount, account).problems[0]!.column).toBe('amount');
    expect(usageImport(amount, account, { map: { count: '' } })).toMatchObject({ problems: [], events: [{ minutes: 2 }] });
    // A time of day is not a length.
    expect(usageImport('date,time,feature,seconds\n2026-01-05,14:32,Avatar IV,90\n', account).events).toEqual([{ type: 'usage', date: '2026-01-05', feature: 'avatar-iv', seconds: 90 }]);
    // 1,500 could be a thousand and a half: not read as 1.5, and the two readings are said.
    expect(usageImport('date,feature,seconds\n2026-01-05,Avatar IV,"1,500"\n', account).problems).toEqual([{ row: 2, column: 'seconds', message: '"1,500" could be 1500 or 1.5; type 1500 or 1.5' }]);
    // Lengths with units, read by the same parser as the usage form's.
    expect(usageImport('date,feature,duration\n2026-01-05,Avatar IV,90s\n2026-01-06,Avatar IV,1h 5m\n', account).events.map((e) => e.seconds)).toEqual([90, 3900]);
    // Before the plan starts, said so.
    expect(usageImport('date,feature,minutes\n2025-12-05,Avatar IV,2\n', account).problems).toEqual([{ row: 2, column: 'date', message: "2025-12-05 is before the account's plan starts (2026-01-01)" }]);
    // A header and an empty line: no rows, whatever the line endings.
    expect(usageImport('date,feature,minutes\n', account).problems[0]!.message).toMatch(/^no rows/);
    // A length typed as 0:00 is named by its own column.
    expect(usageImport('date,feature,length\n2026-01-05,Avatar IV,0:00\n', account).problems[0]!.column).toBe('length');
  });
});

describe('what a team’s spreadsheet holds (#17)', () => {
  it('#17.6 one quantity column ("Qty"): generations for a per-generation feature, videos for a timed one, however it is mapped', () => {
    const text = 'Date,Feature,Minutes,Qty\n2026-01-05,VEO3,,2\n2026-01-06,Avatar IV,3,2\n2026-01-07,Avatar III,1,\n';
    const expected = [
      { type: 'usage', date: '2026-01-05', feature: 'veo3', count: 2 },
      { type: 'usage', date: '2026-01-06', feature: 'avatar-iv', minutes: 3, videos: 2 },
      { type: 'usage', date: '2026-01-07', feature: 'avatar-iii', minutes: 1 },
    ];
    const guessed = usageImport(text, account);
    expect(guessed.columns.count).toBe('Qty');
    expect(guessed).toMatchObject({ problems: [], events: expected });
    expect(usageImport(text, account, { map: { videos: 'Qty' } })).toMatchObject({ problems: [], events: expected });
    // A sheet with both columns that says two different things about a timed row is asked, not guessed.
    expect(usageImport('date,feature,minutes,count,videos\n2026-01-06,Avatar IV,3,2,4\n', account).problems).toEqual([
      { row: 2, column: 'count', message: 'Avatar IV / Avatar V is billed by time: “count” would be its videos, and “videos” says 4; leave one of them empty' },
    ]);
  });

  it('#17.7 a totals line and rows with no date are skipped and counted; any row can be skipped', () => {
    const text = 'Date,Project,Feature,Minutes,Count,Videos,Notes\n2026-01-05,A,Avatar IV,2,,,\n,,TOTAL,,,,\n2026-01-06,A,Avatar 9,1,,,\nTotal,,,3,,,\n';
    const r = usageImport(text, account);
    expect(r.undatedRows).toEqual([3, 5]);
    expect(r.problems).toEqual([{ row: 4, column: 'Feature', message: expect.stringMatching(/^unknown feature "Avatar 9"/) }]);
    const skipped = usageImport(text, account, { skip: [4] });
    expect(skipped).toMatchObject({ problems: [], undatedRows: [3, 5], unmatched: [], events: [{ date: '2026-01-05', feature: 'avatar-iv', minutes: 2, project: 'A' }] });
  });

  it('#17.8 headers named as the import’s own fields or the app’s export need no mapping; messages name the feature and its column', () => {
    const labelled = usageImport('Date,Feature,Length (mm:ss),How many,Videos,Project\n2026-01-05,Avatar IV,1:30,,,A\n2026-01-06,VEO3,,2,,\n', account);
    expect(labelled.columns).toEqual({ date: 'Date', feature: 'Feature', minutes: null, seconds: null, duration: 'Length (mm:ss)', count: 'How many', videos: 'Videos', project: 'Project', by: null });
    expect(labelled).toMatchObject({ problems: [], events: [{ feature: 'avatar-iv', seconds: 90, project: 'A' }, { feature: 'veo3', count: 2 }] });
    const bad = usageImport('Date,Feature,Length (mm:ss),Qty\n2026-01-05,Video Translation no lip sync,,1\n2026-01-06,VEO3,1:00,\n', account);
    expect(bad.problems).toEqual([
      { row: 2, column: 'Length (mm:ss)', message: 'required: the length, as minutes or seconds (Video Translation, no lip-sync costs 2 per minute)' },
      { row: 3, column: 'Qty', message: 'required: how many (VEO3 costs 90 per generation)' },
      { row: 3, column: 'Length (mm:ss)', message: 'VEO3 is counted per generation, not timed: leave its length empty' },
    ]);
    // The app's own export reads back as the usages it wrote.
    const rows = [
      { date: '2026-01-05' as IsoDate, feature: 'avatar-iv' as const, minutes: 2, videos: 1, project: 'A', by: 'Ana', credits: 40 as Credits, refused: null },
      { date: '2026-01-06' as IsoDate, feature: 'veo3' as const, count: 3, videos: 1, credits: 270 as Credits, refused: null },
      { date: '2026-01-07' as IsoDate, feature: 'translation' as const, seconds: 90, videos: 2, credits: 15 as Credits, refused: null },
    ];
    expect(usageImport(usageCsv(rows), account)).toMatchObject({
      problems: [],
      events: [
        { date: '2026-01-05', feature: 'avatar-iv', minutes: 2, videos: 1, project: 'A', by: 'Ana' },
        { date: '2026-01-06', feature: 'veo3', count: 3, videos: 1 },
        { date: '2026-01-07', feature: 'translation', seconds: 90, videos: 2 },
      ],
    });
  });
});
