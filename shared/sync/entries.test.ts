/**
 * A workspace's data as sync entries, by example (what is an entry, under which name; what a device's data changes
 * of its fold, as ops), and as a property: the fold of the adds of any data's entries gives the data back, and the
 * ops of the difference between two datas, folded onto the first's, give the second.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../api.ts';
import { ACCOUNT_FORMAT, type AccountEvent } from '../formats/account.ts';
import { PROJECT_FORMAT, type Project } from '../formats/project.ts';
import type { Data } from '../store.ts';
import type { IsoDate } from '../units.ts';
import { ACCOUNT_ENTRY, entriesData, entriesDiff, entriesOf, type EntryChange } from './entries.ts';
import { mergeApply, mergeEmpty, mergeFold, type Merged, type MergeOp } from './merge.ts';

const usage = (id: string | undefined, minutes: number): AccountEvent => ({ ...(id === undefined ? {} : { id }), date: '2026-01-02', type: 'usage', feature: 'avatar-iv', minutes }) as AccountEvent;
const project = (id: string | undefined, name: string): Project => ({ format: PROJECT_FORMAT, ...(id === undefined ? {} : { id }), name, date: '2026-02-01' as IsoDate, lines: [] });
const data = (events: AccountEvent[], projects: Project[] = [], root: Record<string, unknown> = {}): Data => ({ account: { format: ACCOUNT_FORMAT, ...root, events } as Data['account'], projects, settings: { ...DEFAULT_SETTINGS } });

let n = 0;
/** The ops of `changes`, as a device would push them. */
const opsOf = (changes: readonly EntryChange[]): MergeOp[] => changes.map((c) => ({ ...c, id: `op${++n}`, member: null, device: 'laptop' }));
const foldOf = (d: Data): Merged => mergeFold(opsOf(entriesDiff(entriesOf(d), mergeEmpty())));
const kinds = (changes: readonly EntryChange[]) => changes.map((c) => `${c.kind} ${c.eventId}${c.base === null ? '' : ' (based)'}`);

describe('the entries of a workspace', () => {
  it('each event under its id, each project under @project:<id>, the account’s other fields as @account; the settings are not synced', () => {
    const d = data([usage('e1', 2), usage('e2', 3)], [project('p1', 'Ad')], { freeQuota: { monthlyCredits: 10 } });
    const entries = entriesOf(d);
    expect([...entries.keys()]).toEqual(['e1', 'e2', '@project:p1', ACCOUNT_ENTRY]);
    expect(entries.get(ACCOUNT_ENTRY)).toEqual({ format: ACCOUNT_FORMAT, freeQuota: { monthlyCredits: 10 } });
    expect([...entries.values()].some((v) => 'forecastMonths' in v)).toBe(false);
  });

  it('an event or project without an id is named by its content, alike on every device; two copies of one content are two entries', () => {
    const d = data([usage(undefined, 2), usage(undefined, 2), usage(undefined, 5)], [project(undefined, 'Ad')]);
    const names = [...entriesOf(d).keys()];
    expect(names).toHaveLength(5);
    expect(names[0]).toMatch(/^@event~[0-9a-f]{16}$/);
    expect(names[1]).toBe(`${names[0]}#2`);
    expect(names[2]).not.toBe(names[0]);
    expect(names[3]).toMatch(/^@project~[0-9a-f]{16}$/);
    expect([...entriesOf(structuredClone(d)).keys()]).toEqual(names);
  });

  const before = data([usage('e1', 2), usage('e2', 3), usage('e3', 4)], [project('p1', 'Ad')]);
  const cases: readonly [string, Data, string[]][] = [
    ['the same data', structuredClone(before), []],
    ['the same events in another order', data([usage('e3', 4), usage('e1', 2), usage('e2', 3)], [project('p1', 'Ad')]), []],
    ['an event added', data([...before.account.events, usage('e4', 1)], before.projects), ['add e4']],
    ['an event changed', data([usage('e1', 2), usage('e2', 9), usage('e3', 4)], before.projects), ['replace e2 (based)']],
    ['an event deleted', data([usage('e1', 2), usage('e3', 4)], before.projects), ['delete e2 (based)']],
    ['a project renamed and the free quota set', data(before.account.events, [project('p1', 'Spot')], { freeQuota: { monthlyCredits: 5 } }), ['replace @project:p1 (based)', 'replace @account (based)']],
    ['everything deleted but the root', data([]), ['delete e1 (based)', 'delete e2 (based)', 'delete e3 (based)', 'delete @project:p1 (based)']],
  ];
  it.each(cases)('the ops of the difference from a fold: %s', (_, after, expected) => {
    expect(kinds(entriesDiff(entriesOf(after), foldOf(before)))).toEqual(expected);
  });

  it('a change is based on the op that gave the entry its value in the fold; an event deleted there and here again is added back on the delete', () => {
    const m = foldOf(before);
    const del: MergeOp = { id: 'del-e2', eventId: 'e2', kind: 'delete', base: m.events.get('e2')!.version, body: null, member: null, device: 'desktop' };
    mergeApply(m, del);
    const changes = entriesDiff(entriesOf(data([usage('e1', 6), usage('e2', 3), usage('e3', 4)], before.projects)), m);
    expect(changes).toEqual([
      { eventId: 'e1', kind: 'replace', base: m.events.get('e1')!.version, body: usage('e1', 6) },
      { eventId: 'e2', kind: 'add', base: 'del-e2', body: usage('e2', 3) },
    ]);
  });

  it('a first sync (join): what the device lacks is not deleted, the team’s @account stands over its own; its own events are added, its changed ones replaced', () => {
    const mine = data([usage('e2', 8), usage('e9', 1)], [], { freeQuota: { monthlyCredits: 3 } });
    expect(kinds(entriesDiff(entriesOf(mine), foldOf(before), true))).toEqual(['replace e2 (based)', 'add e9']);
    expect(kinds(entriesDiff(entriesOf(mine), mergeEmpty(), true))).toEqual(['add e2', 'add e9', 'add @account']);
  });

  it('the data of a fold: events and projects in their places (an event put back keeps its first place), the root, the device’s settings', () => {
    const m = foldOf(before);
    mergeApply(m, { id: 'x1', eventId: 'e1', kind: 'delete', base: m.events.get('e1')!.version, body: null, member: null, device: 'd' });
    mergeApply(m, { id: 'x2', eventId: 'e0', kind: 'add', base: null, body: usage('e0', 1), member: null, device: 'd' });
    mergeApply(m, { id: 'x3', eventId: 'e1', kind: 'add', base: 'x1', body: usage('e1', 8), member: null, device: 'd' });
    const settings = { ...DEFAULT_SETTINGS, forecastMonths: 3 };
    expect(entriesData(m, settings)).toEqual(data([usage('e1', 8), usage('e2', 3), usage('e3', 4), usage('e0', 1)], before.projects));
    expect(entriesData(m, settings).settings).toBe(settings);
    expect(entriesData(mergeEmpty(), settings).account).toEqual({ format: ACCOUNT_FORMAT, events: [] });
  });
});

/** Data of a few events and projects, some without an id, some alike. */
const dataArb = fc
  .record({
    events: fc.array(fc.record({ id: fc.option(fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6'), { nil: undefined }), minutes: fc.integer({ min: 1, max: 3 }) }), { maxLength: 8 }),
    projects: fc.array(fc.record({ id: fc.option(fc.constantFrom('p1', 'p2', 'p3'), { nil: undefined }), name: fc.constantFrom('Ad', 'Spot') }), { maxLength: 3 }),
    quota: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
  })
  .map(({ events, projects, quota }) => {
    const unique = <T extends { id: string | undefined }>(xs: T[]) => xs.filter((x, i) => x.id === undefined || xs.findIndex((y) => y.id === x.id) === i);
    return data(
      unique(events).map((e) => usage(e.id, e.minutes)),
      unique(projects).map((p) => project(p.id, p.name)),
      quota === undefined ? {} : { freeQuota: { monthlyCredits: quota } },
    );
  });

describe('the entries, as a property', () => {
  it('the fold of any data’s entries gives it back; the difference of two datas, folded onto the first’s fold, gives the second (events in its order where they are new)', () => {
    fc.assert(
      fc.property(dataArb, dataArb, (a, b) => {
        const m = foldOf(a);
        expect(entriesData(m, a.settings)).toEqual(a);
        for (const op of opsOf(entriesDiff(entriesOf(b), m))) mergeApply(m, op);
        expect(m.conflicts).toEqual([]);
        const merged = entriesData(m, b.settings);
        expect(new Map(entriesOf(merged))).toEqual(new Map(entriesOf(b)));
        expect(entriesDiff(entriesOf(merged), m)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
