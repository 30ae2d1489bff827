/** The usage log's handlers called as the service calls them: the session, and an input the contract has read. */
import { describe, expect, it } from 'vitest';
import { api, type UsageList } from '../../shared/api.ts';
import { ExpectedError } from '../../shared/errors.ts';
import { callOn, sessionFresh, valueOf } from '../../test/fixtures/session.ts';
import { eventHandlers } from './events.ts';
import { historyHandlers } from './history.ts';
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

  it('an entry added notes no revision of its own (an import of a million notes none); put back by an undo of its deletion, an edit from before that deletion is a conflict', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    valueOf(usageHandlers, s, 'usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 });
    expect(s.revisions.events.size).toBe(0);
    const id = s.data.account.events[1]!.id!;
    const seen = s.store.seq;
    usageHandlers['usage-edit'](s, edit({ id, date: '2026-02-20', feature: 'avatar-iv', minutes: 20, revision: seen }));
    const edited = s.store.seq;
    valueOf(eventHandlers, s, 'event-delete', { id });
    valueOf(historyHandlers, s, 'history-undo', {});
    expect(() => usageHandlers['usage-edit'](s, edit({ id, date: '2026-02-20', feature: 'avatar-iv', minutes: 30, revision: edited }))).toThrow('Another window changed this usage since you opened it');
    usageHandlers['usage-edit'](s, edit({ id, date: '2026-02-20', feature: 'avatar-iv', minutes: 30, revision: s.store.seq }));
    expect(valueOf<UsageList>(usageHandlers, s, 'usage-list', {}).totalCredits / 3600).toBe(600);
  });

  it('usage-edit of an event that is not a usage is refused and stores nothing', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    const id = s.data.account.events[0]!.id!;
    expect(() => usageHandlers['usage-edit'](s, edit({ id, date: '2026-02-20', feature: 'avatar-iv', minutes: 1 }))).toThrow(`event "${id}" is not a usage`);
    expect(s.store.seq).toBe(1);
  });

  describe('who made a usage (by, #20)', () => {
    /** Ana's two usages (one written "ana " in the form), Ben's one, and one that names nobody. */
    function team() {
      const s = sessionFresh();
      valueOf(eventHandlers, s, 'event-add', subscribe);
      valueOf(usageHandlers, s, 'usage-add', { date: '2026-02-01', feature: 'avatar-iv', minutes: 1, by: 'Ana' });
      valueOf(usageHandlers, s, 'usage-add', { date: '2026-02-02', feature: 'avatar-iv', minutes: 2, by: 'ana ' });
      valueOf(usageHandlers, s, 'usage-add', { date: '2026-02-03', feature: 'veo3', count: 1, by: 'Ben', project: 'Launch' });
      valueOf(usageHandlers, s, 'usage-add', { date: '2026-02-04', feature: 'avatar-iii', minutes: 10 });
      return s;
    }

    it('a member typed another way than the account writes them is that member ("ana " is Ana); a new one is kept trimmed', () => {
      const s = team();
      valueOf(usageHandlers, s, 'usage-add', { date: '2026-02-05', feature: 'veo3', count: 1, by: '  Cleo ' });
      const byOf = s.data.account.events.slice(1).map((e) => e.type === 'usage' && e.by);
      expect(byOf).toEqual(['Ana', 'Ana', 'Ben', undefined, 'Cleo']);
      const state = valueOf<{ view: { members: string[] } }>(usageHandlers, s, 'usage-add', { date: '2026-02-06', feature: 'veo3', count: 1, by: 'BEN' });
      expect(state.view.members).toEqual(['Ana', 'Ben', 'Cleo']);
      expect(s.data.account.events.at(-1)).toMatchObject({ by: 'Ben' });
    });

    it('an edit keeps, changes or drops the member', () => {
      const s = team();
      const id = s.data.account.events[1]!.id!;
      valueOf(usageHandlers, s, 'usage-edit', { id, date: '2026-02-01', feature: 'avatar-iv', minutes: 1, by: 'ben' });
      expect(s.data.account.events[1]).toMatchObject({ by: 'Ben' });
      valueOf(usageHandlers, s, 'usage-edit', { id, date: '2026-02-01', feature: 'avatar-iv', minutes: 1 });
      expect(s.data.account.events[1]).not.toHaveProperty('by');
    });

    it('a member of more than 64 characters, or blank, is refused naming the field and the rule, and nothing is stored', () => {
      const s = team();
      const seq = s.store.seq;
      const long = callOn(usageHandlers, s, 'usage-add', { date: '2026-02-05', feature: 'veo3', count: 1, by: 'x'.repeat(65) });
      expect(long.ok || long.error).toMatchObject({ code: 'invalid-input', field: 'by', message: 'Member: must be at most 64 characters' });
      const blank = callOn(usageHandlers, s, 'usage-add', { date: '2026-02-05', feature: 'veo3', count: 1, by: '   ' });
      expect(blank.ok || blank.error).toMatchObject({ code: 'invalid-input', field: 'by', message: 'Member: must not be empty' });
      expect(s.store.seq).toBe(seq);
      expect(s.data.account.events).toHaveLength(5);
    });

    it('usage-list and usage-csv filter by member, whatever the case or spaces, or keep the usages that name nobody (by: "")', () => {
      const s = team();
      const ana = usageHandlers['usage-list'](s, list({ by: ' ANA' }));
      expect([ana.total, ana.totalCredits / 3600, ana.rows.map((r) => r.by)]).toEqual([2, 60, ['Ana', 'Ana']]);
      const nobody = usageHandlers['usage-list'](s, list({ by: '' }));
      expect([nobody.total, nobody.rows.map((r) => r.feature)]).toEqual([1, ['avatar-iii']]);
      const both = usageHandlers['usage-list'](s, list({ by: 'ben', project: 'Launch' }));
      expect(both.total).toBe(1);
      expect(usageHandlers['usage-csv'](s, list({ by: 'Ben' })).text.trim().split('\n')).toHaveLength(2);
    });

    it('ledger-get filters the history by member, each usage row says who made it, and the list names the members', () => {
      const s = team();
      const page = valueOf<{ rows: { title: string; by: string | null }[]; total: number; members: string[] }>(historyHandlers, s, 'ledger-get', { by: 'ana' });
      expect([page.total, page.rows.map((r) => r.by)]).toEqual([2, ['Ana', 'Ana']]);
      expect(page.members).toEqual(['Ana', 'Ben']);
      const nobody = valueOf<{ rows: { title: string; by: string | null }[]; total: number }>(historyHandlers, s, 'ledger-get', { by: '' });
      expect([nobody.total, nobody.rows.map((r) => [r.title, r.by])]).toEqual([1, [['Avatar III, 10 min', null]]]);
    });
  });
});
