/** A list's change as a patch (what a whole-data change journals and undoes by): exact both ways, whatever the lists. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listDiff, listPatched, listPatchFits, listPatchInverse, sameValue } from './store.ts';

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
