/**
 * A device's outbox, by example: what its data changes of its view becomes ops with their ids and bases, folded
 * into the view as they are made; a first sync joins (no delete, the team's root kept); the count of what waits is
 * the ops in flight and the changes not yet recorded.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_FORMAT, type AccountEvent } from '../formats/account.ts';
import { syncStateNew, type SyncState } from '../formats/syncState.ts';
import type { Data } from '../store.ts';
import { entriesData } from './entries.ts';
import { DEFAULT_SETTINGS } from '../api.ts';
import { outboxPending, outboxRecord, outboxView } from './outbox.ts';

const usage = (id: string, minutes: number) => ({ id, date: '2026-01-02', type: 'usage', feature: 'avatar-iv', minutes }) as AccountEvent;
const data = (...events: AccountEvent[]): Pick<Data, 'account' | 'projects'> => ({ account: { format: ACCOUNT_FORMAT, events }, projects: [] });
const link = { server: 'postgresql://ana@db.example/cc', workspace: '0193b4a0-0000-7000-8000-000000000001', name: 'Studio', device: 'laptop', member: 'Ana' };
let n = 0;
const newId = () => `01939a00-0000-7000-8000-${String(++n).padStart(12, '0')}`;

/** A joined device whose view holds `held`, nothing in flight. */
function joined(held: Pick<Data, 'account' | 'projects'>): SyncState {
  const state = { ...syncStateNew(link, 0), joined: true };
  const view = outboxView(state);
  return { ...state, inflight: outboxRecord(held, view, state, newId) };
}

describe('the outbox', () => {
  it('the changes of the data become ops, ids given, based on the view’s versions, made by this device and member; the view then holds the data', () => {
    const state = joined(data(usage('a', 1), usage('b', 2)));
    const view = outboxView(state);
    const base = view.events.get('a')!.version;
    const ops = outboxRecord(data(usage('a', 5), usage('c', 1)), view, state, newId);
    expect(ops.map((o) => [o.kind, o.eventId, o.base === null ? null : o.base === base ? 'a’s' : o.base])).toEqual([
      ['replace', 'a', 'a’s'],
      ['add', 'c', null],
      ['delete', 'b', state.inflight.find((o) => o.eventId === 'b')!.id],
    ]);
    expect(ops.every((o) => o.workspace === link.workspace && o.device === 'laptop' && o.member === 'Ana')).toBe(true);
    expect(new Set(ops.map((o) => o.id)).size).toBe(3);
    expect(entriesData(view, DEFAULT_SETTINGS).account.events).toEqual([usage('a', 5), usage('c', 1)]);
  });

  it('a first sync joins: nothing deleted for being absent, the team’s @account kept', () => {
    const team = joined(data(usage('a', 1)));
    const mine = { ...syncStateNew(link, 0) };
    const ops = outboxRecord({ account: { format: ACCOUNT_FORMAT, freeQuota: { videos: 3, maxMinutes: 1 }, events: [usage('z', 1)] }, projects: [] }, outboxView(team), mine, newId);
    expect(ops.map((o) => `${o.kind} ${o.eventId}`)).toEqual(['add z']);
  });

  it('what waits: the ops in flight, and the changes not yet recorded', () => {
    const state = joined(data(usage('a', 1)));
    expect(outboxPending(data(usage('a', 1)), state)).toBe(2);
    expect(outboxPending(data(usage('a', 2), usage('b', 1)), state)).toBe(4);
    expect(outboxPending(data(usage('a', 1)), { ...state, fold: outboxView(state), inflight: [] })).toBe(0);
  });
});
