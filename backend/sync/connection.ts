/**
 * A connection to the team's PostgreSQL server, and what goes wrong with one in words a person acts on: a server
 * that cannot be reached, a password refused, a certificate not trusted, a schema not installed, a right missing.
 * Every failure the sync expects is a `SyncError` with a stable code and one line; anything else is a bug.
 */
import pg from 'pg';
import { z } from 'zod';

export const SYNC_ERROR_CODES = [
  /** The server cannot be reached (refused, unknown host, timed out): the app works offline and says so. */
  'unreachable',
  /** The server refused the role or its password, or its certificate is not trusted, or it does not speak TLS. */
  'refused',
  /** The database has no sync schema (`sync-server init` first), or one newer than this app knows. */
  'schema',
  /** The workspace does not exist (and the role may not create it). */
  'no-workspace',
  /** The role is not a member of the workspace (never was, or was revoked). */
  'not-a-member',
  /** The role may not do this: grant without being an admin, write another's op, update or delete an op. */
  'forbidden',
  /** The role a grant names does not exist, or is not one to grant to. */
  'no-role',
  /** What was sent breaks a rule (an op's field, a batch's size). */
  'invalid',
  /** The log was locked longer than the connection waits (another push holding its lock open): try again later. */
  'busy',
  /** The server answered with an error the sync does not expect: its own words. */
  'server',
] as const;

export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/** An expected failure of the sync: a stable code and one line to show. */
export class SyncError extends Error {
  readonly code: SyncErrorCode;
  constructor(code: SyncErrorCode, message: string) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
  }
}

/** A PostgreSQL connection string: `postgres://` or `postgresql://`, as libpq and node-postgres read them. */
export const syncUrl = z.string().refine(
  (text) => {
    try {
      return ['postgres:', 'postgresql:'].includes(new URL(text).protocol);
    } catch {
      return false;
    }
  },
  { error: 'must be a PostgreSQL connection string, postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE' },
);

/** Where a connection string points, for messages: host, port and database, never the password. */
export function syncTarget(url: string): string {
  const u = new URL(url);
  const host = u.searchParams.get('host') ?? (decodeURIComponent(u.hostname) || 'localhost');
  const database = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || 'postgres';
  return `${host.startsWith('/') ? host : `${host}:${u.port || '5432'}`}/${database}`;
}

/** The codes PostgreSQL's functions of the sync schema raise (./migrations.ts). */
const SCHEMA_CODES: Readonly<Record<string, SyncErrorCode>> = { CC001: 'no-workspace', CC002: 'not-a-member', CC003: 'forbidden', CC004: 'no-role', CC005: 'no-role' };

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ENOENT: 'no such socket',
};

/** The SyncError a failure of a call to the server at `url` is; a bug (anything else) is returned as it is. */
export function syncErrorOf(e: unknown, url: string): SyncError | unknown {
  if (e instanceof SyncError) return e;
  if (!(e instanceof Error)) return e;
  const where = syncTarget(url);
  const code = (e as { code?: string }).code;
  if (code !== undefined && code in NETWORK_CODES) return new SyncError('unreachable', `cannot reach the PostgreSQL server at ${where} (${NETWORK_CODES[code]})`);
  if (/timeout expired|Connection terminated|Query read timeout|is not queryable/i.test(e.message) && !(e instanceof pg.DatabaseError)) return new SyncError('unreachable', `cannot reach the PostgreSQL server at ${where} (${e.message.toLowerCase()})`);
  if (!(e instanceof pg.DatabaseError) && /does not support SSL/i.test(e.message)) return new SyncError('refused', `no secure connection to ${where}: the server does not accept TLS connections`);
  if (!(e instanceof pg.DatabaseError) && /certificate|self[- ]signed|altnames/i.test(e.message)) {
    return new SyncError('refused', `no secure connection to ${where}: ${e.message} (give the server's certificate as sslrootcert=FILE in the connection string)`);
  }
  if (!(e instanceof pg.DatabaseError)) return e;
  const line = e.message.split('\n')[0]!;
  const hint = e.hint ? ` (${e.hint})` : '';
  if (code !== undefined && code in SCHEMA_CODES) return new SyncError(SCHEMA_CODES[code]!, `${line}${hint}`);
  // The server shutting down or starting up (57P01-57P03), or the connection failing (class 08): gone for now, as a network cut is.
  if (code !== undefined && (/^57P0[123]$/.test(code) || code.startsWith('08'))) return new SyncError('unreachable', `cannot reach the PostgreSQL server at ${where} (${line})`);
  if (code === '28P01' || code === '28000') return new SyncError('refused', `the server at ${where} refused the connection: ${line}`);
  if (code === '3D000') return new SyncError('refused', `the server at ${where}: ${line}`);
  if (code === '3F000' || code === '42P01' || code === '42883') return new SyncError('schema', `the database ${where} has no team sync schema, or an older one: run \`credit-companion sync-server init\` on it (${line})`);
  if (code === '42501') return new SyncError('forbidden', `${line}${hint}`);
  if (code === '55P03') return new SyncError('busy', `the server at ${where} holds the log locked for another push (${line}): try again in a moment`);
  if (code?.startsWith('22') || code?.startsWith('23')) return new SyncError('invalid', `${line}${e.detail ? ` (${e.detail})` : ''}`);
  return new SyncError('server', `the server at ${where} answered: ${line}${hint}`);
}

/** Run `call`, its failures turned into SyncErrors (bugs thrown as they are). */
export async function syncCall<T>(url: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw syncErrorOf(e, url);
  }
}

/** An open connection to the team's server. */
export interface SyncServer {
  readonly url: string;
  readonly client: pg.Client;
}

export interface SyncConnectOptions {
  /** How long the connection may take before the server counts as unreachable (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** How long a push waits for the log's lock, held by another push until it commits, before it is `busy` (default 10 s). */
  readonly lockTimeoutMs?: number;
  /** How long a call waits for the server's answer before the server counts as unreachable (default 60 s). */
  readonly answerTimeoutMs?: number;
}

/** A client for `url`, not connected. The address's SSL options that name files (sslrootcert, sslcert, sslkey) are read here: one that cannot be is the address's fault, said as such. */
function clientOf(url: string, options: SyncConnectOptions): pg.Client {
  try {
    return new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      lock_timeout: options.lockTimeoutMs ?? 10_000,
      query_timeout: options.answerTimeoutMs ?? 60_000,
      // A server gone without a word (a network cut) is noticed, not waited for.
      keepAlive: true,
      application_name: 'credit-companion',
    });
  } catch (e) {
    const { code, path } = e as NodeJS.ErrnoException;
    if (code === undefined || path === undefined) throw e;
    throw new SyncError('invalid', `the server's address names the file ${path}, which cannot be read (${code})`);
  }
}

/** Connect to the server at `url` (a PostgreSQL connection string; `sslmode` and `sslrootcert` as node-postgres reads them). */
export async function syncConnect(url: string, options: SyncConnectOptions = {}): Promise<SyncServer> {
  const checked = syncUrl.safeParse(url);
  if (!checked.success) throw new SyncError('invalid', `the server's address ${checked.error.issues[0]!.message}`);
  const client = clientOf(url, options);
  // A connection lost later is said by the call that meets it; without a listener, the event would end the process.
  client.on('error', () => {});
  await syncCall(url, () => client.connect());
  return { url, client };
}

/** Close the connection (what it listened to with it). */
export async function syncClose(server: SyncServer): Promise<void> {
  await server.client.end();
}
