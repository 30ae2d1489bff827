/** The account as a whole and its backups: the handlers called directly on a session over a real store in a temp folder. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../shared/api.ts';
import { featuresFresh, ok, type Features } from '../../test/fixtures/session.ts';
import { accountHandlers } from './account.ts';
import { historyHandlers } from './history.ts';
import { settingsHandlers } from './settings.ts';
import { stateHandlers } from './state.ts';
import { usageHandlers } from './usage.ts';

const HANDLERS_HERE = { ...stateHandlers, ...accountHandlers, ...usageHandlers, ...settingsHandlers, ...historyHandlers };

const fresh = (dir?: string): Features => featuresFresh(HANDLERS_HERE, dir);

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
