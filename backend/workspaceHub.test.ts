/**
 * The workspace hub on real workers running the real service and store, in a temp data folder with real
 * preferences (conf): each workspace its own folder, account and undo history; the calls about the workspaces;
 * the overview from each workspace's own state.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Conf from 'conf';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../shared/api.ts';
import type { IsoDate } from '../shared/units.ts';
import type { WorkspaceCall, WorkspaceOutputs } from '../shared/workspaceApi.ts';
import { hostStart, workerThreadLink } from './host.ts';
import { prefsOpen, type PrefsMake } from './prefs.ts';
import { storeOpen } from './store.ts';
import { workspaceHub, type WorkspaceHub } from './workspaceHub.ts';
import { workerBundle } from '../test/fixtures/bundles.ts';

/** The worker as the app runs it, bundled once for the file: a worker thread on the sources loads each through tsx anew. */
let ENTRY: URL;
beforeAll(() => void (ENTRY = pathToFileURL(workerBundle())), 60_000);
const TODAY = '2026-03-13' as IsoDate;
const conf: PrefsMake = (options) => new Conf(options);
const hubs: WorkspaceHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

function hubOn(dataDir = mkdtempSync(join(tmpdir(), 'cc-hub-'))): { hub: WorkspaceHub; dataDir: string; logged: string[] } {
  const logged: string[] = [];
  const hub = workspaceHub({
    dataDir,
    prefs: prefsOpen(conf, dataDir, (m) => logged.push(m)),
    open: (dir, first) =>
      hostStart({
        spawn: () => workerThreadLink(ENTRY, (e) => logged.push(e.message)),
        open: { dir, owner: { app: 'test' }, whenLocked: first ? 'fail' : 'read-only', today: TODAY },
        log: { warn: (m) => logged.push(m), error: (m) => logged.push(m) },
      }),
    today: () => TODAY,
  });
  hubs.push(hub);
  return { hub, dataDir, logged };
}

async function call<K extends WorkspaceCall>(hub: WorkspaceHub, name: K, input: unknown): Promise<WorkspaceOutputs[K]> {
  const reply = await hub.handle(name, input);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as WorkspaceOutputs[K];
}

async function state(hub: WorkspaceHub, name: string, input: unknown, workspace?: string): Promise<AppState> {
  const reply = await hub.handle(name, input, workspace);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as AppState;
}

const subscribe = { event: { type: 'subscribe', date: '2026-03-01', plan: 'pro', credits: 2000, billing: 'monthly' } };
const usage = (minutes: number) => ({ date: '2026-03-10', feature: 'avatar-iv', minutes });

describe('the workspace hub', { timeout: 30_000 }, () => {
  it('a new data folder has one workspace, the first, in the folder itself', async () => {
    const { hub, dataDir } = hubOn();
    expect(await call(hub, 'workspaces-get', {})).toEqual({ workspaces: [{ id: 'first', name: 'My account', archived: false }], current: 'first', revision: 0 });
    const s = await state(hub, 'account-demo', {});
    expect(s.workspace).toBe('first');
    expect(existsSync(join(dataDir, 'account.json'))).toBe(true);
  });

  it('keeps each workspace’s account and undo history apart; a call names its workspace, or goes to the one open last', async () => {
    const { hub, dataDir } = hubOn();
    await state(hub, 'event-add', subscribe);
    const created = await call(hub, 'workspace-create', { name: '  Client B ' });
    expect(created.created).toBe('client-b');
    expect(created.current).toBe('client-b');
    expect(created.workspaces.map((w) => w.name)).toEqual(['My account', 'Client B']);
    expect((await state(hub, 'state-get', {})).firstRun).toBe(true);
    await state(hub, 'event-add', { event: { type: 'subscribe', date: '2026-03-01', plan: 'business', billing: 'monthly' } });
    await state(hub, 'usage-add', usage(2));
    const first = await state(hub, 'usage-add', usage(1), 'first');
    expect(first.workspace).toBe('first');
    expect(first.view!.usageCount).toBe(1);
    const b = await state(hub, 'state-get', {}, 'client-b');
    expect(b.view!.usageCount).toBe(1);
    expect(b.view!.ledger.plan!.choice.plan).toBe('business');
    expect(first.view!.ledger.plan!.choice.plan).toBe('pro');
    // Undo in one leaves the other as it is.
    await state(hub, 'history-undo', {}, 'first');
    expect((await state(hub, 'state-get', {}, 'first')).view!.usageCount).toBe(0);
    expect((await state(hub, 'state-get', {}, 'client-b')).view!.usageCount).toBe(1);
    expect(readdirSync(join(dataDir, 'workspaces', 'client-b'))).toContain('account.json');
  });

  it('renames, archives, refuses a name taken in any case, an unknown id, and the first workspace’s deletion; each change named by its field', async () => {
    const { hub } = hubOn();
    await call(hub, 'workspace-create', { name: 'Client B' });
    const taken = await hub.handle('workspace-create', { name: 'client b' });
    expect(taken).toEqual({ ok: false, error: expect.objectContaining({ field: 'name', message: 'Name: another workspace is already called “Client B”' }) });
    expect(await hub.handle('workspace-rename', { id: 'client-b', name: '' })).toEqual({ ok: false, error: expect.objectContaining({ field: 'name', message: 'Name: must not be empty' }) });
    expect(await hub.handle('workspace-rename', { id: 'nobody', name: 'X' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found', field: 'id' }) });
    expect(await hub.handle('workspace-delete', { id: 'first', confirm: 'delete' })).toEqual({ ok: false, error: expect.objectContaining({ field: 'id' }) });
    expect(await hub.handle('workspace-delete', { id: 'client-b' })).toEqual({ ok: false, error: expect.objectContaining({ field: 'confirm' }) });
    expect((await call(hub, 'workspace-rename', { id: 'client-b', name: 'Client Bee' })).workspaces[1]).toEqual({ id: 'client-b', name: 'Client Bee', archived: false });
    expect((await call(hub, 'workspace-archive', { id: 'first', archived: true })).workspaces[0]).toEqual({ id: 'first', name: 'My account', archived: true });
    expect(await hub.handle('state-get', {}, 'nobody')).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found', field: 'workspace' }) });
  });

  it('a deleted workspace’s folder is moved aside whole, and restored as it was: its place, name and account', async () => {
    const { hub, dataDir } = hubOn();
    await call(hub, 'workspace-create', { name: 'Client B' });
    await state(hub, 'event-add', subscribe);
    await call(hub, 'workspace-create', { name: 'Client C' });
    await call(hub, 'workspace-switch', { id: 'client-b' });
    const gone = await call(hub, 'workspace-delete', { id: 'client-b', confirm: 'delete' });
    expect(gone.workspaces.map((w) => w.id)).toEqual(['first', 'client-c']);
    expect(gone.current).toBe('first');
    expect(existsSync(join(dataDir, 'workspaces', 'client-b'))).toBe(false);
    expect(readdirSync(join(dataDir, 'deleted', gone.deleted))).toContain('account.json');
    const back = await call(hub, 'workspace-restore', { deleted: gone.deleted });
    expect(back.restored).toBe('client-b');
    expect(back.workspaces.map((w) => w.name)).toEqual(['My account', 'Client B', 'Client C']);
    expect((await state(hub, 'state-get', {}, 'client-b')).view!.ledger.plan!.choice.plan).toBe('pro');
    expect(await hub.handle('workspace-restore', { deleted: gone.deleted })).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found', field: 'deleted' }) });
  });

  it('the list and the one open last are the preferences’; a folder of an earlier version opens as the first workspace, its bytes untouched', async () => {
    const { hub, dataDir } = hubOn();
    await state(hub, 'event-add', subscribe);
    await state(hub, 'usage-add', usage(3));
    await hub.close();
    const copy = mkdtempSync(join(tmpdir(), 'cc-hub-copy-'));
    cpSync(dataDir, copy, { recursive: true, filter: (src) => !src.endsWith('preferences.json') });
    const before = readFileSync(join(copy, 'account.json'));
    const again = hubOn(copy).hub;
    expect((await call(again, 'workspaces-get', {})).workspaces).toEqual([{ id: 'first', name: 'My account', archived: false }]);
    expect((await state(again, 'state-get', {})).view!.usageCount).toBe(1);
    expect(readFileSync(join(copy, 'account.json')).equals(before)).toBe(true);
    await call(again, 'workspace-create', { name: 'Second' });
    await again.close();
    expect((await call(hubOn(copy).hub, 'workspaces-get', {})).current).toBe('second');
  });

  it('a folder written by the store as it is today (store file, backups, a journal not yet compacted, no preferences) opens as the first workspace, its account the same to the byte', async () => {
    const original = mkdtempSync(join(tmpdir(), 'cc-hub-old-'));
    const first = storeOpen({ dir: original });
    first.commit({ op: 'event-add', event: { type: 'subscribe', date: '2026-01-05' as IsoDate, plan: 'pro', credits: 2000, billing: 'monthly', id: 'sub' } });
    first.commit({ op: 'event-add', event: { type: 'usage', date: '2026-02-01' as IsoDate, feature: 'avatar-iv', minutes: 3, id: 'u1', by: 'Ana' } });
    first.close();
    const s = storeOpen({ dir: original, compactEvery: 1000 });
    s.commit({ op: 'event-add', event: { type: 'usage', date: '2026-03-01' as IsoDate, feature: 'avatar-iv', minutes: 2, id: 'u2' } });
    // Copied as the app left it when it stopped: the change only in the journal, the lock not taken.
    const copy = mkdtempSync(join(tmpdir(), 'cc-hub-copy-'));
    cpSync(original, copy, { recursive: true, filter: (src) => !src.includes('account.lock') });
    const expected = JSON.stringify(s.data.account);
    s.close();
    expect(readdirSync(join(copy, 'backups')).length).toBeGreaterThan(0);
    expect(readFileSync(join(copy, 'account.journal'), 'utf8')).toContain('"u2"');
    const { hub } = hubOn(copy);
    expect(await call(hub, 'workspaces-get', {})).toEqual({ workspaces: [{ id: 'first', name: 'My account', archived: false }], current: 'first', revision: 0 });
    const exported = await hub.handle('account-export', {}, 'first');
    expect(exported.ok).toBe(true);
    expect(JSON.stringify((JSON.parse((exported as { value: { text: string } }).value.text) as { events: unknown }).events)).toBe(JSON.stringify(JSON.parse(expected).events));
    expect(existsSync(join(copy, 'workspaces'))).toBe(false);
  });

  it('the overview: a row per workspace not archived from its own state, attention first; one with nothing yet said apart', async () => {
    const { hub } = hubOn();
    await state(hub, 'event-add', subscribe);
    await state(hub, 'usage-add', usage(1));
    await call(hub, 'workspace-create', { name: 'Empty' });
    await call(hub, 'workspace-create', { name: 'Put away' });
    await state(hub, 'event-add', subscribe);
    await call(hub, 'workspace-archive', { id: 'put-away', archived: true });
    const o = await call(hub, 'overview-get', {});
    const first = await state(hub, 'state-get', {}, 'first');
    expect(o.at).toBe(TODAY);
    expect(o.rows.map((r) => [r.name, r.plan, r.balance])).toEqual([['My account', first.view!.ledger.plan!.label, first.view!.ledger.balance]]);
    expect(o.empty).toEqual([{ id: 'empty', name: 'Empty' }]);
    expect(o.unread).toEqual([]);
  });

  it('the overview and the tray read a workspace whose service is not open from its snapshot’s head, opening nothing: what its open service gives', async () => {
    const made = hubOn();
    await state(made.hub, 'event-add', subscribe);
    await state(made.hub, 'usage-add', usage(1));
    await call(made.hub, 'workspace-create', { name: 'B' });
    await state(made.hub, 'event-add', { event: { type: 'subscribe', date: '2026-01-05', plan: 'pro', credits: 5000, billing: 'monthly' } });
    await state(made.hub, 'usage-add', usage(30));
    await call(made.hub, 'workspace-create', { name: 'Empty' });
    // Closing compacts each workspace and writes its snapshot beside its store file.
    await made.hub.close();
    const { hub } = hubOn(made.dataDir);
    const fromHeads = await call(hub, 'overview-get', {});
    // The empty workspace has no snapshot (nothing was ever written to compact): it alone is opened.
    expect(hub.revisions().map(([w]) => w)).toEqual(['empty']);
    expect(fromHeads.rows.map((r) => r.name).sort()).toEqual(['B', 'My account']);
    expect(fromHeads.empty).toEqual([{ id: 'empty', name: 'Empty' }]);
    // The tray's read as well: each workspace's view and settings, nothing more opened.
    const tray = await hub.states();
    expect(tray.map((t) => [t.name, t.view?.ledger.balance ?? null, t.settings.notifyExpiryDays])).toEqual([
      ['My account', fromHeads.rows.find((r) => r.id === 'first')!.balance, 7],
      ['B', fromHeads.rows.find((r) => r.id === 'b')!.balance, 7],
      ['Empty', null, 7],
    ]);
    expect(hub.revisions().map(([w]) => w)).toEqual(['empty']);
    for (const id of ['first', 'b', 'empty']) await state(hub, 'state-get', {}, id);
    const fromServices = await call(hub, 'overview-get', {});
    expect(fromServices.rows).toEqual(fromHeads.rows);
    expect(fromServices.empty).toEqual([{ id: 'empty', name: 'Empty' }]);
  });

  it('a switch’s reply brings the workspace’s first screen: its own state, as state-get answers it, or why it cannot be read', async () => {
    const { hub } = hubOn();
    await state(hub, 'event-add', subscribe);
    await call(hub, 'workspace-create', { name: 'B' });
    await state(hub, 'event-add', subscribe, 'b');
    const b = await state(hub, 'usage-add', usage(3), 'b');
    const toFirst = await call(hub, 'workspace-switch', { id: 'first' });
    expect(toFirst.current).toBe('first');
    expect(toFirst.shown).toMatchObject({ ok: true, value: { workspace: 'first', revision: 1 } });
    const toB = await call(hub, 'workspace-switch', { id: 'b' });
    expect(toB.shown.ok && toB.shown.value).toEqual(await state(hub, 'state-get', {}, 'b'));
    expect(toB.shown.ok && toB.shown.value.view!.usageCount).toBe(b.view!.usageCount);
    expect((await hub.handle('workspace-switch', { id: 'gone' })).ok).toBe(false);
  });

  it('warms the workspaces not archived, one after the other, so that a switch finds them open', async () => {
    const { hub } = hubOn();
    await call(hub, 'workspace-create', { name: 'B' });
    await call(hub, 'workspace-create', { name: 'C' });
    await call(hub, 'workspace-archive', { id: 'c', archived: true });
    await call(hub, 'workspace-switch', { id: 'first' });
    await hub.host();
    await hub.warm();
    expect(hub.revisions().map(([w]) => w).sort()).toEqual(['b', 'first']);
  });

  it('tells each workspace’s revision as it changes, and the list’s', async () => {
    const { hub } = hubOn();
    const heard: [number, string | undefined][] = [];
    const lists: number[] = [];
    hub.subscribe((r, w) => heard.push([r, w]));
    hub.onList((r) => lists.push(r));
    const s = await state(hub, 'event-add', subscribe);
    await call(hub, 'workspace-create', { name: 'B' });
    await state(hub, 'event-add', subscribe);
    expect(heard).toContainEqual([s.revision, 'first']);
    expect(heard.some(([, w]) => w === 'b')).toBe(true);
    expect(lists).toEqual([1]);
    expect(hub.revisions().map(([w]) => w).sort()).toEqual(['b', 'first']);
  });
});
