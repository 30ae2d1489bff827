/**
 * The revision at which each thing a window edits last changed: each project, the settings, the price list, each
 * event, and the account as a whole. A save edited from an older revision is refused only when its own object
 * changed since, not because of an entry made in another window. What changed before the session opened is not
 * known, so it counts as changed at the opening revision.
 */
import type { Account } from '../../shared/formats/account.ts';
import type { Data, Op } from '../../shared/store.ts';

export interface Revisions {
  /** The store's revision when the session opened. */
  readonly opened: number;
  readonly projects: Map<string, number>;
  settings: number;
  catalog: number;
  readonly events: Map<string, number>;
  /** When the account was last set as a whole: every event then counts as changed. */
  eventsReplaced: number;
}

/** The most events one patch notes one by one; a larger one counts as the account set whole. */
export const EVENTS_NOTED_MAX = 10_000;

export function revisionsOpen(opened: number): Revisions {
  return { opened, projects: new Map(), settings: opened, catalog: opened, events: new Map(), eventsReplaced: opened };
}

const catalogOf = (account: Account) => JSON.stringify([account.proTiers, account.freeQuota, account.rounding]);
const differ = (a: unknown, b: unknown) => a !== b && JSON.stringify(a) !== JSON.stringify(b);

/** Note which whole objects a change committed at `now` touched, from the data before it and after it. */
export function revisionsNoteData(r: Revisions, before: Data, after: Data, now: number): void {
  if (differ(before.settings, after.settings)) r.settings = now;
  if (before.account !== after.account && catalogOf(before.account) !== catalogOf(after.account)) r.catalog = now;
  if (before.projects === after.projects) return;
  const was = new Map(before.projects.map((p) => [p.id, p]));
  for (const p of after.projects) {
    if (p.id !== undefined && differ(was.get(p.id), p)) r.projects.set(p.id, now);
    was.delete(p.id);
  }
  for (const id of was.keys()) if (id !== undefined) r.projects.set(id, now);
}

/**
 * Note the events `op` changed, committed at `now`; `out`: the ids of those it took out. An event added is not
 * noted: no window holds it from before it was added, unless it is one put back (an undo of its deletion), and its
 * deletion was noted (or came before the session opened). So an import of a million rows notes nothing.
 */
export function revisionsNoteEvents(r: Revisions, op: Op, out: readonly (string | undefined)[], now: number): void {
  switch (op.op) {
    case 'event-add':
    case 'events-add':
      return;
    case 'event-replace':
    case 'event-delete':
      return void r.events.set(op.id, now);
    case 'events-delete':
      return op.ids.forEach((id) => r.events.set(id, now));
    case 'set':
      if (op.data.account !== undefined) r.eventsReplaced = now;
      return;
    case 'patch': {
      const add = op.events?.add ?? [];
      // A patch of more events than a window would edit one by one (a team's first sync) counts as the account set whole: not a map of a million ids.
      if (out.length + add.length > EVENTS_NOTED_MAX) return void (r.eventsReplaced = now);
      for (const id of [...out, ...add.map((e) => e.id)]) if (id !== undefined) r.events.set(id, now);
    }
  }
}

/** When event `id` last changed. */
export function revisionOfEvent(r: Revisions, id: string): number {
  return Math.max(r.events.get(id) ?? r.opened, r.eventsReplaced);
}

/** When project `id` last changed. */
export function revisionOfProject(r: Revisions, id: string): number {
  return r.projects.get(id) ?? r.opened;
}
