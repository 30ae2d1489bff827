/** The usage log's handlers called as the service calls them: the session, and an input the contract has read. */
import { describe, expect, it } from 'vitest';
import { api, type UsageList } from '../../shared/api.ts';
import { ExpectedError } from '../../shared/errors.ts';
import { sessionFresh, valueOf } from '../../test/fixtures/session.ts';
import { eventHandlers } from './events.ts';
import { usageHandlers } from './usage.ts';

const subscribe = { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 } };
/** An input as the contract reads it. */
const add = (input: unknown) => api['usage-add'].input.parse(input);
const edit = (input: unknown) => api['usage-edit'].input.parse(input);
const list = (input: unknown) => api['usage-list'].input.parse(input);

describe('usage handlers', () => {
  it('usage-add records the usage for Undo, named, and the list counts it with what it cost', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    const state = usageHandlers['usage-add'](s, add({ date: '2026-02-20', feature: 'avatar-iv', minutes: 10, project: 'Launch' }));
    expect(state.changes.undo!.label).toBe('Added a usage: Avatar IV / Avatar V, 10 min');
    expect(state.revision).toBe(2);
    const listed = usageHandlers['usage-list'](s, list({ project: 'Launch' }));
    expect([listed.total, listed.totalCredits / 3600, listed.rows.map((r) => r.feature)]).toEqual([1, 200, ['avatar-iv']]);
  });

  it('usage-edit from before another window changed the same usage is a conflict naming what it is now; told to overwrite, it saves', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    valueOf(usageHandlers, s, 'usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 });
    const id = s.data.account.events[1]!.id!;
    const revision = s.store.seq;
    usageHandlers['usage-edit'](s, edit({ id, date: '2026-02-20', feature: 'avatar-iv', minutes: 20 }));
    const stale = { id, date: '2026-02-20', feature: 'avatar-iv', minutes: 30, revision };
    let error: unknown;
    try {
      usageHandlers['usage-edit'](s, edit(stale));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpectedError);
    expect((error as ExpectedError).error).toEqual({ code: 'conflict', field: 'event', message: 'Another window changed this usage since you opened it: it is now “Avatar IV / Avatar V, 20 min”.' });
    expect(valueOf<UsageList>(usageHandlers, s, 'usage-list', {}).totalCredits / 3600).toBe(400);
    usageHandlers['usage-edit'](s, edit({ ...stale, force: true }));
    expect(valueOf<UsageList>(usageHandlers, s, 'usage-list', {}).totalCredits / 3600).toBe(600);
  });

  it('usage-edit of an event that is not a usage is refused and stores nothing', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    const id = s.data.account.events[0]!.id!;
    expect(() => usageHandlers['usage-edit'](s, edit({ id, date: '2026-02-20', feature: 'avatar-iv', minutes: 1 }))).toThrow(`event "${id}" is not a usage`);
    expect(s.store.seq).toBe(1);
  });
});
