/**
 * The undo history: the last changes, each with the op that made it and the op that undoes it, taken from the
 * data before it. Both are records of what changed (the events, projects or fields it touched), never a copy of
 * the account, so a change's size is its own.
 *
 * The history outlives a restart: the data folder keeps it in `account.history`, a journal of its own with a line
 * per change made, undone or redone, each with the account's revision after it, rewritten from time to time as one
 * line that holds the two lists. It is read back only when it is of the data as it is: its revisions follow one
 * another and the last is the store's. Otherwise (a crash between a change and its line, a backup restored at
 * opening, a file edited by hand) the history starts empty, as an undo recorded for other data could undo the
 * wrong thing.
 *
 * Its size is bounded (HISTORY_BOUNDS): the last 100 changes, whose records hold at most 200,000 events, projects
 * and positions of their own together; the oldest go first, and the newest change stays however large it is (a reset
 * of a large account holds its events). An import the account holds holds none of its own (below). The file is
 * written whole again once its lines outgrow the lists.
 *
 * An import the account still holds is not copied into the file: its line names its events (their ids run from
 * one to another, so many of them, `StoredEvents`), and reading the file takes them from the account, each as it
 * was imported (an event changed since, by a change still to undo, as that change's undo gives it back). Undone,
 * the import is no longer in the account, and the file is written whole with its events.
 */
import { z } from 'zod';
import type { ChangeEntry } from '../shared/api.ts';
import type { AccountEvent } from '../shared/formats/account.ts';
import { opSchema, type Op } from '../shared/store.ts';
import type { Store } from './store.ts';

/** An op the history keeps: a whole-data change is kept as a patch of what it changed, never as a `set` of the data. */
export type ChangeOp = Exclude<Op, { readonly op: 'set' }>;

/** A change as the history keeps it: what it did, the op that made it and the op that undoes it. */
export interface Change extends ChangeEntry {
  readonly redo: ChangeOp;
  readonly undo: ChangeOp;
}

/** How far the history goes back: the most changes, and the most events, projects and positions their records hold together. */
export interface HistoryBounds {
  readonly changes: number;
  readonly items: number;
}

/** Undo goes back 100 changes, holding at most 200,000 events (about 20 MB). */
export const HISTORY_BOUNDS: HistoryBounds = { changes: 100, items: 200_000 };

export interface Changes {
  /** Oldest first: the last is the next to undo. */
  readonly undo: readonly Change[];
  /** Oldest first: the last is the next to redo. */
  readonly redo: readonly Change[];
  /** Keep a change just committed; Redo is cleared. */
  push(change: Omit<Change, 'id'>): Change;
  /** The next change to undo was undone (committed): it is the next to redo. */
  undone(): void;
  /** The next change to redo was redone (committed): it is the next to undo. */
  redone(): void;
}

const count = z.number().int().nonnegative();
const size = z.strictObject({ events: count, projects: count });
const changeOp = opSchema.refine((op) => op.op !== 'set', { error: 'a change is kept as a patch' });
const changeSchema = z.strictObject({
  id: z.number().int().positive(),
  label: z.string(),
  at: z.string(),
  whole: z.strictObject({ before: size, after: size }).optional(),
  redo: changeOp,
  undo: changeOp,
});
/** An import's events, named rather than copied: those of the account whose ids run from `from` to `to`, `count` of them, in the account's order. */
interface StoredEvents {
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

/** A change the file holds by name: an import (its redo adds the events, its undo deletes them) the account still holds. */
interface StoredChange extends ChangeEntry {
  readonly imported: StoredEvents;
}

const storedChangeSchema = z.strictObject({
  id: z.number().int().positive(),
  label: z.string(),
  at: z.string(),
  whole: z.strictObject({ before: size, after: size }).optional(),
  imported: z.strictObject({ from: z.string().min(1), to: z.string().min(1), count: z.number().int().positive() }),
});
const fileChange = z.union([changeSchema, storedChangeSchema]);
const rev = count;
const lineSchema = z.union([
  z.strictObject({ rev, push: fileChange }),
  z.strictObject({ rev, undone: z.number().int().positive() }),
  z.strictObject({ rev, redone: z.number().int().positive() }),
  z.strictObject({ rev, changes: z.strictObject({ undo: z.array(fileChange), redo: z.array(changeSchema) }) }),
]);

/** A change as the file holds it: whole, or an import by name. */
type FileChange = Change | StoredChange;

/** A line of the file: what happened to the history, and the account's revision after it. */
type Line<C = FileChange> = { readonly rev: number } & ({ readonly push: C } | { readonly undone: number } | { readonly redone: number } | { readonly changes: { readonly undo: readonly C[]; readonly redo: readonly Change[] } });

interface Lists<C = Change> {
  undo: C[];
  redo: C[];
}

/** The fewest events an import has for its line to name them rather than copy them. */
const STORED_MIN = 1000;

/** An import whose line may name its events: many, each with an id, the ids ascending (as the app makes them), its undo deleting those ids. */
function importNamed(c: Change): StoredEvents | null {
  const { redo, undo } = c;
  if (redo.op !== 'events-add' || redo.at !== undefined || undo.op !== 'events-delete') return null;
  const { events } = redo;
  const n = events.length;
  if (n < STORED_MIN || undo.ids.length !== n) return null;
  for (let i = 0; i < n; i++) {
    const id = events[i]!.id;
    if (id === undefined || id !== undo.ids[i] || (i > 0 && !(events[i - 1]!.id! < id))) return null;
  }
  return { from: events[0]!.id!, to: events[n - 1]!.id!, count: n };
}

/** A change as a line holds it: an import the account holds (`applied`) by name, any other whole. */
function changeOut(c: Change, applied: boolean): FileChange {
  const stored = applied ? importNamedOnce(c) : null;
  if (stored === null) return c;
  const { redo: _redo, undo: _undo, ...entry } = c;
  return { ...entry, imported: stored };
}

/** The events each event-holding op gives back as they were before its change (an undo's). */
function eventsGivenBack(op: ChangeOp): readonly AccountEvent[] {
  switch (op.op) {
    case 'event-add':
    case 'event-replace':
      return [op.event];
    case 'events-add':
      return op.events;
    case 'patch':
      return op.events?.add ?? [];
    default:
      return [];
  }
}

/**
 * The changes to undo with the imports they name made whole from `events` (the account now): each event as it was
 * imported, which is as the account holds it unless a later change still to undo changed or deleted it (then as
 * that change's undo gives it back), in the order of their ids (the order they were imported in). Null when an
 * import's events are not all there (the file is not of this account).
 */
function undoResolved(undo: readonly FileChange[], events: readonly AccountEvent[]): Change[] | null {
  const out: Change[] = [];
  for (let k = 0; k < undo.length; k++) {
    const c = undo[k]!;
    if (!('imported' in c)) {
      out.push(c);
      continue;
    }
    const { from, to, count: n } = c.imported;
    const inRange = (id: string | undefined): id is string => id !== undefined && id >= from && id <= to;
    const before = new Map<string, AccountEvent>();
    for (const later of undo.slice(k + 1)) {
      if (!('imported' in later)) for (const e of eventsGivenBack(later.undo)) if (inRange(e.id) && !before.has(e.id)) before.set(e.id, e);
    }
    const added: AccountEvent[] = [];
    for (const e of events) {
      if (!inRange(e.id)) continue;
      added.push(before.get(e.id) ?? e);
      before.delete(e.id);
    }
    // Deleted since, by a change still to undo: back in its place among the others.
    if (before.size > 0) {
      added.push(...before.values());
      added.sort((a, b) => (a.id! < b.id! ? -1 : 1));
    }
    if (added.length !== n || added.some((e, i) => i > 0 && !(added[i - 1]!.id! < e.id!))) return null;
    const { imported: _imported, ...entry } = c;
    out.push({ ...entry, redo: { op: 'events-add', events: added }, undo: { op: 'events-delete', ids: added.map((e) => e.id!) } });
  }
  return out;
}

/** How many events, projects and positions an op holds. */
function opItems(op: ChangeOp): number {
  switch (op.op) {
    case 'event-add':
    case 'event-replace':
    case 'event-delete':
      return 1;
    case 'events-add':
      return op.events.length;
    case 'events-delete':
      return op.ids.length;
    case 'patch': {
      const list = (p: { remove: readonly unknown[]; add: readonly unknown[] } | undefined) => (p ? p.remove.length + p.add.length : 0);
      return 1 + list(op.events) + list(op.projects) + (op.root?.proTiers?.length ?? 0);
    }
  }
}

/** How many items a change's records hold (an import named in the file, as many as when whole). */
const changeItems = (c: FileChange) => ('imported' in c ? 2 * c.imported.count : opItems(c.redo) + opItems(c.undo));

/** Each change's `importNamed`, worked out once: it walks the import's events, and a change is asked at every push, undo and redo. */
const namedOnce = new WeakMap<Change, StoredEvents | null>();

function importNamedOnce(c: Change): StoredEvents | null {
  let named = namedOnce.get(c);
  if (named === undefined) namedOnce.set(c, (named = importNamed(c)));
  return named;
}

/**
 * How many items a change still to undo holds of its own. An import the account holds holds none: its events are the
 * account's own, and its line names them. So a large import stays undoable after the changes made since, as long as
 * the account holds it; undone, it holds its events alone (the redo list counts them whole).
 */
function undoItems(c: FileChange): number {
  if ('imported' in c) return 1;
  return importNamedOnce(c) !== null ? 1 : changeItems(c);
}

const listItems = (lists: Lists<FileChange>) => lists.undo.reduce((n, c) => n + undoItems(c), 0) + lists.redo.reduce((n, c) => n + changeItems(c), 0);

/** Apply a line to the lists; false when it does not follow from them (it undoes a change that is not the next, or one the file names). */
function step<C extends FileChange>(lists: Lists<C>, line: Line<C>, bounds: HistoryBounds): boolean {
  if ('push' in line) {
    lists.undo.push(line.push);
    lists.redo.length = 0;
    let items = listItems(lists);
    while (lists.undo.length > bounds.changes || (lists.undo.length > 1 && items > bounds.items)) items -= undoItems(lists.undo.shift()!);
    return true;
  }
  if ('undone' in line) {
    const undone = lists.undo.at(-1);
    // An import undone is written whole (the account no longer holds its events): a line that says it was undone after it named them does not follow.
    if (undone?.id !== line.undone || 'imported' in undone) return false;
    lists.redo.push(lists.undo.pop()!);
    return true;
  }
  if ('redone' in line) {
    if (lists.redo.at(-1)?.id !== line.redone) return false;
    lists.undo.push(lists.redo.pop()!);
    return true;
  }
  lists.undo = [...line.changes.undo];
  lists.redo = [...(line.changes.redo as C[])];
  return true;
}

/** The history a file's text holds, if it is of the data at `revision` whose events are `events` (its revisions follow one another up to it, the imports it names are there); null otherwise. */
export function historyRead(text: string, revision: number, events: readonly AccountEvent[], bounds: HistoryBounds = HISTORY_BOUNDS): Lists | null {
  const lists: Lists<FileChange> = { undo: [], redo: [] };
  let last: number | null = null;
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return null;
    }
    const line = lineSchema.safeParse(parsed);
    if (!line.success) return null;
    const data = line.data as Line<FileChange>;
    if (last !== null && data.rev !== last + 1) return null;
    if (!step(lists, data, bounds)) return null;
    last = data.rev;
  }
  if (last !== revision || lists.redo.some((c) => 'imported' in c)) return null;
  const undo = undoResolved(lists.undo, events);
  return undo === null ? null : { undo, redo: lists.redo as Change[] };
}

/** The history kept for `store`'s data: read from its folder, and written there as it changes. */
export function changesOpen(store: Store, log: (message: string) => void = () => {}, bounds: HistoryBounds = HISTORY_BOUNDS): Changes {
  const read = store.historyText === null ? null : historyRead(store.historyText, store.seq, store.data.account.events, bounds);
  if (store.historyText !== null && read === null) log('the undo history was not of the data as it is (a change was saved without it, or the file was changed); it starts empty');
  const lists: Lists = read ?? { undo: [], redo: [] };
  let nextId = Math.max(0, ...[...lists.undo, ...lists.redo].map((c) => c.id)) + 1;
  /** The file holds the lists as they are; false when it must be written whole (it was not read, or a line failed). */
  let inStep = read !== null || store.historyText === null;
  /** Lines and items appended since the file was last written whole: it is written whole again once they outgrow the lists. */
  let lines = 0;
  let items = 0;

  function writeWhole(): void {
    const line: Line = { rev: store.seq, changes: { undo: lists.undo.map((c) => changeOut(c, true)), redo: lists.redo } };
    inStep = store.historyWrite(`${JSON.stringify(line)}\n`);
    lines = 0;
    items = 0;
  }
  if (!inStep) writeWhole();

  function save(line: Line<Change>, added: number): void {
    lines += 1;
    items += added;
    if (!inStep || lines > 2 * (lists.undo.length + lists.redo.length) + 100 || items > 2 * listItems(lists) + 10_000) return writeWhole();
    const out: Line = 'push' in line ? { rev: line.rev, push: changeOut(line.push, true) } : line;
    inStep = store.historyAppend(`${JSON.stringify(out)}\n`);
  }

  return {
    get undo() {
      return lists.undo;
    },
    get redo() {
      return lists.redo;
    },
    push(made) {
      const change: Change = { id: nextId++, ...made };
      const line: Line<Change> = { rev: store.seq, push: change };
      step(lists, line, bounds);
      save(line, undoItems(change));
      return change;
    },
    undone() {
      const change = lists.undo.at(-1)!;
      const line: Line<Change> = { rev: store.seq, undone: change.id };
      step(lists, line, bounds);
      // An import the file named is no longer in the account: the file now holds its events.
      if (importNamedOnce(change) !== null) writeWhole();
      else save(line, 0);
    },
    redone() {
      const change = lists.redo.at(-1)!;
      const line: Line<Change> = { rev: store.seq, redone: change.id };
      step(lists, line, bounds);
      // The import is in the account again: the file names it rather than hold its events.
      if (importNamedOnce(change) !== null) writeWhole();
      else save(line, 0);
    },
  };
}
