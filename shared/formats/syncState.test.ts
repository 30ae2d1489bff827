/** The sync state's files read back: what was written, fold and ops in flight included; anything else refused, naming the field and the rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeFold, type MergeOp } from '../sync/merge.ts';
import { foldEventFast, foldEventSchema, syncFoldLines, syncFoldRead, syncLogLine, syncStateNew, syncStateRead, syncStateText, type PulledOp, type SyncFoldAt, type SyncState } from './syncState.ts';

const link = { server: 'postgresql://ana@db.example:5432/cc', workspace: '0193b4a0-0000-7000-8000-000000000001', name: 'Studio', device: 'laptop', member: 'Ana' };
const op = (id: string, eventId: string, base: string | null, minutes: number): MergeOp => ({ id, eventId, kind: base === null ? 'add' : 'replace', base, body: { id: eventId, minutes }, member: 'Bo', device: 'desktop' });
const at: SyncFoldAt = { file: 'sync.fold-0123456789ab', seq: 3, log: 0 };
const a = '01939a00-0000-7000-8000-000000000001';
const ops = [op(a, 'e1', null, 1), op('01939a00-0000-7000-8000-000000000002', 'e1', a, 2), op('01939a00-0000-7000-8000-000000000003', 'e1', a, 3)];
/** The fold without the ids it has seen (a fold read back has seen none: each op is pulled once, after the seq). */
const unseen = (fold: ReturnType<typeof mergeFold>) => ({ ...fold, seen: new Set() });

describe('sync.json', () => {
  it('reads back what was written: the link, the ops in flight, and where the fold is', () => {
    const inflight = [{ id: '01939a00-0000-7000-9000-000000000001', workspace: link.workspace, eventId: 'e2', kind: 'add' as const, member: 'Ana', device: 'laptop', base: null, body: { id: 'e2' } }];
    const state: SyncState = { ...syncStateNew(link, 4), joined: true, seq: 3, fold: mergeFold(ops), inflight, lastSyncAt: '2026-12-06T03:00:00.000Z' };
    const read = syncStateRead(syncStateText(state, at));
    const { fold: _, ...rest } = state;
    expect(read).toEqual({ ok: true, state: rest, at, fold: null });
    // The fold is not in it: sync.json stays small whatever the team's log holds.
    expect(syncStateText(state, at)).not.toContain('"e1"');
  });

  it('reads a sync@1 file, its fold inline', () => {
    const fold = mergeFold(ops);
    const { fold: _, ...rest } = { ...syncStateNew(link, 4), seq: 3 };
    const text = JSON.stringify({ format: 'credit-companion/sync@1', ...rest, fold: { nextPlace: fold.nextPlace, events: [...fold.events.values()], conflicts: fold.conflicts } });
    const read = syncStateRead(text);
    expect(read.ok && read.at).toBeNull();
    expect(read.ok && read.fold && unseen(read.fold)).toEqual(unseen(fold));
    expect(read.ok && read.fold?.conflicts).toHaveLength(1);
  });

  it('a new link: not joined, nothing pulled, nothing in flight', () => {
    const state = syncStateNew(link, 7);
    expect({ ...state, fold: { ...state.fold, events: [...state.fold.events.values()], seen: [...state.fold.seen] } }).toEqual({
      link,
      joined: false,
      seq: 0,
      localSeq: 7,
      lastSyncAt: null,
      fold: { events: [], conflicts: [], seen: [], nextPlace: 0 },
      inflight: [],
    });
  });

  const good = JSON.parse(syncStateText(syncStateNew(link, 0), at)) as Record<string, unknown>;
  const cases: readonly [string, unknown, string][] = [
    ['not JSON', '{', 'it is not valid JSON'],
    ['not an object', '[]', 'it: must be an object, not a list'],
    ['another format', { ...good, format: 'credit-companion/sync@9' }, 'format: must be credit-companion/sync@2'],
    ['a password in the server’s address', { ...good, link: { ...link, server: 'postgresql://ana:secret@db.example/cc' } }, 'link.server: must be a connection string without a password'],
    ['a workspace that is not an id', { ...good, link: { ...link, workspace: 'Studio' } }, 'link.workspace: must be a workspace id (a UUID)'],
    ['a seq below zero', { ...good, seq: -1 }, 'seq: must not be negative'],
    ['an op in flight without an id', { ...good, inflight: [{ workspace: link.workspace, eventId: 'e', kind: 'add', member: null, device: 'd', base: null, body: {} }] }, 'inflight[0].id'],
    ['a fold file elsewhere', { ...good, fold: { ...at, file: '../account.json' } }, 'fold.file: must be a fold file of the folder (sync.fold-<12 hex digits>)'],
    ['a sync@1 fold without its events', { ...good, format: 'credit-companion/sync@1', fold: { nextPlace: 0, conflicts: [] } }, 'fold.events'],
  ];
  it.each(cases)('refused, the field and the rule named: %s', (_, value, reason) => {
    const read = syncStateRead(typeof value === 'string' ? value : JSON.stringify(value));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toContain(reason);
  });
});

describe('the fold on disk: its base, and the log of ops pulled since', () => {
  const pulled = (o: MergeOp, seq: number): PulledOp => ({ seq, ...o });
  const base = [...syncFoldLines(mergeFold(ops.slice(0, 1)), link.workspace, 3)];
  const log = [pulled(ops[1]!, 5), pulled(ops[2]!, 9)].map(syncLogLine);
  const one: SyncFoldAt = { ...at, seq: 3 };

  it('the base with the log on top is the fold of every op, up to the state’s seq and no further', () => {
    expect(syncFoldRead(base, log, link.workspace, 9, one)).toEqual({ ok: true, value: unseen(mergeFold(ops)) });
    expect(syncFoldRead(base, log, link.workspace, 5, one)).toEqual({ ok: true, value: unseen(mergeFold(ops.slice(0, 2))) });
    expect(syncFoldRead(base, log, link.workspace, 3, one)).toEqual({ ok: true, value: unseen(mergeFold(ops.slice(0, 1))) });
  });

  it('ops the log holds twice (a pull appended, its state not saved, the same ops pulled again) count once', () => {
    expect(syncFoldRead(base, [...log, ...log], link.workspace, 9, one)).toEqual({ ok: true, value: unseen(mergeFold(ops)) });
  });

  const all = mergeFold(ops);
  const withConflict = [...syncFoldLines(all, link.workspace, 9)];
  const nine: SyncFoldAt = { ...at, seq: 9 };

  it('a base with conflicts reads them back as conflicts, after its events', () => {
    expect(all.conflicts.length).toBe(1);
    expect(syncFoldRead(withConflict, [], link.workspace, 9, nine)).toEqual({ ok: true, value: unseen(all) });
  });

  it('ops at or before the base’s seq are the base’s already', () => {
    expect(syncFoldRead(base, [syncLogLine(pulled(ops[1]!, 3)), log[1]!], link.workspace, 9, one)).toEqual({ ok: true, value: unseen(mergeFold([ops[0]!, ops[2]!])) });
  });

  const refusals: readonly [string, string[], string[], number, string][] = [
    ['an empty base', [], log, 9, 'sync.fold-0123456789ab: it is empty'],
    ['another workspace’s base', [base[0]!.replace(link.workspace, '0193b4a0-0000-7000-8000-000000000002'), ...base.slice(1)], log, 9, 'it is the fold of 0193b4a0-0000-7000-8000-000000000002 at seq 3, not of 0193b4a0-0000-7000-8000-000000000001 at seq 3'],
    ['a base of another seq', [base[0]!.replace('"seq":3', '"seq":2'), ...base.slice(1)], log, 9, 'at seq 2, not of'],
    ['a damaged head', [base[0]!.replace('"nextPlace":', '"nextPlace":-'), ...base.slice(1)], log, 9, 'sync.fold-0123456789ab, its first line: nextPlace: must not be negative'],
    ['a base missing a line', base.slice(0, 1), log, 9, 'it holds 0 lines after its head, not the 1 its head counts'],
    ['a state before its base (the base holds ops past it)', base, log, 2, 'sync.fold-0123456789ab: it is the fold at seq 3, but the sync state is at seq 2'],
    ['a damaged event', [base[0]!, base[1]!.replace('"place":0', '"place":-1')], log, 9, 'sync.fold-0123456789ab, line 2: place: must not be negative'],
    ['a damaged log line', base, [log[0]!.slice(0, 20)], 9, 'sync.log, line 1: it is not valid JSON'],
    ['a log short of the state’s seq', base, log.slice(0, 1), 9, 'sync.log: it holds the ops up to seq 5, not up to 9'],
  ];
  it.each([
    ['missing its conflict', withConflict.slice(0, -1), 'it holds 1 lines after its head, not the 2 its head counts'],
    ['with a damaged conflict', [...withConflict.slice(0, -1), withConflict.at(-1)!.replace('{', '{"x":1,')], 'sync.fold-0123456789ab, line 3: '],
  ])('a base with conflicts refused, saying where: %s', (_, b, reason) => {
    const read = syncFoldRead(b, [], link.workspace, 9, nine);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toContain(reason);
  });

  it.each(refusals)('refused, saying where: %s', (_, b, l, seq, reason) => {
    const read = syncFoldRead(b, l, link.workspace, seq, one);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toContain(reason);
  });
});

describe('a base file’s event, by its fast path', () => {
  const event = { id: 'e1', body: { id: 'e1', minutes: 2 }, version: '0193b4a0-0000-7000-8000-000000000001', member: 'Ana', device: 'laptop', place: 3 };
  const fieldArb = fc.constantFrom<[string, unknown]>(
    ['id', ''], ['id', 'x'.repeat(128)], ['id', 'x'.repeat(129)], ['id', 7], ['version', ''], ['device', 'd'.repeat(129)],
    ['member', null], ['member', ''], ['member', 'm'.repeat(64)], ['member', 'm'.repeat(65)], ['member', 3],
    ['place', 0], ['place', -1], ['place', 1.5], ['place', 2 ** 53], ['place', '3'], ['place', Infinity],
    ['body', null], ['body', []], ['body', 'e1'], ['body', Object.create(null)], ['body', JSON.parse('{"__proto__":1}')], ['body', { deep: { a: [1] } }],
    ['extra', 1], ['__proto__', 1],
  );
  it('gives what the schema gives, the value itself, or null (the schema then says why)', () => {
    expect(foldEventFast(event)).toBe(event);
    let fast = 0;
    fc.assert(
      fc.property(fc.array(fieldArb, { maxLength: 2 }), fc.option(fc.constantFrom('id', 'member', 'place', 'body'), { nil: null, freq: 4 }), (fields, dropped) => {
        const e: Record<string, unknown> = { ...event };
        for (const [key, value] of fields) Object.defineProperty(e, key, { value, enumerable: true, configurable: true, writable: true });
        if (dropped !== null) delete e[dropped];
        const got = foldEventFast(e);
        if (got === null) return;
        fast++;
        const parsed = foldEventSchema.safeParse(e);
        expect(parsed.success).toBe(true);
        expect(got).toEqual(parsed.data);
      }),
      { numRuns: 500 },
    );
    expect(fast).toBeGreaterThan(20);
  });
});
