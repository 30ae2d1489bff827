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
import { ACCOUNT_ENTRY, entriesData, entriesDiff, entriesOf, entriesPatch, entriesTouched, PROJECT_ENTRY, type EntriesPatch, type EntryBody, type EntryChange, type ListChange } from './entries.ts';
import { mergeApply, mergeEmpty, mergeFold, mergeOver, type Merged, type MergeOp } from './merge.ts';

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

/** A change the store can make to a device's data, touching what it names (as `backend/service/touched.ts` notes it). */
type Edit =
  | { readonly kind: 'edit' | 'delete' | 'undo' | 'move'; readonly at: number; readonly minutes: number }
  | { readonly kind: 'add'; readonly at: number | null; readonly minutes: number }
  | { readonly kind: 'project'; readonly at: number; readonly name: string }
  | { readonly kind: 'quota'; readonly minutes: number };
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('edit' as const, 'delete' as const, 'undo' as const, 'move' as const), at: fc.nat(9), minutes: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('add' as const), at: fc.option(fc.nat(9), { nil: null }), minutes: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('project' as const), at: fc.nat(3), name: fc.constantFrom('Ad', 'Spot', 'Reel') }),
  fc.record({ kind: fc.constant('quota' as const), minutes: fc.integer({ min: 0, max: 9 }) }),
);
/** Data whose events and projects all have ids (as the app gives them). */
const namedArb = dataArb.map((d) => data(d.account.events.filter((e) => e.id !== undefined), d.projects.filter((p) => p.id !== undefined), d.account.freeQuota ? { freeQuota: d.account.freeQuota } : {}));

/** `d` with `edits` made as the store makes them (an add at the end or at an index, an undo putting a deleted event back where it was), and what they touched. */
function edited(d: Data, edits: readonly Edit[]): { readonly data: Data; readonly touched: { events: Set<string>; projects: Set<string>; root: boolean } } {
  const events = d.account.events.slice();
  const projects = d.projects.slice();
  let root: Record<string, unknown> = d.account.freeQuota ? { freeQuota: d.account.freeQuota } : {};
  const touched = { events: new Set<string>(), projects: new Set<string>(), root: false };
  const deleted: { event: AccountEvent; at: number }[] = [];
  for (const e of edits) {
    if (e.kind === 'quota') {
      root = { freeQuota: { monthlyCredits: e.minutes } };
      touched.root = true;
    } else if (e.kind === 'project') {
      const i = e.at % (projects.length + 1);
      const p = i < projects.length ? { ...projects[i]!, name: e.name } : project(`p${++n}`, e.name);
      projects.splice(i, i < projects.length ? 1 : 0, p);
      touched.projects.add(p.id!);
      // A project saved is sorted by its date: it may move to the front.
      if (e.name === 'Reel' && i > 0 && i < projects.length) projects.unshift(projects.splice(i, 1)[0]!);
    } else if (e.kind === 'add') {
      const event = usage(`n${++n}`, e.minutes);
      events.splice(e.at === null ? events.length : e.at % (events.length + 1), 0, event);
      touched.events.add(event.id!);
    } else if (e.kind === 'undo') {
      const back = deleted.pop();
      if (back === undefined) continue;
      events.splice(Math.min(back.at, events.length), 0, back.event);
      touched.events.add(back.event.id!);
    } else if (events.length > 0) {
      const i = e.at % events.length;
      touched.events.add(events[i]!.id!);
      // Taken out and put in elsewhere (a whole change of the list, sorted anew), as it was or changed.
      if (e.kind === 'move') events.splice(e.minutes % events.length, 0, events.splice(i, 1)[0]!);
      else if (e.kind === 'edit') events[i] = usage(events[i]!.id, e.minutes);
      else deleted.push({ event: events.splice(i, 1)[0]!, at: i });
    }
  }
  return { data: data(events, projects, root), touched };
}

/** `patch` made on `d` as plainly as it reads: the ids taken out, the others replaced where they stand, the rest put at the end. */
function patched(d: Data, patch: EntriesPatch): Data {
  const list = <T extends { readonly id?: string | undefined }>(items: readonly T[], change: ListChange) => {
    const out = items.filter((item) => !change.remove.includes(item.id!)).map((item) => (change.replace.find((r) => r.id === item.id) as T | undefined) ?? item);
    return [...out, ...(change.append as unknown as T[])];
  };
  const { events: _, ...root } = d.account;
  return { account: { ...(patch.root ?? root), events: list(d.account.events, patch.events) } as Data['account'], projects: list(d.projects, patch.projects), settings: d.settings };
}

describe('a few entries at a time, as a property', () => {
  it('the changes of the entries the store says it touched are the difference of the whole data, in its order; in order, the view with them is the data', () => {
    let inOrder = 0;
    fc.assert(
      fc.property(namedArb, fc.array(editArb, { maxLength: 6 }), fc.array(fc.constantFrom('e1', 'e7', 'p1', 'p2'), { maxLength: 2 }), (a, edits, extra) => {
        const m = foldOf(a);
        const b = edited(a, edits);
        // A name touched and then put back as it was is touched all the same.
        for (const name of extra) (name.startsWith('p') ? b.touched.projects : b.touched.events).add(name);
        const got = entriesTouched(b.data, b.touched, m);
        expect(got.changes).toEqual(entriesDiff(entriesOf(b.data), m));
        if (!got.inOrder) return;
        inOrder++;
        for (const op of opsOf(got.changes)) mergeApply(m, op);
        expect(entriesData(m, b.data.settings)).toEqual(b.data);
      }),
      { numRuns: 400 },
    );
    expect(inOrder).toBeGreaterThan(100);
  });

  it('a patch of the entries two folds over one base touch makes the data of one the data of the other; null only where it cannot say it', () => {
    let made = 0;
    const opArb = fc.record({ name: fc.constantFrom('e1', 'e2', 'e3', 'e8', 'e9', `${PROJECT_ENTRY}p1`, `${PROJECT_ENTRY}p9`, ACCOUNT_ENTRY), act: fc.constantFrom('put', 'put', 'delete'), minutes: fc.integer({ min: 1, max: 3 }) });
    /** Ops as a device makes them onto its fold `m` (each based on the version it holds there), folded into it. */
    const madeOn = (acts: readonly { name: string; act: string; minutes: number }[], m: Merged): MergeOp[] => {
      const ops: MergeOp[] = [];
      for (const { name, act, minutes } of acts) {
        const held = m.events.get(name);
        if (act === 'delete' && (held?.body ?? null) === null) continue;
        if (name === ACCOUNT_ENTRY && act === 'delete') continue;
        const id = name.startsWith(PROJECT_ENTRY) ? name.slice(PROJECT_ENTRY.length) : name;
        const body: EntryBody = name === ACCOUNT_ENTRY ? { format: ACCOUNT_FORMAT, freeQuota: { monthlyCredits: minutes } } : name.startsWith(PROJECT_ENTRY) ? project(id, `P${minutes}`) : usage(id, minutes);
        const kind = act === 'delete' ? 'delete' : held === undefined || held.body === null ? 'add' : 'replace';
        const op: MergeOp = { id: `op${++n}`, eventId: name, kind, base: held?.version ?? null, body: act === 'delete' ? null : body, member: null, device: 'd' };
        mergeApply(m, op);
        ops.push(op);
      }
      return ops;
    };
    fc.assert(
      fc.property(namedArb, fc.array(opArb, { maxLength: 5 }), fc.array(opArb, { maxLength: 5 }), fc.nat(5), fc.array(fc.boolean(), { maxLength: 10 }), (a, mineActs, theirActs, pushed, interleave) => {
        const base = foldOf(a);
        // This device's view: the base and its ops in flight.
        const before = mergeOver(base);
        const mine = madeOn(mineActs, before);
        const theirs = madeOn(theirActs, mergeOver(base));
        // The server's order: the first `pushed` of this device's ops among the others', as they happened to come.
        const shown = mine.slice(0, pushed);
        const order: MergeOp[] = [];
        for (let i = 0, j = 0; i < shown.length || j < theirs.length; ) order.push(j >= theirs.length || (i < shown.length && interleave[i + j]) ? shown[i++]! : theirs[j++]!);
        // After the pull: the base with the server's order, then what is still in flight.
        const after = mergeFold(mine.slice(pushed), mergeFold(order, mergeOver(base)));
        const names = new Set([...mine, ...theirs].map((o) => o.eventId));
        const patch = entriesPatch(base, before, after, names);
        if (patch === null) return;
        made++;
        expect(patched(entriesData(before, DEFAULT_SETTINGS), patch)).toEqual(entriesData(after, DEFAULT_SETTINGS));
      }),
      { numRuns: 600 },
    );
    expect(made).toBeGreaterThan(300);
  });
});
