/** The session on its own: what it keeps, when it drops it, and that two live side by side in one process. */
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../shared/api.ts';
import { callOn, sessionFresh, valueOf } from '../../test/fixtures/session.ts';
import { eventHandlers } from './events.ts';
import { historyHandlers } from './history.ts';
import { mutator, undoable } from './handlers.ts';
import { sessionRecord, sessionReplay, sessionState, sessionSyncWrite } from './session.ts';
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
});
