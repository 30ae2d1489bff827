/**
 * The device side of the team sync on a real PostgreSQL (test/fixtures/postgres.ts) and real stores in temp
 * folders: devices that link one workspace converge; an edit made on two devices from one version is a conflict
 * that every device shows once; a server gone is "offline", never an error, and nothing waits lost; a push retried
 * with the same ids is a no-op; a device killed (SIGKILL, a real child process) after its commit, after recording
 * its change, or between saving its sync state and writing its store, loses nothing and makes nothing twice.
 * Then the promise as a property: three devices, random changes, plan events, undos, imports and syncs, the server stopped and
 * started again, converge to identical data and views, with every op they recorded on the server and each conflict
 * shown once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../shared/api.ts';
import type { SyncFoldAt, SyncState } from '../../shared/formats/syncState.ts';
import type { IsoDate } from '../../shared/units.ts';
import { fixtureBundle } from '../../test/fixtures/bundles.ts';
import { childLines } from '../../test/fixtures/childLines.ts';
import { postgresStart } from '../../test/fixtures/postgres.ts';
import { serviceStep, stepDay, type ServiceStep } from '../../test/fixtures/serviceSteps.ts';
import { serviceCreate, type Service } from '../service.ts';
import { storeOpen } from '../store.ts';
import { syncClose, syncConnect } from './connection.ts';
import { deviceLink, deviceSync, deviceView, syncLocalOf, type DeviceSync, type SyncLocal, type SyncStatus } from './device.ts';
import { memberGrant } from './members.ts';
import { opsPull, opsPush } from './ops.ts';
import { schemaMigrate } from './schema.ts';
import { SYNC_STATE_FILE, syncStateLoad } from './state.ts';

const started = await postgresStart();
const cannot = typeof started === 'string' ? started : null;
const cluster = typeof started === 'string' ? null : started;
if (cluster === null) console.log(`skipped: the team sync's device tests need PostgreSQL, and ${cannot}`);
afterAll(() => cluster?.stop());
/** The device killed mid-sync, bundled once for the file: through tsx, each process would load every module anew. */
beforeAll(() => void fixtureBundle('sync-device'), 60_000);
beforeAll(async () => {
  if (cluster === null) return;
  await cluster.sql(`create role cc_owner login createrole password '${PASSWORD}'`, ...ROLES.map((r) => `create role ${r} login password '${PASSWORD}'`), 'create database cc owner cc_owner');
  const owner = await syncConnect(urlOf('cc_owner'));
  await schemaMigrate(owner.client);
  await syncClose(owner);
});

const PASSWORD = 'a-password-for-tests';
const ROLES = ['alice', 'bob', 'carol'] as const;
type Role = (typeof ROLES)[number];
const TODAY = '2026-03-01' as IsoDate;
const urlOf = (role: Role | 'cc_owner') => cluster!.urlOf(role, PASSWORD, 'cc');

let teams = 0;
/** A new workspace on the server, the three roles its members. */
async function team(): Promise<string> {
  const name = `Team ${++teams}`;
  const owner = await syncConnect(urlOf('cc_owner'));
  for (const role of ROLES) await memberGrant(owner, name, role, false);
  await syncClose(owner);
  return name;
}

/** How the devices of these tests brought the team's changes into their stores: a few entries (a patch), the whole data, a patch that did not fit. */
const writes = { patch: 0, whole: 0, unfit: 0 };

interface Device {
  readonly dir: string;
  readonly role: Role;
  readonly service: Service;
  readonly sync: DeviceSync;
}

/** A device on `dir` (a new temp folder), linked to `workspace` as `role` when the folder is not linked yet. */
async function device(role: Role, workspace: string, dir = mkdtempSync(join(tmpdir(), 'cc-device-')), timing: { pollMs?: number; retryMs?: number; pullPage?: number } = {}): Promise<Device> {
  const service = serviceCreate({ store: storeOpen({ dir, log: () => {} }), today: () => TODAY, logBug: (n, e) => { throw new Error(`${n}: ${String(e)}`); } });
  const disk = syncStateLoad(dir, true);
  let state: SyncState;
  let at: SyncFoldAt | null = null;
  if (disk.kind === 'linked') ({ state, at } = disk);
  else {
    const server = await syncConnect(urlOf(role));
    state = await deviceLink(dir, server, workspace, role[0]!.toUpperCase() + role.slice(1), service.store.seq);
    await syncClose(server);
  }
  const local = syncLocalOf(service);
  const counted: SyncLocal = {
    ...local,
    patch(patch) {
      const wrote = local.patch(patch);
      writes[wrote === null ? 'unfit' : 'patch']++;
      return wrote;
    },
    write(next) {
      writes.whole++;
      return local.write(next);
    },
  };
  const sync = deviceSync({ dir, local: counted, state, at, connect: () => syncConnect(urlOf(role), { connectTimeoutMs: 3000 }), log: () => {}, ...timing });
  return { dir, role, service, sync };
}

async function deviceClose(d: Device): Promise<void> {
  await d.sync.stop();
  d.service.store.close();
}

function ok<T = AppState>(reply: { readonly ok: boolean }): T {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`);
  return (reply as unknown as { value: T }).value;
}

const events = (d: Device) => d.service.store.data.account.events;
/** What a device shows of the account: its view, projects and prices (not its folder, revision or undo history, which are its own). */
const shown = (d: Device) => {
  const { view, projects, catalog } = ok(d.service.handle('state-get', {}));
  return JSON.stringify({ view, projects, catalog });
};

/** Every op of the workspace on the server, in order. */
async function serverOps(workspace: string): Promise<{ id: string; eventId: string }[]> {
  const server = await syncConnect(urlOf('alice'));
  const all = [];
  for (let seq = 0, more = true; more; ) {
    const page = await opsPull(server, workspace, seq, 10_000);
    all.push(...page.ops);
    seq = page.lastSeq;
    more = page.more;
  }
  await syncClose(server);
  return all;
}

/** Each device syncs in turn, twice: everything pushed, then everything pulled. */
async function syncAll(devices: readonly Device[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const d of devices) expect((await d.sync.sync()).phase).toBe('synced');
}

const subscribe = (d: Device) => ok(d.service.handle('event-add', { event: { date: stepDay(0), type: 'subscribe', plan: 'enterprise', credits: 200_000, price: 2000 } }));

/** Alice and Bob on a new team's workspace, one usage of Alice's synced to both: its id. */
async function pair(): Promise<{ a: Device; b: Device; id: string }> {
  const name = await team();
  const [a, b] = [await device('alice', name), await device('bob', name)];
  subscribe(a);
  ok(a.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 4 }));
  const id = events(a).at(-1)!.id!;
  await syncAll([a, b]);
  return { a, b, id };
}

/** Alice makes the usage `mine` minutes, Bob `theirs`, from one version; both synced (Bob's, pushed later, stands). */
async function clash({ a, b, id }: { a: Device; b: Device; id: string }, mine: number, theirs: number): Promise<void> {
  ok(a.service.handle('usage-edit', { id, date: '2026-01-05', feature: 'avatar-iv', minutes: mine }));
  ok(b.service.handle('usage-edit', { id, date: '2026-01-05', feature: 'avatar-iv', minutes: theirs }));
  await syncAll([a, b]);
}

/** Run the sync-device fixture on `dir` in `mode` and SIGKILL it once it says `at`: the event id it acknowledged. */
async function killedAt(dir: string, role: Role, mode: 'commit' | 'record' | 'write', at: string): Promise<string> {
  const child = spawn(process.execPath, [fixtureBundle('sync-device'), dir, urlOf(role), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acked = '';
  await childLines(child, (line) => {
    if (line.startsWith('ack ')) acked = line.slice(4);
    if (line === at || (at === 'ack' && line.startsWith('ack '))) child.kill('SIGKILL');
  });
  expect(child.signalCode).toBe('SIGKILL');
  return acked;
}

describe.skipIf(cannot !== null)('a device of a team workspace', { timeout: 60_000 }, () => {
  it('two devices: what each adds reaches the other, in one order, and each event is one add on the server', async () => {
    const name = await team();
    const [a, b] = [await device('alice', name), await device('bob', name)];
    subscribe(a);
    ok(a.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 4 }));
    await syncAll([a, b]);
    ok(b.service.handle('usage-add', { date: '2026-01-06', feature: 'avatar-iv', minutes: 2 }));
    await syncAll([a, b]);
    expect(events(a)).toHaveLength(3);
    expect(events(b)).toEqual(events(a));
    expect(shown(b)).toBe(shown(a));
    expect(a.sync.status()).toMatchObject({ phase: 'synced', pending: 0, conflicts: [] });
    // What a sync brought in is not the user's edit: Undo takes back their own changes only.
    const undo = (d: Device) => ok<{ undo: { label: string }[] }>(d.service.handle('history-get', {})).undo.length;
    expect([undo(a), undo(b)]).toEqual([2, 1]);
    expect((await serverOps(a.sync.state().link.workspace)).map((o) => o.eventId).sort()).toEqual([...events(a).map((e) => e.id!), '@account'].sort());
    await Promise.all([a, b].map(deviceClose));
  });

  it('a project moved in its list by a change (saved with a later date, so sorted after another): both devices end with one order, the team\'s', async () => {
    const { a, b } = await pair();
    const save = (d: Device, project: object) => ok(d.service.handle('project-save', { project }));
    save(a, { format: 'credit-companion/project@1', name: 'Spring', date: '2026-03-01', lines: [] });
    save(a, { format: 'credit-companion/project@1', name: 'Summer', date: '2026-06-01', lines: [] });
    await syncAll([a, b]);
    const names = (d: Device) => d.service.store.data.projects.map((p) => `${p.name} ${p.date}`);
    expect(names(b)).toEqual(names(a));
    save(a, { ...a.service.store.data.projects.find((p) => p.name === 'Spring')!, date: '2026-09-01' });
    await syncAll([a, b]);
    // Another change afterwards, brought in as a few entries: the order stays the team's on both.
    ok(b.service.handle('usage-add', { date: '2026-01-07', feature: 'avatar-iv', minutes: 1 }));
    await syncAll([a, b, a]);
    expect(names(a)).toEqual(names(b));
    expect(shown(a)).toBe(shown(b));
    await Promise.all([a, b].map(deviceClose));
  });

  it('an edit made on two devices from one version: the later push stands on both, the other kept as a conflict shown once on each; an edit of the standing one settles it', async () => {
    const shared = await pair();
    const { a, b, id } = shared;
    await clash(shared, 5, 9);
    expect(events(a).at(-1)).toMatchObject({ id, minutes: 9 });
    expect(events(b)).toEqual(events(a));
    const [conflict] = a.sync.status().conflicts;
    expect(a.sync.status().conflicts).toHaveLength(1);
    expect(b.sync.status().conflicts).toEqual(a.sync.status().conflicts);
    expect(conflict).toMatchObject({ eventId: id, other: { body: { minutes: 5 }, member: 'Alice' } });
    const [aDevice, bDevice] = [a.sync.state().link.device, b.sync.state().link.device];
    const view = deviceView(a.sync.status(), a.sync.state());
    expect(view).toMatchObject({ phase: 'synced', pending: 0, device: aDevice });
    expect(view.conflicts).toEqual([{ eventId: id, standing: { op: conflict!.standing, body: expect.objectContaining({ minutes: 9 }), member: 'Bob', device: bDevice }, other: { op: conflict!.other.op, body: expect.objectContaining({ minutes: 5 }), member: 'Alice', device: aDevice } }]);
    expect(deviceView(b.sync.status(), b.sync.state()).conflicts).toEqual(view.conflicts);
    const told: number[] = [];
    a.sync.onStatus((status) => told.push(status.conflicts.length));
    ok(a.service.handle('usage-edit', { id, date: '2026-01-05', feature: 'avatar-iv', minutes: 5 }));
    await syncAll([a, b]);
    expect(events(b).at(-1)).toMatchObject({ id, minutes: 5 });
    expect([a.sync.status().conflicts, b.sync.status().conflicts]).toEqual([[], []]);
    expect(told.at(-1)).toBe(0);
    expect(deviceView(a.sync.status(), a.sync.state()).conflicts).toEqual([]);
    await Promise.all([a, b].map(deviceClose));
  });

  it('"keep this one": the standing version kept is one more op that settles the conflict on every device, the data as it was; the other kept is the data at once, then everyone\'s; a conflict settled already is refused', async () => {
    const shared = await pair();
    const { a, b, id } = shared;
    const clashed = async (mine: number, theirs: number) => {
      await clash(shared, mine, theirs);
      const [conflict] = deviceView(a.sync.status(), a.sync.state()).conflicts;
      expect(conflict).toMatchObject({ eventId: id, standing: { body: { minutes: theirs }, member: 'Bob' }, other: { body: { minutes: mine }, member: 'Alice' } });
      return conflict!;
    };
    const first = await clashed(5, 9);
    const revision = a.service.store.seq;
    a.sync.keep(id, first.standing.op);
    expect([a.service.store.seq, events(a).at(-1)]).toEqual([revision, expect.objectContaining({ minutes: 9 })]);
    expect(a.sync.status()).toMatchObject({ pending: 1, conflicts: [] });
    expect(() => a.sync.keep(id, first.other.op)).toThrow('settled already');
    await syncAll([a, b]);
    expect([a.sync.status().conflicts, b.sync.status().conflicts]).toEqual([[], []]);
    expect(events(b).at(-1)).toMatchObject({ minutes: 9 });
    const second = await clashed(6, 7);
    b.sync.keep(id, second.other.op);
    expect(events(b).at(-1)).toMatchObject({ id, minutes: 6 });
    await syncAll([a, b]);
    expect([events(a).at(-1), events(b).at(-1)]).toEqual([expect.objectContaining({ minutes: 6 }), expect.objectContaining({ minutes: 6 })]);
    expect([a.sync.status().conflicts, b.sync.status().conflicts]).toEqual([[], []]);
    await Promise.all([a, b].map(deviceClose));
  });

  it('the server stopped: "offline", not an error, the change waits with its op ids fixed; once back, pushed once; pushed again with the same ids, a no-op', async () => {
    const name = await team();
    const a = await device('alice', name);
    subscribe(a);
    await a.sync.sync();
    cluster!.halt();
    try {
      ok(a.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 4 }));
      const offline = await a.sync.sync();
      expect(offline).toMatchObject({ phase: 'offline', pending: 1, message: expect.stringContaining('cannot reach the PostgreSQL server') });
    } finally {
      cluster!.restart();
    }
    const waiting = a.sync.state().inflight;
    expect(waiting).toHaveLength(1);
    expect(await a.sync.sync()).toMatchObject({ phase: 'synced', pending: 0 });
    const workspace = a.sync.state().link.workspace;
    const before = await serverOps(workspace);
    expect(before.filter((o) => o.id === waiting[0]!.id)).toHaveLength(1);
    const server = await syncConnect(urlOf('alice'));
    const again = await opsPush(server, waiting);
    await syncClose(server);
    expect(again.reused).toEqual([]);
    expect(await serverOps(workspace)).toEqual(before);
    await deviceClose(a);
  });

  it('offline while it keeps syncing: it tries again on its own, long before the next poll, and catches up once the server is back', async () => {
    const name = await team();
    // A poll ten minutes away: only the tries again can bring the change in within the test.
    const a = await device('alice', name, undefined, { pollMs: 600_000, retryMs: 100 });
    subscribe(a);
    a.sync.start();
    await a.sync.sync();
    cluster!.halt();
    try {
      ok(a.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 4 }));
      await expect.poll(() => a.sync.status().phase, { timeout: 20_000 }).toBe('offline');
    } finally {
      cluster!.restart();
    }
    await expect.poll(() => a.sync.status(), { timeout: 20_000 }).toMatchObject({ phase: 'synced', pending: 0 });
    expect((await serverOps(a.sync.state().link.workspace)).map((o) => o.eventId)).toContain(events(a).at(-1)!.id);
    await deviceClose(a);
  });

  it('a merge the engine refuses (one deleted the plan while another added a usage): each device keeps its own data and says why, nothing it made lost; a plan added again settles it', async () => {
    const name = await team();
    const [a, b] = [await device('alice', name), await device('bob', name)];
    subscribe(a);
    await syncAll([a, b]);
    ok(a.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 4 }));
    ok(b.service.handle('event-delete', { id: events(b)[0]!.id! }));
    expect((await b.sync.sync()).phase).toBe('synced');
    const mine = events(a).slice();
    expect(await a.sync.sync()).toMatchObject({ phase: 'refused', message: expect.stringContaining('the first event must be a subscribe') });
    expect(events(a)).toEqual(mine);
    expect((await serverOps(a.sync.state().link.workspace)).map((o) => o.eventId)).toContain(mine[1]!.id);
    expect((await b.sync.sync()).phase).toBe('refused');
    subscribe(b);
    await syncAll([b, a]);
    expect(events(a)).toEqual(events(b));
    expect(events(a).map((e) => e.type).sort()).toEqual(['subscribe', 'usage']);
    await Promise.all([a, b].map(deviceClose));
  });

  it('a first sync of more than a page brings the team’s changes in page by page, saying how many of how many, then nothing', async () => {
    const name = await team();
    const a = await device('alice', name);
    subscribe(a);
    for (let minutes = 1; minutes <= 6; minutes++) ok(a.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes }));
    await a.sync.sync();
    const b = await device('bob', name, undefined, { pullPage: 3 });
    const heard: SyncStatus['receiving'][] = [];
    b.sync.onStatus((status) => heard.push(status.receiving));
    expect(await b.sync.sync()).toMatchObject({ phase: 'synced', receiving: null });
    expect(events(b)).toEqual(events(a));
    const total = (await serverOps(b.sync.state().link.workspace)).length;
    expect(total).toBeGreaterThan(6);
    expect(heard).toEqual([...Array.from({ length: Math.ceil(total / 3) }, (_, i) => ({ done: Math.min(total, 3 * (i + 1)), total })), null]);
    await Promise.all([a, b].map(deviceClose));
  });

  it('a first sync cut off after its pull, before its own changes are pushed: after a restart they are pushed and come back as themselves, no conflict', async () => {
    const name = await team();
    const seed = await device('alice', name);
    subscribe(seed);
    for (let minutes = 1; minutes <= 3; minutes++) ok(seed.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes }));
    await seed.sync.sync();
    await deviceClose(seed);
    const b = await device('bob', name, undefined, { pullPage: 2 });
    ok(b.service.handle('project-save', { project: { format: 'credit-companion/project@1', name: 'Launch', date: '2026-04-02', lines: [{ feature: 'avatar-iv', minutes: 5 }] } }));
    // The server goes as the last page comes in: the pull is done, the push of the device's own change is not.
    b.sync.onStatus((status) => {
      if (status.receiving !== null && status.receiving.done === status.receiving.total) cluster!.halt();
    });
    try {
      expect(await b.sync.sync()).toMatchObject({ phase: 'offline', pending: 1 });
    } finally {
      cluster!.restart();
    }
    await deviceClose(b);
    const again = await device('bob', name, b.dir);
    expect(await again.sync.sync()).toMatchObject({ phase: 'synced', pending: 0, conflicts: [] });
    const other = await device('alice', name);
    await other.sync.sync();
    expect(ok<AppState>(other.service.handle('state-get', {})).projects.map((p) => p.name)).toEqual(['Launch']);
    await Promise.all([again, other].map(deviceClose));
  });

  it('a cycle that brings nothing new writes its time alone, not the state again: the last sync read back is that time', async () => {
    const name = await team();
    const a = await device('alice', name);
    subscribe(a);
    await a.sync.sync();
    const state = readFileSync(join(a.dir, SYNC_STATE_FILE));
    const before = a.sync.status().lastSyncAt!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await a.sync.sync()).toMatchObject({ phase: 'synced', pending: 0 });
    const after = a.sync.status().lastSyncAt!;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    expect(readFileSync(join(a.dir, SYNC_STATE_FILE)).equals(state)).toBe(true);
    expect(syncStateLoad(a.dir, false)).toMatchObject({ kind: 'linked', state: { lastSyncAt: after } });
    // A change is the state's again, its own time the latest.
    ok(a.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 4 }));
    await a.sync.sync();
    expect(syncStateLoad(a.dir, false)).toMatchObject({ kind: 'linked', state: { lastSyncAt: a.sync.status().lastSyncAt } });
    await deviceClose(a);
  });

  it('LISTEN: a device that keeps syncing hears another’s push and brings it in without asking', async () => {
    const name = await team();
    const [a, b] = [await device('alice', name), await device('bob', name)];
    subscribe(a);
    await syncAll([a, b]);
    b.sync.start();
    await b.sync.sync();
    const heard = new Promise<number>((resolve) => b.service.subscribe(() => events(b).length === 2 && resolve(performance.now())));
    ok(a.service.handle('usage-add', { date: '2026-01-05', feature: 'avatar-iv', minutes: 4 }));
    const pushed = performance.now();
    await a.sync.sync();
    const at = await heard;
    expect(events(b)).toEqual(events(a));
    console.log(`a change pushed by one device was in the other's store ${Math.round(at - pushed)} ms after its sync began (LISTEN/NOTIFY, local server)`);
    await Promise.all([a, b].map(deviceClose));
  });

  it('SIGKILL after the commit, after recording the op, and between saving the sync state and writing the store: nothing lost, nothing twice', async () => {
    const name = await team();
    const a = await device('alice', name);
    const b = await device('bob', name);
    subscribe(a);
    await syncAll([a, b]);
    const dir = b.dir;
    await deviceClose(b);

    // Killed right after its commit: the change is the store's, recorded at the next start.
    const first = await killedAt(dir, 'bob', 'commit', 'ack');
    // Killed on its way to the server, its op recorded in flight: pushed at the next start with the same id.
    const second = await killedAt(dir, 'bob', 'record', 'connecting');
    const inflight = (syncStateLoad(dir, false) as { state: SyncState }).state.inflight;
    expect(inflight.map((o) => o.eventId)).toEqual([first, second]);
    // Killed between its state saved (naming the write's revision) and the write of another device's change.
    ok(a.service.handle('usage-add', { date: '2026-01-07', feature: 'avatar-iv', minutes: 1 }));
    await a.sync.sync();
    const third = await killedAt(dir, 'bob', 'write', 'writing');

    const again = await device('bob', name, dir);
    await syncAll([a, again]);
    expect(events(again)).toEqual(events(a));
    expect(shown(again)).toBe(shown(a));
    for (const id of [first, second, third]) expect(events(a).map((e) => e.id)).toContain(id);
    const ops = await serverOps(a.sync.state().link.workspace);
    for (const op of inflight) expect(ops.filter((o) => o.id === op.id)).toHaveLength(1);
    // One add per event: no change was pushed twice, and the team's change was never taken for bob's own.
    expect(ops.filter((o) => o.eventId !== '@account').length).toBe(events(a).length);
    await Promise.all([a, again].map(deviceClose));
  });

  it('a damaged sync.json is kept aside with the reason, and the folder is no longer linked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-device-'));
    const path = join(dir, SYNC_STATE_FILE);
    writeFileSync(path, '{"format":"credit-companion/sync@1","link":{}}');
    const read = syncStateLoad(dir, true);
    expect(read).toMatchObject({ kind: 'damaged', reason: 'link.server: required (a string)' });
    expect(readFileSync(`${(read as { aside: string }).aside}.txt`, 'utf8')).toContain('link.server');
    expect(syncStateLoad(dir, true)).toEqual({ kind: 'none' });
  });
});

/** What happens in a random run: a device's change, a sync of one device, or the server stopped (during a sync) and started again. */
type Step =
  | { readonly k: 'change'; readonly device: number; readonly change: ServiceStep }
  | { readonly k: 'sync'; readonly device: number }
  /** A change made while the device's sync is on the wire (between its pull and its write, or its push and its pull). */
  | { readonly k: 'racing'; readonly device: number; readonly change: ServiceStep }
  | { readonly k: 'outage'; readonly device: number };

const changeArb: fc.Arbitrary<ServiceStep> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('add' as const), day: fc.integer({ min: 1, max: 50 }), minutes: fc.integer({ min: 1, max: 30 }), project: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('edit' as const), pick: fc.nat({ max: 2 }), day: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), pick: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('addon' as const), day: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('plan' as const), day: fc.integer({ min: 1, max: 50 }), credits: fc.constantFrom(1000, 2000, 5000) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'redo' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('import' as const), rows: fc.constantFrom(2, 5), day: fc.integer({ min: 1, max: 40 }) }) },
);
const device3 = fc.integer({ min: 0, max: 2 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('change' as const), device: device3, change: changeArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('sync' as const), device: device3 }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('racing' as const), device: device3, change: changeArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('outage' as const), device: device3 }) },
);

/**
 * Whether a change leaves the account its plan: a device that deletes the subscribe while another adds a usage
 * makes a merge the engine refuses (no plan to charge it to), which the example above shows as `refused`; the
 * property is about what converges. A cancel is left out for the same reason: one device's cancel and another's
 * usages after it make a merge the engine refuses too (a merge kept, flagged and explained is still to build).
 */
function planKept(d: Device, change: ServiceStep): boolean {
  if (change.k !== 'delete') return true;
  const all = events(d);
  return all[change.pick % Math.max(1, all.length)]?.type !== 'subscribe';
}

describe.skipIf(cannot !== null)('three devices, as a property', { timeout: 120_000 }, () => {
  it('random changes (some while a sync is on the wire), plan events, undos, imports and syncs, the server stopped during a sync and started again: once all have synced, identical events and views, every op recorded on the server once, each conflict shown once', async () => {
    Object.assign(writes, { patch: 0, whole: 0, unfit: 0 });
    const figures = { runs: 0, pushed: 0, conflicts: 0, outages: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 10, maxLength: 40 }), async (steps) => {
        const name = await team();
        // The plan comes from a device that is gone: no device's Undo takes it back (see `planKept`).
        const seed = await device('alice', name);
        subscribe(seed);
        await seed.sync.sync();
        await deviceClose(seed);
        const devices = [await device('alice', name), await device('bob', name), await device('carol', name)];
        const recorded = new Set<string>();
        const note = (d: Device) => d.sync.state().inflight.forEach((o) => recorded.add(o.id));
        try {
          await syncAll(devices);
          let outages = 0;
          for (const step of steps) {
            const d = devices[step.device]!;
            if (step.k === 'change') {
              if (planKept(d, step.change)) serviceStep(d.service, step.change);
            } else if (step.k === 'sync') await d.sync.sync();
            else if (step.k === 'racing') {
              const during = d.sync.sync();
              await new Promise((resolve) => setImmediate(resolve));
              if (planKept(d, step.change)) serviceStep(d.service, step.change);
              await during;
            }
            else if (outages++ === 0) {
              // Stopped while the device is on the wire: its push may or may not have reached the server.
              const during = d.sync.sync();
              cluster!.halt();
              try {
                await during;
                note(d);
                expect((await d.sync.sync()).phase).toBe('offline');
              } finally {
                cluster!.restart();
              }
              figures.outages++;
            }
            note(d);
          }
          devices.forEach(note);
          await syncAll(devices);
          const ops = await serverOps(devices[0]!.sync.state().link.workspace);
          const ids = ops.map((o) => o.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect([...recorded].filter((id) => !ids.includes(id))).toEqual([]);
          const [first, ...others] = devices;
          for (const d of others) {
            expect(events(d)).toEqual(events(first!));
            expect(shown(d)).toBe(shown(first!));
            expect(d.sync.status().conflicts).toEqual(first!.sync.status().conflicts);
          }
          const conflicts = first!.sync.status().conflicts.map((c) => `${c.eventId}:${c.standing}`);
          expect(new Set(conflicts).size).toBe(conflicts.length);
          for (const d of devices) expect(d.sync.status()).toMatchObject({ phase: 'synced', pending: 0 });
          figures.runs++;
          figures.pushed += ops.length;
          figures.conflicts += conflicts.length;
        } finally {
          await Promise.all(devices.map(deviceClose));
        }
      }),
      { numRuns: 20 },
    );
    console.log(`three devices: ${figures.runs} runs, ${figures.pushed} ops pushed and pulled by all, 0 lost, ${figures.conflicts} conflicts each shown once on every device, ${figures.outages} server outages during a sync; the team's changes written as a few entries ${writes.patch} times, whole ${writes.whole} times (${writes.unfit} patches did not fit)`);
    // Both ways of writing were taken, and a patch found to fit the data (the store checks it) every time one was made.
    expect([writes.patch > 0, writes.whole > 0, writes.unfit]).toEqual([true, true, 0]);
  });
});
