/** The account's history, and Undo and Redo of every kind of change: the handlers called directly on a session over a real store in a temp folder. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppState, ChangePreview } from '../../shared/api.ts';
import { FILE_WORDS, noteText, refusalText } from '../../shared/wording.ts';
import { featuresFresh, featuresOpen, ok, TODAY, type Features } from '../../test/fixtures/session.ts';
import { diskDouble } from '../../test/fixtures/disk.ts';
import { HANDLERS } from '../service.ts';
import { storeOpen } from '../store.ts';


const fresh = (dir?: string): Features => featuresFresh(HANDLERS, dir);

const subscribe = { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 } };

describe('undo and redo', () => {
  const upgrade = { event: { date: '2026-02-01', type: 'change-plan', plan: 'pro', credits: 2000 } };
  /** The journal's lines of changes (after its head, the store file's id). */
  const journalLines = (svc: Features) => readFileSync(join(svc.store.dir, 'account.journal'), 'utf8').trim().split('\n').filter((l) => 'seq' in JSON.parse(l)).length;

  it('undoes and redoes an upgrade: the plan, the balance and the charges come back as they were', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const before = ok<AppState>(svc.handle('state-get', {}));
    const up = ok<AppState>(svc.handle('event-add', upgrade));
    expect(up.view!.ledger.plan!.label).toBe('Pro 2,000 (monthly)');
    expect(up.changes.undo!.label).toBe('Recorded: Upgrade to Pro 2,000');
    const undone = ok<AppState & { undone: { label: string } }>(svc.handle('history-undo', {}));
    expect(undone.undone.label).toBe('Recorded: Upgrade to Pro 2,000');
    expect(undone.view!.ledger.plan!.label).toBe('Pro 1,000 (monthly)');
    expect(undone.view!.ledger.balance).toBe(before.view!.ledger.balance);
    expect(undone.view!.ledger.charges).toEqual(before.view!.ledger.charges);
    expect(undone.changes).toMatchObject({ undo: { label: 'Recorded: Subscribe to Pro 1,000' }, redo: { label: 'Recorded: Upgrade to Pro 2,000' } });
    const redone = ok<AppState & { redone: { label: string } }>(svc.handle('history-redo', {}));
    expect(redone.view!.ledger.plan!.label).toBe('Pro 2,000 (monthly)');
    expect(redone.view!.ledger.charges).toEqual(up.view!.ledger.charges);
    // Each undo and redo is a change of its own in the journal: a crash keeps it.
    expect(journalLines(svc)).toBe(4);
  });

  it('puts a deleted event back where it was: same-day order decides what the balance covers', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 40 }));
    ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 30 }));
    const ids = svc.store.data.account.events.map((e) => e.id);
    ok(svc.handle('event-delete', { id: ids[1]! }));
    ok(svc.handle('history-undo', {}));
    expect(svc.store.data.account.events.map((e) => e.id)).toEqual(ids);
    // The journal says where it went back: the folder read again (as after a crash) has the same order.
    const copy = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    for (const f of ['account.json', 'account.journal']) writeFileSync(join(copy, f), readFileSync(join(svc.store.dir, f)));
    const reopened = storeOpen({ dir: copy });
    expect(reopened.data.account.events.map((e) => e.id)).toEqual(ids);
    reopened.close();
    ok(svc.handle('history-redo', {}));
    expect(svc.store.data.account.events.map((e) => e.id)).toEqual([ids[0], ids[2]]);
  });

  it('undoes every kind of change: an edit, a project delete, settings, a reset', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    const id = svc.store.data.account.events[1]!.id!;
    ok(svc.handle('event-replace', { id, event: { date: '2026-02-21', type: 'usage', feature: 'avatar-iv', minutes: 20 } }));
    const project = { format: 'credit-companion/project@1', name: 'Launch', date: '2026-04-01', lines: [{ feature: 'veo3', count: 1 }] };
    const saved = ok<AppState>(svc.handle('project-save', { project })).projects[0]!;
    ok(svc.handle('project-delete', { id: saved.id! }));
    ok(svc.handle('settings-update', { theme: 'dark' }));
    const reset = ok<AppState>(svc.handle('account-reset', { confirm: 'reset' }));
    expect(reset.firstRun).toBe(true);
    // The reset replaced the account as a whole: its undo is refused until the user confirms it.
    expect(svc.handle('history-undo', {})).toMatchObject({ ok: false, error: { code: 'conflict', field: 'confirm', message: 'Undoing “Reset the account” replaces the whole account: it is done once you confirm it.' } });
    const labels: string[] = [];
    for (let i = 0; i < 3; i++) labels.push(ok<{ undone: { label: string } }>(svc.handle('history-undo', i === 0 ? { confirm: true } : {})).undone.label);
    expect(labels).toEqual(['Reset the account', 'Changed the settings', 'Deleted the project “Launch”']);
    const s = ok<AppState>(svc.handle('state-get', {}));
    expect(s.settings.theme).toBe('system');
    expect(s.projects.map((p) => p.id)).toEqual([saved.id]);
    expect(s.view!.ledger.balance / 3600).toBe(2000 - 400);
    ok(svc.handle('history-undo', {}));
    expect(ok<{ undone: { label: string } }>(svc.handle('history-undo', {})).undone.label).toBe('Changed: Avatar IV / Avatar V, 20 min');
    expect(svc.store.data.account.events[1]).toMatchObject({ id, date: '2026-02-20', minutes: 10 });
  });

  it('a new change clears Redo; the history keeps the last 100 changes, newest first', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    for (let i = 0; i < 105; i++) ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'generate-look', count: i + 1 }));
    ok(svc.handle('history-undo', {}));
    const h = ok<{ undo: { label: string }[]; redo: { label: string }[] }>(svc.handle('history-get', {}));
    expect(h.undo).toHaveLength(99);
    expect(h.undo[0]!.label).toBe('Added a usage: Generate Look, 104 looks');
    expect(h.redo.map((c) => c.label)).toEqual(['Added a usage: Generate Look, 105 looks']);
    ok(svc.handle('usage-add', { date: '2026-02-21', feature: 'generate-look', count: 1 }));
    expect(ok<{ redo: unknown[] }>(svc.handle('history-get', {})).redo).toEqual([]);
    expect(svc.handle('history-redo', {})).toMatchObject({ ok: false, error: { code: 'conflict', message: 'there is nothing to redo' } });
  });

  it('a toast’s Undo for a change that is no longer the last one, or one that no longer applies, changes nothing and says why', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const first = ok<AppState>(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 })).changes.undo!;
    ok(svc.handle('usage-add', { date: '2026-02-21', feature: 'avatar-iv', minutes: 5 }));
    const journal = readFileSync(join(svc.store.dir, 'account.journal'), 'utf8');
    expect(svc.handle('history-undo', { id: first.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: '“Added a usage: Avatar IV / Avatar V, 10 min” is not the next change to undo' } });
    // Changed behind the history's back (as a hand-edited journal would): the usage it would delete is gone.
    svc.store.commit({ op: 'event-delete', id: svc.store.data.account.events[2]!.id! });
    const events = JSON.stringify(svc.store.data.account.events);
    expect(svc.handle('history-undo', {})).toMatchObject({ ok: false, error: { code: 'conflict', message: '“Added a usage: Avatar IV / Avatar V, 5 min” cannot be undone: its event is no longer in the account' } });
    expect(JSON.stringify(svc.store.data.account.events)).toBe(events);
    expect(readFileSync(join(svc.store.dir, 'account.journal'), 'utf8').split('\n')).toHaveLength(journal.split('\n').length + 1);
  });

  it('an undo the engine would refuse (the plan it needs is gone) changes nothing and says why', () => {
    const svc = fresh();
    ok(svc.handle('event-add', { event: { date: '2026-01-17', type: 'subscribe', plan: 'business' } }));
    ok(svc.handle('event-add', { event: { date: '2026-02-01', type: 'addon', blocks: 2 } }));
    ok(svc.handle('event-delete', { id: svc.store.data.account.events[1]!.id! }));
    // Behind the history's back, the plan becomes Creator: putting the add-on back would break the account.
    svc.store.commit({ op: 'event-replace', id: svc.store.data.account.events[0]!.id!, event: { ...svc.store.data.account.events[0]!, plan: 'creator' } as never });
    const reply = svc.handle('history-undo', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/^“Deleted: Add-on: 2 blocks of 100 credits” cannot be undone: Event 2 kind: add-on credit blocks are for Business only/);
    expect(svc.store.data.account.events).toHaveLength(1);
  });

  it('a change the disk refuses is not kept for undo, and an undo the disk refuses stays undoable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const disk = diskDouble();
    const svc = featuresOpen(HANDLERS, { store: storeOpen({ dir, fs: disk.fs, log: () => {} }), today: () => TODAY, logBug: () => {} });
    ok(svc.handle('event-add', subscribe));
    disk.free = 0;
    expect(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 })).toMatchObject({ ok: false, error: { code: 'storage' } });
    expect(svc.handle('history-undo', {})).toMatchObject({ ok: false, error: { code: 'storage' } });
    disk.free = Infinity;
    expect(ok<AppState>(svc.handle('state-get', {})).changes.undo!.label).toBe('Recorded: Subscribe to Pro 1,000');
    expect(ok<AppState>(svc.handle('history-undo', {})).firstRun).toBe(true);
  });

  it('an undo of a change it does not know, or with a bad input, is refused', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    expect(svc.handle('history-undo', { id: 99 })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'that change is no longer in the history' } });
    expect(svc.handle('history-undo', { id: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'id' } });
    expect(svc.handle('history-get', { all: true })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'All: unknown field' } });
  });
});

describe('the account’s history (ledger-get) and any event changed with a preview', () => {
  function account(): Features {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    ok(svc.handle('usage-add', { date: '2026-01-20', feature: 'avatar-iv', minutes: 10, project: 'Launch' }));
    ok(svc.handle('event-add', { event: { date: '2026-01-25', type: 'balance-check', balance: 1850 } }));
    ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 5 }));
    return svc;
  }
  type Rows = { rows: { kind: string; title: string; id: string | null; balance: number; used: number; granted: number; charges: { amount: number }[]; check: { difference: number } | null }[]; total: number; months: string[]; projects: string[] };

  it('lists every event and every cycle start newest first, with the running balance, and filters by kind, project and month', () => {
    const svc = account();
    const all = ok<Rows>(svc.handle('ledger-get', {}));
    // 1,000 on 2026-01-17 for $49; 200 used; the check finds 1,850 (1,050 more than computed); 2026-02-17 grants 1,000 for $49; 100 used.
    expect(all.rows.map((r) => [r.kind, r.title, r.granted / 3600, r.used / 3600, r.charges.map((c) => c.amount / 100), r.balance / 3600])).toEqual([
      ['usage', 'Avatar IV / Avatar V, 5 min', 0, 100, [], 2750],
      ['calendar', 'New cycle', 1000, 0, [49], 2850],
      ['balance-check', 'Balance check: 1,850 shown', 1050, 0, [], 1850],
      ['usage', 'Avatar IV / Avatar V, 10 min', 0, 200, [], 800],
      ['subscribe', 'Subscribe to Pro 1,000', 1000, 0, [49], 1000],
    ]);
    expect(all.rows[2]!.check!.difference / 3600).toBe(1050);
    expect(all.months).toEqual(['2026-02', '2026-01']);
    expect(all.projects).toEqual(['Launch']);
    expect(ok<Rows>(svc.handle('ledger-get', { kind: 'usage' })).rows.map((r) => r.used / 3600)).toEqual([100, 200]);
    expect(ok<Rows>(svc.handle('ledger-get', { project: 'Launch' })).rows.map((r) => r.title)).toEqual(['Avatar IV / Avatar V, 10 min']);
    expect(ok<Rows>(svc.handle('ledger-get', { month: '2026-02' })).total).toBe(2);
    expect(ok<Rows>(svc.handle('ledger-get', { kind: 'calendar', month: '2026-01' })).rows).toEqual([]);
    expect(svc.handle('ledger-get', { kind: 'refund' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'kind' } });
    expect(svc.handle('ledger-get', { month: '2026-2' })).toMatchObject({ ok: false, error: { field: 'month', message: 'Month: must be a month YYYY-MM' } });
  });

  it('previews an edit of a plan event: balances on its date and today, charges added and removed, expiries changed; storing nothing', () => {
    const svc = account();
    ok(svc.handle('catalog-update', { proTiers: [{ credits: 2000, monthly: 88 }] }));
    const id = svc.store.data.account.events[0]!.id!;
    const journal = readFileSync(join(svc.store.dir, 'account.journal'), 'utf8');
    const preview = ok<ChangePreview>(svc.handle('event-change-preview', { id, event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 2000 } }));
    expect(preview.balanceOnDate).toEqual({ before: 1000 * 3600, after: 2000 * 3600 });
    // Today (2026-03-01) on Pro 2,000: 2,000 − 200, the check brings it to 1,850 (−50), 2,000 more on 2026-02-17, 100 used.
    expect(preview.balanceToday).toEqual({ before: 2750 * 3600, after: 3750 * 3600 });
    expect(preview.chargesRemoved.map((c) => [c.date, c.amount])).toEqual([['2026-01-17', 4900], ['2026-02-17', 4900]]);
    expect(preview.chargesAdded.map((c) => [c.date, c.amount])).toEqual([['2026-01-17', 8800], ['2026-02-17', 8800]]);
    expect(preview.notes.map((n) => noteText(n, FILE_WORDS))).toEqual(['New subscription to Pro 2,000 (monthly) from that day']);
    // The February allocation, unused, expires on April 17: 2,000 of it rather than 1,000.
    expect(preview.expiries).toEqual([{ date: '2026-04-17', ahead: true, before: 1000 * 3600, after: 2000 * 3600 }]);
    expect(readFileSync(join(svc.store.dir, 'account.journal'), 'utf8')).toBe(journal);
    // Without the check: 1,000 − 200 + 1,000 − 100.
    const del = ok<ChangePreview>(svc.handle('event-change-preview', { id: svc.store.data.account.events[2]!.id! }));
    expect(del.balanceToday).toEqual({ before: 2750 * 3600, after: 1700 * 3600 });
    expect(del.usages).toEqual([]);
    expect(svc.handle('event-change-preview', { id: svc.store.data.account.events[1]!.id!, event: { date: '2026-01-10', type: 'usage', feature: 'avatar-iv', minutes: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-event', message: expect.stringContaining('the first event must be a subscribe') },
    });
  });

  it('previews an edit that takes the credits a later usage needed: that usage is listed, refused now', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    ok(svc.handle('usage-add', { date: '2026-01-20', feature: 'avatar-iv', minutes: 10 }));
    ok(svc.handle('usage-add', { date: '2026-02-10', feature: 'avatar-iii', minutes: 15 }));
    const [, first, later] = svc.store.data.account.events;
    const preview = ok<ChangePreview>(svc.handle('event-change-preview', { id: first!.id!, event: { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10, videos: 5 } }));
    expect(preview.usages).toEqual([{ id: later!.id, date: '2026-02-10', title: 'Avatar III, 15 min', before: { credits: 45 * 3600, refused: null }, after: { credits: 45 * 3600, refused: { code: 'insufficient-credits', params: { needs: 45 * 3600, available: 0, short: 45 * 3600 } } } }]);
    expect(refusalText(preview.usages[0]!.after.refused!, FILE_WORDS)).toBe('needs 45 credits, 0 available: 45 short');
    expect(preview.usagesChanged).toBe(1);
  });

  it('replaces any event, its id kept, and one undo puts it back', () => {
    const svc = account();
    const id = svc.store.data.account.events[2]!.id!;
    const s = ok<AppState>(svc.handle('event-replace', { id, event: { date: '2026-01-25', type: 'balance-check', balance: 1800 } }));
    expect(s.view!.ledger.balance / 3600).toBe(2700);
    expect(s.changes.undo!.label).toBe('Changed: Balance check: 1,800 shown');
    expect(svc.store.data.account.events[2]!.id).toBe(id);
    expect(svc.handle('event-replace', { id, event: { id: 'other', date: '2026-01-25', type: 'balance-check', balance: 1 } })).toMatchObject({ ok: false, error: { field: 'event.id' } });
    expect(svc.handle('event-replace', { id: 'nope', event: { date: '2026-01-25', type: 'pause' } })).toMatchObject({ ok: false, error: { code: 'not-found', field: 'id' } });
    expect(ok<AppState>(svc.handle('history-undo', {})).view!.ledger.balance / 3600).toBe(2750);
  });
});
