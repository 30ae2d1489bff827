/** The data folder's decisions on opening, from literal files: no disk. */
import { describe, expect, it } from 'vitest';
import { historyBelongs, journalAsideFailed, journalBelongs, journalChoose, journalFollows, noticesKept, openNotices, storeChoose, type BackupOnDisk, type StoreChoice, type StoreOnDisk } from './folder.ts';
import { journalHeadLine, journalLinesOf, storedEmpty, storedText } from './store.ts';

const sub = { type: 'subscribe', date: '2026-01-01', plan: 'pro', credits: 100_000, id: 'sub' };
const usage = (id: string) => ({ type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes: 1, id });
const storeText = (journalSeq: number, events: unknown[] = [sub, usage('a')]) => JSON.stringify({ account: { format: 'credit-companion/account@1', events }, projects: [], settings: {}, journalSeq });
const line = (seq: number, id: string) => `${JSON.stringify({ seq, op: 'event-add', event: usage(id) })}\n`;
const backupName = (seq: number) => `/data/backups/account-${String(seq).padStart(12, '0')}-2026-11-25T16-30-00-000Z.json`;
const disk = (store: StoreOnDisk['store'], backups: BackupOnDisk[] = [], writable = true): StoreOnDisk => ({ store, backups, writable, appVersion: '0.1.0' });
/** The journal's choice for a journal's text (null: none). */
const choose = (store: StoreChoice, text: string | null) => journalChoose(store, text === null ? null : journalLinesOf(text));
const ids = (events: readonly { id?: string | undefined }[]) => events.map((e) => e.id);

describe('storeChoose: which file to trust', () => {
  it('a store file that reads: trusted as it is', () => {
    const choice = storeChoose(disk(storeText(2)));
    expect(choice).toMatchObject({ kind: 'store', rewrite: null });
    expect(ids(choice.stored.account.events)).toEqual(['sub', 'a']);
    expect(choice.stored.journalSeq).toBe(2);
  });

  it('a store file with a byte-order mark: trusted, and written again without it', () => {
    const choice = storeChoose(disk(`\ufeff${storeText(2)}`));
    expect(choice.kind).toBe('store');
    expect(choice.kind === 'store' && choice.rewrite).toEqual({ text: storedText(choice.stored) });
  });

  it('no store file and no backup: a first run, empty', () => {
    expect(storeChoose(disk(null))).toEqual({ kind: 'store', stored: storedEmpty(), rewrite: null });
  });

  it('no store file beside backups: the newest backup restored, never a silent first run', () => {
    const choice = storeChoose(disk(null, [{ name: backupName(2), text: () => storeText(2) }]));
    expect(choice).toMatchObject({ kind: 'recover', reason: '', backup: backupName(2), rewrite: { backup: backupName(2) } });
    expect(ids(choice.stored.account.events)).toEqual(['sub', 'a']);
  });

  it('no store file beside backups in a folder that cannot be written: opened empty, nothing restored', () => {
    expect(storeChoose(disk(null, [{ name: backupName(2), text: () => storeText(2) }], false))).toMatchObject({ kind: 'store', rewrite: null });
  });

  it('a damaged store file: kept aside with its reason, and the newest backup that replays restored (older ones never read)', () => {
    const read: string[] = [];
    const backup = (seq: number, text: string | null): BackupOnDisk => ({ name: backupName(seq), text: () => (read.push(backupName(seq)), text) });
    const choice = storeChoose(disk('{"account": 1', [backup(5, null), backup(4, 'garbage'), backup(3, storeText(3, [sub])), backup(2, storeText(2))]));
    expect(choice).toMatchObject({ kind: 'recover', reason: expect.stringMatching(/^it is not valid JSON/), backup: backupName(3), rewrite: { backup: backupName(3) } });
    expect(ids(choice.stored.account.events)).toEqual(['sub']);
    expect(read).toEqual([backupName(5), backupName(4), backupName(3)]);
  });

  it('a damaged store file and no backup that replays: an empty account written in its place', () => {
    const choice = storeChoose(disk('{}', [{ name: backupName(2), text: () => storeText(2, [{ ...usage('a'), date: '2025-12-31' }, sub]) }]));
    expect(choice).toEqual({ kind: 'recover', stored: storedEmpty(), reason: 'it has no account', backup: null, rewrite: { text: storedText(storedEmpty()) } });
  });

  it('a store file too large for a string: damaged, with its size', () => {
    expect(storeChoose(disk({ tooLarge: 600 * 1024 * 1024 }))).toMatchObject({ kind: 'recover', reason: 'it is too large to read (600 MB)' });
  });

  it('a store file a newer app wrote: left as it is, with the reason', () => {
    const text = JSON.stringify({ account: { format: 'credit-companion/account@2', events: [] }, journalSeq: 0 });
    expect(storeChoose(disk(text))).toMatchObject({ kind: 'future', reason: 'it holds an account of format credit-companion/account@2, newer than this version of Credit Companion (0.1.0) can read' });
  });
});

describe('journalChoose: whether the journal follows, and what it adds', () => {
  const trusted = storeChoose(disk(storeText(2)));
  const recovered = storeChoose(disk('garbage', [{ name: backupName(2), text: () => storeText(2) }]));

  it('follows when its first change not in the store file is the next one', () => {
    expect([journalFollows(2, 3), journalFollows(2, 4), journalFollows(2, 2), journalFollows(0, 1)]).toEqual([true, false, false, true]);
  });

  it('no journal: the store file as it is', () => {
    expect(choose(trusted, null)).toMatchObject({ applied: 0, lastSeq: 2, torn: false, whole: true, aside: null });
  });

  it('a journal that follows: all its changes applied, those already in the store file skipped', () => {
    const text = line(1, 'x') + line(2, 'a') + line(3, 'b') + line(4, 'c');
    const choice = choose(trusted, text);
    expect(ids(choice.data.account.events)).toEqual(['sub', 'a', 'b', 'c']);
    expect(choice).toMatchObject({ applied: 2, lastSeq: 4, complete: text.length, torn: false, whole: true, aside: null });
  });

  it('a torn last line (never acknowledged): dropped, and cut before the next append', () => {
    const text = `${line(3, 'b')}{"seq":4,"op":"event-add","ev`;
    const choice = choose(trusted, text);
    expect(ids(choice.data.account.events)).toEqual(['sub', 'a', 'b']);
    expect(choice).toMatchObject({ applied: 1, lastSeq: 3, complete: line(3, 'b').length, torn: true, whole: true, aside: null });
  });

  it('a damaged line: the changes that read applied, the journal kept aside as corrupt with the line named', () => {
    const choice = choose(trusted, `${line(3, 'b')}not json\n${line(4, 'c')}`);
    expect(ids(choice.data.account.events)).toEqual(['sub', 'a', 'b', 'c']);
    expect(choice).toMatchObject({ applied: 2, lastSeq: 4, whole: false, aside: { kind: 'corrupt', reason: 'line 2 could not be read', why: 'line 2 could not be read', skipped: 1 } });
  });

  it('a hand-edited journal that stops replaying: the longest part that replays applied, the rest kept aside', () => {
    const early = JSON.stringify({ seq: 4, op: 'event-add', event: { ...usage('early'), date: '2025-12-01' } });
    const choice = choose(trusted, `${line(3, 'b')}${early}\n${line(5, 'c')}`);
    expect(ids(choice.data.account.events)).toEqual(['sub', 'a', 'b']);
    expect(choice).toMatchObject({ applied: 1, lastSeq: 5, whole: false, aside: { kind: 'corrupt', why: expect.stringMatching(/^the account does not replay: /), skipped: 2 } });
  });

  it('a journal with a gap after the store file (an older store copied back, another folder’s journal): nothing applied, kept aside', () => {
    const choice = choose(trusted, line(5, 'c') + line(6, 'd'));
    expect(ids(choice.data.account.events)).toEqual(['sub', 'a']);
    expect(choice).toMatchObject({
      applied: 0,
      lastSeq: 6,
      whole: false,
      aside: { kind: 'unapplied', reason: 'changes 5 to 6, which do not follow the store file (it holds the changes up to 2)', skipped: 2, first: 5 },
    });
  });

  it('a journal that does not follow the backup restored: kept aside, nothing of it applied', () => {
    const choice = choose(recovered, line(4, 'c') + line(5, 'd'));
    expect(ids(choice.data.account.events)).toEqual(['sub', 'a']);
    expect(choice.aside).toMatchObject({ kind: 'unapplied', reason: 'changes 4 to 5, recorded after a store file that could not be read', skipped: 2 });
  });

  it('a journal that follows the backup restored: applied to it', () => {
    const choice = choose(recovered, line(3, 'b'));
    expect(ids(choice.data.account.events)).toEqual(['sub', 'a', 'b']);
    expect(choice.aside).toBeNull();
  });

  it('the journal of a file a newer app wrote: not read', () => {
    const future = storeChoose(disk(storeText(2).replace('"journalSeq":2', '"journalSeq":2,"__internal__":{"migrations":{"version":"9.0.0"}}')));
    expect(choose(future, line(3, 'b'))).toMatchObject({ applied: 0, lastSeq: 2, aside: null });
  });
});

describe('openNotices and historyBelongs: what the user is told, and whether the undo history still applies', () => {
  const done = { dir: '/data', storeAside: '/data/account.json.X.corrupt', journalAside: null, writable: true };
  const damaged = storeChoose(disk('garbage', [{ name: backupName(2), text: () => storeText(2) }]));

  it('a damaged store file, the backup restored with the journal that follows it', () => {
    const journal = choose(damaged, line(3, 'b') + line(4, 'c'));
    expect(openNotices(damaged, journal, done)).toEqual([
      `The saved account could not be read: ${damaged.kind === 'recover' ? damaged.reason : ''}. It was kept aside as /data/account.json.X.corrupt. The backup of 2026-11-25 16:30 UTC was restored, with the 2 changes made after it: nothing was lost.`,
    ]);
    expect(historyBelongs(damaged, journal)).toBe(false);
  });

  it('a backup restored read-only, the journal that does not follow kept aside', () => {
    const journal = choose(damaged, line(4, 'c'));
    expect(openNotices(damaged, journal, { ...done, journalAside: '/data/account.journal.X.unapplied', writable: false })).toEqual([
      expect.stringMatching(/The backup of 2026-11-25 16:30 UTC was restored \(shown, not saved\); anything saved after that is not in it\.$/),
      '1 change recorded after that backup could not be applied to it; they are kept in /data/account.journal.X.unapplied.',
    ]);
  });

  it('a store file missing, no backup that reads: starts empty', () => {
    const missing = storeChoose(disk(null, [{ name: backupName(2), text: () => null }]));
    expect(openNotices(missing, choose(missing, null), { ...done, storeAside: null })).toEqual(['The saved account was missing from /data. No backup could be read either, so the app starts empty.']);
  });

  it('a journal that does not follow the store file: not applied, and said', () => {
    const trusted = storeChoose(disk(storeText(2)));
    const journal = choose(trusted, line(7, 'c'));
    expect(openNotices(trusted, journal, { ...done, journalAside: '/data/account.journal.X.unapplied' })).toEqual([
      '1 change in the change journal could not be applied: they do not follow the saved account (it holds the changes up to 2, the journal starts at 7); they are kept in /data/account.journal.X.unapplied.',
    ]);
    expect(historyBelongs(trusted, journal)).toBe(false);
  });

  it('a damaged journal that could not be kept aside: left as it is', () => {
    const trusted = storeChoose(disk(storeText(2)));
    expect(openNotices(trusted, choose(trusted, `${line(3, 'b')}not json\n`), done)).toEqual(['1 change in the change journal could not be applied (line 2 could not be read); the journal is left as it is.']);
  });

  it('a store file and the journal that follows it: nothing to say, and the undo history applies', () => {
    const trusted = storeChoose(disk(storeText(2)));
    const journal = choose(trusted, line(3, 'b'));
    expect(openNotices(trusted, journal, done)).toEqual([]);
    expect(historyBelongs(trusted, journal)).toBe(true);
  });
});

describe('noticesKept: the notices no page has shown yet', () => {
  it('those kept first, then this opening’s, each once; a damaged file holds none', () => {
    expect(noticesKept(null, ['b'])).toEqual(['b']);
    expect(noticesKept('["a","b"]', ['b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(noticesKept('{"a":1}', ['c'])).toEqual(['c']);
    expect(noticesKept('["a"', [])).toEqual([]);
  });
});

describe('what the mutation run found untested (#22)', () => {
  const mine = '11111111-1111-4111-8111-111111111111';
  const other = '22222222-2222-4222-8222-222222222222';
  const done = { dir: '/data', storeAside: null, journalAside: null, writable: true };

  it('journalBelongs: a journal belongs unless both it and the store file name their store, and differently', () => {
    expect([journalBelongs(undefined, other), journalBelongs(mine, null), journalBelongs(mine, mine), journalBelongs(mine, other)]).toEqual([true, true, true, false]);
  });

  it('another folder’s journal: nothing applied, numbered after the store file, and said where it is left or kept, its changes counted', () => {
    const store = storeChoose(disk(JSON.stringify({ ...JSON.parse(storeText(2)), storeId: mine })));
    const journal = choose(store, `${journalHeadLine(other)}${line(3, 'b')}`);
    expect(journal).toMatchObject({ applied: 0, lastSeq: 2, aside: { kind: 'unapplied', foreign: true, skipped: 1, reason: `changes 3 to 3, written for another data folder's account (${other}; this one is ${mine})` } });
    expect(openNotices(store, journal, done)).toEqual(["1 change in the change journal could not be applied: they were written for another data folder's account, not this one; they are left in the journal."]);
    const two = choose(store, `${journalHeadLine(other)}${line(3, 'b')}${line(4, 'c')}`);
    expect(openNotices(store, two, { ...done, journalAside: '/data/account.journal.x.unapplied' })).toEqual(["2 changes in the change journal could not be applied: they were written for another data folder's account, not this one; they are kept in /data/account.journal.x.unapplied."]);
  });

  it('more damaged lines than are named: the rest counted', () => {
    const store = storeChoose(disk(storeText(2)));
    const journal = choose(store, `${line(3, 'b')}${'not json\n'.repeat(7)}`);
    expect(journal.aside).toEqual({ kind: 'corrupt', foreign: false, reason: 'line 2, 3, 4, 5, 6 and 2 others could not be read', why: 'line 2, 3, 4, 5, 6 and 2 others could not be read', skipped: 7, first: 3 });
    expect(choose(store, `${line(3, 'b')}${'not json\n'.repeat(6)}`).aside?.why).toBe('line 2, 3, 4, 5, 6 and 1 other could not be read');
  });

  it('journalAsideFailed: after a recovery, or beside the saved account', () => {
    const recovered = storeChoose(disk('garbage', [{ name: backupName(2), text: () => storeText(2) }]));
    expect(journalAsideFailed(recovered, '/data')).toBe('Changes recorded after the account that could not be read could not be kept aside in /data: the data is shown read-only, and nothing can be saved.');
    expect(journalAsideFailed(storeChoose(disk(storeText(2))), '/data')).toBe('Changes in the change journal that do not follow the saved account could not be kept aside in /data: the data is shown read-only, and nothing can be saved.');
  });

  it('a recovery with one change after it, from a backup or from the journal alone', () => {
    const restored = storeChoose(disk('garbage', [{ name: backupName(2), text: () => storeText(2) }]));
    expect(openNotices(restored, choose(restored, line(3, 'b')), done)[0]).toMatch(/was restored, with the 1 change made after it: nothing was lost\.$/);
    const empty = storeChoose(disk('garbage'));
    expect(openNotices(empty, choose(empty, line(1, 'sub').replace(JSON.stringify(usage('sub')), JSON.stringify(sub))), done)[0]).toMatch(/No backup could be read either, so the app starts from the 1 change in the journal\.$/);
    expect(openNotices(empty, choose(empty, `${line(1, 'sub').replace(JSON.stringify(usage('sub')), JSON.stringify(sub))}${line(2, 'b')}`), done)[0]).toMatch(/so the app starts from the 2 changes in the journal\.$/);
  });
});
