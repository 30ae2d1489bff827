/**
 * What each recent change touched: the events and projects it put in, replaced or took out (by id), and whether it
 * changed the account's other fields. The team sync asks what changed since the revision it last recorded, and
 * then looks at those entries only, not at a million. What is not known (a change before the session opened, one
 * of an item without an id, a change too large to note, or notes dropped to stay small) makes the answer null: the
 * sync then compares everything, as it would without this.
 */
import type { Data, Op } from '../../shared/store.ts';
import type { TouchedEntries } from '../../shared/sync/entries.ts';

/** What one change touched (read from the data before it is committed: a patch names what it takes out by index). */
export interface TouchedNote {
  /** Null: not known. */
  readonly events: readonly string[] | null;
  readonly projects: readonly string[] | null;
  readonly root: boolean;
}

type Note = TouchedNote & { readonly seq: number };

export interface TouchedLog {
  /** Changes after this revision are noted (or noted as not known). */
  floor: number;
  readonly notes: Note[];
  /** How many ids the notes hold. */
  held: number;
}

/** How many ids the notes hold at most: a change beyond it is noted as not known; older notes are dropped to make room. */
export const TOUCHED_MAX = 10_000;

export function touchedOpen(opened: number): TouchedLog {
  return { floor: opened, notes: [], held: 0 };
}

/** The ids of `items`; null when one has none. */
function idsOf(items: readonly { readonly id?: string | undefined }[]): string[] | null {
  const ids: string[] = [];
  for (const item of items) {
    if (item.id === undefined) return null;
    ids.push(item.id);
  }
  return ids;
}

/** The ids at `indices` of `list` (a patch's removals), with those of `added`. */
function patchIds<T extends { readonly id?: string | undefined }>(list: readonly T[], indices: readonly number[], added: readonly T[]): string[] | null {
  // More than can be noted: not known (a first sync's million), without listing them first.
  if (indices.length + added.length > TOUCHED_MAX) return null;
  const out = idsOf(indices.map((i) => list[i]!));
  const put = idsOf(added);
  return out === null || put === null ? null : [...out, ...put];
}

/** What `op` touches of `before` (the data it is about to be committed onto). */
export function touchedOf(before: Data, op: Op): TouchedNote {
  const none = { events: [], projects: [], root: false };
  switch (op.op) {
    case 'event-add':
      return { ...none, events: idsOf([op.event]) };
    case 'event-replace':
    case 'event-delete':
      return { ...none, events: [op.id] };
    case 'events-add':
      return { ...none, events: idsOf(op.events) };
    case 'events-delete':
      return { ...none, events: op.ids };
    case 'set':
      return { events: null, projects: null, root: true };
    case 'patch':
      return {
        events: op.events ? patchIds(before.account.events, op.events.remove, op.events.add) : [],
        projects: op.projects ? patchIds(before.projects, op.projects.remove, op.projects.add) : [],
        root: op.root !== undefined,
      };
  }
}

/** Note what the change committed as revision `seq` touched (`touchedOf` it). */
export function touchedNote(log: TouchedLog, touched: TouchedNote, seq: number): void {
  const size = (touched.events?.length ?? 0) + (touched.projects?.length ?? 0);
  log.notes.push(size > TOUCHED_MAX ? { seq, events: null, projects: null, root: touched.root } : { ...touched, seq });
  log.held += size > TOUCHED_MAX ? 0 : size;
  while (log.held > TOUCHED_MAX) {
    const dropped = log.notes.shift()!;
    log.held -= (dropped.events?.length ?? 0) + (dropped.projects?.length ?? 0);
    log.floor = dropped.seq;
  }
}

/**
 * What the changes after revision `since`, up to `now` (the store's), touched; null when that is not known: every
 * revision between must be noted (the store moved on other than through the session: not).
 */
export function touchedSince(log: TouchedLog, since: number, now: number): TouchedEntries | null {
  if (since < log.floor || since > now) return null;
  const events = new Set<string>();
  const projects = new Set<string>();
  let root = false;
  let expected = now;
  for (let i = log.notes.length - 1; i >= 0 && log.notes[i]!.seq > since; i--, expected--) {
    const note = log.notes[i]!;
    if (note.seq !== expected || note.events === null || note.projects === null) return null;
    for (const id of note.events) events.add(id);
    for (const id of note.projects) projects.add(id);
    root ||= note.root;
  }
  return expected === since ? { events, projects, root } : null;
}
