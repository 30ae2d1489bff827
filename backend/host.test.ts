/**
 * The service host on a real worker thread running the real service and store
 * (`worker.ts`) in a temp folder: calls go through, a busy worker does not stall
 * `state-get`, malformed messages are refused on both sides, a crash is
 * recovered from once, and closing releases the folder.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WORK_STAGES, type AppState, type SyncView, type WorkProgress } from '../shared/api.ts';
import type { IsoDate } from '../shared/units.ts';
import { hostStart, HostOpenError, RESTARTED_NOTICE, workerThreadLink, type ServiceHost, type WorkerLink } from './host.ts';
import type { FromWorker, Reply, ToWorker } from './hostProtocol.ts';
import { storeOpen } from './store.ts';
import { ok } from '../test/fixtures/session.ts';
import { workerBundle } from '../test/fixtures/bundles.ts';

/** The worker as the app runs it, bundled once for the file: a worker thread on the sources loads each through tsx anew. */
let ENTRY: URL;
beforeAll(() => void (ENTRY = pathToFileURL(workerBundle())), 60_000);
const tmp = () => mkdtempSync(join(tmpdir(), 'cc-host-'));
const isProgress = (m: unknown): m is Extract<FromWorker, { type: 'progress' }> => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'progress';

interface Started {
  readonly host: ServiceHost;
  readonly logged: string[];
  /** Every worker started, newest last. */
  readonly links: WorkerLink[];
  /** Every message a worker sent, as it arrived (before the host validated it). */
  readonly heard: unknown[];
}

const open: ServiceHost[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/**
 * A host on a real worker (its heap bounded at `heapMb`); `tamper` may replace what a worker says before the host
 * hears it, and `after` hears each message once the host has.
 */
async function start(dir = tmp(), tamper?: (message: unknown) => unknown[], heapMb?: number, after?: (message: unknown) => void): Promise<Started> {
  const logged: string[] = [];
  const links: WorkerLink[] = [];
  const heard: unknown[] = [];
  const host = await hostStart({
    spawn: () => {
      const real = workerThreadLink(ENTRY, (e) => logged.push(`worker error ${e.message}`), heapMb);
      const link: WorkerLink = {
        ...real,
        onMessage: (listener) =>
          real.onMessage((m) => {
            heard.push(m);
            for (const said of tamper ? tamper(m) : [m]) listener(said);
            after?.(m);
          }),
      };
      links.push(link);
      return link;
    },
    open: { dir, owner: { app: 'test' }, whenLocked: 'fail', today: '2026-03-13' as IsoDate },
    log: { warn: (m) => logged.push(`warn ${m}`), error: (m) => logged.push(`error ${m}`) },
  });
  open.push(host);
  return { host, logged, links, heard };
}

/**
 * A host on a real worker whose `ready` is held back until the test lets it through (`ready` resolves with the
 * release): the account is "still read" meanwhile. `ended`: the worker's end; `spawned`: how many were started.
 */
async function startHeld(dir: string): Promise<{ host: ServiceHost; ready: Promise<() => void>; ended: Promise<void>; logged: string[]; spawned: () => number }> {
  const logged: string[] = [];
  let spawned = 0;
  let held: (release: () => void) => void = () => {};
  const ready = new Promise<() => void>((resolve) => (held = resolve));
  let exited: () => void = () => {};
  const ended = new Promise<void>((resolve) => (exited = resolve));
  const host = await hostStart({
    spawn: () => {
      spawned++;
      const real = workerThreadLink(ENTRY, () => {});
      return {
        ...real,
        onMessage: (listener) => real.onMessage((m) => ((m as { type?: string }).type === 'ready' ? held(() => listener(m)) : listener(m))),
        onExit: (listener) => real.onExit((code) => (listener(code), exited())),
      };
    },
    open: { dir, owner: { app: 'test' }, whenLocked: 'fail', today: '2026-03-13' as IsoDate },
    log: { warn: (m) => logged.push(m), error: (m) => logged.push(m) },
  });
  return { host, ready, ended, logged, spawned: () => spawned };
}

/** A spreadsheet of `rows` one-minute usages, a day apart from 2024-01-01. */
function usageSheet(rows: number): string {
  const lines = ['date,feature,minutes'];
  const day = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) lines.push(`${new Date(day + (i % 700) * 86_400_000).toISOString().slice(0, 10)},Avatar IV,1`);
  return `${lines.join('\n')}\n`;
}

const subscribe = { event: { date: '2024-01-01', type: 'subscribe', plan: 'enterprise', credits: 10_000_000, price: 5000 } };

describe('the service host', { timeout: 60_000 }, () => {
  it('runs the calls in the worker, in order, on the real store', async () => {
    const dir = tmp();
    const { host } = await start(dir);
    expect(host.dir).toBe(dir);
    const revisions: number[] = [];
    host.subscribe((r) => revisions.push(r));
    ok(await host.handle('event-add', subscribe));
    const [added, listed] = await Promise.all([host.handle('usage-add', { date: '2024-02-01', feature: 'avatar-iv', minutes: 2 }), host.handle('usage-list', {})]);
    expect(ok<AppState>(added).view!.ledger.plan!.label).toContain('Enterprise');
    expect(ok<{ total: number }>(listed).total).toBe(1);
    expect(await host.handle('usage-add', { date: '2024-02-31', feature: 'avatar-iv', minutes: 2 })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'date' } });
    expect(await host.handle('no-such-handler', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect((await host.current()).projects).toEqual([]);
    // Each committed change was announced from the worker, with its revision; a refused one was not.
    expect(revisions).toEqual([1, 2]);
    expect(host.revision()).toBe(2);
    expect(ok<AppState>(added).revision).toBe(2);
    await host.close();
    const reopened = storeOpen({ dir });
    expect(reopened.data.account.events).toHaveLength(2);
    reopened.close();
  });

  it('answers state-get at once while the worker imports 20,000 rows', async () => {
    const { host } = await start();
    ok(await host.handle('event-add', subscribe));
    const before = ok<AppState>(await host.handle('state-get', {}));
    // A reply that is not a state (a page of the log) is not taken for one.
    ok(await host.handle('usage-list', {}));
    const answered: string[] = [];
    const importing = host.handle('usage-import', { text: usageSheet(20_000) }).finally(() => answered.push('import'));
    const meanwhile = await host.handle('state-get', {}).finally(() => answered.push('state'));
    // With a date it is a computation: it waits its turn behind the import.
    const dated = host.handle('state-get', { at: '2024-06-01' }).finally(() => answered.push('dated state'));
    expect(ok<{ added: number }>(await importing).added).toBe(20_000);
    await dated;
    expect(answered).toEqual(['state', 'import', 'dated state']);
    // The state as it was when the import began: the import is not half-shown.
    expect(ok<AppState>(meanwhile)).toEqual(before);
    expect(ok<AppState>(await dated).changes.undo!.label).toBe('Imported 20,000 usages');
    expect(ok<AppState>(await host.handle('state-get', {})).changes.undo!.label).toBe('Imported 20,000 usages');
  }, 120_000);

  it('answers progress-get while the worker imports 50,000 rows with what it last said: the rows read, the events replayed, saving, each from its start to its end and in that order; nothing once done', async () => {
    let asking: ServiceHost | null = null;
    const told: WorkProgress[] = [];
    const answers: Promise<Reply>[] = [];
    // Asked as each report is heard, so every one is asked about (no polling, no timing): the host answers at once.
    const { host } = await start(tmp(), undefined, undefined, (m) => {
      if (asking === null || !isProgress(m)) return;
      told.push(m.progress);
      answers.push(asking.handle('progress-get', {}));
    });
    ok(await host.handle('event-add', subscribe));
    expect(ok(await host.handle('progress-get', {}))).toBeNull();
    asking = host;
    expect(ok<{ added: number }>(await host.handle('usage-import', { text: usageSheet(50_000) })).added).toBe(50_000);
    expect(ok(await host.handle('progress-get', {}))).toBeNull();
    const seen = (await Promise.all(answers)).map((r) => ok<WorkProgress>(r));
    expect(seen).toEqual(told);
    expect(seen.every((p) => p.call === 'usage-import' && p.done >= 0 && p.done <= p.total)).toBe(true);
    // Forward only: a stage never comes back, and within one the count only grows.
    for (let i = 1; i < seen.length; i++) {
      const [was, is] = [seen[i - 1]!, seen[i]!];
      const [a, b] = [WORK_STAGES.indexOf(was.stage), WORK_STAGES.indexOf(is.stage)];
      expect(b > a || (b === a && is.done >= was.done && is.total === was.total)).toBe(true);
    }
    // Each stage said from its start to its end.
    for (const stage of WORK_STAGES) {
      const of = seen.filter((p) => p.stage === stage);
      expect([of[0]!.done, of.at(-1)!.done]).toEqual([0, of.at(-1)!.total]);
    }
    expect(seen.find((p) => p.stage === 'reading')!.total).toBe(50_000);
    expect(seen.find((p) => p.stage === 'checking')!.total).toBe(50_000);
    // Its input is checked as any call's.
    expect(await host.handle('progress-get', { all: true })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  }, 120_000);

  it('keeps one-time notices for the worker’s own answer, never the copy', async () => {
    const dir = tmp();
    const first = await start(dir);
    ok(await first.host.handle('event-add', subscribe));
    await first.host.close();
    // A damaged journal: the worker keeps it aside and has a notice for the window.
    writeFileSync(join(dir, 'account.journal'), 'not json\n');
    const { host } = await start(dir);
    const importing = host.handle('usage-import', { text: usageSheet(5_000) });
    const meanwhile = ok<AppState>(await host.handle('state-get', {}));
    // The worker's next state goes with the import's reply, and takes the notice with it: once.
    const imported = ok<AppState>(await importing);
    const after = ok<AppState>(await host.handle('state-get', {}));
    expect([meanwhile.notices, imported.notices, after.notices]).toEqual([[], [expect.stringMatching(/^1 change in the change journal could not be applied/)], []]);
  }, 60_000);

  it('draws the first screen from the snapshot before the account is read; a call waits for the account, and has its undo history', async () => {
    const dir = tmp();
    const first = await start(dir);
    ok(await first.host.handle('event-add', subscribe));
    ok(await first.host.handle('usage-add', { date: '2024-02-01', feature: 'avatar-iv', minutes: 2 }));
    // Closing compacts: the store file is rewritten and its snapshot written beside it.
    await first.host.close();
    const { host, heard } = await start(dir);
    const said = (type: string) => heard.find((m) => (m as { type: string }).type === type) as { state: AppState } | undefined;
    const drawn = said('first')!.state;
    expect(drawn).toMatchObject({ opening: true, changes: { undo: null, redo: null }, revision: 2 });
    const got = ok<AppState>(await host.handle('state-get', {}));
    expect(got.opening).toBeUndefined();
    expect(got.changes.undo?.label).toMatch(/usage/i);
    expect(heard.findIndex((m) => (m as { type: string }).type === 'first')).toBeLessThan(heard.findIndex((m) => (m as { type: string }).type === 'ready'));
    expect(JSON.stringify(drawn.view)).toBe(JSON.stringify(said('ready')!.state.view));
  }, 60_000);

  it('a window’s first screen: the one drawn from the snapshot while the account is read, then state-get’s, with its undo history', async () => {
    const dir = tmp();
    const made = await start(dir);
    ok(await made.host.handle('event-add', subscribe));
    ok(await made.host.handle('usage-add', { date: '2024-02-01', feature: 'avatar-iv', minutes: 2 }));
    await made.host.close();
    const { host, ready } = await startHeld(dir);
    open.push(host);
    const drawn = ok<AppState>(await host.first());
    expect(drawn).toMatchObject({ opening: true, revision: 2, changes: { undo: null, redo: null } });
    (await ready)();
    const read = ok<AppState>(await host.first());
    expect(read.opening).toBeUndefined();
    expect(read.changes.undo?.label).toMatch(/usage/i);
    expect(JSON.stringify(read.view)).toBe(JSON.stringify(drawn.view));
  }, 60_000);

  it('closed while the account is still read: its worker ends as it should, no crash said, nothing restarted', async () => {
    const dir = tmp();
    const made = await start(dir);
    ok(await made.host.handle('event-add', subscribe));
    await made.host.close();
    const { host, ready, ended, logged, spawned } = await startHeld(dir);
    const release = await ready;
    await host.close();
    release();
    await ended;
    expect(logged).toEqual([]);
    expect(spawned()).toBe(1);
    expect(await host.handle('state-get', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  }, 60_000);

  // A folder another process holds: web.test.ts (the second server prints its one line and exits 1).
  it('says why the folder cannot be opened, in one line', async () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, '');
    const failed = start(file);
    await expect(failed).rejects.toThrow(HostOpenError);
    await expect(failed).rejects.toMatchObject({ reason: 'open', message: `${file} is a file, not a folder: the data needs a folder of its own` });
  });
});

describe('malformed messages', { timeout: 60_000 }, () => {
  it('the worker refuses them, answers the call they name, and keeps serving', async () => {
    const { host, links, heard } = await start();
    const link = links[0]!;
    for (const bad of [null, 'state-get', { type: 'call', id: 7, name: 'state-get' }, { type: 'call', id: -1, name: 1, input: {} }, { type: 'open', dir: '' }, { type: 'shutdown' }]) link.post(bad as ToWorker);
    expect(ok<AppState>(await host.handle('state-get', {})).firstRun).toBe(true);
    const replies = heard.filter((m) => (m as { type: string }).type === 'reply');
    expect(replies[0]).toMatchObject({ id: 7, reply: { ok: false, error: { code: 'invalid-input' } } });
    expect(heard.filter((m) => (m as { type: string }).type === 'log')).toHaveLength(6);
  });

  it('the host refuses them and answers a call a malformed reply names with internal', async () => {
    let garble = false;
    const { host, logged } = await start(tmp(), (m) => {
      if (!garble || (m as { type: string }).type !== 'reply') return [m];
      return [42, { type: 'changed', revision: 'x' }, { ...(m as object), reply: { ok: 'yes' } }];
    });
    garble = true;
    expect(await host.handle('state-get', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logged.filter((l) => l.startsWith('error refused a malformed message'))).toHaveLength(3);
    garble = false;
    expect(ok<AppState>(await host.handle('state-get', {})).firstRun).toBe(true);
  });
});

describe('a worker that crashes', { timeout: 60_000 }, () => {
  it('is restarted once: the call in flight answers internal, the next state says so, the folder is taken over, nothing acknowledged is lost, the undo history kept', async () => {
    const dir = tmp();
    const { host, links, logged } = await start(dir);
    const restarts: boolean[] = [];
    let restarted: (r: boolean) => void = () => {};
    host.onRestart((r) => (restarts.push(r), restarted(r)));
    const restart = () => new Promise((r) => (restarted = r));
    ok(await host.handle('event-add', subscribe));
    ok(await host.handle('usage-add', { date: '2024-02-01', feature: 'avatar-iv', minutes: 2 }));
    const inFlight = host.handle('usage-import', { text: usageSheet(20_000) });
    // Killed once the import has said how far it got.
    await expect.poll(async () => ok(await host.handle('progress-get', {})), { interval: 5 }).not.toBeNull();
    links[0]!.kill();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('restarted') } });
    // A call waits while the new worker opens the folder: the dead import's progress is not given as its own.
    const waiting = host.handle('usage-list', {});
    expect(ok(await host.handle('progress-get', {}))).toBeNull();
    await restart();
    expect(ok<{ total: number }>(await waiting).total).toBe(1);
    const state = ok<AppState>(await host.handle('state-get', {}));
    expect(links).toHaveLength(2);
    expect(restarts).toEqual([true]);
    expect(state.notices).toEqual([RESTARTED_NOTICE]);
    expect(state.view!.ledger.balance).toBeGreaterThan(0);
    // The undo history lives in the folder: the new worker still undoes what was done before the crash.
    expect(state.changes.undo!.label).toMatch(/^Added a usage/);
    expect(ok<{ total: number }>(await host.handle('usage-list', {})).total).toBe(1);
    expect(logged.some((l) => l.startsWith('error the account service stopped unexpectedly'))).toBe(true);
    // The restarted worker holds the folder: it writes.
    ok(await host.handle('usage-add', { date: '2024-02-02', feature: 'avatar-iv', minutes: 2 }));

    // A second crash: it stays down, and every call says so rather than waiting; a tray's question gets the last state.
    links[1]!.kill();
    const tray = host.current();
    await restart();
    expect((await tray).changes.undo!.label).toMatch(/^Added a usage/);
    expect(restarts).toEqual([true, false]);
    expect(await host.handle('state-get', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(links).toHaveLength(2);
    const reopened = storeOpen({ dir });
    expect(reopened.data.account.events).toHaveLength(3);
    reopened.close();
  }, 60_000);

  it('a crash takes the dead worker’s team sync status with it: pages hear of it, and sync-get says nothing until the next worker does', async () => {
    const synced: SyncView = { phase: 'synced', message: null, since: '2026-03-13T10:00:00.000Z', lastSyncAt: '2026-03-13T10:00:00.000Z', pending: 0, conflicts: [], receiving: null, server: 'postgresql://ana@127.0.0.1:5432/team', workspace: 'Studio', device: 'dev-1' };
    // The first worker says its sync runs (as a linked folder's does once open); the second, not linked, says nothing.
    const said = { sync: false };
    const { host, links } = await start(tmp(), (m) => {
      if (said.sync || (m as { type: string }).type !== 'ready') return [m];
      said.sync = true;
      return [m, { type: 'sync', sync: synced }];
    });
    await expect.poll(async () => ok(await host.handle('sync-get', {}))).toEqual(synced);
    const told: number[] = [];
    host.subscribe((revision) => told.push(revision));
    let restarted: (r: boolean) => void = () => {};
    const restart = new Promise((r) => (restarted = r));
    host.onRestart((r) => restarted(r));
    links[0]!.kill();
    await restart;
    expect(ok(await host.handle('sync-get', {}))).toBeNull();
    expect(told.length).toBeGreaterThan(0);
  }, 60_000);

  it('that no page heard of: the next start still says it was restarted, once', async () => {
    const dir = tmp();
    const first = await start(dir);
    let restarted: () => void = () => {};
    first.host.onRestart(() => restarted());
    ok(await first.host.handle('event-add', subscribe));
    first.links[0]!.kill();
    await new Promise<void>((r) => (restarted = r));
    await first.host.close();
    const { host } = await start(dir);
    expect(ok<AppState>(await host.handle('state-get', {})).notices).toEqual([RESTARTED_NOTICE]);
    expect(ok<AppState>(await host.handle('state-get', {})).notices).toEqual([]);
    expect(ok<AppState>(await host.handle('state-get', {})).changes.undo!.label).toMatch(/^Recorded: Subscribe/);
  }, 60_000);

  it('that runs out of its heap dies, not the machine: it is restarted, and what was saved before, with its undo history, is kept', async () => {
    const dir = tmp();
    const { host, logged } = await start(dir, undefined, 96);
    let restarted: (r: boolean) => void = () => {};
    host.onRestart((r) => restarted(r));
    ok(await host.handle('event-add', subscribe));
    ok(await host.handle('usage-add', { date: '2024-02-01', feature: 'avatar-iv', minutes: 2 }));
    const restart = new Promise<boolean>((r) => (restarted = r));
    const imported = await host.handle('usage-import', { text: usageSheet(1_200_000) });
    expect(imported).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await restart).toBe(true);
    expect(logged.some((l) => /out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(l))).toBe(true);
    const state = ok<AppState>(await host.handle('state-get', {}));
    expect(state.notices).toEqual([RESTARTED_NOTICE]);
    expect(state.changes.undo!.label).toMatch(/^Added a usage/);
    expect(ok<{ total: number }>(await host.handle('usage-list', {})).total).toBe(1);
  }, 120_000);
});
