/**
 * `npx tsx bench/sync.ts` (issue #21): the team sync's server side on a throwaway PostgreSQL cluster
 * (test/fixtures/postgres.ts): a workspace of N ops (default 1,000,000, written by its member in
 * statements of 100k), then a new member's first sync of it through `opsPull` in keyset pages (each page validated
 * as the app takes it), pushes through `opsPush` in batches of 1,000, and the time from a push's call to another
 * connection hearing of it (LISTEN/NOTIFY); then a device's first sync into its store, a change made on it and its cycle, and a
 * change made on another device until it is in this one's store. Options: --ops N, --page N (default 5,000). Prints the figures; always
 * exits 0: it is a report.
 */
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { v7 } from 'uuid';
import { syncClose, syncConnect } from '../backend/sync/connection.ts';
import { memberGrant, workspaceOpen } from '../backend/sync/members.ts';
import { opsHead, opsListen, opsPull, opsPush } from '../backend/sync/ops.ts';
import { schemaMigrate } from '../backend/sync/schema.ts';
import { deviceLink, deviceSync, syncLocalOf } from '../backend/sync/device.ts';
import { SYNC_LOG_FILE, SYNC_STATE_FILE, syncStateLoad } from '../backend/sync/state.ts';
import { serviceCreate } from '../backend/service.ts';
import { storeOpen } from '../backend/store.ts';
import type { IsoDate } from '../shared/units.ts';
import type { SyncOp } from '../shared/formats/syncOp.ts';
import { postgresStart } from '../test/fixtures/postgres.ts';
import { fmtMs, median } from './measure.ts';

const { values } = parseArgs({ options: { ops: { type: 'string', default: '1000000' }, page: { type: 'string', default: '5000' } } });
const OPS = Number(values.ops);
const PAGE = Number(values.page);
const PASSWORD = 'bench';

/** The sizes of the sync's files in `dir`. */
function files(dir: string): string {
  const mb = (f: string) => `${(statSync(join(dir, f)).size / 1e6).toFixed(f === SYNC_STATE_FILE ? 4 : 1)} MB`;
  const base = readdirSync(dir).find((f) => f.startsWith('sync.fold-'));
  return [`sync.json ${mb(SYNC_STATE_FILE)}`, base ? `fold base ${mb(base)}` : 'no fold base', existsSync(join(dir, SYNC_LOG_FILE)) ? `sync.log ${mb(SYNC_LOG_FILE)}` : 'no sync.log'].join(', ');
}

const cluster = await postgresStart();
if (typeof cluster === 'string') {
  console.log(`no figures: ${cluster}`);
  process.exit(0);
}
console.log(`PostgreSQL ${cluster.version}: initdb and start ${fmtMs(cluster.startMs)}`);
try {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  for (const sql of [`create role ana login password '${PASSWORD}'`, `create role ben login password '${PASSWORD}'`]) await admin.query(sql);
  await schemaMigrate(admin);
  await admin.end();
  const owner = await syncConnect(cluster.url);
  await memberGrant(owner, 'Studio', 'ana', false);
  await memberGrant(owner, 'Studio', 'ben', false);
  const ana = await syncConnect(cluster.urlOf('ana', PASSWORD));
  const ben = await syncConnect(cluster.urlOf('ben', PASSWORD));
  const workspace = (await workspaceOpen(ana, 'Studio')).id;

  // The log, written by its member as the server takes any insert (row-level security, the order lock, the notification):
  // the plan first, then the usages, in date order over ten years (a team's pace: the plan covers them all).
  await opsPush(ana, [{ id: v7(), workspace, eventId: 'plan', kind: 'add', member: 'Ana', device: 'laptop', base: null, body: { id: 'plan', date: '2016-01-01', type: 'subscribe', plan: 'enterprise', credits: 10_000_000, price: 5000 } }]);
  let t0 = performance.now();
  for (let from = 0; from < OPS; from += 100_000) {
    await ana.client.query(
      `insert into credit_companion.ops (id, workspace, event_id, kind, member, device, base, body)
       select gen_random_uuid(), $1, 'e' || i, 'add', 'Ana', 'laptop', null,
              jsonb_build_object('id', 'e' || i, 'date', to_char(date '2016-01-02' + (i::bigint * 3650 / $4)::int, 'YYYY-MM-DD'), 'type', 'usage', 'feature', 'avatar-iv', 'minutes', 1 + i % 30, 'project', 'Launch ' || i % 40, 'by', 'Ana')
       from generate_series($2::int, $3::int) i`,
      [workspace, from + 1, Math.min(OPS, from + 100_000), OPS],
    );
  }
  console.log(`${OPS.toLocaleString('en-US')} ops written in ${fmtMs(performance.now() - t0)}`);

  // A new member's first sync: every page in the server's order.
  t0 = performance.now();
  const head = await opsHead(ben, workspace);
  let after = 0;
  let pulled = 0;
  const pages: number[] = [];
  for (;;) {
    const p0 = performance.now();
    const page = await opsPull(ben, workspace, after, PAGE);
    pages.push(performance.now() - p0);
    pulled += page.ops.length;
    after = page.lastSeq;
    if (!page.more) break;
  }
  const first = performance.now() - t0;
  console.log(`first sync: ${pulled.toLocaleString('en-US')} of ${head.waiting.toLocaleString('en-US')} ops in ${fmtMs(first)} (${pages.length} pages of ${PAGE}: median ${fmtMs(median(pages))}, slowest ${fmtMs(Math.max(...pages))}, last ${fmtMs(pages.at(-1)!)})`);

  // Pushes as a device sends its outbox.
  const batches = 10;
  const pushes: number[] = [];
  for (let b = 0; b < batches; b++) {
    const ops: SyncOp[] = Array.from({ length: 1000 }, (_, i) => ({ id: v7(), workspace, eventId: `p${b}-${i}`, kind: 'add', member: 'Ana', device: 'desktop', base: null, body: { id: `p${b}-${i}`, date: '2026-01-03', type: 'usage', feature: 'avatar-iv', minutes: 2 } }));
    const p0 = performance.now();
    await opsPush(ana, ops);
    pushes.push(performance.now() - p0);
  }
  console.log(`push: ${batches} batches of 1,000 ops, median ${fmtMs(median(pushes))} a batch`);

  // A change on one device heard on another.
  const heard: number[] = [];
  for (let i = 0; i < 20; i++) {
    let p0 = 0;
    let arrived!: () => void;
    const heardOnce = new Promise<void>((resolve) => (arrived = resolve));
    const stop = await opsListen(ben, workspace, () => {
      heard.push(performance.now() - p0);
      arrived();
    });
    p0 = performance.now();
    await opsPush(ana, [{ id: v7(), workspace, eventId: `n${i}`, kind: 'add', member: 'Ana', device: 'desktop', base: null, body: { id: `n${i}`, date: '2026-01-04', type: 'usage', feature: 'avatar-iv', minutes: 3 } }]);
    await heardOnce;
    await stop();
  }
  console.log(`a push heard by another connection: median ${fmtMs(median(heard))}, slowest ${fmtMs(Math.max(...heard))} (20 pushes of one op)`);
  await Promise.all([owner, ana, ben].map((s) => syncClose(s)));

  // A new member's device: linked on an empty folder, its first sync pulls, folds and writes every op into its store.
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-device-'));
  const service = serviceCreate({ store: storeOpen({ dir, log: () => {} }), today: () => '2026-03-01' as IsoDate });
  const url = cluster.urlOf('ben', PASSWORD);
  const linked = await syncConnect(url);
  const state = await deviceLink(dir, linked, 'Studio', 'Ben', service.store.seq);
  await syncClose(linked);
  const device = deviceSync({ dir, local: syncLocalOf(service), state, connect: () => syncConnect(url), log: (m) => console.log(m) });
  const heap0 = process.memoryUsage().heapUsed;
  t0 = performance.now();
  // The last page in: the pull's end, and the start of bringing it into the store.
  let pulledAt = 0;
  const unheard = device.onStatus((st) => {
    if (st.receiving !== null && st.receiving.done === st.receiving.total) pulledAt = performance.now();
  });
  const status = await device.sync();
  const firstDevice = performance.now() - t0;
  unheard();
  console.log(`a device's first sync: ${status.phase}, ${service.current().view?.usageCount.toLocaleString('en-US')} usages in its store in ${fmtMs(firstDevice)} (pulled and folded in ${fmtMs(pulledAt - t0)}, then written in ${fmtMs(t0 + firstDevice - pulledAt)}); ${files(dir)}; heap +${((process.memoryUsage().heapUsed - heap0) / 1e6).toFixed(0)} MB`);
  t0 = performance.now();
  await device.sync();
  console.log(`then a cycle with nothing new: ${fmtMs(performance.now() - t0)}`);
  // A change made on the device: recorded, pushed, pulled back and brought in.
  const changes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const reply = service.handle('usage-add', { date: '2026-02-01', feature: 'avatar-iv', minutes: 1 + i });
    if (!reply.ok) throw new Error(reply.error.message);
    t0 = performance.now();
    await device.sync();
    changes.push(performance.now() - t0);
  }
  console.log(`a change made on the device, then its cycle: median ${fmtMs(median(changes))}, slowest ${fmtMs(Math.max(...changes))} (5 changes); ${files(dir)}`);
  // A change made on another device, in this one's store: pushed, heard (LISTEN/NOTIFY), pulled and written.
  device.start();
  await device.sync();
  const other = await syncConnect(cluster.urlOf('ana', PASSWORD));
  const arrivals: number[] = [];
  for (let i = 0; i < 5; i++) {
    const id = `o${i}`;
    t0 = performance.now();
    await opsPush(other, [{ id: v7(), workspace, eventId: id, kind: 'add', member: 'Ana', device: 'desktop', base: null, body: { id, date: '2026-02-03', type: 'usage', feature: 'avatar-iv', minutes: 2 } }]);
    while (!service.store.data.account.events.some((e, k, all) => k >= all.length - 10 && e.id === id)) await new Promise((resolve) => setTimeout(resolve, 2));
    arrivals.push(performance.now() - t0);
  }
  await syncClose(other);
  console.log(`a change pushed by another device, in this one's store: median ${fmtMs(median(arrivals))}, slowest ${fmtMs(Math.max(...arrivals))} (5 changes)`);
  await device.stop();
  service.store.close();
  // The app started again: the folder's sync state read, then its first cycle (nothing new on either side).
  t0 = performance.now();
  const again = serviceCreate({ store: storeOpen({ dir, log: () => {} }), today: () => '2026-03-01' as IsoDate });
  const disk = syncStateLoad(dir, true);
  if (disk.kind !== 'linked') throw new Error(`the folder is not linked: ${disk.kind}`);
  const opened = performance.now() - t0;
  const resumed = deviceSync({ dir, local: syncLocalOf(again), state: disk.state, at: disk.at, connect: () => syncConnect(url), log: (m) => console.log(m) });
  t0 = performance.now();
  await resumed.sync();
  const firstCycle = performance.now() - t0;
  t0 = performance.now();
  await resumed.sync();
  console.log(`started again: the store and the sync state read in ${fmtMs(opened)}, its first cycle ${fmtMs(firstCycle)}, the next ${fmtMs(performance.now() - t0)}`);
  await resumed.stop();
  again.store.close();
} finally {
  cluster.stop();
}
