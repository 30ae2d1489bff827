/**
 * Install or migrate the sync schema (./migrations.ts) with umzug: the applied migrations are kept in the schema's
 * own table, and `schemaMigrate` runs the missing ones in one transaction under an advisory lock, so two inits at
 * once apply each migration once, and a failed one leaves the schema as it was.
 */
import type pg from 'pg';
import { Umzug, type UmzugStorage } from 'umzug';
import { MIGRATIONS, SYNC_SCHEMA, type Migration } from './migrations.ts';
import { SyncError } from './connection.ts';

const TABLE = `${SYNC_SCHEMA}.schema_migrations`;

/** Umzug's record of the applied migrations, in the schema's table (made with the schema on the first run). */
function tableStorage(client: pg.Client): UmzugStorage {
  return {
    async executed() {
      await client.query(`create schema if not exists ${SYNC_SCHEMA}; create table if not exists ${TABLE} (name text primary key, applied_at timestamptz not null default now())`);
      const { rows } = await client.query<{ name: string }>(`select name from ${TABLE} order by applied_at, name`);
      return rows.map((r) => r.name);
    },
    async logMigration({ name }) {
      await client.query(`insert into ${TABLE} (name) values ($1)`, [name]);
    },
    async unlogMigration({ name }) {
      await client.query(`delete from ${TABLE} where name = $1`, [name]);
    },
  };
}

/** The schema's version on the server: how many migrations it holds; 0 with no schema. */
export async function schemaVersion(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number | null }>(`select case when to_regclass('${TABLE}') is null then null else 0 end as n`);
  if (rows[0]!.n === null) return 0;
  const applied = await client.query<{ count: string }>(`select count(*) from ${TABLE}`);
  return Number(applied.rows[0]!.count);
}

export interface SchemaMigrated {
  /** The version the schema is at now. */
  readonly version: number;
  /** The migrations this run applied (none when it was up to date). */
  readonly applied: readonly string[];
}

/** Install or migrate the schema to the newest of `migrations`; refused when the server holds migrations this code does not know (a newer app's). */
export async function schemaMigrate(client: pg.Client, migrations: readonly Migration[] = MIGRATIONS): Promise<SchemaMigrated> {
  const storage = tableStorage(client);
  const umzug = new Umzug({ migrations: migrations.map((m) => ({ name: m.name, up: async () => void (await client.query(m.sql)) })), storage, logger: undefined });
  await client.query('begin');
  try {
    await client.query(`select pg_advisory_xact_lock(hashtextextended('${TABLE}', 0))`);
    const known = new Set(migrations.map((m) => m.name));
    // umzug lists only the applied migrations it knows: the storage has them all.
    const unknown = (await storage.executed({ context: {} })).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new SyncError('schema', `the server's sync schema is newer than this credit-companion knows (it holds ${unknown.join(', ')}): update credit-companion`);
    }
    const applied = await umzug.up();
    const version = (await umzug.executed()).length;
    await client.query('commit');
    return { version, applied: applied.map((m) => m.name) };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    // umzug wraps a migration's failure: the server's own error is its cause.
    throw e instanceof Error && e.cause instanceof Error && !(e instanceof SyncError) ? e.cause : e;
  }
}
