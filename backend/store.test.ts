/** The store on real files: journal, compaction, recovery on opening, a disk that fills up, a folder that cannot be written, and a process killed mid-write. */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, watch, writeFileSync, writeSync, type FSWatcher } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { accountParse } from '../shared/formats/account.ts';
import { JOURNAL_BOUND_MIN } from '../shared/folder.ts';
import { JOURNAL_SEQ_MAX, journalHeadLine } from '../shared/store.ts';
import type { IsoDate } from '../shared/units.ts';
import { diskDouble } from '../test/fixtures/disk.ts';
import { commitError, diskFullScenario } from '../test/fixtures/diskFull.ts';
import { replayBuild } from '../shared/engine/incremental.ts';
import { snapshotBytes } from '../shared/engine/snapshot.ts';
import { RATE_CARD_2026_11 } from '../shared/catalog/rateCard.ts';
import { StoreLockedError, StoreOpenError, storeOpen, type Store, type StoreGlance, type StoreOptions } from './store.ts';
import { childLines } from '../test/fixtures/childLines.ts';
import { fixtureBundle } from '../test/fixtures/bundles.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'cc-store-'));
/** The writers killed mid-write, bundled once for the file: through tsx, each process would load every module anew. */
beforeAll(() => {
  fixtureBundle('store-writer');
  fixtureBundle('desktop-store');
}, 60_000);
const sub = { type: 'subscribe' as const, date: '2026-01-01' as IsoDate, plan: 'pro' as const, credits: 100_000, id: 'sub' };
const usage = (id: string) => ({ type: 'usage' as const, date: '2026-01-02' as IsoDate, feature: 'avatar-iv' as const, minutes: 1, id });
const quiet = { log: () => {} };

function open(dir: string, options: Partial<StoreOptions> = {}): Store {
  return storeOpen({ dir, ...quiet, ...options });
}

const ids = (s: Store) => s.data.account.events.map((e) => e.id);
/** The journal's lines of changes, after its head (the store file's id). */
const journalChanges = (dir: string) =>
  readFileSync(join(dir, 'account.journal'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown> & { event?: { id: string } })
    .filter((l) => 'seq' in l);
const named = (dir: string, pattern: RegExp) => readdirSync(dir).filter((f) => pattern.test(f));

/** A folder with a good account (a subscribe and one usage), closed: the store file and one backup hold it. */
function goodDir(): string {
  const dir = tmp();
  const s = open(dir);
  s.commit({ op: 'event-add', event: sub });
  s.commit({ op: 'event-add', event: usage('a') });
  s.close();
  return dir;
}

/** Journal lines, as a process that was killed before compacting left them. */
function journal(...entries: [number, object][]): string {
  return entries.map(([seq, event]) => `${JSON.stringify({ seq, op: 'event-add', event })}\n`).join('');
}

describe('journal and compaction', () => {
  it('acknowledges a change once it is in the journal, and compacts it into the store file later', () => {
    const dir = tmp();
    const s = open(dir, { compactEvery: 1000 });
    s.commit({ op: 'event-add', event: sub });
    s.commit({ op: 'event-add', event: usage('a') });
    expect(journalChanges(dir)).toHaveLength(2);
    expect(s.compact()).toBe(true);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe('');
    const stored = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    expect(stored.account.events.map((e: { id: string }) => e.id)).toEqual(['sub', 'a']);
    expect(stored.journalSeq).toBe(2);
    s.close();
  });

  it('never applies a journal line twice (a crash between compaction and truncation)', () => {
    const dir = tmp();
    const s = open(dir);
    s.commit({ op: 'event-add', event: sub });
    s.commit({ op: 'event-add', event: usage('a') });
    const journal = readFileSync(join(dir, 'account.journal'), 'utf8');
    s.compact();
    s.close();
    writeFileSync(join(dir, 'account.journal'), journal);
    const reopened = open(dir);
    expect(ids(reopened)).toEqual(['sub', 'a']);
    reopened.close();
  });

  it('drops a torn last line (a change never acknowledged), and a change appended after it is kept', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.journal'), `${journal([3, usage('b')])}{"seq":4,"op":"event-add","ev`);
    // A full disk: the compaction on opening fails, so the next append goes after the torn line, which must be cut first.
    const disk = diskDouble(0);
    const reopened = open(dir, { fs: disk.fs, compactEvery: 1000 });
    expect(ids(reopened)).toEqual(['sub', 'a', 'b']);
    expect(reopened.notices).toEqual([]);
    disk.free = 1000;
    reopened.commit({ op: 'event-add', event: usage('c') });
    reopened.close();
    const again = open(dir);
    expect(ids(again)).toEqual(['sub', 'a', 'b', 'c']);
    expect(again.notices).toEqual([]);
    again.close();
  });

  it('keeps a journal with a damaged line aside, applies the lines it can, and says so', () => {
    const dir = tmp();
    const s = open(dir);
    s.commit({ op: 'event-add', event: sub });
    s.close();
    writeFileSync(join(dir, 'account.journal'), `{"seq":2,"op":"event-add","event":${JSON.stringify(usage('a'))}}\nnot json\n{"seq":3,"op":"event-add","event":${JSON.stringify(usage('b'))}}\n`);
    const reopened = open(dir);
    expect(ids(reopened)).toEqual(['sub', 'a', 'b']);
    expect(reopened.notices).toEqual([expect.stringMatching(/^1 change in the change journal could not be applied \(line 2 could not be read\); the journal is kept as .*account\.journal\..*\.corrupt\.$/)]);
    expect(named(dir, /^account\.journal\..*\.corrupt$/)).toHaveLength(1);
    reopened.close();
  });

  it('keeps the longest part of a hand-edited journal that still replays, and keeps the journal aside', () => {
    const dir = tmp();
    const s = open(dir);
    s.commit({ op: 'event-add', event: sub });
    s.close();
    const before = { type: 'usage', date: '2025-12-01', feature: 'avatar-iv', minutes: 1, id: 'early' };
    const lines = [usage('a'), usage('b'), before, usage('c')].map((event, i) => JSON.stringify({ seq: i + 2, op: 'event-add', event }));
    writeFileSync(join(dir, 'account.journal'), `${lines.join('\n')}\n`);
    const reopened = open(dir);
    expect(ids(reopened)).toEqual(['sub', 'a', 'b']);
    expect(reopened.notices[0]).toMatch(/^2 changes in the change journal could not be applied \(the account does not replay: .*\); the journal is kept as /);
    reopened.close();
  });
});

describe('a journal of bounded size, read one line at a time (#19)', () => {
  const usages = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ ...usage(`u${from + i}`), project: 'p'.repeat(40) }));
  const journalSize = (dir: string) => statSync(join(dir, 'account.journal')).size;

  it('compacted by bytes as well as lines: after every change the journal is within max(16 MB, the store file’s size)', () => {
    const dir = goodDir();
    const s = open(dir, { compactEvery: 1000 });
    for (let i = 0; i < 8; i++) {
      s.commit({ op: 'events-add', events: usages(i * 20_000, 20_000) });
      expect(journalSize(dir)).toBeLessThanOrEqual(Math.max(16 * 1024 * 1024, statSync(join(dir, 'account.json')).size));
    }
    expect(s.data.account.events).toHaveLength(2 + 160_000);
    s.close();
  }, 60_000);

  it('a change that takes the journal past its bound (16 MB beside a small store file) is compacted before it is answered', () => {
    const dir = goodDir();
    const head = journalHeadLine(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).storeId as string);
    // What a compaction cut short before the journal was emptied leaves: a line the store file holds already (seq 2), here long enough to fill the bound exactly.
    const line = (project: string) => `${JSON.stringify({ seq: 2, op: 'event-add', event: { ...usage('a'), project } })}\n`;
    writeFileSync(join(dir, 'account.journal'), head + line('p'.repeat(JOURNAL_BOUND_MIN - head.length - line('').length)));
    const s = open(dir);
    expect(journalSize(dir)).toBe(JOURNAL_BOUND_MIN);
    s.commit({ op: 'event-add', event: usage('b') });
    expect(journalSize(dir)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'))).toMatchObject({ journalSeq: 3, account: { events: [sub, usage('a'), usage('b')] } });
    s.close();
  });

  it('a change whose line would take the journal past its bound is written into the store file at once, never into the journal; a store file the disk refuses leaves the data as it was', () => {
    const dir = goodDir();
    const disk = diskDouble();
    const s = open(dir, { fs: disk.fs, compactEvery: 1000 });
    s.commit({ op: 'event-add', event: usage('b') });
    const journalPath = join(dir, 'account.journal');
    const written = () => disk.ops.filter((o) => o.op === 'write' && o.path === journalPath).length;
    const small = written();
    // About 25 MB of events, beside a store file of a few hundred bytes.
    s.commit({ op: 'events-add', events: usages(0, 200_000) });
    expect(written()).toBe(small);
    expect(journalSize(dir)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'))).toMatchObject({ journalSeq: 4 });
    expect(s.seq).toBe(4);
    disk.free = 1000;
    expect(() => s.commit({ op: 'events-add', events: usages(200_000, 300_000) })).toThrow(expect.objectContaining({ error: expect.objectContaining({ code: 'storage' }) }));
    expect([s.seq, s.data.account.events.length]).toEqual([4, 3 + 200_000]);
    disk.free = Infinity;
    s.commit({ op: 'event-add', event: usage('c') });
    s.close();
    const again = open(dir);
    expect([again.seq, ids(again).slice(0, 3), ids(again).at(-1), again.data.account.events.length]).toEqual([5, ['sub', 'a', 'b'], 'c', 3 + 200_001]);
    again.close();
  }, 60_000);

  it('a change made again since the journal was emptied (an import undone and redone) is written once, its later lines naming it, and read back as it', () => {
    const dir = goodDir();
    const s = open(dir, { compactEvery: 1000 });
    const add = { op: 'events-add' as const, events: usages(0, 5000) };
    const remove = { op: 'events-delete' as const, ids: add.events.map((e) => e.id) };
    s.commit(add);
    const once = journalSize(dir);
    for (let i = 0; i < 5; i++) {
      s.commit(remove);
      s.commit(add);
    }
    expect(journalSize(dir)).toBeLessThan(once * 1.2);
    // Read back as a process that did not write it (this one holds the folder: read-only, the journal as it is).
    const reader = open(dir);
    expect(reader.data.account.events).toHaveLength(2 + 5000);
    expect(reader.seq).toBe(2 + 11);
    reader.close();
    s.close();
  });

  it('a folder of the format before the store id (none in the store file, no head in the journal): opens with nothing lost, and gets its id when first written', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'account.json'), JSON.stringify({ account: { format: 'credit-companion/account@1', events: [sub] }, projects: [], settings: {}, journalSeq: 1, __internal__: { migrations: { version: '0.1.0' } } }));
    writeFileSync(join(dir, 'account.journal'), journal([2, usage('a')], [3, usage('b')]));
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a', 'b']);
    expect(s.notices).toEqual([]);
    const stored = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    expect(stored).toMatchObject({ journalSeq: 3, storeId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    s.commit({ op: 'event-add', event: usage('c') });
    expect(readFileSync(join(dir, 'account.journal'), 'utf8').split('\n')[0]).toBe(JSON.stringify({ store: stored.storeId }));
    s.close();
    const again = open(dir);
    expect(ids(again)).toEqual(['sub', 'a', 'b', 'c']);
    again.close();
  });

  it('a damaged tail is kept aside once, not copied again at every start', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.journal'), `${'x'.repeat(2_000_000)}\n`);
    for (let i = 0; i < 3; i++) open(dir).close();
    expect(named(dir, /^account\.journal\..*\.corrupt$/)).toHaveLength(1);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe('');
  });

  it('a 576 MB journal line (longer than a string may be): the app opens, keeps it aside, and says so', () => {
    const dir = goodDir();
    const path = join(dir, 'account.journal');
    const line = Buffer.alloc(64 * 1024 * 1024, 'x');
    const fd = openSync(path, 'w');
    for (let i = 0; i < 9; i++) writeSync(fd, line);
    writeSync(fd, '\n');
    closeSync(fd);
    try {
      const s = open(dir);
      expect(ids(s)).toEqual(['sub', 'a']);
      expect(s.notices).toEqual([expect.stringMatching(/^1 change in the change journal could not be applied \(line 1 could not be read\); the journal is kept as .*\.corrupt\.$/)]);
      s.close();
      expect(statSync(join(dir, named(dir, /\.corrupt$/)[0]!)).size).toBe(9 * 64 * 1024 * 1024 + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('change numbers near 2^53 (#19)', () => {
  /** A folder whose store file holds the changes up to `seq`, and a journal of two more. */
  function folderAt(seq: number): string {
    const dir = tmp();
    writeFileSync(join(dir, 'account.json'), JSON.stringify({ account: { format: 'credit-companion/account@1', events: [sub] }, projects: [], settings: {}, journalSeq: seq, __internal__: { migrations: { version: '0.1.0' } } }));
    writeFileSync(join(dir, 'account.journal'), journal([seq + 1, usage('a')], [seq + 2, usage('b')]));
    return dir;
  }

  /** Commit `n` changes: those acknowledged, and the messages of those refused. */
  function commits(s: Store, n: number): { acked: string[]; refused: string[] } {
    const acked: string[] = [];
    const refused: string[] = [];
    for (let i = 0; i < n; i++) {
      try {
        s.commit({ op: 'event-add', event: usage(`n${i}`) });
        acked.push(`n${i}`);
      } catch (e) {
        refused.push((e as Error).message);
      }
    }
    return { acked, refused };
  }

  it('a journal whose numbers start near 2^53: every change acknowledged is there after a restart, and those past the limit are refused, saying why', () => {
    const dir = folderAt(Number.MAX_SAFE_INTEGER - 4);
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a', 'b']);
    const { acked, refused } = commits(s, 4);
    s.close();
    const again = open(dir);
    expect(ids(again)).toEqual(['sub', 'a', 'b', ...acked]);
    expect(refused.length).toBeGreaterThan(0);
    for (const message of refused) expect(message).toMatch(/^Not saved: this data folder has numbered [\d,]+ changes, the most Credit Companion counts\. Export the account/);
    // Numbers never stop moving: each acknowledged change has one of its own.
    expect(again.seq).toBe(Number.MAX_SAFE_INTEGER - 2 + acked.length);
    again.close();
  });

  it('far before 2^53: the changes up to the limit are saved, the next is refused, and nothing is lost across a restart', () => {
    const dir = folderAt(JOURNAL_SEQ_MAX - 4);
    const s = open(dir);
    expect(commits(s, 3)).toMatchObject({ acked: ['n0', 'n1'], refused: [expect.stringMatching(/^Not saved: /)] });
    s.close();
    const again = open(dir);
    expect(ids(again)).toEqual(['sub', 'a', 'b', 'n0', 'n1']);
    expect(again.seq).toBe(JOURNAL_SEQ_MAX);
    again.close();
  });
});

describe('opening a store file that is damaged, odd, or from a newer version', () => {
  const account = (events: unknown[]) => ({ format: 'credit-companion/account@1', events });
  const good = JSON.stringify({ account: account([sub, usage('a')]), projects: [], settings: {}, journalSeq: 2 });
  const RECOVERED = /^The saved account could not be read: (.*)\. It was kept aside as (.*\.corrupt)\. The backup of \d{4}-\d\d-\d\d \d\d:\d\d UTC was restored; anything saved after that is not in it\.$/;

  it.each([
    ['cut off mid-file', (text: string) => text.slice(0, 40), /^it is not valid JSON/],
    ['an empty object', () => '{}', /^it has no account$/],
    ['a list', () => '[]', /^it holds a list, not the account/],
    ['a mistyped top-level key', (text: string) => text.replace('"account"', '"acount"'), /^it has an unknown top-level key "acount"$/],
    ['projects that are not a list', (text: string) => text.replace('"projects":[]', '"projects":{"name":"x"}'), /^its projects are not a list$/],
    ['a usage before the subscribe (valid JSON the engine rejects)', () => JSON.stringify({ account: account([{ ...usage('u'), date: '2025-12-31' }, sub]) }), /^the account does not replay: /],
    ['an add-on on a monthly plan the engine refuses', () => JSON.stringify({ account: account([{ ...sub, plan: 'creator', credits: undefined }, { type: 'addon', date: '2026-01-03', blocks: 1 }]) }), /^the account (does not replay|is not valid): /],
    ['a hand-edited note nested 5,000 deep', () => JSON.stringify({ account: account([sub, { type: 'note', date: '2026-01-03', text: JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`) as unknown }]) }), /^the account is not valid: Event 2 text: nested deeper than 64 levels$/],
  ])('%s: kept aside with its reason, the newest backup that replays restored, the user told', (_name, damage, reason) => {
    const dir = goodDir();
    const backups = readdirSync(join(dir, 'backups'));
    const path = join(dir, 'account.json');
    const damaged = damage(readFileSync(path, 'utf8'));
    writeFileSync(path, damaged);
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.readOnly).toBeNull();
    expect(s.notices).toHaveLength(1);
    const [, why, aside] = RECOVERED.exec(s.notices[0]!) ?? [];
    expect(why).toMatch(reason);
    expect(readFileSync(aside!, 'utf8')).toBe(damaged);
    expect(readFileSync(`${aside}.txt`, 'utf8')).toBe(`${why}\n`);
    expect(readdirSync(join(dir, 'backups'))).toEqual(backups);
    // Said until the page the user reads has shown it, then no more.
    s.close();
    const shown = open(dir);
    expect(shown.notices).toEqual([s.notices[0]]);
    shown.noticesShown();
    shown.close();
    const reopened = open(dir);
    expect(reopened.notices).toEqual([]);
    expect(ids(reopened)).toEqual(['sub', 'a']);
    reopened.close();
  });

  it('reads a file that starts with a byte-order mark, and writes it back without one', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'account.json'), `\ufeff${good}`);
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.notices).toEqual([]);
    expect(readFileSync(join(dir, 'account.json'), 'utf8').charCodeAt(0)).toBe('{'.charCodeAt(0));
    s.close();
  });

  it('opens an account of a newer format read-only, leaves it as it is, and says to update', () => {
    const dir = tmp();
    const text = JSON.stringify({ account: { format: 'credit-companion/account@2', events: [{ kind: 'new' }] }, journalSeq: 0 });
    writeFileSync(join(dir, 'account.json'), text);
    const s = open(dir);
    expect(s.readOnly).toBe('This data is from a newer Credit Companion: it holds an account of format credit-companion/account@2, newer than this version of Credit Companion (0.1.0) can read. It is shown read-only and left as it is; update Credit Companion to change it.');
    expect(s.data.account.events).toEqual([]);
    expect(commitError(s, 'x')?.error.code).toBe('read-only');
    s.close();
    expect(readFileSync(join(dir, 'account.json'), 'utf8')).toBe(text);
    expect(named(dir, /corrupt|backups/)).toEqual([]);
  });

  it('shows an account a newer app version wrote, read-only', () => {
    const dir = tmp();
    const text = good.replace('"journalSeq":2', '"journalSeq":2,"__internal__":{"migrations":{"version":"9.0.0"}}');
    writeFileSync(join(dir, 'account.json'), text);
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.readOnly).toMatch(/written by Credit Companion 9\.0\.0, newer than this one \(0\.1\.0\)/);
    s.close();
    expect(readFileSync(join(dir, 'account.json'), 'utf8')).toBe(text);
  });

  it.each([['"not-a-version"'], ['"1.0"'], ['5'], ['null'], ['{"x":1}']])('a migration version conf cannot read (%s, a hand edit) is dropped: the account opens, and the file is written again with this version’s', (version) => {
    const dir = tmp();
    writeFileSync(join(dir, 'account.json'), good.replace('"journalSeq":2', `"journalSeq":2,"__internal__":{"migrations":{"version":${version}}}`));
    const s = open(dir);
    expect([ids(s), s.readOnly, s.notices]).toEqual([['sub', 'a'], null, []]);
    s.close();
    const stored = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    expect(stored.__internal__.migrations.version).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version);
    expect(named(dir, /corrupt/)).toEqual([]);
  });

  it('a backup restored whose migration version conf cannot read is written again without it', () => {
    const dir = goodDir();
    const [backup] = named(join(dir, 'backups'), /\.json$/);
    const path = join(dir, 'backups', backup!);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"__internal__":\{[^}]*\}\}/, '"__internal__":{"migrations":{"version":"x"}}'));
    expect(readFileSync(path, 'utf8')).toContain('"version":"x"');
    writeFileSync(join(dir, 'account.json'), 'not json');
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.notices[0]).toMatch(/^The saved account could not be read: it is not valid JSON/);
    s.close();
    expect(readFileSync(join(dir, 'account.json'), 'utf8')).not.toContain('"version":"x"');
  });

  it('a 200 MB file that is not an account: kept aside, the backup restored', () => {
    const dir = goodDir();
    const path = join(dir, 'account.json');
    writeFileSync(path, `{"account":{"format":"credit-companion/account@1","events":[]},"padding":"${'x'.repeat(200 * 1024 * 1024)}"}`);
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.notices[0]).toMatch(/^The saved account could not be read: it has an unknown top-level key "padding"\. It was kept aside as .*\.corrupt\. The backup of/);
    expect(statSync(named(dir, /\.corrupt$/).map((f) => join(dir, f))[0]!).size).toBeGreaterThan(200 * 1024 * 1024);
    s.close();
  }, 60_000);

  it('with no backup that replays, starts empty and says so, keeping the damaged file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'account.json'), '{"account": {"format": "credit-companion/account@1", "events": [{"type": "usage"}]}}');
    const s = open(dir);
    expect(s.data.account.events).toEqual([]);
    expect(s.notices[0]).toMatch(/^The saved account could not be read: the account is not valid: .*\. It was kept aside as .*\.corrupt\. No backup could be read either, so the app starts empty\.$/);
    expect(named(dir, /\.corrupt$/)).toHaveLength(1);
    s.close();
  });

  it('never rotates the last good backup out, however many launches find a damaged file', () => {
    const dir = goodDir();
    for (let i = 0; i < 8; i++) {
      writeFileSync(join(dir, 'account.json'), '{"account": 1}');
      const s = open(dir);
      expect(ids(s)).toEqual(['sub', 'a']);
      s.close();
    }
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups.length).toBeLessThanOrEqual(2);
    for (const b of backups) expect(JSON.parse(readFileSync(join(dir, 'backups', b), 'utf8')).account.events.map((e: { id: string }) => e.id)).toEqual(['sub', 'a']);
  });

  it('restores the backup and applies the journal that follows it: nothing acknowledged is dropped', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.journal'), journal([3, usage('b')], [4, usage('c')]));
    writeFileSync(join(dir, 'account.json'), 'garbage');
    const reopened = open(dir);
    expect(ids(reopened)).toEqual(['sub', 'a', 'b', 'c']);
    expect(reopened.notices).toHaveLength(1);
    reopened.close();
  });

  it('a journal that does not follow the store file (an older store copied back from backups/): kept aside, nothing of it applied, said until shown', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.journal'), journal([5, usage('c')], [6, usage('d')]));
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.notices).toEqual([expect.stringMatching(/^2 changes in the change journal could not be applied: they do not follow the saved account \(it holds the changes up to 2, the journal starts at 5\); they are kept in .*account\.journal\..*\.unapplied\.$/)]);
    expect(readFileSync(join(dir, named(dir, /^account\.journal\..*\.unapplied$/)[0]!), 'utf8')).toBe(journal([5, usage('c')], [6, usage('d')]));
    s.commit({ op: 'event-add', event: usage('e') });
    s.noticesShown();
    s.close();
    const again = open(dir);
    expect(ids(again)).toEqual(['sub', 'a', 'e']);
    expect(again.notices).toEqual([]);
    again.close();
  });

  it('when the journal does not follow the backup, keeps it aside and says how many changes it holds', () => {
    const dir = goodDir();
    const s = open(dir);
    s.commit({ op: 'event-add', event: usage('b') });
    s.close();
    // The newest backup (with b, at seq 3) is lost too: only the older one, at seq 2, remains; the journal starts at 4.
    const [newest] = readdirSync(join(dir, 'backups')).sort().reverse();
    rmSync(join(dir, 'backups', newest!));
    writeFileSync(join(dir, 'account.journal'), journal([4, usage('c')], [5, usage('d')]));
    writeFileSync(join(dir, 'account.json'), 'garbage');
    const reopened = open(dir);
    expect(ids(reopened)).toEqual(['sub', 'a']);
    expect(reopened.notices[1]).toMatch(/^2 changes recorded after that backup could not be applied to it; they are kept in .*account\.journal\..*\.unapplied\.$/);
    reopened.close();
  });
});

describe('a disk that fills up (a double of the disk: any free space, to the byte)', () => {
  it.each([0, 4096, 16_384])('with %i bytes free: appends, compaction and quit lose no acknowledged change, and each refusal says the disk is full', (free) => {
    const dir = tmp();
    const disk = diskDouble();
    diskFullScenario({
      dir,
      open: () => open(dir, { fs: disk.fs, compactEvery: 1_000_000 }),
      fill: () => (disk.free = free),
      makeRoom: () => (disk.free = Infinity),
    });
  });

  it('an fsync that fails is not acknowledged, and the journal is cut back to its last good line', () => {
    const dir = tmp();
    const disk = diskDouble();
    const s = open(dir, { fs: disk.fs });
    s.commit({ op: 'event-add', event: sub });
    disk.failFsync = true;
    expect(commitError(s, 'lost')?.error.message).toMatch(/^The disk reported an error while saving to .*: the last change was not saved\./);
    disk.failFsync = false;
    s.commit({ op: 'event-add', event: usage('kept') });
    expect(journalChanges(dir).map((l) => l.event?.id)).toEqual(['sub', 'kept']);
    s.close();
  });
});

describe('a folder that cannot be written', () => {
  it('opens read-only with the reason, shows the data, and refuses every change', () => {
    const dir = goodDir();
    const before = readFileSync(join(dir, 'account.json'));
    const disk = diskDouble();
    disk.readOnly = true;
    const s = open(dir, { fs: disk.fs });
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.readOnly).toBe(`The disk that holds ${dir} is read-only: the data is shown read-only, and nothing can be saved.`);
    const error = commitError(s, 'b');
    expect(error?.error.code).toBe('read-only');
    expect(error?.error.message).toBe(`Not saved. ${s.readOnly}`);
    s.close();
    expect(readFileSync(join(dir, 'account.json')).equals(before)).toBe(true);
  });
});

describe('a second store on a folder this process already holds', () => {
  it('opens read-only, says what holds it, and writes nothing', () => {
    const dir = goodDir();
    const first = open(dir);
    const second = open(dir);
    expect(second.readOnly).toMatch(new RegExp(`^Credit Companion is already open on ${dir} \\(a test, pid ${process.pid}\\): this window shows its data read-only; make changes there\\.$`));
    expect(commitError(second, 'b')?.error.code).toBe('read-only');
    second.close();
    first.commit({ op: 'event-add', event: usage('c') });
    first.close();
    const reopened = open(dir);
    expect(ids(reopened)).toEqual(['sub', 'a', 'c']);
    reopened.close();
  });
});

describe('files the store writes', () => {
  it('makes the folder 0700 and its files 0600', () => {
    const dir = join(goodDir(), 'nested', 'data');
    const s = open(dir);
    s.commit({ op: 'event-add', event: sub });
    s.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ['account.json', 'account.journal']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    for (const f of readdirSync(join(dir, 'backups'))) expect(statSync(join(dir, 'backups', f)).mode & 0o777).toBe(0o600);
  });
});

describe('a process killed with SIGKILL', () => {
  it.each([
    ['between compactions', 1000],
    ['while compacting every few writes', 7],
  ])('in the middle of 100 writes (%s): never corrupt, no acknowledged entry lost', async (_name, compactEvery) => {
    const dir = tmp();
    for (let round = 0; round < 3; round++) {
      const acked = await writerKilled(dir, compactEvery, 10 + Math.floor(Math.random() * 70));
      const s = open(dir);
      expect(s.notices).toEqual([]);
      expect(accountParse(s.data.account).ok).toBe(true);
      const now = new Set(ids(s));
      expect(acked.filter((id) => !now.has(id))).toEqual([]);
      s.close();
    }
  }, 60_000);

  it('during compaction of a large account: no temporary file outlives the next start', async () => {
    const dir = tmp();
    let strays = 0;
    for (let round = 0; round < 4; round++) {
      const acked = await writerKilled(dir, 1_000_000, 'compacting', 50_000);
      strays += named(dir, /\.tmp$/).length;
      const s = open(dir);
      expect(named(dir, /\.tmp$/)).toEqual([]);
      const now = new Set(ids(s));
      expect(acked.filter((id) => !now.has(id))).toEqual([]);
      s.close();
    }
    expect(strays).toBeGreaterThan(0);
    console.log(`SIGKILL during compaction: ${strays} temporary files found after 4 kills, none after the next start`);
  }, 120_000);
});

/** Run the writer fixture on `dir` and kill it with SIGKILL after `killAfter` acknowledgements, or a few ms after it starts compacting; the ids it acknowledged. */
async function writerKilled(dir: string, compactEvery: number, killAfter: number | 'compacting', seed = 0): Promise<string[]> {
  const acked: string[] = [];
  const child = spawn(process.execPath, [fixtureBundle('store-writer'), dir, String(compactEvery), String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const watching: { watcher: FSWatcher | null } = { watcher: null };
  await childLines(child, (line) => {
    if (line.startsWith('ack ')) acked.push(line.slice(4));
    if (line === 'compacting' && killAfter === 'compacting' && !watching.watcher) {
      // Killed the moment its new store file appears: in the middle of writing it.
      watching.watcher = watch(dir, (_event, name) => {
        if (name?.endsWith('.tmp')) child.kill('SIGKILL');
      });
    }
    if (typeof killAfter === 'number' && acked.length >= killAfter && child.exitCode === null) child.kill('SIGKILL');
  });
  watching.watcher?.close();
  expect(existsSync(join(dir, 'account.json'))).toBe(true);
  return acked;
}

describe('store migrations', () => {
  it('lays out a new store and records the app version it was migrated to', () => {
    const dir = tmp();
    open(dir).close();
    const stored = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    expect(stored.account).toEqual({ format: 'credit-companion/account@1', events: [] });
    expect(stored.__internal__.migrations.version).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version);
  });
});

describe('found in review: what an adversary tried', () => {
  it('a store file missing while its backups are not (a recovery cut short, a deleted file): restored and said, never a silent first run', () => {
    const dir = goodDir();
    rmSync(join(dir, 'account.json'));
    const s = open(dir);
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.notices).toEqual([expect.stringMatching(new RegExp(`^The saved account was missing from ${dir}\\. The backup of .* UTC was restored; anything saved after that is not in it\\.$`))]);
    s.close();
  });

  it('a damaged store file on a full disk: no copy can be kept, so it is left exactly as it is, and the backup is shown read-only', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.json'), 'garbage');
    const disk = diskDouble(0);
    const s = open(dir, { fs: disk.fs });
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.readOnly).toMatch(/^The saved account could not be read \(it is not valid JSON .*\), and no copy of it could be kept in .*, so it is left as it is: the newest backup is shown read-only, and nothing can be saved\.$/);
    s.close();
    expect(readFileSync(join(dir, 'account.json'), 'utf8')).toBe('garbage');
    expect(named(dir, /corrupt/)).toEqual([]);
  });

  it('a journal with a damaged line on a full disk: opens, and leaves the journal as it is until a copy can be kept', () => {
    const dir = goodDir();
    const text = `${journal([3, usage('b')])}not json\n${journal([4, usage('c')])}`;
    writeFileSync(join(dir, 'account.journal'), text);
    const disk = diskDouble(0);
    const s = open(dir, { fs: disk.fs });
    expect(ids(s)).toEqual(['sub', 'a', 'b', 'c']);
    expect(s.notices[0]).toMatch(/the journal is left as it is\.$/);
    s.close();
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe(text);
    const roomy = open(dir);
    expect(ids(roomy)).toEqual(['sub', 'a', 'b', 'c']);
    expect(roomy.notices[0]).toMatch(/the journal is kept as .*\.corrupt\.$/);
    roomy.close();
  });

  it('a holder whose folder was taken over (after a long freeze) saves nothing more, and leaves the new holder its record', () => {
    const dir = goodDir();
    const s = open(dir);
    s.commit({ op: 'event-add', event: usage('b') });
    const journalBefore = readFileSync(join(dir, 'account.journal'), 'utf8');
    rmSync(join(dir, 'account.lock'), { recursive: true });
    mkdirSync(join(dir, 'account.lock'));
    const other = JSON.stringify({ pid: 1, host: hostname(), app: 'browser', since: new Date().toISOString(), token: 'another process' });
    writeFileSync(join(dir, 'account.lock.json'), other);
    const error = commitError(s, 'c');
    expect(error?.error.code).toBe('read-only');
    expect(error?.error.message).toMatch(/^Not saved\. Credit Companion lost its hold on .* \(another process took it over\)/);
    expect(s.compact()).toBe(false);
    s.close();
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe(journalBefore);
    expect(readFileSync(join(dir, 'account.lock.json'), 'utf8')).toBe(other);
  });

  it('a lock left by a process that ended, with its clock an hour ahead: taken over at once', async () => {
    const dir = goodDir();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.on('exit', r));
    mkdirSync(join(dir, 'account.lock'));
    const later = new Date(Date.now() + 3_600_000);
    utimesSync(join(dir, 'account.lock'), later, later);
    writeFileSync(join(dir, 'account.lock.json'), JSON.stringify({ pid: gone.pid, host: hostname(), app: 'desktop', since: new Date().toISOString(), token: 'gone' }));
    const s = open(dir);
    expect(s.readOnly).toBeNull();
    s.close();
  });

  it('six processes starting at once on a stale lock: exactly one of them writes', async () => {
    const dir = goodDir();
    mkdirSync(join(dir, 'account.lock'));
    writeFileSync(join(dir, 'account.lock.json'), JSON.stringify({ pid: 999_999_999, host: hostname(), app: 'desktop', since: new Date().toISOString(), token: 'gone' }));
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, [fixtureBundle('desktop-store'), dir, '0'], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const opened = await Promise.all(
      children.map(
        (child) =>
          new Promise<{ readOnly: string | null }>((resolve) => {
            let out = '';
            child.stdout.on('data', (c: Buffer) => {
              out += c.toString();
              const m = /^open (.*)$/m.exec(out);
              if (m) resolve(JSON.parse(m[1]!));
            });
          }),
      ),
    );
    for (const child of children) child.stdin.end();
    await Promise.all(children.map((child) => new Promise((r) => child.on('exit', r))));
    expect(opened.filter((o) => o.readOnly === null)).toHaveLength(1);
    expect(opened.filter((o) => o.readOnly?.startsWith(`Credit Companion is already open on ${dir} (the desktop app, pid `))).toHaveLength(5);
  }, 60_000);

  it('backups are rotated by what they hold, not by their clock: names from a wrong clock or by hand never push the newest out', () => {
    const dir = goodDir();
    const backups = join(dir, 'backups');
    writeFileSync(join(backups, 'account-2031-01-01T00-00-00-000Z.json'), readFileSync(join(dir, 'account.json')));
    mkdirSync(join(backups, 'account-x.json'));
    for (let i = 0; i < 7; i++) {
      const s = open(dir);
      s.commit({ op: 'event-add', event: usage(`n${i}`) });
      s.close();
    }
    const kept = readdirSync(backups).filter((f) => /^account-\d{12}-/.test(f)).sort();
    expect(kept).toHaveLength(5);
    expect(JSON.parse(readFileSync(join(backups, kept.at(-1)!), 'utf8')).account.events).toHaveLength(9);
    expect(existsSync(join(backups, 'account-x.json'))).toBe(true);
    expect(existsSync(join(backups, 'account-2031-01-01T00-00-00-000Z.json'))).toBe(false);
  });

  it('an account.json that links elsewhere (a synced folder): the file it links to is rewritten, the link kept', () => {
    const dir = goodDir();
    const elsewhere = join(tmp(), 'synced.json');
    renameSync(join(dir, 'account.json'), elsewhere);
    symlinkSync(elsewhere, join(dir, 'account.json'));
    const s = open(dir);
    s.commit({ op: 'event-add', event: usage('b') });
    s.close();
    expect(lstatSync(join(dir, 'account.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(elsewhere, 'utf8')).account.events.map((e: { id: string }) => e.id)).toEqual(['sub', 'a', 'b']);
  });

  it.each([
    ['account.json is a folder', (dir: string) => { rmSync(join(dir, 'account.json')); mkdirSync(join(dir, 'account.json')); }, /^.*account\.json is a folder, not the account\.json file Credit Companion keeps there/],
    ['backups is a file', (dir: string) => { rmSync(join(dir, 'backups'), { recursive: true }); writeFileSync(join(dir, 'backups'), 'x'); }, null],
    ['a backup is a folder, and the store file damaged', (dir: string) => { mkdirSync(join(dir, 'backups', 'account-999999999999-2026-01-01T00-00-00-000Z.json')); writeFileSync(join(dir, 'account.json'), 'x'); }, null],
  ])('%s: opens without a crash', (_name, arrange, readOnly) => {
    const dir = goodDir();
    arrange(dir);
    const s = open(dir);
    if (readOnly) expect(s.readOnly).toMatch(readOnly);
    else expect(s.readOnly).toBeNull();
    s.close();
  });

  it('a data folder that is a file: one plain error', () => {
    const file = join(tmp(), 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => open(file)).toThrow(new StoreOpenError(`${file} is a file, not a folder: the data needs a folder of its own`));
  });
});

/** Another process takes the folder over (its lock record replaced), as after a long freeze. */
function takenOver(dir: string): void {
  rmSync(join(dir, 'account.lock'), { recursive: true });
  mkdirSync(join(dir, 'account.lock'));
  writeFileSync(join(dir, 'account.lock.json'), JSON.stringify({ pid: 1, host: hostname(), app: 'browser', since: new Date().toISOString(), token: 'another process' }));
}

/** What the store logs, kept for a test to read. */
function logged(): { lines: string[]; log: (message: string) => void } {
  const lines: string[] = [];
  return { lines, log: (message) => lines.push(message) };
}

describe('backups as listed and read (#22)', () => {
  it('listed by what they hold, then by time, newest first, with their revision and time; a first-version name holds revision 0; only those listed are read', () => {
    const dir = goodDir();
    const backups = join(dir, 'backups');
    const [taken] = readdirSync(backups);
    const bytes = readFileSync(join(backups, taken!));
    const sameRevision = ['2020', '2023', '2012', '2021', '2015', '2024', '2011'].map((year) => `account-000000000002-${year}-01-01T00-00-00-000Z.json`);
    const names = [...sameRevision, 'account-000000000000-2017-03-04T05-06-07-008Z.json', 'account-2019-05-06T07-08-09-010Z.json', 'account-2018-05-06T07-08-09-010Z.json'];
    for (const name of names) writeFileSync(join(backups, name), bytes);
    mkdirSync(join(backups, 'account-000000000009-2026-01-01T00-00-00-000Z.json'));
    writeFileSync(join(backups, 'notes.json'), bytes);
    const s = open(dir);
    expect(s.backups()).toEqual([
      { name: taken, revision: 2, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
      ...['2024', '2023', '2021', '2020', '2015', '2012', '2011'].map((year) => ({ name: `account-000000000002-${year}-01-01T00-00-00-000Z.json`, revision: 2, time: `${year}-01-01T00:00:00.000Z` })),
      { name: 'account-000000000000-2017-03-04T05-06-07-008Z.json', revision: 0, time: '2017-03-04T05:06:07.008Z' },
      { name: 'account-2019-05-06T07-08-09-010Z.json', revision: 0, time: '2019-05-06T07:08:09.010Z' },
      { name: 'account-2018-05-06T07-08-09-010Z.json', revision: 0, time: '2018-05-06T07:08:09.010Z' },
    ]);
    expect(s.backupRead('account-2018-05-06T07-08-09-010Z.json')?.account.events.map((e) => e.id)).toEqual(['sub', 'a']);
    for (const name of ['notes.json', 'account-000000000009-2026-01-01T00-00-00-000Z.json', '../account.json']) expect(s.backupRead(name)).toBeNull();
    s.close();
  });
});

describe('the undo history’s file (#22)', () => {
  const historyOf = (dir: string) => readFileSync(join(dir, 'account.history'), 'utf8');

  it('appended to and replaced, an append after a replace going to the new file; read at the next opening; a read-only store writes none', () => {
    const dir = goodDir();
    const s = open(dir);
    expect(s.historyText).toBeNull();
    expect(s.historyAppend('a\n')).toBe(true);
    expect(s.historyAppend('b\n')).toBe(true);
    expect(historyOf(dir)).toBe('a\nb\n');
    expect(s.historyWrite('c\n')).toBe(true);
    expect(s.historyAppend('d\n')).toBe(true);
    expect(historyOf(dir)).toBe('c\nd\n');
    expect(statSync(join(dir, 'account.history')).mode & 0o777).toBe(0o600);
    const second = open(dir);
    expect(second.historyText).toBe('c\nd\n');
    expect(second.historyAppend('x\n')).toBe(false);
    expect(second.historyWrite('x\n')).toBe(false);
    second.close();
    s.close();
    expect(historyOf(dir)).toBe('c\nd\n');
  });

  it('a disk that fills up or a folder taken over: not saved, said in the log, the file left as it was', () => {
    const dir = goodDir();
    const disk = diskDouble();
    const { lines, log } = logged();
    const s = open(dir, { fs: disk.fs, log });
    expect(s.historyWrite('a\n')).toBe(true);
    expect(s.historyAppend('b\n')).toBe(true);
    expect(s.historyWrite('a\n')).toBe(true);
    disk.free = 0;
    expect(s.historyAppend('b\n')).toBe(false);
    expect(s.historyWrite('b\n')).toBe(false);
    expect(lines).toEqual(['the undo history could not be saved (ENOSPC); the changes themselves are saved', 'the undo history could not be saved (ENOSPC); the changes themselves are saved']);
    disk.free = Infinity;
    takenOver(dir);
    expect(s.historyWrite('c\n')).toBe(false);
    expect(lines[2]).toBe('the undo history could not be saved (ELOCKLOST); the changes themselves are saved');
    expect(historyOf(dir)).toBe('a\n');
    s.close();
    expect(disk.open()).toEqual([]);
  });

  it('after a recovery the history of the data before it is removed, and said; a read-only store leaves it', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.history'), 'of the data before\n');
    writeFileSync(join(dir, 'account.json'), 'garbage');
    const disk = diskDouble();
    disk.readOnly = true;
    const readOnly = open(dir, { fs: disk.fs });
    expect(readOnly.historyText).toBeNull();
    readOnly.close();
    expect(historyOf(dir)).toBe('of the data before\n');
    const { lines, log } = logged();
    const s = open(dir, { log });
    expect(s.historyText).toBeNull();
    expect(existsSync(join(dir, 'account.history'))).toBe(false);
    expect(lines).toContain('the undo history was of the data before the recovery; it starts empty');
    s.close();
    writeFileSync(join(dir, 'account.json'), 'garbage');
    const none = open(dir, { log });
    expect(none.historyText).toBeNull();
    expect(lines.filter((l) => l.includes('undo history'))).toHaveLength(1);
    none.close();
  });

  it('a history that cannot be read (a link to itself) starts empty, said in the log', () => {
    const dir = goodDir();
    symlinkSync('account.history', join(dir, 'account.history'));
    const { lines, log } = logged();
    const s = open(dir, { log });
    expect(s.historyText).toBe('');
    expect(lines).toEqual(['the undo history could not be read (ELOOP); it starts empty']);
    s.close();
  });
});

describe('the notices kept until shown (#22)', () => {
  const noticesFile = (dir: string) => join(dir, 'account.notices');

  it('kept only when there are some, by the holder alone; shown by the holder alone; nothing logged where there was none', () => {
    const dir = goodDir();
    const { lines, log } = logged();
    const quietOne = open(dir, { log });
    expect(existsSync(noticesFile(dir))).toBe(false);
    quietOne.noticesShown();
    quietOne.close();
    const s = open(dir, { log, notices: ['the service was restarted'] });
    expect(s.notices).toEqual(['the service was restarted']);
    const second = open(dir, { log, notices: ['from the reader'] });
    expect(second.notices).toEqual(['the service was restarted', 'from the reader']);
    second.noticesShown();
    second.close();
    expect(JSON.parse(readFileSync(noticesFile(dir), 'utf8'))).toEqual(['the service was restarted']);
    s.noticesShown();
    expect(existsSync(noticesFile(dir))).toBe(false);
    s.close();
    expect(lines).toEqual([]);
  });

  it('a disk that fills up: shown now, said in the log; a folder that turns read-only: kept for the next start, said', () => {
    const dir = goodDir();
    const disk = diskDouble(0);
    const { lines, log } = logged();
    const full = open(dir, { fs: disk.fs, log, notices: ['the service was restarted'] });
    expect(full.notices).toEqual(['the service was restarted']);
    expect(lines).toEqual(['the notices could not be kept for the next start (ENOSPC); they are shown now']);
    expect(existsSync(noticesFile(dir))).toBe(false);
    full.close();
    disk.free = Infinity;
    const s = open(dir, { fs: disk.fs, log, notices: ['the service was restarted'] });
    disk.readOnly = true;
    s.noticesShown();
    expect(lines[1]).toBe('the notices shown could not be removed (EROFS); the next start shows them again');
    expect(existsSync(noticesFile(dir))).toBe(true);
    s.close();
  });

  it('notices that cannot be read (a link to itself): said in the log', () => {
    const dir = goodDir();
    symlinkSync('account.notices', noticesFile(dir));
    const { lines, log } = logged();
    const s = open(dir, { log });
    expect(s.notices).toEqual([]);
    expect(lines).toEqual(['the notices kept from an earlier start could not be read (ELOOP)']);
    s.close();
  });
});

describe('what the holder does first (#22)', () => {
  it('removes what interrupted writes left, in the folder and in backups/, says so, and tightens the modes of the folders and of its files; a reader does neither', () => {
    const dir = goodDir();
    const files = ['account.json', 'account.journal', 'account.history', 'account.notices', 'account.snapshot'];
    writeFileSync(join(dir, 'account.history'), '');
    writeFileSync(join(dir, 'account.notices'), '[]');
    writeFileSync(join(dir, 'account.snapshot'), '');
    for (const f of files) chmodSync(join(dir, f), 0o644);
    for (const f of [dir, join(dir, 'backups')]) chmodSync(f, 0o755);
    writeFileSync(join(dir, 'account.json.0a1b2c.tmp'), 'half');
    writeFileSync(join(dir, 'backups', 'account-000000000003-2026-01-01T00-00-00-000Z.json.0a1b2c.tmp'), 'half');
    const { lines, log } = logged();
    const s = open(dir, { log });
    expect(lines).toEqual(['removed account.json.0a1b2c.tmp, left by a write that was interrupted', 'removed backups/account-000000000003-2026-01-01T00-00-00-000Z.json.0a1b2c.tmp, left by a write that was interrupted']);
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    for (const f of [dir, join(dir, 'backups')]) expect(statSync(f).mode & 0o777).toBe(0o700);
    writeFileSync(join(dir, 'account.json.3d4e5f.tmp'), 'the holder’s write under way');
    chmodSync(join(dir, 'account.history'), 0o644);
    open(dir, { log }).close();
    expect(existsSync(join(dir, 'account.json.3d4e5f.tmp'))).toBe(true);
    expect(statSync(join(dir, 'account.history')).mode & 0o777).toBe(0o644);
    s.close();
  });

  it('given nowhere to log it, prints what it says, as the app’s', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.json.0a1b2c.tmp'), 'half');
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      storeOpen({ dir }).close();
      expect(printed.mock.calls).toEqual([['credit-companion: removed account.json.0a1b2c.tmp, left by a write that was interrupted']]);
    } finally {
      printed.mockRestore();
    }
  });

  it('leaves alone what is not its own: a file named backups, a history that links elsewhere', () => {
    const dir = goodDir();
    rmSync(join(dir, 'backups'), { recursive: true });
    writeFileSync(join(dir, 'backups'), 'x');
    chmodSync(join(dir, 'backups'), 0o644);
    const elsewhere = join(tmp(), 'history');
    writeFileSync(elsewhere, '');
    chmodSync(elsewhere, 0o644);
    symlinkSync(elsewhere, join(dir, 'account.history'));
    open(dir).close();
    expect(statSync(join(dir, 'backups')).mode & 0o777).toBe(0o644);
    expect(statSync(elsewhere).mode & 0o777).toBe(0o644);
  });
});

describe('opening, as it can fail (#22)', () => {
  it('a store file of an earlier version on a full disk: its migration cannot be written, so it is shown read-only, saying why', () => {
    const dir = goodDir();
    const path = join(dir, 'account.json');
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    stored.__internal__.migrations.version = '0.0.1';
    writeFileSync(path, JSON.stringify(stored));
    const s = open(dir, { fs: diskDouble(0).fs });
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.readOnly).toMatch(/^The disk is full.*: the data is shown read-only until that is fixed\.$/);
    s.close();
  });

  it('a bug while the store file is rewritten at opening (an error with no errno code, not the disk): thrown as it is, never shown as a folder that cannot be written', () => {
    const dir = goodDir();
    const path = join(dir, 'account.json');
    // A byte-order mark: the file is written again without it before conf opens it.
    writeFileSync(path, `\ufeff${readFileSync(path, 'utf8')}`);
    const disk = diskDouble();
    const rename = disk.fs.renameSync;
    disk.fs.renameSync = (from, to) => {
      if (String(to) === path) throw new TypeError('a bug in the write');
      rename(from, to);
    };
    expect(() => open(dir, { fs: disk.fs })).toThrow(new TypeError('a bug in the write'));
    expect(existsSync(join(dir, 'account.lock'))).toBe(false);
  });

  it('a folder held by another store, asked to fail: StoreLockedError; a folder that cannot be written, asked the same: read-only', () => {
    const dir = goodDir();
    const first = open(dir);
    expect(() => open(dir, { whenLocked: 'fail' })).toThrow(expect.objectContaining({ name: 'StoreLockedError', message: expect.stringMatching(/^Credit Companion is already open on /) }));
    expect(() => open(dir, { whenLocked: 'fail' })).toThrow(StoreLockedError);
    first.close();
    const disk = diskDouble();
    disk.readOnly = true;
    const s = open(dir, { fs: disk.fs, whenLocked: 'fail' });
    expect(s.readOnly).toMatch(/is read-only: the data is shown read-only, and nothing can be saved\.$/);
    s.close();
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => open(file)).toThrow(expect.objectContaining({ name: 'StoreOpenError' }));
  });

  it('a data folder that links to a folder opens, and is written', () => {
    const target = goodDir();
    const dir = join(tmp(), 'data');
    symlinkSync(target, dir);
    const s = open(dir);
    expect(s.readOnly).toBeNull();
    s.commit({ op: 'event-add', event: usage('b') });
    s.close();
    const reopened = open(target);
    expect(ids(reopened)).toEqual(['sub', 'a', 'b']);
    reopened.close();
  });

  it('what cannot be read is the system’s error, never an empty account: an account.json that links to itself, a data folder under a file', () => {
    const dir = goodDir();
    rmSync(join(dir, 'account.json'));
    symlinkSync('account.json', join(dir, 'account.json'));
    expect(() => open(dir)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    // Not held by the try that failed: once mended, this very process opens it to write.
    expect(existsSync(join(dir, 'account.lock'))).toBe(false);
    rmSync(join(dir, 'account.json'));
    const mended = open(dir);
    expect(mended.readOnly).toBeNull();
    expect(ids(mended)).toEqual(['sub', 'a']);
    mended.close();
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => open(join(file, 'data'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});

describe('the snapshot, and the first screen drawn from it (#22)', () => {
  const snapshotPath = (dir: string) => join(dir, 'account.snapshot');
  const replayOf = (s: Store) => (seq: number) => (seq === s.seq ? replayBuild(s.data.account) : null);
  /** A folder whose snapshot was written beside its store file, closed with no change since. */
  function snapshotDir(): string {
    const dir = goodDir();
    const s = open(dir);
    expect(s.fromSnapshot).toBe(false);
    s.snapshotSource(replayOf(s));
    s.close();
    return dir;
  }
  const glanced = (dir: string, options: Partial<StoreOptions> = {}): { glances: StoreGlance[]; s: Store } => {
    const glances: StoreGlance[] = [];
    const s = open(dir, { ...options, glance: (g) => glances.push(g) });
    return { glances, s };
  };

  it('written once its source has the replay; the next opening glances at it first, reads the account from it, and leaves it as it is', () => {
    const dir = snapshotDir();
    const written = statSync(snapshotPath(dir));
    const { glances, s } = glanced(dir);
    expect(glances).toEqual([{ tip: expect.any(Object), projects: s.data.projects, settings: s.data.settings, seq: 2 }]);
    expect(s.fromSnapshot).toBe(true);
    s.snapshotSource(replayOf(s));
    s.close();
    expect(statSync(snapshotPath(dir)).ino).toBe(written.ino);
    const storeId = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).storeId as string;
    writeFileSync(join(dir, 'account.journal'), journalHeadLine(storeId));
    const headOnly = glanced(dir);
    expect(headOnly.glances).toHaveLength(1);
    headOnly.s.close();
    rmSync(join(dir, 'account.journal'));
    const noJournal = glanced(dir);
    expect(noJournal.glances).toHaveLength(1);
    const reader = glanced(dir);
    expect(reader.glances).toEqual([]);
    reader.s.close();
    noJournal.s.close();
  });

  it('a folder copied elsewhere: read from its snapshot (matched by its bytes), which is written again for the copy, so that the next opening glances at it', () => {
    const copy = join(tmp(), 'copy');
    cpSync(snapshotDir(), copy, { recursive: true });
    const { glances, s } = glanced(copy);
    expect(glances).toEqual([]);
    expect(s.fromSnapshot).toBe(true);
    s.snapshotSource(replayOf(s));
    s.close();
    const again = glanced(copy);
    expect(again.glances).toHaveLength(1);
    again.s.close();
  });

  it('a holder whose folder was taken over writes no snapshot: refused at the last moment, or not tried once it knows', () => {
    for (const noticed of [false, true]) {
      const dir = goodDir();
      const { lines, log } = logged();
      const s = open(dir, { log });
      takenOver(dir);
      if (noticed) expect(commitError(s, 'c')?.error.code).toBe('read-only');
      s.snapshotSource(replayOf(s));
      expect(existsSync(snapshotPath(dir))).toBe(false);
      expect(lines.filter((l) => l.includes('snapshot'))).toEqual(noticed ? [] : [expect.stringMatching(/^the account's snapshot could not be written \(ELOCKLOST\)/)]);
      s.close();
    }
  });

  it.each([
    ['a change after it', (dir: string) => writeFileSync(join(dir, 'account.journal'), journal([3, usage('b')]))],
    ['a damaged line', (dir: string) => writeFileSync(join(dir, 'account.journal'), 'not json\n')],
    ['a torn line', (dir: string) => writeFileSync(join(dir, 'account.journal'), '{"seq":3,"op":"ev')],
    ['the head of another store file', (dir: string) => writeFileSync(join(dir, 'account.journal'), `${JSON.stringify({ store: '00000000-0000-4000-8000-000000000000' })}\n`)],
    ['more than a head’s bytes', (dir: string) => writeFileSync(join(dir, 'account.journal'), '\n'.repeat(5000))],
  ])('a journal holding %s: no glance', (_name, spoil) => {
    const dir = snapshotDir();
    spoil(dir);
    const { glances, s } = glanced(dir);
    expect(glances).toEqual([]);
    s.close();
  });

  it('a journal of its head and blank lines: glanced at up to 4,096 bytes (a head’s most), not one byte more', () => {
    const dir = snapshotDir();
    const head = journalHeadLine(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).storeId as string);
    for (const [size, seen] of [[4096, 1], [4097, 0]] as const) {
      writeFileSync(join(dir, 'account.journal'), head + '\n'.repeat(size - Buffer.byteLength(head)));
      const { glances, s } = glanced(dir);
      expect(glances).toHaveLength(seen);
      s.close();
    }
  });

  it('a replay made with another rate card is not written as the snapshot: the next opening replays the account', () => {
    const dir = goodDir();
    const dear = { ...RATE_CARD_2026_11, rates: RATE_CARD_2026_11.rates.map((r) => (r.id === 'avatar-iv' ? { ...r, credits: 40 } : r)) };
    const s = open(dir);
    s.snapshotSource((seq) => (seq === s.seq ? replayBuild(s.data.account, dear) : null));
    expect(existsSync(snapshotPath(dir))).toBe(false);
    s.close();
    const again = open(dir);
    expect(again.fromSnapshot).toBe(false);
    again.close();
  });

  it('a store file a newer app wrote, with its snapshot: shown read-only, its account read from the snapshot, nothing written', () => {
    const dir = tmp();
    const stored = { account: { format: 'credit-companion/account@1', events: [sub, usage('a')] }, projects: [], settings: {}, journalSeq: 2, storeId: 'a-newer-store', __internal__: { migrations: { version: '9.0.0' } } };
    const bytes = Buffer.from(JSON.stringify(stored));
    writeFileSync(join(dir, 'account.json'), bytes);
    const account = accountParse(stored.account);
    if (!account.ok) throw new Error(account.error.message);
    writeFileSync(snapshotPath(dir), Buffer.concat(snapshotBytes(replayBuild(account.value), { storeId: 'a-newer-store', journalSeq: 2, storeSize: bytes.length, storeCrc: crc32(bytes) }, crc32)));
    const s = open(dir);
    expect(s.readOnly).toMatch(/^This data is from a newer Credit Companion: it was written by Credit Companion 9\.0\.0/);
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.fromSnapshot).toBe(true);
    s.close();
    expect(readFileSync(join(dir, 'account.json')).equals(bytes)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['account.json', 'account.snapshot']);
  });

  it('a store file compacted since (another identity on disk): no glance, and not read from it', () => {
    const dir = snapshotDir();
    const s = open(dir);
    s.commit({ op: 'event-add', event: usage('b') });
    s.close();
    const { glances, s: again } = glanced(dir);
    expect(glances).toEqual([]);
    expect(again.fromSnapshot).toBe(false);
    again.close();
  });

  it('a disk that fills up: the snapshot is not written, said in the log; a read-only store writes none', () => {
    const dir = goodDir();
    const disk = diskDouble();
    const { lines, log } = logged();
    const s = open(dir, { fs: disk.fs, log });
    const second = open(dir);
    second.snapshotSource(replayOf(second));
    second.close();
    expect(existsSync(snapshotPath(dir))).toBe(false);
    disk.free = 0;
    s.snapshotSource(replayOf(s));
    expect(lines).toEqual(["the account's snapshot could not be written (ENOSPC); the next opening replays the account instead"]);
    expect(existsSync(snapshotPath(dir))).toBe(false);
    s.close();
  });
});

describe('backups taken, at opening and after a compaction (#22)', () => {
  const backupsOf = (dir: string) => readdirSync(join(dir, 'backups')).sort();
  const newestBackup = (dir: string) => join(dir, 'backups', backupsOf(dir).at(-1)!);

  it('a newest backup damaged in place (same size): trusted at opening without reading it, taken again at the next compaction', () => {
    const dir = goodDir();
    const before = backupsOf(dir);
    const bytes = readFileSync(newestBackup(dir));
    bytes[bytes.indexOf('"sub"') + 1] = 'x'.charCodeAt(0);
    writeFileSync(newestBackup(dir), bytes);
    const s = open(dir);
    expect(backupsOf(dir)).toEqual(before);
    expect(s.compact()).toBe(true);
    expect(backupsOf(dir)).toHaveLength(2);
    expect(readFileSync(newestBackup(dir)).equals(readFileSync(join(dir, 'account.json')))).toBe(true);
    s.close();
  });

  it('a compaction that writes the same bytes as the newest backup takes no second one; one that writes others does', () => {
    const dir = goodDir();
    const s = open(dir);
    expect(s.compact()).toBe(true);
    const taken = backupsOf(dir);
    expect(s.compact()).toBe(true);
    expect(backupsOf(dir)).toEqual(taken);
    s.commit({ op: 'event-add', event: { ...usage('b'), date: '2026-01-20' as IsoDate } });
    expect(s.compact()).toBe(true);
    expect(backupsOf(dir)).toHaveLength(taken.length + 1);
    expect(readFileSync(newestBackup(dir)).equals(readFileSync(join(dir, 'account.json')))).toBe(true);
    s.close();
  });

  it('a newest backup cut short, or of another change number: the store file is backed up again at opening', () => {
    const dir = goodDir();
    writeFileSync(newestBackup(dir), readFileSync(newestBackup(dir)).subarray(0, 20));
    open(dir).close();
    expect(backupsOf(dir)).toHaveLength(2);
    const path = join(dir, 'account.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"journalSeq":2', '"journalSeq":3'));
    open(dir).close();
    expect(backupsOf(dir)).toHaveLength(3);
    expect(readFileSync(newestBackup(dir)).equals(readFileSync(path))).toBe(true);
  });

  it('a newest backup of the app’s first version (no change number in its name), the same size: read, and the store file at change 1 backed up again at opening', () => {
    const dir = tmp();
    const s = open(dir);
    s.commit({ op: 'event-add', event: sub });
    s.close();
    expect(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).journalSeq).toBe(1);
    const bytes = readFileSync(newestBackup(dir));
    rmSync(newestBackup(dir));
    bytes[bytes.indexOf('"sub"') + 1] = 'x'.charCodeAt(0);
    writeFileSync(join(dir, 'backups', 'account-2019-05-06T07-08-09-010Z.json'), bytes);
    open(dir).close();
    expect(backupsOf(dir)).toEqual([expect.stringMatching(/^account-000000000001-/), 'account-2019-05-06T07-08-09-010Z.json']);
    expect(readFileSync(join(dir, 'backups', backupsOf(dir)[0]!)).equals(readFileSync(join(dir, 'account.json')))).toBe(true);
  });

  it('no backup: one is taken at opening by the holder, none by a reader', () => {
    const dir = goodDir();
    rmSync(join(dir, 'backups'), { recursive: true });
    const first = open(dir);
    rmSync(join(dir, 'backups'), { recursive: true });
    open(dir).close();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
    first.close();
    open(dir).close();
    expect(backupsOf(dir)).toHaveLength(1);
  });

  it('a backup that cannot be written (backups is a file) is said in the log; the data is saved', () => {
    const dir = goodDir();
    rmSync(join(dir, 'backups'), { recursive: true });
    writeFileSync(join(dir, 'backups'), 'x');
    const { lines, log } = logged();
    const s = open(dir, { log });
    s.commit({ op: 'event-add', event: usage('b') });
    expect(s.compact()).toBe(true);
    expect(lines).toEqual(['a backup could not be written (EEXIST); the data itself is saved', 'a backup could not be written (EEXIST); the data itself is saved']);
    s.close();
  });
});

describe('compaction, as it can fail (#22)', () => {
  it('a compaction that could not be written is done again at close; one that was, not', () => {
    const dir = goodDir();
    const disk = diskDouble();
    const s = open(dir, { fs: disk.fs });
    s.commit({ op: 'event-add', event: usage('b') });
    disk.free = 0;
    expect(s.compact()).toBe(false);
    disk.free = Infinity;
    s.close();
    expect(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).journalSeq).toBe(3);
    const again = open(dir, { fs: disk.fs });
    again.commit({ op: 'event-add', event: usage('c') });
    expect(again.compact()).toBe(true);
    const written = disk.ops.length;
    again.close();
    expect(disk.ops.slice(written).filter((o) => o.op !== 'unlink')).toEqual([]);
  });

  it('a journal that cannot be emptied after the store file is written: said in the log, its lines skipped at the next opening', () => {
    const dir = goodDir();
    const disk = diskDouble();
    const { lines, log } = logged();
    const s = open(dir, { fs: disk.fs, log });
    s.commit({ op: 'event-add', event: usage('b') });
    disk.failFsync = (path) => path.endsWith('account.journal');
    expect(s.compact()).toBe(true);
    expect(lines).toEqual(['the change journal could not be emptied (EIO); its lines are already saved and will be skipped']);
    disk.failFsync = false;
    s.close();
    const again = open(dir);
    expect(ids(again)).toEqual(['sub', 'a', 'b']);
    again.close();
  });

  it('changes left in the journal by a process that ended without closing: compacted into the store file at the next opening', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.journal'), journal([3, usage('b')]));
    open(dir).close();
    expect(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).journalSeq).toBe(3);
    const disk = diskDouble();
    writeFileSync(join(dir, 'account.journal'), journal([4, usage('c')]));
    const s = open(dir, { fs: disk.fs });
    expect(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).journalSeq).toBe(4);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe('');
    s.close();
  });

  it('a reader compacts nothing', () => {
    const dir = goodDir();
    const first = open(dir);
    const before = readFileSync(join(dir, 'account.json'));
    const second = open(dir);
    expect(second.compact()).toBe(false);
    second.close();
    first.close();
    expect(readFileSync(join(dir, 'account.json')).equals(before)).toBe(true);
  });

  it('a store file of the format before the store id, with no journal: given its id at opening; never read from a snapshot', () => {
    const dir = goodDir();
    const path = join(dir, 'account.json');
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    delete stored.storeId;
    writeFileSync(path, JSON.stringify(stored));
    rmSync(join(dir, 'account.journal'));
    const s = open(dir);
    expect(s.fromSnapshot).toBe(false);
    s.close();
    expect(JSON.parse(readFileSync(path, 'utf8')).storeId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('keeping a file aside, as it can fail (#22)', () => {
  it('a compaction refused once the folder was taken over: the store file left as it is, and the log says why', () => {
    const dir = goodDir();
    const { lines, log } = logged();
    const s = open(dir, { log });
    s.commit({ op: 'event-add', event: usage('b') });
    const before = readFileSync(join(dir, 'account.json'));
    takenOver(dir);
    expect(s.compact()).toBe(false);
    expect(lines).toEqual([`the account could not be rewritten (Credit Companion lost its hold on ${dir} (another process took it over), so that another process could not overwrite its changes; nothing more is saved from this window. Quit and open it again.); every change is still in ${join(dir, 'account.journal')}`]);
    expect(readFileSync(join(dir, 'account.json')).equals(before)).toBe(true);
    s.close();
  });

  it('a reader keeps no copy aside of a journal with a damaged line: the holder does', () => {
    const dir = goodDir();
    const first = open(dir);
    writeFileSync(join(dir, 'account.journal'), `${journal([3, usage('b')])}not json\n`);
    const second = open(dir);
    expect(ids(second)).toEqual(['sub', 'a', 'b']);
    second.close();
    expect(named(dir, /corrupt/)).toEqual([]);
    first.close();
  });

  it('a damaged store file on a full disk: the copy that could not be kept is said in the log', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.json'), 'garbage');
    const { lines, log } = logged();
    open(dir, { fs: diskDouble(0).fs, log }).close();
    expect(lines).toContain(`${join(dir, 'account.json')} could not be kept aside (ENOSPC)`);
  });

  it('a journal with a damaged line whose copy cannot be written (its fsync fails): compacted, and the journal left as it is until a copy can be kept', () => {
    const dir = goodDir();
    const text = `${journal([3, usage('b')])}not json\n`;
    writeFileSync(join(dir, 'account.journal'), text);
    const disk = diskDouble();
    disk.failFsync = (path) => path.includes('.corrupt');
    const s = open(dir, { fs: disk.fs });
    expect(ids(s)).toEqual(['sub', 'a', 'b']);
    expect(s.readOnly).toBeNull();
    expect(s.notices).toEqual([expect.stringMatching(/the journal is left as it is\.$/)]);
    s.close();
    expect(JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')).journalSeq).toBe(3);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe(text);
    const roomy = open(dir);
    expect(roomy.notices).toEqual([s.notices[0], expect.stringMatching(/the journal is kept as .*\.corrupt\.$/)]);
    roomy.close();
  });

  it('a journal that does not follow the store file, on a full disk: no copy can be kept, so it is shown read-only', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.journal'), journal([7, usage('b')]));
    const s = open(dir, { fs: diskDouble(0).fs });
    expect(ids(s)).toEqual(['sub', 'a']);
    expect(s.readOnly).toMatch(/read-only/);
    s.close();
    const other = goodDir();
    writeFileSync(join(other, 'account.journal'), `${journal([3, usage('b')])}not json\n`);
    const corrupt = open(other, { fs: diskDouble(0).fs });
    expect(corrupt.readOnly).toBeNull();
    corrupt.close();
  });
});

describe('committing and opening read-only, as they can fail (#22)', () => {
  it('a change the disk refuses is logged; a change that cannot be written at all (a bug, not the disk) is thrown as it is', () => {
    const dir = goodDir();
    const disk = diskDouble();
    const { lines, log } = logged();
    const s = open(dir, { fs: disk.fs, log });
    disk.free = 0;
    expect(commitError(s, 'b')?.error.code).toBe('storage');
    expect(lines).toEqual(['a change was not saved: Error: ENOSPC: (test double)']);
    disk.free = Infinity;
    expect(() => s.commit({ op: 'event-add', event: { ...usage('c'), minutes: 1n } } as unknown as Parameters<Store['commit']>[0])).toThrow(TypeError);
    s.close();
  });

  it('a folder that cannot be written: a damaged store file’s backup is shown, not saved, and said so; a missing one is not restored', () => {
    const dir = goodDir();
    writeFileSync(join(dir, 'account.json'), 'garbage');
    const disk = diskDouble();
    disk.readOnly = true;
    const damaged = open(dir, { fs: disk.fs });
    expect(ids(damaged)).toEqual(['sub', 'a']);
    expect(damaged.notices).toEqual([expect.stringMatching(/was restored \(shown, not saved\); anything saved after that is not in it\.$/)]);
    damaged.close();
    rmSync(join(dir, 'account.json'));
    const missing = open(dir, { fs: disk.fs });
    expect(ids(missing)).toEqual([]);
    missing.close();
  });

  it('a folder taken over while open is read-only from the lock’s next refresh, which finds it lost: said then in the log, and a change refused saying why', async () => {
    const dir = goodDir();
    const { lines, log } = logged();
    const s = open(dir, { log });
    takenOver(dir);
    const lost = `Credit Companion lost its hold on ${dir} (Unable to update lock within the stale threshold), so that another process could not overwrite its changes; nothing more is saved from this window. Quit and open it again.`;
    await vi.waitFor(() => expect(lines).toEqual([lost]), { timeout: 10_000, interval: 50 });
    expect(s.readOnly).toBe(lost);
    expect(commitError(s, 'b')?.error.message).toBe(`Not saved. ${lost}`);
    s.close();
    expect(readFileSync(join(dir, 'account.lock.json'), 'utf8')).toMatch(/"token":"another process"/);
  }, 20_000);
});
