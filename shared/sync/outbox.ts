/**
 * A device's outbox, derived and never kept apart from what is durable: the ops it made that the server has not yet
 * shown back (`inflight`, in its sync state, with their ids), and the changes of its data since it was last made
 * the fold with those on top (the difference of its entries from that view). Recording the changes turns them into
 * ops, ids given, based on the versions the device had when it made them: an op based on a version the server has
 * since moved on from is a conflict in the fold, as the merge says.
 */
import type { Data } from '../store.ts';
import type { SyncOp } from '../formats/syncOp.ts';
import type { SyncState } from '../formats/syncState.ts';
import { entriesDiff, entriesOf, entriesTouched, type EntryChange, type TouchedEntries } from './entries.ts';
import { mergeApply, mergeFold, mergeOver, type Merged } from './merge.ts';

/** What the device shows: the fold of what it pulled, its ops not yet shown back on top (a layer over the fold: it costs what they touch). */
export function outboxView(state: Pick<SyncState, 'fold' | 'inflight'>): Merged {
  return mergeFold(state.inflight, mergeOver(state.fold));
}

/** `changes` as this device's ops, ids given, each folded into `view` as it is made. */
function opsOf(changes: readonly EntryChange[], view: Merged, state: Pick<SyncState, 'link'>, newId: () => string): SyncOp[] {
  const { workspace, member, device } = state.link;
  const ops = changes.map((c): SyncOp => ({ id: newId(), workspace, eventId: c.eventId, kind: c.kind, member, device, base: c.base, body: c.body }));
  for (const op of ops) mergeApply(view, op);
  return ops;
}

/**
 * The ops that make `local` of `view` (the device's view, `join`: the fold of its first pull), each folded into
 * `view` as it is made: `view` then holds the device's data. `newId` gives each op its id (a UUIDv7).
 */
export function outboxRecord(local: Pick<Data, 'account' | 'projects'>, view: Merged, state: Pick<SyncState, 'link' | 'joined'>, newId: () => string): SyncOp[] {
  return opsOf(entriesDiff(entriesOf(local), view, !state.joined), view, state, newId);
}

/**
 * `outboxRecord` of a joined device whose data differs from `view` only in the entries `touched` names, looking at
 * those alone. `inOrder`: data that was the view's in its order still is (`entriesTouched`).
 */
export function outboxRecordTouched(local: Pick<Data, 'account' | 'projects'>, touched: TouchedEntries, view: Merged, state: Pick<SyncState, 'link'>, newId: () => string): { readonly ops: SyncOp[]; readonly inOrder: boolean } {
  const { changes, inOrder } = entriesTouched(local, touched, view);
  return { ops: opsOf(changes, view, state, newId), inOrder };
}

/** How many of the device's changes the server does not hold yet: the ops in flight, and the changes not yet recorded (of the entries `touched` names, when known). */
export function outboxPending(local: Pick<Data, 'account' | 'projects'>, state: Pick<SyncState, 'fold' | 'inflight' | 'joined'>, touched: TouchedEntries | null = null): number {
  const view = outboxView(state);
  const unrecorded = touched !== null && state.joined ? entriesTouched(local, touched, view).changes : entriesDiff(entriesOf(local), view, !state.joined);
  return state.inflight.length + unrecorded.length;
}
