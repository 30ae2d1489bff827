/**
 * The merge's rules by example, and its promise as a property: devices that change a shared log offline, each from
 * what it had pulled, and sync at random moments, hold the same events once everyone has synced; no op is lost, and
 * each conflict is seen once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeApply, mergedEvents, mergeEmpty, mergeFold, mergeOver, mergeSettle, type MergeOp } from './merge.ts';

let n = 0;
const op = (o: Partial<MergeOp> & Pick<MergeOp, 'eventId' | 'kind'>): MergeOp => ({ id: `op${++n}`, base: null, body: o.kind === 'delete' ? null : { id: o.eventId, v: n }, member: null, device: 'laptop', ...o });

describe('the merge, by example', () => {
  it('an add, a change based on it and a delete based on that apply in turn; the same op folded twice changes nothing', () => {
    const add = op({ eventId: 'e1', kind: 'add', body: { id: 'e1', minutes: 2 } });
    const edit = op({ eventId: 'e1', kind: 'replace', base: add.id, body: { id: 'e1', minutes: 3 } });
    const m = mergeFold([add, edit, edit]);
    expect(mergedEvents(m)).toEqual([{ id: 'e1', minutes: 3 }]);
    mergeApply(m, op({ eventId: 'e1', kind: 'delete', base: edit.id }));
    expect(mergedEvents(m)).toEqual([]);
    expect(m.conflicts).toEqual([]);
  });

  it('two changes from the same version: the later in the server’s order stands, the other is kept with its value and who made it, until a change based on the standing one settles it', () => {
    const add = op({ eventId: 'e1', kind: 'add', body: { id: 'e1', minutes: 2 } });
    const mine = op({ eventId: 'e1', kind: 'replace', base: add.id, body: { id: 'e1', minutes: 3 }, member: 'Ana', device: 'laptop' });
    const theirs = op({ eventId: 'e1', kind: 'replace', base: add.id, body: { id: 'e1', minutes: 5 }, member: 'Bo', device: 'desktop' });
    const m = mergeFold([add, mine, theirs]);
    expect(mergedEvents(m)).toEqual([{ id: 'e1', minutes: 5 }]);
    expect(m.conflicts).toEqual([{ eventId: 'e1', standing: theirs.id, base: add.id, other: { op: mine.id, body: { id: 'e1', minutes: 3 }, member: 'Ana', device: 'laptop' } }]);
    // The choice: Ana's value, based on the standing version.
    mergeApply(m, op({ eventId: 'e1', kind: 'replace', base: theirs.id, body: { id: 'e1', minutes: 3 } }));
    expect(mergedEvents(m)).toEqual([{ id: 'e1', minutes: 3 }]);
    expect(m.conflicts).toEqual([]);
  });

  it('a delete and a change from the same version: whichever comes later stands; the other is kept', () => {
    const add = op({ eventId: 'e1', kind: 'add' });
    const edit = op({ eventId: 'e1', kind: 'replace', base: add.id, body: { id: 'e1', minutes: 9 } });
    const del = op({ eventId: 'e1', kind: 'delete', base: add.id });
    const deletedLast = mergeFold([add, edit, del]);
    expect(mergedEvents(deletedLast)).toEqual([]);
    expect(deletedLast.conflicts.map((c) => [c.standing, c.other.op, c.other.body])).toEqual([[del.id, edit.id, { id: 'e1', minutes: 9 }]]);
    const editedLast = mergeFold([add, del, edit]);
    expect(mergedEvents(editedLast)).toEqual([{ id: 'e1', minutes: 9 }]);
    expect(editedLast.conflicts.map((c) => [c.standing, c.other.op, c.other.body])).toEqual([[edit.id, del.id, null]]);
  });

  it('an undo of a delete adds the event again, based on the delete: back in its place', () => {
    const a = op({ eventId: 'a', kind: 'add' });
    const b = op({ eventId: 'b', kind: 'add' });
    const del = op({ eventId: 'a', kind: 'delete', base: a.id });
    const m = mergeFold([a, b, del, op({ eventId: 'a', kind: 'add', base: del.id, body: { id: 'a', back: true } })]);
    expect(mergedEvents(m)).toEqual([{ id: 'a', back: true }, b.body]);
    expect(m.conflicts).toEqual([]);
  });

  it('a device’s own ops not yet pushed fold onto a layer over what it pulled: the pulled fold is left as it was', () => {
    const add = op({ eventId: 'e1', kind: 'add' });
    const pulled = mergeFold([add]);
    const shown = mergeFold([op({ eventId: 'e1', kind: 'delete', base: add.id })], mergeOver(pulled));
    expect(mergedEvents(shown)).toEqual([]);
    expect(mergedEvents(pulled)).toEqual([add.body]);
  });

  it('a layer reads as the fold of all its ops (its events, their count, its conflicts), the folds under it unchanged; settled, it is that fold without layers', () => {
    const ops = [op({ eventId: 'a', kind: 'add' }), op({ eventId: 'b', kind: 'add' }), op({ eventId: 'c', kind: 'add' })];
    const more = [op({ eventId: 'b', kind: 'replace', base: ops[1]!.id }), op({ eventId: 'd', kind: 'add' }), op({ eventId: 'a', kind: 'delete', base: ops[0]!.id })];
    const last = [op({ eventId: 'b', kind: 'replace', base: ops[1]!.id }), op({ eventId: 'e', kind: 'add' })];
    const whole = mergeFold([...ops, ...more, ...last]);
    const bottom = mergeFold(ops);
    const middle = mergeFold(more, mergeOver(bottom));
    const top = mergeFold(last, mergeOver(middle));
    const read = (m: typeof whole) => ({ events: [...m.events.values()].sort((x, y) => x.place - y.place), size: m.events.size, has: ['a', 'e', 'z'].map((id) => m.events.has(id)), conflicts: m.conflicts, nextPlace: m.nextPlace });
    expect(read(top)).toEqual(read(whole));
    expect(read(top).size).toBe(5);
    expect(top.conflicts).toHaveLength(1);
    expect(read(bottom)).toEqual(read(mergeFold(ops)));
    expect(read(middle)).toEqual(read(mergeFold([...ops, ...more])));
    const settled = mergeSettle(top);
    expect(settled.events).toBeInstanceOf(Map);
    expect(read(settled)).toEqual(read(whole));
    // A first sync's layer over an empty fold becomes the fold.
    const first = mergeSettle(mergeFold(ops, mergeOver(mergeEmpty())));
    expect(first.events).toBeInstanceOf(Map);
    expect(read(first)).toEqual(read(mergeFold(ops)));
  });
});

/** What a device does, in a random run: a change to one of a few events, or a sync (push its outbox, pull everything). */
type Step = { readonly device: number; readonly act: 'add' | 'edit' | 'delete' | 'undo-delete' | 'sync'; readonly event: number };

const step = fc.record({ device: fc.integer({ min: 0, max: 2 }), act: fc.constantFrom<Step['act']>('add', 'edit', 'delete', 'undo-delete', 'sync', 'sync'), event: fc.integer({ min: 0, max: 4 }) });

describe('the merge, as a property', () => {
  it('three devices changing one log offline and syncing at random: once all have synced, identical events; every op on the server once; each conflict once', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        let ids = 0;
        const server: MergeOp[] = [];
        const devices = [0, 1, 2].map((d) => ({ name: `device-${d}`, pulled: 0, outbox: [] as MergeOp[], made: [] as string[] }));
        // What a device shows: what it pulled, its own ops not yet pushed on top.
        const shown = (d: (typeof devices)[number]) => mergeFold(d.outbox, mergeFold(server.slice(0, d.pulled)));
        const sync = (d: (typeof devices)[number]) => {
          server.push(...d.outbox);
          d.outbox = [];
          d.pulled = server.length;
        };
        for (const s of steps) {
          const d = devices[s.device]!;
          if (s.act === 'sync') {
            sync(d);
            continue;
          }
          const eventId = `e${s.event}`;
          const current = shown(d).events.get(eventId);
          const made = (kind: MergeOp['kind'], base: string | null): MergeOp => ({ id: `${d.name}-${++ids}`, eventId, kind, base, body: kind === 'delete' ? null : { id: eventId, by: d.name, n: ids }, member: null, device: d.name });
          let next: MergeOp | null = null;
          if (s.act === 'add' && current === undefined) next = made('add', null);
          else if (s.act === 'edit' && current?.body) next = made('replace', current.version);
          else if (s.act === 'delete' && current?.body) next = made('delete', current.version);
          else if (s.act === 'undo-delete' && current && current.body === null) next = made('add', current.version);
          if (next) {
            d.outbox.push(next);
            d.made.push(next.id);
          }
        }
        devices.forEach(sync);
        devices.forEach(sync);
        const folds = devices.map((d) => shown(d));
        const events = folds.map((f) => JSON.stringify(mergedEvents(f)));
        expect(new Set(events).size).toBe(1);
        expect(new Set(folds.map((f) => JSON.stringify(f.conflicts))).size).toBe(1);
        // Every op any device made is on the server, once.
        expect(server.map((o) => o.id).sort()).toEqual(devices.flatMap((d) => d.made).sort());
        // A conflict arises from an op whose base was not the version standing then, and no other way; each once.
        const folded = mergeEmpty();
        let stale = 0;
        for (const o of server) {
          if (folded.events.has(o.eventId) && folded.events.get(o.eventId)!.version !== o.base) stale++;
          mergeApply(folded, o);
        }
        const standing = folds[0]!.conflicts.map((c) => `${c.eventId}:${c.standing}`);
        expect(new Set(standing).size).toBe(standing.length);
        expect(standing.length).toBeLessThanOrEqual(stale);
      }),
      { numRuns: 300 },
    );
  });
});
