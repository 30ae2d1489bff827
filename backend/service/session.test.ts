/** The session on its own: what it keeps, when it drops it, and that two live side by side in one process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeOpen } from '../store.ts';
import type { AppState } from '../../shared/api.ts';
import { callOn, sessionFresh, valueOf } from '../../test/fixtures/session.ts';
import { eventHandlers } from './events.ts';
import { historyHandlers } from './history.ts';
import { mutator, undoable } from './handlers.ts';
import { sessionOpen, sessionRecord, sessionReplay, sessionState, sessionSyncPatch, sessionSyncWrite } from './session.ts';
import { importHandlers } from './import.ts';
import { projectHandlers } from './projects.ts';
import { TOUCHED_MAX, touchedSince } from './touched.ts';
import { settingsHandlers } from './settings.ts';
import { usageHandlers } from './usage.ts';

const subscribe = { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 } };
const usage = { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 };

describe('a session', () => {
  it('holds nothing in the module: two sessions in one process keep their own account, undo history, revision and ids', () => {
    const a = sessionFresh();
    const b = sessionFresh();
    valueOf(eventHandlers, a, 'event-add', subscribe);
    valueOf(usageHandlers, a, 'usage-add', usage);
    const onB = valueOf<AppState>(eventHandlers, b, 'event-add', { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 2000 } });
    expect(onB.view!.ledger.balance / 3600).toBe(4000);
    expect(onB.changes.undo!.label).toBe('Recorded: Subscribe to Pro 2,000');
    expect(sessionState(a).view!.ledger.balance / 3600).toBe(1800);
    expect([a.store.seq, b.store.seq]).toEqual([2, 1]);
    expect([a.changes.undo.length, b.changes.undo.length]).toEqual([2, 1]);
    valueOf(historyHandlers, b, 'history-undo', {});
    expect(sessionState(a).changes.undo!.label).toBe('Added a usage: Avatar IV / Avatar V, 10 min');
    const ids = [a.newId(), a.newId(), b.newId()];
    expect(ids[1]! > ids[0]!).toBe(true);
  });

  it('commits only inside a mutator, where the change is announced once: a commit outside one is a bug and stores nothing', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    const heard: number[] = [];
    s.listeners.add((r) => heard.push(r));
    const seq = s.store.seq;
    expect(() => sessionRecord(s, { op: { op: 'set', data: { settings: { ...s.data.settings, forecastMonths: 6 } } }, label: 'Changed the settings' })).toThrow('a change was committed outside a mutator');
    expect([s.store.seq, s.data.settings.forecastMonths, heard]).toEqual([seq, 3, []]);
    const months = mutator(undoable((_, forecastMonths: number) => ({ edit: { op: { op: 'set', data: { settings: { ...s.data.settings, forecastMonths } } }, label: 'Changed the settings' } })));
    expect(months(s, 6).revision).toBe(seq + 1);
    expect(heard).toEqual([seq + 1]);
    expect(s.revisions.settings).toBe(seq + 1);
  });

  it('keeps the view while the replay and the day are the same; a change of the account drops it, a change of the settings alone keeps the replay', () => {
    let today = '2026-03-01';
    const s = sessionFresh(undefined, { today: () => today as never });
    valueOf(eventHandlers, s, 'event-add', subscribe);
    const view = sessionState(s).view;
    expect(sessionState(s).view).toBe(view);
    const replay = sessionReplay(s);
    valueOf(settingsHandlers, s, 'settings-update', { notifyRunOut: false });
    expect(sessionReplay(s)).toBe(replay);
    expect(sessionState(s).view).toBe(view);
    today = '2026-03-02';
    const nextDay = sessionState(s).view;
    expect(nextDay).not.toBe(view);
    expect(nextDay!.at).toBe('2026-03-02');
    valueOf(usageHandlers, s, 'usage-add', usage);
    expect(sessionReplay(s)).not.toBe(replay);
    expect(sessionState(s).view!.ledger.balance / 3600).toBe(1800);
  });

  it('an entry at the end grows the replay\'s own list in place, yet a preview made from the same state and the entry never see each other, and a refused entry leaves the list as it was', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    valueOf(usageHandlers, s, 'usage-add', usage);
    const list = sessionReplay(s).account.events;
    const preview = valueOf<{ balanceAfter: number }>(eventHandlers, s, 'event-preview', { event: { date: '2026-02-21', type: 'usage', feature: 'avatar-iv', minutes: 5 } });
    expect(sessionReplay(s).account.events).toBe(list);
    expect(list).toHaveLength(2);
    valueOf(usageHandlers, s, 'usage-add', { ...usage, minutes: 7 });
    const after = sessionReplay(s);
    // No copy of the list: the entry went into it.
    expect(after.account.events).toBe(list);
    expect(list.map((e) => e.type === 'usage' && e.minutes)).toEqual([false, 10, 7]);
    expect([preview.balanceAfter / 3600, sessionState(s).view!.ledger.balance / 3600]).toEqual([1700, 1660]);
    // An entry the plan refuses (add-ons are for Business only) changes nothing: the list keeps its three events, and the next entry still grows it.
    expect(callOn(eventHandlers, s, 'event-add', { event: { date: '2026-02-22', type: 'addon', blocks: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid-event' } });
    expect([sessionReplay(s).account.events, list.length, s.data.account.events.length]).toEqual([list, 3, 3]);
    valueOf(usageHandlers, s, 'usage-add', { ...usage, minutes: 1 });
    expect([sessionReplay(s).account.events, list.length]).toEqual([list, 4]);
    expect(sessionReplay(s).order).toHaveLength(4);
  });

  it('a feature answers only its own handlers', () => {
    const s = sessionFresh();
    expect(callOn(usageHandlers, s, 'event-add', subscribe)).toMatchObject({ ok: false, error: { code: 'not-found', message: 'unknown handler "event-add"' } });
    expect(s.store.seq).toBe(0);
  });

  it('the team’s data brought in by a sync: one change, announced, not kept for Undo; an account the engine refuses, or not valid, changes nothing and says why', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    const heard: number[] = [];
    s.listeners.add((r) => heard.push(r));
    const team = { account: { ...s.data.account, events: [...s.data.account.events, { id: 'u1', type: 'usage' as const, ...usage } as never] }, projects: [] };
    expect(sessionSyncWrite(s, team)).toBe(true);
    expect([s.store.seq, heard, s.data.account.events.map((e) => e.id), s.changes.undo.length]).toEqual([2, [2], [s.data.account.events[0]!.id, 'u1'], 1]);
    expect(sessionSyncWrite(s, team)).toBe(false);
    const planless = { account: { ...s.data.account, events: s.data.account.events.slice(1) }, projects: [] };
    expect(() => sessionSyncWrite(s, planless)).toThrow('the first event must be a subscribe');
    expect(() => sessionSyncWrite(s, { account: { format: 'credit-companion/account@1', events: [{ id: 'x', type: 'usage', date: 'soon' }] } as never, projects: [] })).toThrow(/^the team's account is not valid: /);
    expect([s.store.seq, heard, s.data.account.events.length]).toEqual([2, [2], 2]);
  });

  it('notes what each change touched, for the team sync: events and projects by id, the root; not known before it opened, beyond its bound, or when the store moved on without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-session-'));
    const s = sessionFresh(dir);
    const since = (r: number) => {
      const t = touchedSince(s.touched, r, s.store.seq);
      return t && { events: [...t.events].sort(), projects: [...t.projects], root: t.root };
    };
    valueOf(eventHandlers, s, 'event-add', subscribe);
    const plan = s.data.account.events[0]!.id!;
    expect(since(0)).toEqual({ events: [plan], projects: [], root: false });
    valueOf(usageHandlers, s, 'usage-add', usage);
    const u = s.data.account.events[1]!.id!;
    valueOf(usageHandlers, s, 'usage-edit', { id: u, ...usage, minutes: 3 });
    expect(since(1)).toEqual({ events: [u], projects: [], root: false });
    valueOf(eventHandlers, s, 'event-delete', { id: u });
    valueOf(historyHandlers, s, 'history-undo', {});
    expect(since(3)).toEqual({ events: [u], projects: [], root: false });
    valueOf(projectHandlers, s, 'project-save', { project: { format: 'credit-companion/project@1', name: 'Ad', date: '2026-03-01', lines: [] } });
    const p = s.data.projects[0]!.id!;
    valueOf(settingsHandlers, s, 'settings-update', { notifyRunOut: false });
    expect(since(5)).toEqual({ events: [], projects: [p], root: false });
    valueOf(settingsHandlers, s, 'catalog-update', { freeQuota: { videos: 3, maxMinutes: 1 } });
    expect(since(7)?.root).toBe(true);
    expect(since(s.store.seq)).toEqual({ events: [], projects: [], root: false });
    // An import of more than the bound: not known, nor anything before it once the notes are dropped to make room.
    const rows = Array.from({ length: TOUCHED_MAX + 100 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},avatar-iv,${1 + (i % 9)}`);
    const seq = s.store.seq;
    valueOf(importHandlers, s, 'usage-import', { text: ['date,feature,minutes', ...rows].join('\n') });
    expect(since(seq)).toBeNull();
    valueOf(usageHandlers, s, 'usage-add', usage);
    expect(since(seq + 1)?.events).toHaveLength(1);
    // The store moved on other than through the session: not known.
    s.store.commit({ op: 'event-delete', id: 'none' });
    expect(since(seq + 1)).toBeNull();
    // A revision it was not there for (before it opened) is not known.
    const reopened = (s.store.close(), sessionFresh(dir));
    expect(touchedSince(reopened.touched, seq + 1, reopened.store.seq)).toBeNull();
    expect(touchedSince(reopened.touched, reopened.store.seq, reopened.store.seq)).toEqual({ events: new Set(), projects: new Set(), root: false });
    reopened.store.close();
  });

  it('brings a few of the team’s entries in (a patch): put in place, taken out, put at the end, checked as a file’s; null when it does not fit the data, and nothing changed then or when refused', () => {
    const s = sessionFresh();
    valueOf(eventHandlers, s, 'event-add', subscribe);
    for (const minutes of [1, 2, 3]) valueOf(usageHandlers, s, 'usage-add', { ...usage, minutes });
    const [plan, a, b, c] = s.data.account.events.map((e) => e.id!);
    const ev = (id: string, minutes: number) => ({ id, type: 'usage', date: '2026-02-21', feature: 'avatar-iv', minutes });
    const none = { remove: [], replace: [], append: [] };
    const heard: number[] = [];
    s.listeners.add((r) => heard.push(r));
    const seq = s.store.seq;
    expect(sessionSyncPatch(s, { events: { remove: [a!], replace: [ev(c!, 9)], append: [ev('t1', 4), ev('t2', 5)] }, projects: none, root: null })).toBe(true);
    expect(s.data.account.events.map((e) => [e.id, 'minutes' in e ? e.minutes : null])).toEqual([[plan, null], [b, 2], [c, 9], ['t1', 4], ['t2', 5]]);
    expect([s.store.seq, heard, s.changes.undo.length]).toEqual([seq + 1, [seq + 1], 4]);
    expect(sessionState(s).view!.usageCount).toBe(4);
    // Said again: nothing changes. An id it cannot find, or one to put at the end it holds: null.
    expect(sessionSyncPatch(s, { events: { remove: [], replace: [ev(c!, 9)], append: [] }, projects: none, root: null })).toBe(false);
    expect(sessionSyncPatch(s, { events: { remove: ['gone'], replace: [], append: [] }, projects: none, root: null })).toBeNull();
    expect(sessionSyncPatch(s, { events: { remove: [], replace: [ev('gone', 1)], append: [] }, projects: none, root: null })).toBeNull();
    expect(sessionSyncPatch(s, { events: { remove: [], replace: [], append: [ev(b!, 1)] }, projects: none, root: null })).toBeNull();
    expect(() => sessionSyncPatch(s, { events: { remove: [], replace: [], append: [{ id: 'x', type: 'usage', date: 'soon' }] }, projects: none, root: null })).toThrow(/^the team's account is not valid: /);
    expect(() => sessionSyncPatch(s, { events: { remove: [plan!], replace: [], append: [] }, projects: none, root: null })).toThrow('the first event must be a subscribe');
    expect(() => sessionSyncPatch(s, { events: none, projects: { remove: [], replace: [], append: [{ name: '' }] }, root: null })).toThrow(/^the team's project 1 is not valid: /);
    expect([s.store.seq, heard, s.data.account.events.length]).toEqual([seq + 1, [seq + 1], 5]);
    // The root and the projects.
    const project = { format: 'credit-companion/project@1', id: 'p1', name: 'Ad', date: '2026-03-01', lines: [] };
    expect(sessionSyncPatch(s, { events: none, projects: { remove: [], replace: [], append: [project] }, root: { format: 'credit-companion/account@1', freeQuota: { videos: 3, maxMinutes: 1 } } })).toBe(true);
    expect([s.data.projects.map((p) => p.name), s.data.account.freeQuota]).toEqual([['Ad'], { videos: 3, maxMinutes: 1 }]);
    expect(sessionSyncPatch(s, { events: none, projects: { remove: [], replace: [{ ...project, name: 'Spot' }], append: [] }, root: null })).toBe(true);
    expect(s.data.projects.map((p) => p.name)).toEqual(['Spot']);
    // What it wrote reads back from the folder as it is now.
    const again = sessionOpen({ store: (s.store.close(), storeOpen({ dir: s.store.dir })) });
    expect(again.data.account.events.map((e) => e.id)).toEqual([plan, b, c, 't1', 't2']);
    again.store.close();
  });
});