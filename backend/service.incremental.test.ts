/**
 * The service keeps the account's replay and its views between changes (the
 * incremental engine, views cached per replay). Whatever the sequence of
 * changes — entries, edits, deletes, undo, redo, refused ones, an import — what
 * it shows must equal what a fresh full replay of the stored account shows, and
 * a service opened again on the folder must show the same, with the same undo
 * history, which undoes and redoes every change.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppState, UsageList } from '../shared/api.ts';
import { ledgerCompute } from '../shared/engine/ledger.ts';
import type { IsoDate } from '../shared/units.ts';
import { accountView } from '../shared/view.ts';
import { serviceCreate, type Service } from './service.ts';
import { storeOpen } from './store.ts';
import { serviceStep, stepDay, type ServiceStep } from '../test/fixtures/serviceSteps.ts';

const TODAY = '2026-03-01' as IsoDate;

function open(dir: string): Service {
  return serviceCreate({ store: storeOpen({ dir }), today: () => TODAY, logBug: (n, e) => { throw new Error(`${n}: ${String(e)}`); } });
}

function value<T>(reply: { readonly ok: boolean }): T {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`);
  return (reply as unknown as { readonly value: T }).value;
}

type Step = Exclude<ServiceStep, { k: 'cancel' }>;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('add' as const), day: fc.integer({ min: 0, max: 70 }), minutes: fc.integer({ min: 1, max: 40 }), project: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('edit' as const), pick: fc.nat(), day: fc.integer({ min: 0, max: 70 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'addon' as const, day: 30 }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('plan' as const), day: fc.integer({ min: 0, max: 70 }), credits: fc.constantFrom(1000, 2000, 5000) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'redo' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('import' as const), rows: fc.integer({ min: 1, max: 30 }), day: fc.integer({ min: 0, max: 70 }) }) },
);

/** What the service shows equals a full replay of what it stored: the view, and the usage log's rows and totals. */
function expectShownIsStored(svc: Service): void {
  const account = svc.store.data.account;
  const state = value<AppState>(svc.handle('state-get', {}));
  if (account.events.length === 0) return void expect(state.view).toBeNull();
  const full = accountView(account, TODAY, svc.store.data.settings.forecastMonths);
  expect(full.ok).toBe(true);
  if (!full.ok) return;
  expect(state.view).toEqual(full.value);
  const list = value<UsageList>(svc.handle('usage-list', { limit: 1000 }));
  const last = account.events.reduce((d, e) => (e.date > d ? e.date : d), TODAY);
  const ledger = ledgerCompute(account, last as IsoDate);
  if (!ledger.ok) throw new Error(ledger.error.message);
  const refused = new Map(ledger.value.refused.map((r) => [r.index, r.reason]));
  const rows = account.events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.type === 'usage')
    .sort((a, b) => (a.e.date < b.e.date ? 1 : a.e.date > b.e.date ? -1 : a.i - b.i));
  expect(list.rows.map((r) => [r.id, r.credits, r.refused])).toEqual(rows.map(({ e, i }) => [e.id, ledger.value.usageCosts[i], refused.get(i) ?? null]));
  expect(list.total).toBe(rows.length);
  expect(list.totalCredits).toBe(rows.reduce((t, { i }) => t + (refused.has(i) ? 0 : ledger.value.usageCosts[i]!), 0));
  const p1 = value<UsageList>(svc.handle('usage-list', { project: 'P1', offset: 1, limit: 2 }));
  const inP1 = rows.filter(({ e }) => e.type === 'usage' && e.project === 'P1');
  expect(p1.rows.map((r) => r.id)).toEqual(inP1.slice(1, 3).map(({ e }) => e.id));
  expect(p1.total).toBe(inP1.length);
}

describe('the service on the incremental engine', () => {
  it('shows what a full replay of the stored account shows, after any sequence of changes, and again once reopened', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 14 }), (steps) => {
        const dir = mkdtempSync(join(tmpdir(), 'cc-inc-'));
        const svc = open(dir);
        value(svc.handle('event-add', { event: { date: stepDay(0), type: 'subscribe', plan: 'pro', credits: 1000 } }));
        for (const step of steps) {
          serviceStep(svc, step);
          expectShownIsStored(svc);
        }
        const shown = value<AppState>(svc.handle('state-get', {})).view;
        const history = value(svc.handle('history-get', {}));
        const events = svc.store.data.account.events.slice();
        svc.store.close();
        const again = open(dir);
        expect(value<AppState>(again.handle('state-get', {})).view).toEqual(shown);
        // The undo history read back is of this data: undone to the empty account and redone, every step applies.
        expect(value(again.handle('history-get', {}))).toEqual(history);
        let undone = 0;
        for (; again.current().changes.undo; undone++) value(again.handle('history-undo', {}));
        expect(again.store.data.account.events).toEqual([]);
        for (let i = 0; i < undone; i++) value(again.handle('history-redo', {}));
        expect(again.store.data.account.events).toEqual(events);
        again.store.close();
      }),
      { numRuns: 40 },
    );
  }, 240_000);

  it('an edit of the oldest usage of an account past many checkpoints, then its undo: the view the full replay’s to the byte, the usage log its, and the same once reopened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-inc-oldest-'));
    const svc = open(dir);
    value(svc.handle('event-add', { event: { date: '2025-03-01', type: 'subscribe', plan: 'enterprise', credits: 1_000_000, price: 5000 } }));
    const rows = Array.from({ length: 12_000 }, (_, i) => `${stepDay(Math.floor(i / 40) - 60)},${['Avatar IV', 'Avatar III', 'Video Translation'][i % 3]},${1 + (i % 3)},P${i % 4}`);
    value(svc.handle('usage-import', { text: `date,feature,minutes,project\n${rows.join('\n')}\n` }));
    const list = value<UsageList>(svc.handle('usage-list', { limit: 1 }));
    const oldest = value<UsageList>(svc.handle('usage-list', { offset: list.total - 1, limit: 1 })).rows[0]!;
    const viewIsFull = () => {
      const full = accountView(svc.store.data.account, TODAY, svc.store.data.settings.forecastMonths);
      if (!full.ok) throw new Error(full.error.message);
      expect(JSON.stringify(value<AppState>(svc.handle('state-get', {})).view)).toBe(JSON.stringify(full.value));
      // The usage log's oldest rows and its total credits, against the full replay's costs.
      const events = svc.store.data.account.events;
      const ledger = ledgerCompute(svc.store.data.account, events.reduce((d, e) => (e.date > d ? e.date : d), TODAY) as IsoDate);
      if (!ledger.ok) throw new Error(ledger.error.message);
      const refused = new Set(ledger.value.refused.map((r) => r.index));
      const last = value<UsageList>(svc.handle('usage-list', { offset: list.total - 5, limit: 5 }));
      expect(last.rows.map((r) => r.credits)).toEqual(last.rows.map((r) => ledger.value.usageCosts[events.findIndex((e) => e.id === r.id)]));
      expect(last.totalCredits).toBe(ledger.value.usageCosts.reduce((t, c, i) => (Number.isNaN(c) || refused.has(i) ? t : t + c), 0));
    };
    value(svc.handle('usage-edit', { id: oldest.id, date: oldest.date, feature: 'avatar-iii', minutes: 9, project: oldest.project }));
    viewIsFull();
    value(svc.handle('history-undo', {}));
    viewIsFull();
    const shown = JSON.stringify(value<AppState>(svc.handle('state-get', {})).view);
    svc.store.close();
    const again = open(dir);
    expect(JSON.stringify(value<AppState>(again.handle('state-get', {})).view)).toBe(shown);
    again.store.close();
  }, 120_000);
});
