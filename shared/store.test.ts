/** A list's change as a patch (what a whole-data change journals and undoes by): exact both ways, whatever the lists. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './api.ts';
import { replayBuild } from './engine/incremental.ts';
import { accountEmpty, type Account, type AccountEvent } from './formats/account.ts';
import type { IsoDate } from './units.ts';
import { accountViewOf } from './view.ts';
import { applyOp, checkedReplay, dataApplied, dataCheck, journalApply, journalWith, storedRead, type ByteRead, type JournalFile, type JournalLines, journalHeadLine, journalLine, journalLineLengthAbout, journalLines, journalLinesOf, journalRead, listDiff, listPatched, listPatchFits, listPatchInverse, opSchema, sameValue, storedEmpty, storedPieces, storedText, type Data, type Stored, type JournalEntry, type Op } from './store.ts';

type Item = { readonly id?: string; readonly n: number };
const key = (item: Item) => item.id ?? item;
const item = fc.record({ id: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { nil: undefined }), n: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: ['n'] });
/** Lists whose ids are unique, as an account's events are. */
const list = fc.uniqueArray(item, { maxLength: 8, selector: (i) => i.id ?? Symbol('no id') });

describe('list patches', () => {
  it('patching the list before gives the list after, and the inverse patch gives the list before again', () => {
    fc.assert(
      fc.property(list, list, (before, after) => {
        const patch = listDiff(before, after, key);
        expect(listPatchFits(before.length, patch)).toBe(true);
        expect(listPatched(before, patch)).toEqual(after);
        expect(listPatched(after, listPatchInverse(before, patch))).toEqual(before);
      }),
    );
  });

  it.each<[string, Item[], Item[], { remove: number[]; at: number[] }]>([
    ['nothing changed', [{ id: 'a', n: 1 }], [{ id: 'a', n: 1 }], { remove: [], at: [] }],
    ['one added at the end', [{ id: 'a', n: 1 }], [{ id: 'a', n: 1 }, { id: 'b', n: 1 }], { remove: [], at: [1] }],
    ['one changed in place', [{ id: 'a', n: 1 }, { id: 'b', n: 1 }], [{ id: 'a', n: 2 }, { id: 'b', n: 1 }], { remove: [0], at: [0] }],
    ['everything taken out', [{ id: 'a', n: 1 }, { n: 0 }], [], { remove: [0, 1], at: [] }],
  ])('holds only what changed: %s', (_, before, after, expected) => {
    expect(listDiff(before, after, key)).toMatchObject(expected);
  });

  it('the same item whatever the order of its keys; a patch for a longer list does not fit', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(listPatchFits(1, { remove: [1], add: [], at: [] })).toBe(false);
    expect(listPatchFits(2, { remove: [1, 0], add: [], at: [] })).toBe(false);
    expect(listPatchFits(1, { remove: [], add: [{}], at: [2] })).toBe(false);
  });
});

describe('the journal read one line at a time', () => {
  const usage = (id: string) => ({ type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes: 1, id });
  const add = (seq: number, id: string) => journalLine(seq, { op: 'event-add', event: usage(id) as never });
  const seqs = (text: string, afterSeq = 0) => {
    const seen: number[] = [];
    const read = journalRead(journalLinesOf(text), afterSeq, (entry) => seen.push(entry.seq));
    return { seen, read };
  };

  it('reads lines that cross the reader’s chunks (1 MiB), bytes of any kind, and stops at the last whole line', () => {
    const big = `${'é'.repeat(700_000)}`;
    const text = `${add(1, big)}${add(2, 'b')}{"seq":3,"op":"event-a`;
    const journal = journalLinesOf(text);
    const lines = [...journal.lines()];
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] as string).event.id).toBe(big);
    expect(journal).toMatchObject({ complete: new TextEncoder().encode(text).length - '{"seq":3,"op":"event-a'.length, torn: true });
  });

  it('a line too long to be one string is damaged, never read as one (its bytes counted, not kept)', () => {
    const text = `${add(1, 'a')}${'x'.repeat(5000)}\n${add(2, 'b')}`;
    const bytes = new TextEncoder().encode(text);
    const journal = journalLines(bytes.length, (into, position) => {
      const n = Math.min(into.length, bytes.length - position);
      into.set(bytes.subarray(position, position + n));
      return n;
    }, 1000);
    expect([...journal.lines()][1]).toEqual({ tooLarge: 5000 });
    expect(journalRead(journal, 0)).toMatchObject({ changes: 2, damaged: [2], damagedCount: 1, lastSeq: 2 });
  });

  it('a change made again is read as the op of the line it names; naming a line that is not there, it is damaged', () => {
    const text = journalHeadLine('store-1') + add(1, 'a') + journalLine(2, { op: 'event-delete', id: 'a' }) + journalLine(3, { again: 1 }) + journalLine(4, { again: 9 });
    const entries: JournalEntry[] = [];
    const read = journalRead(journalLinesOf(text), 0, (entry) => entries.push(entry));
    expect(read).toMatchObject({ store: 'store-1', changes: 3, lastSeq: 3, damaged: [5] });
    expect(entries[2]).toEqual({ seq: 3, op: 'event-add', event: usage('a') });
  });

  it('its head is only ever its first line; a journal of an earlier version has none', () => {
    expect(seqs(add(1, 'a')).read.store).toBeNull();
    expect(seqs(add(1, 'a') + journalHeadLine('s')).read).toMatchObject({ store: null, damaged: [2] });
    expect(seqs(journalHeadLine('s') + add(1, 'a') + add(2, 'b'), 1).seen).toEqual([2]);
  });
});

describe('a journal applied to a store file whose replay is known', () => {
  /** An account past its first checkpoints: a subscription, then usages a day apart. */
  function account(usages: number): Account {
    const events: AccountEvent[] = [{ id: 'e0', date: '2026-01-01' as IsoDate, type: 'subscribe', plan: 'enterprise', credits: 1_000_000, price: 5000 }];
    for (let i = 1; i <= usages; i++) events.push({ id: `e${i}`, date: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 30))).toISOString().slice(0, 10) as IsoDate, type: 'usage', feature: 'avatar-iv', minutes: 1 + (i % 3) });
    return { ...accountEmpty(), events };
  }

  it('brings that replay on from the first change instead of replaying every event, and it is the full replay of the account changed', () => {
    const checked = dataCheck({ account: account(5000), projects: [], settings: DEFAULT_SETTINGS });
    if (!checked.ok) throw new Error(checked.reason);
    const base = checked.data;
    const known = checkedReplay(base.account)!;
    const late: AccountEvent = { id: 'late', date: '2026-06-01' as IsoDate, type: 'usage', feature: 'avatar-iii', minutes: 2 };
    const edited: AccountEvent = { ...base.account.events[4500]!, minutes: 3 } as AccountEvent;
    const journal = journalLinesOf(journalHeadLine('s') + journalLine(1, { op: 'event-add', event: late }) + journalLine(2, { op: 'event-replace', id: edited.id!, event: edited }));
    let asked = 0;
    const applied = journalApply(base, journal, 0, () => ++asked > 0);
    expect(applied.applied).toBe(2);
    // Whether the changes belong is asked once, and both are applied.
    expect(asked).toBe(1);
    expect(applied.data.account.events.find((e) => e.id === 'late')).toEqual(late);
    expect(applied.data.account.events[4500]).toEqual(edited);
    const replay = checkedReplay(applied.data.account)!;
    // The checkpoints before the first change are the known replay's own: nothing before it was replayed again.
    expect(replay.checkpoints.length).toBeGreaterThan(1);
    expect(replay.checkpoints[1]).toBe(known.checkpoints[1]);
    const full = replayBuild(applied.data.account);
    expect(JSON.stringify(accountViewOf(replay, '2026-06-30' as IsoDate))).toBe(JSON.stringify(accountViewOf(full, '2026-06-30' as IsoDate)));
    expect([...replay.usageCosts]).toEqual([...full.usageCosts]);
  });
});

describe('what a store file or its data is refused for (#22)', () => {
  const account = accountEmpty();
  const project = { format: 'credit-companion/project@1', id: 'p1', name: 'Launch', date: '2026-04-02', lines: [{ feature: 'avatar-iv', minutes: 5 }] };
  const refused = (data: { account: unknown; projects: unknown; settings: unknown }) => {
    const checked = dataCheck(data);
    return checked.ok ? null : checked.reason;
  };

  it('a project or the settings not valid: named, the project by its place', () => {
    expect(refused({ account, projects: [project, { ...project, lines: 'x' }], settings: DEFAULT_SETTINGS })).toMatch(/^projects\[1\] is not valid: ./);
    expect(refused({ account, projects: [project], settings: { ...DEFAULT_SETTINGS, theme: 'blue' } })).toBe('its settings are not valid (theme: must be system, light or dark)');
    expect(refused({ account, projects: [project], settings: null })).toBe('its settings are not valid (Invalid input: expected object, received null)');
  });

  it('a journalSeq below 0, or a storeId that is empty: refused, saying which', () => {
    expect(storedRead(JSON.stringify({ account, journalSeq: -1 }), '0.1.0')).toMatchObject({ ok: false, reason: 'its journalSeq is not a whole number' });
    expect(storedRead(JSON.stringify({ account, storeId: '' }), '0.1.0')).toMatchObject({ ok: false, reason: 'its storeId is not a name' });
  });

  it('an unknown top-level key: named by its first 40 characters', () => {
    expect(storedRead(JSON.stringify({ account, [`k${'x'.repeat(50)}`]: 1 }), '0.1.0')).toMatchObject({ ok: false, reason: `it has an unknown top-level key "k${'x'.repeat(39)}"` });
  });

  it('a file that holds null or a number: said what it holds', () => {
    expect(storedRead('null', '0.1.0')).toMatchObject({ ok: false, reason: 'it holds null, not the account with its projects and settings' });
    expect(storedRead('42', '0.1.0')).toMatchObject({ ok: false, reason: 'it holds a number, not the account with its projects and settings' });
  });

  it.each([
    ['credit-companion/account@10', true],
    ['credit-companion/account@2-beta', false],
    ['old-credit-companion/account@2', false],
  ])('an account of format %s is of a newer app: %s', (format, future) => {
    expect(storedRead(JSON.stringify({ account: { format, events: [] }, projects: [], settings: DEFAULT_SETTINGS }), '0.1.0')).toMatchObject({ ok: false, future });
  });
});

describe('the journal read a chunk at a time, in short reads (#22)', () => {
  const MiB = 1 << 20;
  /** A file's bytes as a disk reads them: at most `most` bytes a call, none past the end. */
  const reader = (file: { bytes: Uint8Array }, most = 4000): ByteRead => (into, position) => {
    const n = Math.max(0, Math.min(into.length, most, file.bytes.length - position));
    into.set(file.bytes.subarray(position, position + n));
    return n;
  };
  const bytesOf = (text: string) => new TextEncoder().encode(text);
  /** Each line's first character and length, or its size when too long to read. */
  const shape = (journal: JournalLines) => [...journal.lines()].map((l) => (typeof l === 'string' ? `${l[0] ?? ''}${l.length}` : l));

  it('lines across the 1 MiB chunks, one whose newline is a chunk’s first byte, and a torn tail longer than a chunk', () => {
    const text = `${'a'.repeat(MiB)}\n${'b'.repeat(10)}\n${'c'.repeat(MiB + 5)}\n${'d'.repeat(MiB + 3)}`;
    const file = { bytes: bytesOf(text) };
    const journal = journalLines(file.bytes.length, reader(file));
    expect(journal).toMatchObject({ complete: 2 * MiB + 18, torn: true });
    expect(shape(journal)).toEqual([`a${MiB}`, 'b10', `c${MiB + 5}`]);
  });

  it('a torn tail of just under a chunk after a newline that is the last chunk’s first byte', () => {
    const file = { bytes: bytesOf(`${'a'.repeat(10)}\n${'d'.repeat(MiB - 1)}`) };
    expect(journalLines(file.bytes.length, reader(file))).toMatchObject({ complete: 11, torn: true });
  });

  it('a line of exactly the longest read as text; one byte more, by its size', () => {
    expect([...journalLinesOf('abc\nabcd\n', 3).lines()]).toEqual(['abc', { tooLarge: 4 }]);
  });

  it('a file that grows after it was measured is read as measured; one cut short under the read, as far as it goes', () => {
    const one = 'o'.repeat(MiB);
    const file = { bytes: bytesOf(`${one}\ntwo\n`) };
    const journal = journalLines(file.bytes.length, reader(file));
    file.bytes = bytesOf(`${one}\ntwo\nthree\n`);
    expect(shape(journal)).toEqual([`o${MiB}`, 't3']);
    file.bytes = bytesOf(`${one}\ntw`);
    expect(shape(journal)).toEqual([`o${MiB}`]);
  });

  it('an empty line is no damage', () => {
    const line = (seq: number) => `${JSON.stringify({ seq, op: 'event-add', event: { type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes: 1, id: `u${seq}` } })}\n`;
    expect(journalRead(journalLinesOf(`${line(1)}\n${line(2)}`), 0)).toMatchObject({ changes: 2, damagedCount: 0 });
  });

  it('journalWith: no file (or a folder where a system says so) is none; another error is thrown; the file is closed after use', () => {
    const closed: number[] = [];
    const failing = (code: string): JournalFile => ({
      openSync: () => {
        throw Object.assign(new Error(code), { code });
      },
      fstatSync: () => ({ size: 0, isFile: () => true }),
      readSync: () => 0,
      closeSync: (fd) => closed.push(fd),
    });
    expect(journalWith(failing('ENOENT'), 'j', (j) => j)).toBeNull();
    expect(journalWith(failing('EISDIR'), 'j', (j) => j)).toBeNull();
    expect(() => journalWith(failing('EIO'), 'j', (j) => j)).toThrow('EIO');
    const one: JournalFile = { ...failing(''), openSync: () => 7 };
    expect(journalWith(one, 'j', (j) => j?.complete)).toBe(0);
    expect(closed).toEqual([7]);
  });
});

describe('applyOp: each change as the journal replays it (#22)', () => {
  const ev = (id: string) => ({ type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes: 1, id }) as unknown as AccountEvent;
  const dataOf = (...idList: string[]): Data => ({ account: { ...accountEmpty(), events: idList.map(ev) }, projects: [], settings: DEFAULT_SETTINGS });
  const after = (data: Data, ...ops: Op[]) => {
    for (const op of ops) applyOp(data, op);
    return data.account.events.map((e) => e.id);
  };

  it('event-add at an index, at the end, or past it; event-replace and event-delete by id, the first event too, nothing for an id not there', () => {
    expect(after(dataOf('a', 'b'), { op: 'event-add', event: ev('x'), index: 0 }, { op: 'event-add', event: ev('y'), index: 3 }, { op: 'event-add', event: ev('z'), index: 9 }, { op: 'event-add', event: ev('w') })).toEqual(['x', 'a', 'b', 'y', 'z', 'w']);
    const data = dataOf('a', 'b');
    const replaced = { ...ev('a'), minutes: 5 } as unknown as AccountEvent;
    applyOp(data, { op: 'event-replace', id: 'a', event: replaced });
    applyOp(data, { op: 'event-replace', id: 'gone', event: ev('q') });
    expect(data.account.events).toEqual([replaced, ev('b')]);
    expect(after(dataOf('a', 'b', 'c'), { op: 'event-delete', id: 'a' }, { op: 'event-delete', id: 'gone' })).toEqual(['b', 'c']);
  });

  it('events-add at their indexes, at the end or past it; events-delete by ids, keeping the rest', () => {
    expect(after(dataOf('a', 'b'), { op: 'events-add', events: [ev('x'), ev('y'), ev('z')], at: [0, 3, 9] }, { op: 'events-add', events: [ev('w')] })).toEqual(['x', 'a', 'b', 'y', 'z', 'w']);
    expect(after(dataOf('a', 'b', 'c'), { op: 'events-delete', ids: ['a', 'c'] })).toEqual(['b']);
  });

  it('patch: the events, the account’s other fields, the projects and settings as they become; one that does not fit changes nothing', () => {
    const data = dataOf('a', 'b');
    const root = { ...accountEmpty(), events: undefined } as unknown as Omit<Account, 'events'>;
    delete (root as Record<string, unknown>).events;
    const project = { format: 'credit-companion/project@1', id: 'p1', name: 'Launch', date: '2026-04-02', lines: [] };
    const settings = { ...DEFAULT_SETTINGS, theme: 'dark' as const };
    applyOp(data, { op: 'patch', events: { remove: [0], add: [ev('x')], at: [1] }, projects: { remove: [], add: [project], at: [0] }, settings } as unknown as Op);
    expect(data.account.events.map((e) => e.id)).toEqual(['b', 'x']);
    expect(data.projects).toEqual([project]);
    expect(data.settings).toEqual(settings);
    applyOp(data, { op: 'patch', events: { remove: [5], add: [], at: [] } } as unknown as Op);
    applyOp(data, { op: 'patch', projects: { remove: [3], add: [], at: [] } } as unknown as Op);
    expect(data.account.events.map((e) => e.id)).toEqual(['b', 'x']);
    expect(data.projects).toEqual([project]);
    const kept = data.account;
    applyOp(data, { op: 'patch', settings: DEFAULT_SETTINGS });
    expect(data.account).toBe(kept);
    applyOp(data, { op: 'patch', root } as unknown as Op);
    expect(data.account.events.map((e) => e.id)).toEqual(['b', 'x']);
    expect(data.account).not.toBe(kept);
  });
});

describe('a change too long for the journal, told without writing it out (#19)', () => {
  const ev = (i: number) => ({ type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes: 1 + (i % 7), id: `u${i}`, ...(i % 3 === 0 ? { project: `project ${i}` } : {}) }) as unknown as AccountEvent;
  const events = (n: number) => Array.from({ length: n }, (_, i) => ev(i));

  it('a change with no long list: its line’s length exactly', () => {
    const ops: Op[] = [
      { op: 'event-add', event: ev(1), index: 3 },
      { op: 'event-delete', id: 'u1' },
      { op: 'events-add', events: events(64) },
      { op: 'events-delete', ids: ['a', 'b'] },
      { op: 'patch', events: { remove: [0, 4], add: events(3), at: [1, 2, 5] }, settings: DEFAULT_SETTINGS },
    ];
    for (const op of ops) expect(journalLineLengthAbout(12, op)).toBe(journalLine(12, op).length);
  });

  it('a long list measured on a sample: within 2% of its line’s length', () => {
    const added = events(100_000);
    const ops: Op[] = [
      { op: 'events-add', events: added },
      { op: 'events-delete', ids: added.map((e) => e.id!) },
      { op: 'patch', events: { remove: added.map((_, i) => i), add: added, at: added.map((_, i) => i) } },
    ];
    for (const op of ops) {
      const length = journalLine(7, op).length;
      expect(Math.abs(journalLineLengthAbout(7, op) - length) / length).toBeLessThan(0.02);
    }
  });

  it('dataApplied: the data after a change, the data before left as it was', () => {
    const data: Data = { account: { ...accountEmpty(), events: events(2) }, projects: [], settings: DEFAULT_SETTINGS };
    const next = dataApplied(data, { op: 'events-add', events: [ev(5)] });
    expect(next.account.events.map((e) => e.id)).toEqual(['u0', 'u1', 'u5']);
    expect(data.account.events.map((e) => e.id)).toEqual(['u0', 'u1']);
  });
});

describe('list patches and values, by example (#22)', () => {
  it('listPatched keeps what is not taken out, in order', () => {
    expect(listPatched(['a', 'b', 'c', 'd'], { remove: [1], add: ['x'], at: [3] })).toEqual(['a', 'c', 'd', 'x']);
  });

  it('listPatchFits: what it puts in must land within the list as it becomes; what it takes out, once each', () => {
    expect(listPatchFits(2, { remove: [0, 1], add: ['x'], at: [1] })).toBe(false);
    expect(listPatchFits(2, { remove: [0, 1], add: ['x'], at: [0] })).toBe(true);
    expect(listPatchFits(3, { remove: [1, 1], add: [], at: [] })).toBe(false);
  });

  it('sameValue: a key holding undefined is no key; values that differ differ, a key more too', () => {
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  it('listDiff: an item that comes twice after is kept once and put in once more', () => {
    const before = [{ id: 'x' }, { id: 'y' }];
    const after = [{ id: 'x' }, { id: 'x' }, { id: 'y' }];
    const patch = listDiff(before, after, (item) => item.id);
    expect(listPatched(before, patch)).toEqual(after);
  });

  it('a patch that puts in more items than it names places for does not fit, nor is it read from a journal', () => {
    expect(listPatchFits(2, { remove: [], add: ['x'], at: [] })).toBe(false);
    expect(opSchema.safeParse({ op: 'patch', events: { remove: [], add: [{}], at: [] } }).error?.issues[0]?.message).toBe('add and at must be as long');
    expect(opSchema.safeParse({ op: 'patch', events: { remove: [], add: [{}], at: [0] } }).success).toBe(true);
  });

  it('a line that repeats another is read only after a head: in a journal of the format before it, it is damaged', () => {
    const line = `${JSON.stringify({ seq: 1, op: 'event-add', event: { type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes: 1, id: 'u' } })}\n`;
    expect(journalRead(journalLinesOf(`${line}${JSON.stringify({ seq: 2, again: 1 })}\n`), 0)).toMatchObject({ changes: 1, damagedCount: 1 });
    expect(journalRead(journalLinesOf(`${journalHeadLine('s')}${line}${JSON.stringify({ seq: 2, again: 1 })}\n`), 0)).toMatchObject({ changes: 2, damagedCount: 0 });
  });
});

describe('the store file written in pieces (#19)', () => {
  const usage = (i: number): AccountEvent => ({ type: 'usage', date: '2026-03-01' as IsoDate, id: `u${i}`, feature: 'avatar-iv', minutes: 1 + (i % 3), ...(i % 2 ? { project: `P"${i % 7}` } : {}) });
  const withEvents = (n: number, extra: Partial<Stored> = {}): Stored => {
    const empty = storedEmpty();
    return { ...empty, account: { ...empty.account, events: Array.from({ length: n }, (_, i) => usage(i)) }, journalSeq: 41, storeId: 'store-1', ...extra };
  };
  it.each([
    ['an empty store', storedEmpty()],
    ['one event', withEvents(1)],
    ['exactly a piece of events', withEvents(10_000)],
    ['events over three pieces, the last short', withEvents(25_001)],
    ['fields holding undefined (left out, as JSON.stringify leaves them)', withEvents(3, { storeId: undefined, __internal__: undefined, account: { ...accountEmpty(), rounding: undefined, events: [usage(1)] } })],
    ['a project and settings beside the account, and conf\'s own field', { ...withEvents(2), projects: [{ id: 'p1', name: 'Launch', lines: [] } as never], __internal__: { migrations: { version: '0.1.0' } } }],
  ])('is the text of the whole, to the byte: %s', (_, stored) => {
    expect([...storedPieces(stored)].join('')).toBe(storedText(stored));
  });
});
