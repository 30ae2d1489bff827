/**
 * A workspace's data as the team sync sees it: entries keyed by name, each a JSON object the merge folds whole.
 * Each account event is an entry under its `id`; each project one under `@project:<id>`; the account's other fields
 * (its prices, free quota, rounding: `AccountRoot`) one entry, `@account`. The settings are each device's own and
 * never synced. An event or a project without an id (a file written by hand) is named by its content, so every
 * device names it alike; an edit of one is then a delete and an add.
 *
 * What a device has to push is never kept apart from its store: it is the difference between its data and the fold
 * of what it pulled (`entriesDiff`), so a change committed and not yet pushed survives any crash with the store.
 */
import type { Settings } from '../api.ts';
import { ACCOUNT_FORMAT, type AccountEvent } from '../formats/account.ts';
import type { Project } from '../formats/project.ts';
import type { SyncOpKind } from '../formats/syncOp.ts';
import { sameValue, type AccountRoot, type Data } from '../store.ts';
import type { Merged, MergedEvent } from './merge.ts';

/** An entry's value: an event, a project, or the account's root. */
export type EntryBody = Readonly<Record<string, unknown>>;

/** A workspace's entries by name, in the data's order (events, then projects, then the root). */
export type Entries = ReadonlyMap<string, EntryBody>;

/** The entry of the account's fields other than its events. */
export const ACCOUNT_ENTRY = '@account';
export const PROJECT_ENTRY = '@project:';
/** The names of events and projects without an id: `@event~` or `@project~`, the hash of their content, and which copy of it. */
const UNNAMED_EVENT = '@event~';
const UNNAMED_PROJECT = '@project~';

/** Two 32-bit FNV-1a hashes of `text` (different offsets), as 16 hex digits: enough that two contents do not share a name. */
function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Names for items without an id: by content, the second copy of the same content `#2`, and so on. */
function unnamedNamer(prefix: string): (item: object) => string {
  const copies = new Map<string, number>();
  return (item) => {
    const hash = contentHash(JSON.stringify(item));
    const n = (copies.get(hash) ?? 0) + 1;
    copies.set(hash, n);
    return `${prefix}${hash}${n === 1 ? '' : `#${n}`}`;
  };
}

/** Whether an entry is a project's (named by its id or by its content). */
export function isProjectEntry(name: string): boolean {
  return name.startsWith(PROJECT_ENTRY) || name.startsWith(UNNAMED_PROJECT);
}

/** The account's root as an entry: what the account holds besides its events. */
function rootOf(data: Pick<Data, 'account'>): AccountRoot {
  const { events: _, ...root } = data.account;
  return root;
}

/** The entries of `data` (its account and projects; the settings stay the device's), in its order. */
export function entriesOf(data: Pick<Data, 'account' | 'projects'>): Map<string, EntryBody> {
  const entries = new Map<string, EntryBody>();
  const unnamedEvent = unnamedNamer(UNNAMED_EVENT);
  for (const e of data.account.events) entries.set(e.id ?? unnamedEvent(e), e);
  const unnamedProject = unnamedNamer(UNNAMED_PROJECT);
  for (const p of data.projects) entries.set(p.id === undefined ? unnamedProject(p) : `${PROJECT_ENTRY}${p.id}`, p);
  entries.set(ACCOUNT_ENTRY, rootOf(data));
  return entries;
}

/**
 * The data a fold holds, with the device's `settings`: the events and projects that stand, in their places in the
 * fold (an event's first add's), and the account's root (an empty account's when none was ever pushed).
 */
export function entriesData(m: Merged, settings: Settings): Data {
  const standing = [...m.events.values()].filter((e) => e.body !== null).sort((a, b) => a.place - b.place);
  const events: AccountEvent[] = [];
  const projects: Project[] = [];
  let root: AccountRoot = { format: ACCOUNT_FORMAT };
  for (const e of standing) {
    if (e.id === ACCOUNT_ENTRY) root = e.body as AccountRoot;
    else if (isProjectEntry(e.id)) projects.push(e.body as Project);
    else events.push(e.body as AccountEvent);
  }
  return { account: { ...root, events }, projects, settings };
}

/** One change a device has to push: an entry added, replaced or deleted, based on the fold's version of it. */
export interface EntryChange {
  readonly eventId: string;
  readonly kind: SyncOpKind;
  /** The op that gave the entry its value in the fold (a deleted entry's delete, for an add that puts it back); null for an entry the fold never had. */
  readonly base: string | null;
  readonly body: EntryBody | null;
}

/**
 * What `local` changes of the fold `m`, as the ops that make it: an entry the fold does not hold (or holds deleted)
 * added, one of another value replaced, in the local order; then those the fold holds and `local` does not,
 * deleted, in the fold's order. Entries are compared by value, so an unchanged entry makes no op whatever its place.
 *
 * `join`: the device's first sync, its data made before it knew the team's. What it lacks it never had (no
 * delete), and the team's prices and quota (`@account`) stand over its own, when the team has them.
 */
export function entriesDiff(local: Entries, m: Merged, join = false): EntryChange[] {
  const changes: EntryChange[] = [];
  for (const [eventId, body] of local) {
    const held = m.events.get(eventId);
    if (held === undefined) changes.push({ eventId, kind: 'add', base: null, body });
    else if (join && eventId === ACCOUNT_ENTRY && held.body !== null) continue;
    else if (held.body === null) changes.push({ eventId, kind: 'add', base: held.version, body });
    else if (!sameValue(held.body, body)) changes.push({ eventId, kind: 'replace', base: held.version, body });
  }
  if (join) return changes;
  // Looked for one at a time: usually there are none, and the fold holds every entry.
  const gone: MergedEvent[] = [];
  for (const e of m.events.values()) if (e.body !== null && !local.has(e.id)) gone.push(e);
  gone.sort((a, b) => a.place - b.place);
  for (const e of gone) changes.push({ eventId: e.id, kind: 'delete', base: e.version, body: null });
  return changes;
}

/** A list's entries changed: those of the ids in `remove` taken out, each of `replace` put in the place of the one of its id, `append` put at the end in order. */
export interface ListChange {
  readonly remove: readonly string[];
  readonly replace: readonly EntryBody[];
  readonly append: readonly EntryBody[];
}

/** A few entries of a device's data changed, as the store can take them without the rest being read: its events, its projects, the account's root (null: unchanged). */
export interface EntriesPatch {
  readonly events: ListChange;
  readonly projects: ListChange;
  readonly root: EntryBody | null;
}

/** Whether a patch changes nothing. */
export function patchEmpty(p: EntriesPatch): boolean {
  const none = (l: ListChange) => l.remove.length === 0 && l.replace.length === 0 && l.append.length === 0;
  return none(p.events) && none(p.projects) && p.root === null;
}

/** The id an entry's value must hold to be put in by a patch (the store finds it by it), or null for an entry named by its content. */
function idOfEntry(name: string): string | null {
  if (name.startsWith(PROJECT_ENTRY)) return name.slice(PROJECT_ENTRY.length);
  return name.startsWith('@') ? null : name;
}

const standing = (e: MergedEvent | undefined): e is MergedEvent & { readonly body: EntryBody } => e !== undefined && e.body !== null;

/**
 * What makes data that is `entriesData(before)` into `entriesData(after)`, where the two folds are `base` with ops on
 * top that touch only the entries `names`: each other entry stands in both as in `base`. An entry `base` holds keeps
 * its place in both (the place of its first add), so it is replaced or taken out where it stands; those `base` never
 * held stand after all of its, so they are the lists' ends, taken out and put in again in `after`'s order (their
 * common start kept). Null when a patch cannot say it: an entry named by its content, one whose value does not hold
 * its name's id, or one of `base`'s that stands again (it goes back into the middle of the list: the whole data is
 * written then).
 */
export function entriesPatch(base: Merged, before: Merged, after: Merged, names: Iterable<string>): EntriesPatch | null {
  const lists = { events: { remove: [] as string[], replace: [] as EntryBody[], append: [] as EntryBody[] }, projects: { remove: [] as string[], replace: [] as EntryBody[], append: [] as EntryBody[] } };
  const ends = { events: { was: [] as MergedEvent[], now: [] as MergedEvent[] }, projects: { was: [] as MergedEvent[], now: [] as MergedEvent[] } };
  let root: EntryBody | null = null;
  for (const name of names) {
    const b = before.events.get(name);
    const a = after.events.get(name);
    if (name === ACCOUNT_ENTRY) {
      if (!standing(a)) return null;
      if (!standing(b) || !sameValue(a.body, b.body)) root = a.body;
      continue;
    }
    const id = idOfEntry(name);
    if (id === null) return null;
    if (standing(a) && a.body.id !== id) return null;
    const kind = isProjectEntry(name) ? 'projects' : 'events';
    if (base.events.has(name)) {
      if (standing(a) && !standing(b)) return null;
      if (standing(b) && !standing(a)) lists[kind].remove.push(id);
      else if (standing(a) && standing(b) && !sameValue(a.body, b.body)) lists[kind].replace.push(a.body);
      continue;
    }
    if (standing(b)) ends[kind].was.push(b);
    if (standing(a)) ends[kind].now.push(a);
  }
  for (const kind of ['events', 'projects'] as const) {
    const was = ends[kind].was.sort((x, y) => x.place - y.place);
    const now = ends[kind].now.sort((x, y) => x.place - y.place);
    let kept = 0;
    while (kept < was.length && kept < now.length && was[kept]!.id === now[kept]!.id && sameValue(was[kept]!.body, now[kept]!.body)) kept++;
    for (const e of was.slice(kept)) lists[kind].remove.push(idOfEntry(e.id)!);
    for (const e of now.slice(kept)) lists[kind].append.push(e.body!);
  }
  return { ...lists, root };
}

/** What the store noted of the changes since a revision (`backend/service/touched.ts`): the ids of the events and projects they touched, and whether they changed the account's root. */
export interface TouchedEntries {
  readonly events: ReadonlySet<string>;
  readonly projects: ReadonlySet<string>;
  readonly root: boolean;
}

/**
 * `entriesDiff` of `local` against the view `m` where `local` differs from the view's entries only in those
 * `touched` names (the store noted every change since they were the same), looking at those alone: the same changes
 * in the same order. `inOrder`: the entries added new (that `m` never held) are the ends of their lists, in the order
 * they are added, none of `m`'s stands again, and none it holds moved (each touched one stands between its
 * neighbours' places): data that was the view's in its order is then still so.
 */
export function entriesTouched(local: Pick<Data, 'account' | 'projects'>, touched: TouchedEntries, m: Merged): { readonly changes: EntryChange[]; readonly inOrder: boolean } {
  const found: { readonly name: string; readonly body: EntryBody; readonly list: 'events' | 'projects'; readonly index: number }[] = [];
  const events = local.account.events;
  const wanted = new Set(touched.events);
  // From the end, where the changes usually are; an event deleted is looked for through the whole list.
  for (let i = events.length - 1; i >= 0 && wanted.size > 0; i--) {
    const id = events[i]!.id;
    if (id !== undefined && wanted.delete(id)) found.push({ name: id, body: events[i]!, list: 'events', index: i });
  }
  found.reverse();
  const gone = [...wanted];
  local.projects.forEach((p, i) => {
    if (p.id !== undefined && touched.projects.has(p.id)) found.push({ name: `${PROJECT_ENTRY}${p.id}`, body: p, list: 'projects', index: i });
  });
  const foundProjects = new Set(local.projects.map((p) => p.id));
  for (const id of touched.projects) if (!foundProjects.has(id)) gone.push(`${PROJECT_ENTRY}${id}`);
  const changes: EntryChange[] = [];
  const added = { events: [] as number[], projects: [] as number[] };
  const lists = { events, projects: local.projects };
  /** The place in `m` of the item at `index` of a list: past every place when `m` lacks it (or the list ends there), null when it has no id. */
  const placeAt = (list: 'events' | 'projects', index: number): number | null => {
    const item = lists[list][index];
    if (item === undefined) return Infinity;
    if (item.id === undefined) return null;
    return m.events.get(list === 'events' ? item.id : `${PROJECT_ENTRY}${item.id}`)?.place ?? Infinity;
  };
  let inOrder = true;
  for (const { name, body, list, index } of found) {
    const held = m.events.get(name);
    // An entry the view holds stays between its neighbours' places, or it moved (taken out and put in elsewhere):
    // only the entries changes touch can move, so this is the whole list in the view's order.
    if (held !== undefined && held.body !== null) {
      const before = index === 0 ? -Infinity : placeAt(list, index - 1);
      const after = placeAt(list, index + 1);
      if (before === null || after === null || before > held.place || after < held.place) inOrder = false;
    }
    if (held === undefined) {
      changes.push({ eventId: name, kind: 'add', base: null, body });
      added[list].push(index);
    } else if (held.body === null) {
      changes.push({ eventId: name, kind: 'add', base: held.version, body });
      inOrder = false;
    } else if (!sameValue(held.body, body)) changes.push({ eventId: name, kind: 'replace', base: held.version, body });
  }
  if (touched.root) {
    const held = m.events.get(ACCOUNT_ENTRY);
    const body = rootOf(local);
    if (held === undefined || held.body === null) changes.push({ eventId: ACCOUNT_ENTRY, kind: 'add', base: held?.version ?? null, body });
    else if (!sameValue(held.body, body)) changes.push({ eventId: ACCOUNT_ENTRY, kind: 'replace', base: held.version, body });
  }
  const deleted = gone.map((name) => m.events.get(name)).filter(standing).sort((a, b) => a.place - b.place);
  for (const e of deleted) changes.push({ eventId: e.id, kind: 'delete', base: e.version, body: null });
  const atEnd = (indices: readonly number[], length: number) => indices.every((index, k) => index === length - indices.length + k);
  return { changes, inOrder: inOrder && atEnd(added.events, events.length) && atEnd(added.projects, local.projects.length) };
}
