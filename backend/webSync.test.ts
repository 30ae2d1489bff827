/**
 * The browser mode linked to a team's server (`npm run web -- --data DIR --sync URL --workspace NAME`), as real
 * processes on a real PostgreSQL (test/fixtures/postgres.ts): two servers on two folders linked to one workspace
 * see each other's entries without a reload of anything (LISTEN/NOTIFY), and one started again without `--sync`
 * is still linked; a server that cannot be reached leaves the app working; a bad address is exit 2.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncView } from '../shared/api.ts';
import { postgresStart } from '../test/fixtures/postgres.ts';
import { webBundle } from '../test/fixtures/bundles.ts';
import { stop, web, webRun, type Web } from '../test/fixtures/webProcess.ts';
import { syncClose, syncConnect } from './sync/connection.ts';
import { memberGrant } from './sync/members.ts';
import { schemaMigrate } from './sync/schema.ts';
import { SYNC_PASSWORD_FILE, SYNC_SEEN_FILE, SYNC_STATE_FILE, syncStateLoad } from './sync/state.ts';

const started = await postgresStart();
const cannot = typeof started === 'string' ? started : null;
const cluster = typeof started === 'string' ? null : started;
if (cluster === null) console.log(`skipped: the browser mode's team sync tests need PostgreSQL, and ${cannot}`);
afterAll(() => cluster?.stop());
/** The browser mode's bundle, built once for the file before its first start: tsx would load every module at each. */
beforeAll(() => void webBundle(), 60_000);

const PASSWORD = 'a-password-for-tests';
const urlOf = (role: string) => cluster!.urlOf(role, PASSWORD, 'cc');
const tmp = () => mkdtempSync(join(tmpdir(), 'cc-web-sync-'));
const subscribe = { event: { date: '2026-01-01', type: 'subscribe', plan: 'enterprise', credits: 200_000, price: 2000 } };
const usage = (minutes: number) => ({ date: '2026-01-05', feature: 'avatar-iv', minutes });

async function usages(server: Web): Promise<number> {
  const reply = (await server.call('state-get', {})) as { value?: { view: { usageCount: number } | null } };
  return reply.value?.view?.usageCount ?? 0;
}

/** Wait until `server` shows `count` usages (it polls nothing itself: what it hears brings them); how long that took. */
async function shows(server: Web, count: number): Promise<number> {
  const from = performance.now();
  while ((await usages(server)) !== count) {
    if (performance.now() - from > 20_000) throw new Error(`${server.url} still shows ${await usages(server)} usages, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return performance.now() - from;
}

/** The revisions `server`'s event stream announces from now on, as a page hears them. */
function streamHear(server: Web): { revisions(): number[]; close(): void } {
  const abort = new AbortController();
  const said: number[] = [];
  void fetch(`${server.url}api/events`, { headers: { 'x-cc-token': server.token }, signal: abort.signal })
    .then(async (res) => {
      const decoder = new TextDecoder();
      for await (const chunk of res.body!) for (const m of decoder.decode(chunk, { stream: true }).matchAll(/event: revision\ndata: (\d+)/g)) said.push(Number(m[1]));
    })
    .catch(() => {});
  return { revisions: () => said, close: () => abort.abort() };
}

describe.skipIf(cannot !== null)('the browser mode linked to a team', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    await cluster!.sql(`create role cc_owner login createrole password '${PASSWORD}'`, `create role alice login password '${PASSWORD}'`, `create role bob login password '${PASSWORD}'`, 'create database cc owner cc_owner');
    const owner = await syncConnect(urlOf('cc_owner'));
    await schemaMigrate(owner.client);
    for (const role of ['alice', 'bob']) await memberGrant(owner, 'Team', role, false);
    await memberGrant(owner, 'Status', 'alice', false);
    for (const role of ['alice', 'bob']) await memberGrant(owner, 'Linked', role, false);
    await syncClose(owner);
  });

  it('two servers on two folders linked to one workspace: an entry in one shows in the other; started again without --sync, still linked, the password kept apart (0600)', async () => {
    const [da, db] = [tmp(), tmp()];
    const a = await web(da, '0', ['--sync', urlOf('alice'), '--workspace', 'Team']);
    const b = await web(db, '0', ['--sync', urlOf('bob'), '--workspace', 'Team']);
    expect((await a.call('event-add', subscribe)).ok).toBe(true);
    expect((await a.call('usage-add', usage(4))).ok).toBe(true);
    const first = await shows(b, 1);
    expect((await b.call('usage-add', usage(2))).ok).toBe(true);
    await shows(a, 2);
    await stop(b);
    const again = await web(db);
    expect((await a.call('usage-add', usage(1))).ok).toBe(true);
    const next = await shows(again, 3);
    console.log(`an entry made in one browser server was shown by the other ${Math.round(first)} ms later (first sync) and ${Math.round(next)} ms later (LISTEN/NOTIFY, after a restart), polled every 25 ms`);
    await Promise.all([stop(a), stop(again)]);
    const workspace = join(db, 'workspaces', 'team');
    const state = syncStateLoad(workspace, false);
    expect(state).toMatchObject({ kind: 'linked', state: { link: { name: 'Team', server: expect.not.stringContaining(PASSWORD) }, inflight: [] } });
    expect(readFileSync(join(workspace, SYNC_STATE_FILE), 'utf8')).not.toContain(PASSWORD);
    expect(readFileSync(join(workspace, SYNC_PASSWORD_FILE), 'utf8')).toBe(PASSWORD);
    expect(statSync(join(workspace, SYNC_PASSWORD_FILE)).mode & 0o777).toBe(0o600);
  });

  it("the page's state of the sync: `sync-get` says synced; the server stopped, a change says offline with it waiting, and the event stream says so (the revision again); back, synced; left, no longer linked, across a restart too", async () => {
    const dir = tmp();
    const a = await web(dir, '0', ['--sync', urlOf('alice'), '--workspace', 'Status']);
    const sync = async () => ((await a.call('sync-get', {})) as { value: SyncView | null }).value;
    await expect.poll(sync, { timeout: 20_000 }).toMatchObject({ phase: 'synced', pending: 0, conflicts: [], workspace: 'Status' });
    expect((await a.call('event-add', subscribe)).ok).toBe(true);
    await expect.poll(sync, { timeout: 20_000 }).toMatchObject({ phase: 'synced', pending: 0 });
    const heard = streamHear(a);
    cluster!.halt();
    try {
      const added = (await a.call('usage-add', usage(3))) as { value: { revision: number } };
      const revision = added.value.revision;
      await expect.poll(sync, { timeout: 20_000 }).toMatchObject({ phase: 'offline', pending: 1, message: expect.stringContaining('cannot reach the PostgreSQL server') });
      // The change, and then the sync's new status: the same revision twice.
      await expect.poll(() => heard.revisions().filter((r) => r === revision).length, { timeout: 5000 }).toBe(2);
    } finally {
      cluster!.restart();
    }
    expect((await a.call('usage-add', usage(1))).ok).toBe(true);
    await expect.poll(sync, { timeout: 20_000 }).toMatchObject({ phase: 'synced', pending: 0, server: expect.not.stringContaining(PASSWORD) });
    heard.close();
    // Leaving: no longer linked, the link's files gone, the data as it was; started again, still not linked.
    const workspace = join(dir, 'workspaces', 'status');
    const before = await usages(a);
    expect(await a.call('sync-leave', {})).toMatchObject({ ok: true, value: { view: { usageCount: before } } });
    expect(await a.call('sync-get', {})).toEqual({ ok: true, value: null });
    expect([existsSync(join(workspace, SYNC_STATE_FILE)), existsSync(join(workspace, SYNC_PASSWORD_FILE))]).toEqual([false, false]);
    expect(await a.call('sync-leave', {})).toMatchObject({ ok: false, error: { code: 'not-found', message: 'This workspace is not linked to a team.' } });
    expect(await a.call('sync-keep', { eventId: 'e', op: 'o' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await stop(a);
    const again = await web(dir);
    expect(await again.call('sync-get', {})).toEqual({ ok: true, value: null });
    expect(await usages(again)).toBe(before);
    await stop(again);
    const alone = await web(tmp());
    expect(await alone.call('sync-get', {})).toEqual({ ok: true, value: null });
    await stop(alone);
  });

  it('linked from the page (`sync-link`, Settings › Team): a bad input or a refused password keeps nothing; linked, its data joins the team, its changes named as its member; a second link is refused until it leaves', async () => {
    const dir = tmp();
    const a = await web(dir);
    expect((await a.call('event-add', subscribe)).ok).toBe(true);
    expect((await a.call('usage-add', usage(4))).ok).toBe(true);
    // The first workspace of a data folder lives at its root.
    const workspace = dir;
    const address = new URL(urlOf('bob'));
    address.password = '';
    const link = { server: address.toString(), password: PASSWORD, workspace: 'Linked', member: 'Bob' };
    const nothingKept = () => expect([existsSync(join(workspace, SYNC_STATE_FILE)), existsSync(join(workspace, SYNC_PASSWORD_FILE))]).toEqual([false, false]);
    expect(await a.call('sync-link', { ...link, server: 'http://example.com/cc' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^Server: must be a PostgreSQL address without its password/) } });
    expect(await a.call('sync-link', { ...link, server: urlOf('bob') })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('Server: must be a PostgreSQL address without its password') } });
    for (const query of ['?password=x', '?sslmode=disable&passfile=/tmp/pw']) {
      expect(await a.call('sync-link', { ...link, server: `${address.toString()}${query}` })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('Server: must be a PostgreSQL address without its password') } });
    }
    expect(await a.call('sync-link', { ...link, workspace: ' ' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('Workspace: must not be empty') } });
    expect(await a.call('sync-link', { ...link, password: 'wrong' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^The team’s server: .*password/) } });
    nothingKept();
    expect(await a.call('sync-get', {})).toEqual({ ok: true, value: null });

    expect(await a.call('sync-link', link)).toMatchObject({ ok: true, value: { view: { usageCount: 1 } } });
    const sync = async () => ((await a.call('sync-get', {})) as { value: SyncView | null }).value;
    await expect.poll(sync, { timeout: 20_000 }).toMatchObject({ phase: 'synced', pending: 0, workspace: 'Linked', server: expect.not.stringContaining(PASSWORD) });
    expect(syncStateLoad(workspace, false)).toMatchObject({ kind: 'linked', state: { link: { name: 'Linked', member: 'Bob' } } });
    expect(statSync(join(workspace, SYNC_PASSWORD_FILE)).mode & 0o777).toBe(0o600);
    expect(await a.call('sync-link', link)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('linked to a team already') } });
    // Another device joining the workspace gets what this one brought.
    const b = await web(tmp(), '0', ['--sync', urlOf('alice'), '--workspace', 'Linked']);
    await shows(b, 1);
    await Promise.all([stop(a), stop(b)]);

    // The password lost (a link cut off midway): not syncing, and linked again from the page, the old link replaced.
    rmSync(join(workspace, SYNC_PASSWORD_FILE));
    writeFileSync(join(workspace, SYNC_SEEN_FILE), '2030-01-01T00:00:00.000Z');
    const again = await web(dir);
    expect(await again.call('sync-get', {})).toEqual({ ok: true, value: null });
    expect(await again.call('sync-link', link)).toMatchObject({ ok: true });
    const resumed = async () => ((await again.call('sync-get', {})) as { value: SyncView | null }).value;
    await expect.poll(resumed, { timeout: 20_000 }).toMatchObject({ phase: 'synced', pending: 0, workspace: 'Linked' });
    expect(Date.parse((await resumed())!.lastSyncAt!)).toBeLessThan(Date.parse('2030-01-01'));
    await stop(again);
  });

  it('a server that cannot be reached: the app starts and works, the workspace not linked yet, and says so', async () => {
    const server = await web(tmp(), '0', ['--sync', 'postgresql://alice:pw@127.0.0.1:9/cc', '--workspace', 'Team']);
    expect((await server.call('event-add', subscribe)).ok).toBe(true);
    await stop(server);
    expect((await server.exited).stderr).toContain('“Team” is not linked yet: cannot reach the PostgreSQL server at 127.0.0.1:9/cc');
  });

  it('a bad address, or --sync without --workspace: exit 2, one line', async () => {
    const bad = await webRun(['--data', tmp(), '--port', '0', '--sync', 'http://example.com', '--workspace', 'Team']).exited;
    expect(bad).toMatchObject({ code: 2, stderr: 'credit-companion web: --sync: must be a PostgreSQL connection string, postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE\n' });
    const alone = await webRun(['--data', tmp(), '--port', '0', '--sync', urlOf('alice')]).exited;
    expect(alone).toMatchObject({ code: 2, stderr: 'credit-companion web: --sync: goes with --workspace NAME (the team workspace to sync)\n' });
  });
});
