/**
 * The merge of a shared workspace's event log: the account is the fold of its ops in the server's order (`seq`,
 * never a device's clock), and every device that folds the same ops holds the same events. An op names the event it
 * touches and the version it was based on (the id of the op that last gave that event its value). Based on the
 * version that stands, it applies. Based on an older one (two devices changed the event from the same version, or
 * one changed it while another deleted it), the later in the server's order stands and the other is kept as a
 * conflict, with both versions, until a later op based on the standing version settles it (the user's choice is one
 * more op). A device folds its own ops not yet pushed on top of what it pulled, by the same rule.
 *
 * Mutable on purpose: a first sync folds a million ops, one at a time, into one map. An event's value is never
 * changed in place (an op sets a new one), so a fold can be a layer over another (`mergeOver`) that leaves it as it is.
 */
import type { SyncOpKind } from '../formats/syncOp.ts';

/** What the merge reads of an op (a pushed one, or one still in a device's outbox). */
export interface MergeOp {
  readonly id: string;
  readonly eventId: string;
  readonly kind: SyncOpKind;
  /** The version the change was based on: the id of the op that gave the event its value then; null for an add. */
  readonly base: string | null;
  /** The event, null for a delete. */
  readonly body: Readonly<Record<string, unknown>> | null;
  readonly member: string | null;
  readonly device: string;
}

/** An event as the merge holds it: its value (null once deleted: the version stays, for an undo to put it back), the op that gave it, and its place. Never changed: an op gives the event a new one. */
export interface MergedEvent {
  readonly id: string;
  readonly body: Readonly<Record<string, unknown>> | null;
  readonly version: string;
  readonly member: string | null;
  readonly device: string;
  /** Where it stands among the events: its first add's place in the order; put back by an undo, it goes back there. */
  readonly place: number;
}

/** Two changes of one event from the same version: the one that stands, and the other, kept with its value. */
export interface SyncConflict {
  readonly eventId: string;
  /** The op that stands: later in the server's order. */
  readonly standing: string;
  /** The op that does not, and the event as it made it (null: it deleted it). */
  readonly other: { readonly op: string; readonly body: Readonly<Record<string, unknown>> | null; readonly member: string | null; readonly device: string };
  /** The version the standing op was based on (null: it added the event again). */
  readonly base: string | null;
}

/** The events of a fold by id: a map, or a layer over another fold's (`mergeOver`). */
export interface MergedEvents {
  get(id: string): MergedEvent | undefined;
  has(id: string): boolean;
  set(id: string, e: MergedEvent): void;
  values(): IterableIterator<MergedEvent>;
  readonly size: number;
}

export interface Merged {
  readonly events: MergedEvents;
  /** Unsettled, in the order they arose. */
  readonly conflicts: SyncConflict[];
  /** Every op folded in, by id: an op folded twice (pulled again, pushed and pulled back) changes nothing the second time. */
  readonly seen: Set<string>;
  nextPlace: number;
}

export function mergeEmpty(): Merged {
  return { events: new Map(), conflicts: [], seen: new Set(), nextPlace: 0 };
}

/** Events set on top of another fold's, which stay as they are: what a layer reads is its own, or else theirs. */
class EventLayer implements MergedEvents {
  readonly own = new Map<string, MergedEvent>();
  constructor(readonly under: MergedEvents) {}
  get(id: string): MergedEvent | undefined {
    return this.own.get(id) ?? this.under.get(id);
  }
  has(id: string): boolean {
    return this.own.has(id) || this.under.has(id);
  }
  set(id: string, e: MergedEvent): void {
    this.own.set(id, e);
  }
  *values(): IterableIterator<MergedEvent> {
    for (const e of this.under.values()) yield this.own.get(e.id) ?? e;
    for (const e of this.own.values()) if (!this.under.has(e.id)) yield e;
  }
  get size(): number {
    let added = 0;
    for (const id of this.own.keys()) if (!this.under.has(id)) added++;
    return this.under.size + added;
  }
}

/**
 * A fold to fold more ops onto (a device's pending ops, a pull not yet saved), `m` left as it is: a layer over its
 * events, so making one costs what the ops folded onto it touch, not the size of `m`. `m` must not change while the
 * layer is read (`mergeSettle` moves a layer's events down once `m` is no longer needed as it was).
 */
export function mergeOver(m: Merged): Merged {
  return { events: new EventLayer(m.events), conflicts: [...m.conflicts], seen: new Set(m.seen), nextPlace: m.nextPlace };
}

/**
 * The fold `m` made by `mergeOver` (once or more) as one without layers, the folds under it given its events: the
 * folds it was made over are no longer as they were, and only `m`'s result is read after. Costs what the layers hold.
 */
export function mergeSettle(m: Merged): Merged {
  let events = m.events;
  const layers: EventLayer[] = [];
  for (; events instanceof EventLayer; events = events.under) layers.push(events);
  // A first sync's one layer over nothing: its events are the fold's as they are.
  if (layers.length === 1 && events.size === 0) events = layers[0]!.own;
  else for (const layer of layers.reverse()) for (const [id, e] of layer.own) events.set(id, e);
  return { events, conflicts: m.conflicts, seen: m.seen, nextPlace: m.nextPlace };
}

/** Fold `op` into `m` (ops in the server's order, then a device's own not yet pushed, in the order it made them). */
export function mergeApply(m: Merged, op: MergeOp): void {
  if (m.seen.has(op.id)) return;
  m.seen.add(op.id);
  mergeApplyNew(m, op);
}

/** `mergeApply` of an op `m` cannot hold yet (one pulled after the last seq: each op is pulled once), not remembered for a second time. */
export function mergeApplyNew(m: Merged, op: MergeOp): void {
  const body = op.kind === 'delete' ? null : op.body;
  const current = m.events.get(op.eventId);
  if (current === undefined) {
    m.events.set(op.eventId, { id: op.eventId, body, version: op.id, member: op.member, device: op.device, place: m.nextPlace++ });
    return;
  }
  if (op.base !== current.version) {
    m.conflicts.push({ eventId: op.eventId, standing: op.id, other: { op: current.version, body: current.body, member: current.member, device: current.device }, base: op.base });
  } else {
    // Based on the version that stands: the event's conflicts are settled by it (the user chose, or changed it since).
    for (let i = m.conflicts.length - 1; i >= 0; i--) if (m.conflicts[i]!.eventId === op.eventId && m.conflicts[i]!.standing === current.version) m.conflicts.splice(i, 1);
  }
  m.events.set(op.eventId, { id: op.eventId, body, version: op.id, member: op.member, device: op.device, place: current.place });
}

/** The events that stand (not deleted), in their places. */
export function mergedEvents(m: Merged): Readonly<Record<string, unknown>>[] {
  return [...m.events.values()]
    .filter((e) => e.body !== null)
    .sort((a, b) => a.place - b.place)
    .map((e) => e.body!);
}

/** The fold of `ops` in their order. */
export function mergeFold(ops: Iterable<MergeOp>, into = mergeEmpty()): Merged {
  for (const op of ops) mergeApply(into, op);
  return into;
}
