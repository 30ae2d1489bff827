/**
 * The merge of a shared workspace's event log: the account is the fold of its ops in the server's order (`seq`,
 * never a device's clock), and every device that folds the same ops holds the same events. An op names the event it
 * touches and the version it was based on (the id of the op that last gave that event its value). Based on the
 * version that stands, it applies. Based on an older one (two devices changed the event from the same version, or
 * one changed it while another deleted it), the later in the server's order stands and the other is kept as a
 * conflict, with both versions, until a later op based on the standing version settles it (the user's choice is one
 * more op). A device folds its own ops not yet pushed on top of what it pulled, by the same rule.
 *
 * Mutable on purpose: a first sync folds a million ops, one at a time, into one map.
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

/** An event as the merge holds it: its value (null once deleted: the version stays, for an undo to put it back), the op that gave it, and its place. */
export interface MergedEvent {
  readonly id: string;
  body: Readonly<Record<string, unknown>> | null;
  version: string;
  member: string | null;
  device: string;
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

export interface Merged {
  readonly events: Map<string, MergedEvent>;
  /** Unsettled, in the order they arose. */
  readonly conflicts: SyncConflict[];
  /** Every op folded in, by id: an op folded twice (pulled again, pushed and pulled back) changes nothing the second time. */
  readonly seen: Set<string>;
  nextPlace: number;
}

export function mergeEmpty(): Merged {
  return { events: new Map(), conflicts: [], seen: new Set(), nextPlace: 0 };
}

/** A copy to fold a device's pending ops onto, the pulled fold left as it is. */
export function mergeCopy(m: Merged): Merged {
  const events = new Map<string, MergedEvent>();
  for (const [id, e] of m.events) events.set(id, { ...e });
  return { events, conflicts: [...m.conflicts], seen: new Set(m.seen), nextPlace: m.nextPlace };
}

/** Fold `op` into `m` (ops in the server's order, then a device's own not yet pushed, in the order it made them). */
export function mergeApply(m: Merged, op: MergeOp): void {
  if (m.seen.has(op.id)) return;
  m.seen.add(op.id);
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
  current.body = body;
  current.version = op.id;
  current.member = op.member;
  current.device = op.device;
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
