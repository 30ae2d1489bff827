/** The team sync as the page words it, at a given time: tables of cases on the renderer's own functions. */
import { describe, expect, it } from 'vitest';
import type { SyncView } from '../shared/api.ts';
import { syncAgo, syncVersionWhat, syncVersionWho, syncWhen, syncWords } from './sync.ts';

const NOW = new Date(2026, 11, 6, 10, 50, 0).getTime();
const at = (h: number, m: number, s = 0, day = 6) => new Date(2026, 11, day, h, m, s).toISOString();
const view = (over: Partial<SyncView>): SyncView => ({ phase: 'synced', message: null, since: at(9, 0), lastSyncAt: at(10, 49, 48), pending: 0, conflicts: [], receiving: null, server: 'postgresql://alice@db.example:5432/cc', workspace: 'Team', device: 'dev-a', ...over });
const version = { op: 'op-1', body: { id: 'e1', date: '2026-01-05', type: 'usage', feature: 'avatar-iv', minutes: 5 }, member: 'Bob', device: 'dev-b' };

describe('syncAgo: how long ago, in the largest whole unit', () => {
  it.each<[number, string]>([
    [-5000, 'just now'],
    [0, 'just now'],
    [999, 'just now'],
    [1000, '1 s ago'],
    [12_400, '12 s ago'],
    [59_999, '59 s ago'],
    [60_000, '1 min ago'],
    [3_599_000, '59 min ago'],
    [3_600_000, '1 h ago'],
    [86_399_000, '23 h ago'],
    [86_400_000, '1 day ago'],
    [3 * 86_400_000, '3 days ago'],
  ])('%i ms: %s', (ms, said) => expect(syncAgo(ms)).toBe(said));
});

describe('syncWords: what the indicator says, its tone and its accessible name', () => {
  it.each<[string, Partial<SyncView>, readonly string[], string]>([
    ['synced, nothing waiting', {}, ['synced 12 s ago'], 'good'],
    ['synced, never yet at a time (a state from before)', { lastSyncAt: null }, ['synced'], 'good'],
    ['synced, a change made since', { pending: 1 }, ['synced 12 s ago', '1 change waiting'], 'wait'],
    ['offline today, three waiting', { phase: 'offline', since: at(10, 42), pending: 3 }, ['offline since 10:42', '3 changes waiting'], 'wait'],
    ['offline since another day', { phase: 'offline', since: at(23, 5, 0, 4) }, [`offline since ${new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(2026, 11, 4))}, 23:05`], 'wait'],
    ['a conflict', { conflicts: [{ eventId: 'e1', standing: version, other: { ...version, member: 'Alice', device: 'dev-a' } }] }, ['synced 12 s ago', 'conflict: 1'], 'act'],
    ['refused', { phase: 'refused', message: 'The plan was deleted' }, ['not synced: the team’s changes cannot be brought in'], 'act'],
    ['failed', { phase: 'failed', message: 'password' }, ['not synced: the server refused this device'], 'act'],
    ['not yet synced', { phase: 'idle', lastSyncAt: null }, ['connecting…'], 'wait'],
    ['a first sync bringing the team’s changes in', { phase: 'idle', lastSyncAt: null, receiving: { done: 120_000, total: 1_000_000 } }, [`receiving ${(120_000).toLocaleString()} of ${(1_000_000).toLocaleString()} changes`], 'wait'],
    ['synced, then a page of the team’s changes coming', { receiving: { done: 10_000, total: 25_000 } }, ['synced 12 s ago', `receiving ${(10_000).toLocaleString()} of ${(25_000).toLocaleString()} changes`], 'wait'],
  ])('%s', (_, over, parts, tone) => {
    const words = syncWords(view(over), NOW);
    expect(words).toEqual({ parts, tone, label: `Team sync of “Team”: ${parts.join(', ')}` });
  });
});

describe('syncWhen: the time of day, the date too when not today', () => {
  it('today: 10:42; yesterday: its date and 10:42', () => {
    expect(syncWhen(at(10, 42), NOW)).toBe('10:42');
    expect(syncWhen(at(10, 42, 0, 5), NOW)).toMatch(/5.*2026, 10:42$/);
  });
});

describe('a conflict’s versions: what each is, who made it where', () => {
  it.each<[string, Parameters<typeof syncVersionWhat>, string]>([
    ['a usage', ['e1', version], `Avatar IV / Avatar V, 5 min, ${new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(2026, 0, 5))}`],
    ['a deletion', ['e1', { ...version, body: null }], 'Deleted'],
    ['a project', ['@project:p1', { ...version, body: { id: 'p1', name: 'Launch' } }], 'Project “Launch”'],
    ['the account root', ['@account', { ...version, body: {} }], 'The account’s prices and free quota'],
    ['an entry of a newer app', ['e1', { ...version, body: { type: 'teleport' } }], 'An entry this version of the app cannot read'],
  ])('%s', (_, args, said) => expect(syncVersionWhat(...args)).toBe(said));

  it.each<[string, Parameters<typeof syncVersionWho>, string]>([
    ['another device', [version, 'dev-a'], 'Bob on device dev-b'],
    ['this one', [version, 'dev-b'], 'Bob on this device'],
    ['no member named, another device', [{ ...version, member: null, device: '3f2a9c1d-0000-4000-8000-000000000000' }, 'dev-a'], 'On device 3f2a9c1d'],
    ['no member named, this device', [{ ...version, member: null }, 'dev-b'], 'On this device'],
  ])('%s', (_, args, said) => expect(syncVersionWho(...args)).toBe(said));
});
