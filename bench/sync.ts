/**
 * `npx tsx bench/sync.ts` (issue #21): the team sync's server side on a throwaway PostgreSQL cluster
 * (test/fixtures/postgres.ts): a workspace of N ops (default 1,000,000, written by its member in
 * statements of 100k), then a new member's first sync of it through `opsPull` in keyset pages (each page validated
 * as the app takes it), pushes through `opsPush` in batches of 1,000, and the time from a push's call to another
 * connection hearing of it (LISTEN/NOTIFY). Options: --ops N, --page N (default 5,000). Prints the figures; always
 * exits 0: it is a report.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { v7 } from 'uuid';
import { syncClose, syncConnect } from '../backend/sync/connection.ts';
import { memberGrant, workspaceOpen } from '../backend/sync/members.ts';
import { opsHead, opsListen, opsPull, opsPush } from '../backend/sync/ops.ts';
import { schemaMigrate } from '../backend/sync/schema.ts';
import type { SyncOp } from '../shared/formats/syncOp.ts';
import { postgresStart } from '../test/fixtures/postgres.ts';
import { fmtMs, median } from './measure.ts';

const { values } = parseArgs({ options: { ops: { type: 'string', default: '1000000' }, page: { type: 'string', default: '5000' } } });
const OPS = Number(values.ops);
const PAGE = Number(values.page);
const PASSWORD = 'bench';

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

  // The log, written by its member as the server takes any insert (row-level security, the order lock, the notification).
  let t0 = performance.now();
  for (let from = 0; from < OPS; from += 100_000) {
    await ana.client.query(
      `insert into credit_companion.ops (id, workspace, event_id, kind, member, device, base, body)
       select gen_random_uuid(), $1, 'e' || i, 'add', 'Ana', 'laptop', null,
              jsonb_build_object('id', 'e' || i, 'date', '2026-01-02', 'type', 'usage', 'feature', 'avatar-iv', 'minutes', 1 + i % 30, 'project', 'Launch ' || i % 40, 'by', 'Ana')
       from generate_series($2::int, $3::int) i`,
      [workspace, from + 1, Math.min(OPS, from + 100_000)],
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
} finally {
  cluster.stop();
}
