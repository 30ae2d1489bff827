/** Handlers called directly, on a real store in a temp folder. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppState, ChangePreview, UsageImportPreview, WorkProgress } from '../shared/api.ts';
import type { IsoDate } from '../shared/units.ts';
import { serviceCreate, type Service } from './service.ts';
import { diskDouble } from '../test/fixtures/disk.ts';
import { storeOpen } from './store.ts';

function fresh(dir = mkdtempSync(join(tmpdir(), 'cc-svc-'))): Service {
  return serviceCreate({ store: storeOpen({ dir }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
}

function ok<T>(reply: { readonly ok: boolean }): T {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`);
  return (reply as unknown as { readonly value: T }).value;
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
    expect(csv).toBe('date,feature,minutes,seconds,count,videos,project,credits,refused\r\n2026-01-20,avatar-iv,10,,,1,"Launch, part 1",200,\n');
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
    const preview = ok<{ notes: string[]; charges: { amount: number }[]; balanceBefore: number; balanceAfter: number }>(svc.handle('event-preview', { event: { date: '2026-02-03', type: 'change-plan', plan: 'pro', credits: 100_000 } }));
    expect(preview.notes[0]).toContain('Upgrade to Pro 100,000 (monthly) at once: $1,919.81 prorated for 14 of 31 days, 99,000 more credits that day');
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
    expect(csv.split('\r\n').slice(1).map((line) => line.split(',').slice(6).join(','))).toEqual([`"'=HYPERLINK(""http://x"",""y"")",200,`, `"'+1",200,`, `"'-2",200,`, `"'@SUM(A1)",200,\n`]);
  });
});

describe('usage import', () => {
  const text = 'Date;Tool;Length;Client\n05/02/2026;Avatar IV;1:30;Acme\n25/02/2026;VEO3;2;Acme\n';

  it('previews what a spreadsheet adds, with each row’s cost and the balance after, storing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const svc = serviceCreate({ store: storeOpen({ dir }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
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
    const svc = serviceCreate({ store: storeOpen({ dir }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
    ok(svc.handle('event-add', subscribe));
    const imported = ok<AppState & { added: number; ids: string[] }>(svc.handle('usage-import', { text }));
    expect(imported.added).toBe(2);
    expect(imported.view!.ledger.balance / 3600).toBe(2000 - 210);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(ok<{ added: number; skipped: number }>(svc.handle('usage-import', { text }))).toMatchObject({ added: 0, skipped: 2 });
    const undone = ok<AppState>(svc.handle('history-undo', {}));
    expect(undone.view!.ledger.balance / 3600).toBe(2000);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8').trim().split('\n')).toHaveLength(3);
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
    const svc = serviceCreate({ store: storeOpen({ dir: mkdtempSync(join(tmpdir(), 'cc-svc-')) }), today: () => '2026-03-01' as IsoDate, logBug: () => {}, progress: (p) => heard.push(p) });
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
    expect(heard).toEqual([{ call: 'usage-import', stage: 'saving', done: 0, total: 1 }]);
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
      usages: [{ id: svc.store.data.account.events[1]!.id, date: '2026-02-10', title: 'Avatar III, 15 min', before: { credits: 45 * 3600, refused: null }, after: { credits: 45 * 3600, refused: 'needs 45 credits, 0 available: 45 short' } }],
      usagesChanged: 1,
    });
    // Skipped, the row changes nothing.
    expect(ok<UsageImportPreview>(svc.handle('usage-import-preview', { text, skip: [2] }))).toMatchObject({ added: 0, changes: null });
  });
});

describe('undo and redo', () => {
  const upgrade = { event: { date: '2026-02-01', type: 'change-plan', plan: 'pro', credits: 2000 } };
  const journalLines = (svc: Service) => readFileSync(join(svc.store.dir, 'account.journal'), 'utf8').trim().split('\n').length;

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
    const svc = serviceCreate({ store: storeOpen({ dir, fs: disk.fs, log: () => {} }), today: () => '2026-03-01' as IsoDate, logBug: () => {} });
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
  function account(): Service {
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
    expect(preview.notes).toEqual(['New subscription to Pro 2,000 (monthly) from that day']);
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
    expect(preview.usages).toEqual([{ id: later!.id, date: '2026-02-10', title: 'Avatar III, 15 min', before: { credits: 45 * 3600, refused: null }, after: { credits: 45 * 3600, refused: 'needs 45 credits, 0 available: 45 short' } }]);
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

describe('backups', () => {
  /** A folder whose backups hold the demo account, then the demo with one more usage (each restart backs the data up). */
  function withBackups() {
    const dir = mkdtempSync(join(tmpdir(), 'cc-svc-'));
    const a = fresh(dir);
    ok(a.handle('account-demo', {}));
    a.store.close();
    const b = fresh(dir);
    ok(b.handle('usage-add', { date: '2026-02-28', feature: 'avatar-iv', minutes: 30 }));
    b.store.close();
    return fresh(dir);
  }
  type Backups = { backups: { name: string; time: string; revision: number; account: { events: number; projects: number } | null; balance: number | null }[] };

  it('lists the backups newest first, with when each was taken, what it holds and its balance today', () => {
    const svc = withBackups();
    const now = ok<AppState>(svc.handle('state-get', {}));
    const { backups } = ok<Backups>(svc.handle('backup-list', {}));
    expect(backups).toHaveLength(2);
    const [newest, older] = backups;
    expect(newest).toMatchObject({ revision: now.revision, account: { events: svc.store.data.account.events.length, projects: 2 }, balance: now.view!.ledger.balance });
    expect(older).toMatchObject({ revision: now.revision - 1, account: { events: svc.store.data.account.events.length - 1, projects: 2 } });
    expect(older!.balance! - newest!.balance!).toBe(30 * 20 * 3600);
    expect(newest!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(newest!.time)).toBeGreaterThanOrEqual(Date.parse(older!.time));
  });

  it('restores one as a change of the account as a whole, which Undo takes back once confirmed', () => {
    const svc = withBackups();
    const now = ok<AppState>(svc.handle('state-get', {}));
    const events = svc.store.data.account.events;
    ok(svc.handle('settings-update', { theme: 'dark' }));
    const older = ok<Backups>(svc.handle('backup-list', {})).backups[1]!;
    const restored = ok<AppState>(svc.handle('backup-restore', { name: older.name }));
    expect(restored.view!.ledger.balance).toBe(older.balance);
    expect(restored.settings.theme).toBe('dark');
    expect(restored.changes.undo).toMatchObject({ label: `Restored the backup of ${older.time.slice(0, 10)} ${older.time.slice(11, 16)} UTC`, whole: { before: { events: events.length }, after: { events: events.length - 1 } } });
    expect(svc.handle('history-undo', {})).toMatchObject({ ok: false, error: { field: 'confirm' } });
    expect(ok<AppState>(svc.handle('history-undo', { confirm: true })).view!.ledger.balance).toBe(now.view!.ledger.balance);
    expect(svc.store.data.account.events).toEqual(events);
  });

  it('restores only a backup the list gives: a path, another file or a name not listed is refused and changes nothing', () => {
    const svc = withBackups();
    const journal = readFileSync(join(svc.store.dir, 'account.journal'), 'utf8');
    const name = ok<Backups>(svc.handle('backup-list', {})).backups[0]!.name;
    writeFileSync(join(svc.store.dir, 'account-2026-01-01T00-00-00-000Z.json'), readFileSync(join(svc.store.dir, 'backups', name)));
    for (const bad of ['../account.json', `backups/${name}`, 'account.json', `${name}/..`]) {
      expect(svc.handle('backup-restore', { name: bad })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'name', message: 'Name: must be the name of a backup the list gives' } });
    }
    expect(svc.handle('backup-restore', { name: 'account-2026-01-01T00-00-00-000Z.json' })).toMatchObject({ ok: false, error: { code: 'not-found', field: 'name' } });
    expect(readFileSync(join(svc.store.dir, 'account.journal'), 'utf8')).toBe(journal);
  });

  it('a backup damaged since it was written is listed as not reading, and is not restored', () => {
    const svc = withBackups();
    const [older] = readdirSync(join(svc.store.dir, 'backups')).sort();
    writeFileSync(join(svc.store.dir, 'backups', older!), '{"account":');
    expect(ok<Backups>(svc.handle('backup-list', {})).backups[1]).toMatchObject({ name: older, account: null, balance: null });
    expect(svc.handle('backup-restore', { name: older })).toMatchObject({ ok: false, error: { code: 'invalid-file', field: 'name' } });
    expect(fresh().handle('backup-list', {})).toEqual({ ok: true, value: { backups: [] } });
  });
});
