/**
 * What the session needs to know about a change before committing it, read from the data before it: the op that
 * undoes it, whether it still applies, where it touches the list of events, and a whole-data change as a patch.
 * Pure functions of the data and the op.
 */
import type { Account } from '../../shared/formats/account.ts';
import { listDiff, listPatchFits, listPatchInverse, sameValue, type AccountRoot, type Data, type Op } from '../../shared/store.ts';
import type { FileSpan } from '../../shared/engine/incremental.ts';
import { reject } from '../../shared/errors.ts';
import type { ChangeOp } from '../changes.ts';

/** The account's fields other than its events. */
export function rootOf(account: Account): AccountRoot {
  const { events: _, ...root } = account;
  return root;
}

/** Where event `id` is in the account's list; `not-found` when it is not there. */
export function eventIndex(data: Data, id: string): number {
  const i = data.account.events.findIndex((e) => e.id === id);
  if (i < 0) reject('not-found', 'id', `no event with id ${JSON.stringify(id)}`);
  return i;
}

/** Whether an op changes the account (not only the projects or the settings). */
export function opTouchesAccount(op: Op): boolean {
  if (op.op === 'set') return op.data.account !== undefined;
  if (op.op === 'patch') return op.events !== undefined || op.root !== undefined;
  return true;
}

/** Where an op changes the account's list of events, when that is one place (the engine then compares nothing else). */
export function opSpan(data: Data, op: Op): FileSpan | undefined {
  const n = data.account.events.length;
  switch (op.op) {
    case 'event-add':
      return op.index === undefined || op.index >= n ? { prefix: n, suffix: 0 } : { prefix: op.index, suffix: n - op.index };
    case 'events-add':
      return op.at === undefined ? { prefix: n, suffix: 0 } : undefined;
    case 'event-replace':
    case 'event-delete': {
      const i = eventIndex(data, op.id);
      return { prefix: i, suffix: n - 1 - i };
    }
    default:
      return undefined;
  }
}

/** Whether an op still applies to `data` (the events it names are there, or not yet): why not, or null. */
export function opConflict(data: Data, op: ChangeOp): string | null {
  const events = data.account.events;
  const has = (id: string | undefined) => events.some((e) => e.id === id);
  // The ids of many events, looked up once each (an op of one event only scans the list).
  const ids = () => new Set(events.map((e) => e.id));
  switch (op.op) {
    case 'event-add':
      return has(op.event.id) ? 'its event is already in the account' : null;
    case 'events-add': {
      const known = ids();
      return op.events.some((e) => known.has(e.id)) ? 'some of its events are already in the account' : null;
    }
    case 'event-replace':
    case 'event-delete':
      return has(op.id) ? null : 'its event is no longer in the account';
    case 'events-delete': {
      const known = ids();
      return op.ids.every((id) => known.has(id)) ? null : 'some of its events are no longer in the account';
    }
    case 'patch':
      if (op.events && !listPatchFits(events.length, op.events)) return 'the account is no longer as it left it';
      if (op.events && op.events.add.length > 0) {
        const known = ids();
        if (op.events.add.some((e) => e.id !== undefined && known.has(e.id))) return 'the account is no longer as it left it';
      }
      if (op.projects && !listPatchFits(data.projects.length, op.projects)) return 'the projects are no longer as it left them';
      return null;
  }
}

/** The op that undoes `op`, from the data before it. */
export function opInverse(data: Data, op: ChangeOp): ChangeOp {
  const events = data.account.events;
  switch (op.op) {
    case 'event-add':
      return { op: 'event-delete', id: op.event.id! };
    case 'event-replace':
      return { op: 'event-replace', id: op.id, event: events[eventIndex(data, op.id)]! };
    case 'event-delete': {
      const index = eventIndex(data, op.id);
      return { op: 'event-add', event: events[index]!, index };
    }
    case 'events-add':
      return { op: 'events-delete', ids: op.events.map((e) => e.id!) };
    case 'events-delete': {
      const gone = new Set(op.ids);
      const at: number[] = [];
      events.forEach((e, i) => e.id !== undefined && gone.has(e.id) && at.push(i));
      return { op: 'events-add', events: at.map((i) => events[i]!), at };
    }
    case 'patch':
      return {
        op: 'patch',
        ...(op.events ? { events: listPatchInverse(events, op.events) } : {}),
        ...(op.root ? { root: rootOf(data.account) } : {}),
        ...(op.projects ? { projects: listPatchInverse(data.projects, op.projects) } : {}),
        ...(op.settings ? { settings: data.settings } : {}),
      };
  }
}

/**
 * The data changed as a whole, as a record of what changes: the events and projects taken out and put in (the
 * same by id and content), the account's other fields and the settings where they change.
 */
export function opPatch(data: Data, next: Partial<Data>): ChangeOp {
  const key = (item: { readonly id?: string | undefined }) => item.id ?? item;
  const events = next.account && next.account.events !== data.account.events ? listDiff(data.account.events, next.account.events, key) : null;
  const projects = next.projects ? listDiff(data.projects, next.projects, key) : null;
  const changed = (p: { remove: readonly unknown[]; add: readonly unknown[] } | null) => p !== null && p.remove.length + p.add.length > 0;
  return {
    op: 'patch',
    ...(changed(events) ? { events: events! } : {}),
    ...(next.account && !sameValue(rootOf(data.account), rootOf(next.account)) ? { root: rootOf(next.account) } : {}),
    ...(changed(projects) ? { projects: projects! } : {}),
    ...(next.settings ? { settings: next.settings } : {}),
  };
}
