/** The import of a spreadsheet of usages, its handlers called directly on a session over a real store in a temp folder. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppState, UsageImportPreview, WorkProgress } from '../../shared/api.ts';
import { featuresFresh, featuresOpen, ok, TODAY, type Features } from '../../test/fixtures/session.ts';
import { eventHandlers } from './events.ts';
import { historyHandlers } from './history.ts';
import { importHandlers } from './import.ts';
import { SAVE_STEPS } from './session.ts';
import { stateHandlers } from './state.ts';
import { usageHandlers } from './usage.ts';
import { storeOpen } from '../store.ts';

const HANDLERS_HERE = { ...stateHandlers, ...eventHandlers, ...usageHandlers, ...importHandlers, ...historyHandlers };

const fresh = (dir?: string): Features => featuresFresh(HANDLERS_HERE, dir);

const subscribe = { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 } };

describe('usage import', () => {
  const text = 'Date;Tool;Length;Client\n05/02/2026;Avatar IV;1:30;Acme\n25/02/2026;VEO3;2;Acme\n';

  it('previews what a spreadsheet adds, with each row’s cost and the balance after, storing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const svc = featuresOpen(HANDLERS_HERE, { store: storeOpen({ dir }), today: () => TODAY, logBug: () => {} });
    ok(svc.handle('event-add', subscribe));
    const journal = readFileSync(join(dir, 'account.journal'), 'utf8');
    const preview = ok<{ columns: object; rows: { row: number; credits: number }[]; added: number; credits: number; balanceAfter: number; problems: unknown[] }>(svc.handle('usage-import-preview', { text }));
    expect(preview.columns).toMatchObject({ date: 'Date', feature: 'Tool', duration: 'Length', project: 'Client' });
    expect(preview.problems).toEqual([]);
    expect(preview.rows.map((r) => [r.row, r.credits / 3600])).toEqual([[2, 30], [3, 180]]);
    expect(preview.credits / 3600).toBe(210);
    expect(preview.balanceAfter / 3600).toBe(2000 - 210);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8')).toBe(journal);
  });

  it('pages the preview of a long spreadsheet: every row can be read, from any offset, with the same totals; a page over 1,000 rows is refused naming limit', () => {
    const svc = fresh();
    ok(svc.handle('event-add', { event: { ...subscribe.event, credits: 100_000 } }));
    const text = `date,feature,minutes\n${Array.from({ length: 450 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},Avatar IV,${1 + (i % 4)}`).join('\n')}\n`;
    type Preview = { rows: { row: number; date: string; minutes: number; credits: number }[]; added: number; credits: number };
    const first = ok<Preview>(svc.handle('usage-import-preview', { text }));
    const last = ok<Preview>(svc.handle('usage-import-preview', { text, offset: 400, limit: 100 }));
    expect([first.rows.length, first.rows[0]!.row, last.rows.length, last.rows[0]!.row, last.rows.at(-1)!.row]).toEqual([200, 2, 50, 402, 451]);
    // Row 451 is the 450th data row: 2026-02-01 + (449 % 28) days, 1 + (449 % 4) minutes at 20 credits a minute.
    expect([last.rows.at(-1)!.date, last.rows.at(-1)!.minutes, last.rows.at(-1)!.credits / 3600]).toEqual(['2026-02-02', 2, 40]);
    expect([last.added, last.credits]).toEqual([first.added, first.credits]);
    // Another mapping is read anew, not the kept page.
    const other = ok<Preview>(svc.handle('usage-import-preview', { text, offset: 400, limit: 100, map: { minutes: '' } }));
    expect(other.added).toBe(0);
    const big = svc.handle('usage-import-preview', { text, limit: 1001 });
    expect(JSON.stringify(big)).toContain('"field":"limit"');
  });

  it('imports all rows as one change that one undo removes; a re-import adds nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const svc = featuresOpen(HANDLERS_HERE, { store: storeOpen({ dir }), today: () => TODAY, logBug: () => {} });
    ok(svc.handle('event-add', subscribe));
    const imported = ok<AppState & { added: number; ids: string[] }>(svc.handle('usage-import', { text }));
    expect(imported.added).toBe(2);
    expect(imported.view!.ledger.balance / 3600).toBe(2000 - 210);
    // The journal's head (the store file's id), then a line a change.
    expect(readFileSync(join(dir, 'account.journal'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(ok<{ added: number; skipped: number }>(svc.handle('usage-import', { text }))).toMatchObject({ added: 0, skipped: 2 });
    const undone = ok<AppState>(svc.handle('history-undo', {}));
    expect(undone.view!.ledger.balance / 3600).toBe(2000);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8').trim().split('\n')).toHaveLength(4);
    ok(svc.handle('usage-import', { text }));
    // A copy of the folder as it stands (as if the app were killed now): its journal replays the import, the undo and the import again.
    const copy = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    for (const f of ['account.json', 'account.journal']) writeFileSync(join(copy, f), readFileSync(join(dir, f)));
    const reopened = storeOpen({ dir: copy });
    expect(reopened.data.account.events.filter((e) => e.type === 'usage')).toHaveLength(2);
    reopened.close();
  });

  it('a file with a bad row imports nothing and says which row, column and rule', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const reply = svc.handle('usage-import', { text: 'date,feature,minutes\n2026-02-01,Avatar IV,1\n2026-02-02,Avatar 9,1\n' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^row 3, column "feature": unknown feature "Avatar 9"/) } });
    expect(ok<AppState>(svc.handle('state-get', {})).view!.ledger.balance / 3600).toBe(2000);
  });

  it('a row the engine refuses (usages on an account with no plan yet) is named by its row, in the preview and the import', () => {
    const svc = fresh();
    const text = 'date,feature,minutes\n2026-02-03,Avatar IV,1\n2026-02-01,Avatar IV,1\n';
    const preview = ok<{ added: number; problems: unknown[] }>(svc.handle('usage-import-preview', { text }));
    expect(preview).toMatchObject({ added: 0, problems: [{ row: 3, column: 'date', message: 'the first event must be a subscribe (the plan the account starts on), not "usage"' }] });
    expect(svc.handle('usage-import', { text })).toMatchObject({ ok: false, error: { message: 'row 3, column "date": the first event must be a subscribe (the plan the account starts on), not "usage"' } });
    expect(ok<AppState>(svc.handle('state-get', {})).revision).toBe(0);
  });

  it('reports how far an import has got: the rows read, the events replayed, then saving; what was just previewed is not read again', () => {
    const heard: WorkProgress[] = [];
    const svc = featuresOpen(HANDLERS_HERE, { store: storeOpen({ dir: mkdtempSync(join(tmpdir(), 'cc-svc-')) }), today: () => TODAY, logBug: () => {}, progress: (p) => heard.push(p) });
    ok(svc.handle('event-add', { event: { ...subscribe.event, credits: 100_000 } }));
    expect(heard).toEqual([]);
    const text = `date,feature,minutes\n${Array.from({ length: 3000 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},Avatar IV,1`).join('\n')}\n`;
    ok(svc.handle('usage-import-preview', { text }));
    // Each stage reports its start and its end; the reports between are at most one every 50 ms.
    const ends = heard.filter((p) => p.done === 0 || p.done === p.total);
    expect(ends).toEqual([
      { call: 'usage-import-preview', stage: 'reading', done: 0, total: 3000 },
      { call: 'usage-import-preview', stage: 'reading', done: 3000, total: 3000 },
      { call: 'usage-import-preview', stage: 'checking', done: 0, total: 3000 },
      { call: 'usage-import-preview', stage: 'checking', done: 3000, total: 3000 },
    ]);
    heard.length = 0;
    expect(ok<{ added: number }>(svc.handle('usage-import', { text })).added).toBe(3000);
    // Saving only (the preview read it), from its start to its end.
    expect(heard.every((p) => p.call === 'usage-import' && p.stage === 'saving')).toBe(true);
    expect(heard.filter((p) => p.done === 0 || p.done === p.total).map((p) => [p.done, p.total])).toEqual([
      [0, SAVE_STEPS],
      [SAVE_STEPS, SAVE_STEPS],
    ]);
    // Read anew after the account changed: the rows are all in the log now.
    heard.length = 0;
    expect(ok<{ added: number; skipped: number }>(svc.handle('usage-import', { text }))).toMatchObject({ added: 0, skipped: 3000 });
    expect(new Set(heard.map((p) => p.stage))).toEqual(new Set(['reading']));
    expect(ok(svc.handle('progress-get', {}))).toBeNull();
  });
});

describe('usage import: rows the balance does not cover', () => {
  it('are previewed as refused, costing nothing, and counted', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const preview = ok<{ rows: { credits: number; refused: string | null }[]; refused: number; credits: number }>(svc.handle('usage-import-preview', { text: 'date,feature,minutes\n2026-01-20,Avatar IV,200\n2026-01-21,Avatar IV,1\n' }));
    expect(preview.refused).toBe(1);
    expect(preview.rows.map((r) => [r.credits / 3600, r.refused !== null])).toEqual([[0, true], [20, false]]);
    expect(preview.credits / 3600).toBe(20);
  });

  it('#17.3 lists every usage already logged whose outcome the rows change, with the expiries and charges, as an edit’s preview does', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    ok(svc.handle('usage-add', { date: '2026-02-10', feature: 'avatar-iii', minutes: 15 }));
    // 5 videos of 10 minutes of Avatar IV on Feb 5 take the cycle's 1,000 credits: the 45 of Feb 10 are no longer there.
    const text = 'date,feature,minutes,videos\n2026-02-05,Avatar IV,10,5\n';
    const preview = ok<UsageImportPreview>(svc.handle('usage-import-preview', { text }));
    expect(preview).toMatchObject({ added: 1, refused: 0 });
    expect(preview.changes).toEqual({
      chargesAdded: [],
      chargesRemoved: [],
      // The cycle's credits roll over once: 955 of them would have expired unused on March 17, none do now.
      expiries: [{ date: '2026-03-17', ahead: true, before: 955 * 3600, after: 0 }],
      usages: [{ id: svc.store.data.account.events[1]!.id, date: '2026-02-10', title: 'Avatar III, 15 min', before: { credits: 45 * 3600, refused: null }, after: { credits: 45 * 3600, refused: { code: 'insufficient-credits', params: { needs: 45 * 3600, available: 0, short: 45 * 3600 } } } }],
      usagesChanged: 1,
    });
    // Skipped, the row changes nothing.
    expect(ok<UsageImportPreview>(svc.handle('usage-import-preview', { text, skip: [2] }))).toMatchObject({ added: 0, changes: null });
  });
});
