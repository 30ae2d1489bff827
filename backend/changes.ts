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
 * and positions together; the oldest go first, and the newest change stays however large it is (a reset of a
 * large account holds its events). The file is written whole again once its lines outgrow the lists.
 */
import { z } from 'zod';
import type { ChangeEntry } from '../shared/api.ts';
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
const rev = count;
const lineSchema = z.union([
  z.strictObject({ rev, push: changeSchema }),
  z.strictObject({ rev, undone: z.number().int().positive() }),
  z.strictObject({ rev, redone: z.number().int().positive() }),
  z.strictObject({ rev, changes: z.strictObject({ undo: z.array(changeSchema), redo: z.array(changeSchema) }) }),
]);

/** A line of the file: what happened to the history, and the account's revision after it. */
type Line = { readonly rev: number } & ({ readonly push: Change } | { readonly undone: number } | { readonly redone: number } | { readonly changes: { readonly undo: readonly Change[]; readonly redo: readonly Change[] } });

interface Lists {
  undo: Change[];
  redo: Change[];
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

const changeItems = (c: Change) => opItems(c.redo) + opItems(c.undo);
const listItems = (lists: Lists) => [...lists.undo, ...lists.redo].reduce((n, c) => n + changeItems(c), 0);

/** Apply a line to the lists; false when it does not follow from them (it undoes a change that is not the next). */
function step(lists: Lists, line: Line, bounds: HistoryBounds): boolean {
  if ('push' in line) {
    lists.undo.push(line.push);
    lists.redo.length = 0;
    let items = listItems(lists);
    while (lists.undo.length > bounds.changes || (lists.undo.length > 1 && items > bounds.items)) items -= changeItems(lists.undo.shift()!);
    return true;
  }
  if ('undone' in line) {
    if (lists.undo.at(-1)?.id !== line.undone) return false;
    lists.redo.push(lists.undo.pop()!);
    return true;
  }
  if ('redone' in line) {
    if (lists.redo.at(-1)?.id !== line.redone) return false;
    lists.undo.push(lists.redo.pop()!);
    return true;
  }
  lists.undo = [...line.changes.undo];
  lists.redo = [...line.changes.redo];
  return true;
}

/** The history a file's text holds, if it is of the data at `revision` (its revisions follow one another up to it); null otherwise. */
export function historyRead(text: string, revision: number, bounds: HistoryBounds = HISTORY_BOUNDS): Lists | null {
  const lists: Lists = { undo: [], redo: [] };
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
    const data = line.data as Line;
    if (last !== null && data.rev !== last + 1) return null;
    if (!step(lists, data, bounds)) return null;
    last = data.rev;
  }
  return last === revision ? lists : null;
}

/** The history kept for `store`'s data: read from its folder, and written there as it changes. */
export function changesOpen(store: Store, log: (message: string) => void = () => {}, bounds: HistoryBounds = HISTORY_BOUNDS): Changes {
  const read = store.historyText === null ? null : historyRead(store.historyText, store.seq, bounds);
  if (store.historyText !== null && read === null) log('the undo history was not of the data as it is (a change was saved without it, or the file was changed); it starts empty');
  const lists: Lists = read ?? { undo: [], redo: [] };
  let nextId = Math.max(0, ...[...lists.undo, ...lists.redo].map((c) => c.id)) + 1;
  /** The file holds the lists as they are; false when it must be written whole (it was not read, or a line failed). */
  let inStep = read !== null || store.historyText === null;
  /** Lines and items appended since the file was last written whole: it is written whole again once they outgrow the lists. */
  let lines = 0;
  let items = 0;

  function writeWhole(): void {
    const line: Line = { rev: store.seq, changes: lists };
    inStep = store.historyWrite(`${JSON.stringify(line)}\n`);
    lines = 0;
    items = 0;
  }
  if (!inStep) writeWhole();

  function save(line: Line, added: number): void {
    lines += 1;
    items += added;
    if (!inStep || lines > 2 * (lists.undo.length + lists.redo.length) + 100 || items > 2 * listItems(lists) + 10_000) return writeWhole();
    inStep = store.historyAppend(`${JSON.stringify(line)}\n`);
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
      const line: Line = { rev: store.seq, push: change };
      step(lists, line, bounds);
      save(line, changeItems(change));
      return change;
    },
    undone() {
      const line: Line = { rev: store.seq, undone: lists.undo.at(-1)!.id };
      step(lists, line, bounds);
      save(line, 0);
    },
    redone() {
      const line: Line = { rev: store.seq, redone: lists.redo.at(-1)!.id };
      step(lists, line, bounds);
      save(line, 0);
    },
  };
}
