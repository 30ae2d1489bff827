/**
 * The journal's writer on its own, in this process, over a double of the disk that records what reached it: the
 * head line, each change's line or the line it repeats, the bytes and changes it counts, when it asks for a
 * compaction, and a line cut short by a failure cut off before the next.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountEvent } from '../shared/formats/account.ts';
import { JOURNAL_BOUND_MIN } from '../shared/folder.ts';
import { journalHeadLine, journalLine, journalLinesOf, journalRead, type Op } from '../shared/store.ts';
import { diskDouble, type Disk } from '../test/fixtures/disk.ts';
import { COMPACT_BYTES_A_CHANGE, journalWriter, type JournalWriter } from './journal.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function writer(disk: Disk, options: { compactEvery?: number; compact?: () => void; storeSize?: number } = {}): { w: JournalWriter; path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cc-journal-'));
  dirs.push(dir);
  const path = join(dir, 'account.journal');
  const w = journalWriter({ fs: disk.fs, dir, path, storeId: 'store-1', size: 0, torn: false, pending: 0, storeSize: options.storeSize ?? 100, compactEvery: options.compactEvery ?? 1000, compact: options.compact ?? (() => {}) });
  return { w, path, dir };
}

const usage = (id: string): AccountEvent => ({ date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 1, id }) as AccountEvent;
const add = (id: string): Op => ({ op: 'event-add', event: usage(id) });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the journal’s writer', () => {
  it('heads a new journal with its store’s id, fsyncs the folder that now holds it, and counts bytes and changes', () => {
    const disk = diskDouble();
    const { w, path, dir } = writer(disk);
    w.append(7, add('a'));
    w.append(8, add('b'));
    expect(lines(path)).toEqual([{ store: 'store-1' }, { seq: 7, ...add('a') }, { seq: 8, ...add('b') }]);
    expect([w.size, w.pending]).toEqual([readFileSync(path).length, 2]);
    // The folder once, when the journal was made; the journal after each line.
    expect(disk.ops.filter((o) => o.op === 'fsync')).toEqual([
      { op: 'fsync', path: dir, folder: true },
      { op: 'fsync', path, folder: false },
      { op: 'fsync', path, folder: false },
    ]);
    w.close();
    // A journal that was there already: the folder holds it, nothing more to make durable there.
    const again = journalWriter({ fs: disk.fs, dir, path, storeId: 'store-1', size: w.size, torn: false, pending: 2, storeSize: 100, compactEvery: 1000, compact: () => {} });
    again.append(9, add('c'));
    expect(disk.ops.filter((o) => o.op === 'fsync' && o.folder)).toHaveLength(1);
    expect(lines(path).at(-1)).toEqual({ seq: 9, ...add('c') });
    again.close();
  });

  it('writes a change made again as the line that holds it, until the journal is emptied', () => {
    const { w, path } = writer(diskDouble());
    const imported: Op = { op: 'events-add', events: [usage('a'), usage('b')] };
    const undone: Op = { op: 'events-delete', ids: ['a', 'b'] };
    w.append(1, imported);
    w.append(2, undone);
    w.append(3, imported);
    w.append(4, undone);
    expect(lines(path)).toEqual([{ store: 'store-1' }, { seq: 1, ...imported }, { seq: 2, ...undone }, { seq: 3, again: 1 }, { seq: 4, again: 2 }]);
    w.empty();
    w.append(5, imported);
    expect(lines(path)).toEqual([{ store: 'store-1' }, { seq: 5, ...imported }]);
    expect(w.size).toBe(readFileSync(path).length);
    w.close();
  });

  it('asks for a compaction soon after every so many changes, once, and from the changes still pending after one', async () => {
    let compactions = 0;
    const { w } = writer(diskDouble(), { compactEvery: 3, compact: () => compactions++ });
    w.append(1, add('a'));
    w.append(2, add('b'));
    await tick();
    expect(compactions).toBe(0);
    w.append(3, add('c'));
    w.append(4, add('d'));
    expect(compactions).toBe(0);
    await tick();
    expect(compactions).toBe(1);
    // The store file could not be rewritten: the 4 changes stay pending, the next compaction is 3 changes on.
    w.compacted(false, 100);
    expect(w.pending).toBe(4);
    w.append(5, add('e'));
    w.append(6, add('f'));
    await tick();
    expect(compactions).toBe(1);
    w.append(7, add('g'));
    await tick();
    expect(compactions).toBe(2);
    w.compacted(true, 100);
    expect(w.pending).toBe(0);
    w.append(8, add('h'));
    await tick();
    expect(compactions).toBe(2);
    w.close();
  });

  it('asks for a compaction of a large store file less often: one change for each 10 KB of the file (a million events: 100 MB, every 10,000 changes), never sooner than every so many', async () => {
    let compactions = 0;
    const { w } = writer(diskDouble(), { compactEvery: 3, storeSize: 5 * COMPACT_BYTES_A_CHANGE - 1, compact: () => compactions++ });
    for (let seq = 1; seq <= 4; seq++) w.append(seq, add(`a${seq}`));
    await tick();
    expect(compactions).toBe(0);
    w.append(5, add('a5'));
    await tick();
    expect(compactions).toBe(1);
    // Rewritten smaller: due every 3 changes again.
    w.compacted(true, 100);
    for (let seq = 6; seq <= 8; seq++) w.append(seq, add(`b${seq}`));
    await tick();
    expect(compactions).toBe(2);
    w.close();
  });

  it.each([
    ['16 MB', 100, JOURNAL_BOUND_MIN],
    ['the store file’s size, when larger', JOURNAL_BOUND_MIN + (2 << 20), JOURNAL_BOUND_MIN + (2 << 20)],
  ])('is due once it holds more bytes than its bound: %s', (_, storeSize, bound) => {
    const { w } = writer(diskDouble(), { storeSize });
    // Lines of a megabyte, each a change of its own (no journal line is read back here).
    const big: Op = { op: 'event-add', event: { ...usage('x'), project: 'p'.repeat(1 << 20) } as AccountEvent };
    let before = 0;
    while (!w.due) {
      before = w.size;
      w.append(w.pending + 1, { ...big });
    }
    expect(before).toBeLessThanOrEqual(bound);
    expect(w.size).toBeGreaterThan(bound);
    // Compacted without the store file rewritten: the bound counts on from what the journal holds now.
    w.compacted(false, storeSize);
    expect(w.due).toBe(false);
    w.close();
  });

  it('cuts a line that failed halfway off again, or, when even that fails, before the next line', () => {
    const disk = diskDouble();
    const { w, path } = writer(disk);
    w.append(1, add('a'));
    const whole = readFileSync(path, 'utf8');
    disk.free = 10;
    expect(() => w.append(2, add('b'))).toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe(whole);
    // Now the cut fails too (the disk turned read-only): the torn bytes stay until the next append cuts them.
    disk.free = 10;
    const write = disk.fs.writeSync;
    disk.fs.writeSync = ((...args: Parameters<typeof write>) => {
      const n = write(...args);
      disk.readOnly = true;
      return n;
    }) as typeof write;
    expect(() => w.append(2, add('b'))).toThrow();
    expect(readFileSync(path, 'utf8').length).toBeGreaterThan(whole.length);
    disk.fs.writeSync = write;
    disk.readOnly = false;
    disk.free = Infinity;
    w.append(2, add('c'));
    expect(lines(path)).toEqual([{ store: 'store-1' }, { seq: 1, ...add('a') }, { seq: 2, ...add('c') }]);
    // Cut once, then written on.
    const cuts = disk.ops.filter((o) => o.op === 'truncate').length;
    w.append(3, add('d'));
    expect(disk.ops.filter((o) => o.op === 'truncate')).toHaveLength(cuts);
    expect([w.size, w.pending]).toEqual([readFileSync(path).length, 3]);
    w.close();
  });

  it('a journal it did not begin (one of the format before its head) gets whole changes, never a line that repeats another: its reader resolves those only after a head', () => {
    const disk = diskDouble();
    const dir = mkdtempSync(join(tmpdir(), 'cc-journal-'));
    dirs.push(dir);
    const path = join(dir, 'account.journal');
    const earlier = `${JSON.stringify({ seq: 1, ...add('a') })}\n`;
    writeFileSync(path, earlier);
    const w = journalWriter({ fs: disk.fs, dir, path, storeId: 'store-1', size: earlier.length, torn: false, pending: 1, storeSize: 100, compactEvery: 1000, compact: () => {} });
    const imported: Op = { op: 'events-add', events: [usage('b')] };
    w.append(2, imported);
    w.append(3, imported);
    expect(lines(path)).toEqual([{ seq: 1, ...add('a') }, { seq: 2, ...imported }, { seq: 3, ...imported }]);
    expect(journalRead(journalLinesOf(readFileSync(path, 'utf8')), 0)).toMatchObject({ changes: 3, damagedCount: 0 });
    w.close();
  });

  it('is not due at exactly its bound, only past it', () => {
    const { w } = writer(diskDouble());
    const padded = (n: number): Op => ({ op: 'event-add', event: { ...usage('x'), project: 'p'.repeat(n) } as AccountEvent });
    const bare = journalHeadLine('store-1').length + journalLine(1, padded(0)).length;
    w.append(1, padded(JOURNAL_BOUND_MIN - bare));
    expect(w.size).toBe(JOURNAL_BOUND_MIN);
    expect(w.due).toBe(false);
    w.append(2, add('y'));
    expect(w.due).toBe(true);
    w.close();
  });

  it('closed, leaves no descriptor open; opened again by the next append', () => {
    const disk = diskDouble();
    const { w, path } = writer(disk);
    w.append(1, add('a'));
    expect(disk.open()).toEqual([path]);
    w.close();
    expect(disk.open()).toEqual([]);
    w.append(2, add('b'));
    expect(disk.open()).toEqual([path]);
    w.close();
    expect(disk.open()).toEqual([]);
    expect(lines(path)).toEqual([{ store: 'store-1' }, { seq: 1, ...add('a') }, { seq: 2, ...add('b') }]);
  });

  it('a compaction asked for but done meanwhile (compacted) is not run again', async () => {
    let compactions = 0;
    const { w } = writer(diskDouble(), { compactEvery: 2, compact: () => compactions++ });
    w.append(1, add('a'));
    w.append(2, add('b'));
    w.compacted(true, 100);
    await tick();
    expect(compactions).toBe(0);
    w.close();
  });
});
