/**
 * `sync-server init|grant|revoke` as a person runs them: the command built as build:cli builds it, run as a process
 * of its own against a throwaway PostgreSQL cluster (test/fixtures/postgres.ts). Exit codes and one-line errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../backend/sync/migrations.ts';
import { postgresStart } from '../test/fixtures/postgres.ts';
import { syncServerRun } from './syncServer.ts';

const started = await postgresStart();
const cluster = typeof started === 'string' ? null : started;
if (cluster === null) console.log(`skipped: the sync-server command's tests need PostgreSQL, and ${started as string}`);
afterAll(() => cluster?.stop());

const PASSWORD = 'a-password-for-tests';
const out = mkdtempSync(join(tmpdir(), 'cc-cli-sync-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Run the built command; its exit code, stdout and stderr. */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(out, 'main.mjs'), 'sync-server', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run `sql` as the cluster's superuser, in the database `cc` (or `postgres`, where the databases are made). */
async function superuser<T extends pg.QueryResultRow>(sql: string, database = 'cc'): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster!.url.replace(/\/postgres$/, `/${database}`) });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(cluster === null)('credit-companion sync-server', { timeout: 60_000 }, () => {
  let owner: string;
  beforeAll(async () => {
    // Built as build:cli builds it: the PostgreSQL driver in the chunk sync-server loads.
    const pkg = (await import('../package.json', { with: { type: 'json' } })).default;
    const banner = /--banner:js="(.*)"$/.exec(pkg.scripts['build:cli'])![1]!.replaceAll('\\"', '"');
    await build({ entryPoints: { main: join(import.meta.dirname, 'entry.ts') }, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', outdir: out, outExtension: { '.js': '.mjs' }, banner: { js: banner }, logLevel: 'silent' });
    for (const sql of [`create role cc_owner login createrole password '${PASSWORD}'`, `create role alice login password '${PASSWORD}'`, `create role carol login password '${PASSWORD}'`, 'create database cc owner cc_owner', 'create database bare']) await superuser(sql, 'postgres');
    owner = cluster!.urlOf('cc_owner', PASSWORD, 'cc');
  });

  it('init installs the schema, and again finds it up to date (--json too)', () => {
    expect(cli('init', owner)).toEqual({ code: 0, stdout: `schema version ${MIGRATIONS.length} (applied: ${MIGRATIONS.map((m) => m.name).join(', ')})\n`, stderr: '' });
    expect(cli('init', owner)).toEqual({ code: 0, stdout: `schema version ${MIGRATIONS.length} (already up to date)\n`, stderr: '' });
    const json = cli('init', owner, '--json');
    expect([json.code, JSON.parse(json.stdout)]).toEqual([0, { schemaVersion: MIGRATIONS.length, applied: [] }]);
  });

  it('grant makes a role a member or an admin, creating the workspace; revoke ends it', async () => {
    expect(cli('grant', owner, 'Studio', 'alice')).toEqual({ code: 0, stdout: 'alice is now a member of "Studio" (the workspace was created)\n', stderr: '' });
    const admin = cli('grant', owner, 'studio', 'carol', '--admin', '--json');
    expect([admin.code, JSON.parse(admin.stdout)]).toEqual([0, { workspace: 'studio', role: 'carol', admin: true, workspaceCreated: false }]);
    const members = 'select w.name, m.role, m.admin from credit_companion.members m join credit_companion.workspaces w on w.id = m.workspace order by m.role';
    expect(await superuser(members)).toEqual([{ name: 'Studio', role: 'alice', admin: false }, { name: 'Studio', role: 'carol', admin: true }]);
    expect(cli('revoke', owner, 'Studio', 'alice')).toEqual({ code: 0, stdout: 'alice is no longer a member of "Studio"\n', stderr: '' });
    expect(cli('revoke', owner, 'Studio', 'alice')).toEqual({ code: 0, stdout: 'alice was not a member of "Studio"\n', stderr: '' });
    expect(await superuser(members)).toEqual([{ name: 'Studio', role: 'carol', admin: true }]);
    // An admin grants in its workspace, a member does not.
    expect(cli('grant', cluster!.urlOf('carol', PASSWORD, 'cc'), 'Studio', 'alice').code).toBe(0);
    expect(cli('grant', cluster!.urlOf('alice', PASSWORD, 'cc'), 'Studio', 'carol')).toEqual({ code: 1, stdout: '', stderr: 'credit-companion: role alice may not grant or revoke in workspace "Studio": its admins and the schema\'s owner do\n' });
  });

  it('a role that does not exist is named, exit 1; a name is never SQL', async () => {
    expect(cli('grant', owner, 'Studio', 'nobody')).toEqual({ code: 1, stdout: '', stderr: 'credit-companion: role "nobody" does not exist (create it first (CREATE ROLE ... LOGIN PASSWORD ...))\n' });
    const injected = 'alice"; drop table credit_companion.ops; --';
    expect(cli('grant', owner, 'Studio', injected)).toEqual({ code: 1, stdout: '', stderr: `credit-companion: role "${injected}" does not exist (create it first (CREATE ROLE ... LOGIN PASSWORD ...))\n` });
    expect(cli('grant', owner, "Studio'); drop table credit_companion.ops; --", 'alice').code).toBe(0);
    expect(await superuser("select to_regclass('credit_companion.ops') is not null as there")).toEqual([{ there: true }]);
  });

  it('a server that cannot be reached, a password refused, a database without the schema: exit 1, one line', () => {
    expect(cli('init', 'postgresql://cc_owner:secret@127.0.0.1:1/cc')).toEqual({ code: 1, stdout: '', stderr: 'credit-companion: cannot reach the PostgreSQL server at 127.0.0.1:1/cc (connection refused)\n' });
    expect(cli('grant', cluster!.urlOf('cc_owner', 'wrong', 'cc'), 'Studio', 'alice')).toEqual({ code: 1, stdout: '', stderr: `credit-companion: the server at 127.0.0.1:${cluster!.port}/cc refused the connection: password authentication failed for user "cc_owner"\n` });
    expect(cli('grant', cluster!.urlOf('postgres', 'x', 'bare').replace(/:x@/, `:${new URL(cluster!.url).password}@`), 'Studio', 'alice')).toEqual({ code: 1, stdout: '', stderr: 'credit-companion: the database has no team sync schema: run `credit-companion sync-server init` on it\n' });
  });

  it('grant without its role: exit 2 with the usage', () => {
    const r = cli('grant', owner, 'Studio');
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, 'credit-companion: sync-server grant: missing ROLE']);
    expect(r.stderr).toContain('credit-companion sync-server grant URL WORKSPACE ROLE [--admin]');
  });
});

describe('sync-server arguments', () => {
  it.each([
    [['grant', 'https://example.com', 'Studio', 'alice'], 'sync-server: URL: must be a PostgreSQL connection string, postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE'],
    [['grant', 'postgresql://a@h/d', 'x'.repeat(65), 'alice'], 'sync-server: WORKSPACE: must be at most 64 characters'],
    [['grant', 'postgresql://a@h/d', '  ', 'alice'], 'sync-server: WORKSPACE: must not be empty'],
    [['grant', 'postgresql://a@h/d', 'Studio', 'r'.repeat(64)], 'sync-server: ROLE: must be at most 63 bytes (a PostgreSQL identifier)'],
    [['revoke', 'postgresql://a@h/d', 'Studio', 'alice', '--admin'], '--admin: not an option of sync-server revoke'],
    [['init', 'postgresql://a@h/d', 'extra'], 'sync-server init: unexpected argument "extra"'],
    [['promote', 'postgresql://a@h/d'], 'sync-server: unknown command "promote": init, grant or revoke'],
  ])('bad arguments %j: exit 2, said, no server reached', async (args, message) => {
    // In process: what the arguments are checked against needs no server (the addresses lead nowhere).
    const r = await syncServerRun(['sync-server', ...args]);
    expect([r.code, r.stdout, r.stderr.split('\n')[0]]).toEqual([2, '', message]);
  });
});
