/**
 * The team sync's server side on a real PostgreSQL (a throwaway cluster, test/fixtures/postgres.ts): the schema's
 * migrations, pushes, pulls and notifications, and what row-level security lets each role see and write. The schema
 * is installed by a role that may create schemas and roles but is no superuser (a superuser is above row-level
 * security), as FORMATS.md's `sync-server init` asks for.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_BODY_MAX, type SyncOp } from '../../shared/formats/syncOp.ts';
import { postgresStart } from '../../test/fixtures/postgres.ts';
import { syncClose, syncConnect, SyncError, type SyncServer } from './connection.ts';
import { memberGrant, memberRevoke, workspaceOpen } from './members.ts';
import { MIGRATIONS } from './migrations.ts';
import { opsHead, opsListen, opsPull, opsPush } from './ops.ts';
import { schemaMigrate, schemaVersion } from './schema.ts';

const started = await postgresStart();
const cannot = typeof started === 'string' ? started : null;
const cluster = typeof started === 'string' ? null : started;
if (cluster === null) console.log(`skipped: the team sync's server tests need PostgreSQL, and ${cannot}`);
else console.log(`PostgreSQL ${cluster.version}: the throwaway cluster started in ${cluster.startMs} ms`);
afterAll(() => cluster?.stop());

const PASSWORD = 'a-password-for-tests';
const ROLES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'] as const;
type Role = (typeof ROLES)[number] | 'cc_owner';

/** Connections opened by the tests, closed after them. */
const open: SyncServer[] = [];
async function as(role: Role, database = 'cc'): Promise<SyncServer> {
  const server = await syncConnect(cluster!.urlOf(role, PASSWORD, database));
  open.push(server);
  return server;
}

let events = 0;
const body = () => ({ id: `e${++events}`, date: '2026-01-02', type: 'usage', feature: 'avatar-iv', minutes: 1 });
function op(workspace: string, over: Partial<SyncOp> = {}): SyncOp {
  const event = body();
  return { id: v7(), workspace, eventId: event.id, kind: 'add', member: 'Ana', device: 'laptop', base: null, body: event, ...over };
}

/** What `call` was refused with: its SyncError's code and message. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (e) {
    if (e instanceof SyncError) return { code: e.code, message: e.message };
    if (e instanceof pg.DatabaseError) return { code: `pg ${e.code}`, message: e.message };
    throw e;
  }
  throw new Error('the call was not refused');
}

let w1: string;
let w2: string;

describe.skipIf(cannot !== null)('the team sync on PostgreSQL', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    await cluster!.sql(
      `create role cc_owner login createrole password '${PASSWORD}'`,
      ...ROLES.map((r) => `create role ${r} login password '${PASSWORD}'`),
      ...['cc', 'cc_upgrade', 'cc_race'].map((db) => `create database ${db} owner cc_owner`),
    );
    const owner = await as('cc_owner');
    await schemaMigrate(owner.client);
    await memberGrant(owner, 'Studio', 'alice', false);
    await memberGrant(owner, 'Studio', 'carol', true);
    await memberGrant(owner, 'Client B', 'bob', false);
    w1 = (await workspaceOpen(await as('alice'), 'studio')).id;
    w2 = (await workspaceOpen(await as('bob'), 'Client B')).id;
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => syncClose(s)));
  });

  describe('the schema', () => {
    it('installs once: init again is the same version, nothing applied', async () => {
      const owner = await as('cc_owner');
      expect(await schemaMigrate(owner.client)).toEqual({ version: MIGRATIONS.length, applied: [] });
      expect(await schemaVersion(owner.client)).toBe(MIGRATIONS.length);
    });

    it('migrates a schema one version behind up, keeping its data; an app older than the schema refuses to touch it', async () => {
      const owner = await as('cc_owner', 'cc_upgrade');
      const previous = MIGRATIONS.slice(0, -1);
      expect(await schemaMigrate(owner.client, previous)).toEqual({ version: previous.length, applied: previous.map((m) => m.name) });
      // As version 1's functions are called (memberGrant itself wants the newest schema, and says so).
      expect((await refusal(memberGrant(owner, 'Studio', 'alice', false))).message).toBe(`the database has the team sync schema at version ${previous.length}, older than this credit-companion's ${MIGRATIONS.length}: run \`credit-companion sync-server init\` on it`);
      await owner.client.query("select * from credit_companion.member_grant('Studio', 'alice', false)");
      const alice = await as('alice', 'cc_upgrade');
      const before = op((await workspaceOpen(alice, 'Studio')).id);
      await alice.client.query('select * from credit_companion.ops_push($1)', [JSON.stringify([{ ...before, event_id: before.eventId }])]);
      expect(await schemaMigrate(owner.client)).toEqual({ version: MIGRATIONS.length, applied: [MIGRATIONS.at(-1)!.name] });
      expect((await opsPull(alice, before.workspace, 0, 10)).ops.map((o) => o.id)).toEqual([before.id]);
      const next = [...MIGRATIONS, { name: '9999-probe', sql: 'create table credit_companion.probe (x int)' }];
      expect(await schemaMigrate(owner.client, next)).toEqual({ version: MIGRATIONS.length + 1, applied: ['9999-probe'] });
      expect(await refusal(schemaMigrate(owner.client))).toEqual({ code: 'schema', message: expect.stringContaining('newer than this credit-companion knows (it holds 9999-probe)') });
      expect(await schemaVersion(owner.client)).toBe(MIGRATIONS.length + 1);
    });

    it('two inits at once on an empty database: both answer the version, each migration applied once', async () => {
      const [a, b] = [await as('cc_owner', 'cc_race'), await as('cc_owner', 'cc_race')];
      const both = await Promise.all([schemaMigrate(a.client), schemaMigrate(b.client)]);
      expect(both.map((r) => r.version)).toEqual([MIGRATIONS.length, MIGRATIONS.length]);
      expect(both.flatMap((r) => r.applied)).toEqual(MIGRATIONS.map((m) => m.name));
    });

    it('a failed migration leaves the schema as it was', async () => {
      const owner = await as('cc_owner', 'cc_upgrade');
      const before = await schemaVersion(owner.client);
      const broken = [...MIGRATIONS, { name: '9999-probe', sql: '' }, { name: '9999-z-broken', sql: 'create table credit_companion.half (x int); select 1/0' }];
      expect((await refusal(schemaMigrate(owner.client, broken))).message).toContain('division by zero');
      expect(await schemaVersion(owner.client)).toBe(before);
      expect((await owner.client.query("select to_regclass('credit_companion.half') as t")).rows).toEqual([{ t: null }]);
    });
  });

  describe('push and pull', () => {
    it('a repeated push is a no-op: the same op twice is one row, acknowledged with its seq both times', async () => {
      const alice = await as('alice');
      const one = op(w1);
      const first = await opsPush(alice, [one]);
      expect(first.reused).toEqual([]);
      expect(first.acked).toEqual([{ id: one.id, seq: expect.any(Number) }]);
      // The whole batch again, with a new op in it: the new one is inserted, the old one acknowledged as it was.
      const two = op(w1);
      const again = await opsPush(alice, [one, two]);
      expect(again.acked[0]).toEqual(first.acked[0]);
      expect(again.acked[1]!.seq).toBeGreaterThan(first.acked[0]!.seq);
      const { rows } = await alice.client.query('select count(*)::int as n from credit_companion.ops where id = any($1)', [[one.id, two.id]]);
      expect(rows).toEqual([{ n: 2 }]);
    });

    it('an op id pushed again with other content is refused and reported, the first one kept', async () => {
      const [alice, carol] = [await as('alice'), await as('carol')];
      const one = op(w1);
      const seq = (await opsPush(alice, [one])).acked[0]!.seq;
      const changed = { ...one, body: { ...one.body, minutes: 99 } };
      expect(await opsPush(alice, [changed])).toEqual({ acked: [], reused: [one.id] });
      // The same content from another role is another author: not the same op either.
      expect(await opsPush(carol, [one])).toEqual({ acked: [], reused: [one.id] });
      const page = await opsPull(alice, w1, seq - 1, 1);
      expect(page.ops[0]).toMatchObject({ id: one.id, seq, author: 'alice', body: { minutes: 1 } });
    });

    it('a push is checked before it is sent: a field, the batch size, an id twice', async () => {
      const alice = await as('alice');
      expect(await refusal(opsPush(alice, [{ ...op(w1), id: 'not-a-uuid' }]))).toEqual({ code: 'invalid', message: 'ops[0].id: must be a UUIDv7' });
      expect(await refusal(opsPush(alice, [{ ...op(w1), kind: 'delete' }]))).toEqual({ code: 'invalid', message: 'ops[0].body: a delete has none, an add or a replace has the event' });
      const one = op(w1);
      expect((await refusal(opsPush(alice, [one, one]))).message).toBe('ops: must hold each op once (two have one id)');
    });

    it('an event as large as a push takes (64 KiB of JSON) is taken by the server too', async () => {
      const alice = await as('alice');
      // Many short fields: the server's own spelling of the JSON (a space after each colon and comma) is longer.
      const fields: Record<string, number> = {};
      for (let i = 0; JSON.stringify(fields).length < SYNC_BODY_MAX - 20; i++) fields[`k${i}`] = i;
      const body = { ...fields, pad: 'x'.repeat(SYNC_BODY_MAX - JSON.stringify({ ...fields, pad: '' }).length) };
      expect(JSON.stringify(body).length).toBe(SYNC_BODY_MAX);
      const big = op(w1, { body });
      expect((await opsPush(alice, [big])).acked.map((a) => a.id)).toEqual([big.id]);
      expect(await refusal(opsPush(alice, [op(w1, { body: { ...body, pad: `${body.pad}x` } })]))).toEqual({ code: 'invalid', message: `ops[0].body: must be at most ${SYNC_BODY_MAX} bytes of JSON` });
    });

    it('pulls a workspace in pages in seq order (keyset), only its own ops, and says when more follow', async () => {
      const [alice, bob] = [await as('alice'), await as('bob')];
      const start = (await opsHead(alice, w1)).lastSeq;
      const mine: string[] = [];
      for (let batch = 0; batch < 3; batch++) {
        const ops = Array.from({ length: 9 }, () => op(w1));
        mine.push(...ops.map((o) => o.id));
        await opsPush(alice, ops);
        await opsPush(bob, [op(w2), op(w2)]);
      }
      expect(await opsHead(alice, w1, start)).toEqual({ lastSeq: expect.any(Number), waiting: 27 });
      const pages = [];
      let after = start;
      for (;;) {
        const page = await opsPull(alice, w1, after, 10);
        pages.push(page);
        after = page.lastSeq;
        if (!page.more) break;
      }
      expect(pages.map((p) => [p.ops.length, p.more])).toEqual([[10, true], [10, true], [7, false]]);
      const pulled = pages.flatMap((p) => p.ops);
      expect(pulled.map((o) => o.id)).toEqual(mine);
      expect(pulled.map((o) => o.seq)).toEqual([...pulled.map((o) => o.seq)].sort((a, b) => a - b));
      expect(new Set(pulled.map((o) => o.workspace))).toEqual(new Set([w1]));
      expect(pulled[0]).toEqual({ seq: expect.any(Number), id: mine[0], workspace: w1, eventId: expect.any(String), kind: 'add', author: 'alice', member: 'Ana', device: 'laptop', base: null, body: expect.objectContaining({ type: 'usage' }), createdAt: expect.any(String) });
      expect(await opsPull(alice, w1, after, 10)).toEqual({ ops: [], lastSeq: after, more: false });
    });

    it('an op committed later never gets a seq below one a pull has already passed', async () => {
      const [alice, carol, reader] = [await as('alice'), await as('carol'), await as('alice')];
      const start = (await opsHead(reader, w1)).lastSeq;
      const [slow, fast] = [op(w1), op(w1)];
      // Another role's wait is seen by a superuser only.
      const watcher = new pg.Client({ connectionString: cluster!.url });
      await watcher.connect();
      await alice.client.query('begin');
      try {
        await opsPush(alice, [slow]);
        let done = false;
        const pushed = opsPush(carol, [fast]).finally(() => (done = true));
        // Until the second push waits on the first one's lock, or (without the lock) is done.
        const carolPid = (carol.client as unknown as { processID: number }).processID;
        while (!done && (await watcher.query("select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'", [carolPid])).rowCount === 0);
        const seen = await opsPull(reader, w1, start, 100);
        await alice.client.query('commit');
        await pushed;
        const later = await opsPull(reader, w1, seen.lastSeq, 100);
        expect([...seen.ops, ...later.ops].map((o) => o.id)).toEqual([slow.id, fast.id]);
      } finally {
        await alice.client.query('rollback');
        await watcher.end();
      }
    });

    it('a push waits for the log’s lock as long as the connection says, then is told the server is busy, and changes nothing', async () => {
      const alice = await as('alice');
      const impatient = await syncConnect(cluster!.urlOf('carol', PASSWORD, 'cc'), { lockTimeoutMs: 100 });
      open.push(impatient);
      const waiting = op(w1);
      await alice.client.query('begin');
      try {
        await opsPush(alice, [op(w1)]);
        expect(await refusal(opsPush(impatient, [waiting]))).toEqual({ code: 'busy', message: `the server at 127.0.0.1:${cluster!.port}/cc holds the log locked for another push (canceling statement due to lock timeout): try again in a moment` });
      } finally {
        await alice.client.query('rollback');
      }
      expect((await opsPush(impatient, [waiting])).acked.map((a) => a.id)).toEqual([waiting.id]);
    });

    it('a listener hears of another connection’s commit in its workspace, with its last seq, and not of another workspace', async () => {
      const [alice, carol, bob, bobListens] = [await as('alice'), await as('carol'), await as('bob'), await as('bob')];
      const heard: number[] = [];
      const first = new Promise<number>((resolve) => void opsListen(alice, w1, (seq) => (heard.push(seq), resolve(seq))));
      const bobHeard = new Promise<number>((resolve) => void opsListen(bobListens, w2, resolve));
      // Listening is set up once the call resolves: wait for both LISTENs to be in place.
      await alice.client.query('select 1');
      await bobListens.client.query('select 1');
      const carols = await opsPush(carol, [op(w1), op(w1), op(w1)]);
      expect(await first).toBe(carols.acked[2]!.seq);
      const bobs = await opsPush(bob, [op(w2)]);
      expect(await bobHeard).toBe(bobs.acked[0]!.seq);
      expect(heard).toEqual([carols.acked[2]!.seq]);
    });
  });

  describe('who sees and writes what', () => {
    it('a member sees its own workspaces only: another workspace’s ops are invisible', async () => {
      const [alice, bob] = [await as('alice'), await as('bob')];
      await opsPush(bob, [op(w2)]);
      const { rows } = await alice.client.query('select count(*)::int as n from credit_companion.ops where workspace = $1', [w2]);
      expect(rows).toEqual([{ n: 0 }]);
      expect((await refusal(opsPull(alice, w2, 0, 10))).code).toBe('not-a-member');
      expect((await alice.client.query('select distinct workspace from credit_companion.ops')).rows).toEqual([{ workspace: w1 }]);
      expect((await alice.client.query('select name from credit_companion.workspaces')).rows).toEqual([{ name: 'Studio' }]);
    });

    it('a member cannot write into another workspace', async () => {
      const alice = await as('alice');
      expect(await refusal(opsPush(alice, [op(w2)]))).toEqual({ code: 'forbidden', message: 'new row violates row-level security policy for table "ops"' });
      const raw = op(w2);
      expect((await refusal(alice.client.query('insert into credit_companion.ops (id, workspace, event_id, kind, device, body) values ($1, $2, $3, $4, $5, $6)', [raw.id, w2, raw.eventId, 'add', 'laptop', raw.body]))).code).toBe('pg 42501');
    });

    it('an op authored by another role is refused (a forged author)', async () => {
      const alice = await as('alice');
      const raw = op(w1);
      const forged = alice.client.query('insert into credit_companion.ops (id, workspace, event_id, kind, author, device, body) values ($1, $2, $3, $4, $5, $6, $7)', [raw.id, w1, raw.eventId, 'add', 'carol', 'laptop', raw.body]);
      expect(await refusal(forged)).toEqual({ code: 'pg 42501', message: 'new row violates row-level security policy for table "ops"' });
      // Its own name is taken.
      await alice.client.query('insert into credit_companion.ops (id, workspace, event_id, kind, author, device, body) values ($1, $2, $3, $4, $5, $6, $7)', [raw.id, w1, raw.eventId, 'add', 'alice', 'laptop', raw.body]);
    });

    it.each(['alice', 'carol'] as const)('%s (a member; carol an admin) can neither update, delete nor truncate an op', async (role) => {
      const member = await as(role);
      for (const sql of ["update credit_companion.ops set kind = 'delete', body = null", 'delete from credit_companion.ops', 'truncate credit_companion.ops']) {
        expect(await refusal(member.client.query(sql))).toEqual({ code: 'pg 42501', message: 'permission denied for table ops' });
      }
    });

    it('the schema’s owner changes no op either while row-level security is forced', async () => {
      const owner = await as('cc_owner');
      expect((await owner.client.query("update credit_companion.ops set device = 'x'")).rowCount).toBe(0);
      expect((await owner.client.query('delete from credit_companion.ops')).rowCount).toBe(0);
      const alice = await as('alice');
      expect((await alice.client.query("select count(*)::int as n from credit_companion.ops where device = 'x'")).rows).toEqual([{ n: 0 }]);
    });

    it('a member sees its workspaces’ members; only an admin or the owner grants, and nobody writes the table itself', async () => {
      const [alice, carol] = [await as('alice'), await as('carol')];
      const { rows } = await alice.client.query('select role, admin from credit_companion.members order by role');
      expect(rows.filter((r) => ['alice', 'bob', 'carol'].includes(r.role))).toEqual([{ role: 'alice', admin: false }, { role: 'carol', admin: true }]);
      expect(await refusal(memberGrant(alice, 'Studio', 'dave', false))).toEqual({ code: 'forbidden', message: 'role alice may not grant or revoke in workspace "Studio": its admins and the schema\'s owner do' });
      expect(await refusal(memberGrant(carol, 'Client B', 'dave', false))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(alice.client.query('insert into credit_companion.members (workspace, role, admin) values ($1, $2, true)', [w1, 'alice']))).toMatchObject({ code: 'pg 42501' });
      expect(await refusal(carol.client.query('update credit_companion.members set admin = true'))).toMatchObject({ code: 'pg 42501' });
      expect(await memberGrant(carol, 'studio', 'dave', false)).toEqual({ workspace: 'studio', role: 'dave', admin: false, workspaceCreated: false });
      expect(await refusal(memberGrant(carol, 'Nowhere', 'dave', false))).toMatchObject({ code: 'no-workspace' });
      const dave = await as('dave');
      expect((await opsPush(dave, [op(w1)])).acked).toHaveLength(1);
    });

    it('a revoked member can no longer pull, push or listen', async () => {
      const [owner, dave] = [await as('cc_owner'), await as('dave')];
      expect(await memberRevoke(owner, 'Studio', 'dave')).toBe(true);
      expect(await memberRevoke(owner, 'Studio', 'dave')).toBe(false);
      expect((await refusal(opsPull(dave, w1, 0, 10))).code).toBe('not-a-member');
      expect((await refusal(opsPush(dave, [op(w1)]))).code).toBe('forbidden');
      expect((await refusal(opsListen(dave, w1, () => {}))).code).toBe('not-a-member');
      expect((await dave.client.query('select count(*)::int as n from credit_companion.ops')).rows).toEqual([{ n: 0 }]);
    });

    it('a role never granted anything reaches nothing in the schema', async () => {
      const frank = await as('frank');
      expect(await refusal(frank.client.query('select * from credit_companion.ops'))).toEqual({ code: 'pg 42501', message: 'permission denied for schema credit_companion' });
      expect((await refusal(workspaceOpen(frank, 'Studio'))).code).toBe('forbidden');
    });

    it('a workspace is opened by its members, created only by a role the owner made a creator', async () => {
      const [bob, erin] = [await as('bob'), await as('erin')];
      expect(await refusal(workspaceOpen(bob, 'Studio'))).toEqual({ code: 'not-a-member', message: 'role bob is not a member of workspace "Studio"' });
      expect(await refusal(workspaceOpen(bob, 'Agency'))).toMatchObject({ code: 'no-workspace', message: expect.stringContaining('no workspace "Agency" on this server, and role bob may not create one') });
      await cluster!.sql('grant credit_companion_creator to erin');
      expect(await workspaceOpen(erin, ' Agency ')).toEqual({ id: expect.any(String), name: 'Agency', admin: true, created: true });
      expect(await workspaceOpen(erin, 'AGENCY')).toMatchObject({ name: 'Agency', created: false });
      expect(await memberGrant(erin, 'Agency', 'bob', false)).toMatchObject({ workspaceCreated: false });
      expect(await workspaceOpen(bob, 'agency')).toMatchObject({ name: 'Agency', admin: false, created: false });
    });

    it('grants name an existing role exactly', async () => {
      const owner = await as('cc_owner');
      expect(await refusal(memberGrant(owner, 'Studio', 'nobody', false))).toEqual({ code: 'no-role', message: 'role "nobody" does not exist (create it first (CREATE ROLE ... LOGIN PASSWORD ...))' });
      expect(await refusal(memberGrant(owner, 'Studio', 'Alice', false))).toEqual({ code: 'no-role', message: 'role "Alice" does not exist; the server has "alice" (role names are exact: PostgreSQL folds unquoted names to lower case)' });
      expect((await refusal(memberGrant(owner, 'Studio', 'credit_companion_member', false))).code).toBe('no-role');
      expect(await refusal(memberGrant(owner, '', 'alice', false))).toEqual({ code: 'invalid', message: 'workspace: must not be empty' });
    });
  });

  describe('connections', () => {
    it('TLS: sslmode=require verifies the server against sslrootcert; without it, a self-signed certificate is refused in one line', async () => {
      const c = cluster!;
      for (const query of [`sslmode=require&sslrootcert=${encodeURIComponent(c.certificate)}`, 'sslmode=require&uselibpqcompat=true']) {
        const server = await syncConnect(`${c.urlOf('alice', PASSWORD, 'cc')}?${query}`);
        open.push(server);
        expect((await server.client.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()')).rows).toEqual([{ ssl: true }]);
      }
      const plain = await as('alice');
      expect((await plain.client.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()')).rows).toEqual([{ ssl: false }]);
      const untrusted = await refusal(syncConnect(`${c.urlOf('alice', PASSWORD, 'cc')}?sslmode=verify-full`));
      expect(untrusted.code).toBe('refused');
      expect(untrusted.message).toMatch(/^no secure connection to 127\.0\.0\.1:\d+\/cc: self[- ]signed certificate.*sslrootcert=FILE/);
      expect(untrusted.message).not.toContain('\n');
    });

    it('a server that cannot be reached, or refuses the password, is said in one line without the password', async () => {
      const c = cluster!;
      const closed = await refusal(syncConnect('postgresql://alice:secret@127.0.0.1:1/cc'));
      expect(closed).toEqual({ code: 'unreachable', message: 'cannot reach the PostgreSQL server at 127.0.0.1:1/cc (connection refused)' });
      const wrong = await refusal(syncConnect(c.urlOf('alice', 'not-the-password', 'cc')));
      expect(wrong).toEqual({ code: 'refused', message: `the server at 127.0.0.1:${c.port}/cc refused the connection: password authentication failed for user "alice"` });
      expect(await refusal(syncConnect('mysql://x@y/z'))).toEqual({ code: 'invalid', message: "the server's address must be a PostgreSQL connection string, postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE" });
    });

    it('an address whose SSL options name a file that is not there: refused as the address’s fault, naming the file, not a crash', async () => {
      for (const option of ['sslrootcert', 'sslcert', 'sslkey']) {
        const missing = join(tmpdir(), `cc-no-such-${option}.pem`);
        expect(await refusal(syncConnect(`postgresql://alice@127.0.0.1:1/cc?sslmode=require&${option}=${encodeURIComponent(missing)}`))).toEqual({
          code: 'invalid',
          message: `the server's address names the file ${missing}, which cannot be read (ENOENT)`,
        });
      }
    });
  });
});
