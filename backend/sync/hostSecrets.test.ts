/**
 * The team sync's password kept by the host, as the desktop app keeps it (safeStorage, `electron/secrets.ts`), on a
 * real worker and a real PostgreSQL (test/fixtures/postgres.ts): a workspace linked from the page hands its password
 * to the host and writes none in its folder; a new worker on the folder syncs with the password the host gives it;
 * leaving the team has the host forget it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncView } from '../../shared/api.ts';
import { workerBundle } from '../../test/fixtures/bundles.ts';
import { postgresStart } from '../../test/fixtures/postgres.ts';
import { hostStart, workerThreadLink, type ServiceHost, type SyncSecrets } from '../host.ts';
import { syncClose, syncConnect } from './connection.ts';
import { memberGrant } from './members.ts';
import { schemaMigrate } from './schema.ts';
import { SYNC_PASSWORD_FILE } from './state.ts';

const started = await postgresStart();
const cannot = typeof started === 'string' ? started : null;
const cluster = typeof started === 'string' ? null : started;
if (cluster === null) console.log(`skipped: the host's sync passwords need PostgreSQL, and ${cannot}`);
afterAll(() => cluster?.stop());

const PASSWORD = 'a-password-for-tests';
/** The worker as the app runs it, bundled once for the file: a worker thread on the sources loads each through tsx anew. */
let ENTRY: URL;
beforeAll(() => void (ENTRY = pathToFileURL(workerBundle())), 60_000);

/** Every file under `dir`, read whole. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'latin1'));
}

describe.skipIf(cannot !== null)('a host that keeps the team sync’s passwords', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    await cluster!.sql(`create role cc_owner login createrole password '${PASSWORD}'`, `create role alice login password '${PASSWORD}'`, 'create database cc owner cc_owner');
    const owner = await syncConnect(cluster!.urlOf('cc_owner', PASSWORD, 'cc'));
    await schemaMigrate(owner.client);
    await memberGrant(owner, 'Kept', 'alice', false);
    await syncClose(owner);
  });

  it('linked from the page: the password goes to the host, none into the folder; a new worker syncs with the one the host gives it; leaving forgets it', async () => {
    const kept = new Map<string, string>();
    const secrets: SyncSecrets = { read: (dir) => kept.get(dir) ?? null, keep: (dir, password) => void (password === null ? kept.delete(dir) : kept.set(dir, password)) };
    const dir = mkdtempSync(join(tmpdir(), 'cc-host-secrets-'));
    const logged: string[] = [];
    const start = () => hostStart({ spawn: () => workerThreadLink(ENTRY, (e) => logged.push(e.message)), open: { dir, owner: { app: 'test' }, whenLocked: 'fail' }, log: { warn: (m) => logged.push(m), error: (m) => logged.push(m) }, secrets });
    const synced = (host: ServiceHost) => expect.poll(async () => ((await host.handle('sync-get', {})) as { value: SyncView | null }).value, { timeout: 20_000 }).toMatchObject({ phase: 'synced', workspace: 'Kept' });

    const host = await start();
    expect(await host.handle('event-add', { event: { date: '2026-01-01', type: 'subscribe', plan: 'enterprise', credits: 200_000, price: 2000 } })).toMatchObject({ ok: true });
    const address = new URL(cluster!.urlOf('alice', PASSWORD, 'cc'));
    address.password = '';
    expect(await host.handle('sync-link', { server: address.toString(), password: PASSWORD, workspace: 'Kept', member: 'Alice' })).toMatchObject({ ok: true });
    expect([...kept]).toEqual([[dir, PASSWORD]]);
    expect(existsSync(join(dir, SYNC_PASSWORD_FILE))).toBe(false);
    await synced(host);
    await host.close();
    expect(filesUnder(dir).some((text) => text.includes(PASSWORD))).toBe(false);

    // Only the host holds the password: a new worker on the folder syncs with it.
    const again = await start();
    await synced(again);
    expect(await again.handle('sync-leave', {})).toMatchObject({ ok: true });
    expect(kept.size).toBe(0);
    await again.close();
    expect(logged).toEqual([]);
  });

  it('a folder the browser mode linked (its password in a file), opened by the desktop app: it syncs, the password goes to the host, and the file is gone at the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-host-moved-'));
    const logged: string[] = [];
    const start = (secrets?: SyncSecrets) => hostStart({ spawn: () => workerThreadLink(ENTRY, (e) => logged.push(e.message)), open: { dir, owner: { app: 'test' }, whenLocked: 'fail' }, log: { warn: (m) => logged.push(m), error: (m) => logged.push(m) }, ...(secrets ? { secrets } : {}) });
    const synced = (host: ServiceHost) => expect.poll(async () => ((await host.handle('sync-get', {})) as { value: SyncView | null }).value, { timeout: 20_000 }).toMatchObject({ phase: 'synced', workspace: 'Kept' });

    // The browser mode: no host keeps passwords, so the folder does (0600).
    const browser = await start();
    const address = new URL(cluster!.urlOf('alice', PASSWORD, 'cc'));
    address.password = '';
    expect(await browser.handle('sync-link', { server: address.toString(), password: PASSWORD, workspace: 'Kept', member: 'Bo' })).toMatchObject({ ok: true });
    await browser.close();
    expect(readFileSync(join(dir, SYNC_PASSWORD_FILE), 'utf8')).toBe(PASSWORD);

    const kept = new Map<string, string>();
    const secrets: SyncSecrets = { read: (d) => kept.get(d) ?? null, keep: (d, password) => void (password === null ? kept.delete(d) : kept.set(d, password)) };
    const desktop = await start(secrets);
    await synced(desktop);
    expect([...kept]).toEqual([[dir, PASSWORD]]);
    // Kept in the folder still, until the host has given it back once.
    expect(existsSync(join(dir, SYNC_PASSWORD_FILE))).toBe(true);
    await desktop.close();

    const again = await start(secrets);
    await synced(again);
    await again.close();
    expect(existsSync(join(dir, SYNC_PASSWORD_FILE))).toBe(false);
    expect(filesUnder(dir).some((text) => text.includes(PASSWORD))).toBe(false);
    expect(logged).toEqual([`the team sync's password is no longer kept in ${dir}: the app keeps it sealed now`]);
  });
});
