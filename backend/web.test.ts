/**
 * Two real processes on one data folder: the browser mode (`backend/web.ts`, as
 * `npm run web` runs it) and a store opened as the desktop app opens it. One of
 * them writes, the other never does, and no acknowledged change is lost.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBundle, webBundle } from '../test/fixtures/bundles.ts';
import { run, stop, web, webRun, type Proc, type Web } from '../test/fixtures/webProcess.ts';
import { storeOpen } from './store.ts';
const tmp = () => mkdtempSync(join(tmpdir(), 'cc-two-'));
/** The browser mode's bundle and the desktop's writer, built once for the file before their first start: tsx would load every module at each. */
beforeAll(() => {
  webBundle();
  fixtureBundle('desktop-store');
}, 60_000);

function desktop(dir: string, count: number): Proc {
  return run([fixtureBundle('desktop-store'), dir, String(count)]);
}

/** Add usages through the browser mode, tagged by project; the tags it acknowledged. */
async function addUsages(server: Web, from: number, to: number, acked: string[]): Promise<void> {
  for (let i = from; i < to; i++) {
    const reply = await server.call('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 1, project: `w${i}` });
    if (reply.ok) acked.push(`w${i}`);
  }
}

/** What every file in the folder looks like, but for the lock, whose holder touches it every second. */
function snapshot(dir: string): string[] {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'account.lock' ? [] : walk(join(d, e.name))) : [`${join(d, e.name)} ${statSync(join(d, e.name)).size} ${statSync(join(d, e.name)).mtimeMs}`]));
  return walk(dir).sort();
}

/** Open the folder once every process has stopped: which of `tags` (projects or ids) are missing. */
function missing(dir: string, tags: readonly string[]): string[] {
  const s = storeOpen({ dir, log: () => {} });
  const present = new Set(s.data.account.events.flatMap((e) => [e.id, e.type === 'usage' ? e.project : undefined]));
  s.close();
  return tags.filter((t) => !present.has(t));
}

describe('the server while the service works', () => {
  it('answers a state-get sent while a 50,000-row import is under way in the worker before the import ends', async () => {
    const dir = tmp();
    const server = await web(dir);
    expect((await server.call('event-add', { event: { date: '2024-01-01', type: 'subscribe', plan: 'enterprise', credits: 10_000_000, price: 5000 } })).ok).toBe(true);
    const lines = ['date,feature,minutes'];
    for (let i = 0; i < 50_000; i++) lines.push(`${new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10)},Avatar IV,1`);
    const answered: string[] = [];
    const importing = server.call('usage-import', { text: `${lines.join('\n')}\n` }).finally(() => answered.push('usage-import'));
    // Once the worker says how far the import has got, it is under way there.
    await expect.poll(async () => ((await server.call('progress-get', {})) as { value?: unknown }).value, { timeout: 60_000, interval: 20 }).toMatchObject({ call: 'usage-import' });
    const state = await server.call('state-get', {}).finally(() => answered.push('state-get'));
    expect(state.ok).toBe(true);
    expect((await importing).ok).toBe(true);
    expect(answered).toEqual(['state-get', 'usage-import']);
    await stop(server);
  }, 120_000);
});

describe('two processes on one data folder', () => {
  it('two browser servers: the second says what holds the folder and stops, the first loses none of 100 acknowledged changes', async () => {
    const dir = tmp();
    const first = await web(dir);
    expect((await first.call('event-add', { event: { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 } })).ok).toBe(true);
    const acked: string[] = [];
    const writing = addUsages(first, 0, 50, acked);
    const second = webRun(['--data', dir, '--port', '0']);
    const [result] = await Promise.all([second.exited, writing]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`Credit Companion is already open on ${dir} (the browser mode at ${first.url}, pid ${first.pid}); use that window, or quit it first.\n`);
    await addUsages(first, 50, 100, acked);
    await stop(first);
    expect(acked).toHaveLength(100);
    expect(missing(dir, acked)).toEqual([]);
  }, 60_000);

  it('a second npm run web on a busy port says so and never touches the data folder', async () => {
    const dir = tmp();
    const first = await web(dir);
    expect((await first.call('event-add', { event: { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 } })).ok).toBe(true);
    const acked: string[] = [];
    await addUsages(first, 0, 30, acked);
    const before = snapshot(dir);
    const port = new URL(first.url).port;
    const second = await webRun(['--data', dir, '--port', port]).exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`credit-companion web: cannot listen on 127.0.0.1:${port} (in use: set PORT to another port)\n`);
    expect(snapshot(dir)).toEqual(before);
    await addUsages(first, 30, 100, acked);
    await stop(first);
    expect(missing(dir, acked)).toEqual([]);
  }, 60_000);

  it('the desktop app on a folder the browser mode holds: opens it read-only, says so, refuses a change, writes nothing', async () => {
    const dir = tmp();
    const server = await web(dir);
    expect((await server.call('event-add', { event: { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 } })).ok).toBe(true);
    const acked: string[] = [];
    await addUsages(server, 0, 20, acked);
    const before = snapshot(dir);
    const viewer = desktop(dir, 0);
    const [, opened] = await viewer.waitFor(/^open (.*)$/m);
    expect(JSON.parse(opened!)).toEqual({ readOnly: `Credit Companion is already open on ${dir} (the browser mode at ${server.url}, pid ${server.pid}): this window shows its data read-only; make changes there.`, events: 21 });
    await viewer.waitFor(/^refused read-only$/m);
    await stop(viewer, 'stdin');
    expect(snapshot(dir)).toEqual(before);
    await addUsages(server, 20, 100, acked);
    await stop(server);
    expect(missing(dir, acked)).toEqual([]);
  }, 60_000);

  it('the browser mode on a folder the desktop app holds: says which process holds it, and the desktop app loses none of 100 changes', async () => {
    const dir = tmp();
    const holder = desktop(dir, 100);
    await holder.waitFor(/^ack d020$/m);
    const second = await webRun(['--data', dir, '--port', '0']).exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`Credit Companion is already open on ${dir} (the desktop app, pid ${holder.pid}); use that window, or quit it first.\n`);
    await holder.waitFor(/^ack d099$/m);
    await stop(holder, 'stdin');
    expect(missing(dir, holder.acks)).toEqual([]);
    expect(holder.acks).toHaveLength(100);
  }, 60_000);

  it('workspaces: a second server says what holds the workspace open last (not the first); the holder killed with SIGKILL, the next one has every change each workspace acknowledged', async () => {
    const dir = tmp();
    const holder = await web(dir);
    const subscribe = { event: { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 } };
    expect((await holder.call('event-add', subscribe)).ok).toBe(true);
    expect(await holder.call('workspace-create', { name: 'B' })).toMatchObject({ ok: true, value: { created: 'b', current: 'b' } });
    expect((await holder.call('event-add', subscribe, 'b')).ok).toBe(true);
    const acked: Record<string, string[]> = { first: [], b: [] };
    for (let i = 0; i < 40; i++) {
      const workspace = i % 2 === 0 ? 'first' : 'b';
      const reply = await holder.call('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 1, project: `${workspace}-${i}` }, workspace);
      if (reply.ok) acked[workspace]!.push(`${workspace}-${i}`);
    }
    const second = await webRun(['--data', dir, '--port', '0']).exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`Credit Companion is already open on ${join(dir, 'workspaces', 'b')} (the browser mode at ${holder.url}, pid ${holder.pid}); use that window, or quit it first.\n`);
    holder.child.kill('SIGKILL');
    await holder.exited;
    const next = await web(dir);
    const usages = async (workspace: string) => ((await next.call('state-get', {}, workspace)) as { value: { view: { usageCount: number } } }).value.view.usageCount;
    expect([acked.first!.length, acked.b!.length]).toEqual([20, 20]);
    expect([await usages('first'), await usages('b')]).toEqual([20, 20]);
    await stop(next);
    expect(missing(dir, acked.first!)).toEqual([]);
    expect(missing(join(dir, 'workspaces', 'b'), acked.b!)).toEqual([]);
    expect(missing(dir, acked.b!)).toEqual(acked.b);
  }, 60_000);

  it('a holder killed with SIGKILL: the next process takes the folder over at once (its holder is gone), with every change it acknowledged, and writes', async () => {
    const dir = tmp();
    const holder = desktop(dir, 1000);
    await holder.waitFor(/^ack d050$/m);
    holder.child.kill('SIGKILL');
    await holder.exited;
    const next = await web(dir);
    expect(await next.call('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 1, project: 'after' })).toMatchObject({ ok: true });
    const acked = holder.acks.slice();
    await stop(next);
    expect(missing(dir, acked)).toEqual([]);
  }, 60_000);
});
