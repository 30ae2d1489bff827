/** `sync.json` read back: what was written, fold and ops in flight included; anything else refused, naming the field and the rule. */
import { describe, expect, it } from 'vitest';
import { mergeFold, type MergeOp } from '../sync/merge.ts';
import { syncStateNew, syncStateRead, syncStateText, type SyncState } from './syncState.ts';

const link = { server: 'postgresql://ana@db.example:5432/cc', workspace: '0193b4a0-0000-7000-8000-000000000001', name: 'Studio', device: 'laptop', member: 'Ana' };
const op = (id: string, eventId: string, base: string | null, minutes: number): MergeOp => ({ id, eventId, kind: base === null ? 'add' : 'replace', base, body: { id: eventId, minutes }, member: 'Bo', device: 'desktop' });

describe('sync.json', () => {
  it('reads back what was written: the link, the fold with its places, versions and conflicts, the ops in flight', () => {
    const a = '01939a00-0000-7000-8000-000000000001';
    const fold = mergeFold([op(a, 'e1', null, 1), op('01939a00-0000-7000-8000-000000000002', 'e1', a, 2), op('01939a00-0000-7000-8000-000000000003', 'e1', a, 3)]);
    const inflight = [{ id: '01939a00-0000-7000-9000-000000000001', workspace: link.workspace, eventId: 'e2', kind: 'add' as const, member: 'Ana', device: 'laptop', base: null, body: { id: 'e2' } }];
    const state: SyncState = { ...syncStateNew(link, 4), joined: true, seq: 3, fold, inflight, lastSyncAt: '2026-12-06T03:00:00.000Z' };
    const read = syncStateRead(syncStateText(state));
    expect(read.ok && { ...read.state, fold: { ...read.state.fold, seen: fold.seen } }).toEqual(state);
    expect(read.ok && read.state.fold.conflicts).toHaveLength(1);
  });

  it('a new link: not joined, nothing pulled, nothing in flight', () => {
    const state = syncStateNew(link, 7);
    expect({ ...state, fold: { ...state.fold, events: [...state.fold.events], seen: [...state.fold.seen] } }).toEqual({
      link,
      joined: false,
      seq: 0,
      localSeq: 7,
      lastSyncAt: null,
      fold: { events: [], conflicts: [], seen: [], nextPlace: 0 },
      inflight: [],
    });
  });

  const good = JSON.parse(syncStateText(syncStateNew(link, 0))) as Record<string, unknown>;
  const cases: readonly [string, unknown, string][] = [
    ['not JSON', '{', 'it is not valid JSON'],
    ['not an object', '[]', 'it: must be an object, not a list'],
    ['another format', { ...good, format: 'credit-companion/sync@9' }, 'format: must be credit-companion/sync@1'],
    ['a password in the server’s address', { ...good, link: { ...link, server: 'postgresql://ana:secret@db.example/cc' } }, 'link.server: must be a connection string without a password'],
    ['a workspace that is not an id', { ...good, link: { ...link, workspace: 'Studio' } }, 'link.workspace: must be a workspace id (a UUID)'],
    ['a seq below zero', { ...good, seq: -1 }, 'seq: must not be negative'],
    ['an op in flight without an id', { ...good, inflight: [{ workspace: link.workspace, eventId: 'e', kind: 'add', member: null, device: 'd', base: null, body: {} }] }, 'inflight[0].id'],
  ];
  it.each(cases)('refused, the field and the rule named: %s', (_, value, reason) => {
    const read = syncStateRead(typeof value === 'string' ? value : JSON.stringify(value));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toContain(reason);
  });
});
