/** Handlers called through the service (its validation, its handler names, its announcements), on a real store in a temp folder. Each feature’s own tests are beside it in ./service/. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppState, EventPreview } from '../shared/api.ts';
import { FILE_WORDS, noteText } from '../shared/wording.ts';
import type { IsoDate } from '../shared/units.ts';
import { serviceCreate, type Service } from './service.ts';
import { diskDouble } from '../test/fixtures/disk.ts';
import { ok } from '../test/fixtures/session.ts';
import { storeOpen } from './store.ts';

function fresh(dir = mkdtempSync(join(tmpdir(), 'cc-svc-'))): Service {
  return serviceCreate({ store: storeOpen({ dir }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
}

const subscribe = { event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 } };

describe('account service', () => {
  it('starts on the first-run state, then adds a usage and returns the new balance', () => {
    const svc = fresh();
    expect(ok<AppState>(svc.handle('state-get', {})).firstRun).toBe(true);
    ok(svc.handle('event-add', subscribe));
    const s = ok<AppState>(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10, project: 'Launch' }));
    expect(s.firstRun).toBe(false);
    expect(s.view!.ledger.balance / 3600).toBe(1800);
    expect(s.view!.projects).toEqual(['Launch']);
  });

  it('persists: a new service on the same folder sees the same account', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const a = fresh(dir);
    ok(a.handle('event-add', subscribe));
    ok(a.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    a.store.close();
    const b = fresh(dir);
    expect(ok<AppState>(b.handle('state-get', {})).view!.ledger.balance / 3600).toBe(1800);
  });

  it('edits and deletes by id, and the deleted event can be added back (undo)', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const added = ok<AppState>(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    const id = svc.store.data.account.events.at(-1)!.id!;
    expect(added.view!.ledger.balance / 3600).toBe(1800);
    expect(ok<AppState>(svc.handle('usage-edit', { id, date: '2026-02-20', feature: 'avatar-iv', minutes: 20 })).view!.ledger.balance / 3600).toBe(1600);
    const del = ok<AppState & { deleted: { id: string } }>(svc.handle('event-delete', { id }));
    expect(del.view!.ledger.balance / 3600).toBe(2000);
    expect(ok<AppState>(svc.handle('event-add', { event: del.deleted })).view!.ledger.balance / 3600).toBe(1600);
  });

  it.each<[string, string, unknown, string]>([
    ['a bad field', 'usage-add', { date: '2026-02-30', feature: 'avatar-iv', minutes: 1 }, 'Date: must be a calendar date'],
    ['an unknown feature', 'usage-add', { date: '2026-02-20', feature: 'avatar-vii', minutes: 1 }, 'Feature: unknown feature "avatar-vii"'],
    ['a missing length', 'usage-add', { date: '2026-02-20', feature: 'avatar-iv' }, 'Minutes: required'],
    ['an unknown field', 'usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 1, admin: true }, 'Admin: unknown field'],
    ['not an object', 'usage-add', 'hello', 'must be an object'],
    ['a plan rule', 'event-add', { event: { date: '2026-02-01', type: 'addon', blocks: 2 } }, 'Event 2 kind: add-on credit blocks are for Business only'],
    ['an unknown id', 'event-delete', { id: 'nope' }, 'Id: no event with id "nope"'],
    ['an unknown handler', 'wallet-drain', {}, 'unknown handler "wallet-drain"'],
    ['a reset without confirmation', 'account-reset', { confirm: 'yes' }, 'Confirm: must be "reset"'],
    ['an import that is not JSON', 'account-import', { text: '{"format":' }, 'not valid JSON'],
    ['an import with an event nested 5,000 deep', 'account-import', { text: `{"format":"credit-companion/account@1","events":[{"date":"2026-02-01","type":"note","text":${'['.repeat(5000)}${']'.repeat(5000)}}]}` }, 'nested deeper than 64 levels'],
    ['an import whose projects nest 5,000 deep', 'account-import', { text: `{"format":"credit-companion/account@1","events":[],"projects":${'['.repeat(5000)}${']'.repeat(5000)}}` }, 'nested deeper than 64 levels'],
  ])('rejects %s with a typed error and stores nothing', (_what, name, input, message) => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const file = svc.store.data.account;
    const before = JSON.stringify(file);
    const journal = readFileSync(join(svc.store.dir, 'account.journal'), 'utf8');
    const reply = svc.handle(name, input);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(['invalid-input', 'invalid-event', 'invalid-file', 'invalid-json', 'not-found']).toContain(reply.error.code);
      expect(reply.error.message).toContain(message);
    }
    expect(JSON.stringify(svc.store.data.account)).toBe(before);
    expect(readFileSync(join(svc.store.dir, 'account.journal'), 'utf8')).toBe(journal);
  });

  it('imports a hand-written file, gives its events ids, and exports it in date order', () => {
    const svc = fresh();
    const text = JSON.stringify({
      format: 'credit-companion/account@1',
      events: [
        { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10 },
        { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
      ],
    });
    ok(svc.handle('account-import', { text }));
    const out = ok<{ text: string; fileName: string }>(svc.handle('account-export', {}));
    const exported = JSON.parse(out.text);
    expect(exported.events.map((e: { type: string }) => e.type)).toEqual(['subscribe', 'usage']);
    expect(exported.events.every((e: { id?: string }) => typeof e.id === 'string')).toBe(true);
    expect(out.fileName).toBe('credit-companion-account-2026-03-01.json');
  });

  it('exports the planned projects with the account; an import replaces them with the file’s, or keeps them when asked, and says first what it replaces', () => {
    const project = (name: string, date: string) => ({ project: { format: 'credit-companion/project@1', name, date, lines: [{ feature: 'avatar-iv', minutes: 5 }] } });
    const a = fresh();
    ok(a.handle('event-add', subscribe));
    ok(a.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    ok(a.handle('project-save', project('Launch', '2026-04-02')));
    const exported = ok<{ text: string }>(a.handle('account-export', {})).text;
    expect(JSON.parse(exported).projects.map((p: { name: string }) => p.name)).toEqual(['Launch']);

    const b = fresh();
    ok(b.handle('event-add', { event: { date: '2026-01-05', type: 'subscribe', plan: 'creator' } }));
    ok(b.handle('project-save', project('Old one', '2026-05-01')));
    ok(b.handle('project-save', project('Older one', '2026-06-01')));
    const before = readFileSync(join(b.store.dir, 'account.journal'), 'utf8');
    expect(ok(b.handle('account-import-preview', { text: exported }))).toEqual({
      current: { events: 1, usages: 0, from: '2026-01-05', to: '2026-01-05', plan: 'Creator (monthly)', projects: 2 },
      file: { events: 2, usages: 1, from: '2026-01-17', to: '2026-02-20', plan: 'Pro 1,000 (monthly)', projects: 1 },
      fileHasProjects: true,
    });
    expect(readFileSync(join(b.store.dir, 'account.journal'), 'utf8')).toBe(before);

    const kept = ok<AppState>(b.handle('account-import', { text: exported, projects: 'current' }));
    expect(kept.projects.map((p) => p.name)).toEqual(['Old one', 'Older one']);
    expect(kept.view!.ledger.plan!.label).toBe('Pro 1,000 (monthly)');
    const replaced = ok<AppState>(b.handle('account-import', { text: exported }));
    expect(replaced.projects.map((p) => p.name)).toEqual(['Launch']);

    // A file without projects (hand-written, or from the command line) leaves none of the old account’s behind.
    const bare = JSON.stringify({ format: 'credit-companion/account@1', events: [{ date: '2026-01-17', type: 'subscribe', plan: 'creator' }] });
    expect(ok<{ fileHasProjects: boolean }>(b.handle('account-import-preview', { text: bare })).fileHasProjects).toBe(false);
    expect(ok<AppState>(b.handle('account-import', { text: bare })).projects).toEqual([]);
  });

  it('refuses an account file whose projects are bad, naming the project and the field, and changes nothing', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const text = JSON.stringify({ format: 'credit-companion/account@1', events: [{ date: '2026-01-17', type: 'subscribe', plan: 'creator' }], projects: [{ format: 'credit-companion/project@1', name: '', date: '2026-04-02', lines: [] }] });
    for (const name of ['account-import-preview', 'account-import']) {
      const reply = svc.handle(name, { text });
      expect(reply.ok).toBe(false);
      expect((reply as { error: unknown }).error).toMatchObject({ message: expect.stringContaining('Project 1 name: must not be empty'), field: 'projects[0].name' });
    }
    expect(ok<AppState>(svc.handle('state-get', {})).view!.ledger.plan!.label).toBe('Pro 1,000 (monthly)');
  });

  it('quotes a project against the account and compares plans', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const quote = ok<{ credits: number; account: { fits: boolean } }>(svc.handle('quote-run', { project: { format: 'credit-companion/project@1', name: 'X', date: '2026-03-01', lines: [{ feature: 'avatar-iv', minutes: 10 }] } }));
    expect(quote.credits / 3600).toBe(200);
    expect(quote.account.fits).toBe(true);
    const cmp = ok<{ credits: { options: unknown[] }; history: { options: unknown[] } }>(svc.handle('compare-run', { credits: 1200 }));
    expect(cmp.credits.options.length).toBeGreaterThan(0);
    expect(cmp.history.options.length).toBeGreaterThan(0);
  });

  it('quotes a planned project with the pipeline’s answer on its credits: the same data once it is saved, both readings', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 30 }));
    const project = { format: 'credit-companion/project@1', name: 'Launch', date: '2026-03-10', lines: [{ feature: 'avatar-iv', minutes: 65 }] };
    type Fit = { alone: { shortfall: number }; atPace: { shortfall: number } | null };
    const quoted = ok<{ fit: Fit }>(svc.handle('quote-run', { project })).fit;
    // 1,300 credits on Mar 10: the 1,400 held cover them if nothing else is used; at the pace (600 credits in the 44 days
    // of the account: 415 a month, 123 by Mar 10) 1,277 are left, short.
    expect(quoted.alone.shortfall).toBe(0);
    expect(quoted.atPace!.shortfall).toBeGreaterThan(0);
    ok(svc.handle('project-save', { project }));
    const pipeline = ok<{ projects: { fit: Fit }[] }>(svc.handle('pipeline-get', {}));
    expect(pipeline.projects[0]!.fit).toEqual(quoted);
  });

  it('lists usages newest first with their cost, filters them, and exports them as CSV', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    ok(svc.handle('usage-add', { date: '2026-01-20', feature: 'avatar-iv', minutes: 10, project: 'Launch, part 1' }));
    ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'veo3', count: 2 }));
    ok(svc.handle('usage-add', { date: '2026-02-21', feature: 'avatar-iv', minutes: 500 }));
    const all = ok<{ rows: { date: string; credits: number; refused: string | null }[]; total: number; totalCredits: number; months: string[] }>(svc.handle('usage-list', {}));
    expect(all.rows.map((r) => [r.date, r.credits / 3600, r.refused !== null])).toEqual([['2026-02-21', 10_000, true], ['2026-02-20', 180, false], ['2026-01-20', 200, false]]);
    expect([all.total, all.totalCredits / 3600, all.months]).toEqual([3, 380, ['2026-02', '2026-01']]);
    expect(ok<{ total: number }>(svc.handle('usage-list', { month: '2026-01' })).total).toBe(1);
    const csv = ok<{ text: string }>(svc.handle('usage-csv', { project: 'Launch, part 1' })).text;
    expect(csv).toBe('date,feature,minutes,seconds,count,videos,project,by,credits,refused\r\n2026-01-20,avatar-iv,10,,,1,"Launch, part 1",,200,\n');
  });

  it('pages a long usage list: the pages together are the whole list once, in order, each with the filter’s totals; a page larger than 1,000 is refused', () => {
    const svc = fresh();
    const events = [{ ...subscribe.event, credits: 100_000 }, ...Array.from({ length: 2500 }, (_, i) => ({ date: `2026-02-${String(1 + (i % 28)).padStart(2, '0')}`, type: 'usage', feature: 'avatar-iv', minutes: 1 + ((i >> 1) % 2), project: i % 2 ? 'Odd' : 'Even' }))];
    ok(svc.handle('account-replace', { account: { format: 'credit-companion/account@1', events } }));
    type List = { rows: { id: string; project?: string }[]; total: number; totalCredits: number };
    const whole = ok<List>(svc.handle('usage-list', { project: 'Odd', limit: 1000 }));
    const pages = [0, 1000].map((offset) => ok<List>(svc.handle('usage-list', { project: 'Odd', offset, limit: 1000 })));
    expect(pages.map((p) => [p.rows.length, p.total, p.totalCredits])).toEqual([[1000, 1250, whole.totalCredits], [250, 1250, whole.totalCredits]]);
    const all = ok<List>(svc.handle('usage-list', { project: 'Odd', offset: 1000, limit: 300 }));
    expect(all.rows.map((r) => r.id)).toEqual(pages[1]!.rows.map((r) => r.id));
    expect(new Set([...pages[0]!.rows, ...pages[1]!.rows].map((r) => r.id)).size).toBe(1250);
    expect(pages.flatMap((p) => p.rows).every((r) => r.project === 'Odd')).toBe(true);
    // Avatar IV at 20 credits a minute; none refused (100,000 credits cover them all).
    const minutes = (events.slice(1) as { project: string; minutes: number }[]).filter((e) => e.project === 'Odd').reduce((sum, e) => sum + e.minutes, 0);
    expect(whole.totalCredits / 3600).toBe(minutes * 20);
    expect(ok<List>(svc.handle('usage-list', { offset: 5000, limit: 100 })).rows).toEqual([]);
    const big = svc.handle('usage-list', { limit: 1001 });
    expect(big.ok).toBe(false);
    expect(JSON.stringify(big)).toContain('"field":"limit"');
  });

  it('previews a plan change in the engine’s words, storing nothing', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const before = JSON.stringify(svc.store.data);
    const preview = ok<EventPreview>(svc.handle('event-preview', { event: { date: '2026-02-03', type: 'change-plan', plan: 'pro', credits: 100_000 } }));
    expect(noteText(preview.notes[0]!, FILE_WORDS)).toContain('Upgrade to Pro 100,000 (monthly) at once: $1,919.81 prorated for 14 of 31 days, 99,000 more credits that day');
    expect(preview.charges.map((c) => c.amount)).toEqual([191981]);
    expect([preview.balanceBefore / 3600, preview.balanceAfter / 3600]).toEqual([1000, 100_000]);
    expect(JSON.stringify(svc.store.data)).toBe(before);
  });

  it('refuses a new project with the name and date of one already planned, and restores a deleted one with its id', () => {
    const svc = fresh();
    const project = { format: 'credit-companion/project@1', name: 'Launch', date: '2026-04-01', lines: [{ feature: 'veo3', count: 1 }] };
    const saved = ok<AppState>(svc.handle('project-save', { project })).projects[0]!;
    expect(svc.handle('project-save', { project })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'project.name' } });
    ok(svc.handle('project-save', { project: { ...project, date: '2026-04-02' } }));
    ok(svc.handle('project-delete', { id: saved.id! }));
    expect(ok<AppState>(svc.handle('project-save', { project: saved })).projects.map((p) => p.id)).toContain(saved.id);
  });

  it('previews a second identical add-on on the same day as a charge of its own', () => {
    const svc = fresh();
    ok(svc.handle('event-add', { event: { date: '2026-01-17', type: 'subscribe', plan: 'business' } }));
    const addon = { event: { date: '2026-02-03', type: 'addon', blocks: 1 } };
    const first = ok<{ charges: { amount: number }[] }>(svc.handle('event-preview', addon));
    expect(first.charges).toHaveLength(1);
    ok(svc.handle('event-add', addon));
    expect(ok<{ charges: { amount: number }[] }>(svc.handle('event-preview', addon)).charges).toEqual(first.charges);
  });

  it('leaves a recovery notice for the window when a shell reads the state for itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    writeFileSync(join(dir, 'account.json'), '{"account": ');
    const svc = fresh(dir);
    expect(svc.current().notices).toHaveLength(1);
    expect(svc.current().notices).toHaveLength(1);
    expect(ok<AppState>(svc.handle('state-get', {})).notices[0]).toContain('could not be read');
    expect(ok<AppState>(svc.handle('state-get', {})).notices).toEqual([]);
  });

  it('saves settings and projects', () => {
    const svc = fresh();
    expect(ok<AppState>(svc.handle('settings-update', { notifyExpiryDays: 3 })).settings.notifyExpiryDays).toBe(3);
    const s = ok<AppState>(svc.handle('project-save', { project: { format: 'credit-companion/project@1', name: 'Launch', date: '2026-04-01', lines: [] } }));
    expect(s.projects).toHaveLength(1);
    expect(ok<AppState>(svc.handle('project-delete', { id: s.projects[0]!.id! })).projects).toHaveLength(0);
  });
});

describe('when the disk or the folder refuses a change', () => {
  const usage = { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 };

  it('a full disk: the reply says so plainly, and the state on screen stays what is on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const disk = diskDouble();
    const svc = serviceCreate({ store: storeOpen({ dir, fs: disk.fs, log: () => {} }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
    ok(svc.handle('event-add', subscribe));
    const before = ok<AppState>(svc.handle('state-get', {}));
    disk.free = 0;
    expect(svc.handle('usage-add', usage)).toEqual({ ok: false, error: { code: 'storage', message: `The disk is full: the last change was not saved. Free some space on the disk that holds ${dir}, then try again.` } });
    expect(svc.handle('settings-update', { theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'storage' } });
    const after = ok<AppState>(svc.handle('state-get', {}));
    expect(after.view!.ledger.balance).toBe(before.view!.ledger.balance);
    expect(after.settings.theme).toBe('system');
    disk.free = Infinity;
    expect(ok<AppState>(svc.handle('usage-add', usage)).view!.ledger.balance / 3600).toBe(1800);
  });

  it('a folder another process holds: the state says read-only and why, and every change is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const holder = fresh(dir);
    ok(holder.handle('event-add', subscribe));
    const viewer = fresh(dir);
    const state = ok<AppState>(viewer.handle('state-get', {}));
    expect(state.readOnly).toMatch(/^Credit Companion is already open on .* \(a test, pid \d+\): this window shows its data read-only; make changes there\.$/);
    expect(state.view!.ledger.balance / 3600).toBe(2000);
    expect(viewer.handle('usage-add', usage)).toMatchObject({ ok: false, error: { code: 'read-only', message: `Not saved. ${state.readOnly}` } });
    holder.store.close();
  });

  it('input nested 5,000 deep is invalid input, never a bug', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(fresh().handle('usage-add', { ...usage, project: deep })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'Project 1 item 1: nested deeper than 64 levels', field: 'project[0][0]' } });
  });

  it('a project named like a spreadsheet formula stays text in the CSV export', () => {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    for (const project of ['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)']) ok(svc.handle('usage-add', { ...usage, project }));
    const csv = ok<{ text: string }>(svc.handle('usage-csv', {})).text;
    expect(csv.split('\r\n').slice(1).map((line) => line.split(',').slice(6).join(','))).toEqual([`"'=HYPERLINK(""http://x"",""y"")",,200,`, `"'+1",,200,`, `"'-2",,200,`, `"'@SUM(A1)",,200,\n`]);
  });
});

describe('the account’s revision', () => {
  it('is one more after every committed change, undo and redo included; a failed or read-only call leaves it, and a listener hears each change once', () => {
    const svc = fresh();
    const heard: number[] = [];
    const stop = svc.subscribe((r) => heard.push(r));
    const r0 = ok<AppState>(svc.handle('state-get', {})).revision;
    expect(ok<AppState>(svc.handle('event-add', subscribe)).revision).toBe(r0 + 1);
    expect(ok<AppState>(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 })).revision).toBe(r0 + 2);
    expect(svc.handle('usage-add', { date: '2026-02-30', feature: 'avatar-iv', minutes: 1 }).ok).toBe(false);
    expect(svc.handle('event-add', { event: { date: '2026-02-01', type: 'addon', blocks: 2 } }).ok).toBe(false);
    ok(svc.handle('usage-list', {}));
    expect(ok<AppState>(svc.handle('history-undo', {})).revision).toBe(r0 + 3);
    expect(ok<AppState>(svc.handle('history-redo', {})).revision).toBe(r0 + 4);
    expect(ok<AppState>(svc.handle('settings-update', { theme: 'dark' })).revision).toBe(r0 + 5);
    expect(heard).toEqual([r0 + 1, r0 + 2, r0 + 3, r0 + 4, r0 + 5]);
    stop();
    ok(svc.handle('settings-update', { theme: 'light' }));
    expect(heard).toHaveLength(5);
    expect(svc.current().revision).toBe(r0 + 6);
  });

  it('is kept across a restart, so a window left open never sees it go back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const a = fresh(dir);
    ok(a.handle('event-add', subscribe));
    const r = ok<AppState>(a.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 })).revision;
    a.store.close();
    const b = fresh(dir);
    expect(ok<AppState>(b.handle('state-get', {})).revision).toBe(r);
    expect(ok<AppState>(b.handle('usage-add', { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 })).revision).toBe(r + 1);
  });

  it('a change the disk refuses is not announced; a listener that throws is reported and the others still hear', () => {
    const disk = diskDouble();
    const bugs: string[] = [];
    const svc = serviceCreate({ store: storeOpen({ dir: mkdtempSync(join(tmpdir(), 'cc-svc-')), fs: disk.fs, log: () => {} }), today: () => '2026-03-01' as IsoDate, logBug: (name) => bugs.push(name) });
    const heard: number[] = [];
    svc.subscribe(() => {
      throw new Error('a broken window');
    });
    svc.subscribe((r) => heard.push(r));
    ok(svc.handle('event-add', subscribe));
    expect(heard).toHaveLength(1);
    expect(bugs).toEqual(['subscribe']);
    disk.free = 0;
    expect(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }).ok).toBe(false);
    expect(heard).toHaveLength(1);
  });
});

describe('a save edited from an older revision (another window changed the same thing)', () => {
  const launch = { format: 'credit-companion/project@1', name: 'Launch', date: '2026-04-01', lines: [{ feature: 'veo3', count: 1 }] };
  /** Two windows on one service: both opened the project at `opened`. */
  function twoWindows() {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const saved = ok<AppState>(svc.handle('project-save', { project: launch }));
    return { svc, project: saved.projects[0]!, opened: saved.revision };
  }
  const journalOf = (svc: Service) => readFileSync(join(svc.store.dir, 'account.journal'), 'utf8');

  it('two windows saving the same project: the second is a conflict naming the project, stores nothing, and is saved when told to overwrite', () => {
    const { svc, project, opened } = twoWindows();
    ok(svc.handle('project-save', { project: { ...project, name: 'Launch v2' }, revision: opened }));
    const journal = journalOf(svc);
    const stale = svc.handle('project-save', { project: { ...project, customAvatars: 2 }, revision: opened });
    expect(stale).toEqual({ ok: false, error: { code: 'conflict', field: 'project', message: 'Another window changed the project “Launch v2” since you opened it.' } });
    expect(journalOf(svc)).toBe(journal);
    expect(svc.store.data.projects).toEqual([{ ...project, name: 'Launch v2' }]);
    const forced = ok<AppState>(svc.handle('project-save', { project: { ...project, customAvatars: 2 }, revision: opened, force: true }));
    expect(forced.projects).toEqual([{ ...project, customAvatars: 2 }]);
    // Saved again from the revision the overwrite returned, it is not stale.
    ok(svc.handle('project-save', { project: { ...project, customAvatars: 3 }, revision: forced.revision }));
  });

  it('an entry, a settings change or another project changed in another window does not make a project’s save stale', () => {
    const { svc, project, opened } = twoWindows();
    ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    ok(svc.handle('settings-update', { theme: 'dark', revision: opened }));
    ok(svc.handle('project-save', { project: { ...launch, name: 'Other' } }));
    expect(ok<AppState>(svc.handle('project-save', { project: { ...project, customAvatars: 1 }, revision: opened })).projects.find((p) => p.id === project.id)!.customAvatars).toBe(1);
  });

  it('a project deleted in another window: its save says so, and deleting a project changed since is refused too', () => {
    const { svc, project, opened } = twoWindows();
    ok(svc.handle('project-delete', { id: project.id!, revision: opened }));
    expect(svc.handle('project-save', { project, revision: opened })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'project', message: 'Another window deleted the project “Launch” since you opened it.' } });
    const back = ok<AppState>(svc.handle('project-save', { project, revision: opened, force: true }));
    ok(svc.handle('project-save', { project: { ...project, name: 'Renamed' }, revision: back.revision }));
    expect(svc.handle('project-delete', { id: project.id!, revision: back.revision })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Another window changed the project “Renamed” since you opened it.' } });
    expect(svc.store.data.projects).toHaveLength(1);
  });

  it('an undo in another window changes the project back: that is a change too', () => {
    const { svc, project } = twoWindows();
    const edited = ok<AppState>(svc.handle('project-save', { project: { ...project, name: 'Launch v2' } }));
    ok(svc.handle('history-undo', {}));
    expect(svc.handle('project-save', { project: { ...project, name: 'Launch v3' }, revision: edited.revision })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('the settings and the price list: stale only when they changed since, then a conflict that stores nothing; force overwrites', () => {
    const { svc, opened } = twoWindows();
    ok(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    ok(svc.handle('settings-update', { theme: 'dark', revision: opened }));
    expect(svc.handle('settings-update', { forecastMonths: 6, revision: opened })).toEqual({ ok: false, error: { code: 'conflict', field: 'settings', message: 'Another window changed the settings since you opened them.' } });
    expect(svc.store.data.settings.forecastMonths).toBe(3);
    expect(ok<AppState>(svc.handle('settings-update', { forecastMonths: 6, revision: opened, force: true })).settings).toMatchObject({ theme: 'dark', forecastMonths: 6 });

    const tier = { credits: 2000, monthly: 88 };
    ok(svc.handle('catalog-update', { proTiers: [tier], revision: opened }));
    const journal = journalOf(svc);
    expect(svc.handle('catalog-update', { proTiers: [{ credits: 3000, monthly: 120 }], revision: opened })).toEqual({ ok: false, error: { code: 'conflict', field: 'catalog', message: 'Another window changed the price list since you opened it.' } });
    expect(journalOf(svc)).toBe(journal);
    expect(svc.store.data.account.proTiers).toEqual([tier]);
    expect(ok<AppState>(svc.handle('catalog-update', { proTiers: [{ credits: 3000, monthly: 120 }], revision: opened, force: true })).catalog.proTiers).toEqual([{ credits: 3000, monthly: 120 }]);
  });

  it('a save without a revision is never stale (the command line, an older window); a revision that is not a whole number is invalid input', () => {
    const { svc, project, opened } = twoWindows();
    ok(svc.handle('project-save', { project: { ...project, name: 'Launch v2' }, revision: opened }));
    ok(svc.handle('project-save', { project: { ...project, name: 'Launch v3' } }));
    expect(svc.handle('settings-update', { theme: 'dark', revision: -1 })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'revision' } });
    expect(svc.handle('project-save', { project, revision: 1.5 })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'revision' } });
    expect(svc.handle('catalog-update', { revision: opened, force: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'force' } });
  });

  it('after a restart what changed before is not known: a save from before it is stale, one from after it is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const a = fresh(dir);
    ok(a.handle('event-add', subscribe));
    const opened = ok<AppState>(a.handle('project-save', { project: launch }));
    ok(a.handle('project-save', { project: { ...opened.projects[0]!, name: 'Launch v2' } }));
    a.store.close();
    const b = fresh(dir);
    const now = ok<AppState>(b.handle('state-get', {}));
    expect(b.handle('project-save', { project: opened.projects[0]!, revision: opened.revision })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    ok(b.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    ok(b.handle('project-save', { project: { ...now.projects[0]!, customAvatars: 1 }, revision: now.revision }));
  });
});

describe('an event edited or deleted from an older revision (another window changed it)', () => {
  /** Two windows showing one usage, opened at `opened`. */
  function twoWindows() {
    const svc = fresh();
    ok(svc.handle('event-add', subscribe));
    const opened = ok<AppState>(svc.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 3 })).revision;
    return { svc, id: svc.store.data.account.events[1]!.id!, opened };
  }
  const journalOf = (svc: Service) => readFileSync(join(svc.store.dir, 'account.journal'), 'utf8');

  it('a usage edited in another window: the stale edit is a conflict naming what it is now, stores nothing, and overwrites when told to', () => {
    const { svc, id, opened } = twoWindows();
    ok(svc.handle('usage-edit', { id, date: '2026-02-20', feature: 'avatar-iv', minutes: 7, revision: opened }));
    const journal = journalOf(svc);
    expect(svc.handle('usage-edit', { id, date: '2026-02-20', feature: 'avatar-iv', minutes: 4, revision: opened })).toEqual({
      ok: false,
      error: { code: 'conflict', field: 'event', message: 'Another window changed this usage since you opened it: it is now “Avatar IV / Avatar V, 7 min”.' },
    });
    expect(journalOf(svc)).toBe(journal);
    expect(svc.store.data.account.events[1]).toMatchObject({ minutes: 7 });
    const forced = ok<AppState>(svc.handle('usage-edit', { id, date: '2026-02-20', feature: 'avatar-iv', minutes: 4, revision: opened, force: true }));
    expect(svc.store.data.account.events[1]).toMatchObject({ minutes: 4 });
    ok(svc.handle('usage-edit', { id, date: '2026-02-20', feature: 'avatar-iv', minutes: 5, revision: forced.revision }));
  });

  it('any event replaced or deleted from before another window’s change is refused the same way; an undo of that change is a change too', () => {
    const svc = fresh();
    const opened = ok<AppState>(svc.handle('event-add', subscribe)).revision;
    const id = svc.store.data.account.events[0]!.id!;
    const plan = (credits: number) => ({ id, event: { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits } });
    const changed = ok<AppState>(svc.handle('event-replace', { ...plan(5000), revision: opened }));
    expect(svc.handle('event-replace', { ...plan(2000), revision: opened })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'event', message: 'Another window changed this event since you opened it: it is now “Subscribe to Pro 5,000”.' } });
    expect(svc.handle('event-delete', { id, revision: opened })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'event' } });
    ok(svc.handle('history-undo', {}));
    expect(svc.handle('event-replace', { ...plan(2000), revision: changed.revision })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'event' } });
    expect(svc.store.data.account.events[0]).toMatchObject({ credits: 1000 });
    expect(ok<AppState>(svc.handle('event-delete', { id, revision: opened, force: true })).firstRun).toBe(true);
  });

  it('another event changed, an entry, a settings or price change does not make an edit stale; an account import that changes the event does', () => {
    const { svc, id, opened } = twoWindows();
    ok(svc.handle('usage-add', { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 }));
    ok(svc.handle('usage-edit', { id: svc.store.data.account.events[2]!.id!, date: '2026-02-21', feature: 'avatar-iv', minutes: 2 }));
    ok(svc.handle('settings-update', { theme: 'dark' }));
    ok(svc.handle('catalog-update', { rounding: 'credit' }));
    const edited = ok<AppState>(svc.handle('usage-edit', { id, date: '2026-02-20', feature: 'avatar-iv', minutes: 8, revision: opened }));
    const imported = (minutes: number) => JSON.stringify({ format: 'credit-companion/account@1', events: svc.store.data.account.events.map((e) => (e.id === id ? { ...e, minutes } : e)) });
    const same = ok<AppState>(svc.handle('account-import', { text: imported(8) }));
    ok(svc.handle('account-import', { text: imported(9) }));
    expect(svc.handle('event-delete', { id, revision: same.revision })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'event', message: 'Another window changed this event since you opened it: it is now “Avatar IV / Avatar V, 9 min”.' } });
    ok(svc.handle('event-delete', { id: svc.store.data.account.events[2]!.id!, revision: edited.revision }));
  });

  it('an event deleted in another window: an edit or delete from before says so; without a revision it is not found', () => {
    const { svc, id, opened } = twoWindows();
    ok(svc.handle('event-delete', { id, revision: opened }));
    const gone = { ok: false, error: { code: 'not-found', field: 'event', message: 'Another window deleted this usage since you opened it.' } };
    expect(svc.handle('usage-edit', { id, date: '2026-02-20', feature: 'avatar-iv', minutes: 4, revision: opened, force: true })).toEqual(gone);
    expect(svc.handle('event-delete', { id, revision: opened })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'Another window deleted this event since you opened it.' } });
    expect(svc.handle('event-delete', { id })).toMatchObject({ ok: false, error: { code: 'not-found', field: 'id' } });
    expect(svc.handle('event-replace', { id, event: { date: '2026-02-22', type: 'pause' }, revision: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'revision' } });
  });
});

describe('the undo history across a restart', () => {
  const setup = { account: { format: 'credit-companion/account@1', events: [{ date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-03-01', type: 'balance-check', balance: 1990 }] } };
  const historyOf = (svc: Service) => ok<{ undo: { label: string }[]; redo: { label: string }[] }>(svc.handle('history-get', {}));

  it('a setup undone past the first usage asks first; after a restart its Redo brings the account back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const a = fresh(dir);
    const set = ok<AppState>(a.handle('account-replace', setup));
    expect(set.changes.undo).toMatchObject({ whole: { before: { events: 0, projects: 0 }, after: { events: 2, projects: 0 } } });
    const added = ok<AppState>(a.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    expect(added.changes.undo!.whole).toBeUndefined();
    ok(a.handle('history-undo', {}));
    expect(a.handle('history-undo', {})).toMatchObject({ ok: false, error: { code: 'conflict', field: 'confirm' } });
    expect(a.store.data.account.events).toHaveLength(2);
    expect(ok<AppState>(a.handle('history-undo', { confirm: true })).firstRun).toBe(true);
    const before = historyOf(a);
    a.store.close();

    const b = fresh(dir);
    expect(historyOf(b)).toEqual(before);
    const state = ok<AppState>(b.handle('state-get', {}));
    expect(state.changes.redo).toMatchObject({ whole: { before: { events: 0 }, after: { events: 2 } } });
    expect(b.handle('history-redo', {})).toMatchObject({ ok: false, error: { code: 'conflict', field: 'confirm' } });
    expect(ok<AppState>(b.handle('history-redo', { confirm: true })).view!.ledger.balance / 3600).toBe(1990);
    expect(ok<{ redone: { label: string } }>(b.handle('history-redo', {})).redone.label).toBe('Added a usage: Avatar IV / Avatar V, 10 min');
    expect(b.store.data.account.events).toHaveLength(3);
    b.store.close();
    // And again: the redone changes are the next to undo.
    const c = fresh(dir);
    expect(ok<{ undone: { label: string } }>(c.handle('history-undo', {})).undone.label).toBe('Added a usage: Avatar IV / Avatar V, 10 min');
  });

  it('keeps records of what changed, not the account: a price change on a long account writes a short line', () => {
    const svc = fresh();
    const rows = Array.from({ length: 2000 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},Avatar IV,1,Row ${i}`);
    ok(svc.handle('account-replace', setup));
    ok(svc.handle('usage-import', { text: `date,feature,minutes,project\n${rows.join('\n')}\n` }));
    const read = (file: string) => readFileSync(join(svc.store.dir, file), 'utf8').trim().split('\n').at(-1)!;
    ok(svc.handle('catalog-update', { proTiers: [{ credits: 2000, monthly: 88 }] }));
    expect(read('account.history').length).toBeLessThan(500);
    expect(read('account.journal').length).toBeLessThan(300);
    ok(svc.handle('settings-update', { theme: 'dark' }));
    expect(read('account.history').length).toBeLessThan(500);
    expect(ok<AppState>(svc.handle('history-undo', {})).settings.theme).toBe('system');
    expect(ok<AppState>(svc.handle('history-undo', {})).catalog.proTiers).toBeUndefined();
    expect(svc.store.data.account.events).toHaveLength(2002);
    // The folder as it stands (as if the app were killed now): its journal's patches replay, and the history is of that data.
    const copy = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    for (const f of ['account.json', 'account.journal', 'account.history']) writeFileSync(join(copy, f), readFileSync(join(svc.store.dir, f)));
    const reopened = fresh(copy);
    expect(reopened.store.data).toEqual(svc.store.data);
    expect(reopened.handle('history-get', {})).toEqual(svc.handle('history-get', {}));
    expect(ok<AppState>(reopened.handle('history-redo', {})).catalog.proTiers).toEqual([{ credits: 2000, monthly: 88 }]);
  });

  it('names an import the account holds rather than copy it: after a restart, with one of its usages edited and another deleted since, undo and redo give back each account as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const a = fresh(dir);
    ok(a.handle('account-replace', setup));
    const rows = Array.from({ length: 3000 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},Avatar IV,${1 + (i % 4)},Row ${i}`);
    ok(a.handle('usage-import', { text: `date,feature,minutes,project\n${rows.join('\n')}\n` }));
    const history = () => readFileSync(join(dir, 'account.history'), 'utf8');
    /** The account's events, each field by name (the order of its keys aside), as a short digest (a failure shows two digests, not 3,000 events). */
    const digest = (svc: Service) => createHash('sha256').update(JSON.stringify(svc.store.data.account.events.map((e) => Object.entries(e).sort(([x], [y]) => (x < y ? -1 : 1))))).digest('hex');
    // 3,000 events and their ids would take some 300 KB.
    expect(history().length).toBeLessThan(5000);
    const imported = digest(a);
    const [edited, deleted] = [a.store.data.account.events[10]!, a.store.data.account.events[2500]!];
    ok(a.handle('usage-edit', { id: edited.id, date: '2026-02-27', feature: 'avatar-iv', minutes: 9 }));
    ok(a.handle('event-delete', { id: deleted.id }));
    const changed = digest(a);
    const kept = historyOf(a);
    a.store.close();
    expect(history().length).toBeLessThan(10_000);
    const b = fresh(dir);
    expect(historyOf(b)).toEqual(kept);
    ok(b.handle('history-undo', {}));
    ok(b.handle('history-undo', {}));
    expect(digest(b)).toBe(imported);
    ok(b.handle('history-undo', {}));
    expect(b.store.data.account.events).toHaveLength(2);
    // Undone, the import is no longer in the account: the file holds its events, and a restart still redoes it.
    expect(history().length).toBeGreaterThan(100_000);
    b.store.close();
    const c = fresh(dir);
    ok(c.handle('history-redo', {}));
    expect(digest(c)).toBe(imported);
    expect(history().length).toBeLessThan(10_000);
    ok(c.handle('history-redo', {}));
    ok(c.handle('history-redo', {}));
    expect(digest(c)).toBe(changed);
    c.store.close();
  });

  it('is bounded: the oldest changes go once their records hold too many events, the newest stays however large', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const open = () => serviceCreate({ store: storeOpen({ dir }), today: () => '2026-03-01' as IsoDate, logBug: () => {}, historyBounds: { changes: 5, items: 60 } });
    const a = open();
    ok(a.handle('event-add', subscribe));
    for (let i = 0; i < 7; i++) ok(a.handle('usage-add', { date: '2026-02-20', feature: 'generate-look', count: i + 1 }));
    expect(historyOf(a).undo.map((c) => c.label)).toEqual([7, 6, 5, 4, 3].map((n) => `Added a usage: Generate Look, ${n} ${n === 1 ? 'look' : 'looks'}`));
    const rows = Array.from({ length: 80 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},Avatar IV,1`);
    ok(a.handle('usage-import', { text: `date,feature,minutes\n${rows.join('\n')}\n` }));
    expect(historyOf(a).undo.map((c) => c.label)).toEqual(['Imported 80 usages']);
    ok(a.handle('usage-add', { date: '2026-02-21', feature: 'generate-look', count: 1 }));
    expect(historyOf(a).undo.map((c) => c.label)).toEqual(['Added a usage: Generate Look, 1 look']);
    const kept = historyOf(a);
    a.store.close();
    expect(historyOf(open())).toEqual(kept);
  });

  it('keeps a large import the account holds undoable after the changes made since: its events are the account’s own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const open = () => serviceCreate({ store: storeOpen({ dir }), today: () => '2026-03-01' as IsoDate, logBug: () => {}, historyBounds: { changes: 5, items: 60 } });
    const a = open();
    ok(a.handle('event-add', subscribe));
    const rows = Array.from({ length: 1000 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},Avatar IV,1`);
    ok(a.handle('usage-import', { text: `date,feature,minutes\n${rows.join('\n')}\n` }));
    for (let i = 0; i < 3; i++) ok(a.handle('usage-add', { date: '2026-02-21', feature: 'generate-look', count: i + 1 }));
    const recent = ['Added a usage: Generate Look, 3 looks', 'Added a usage: Generate Look, 2 looks', 'Added a usage: Generate Look, 1 look', 'Imported 1,000 usages'];
    expect(historyOf(a).undo.map((c) => c.label).slice(0, 4)).toEqual(recent);
    a.store.close();
    const b = open();
    expect(historyOf(b).undo.map((c) => c.label).slice(0, 4)).toEqual(recent);
    for (let i = 0; i < 3; i++) ok(b.handle('history-undo', {}));
    ok(b.handle('history-undo', {}));
    expect(b.store.data.account.events).toHaveLength(1);
    // Undone, it holds its 1,000 events alone: the next change drops it from Redo, and the bound counts them again.
    ok(b.handle('history-redo', {}));
    expect(b.store.data.account.events).toHaveLength(1001);
    b.store.close();
  });

  it('is not read back for data it was not recorded for: a change saved without it, or a history file cut short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const logged: string[] = [];
    const open = () => serviceCreate({ store: storeOpen({ dir }), today: () => '2026-03-01' as IsoDate, logBug: () => {}, log: (m) => logged.push(m) });
    const a = open();
    ok(a.handle('event-add', subscribe));
    ok(a.handle('usage-add', { date: '2026-02-20', feature: 'avatar-iv', minutes: 10 }));
    // Behind the history's back (as a crash between the two writes would leave it).
    a.store.commit({ op: 'event-delete', id: a.store.data.account.events[1]!.id! });
    a.store.close();
    const b = open();
    expect(historyOf(b)).toEqual({ undo: [], redo: [] });
    expect(logged).toEqual(['the undo history was not of the data as it is (a change was saved without it, or the file was changed); it starts empty']);
    ok(b.handle('usage-add', { date: '2026-02-21', feature: 'avatar-iv', minutes: 1 }));
    b.store.close();
    expect(historyOf(open()).undo).toHaveLength(1);
    const path = join(dir, 'account.history');
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, -20));
    expect(historyOf(open())).toEqual({ undo: [], redo: [] });
  });
});
