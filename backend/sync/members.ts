/**
 * A workspace's members on the team's server: open one (creating it where the role may), grant a role membership
 * or admin, revoke it. The server's functions check who may (./migrations.ts); these say it as SyncErrors.
 */
import { z } from 'zod';
import { workspaceName } from '../../shared/workspaces.ts';
import { syncCall, SyncError, type SyncServer } from './connection.ts';
import { MIGRATIONS } from './migrations.ts';
import { schemaVersion } from './schema.ts';

/** A PostgreSQL role's name, exactly as the server spells it (`\du` in psql): 1 to 63 bytes, no NUL. */
export const syncRoleName = z
  .string()
  .min(1, { error: 'must not be empty' })
  .refine((name) => Buffer.byteLength(name) <= 63, { error: 'must be at most 63 bytes (a PostgreSQL identifier)' })
  .refine((name) => !name.includes('\0'), { error: 'must not hold a NUL character' });

/** The value, or a SyncError naming what and the rule. */
function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SyncError('invalid', `${what}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/** Throw a `schema` SyncError unless the server's sync schema is at least the version this code knows. */
export async function schemaCheck(server: SyncServer): Promise<void> {
  const version = await syncCall(server.url, () => schemaVersion(server.client));
  if (version < MIGRATIONS.length) throw new SyncError('schema', `the database has ${version === 0 ? 'no team sync schema' : `the team sync schema at version ${version}, older than this credit-companion's ${MIGRATIONS.length}`}: run \`credit-companion sync-server init\` on it`);
}

export interface WorkspaceOpened {
  /** Its id on the server: what ops, pulls and listens name. */
  readonly id: string;
  readonly name: string;
  /** Whether the role is one of its admins. */
  readonly admin: boolean;
  /** Whether this call made it (the role may create workspaces, and none had that name in any case). */
  readonly created: boolean;
}

/** The workspace `name` (in any case) for the connection's role; created, with the role its first admin, when it does not exist and the role may create one. */
export async function workspaceOpen(server: SyncServer, name: string): Promise<WorkspaceOpened> {
  const wanted = checked(workspaceName, name, 'workspace');
  const { rows } = await syncCall(server.url, () => server.client.query<WorkspaceOpened>('select id, name, admin, created from credit_companion.workspace_open($1)', [wanted]));
  return rows[0]!;
}

export interface MemberGranted {
  readonly workspace: string;
  readonly role: string;
  readonly admin: boolean;
  /** Whether the grant made the workspace (only the schema's owner does). */
  readonly workspaceCreated: boolean;
}

/** Make the existing role `role` a member (or an admin) of `workspace`: the schema's owner anywhere (creating the workspace), a workspace's admin in it. */
export async function memberGrant(server: SyncServer, workspace: string, role: string, admin: boolean): Promise<MemberGranted> {
  const ws = checked(workspaceName, workspace, 'workspace');
  const who = checked(syncRoleName, role, 'role');
  await schemaCheck(server);
  const { rows } = await syncCall(server.url, async () => {
    try {
      return await server.client.query<{ workspace_created: boolean }>('select workspace_created from credit_companion.member_grant($1, $2, $3)', [ws, who, admin]);
    } catch (e) {
      throw await roleHinted(server, e, who);
    }
  });
  return { workspace: ws, role: who, admin, workspaceCreated: rows[0]!.workspace_created };
}

/** A "role does not exist" error, naming the role the server has in another case where there is one. */
async function roleHinted(server: SyncServer, e: unknown, who: string): Promise<unknown> {
  if ((e as { code?: string }).code !== 'CC004') return e;
  const { rows } = await server.client.query<{ rolname: string }>('select rolname from pg_catalog.pg_roles where lower(rolname) = lower($1) limit 1', [who]);
  return rows[0] ? new SyncError('no-role', `role "${who}" does not exist; the server has "${rows[0].rolname}" (role names are exact: PostgreSQL folds unquoted names to lower case)`) : e;
}

/** `role` no longer a member of `workspace`: true when it was one. */
export async function memberRevoke(server: SyncServer, workspace: string, role: string): Promise<boolean> {
  const ws = checked(workspaceName, workspace, 'workspace');
  const who = checked(syncRoleName, role, 'role');
  await schemaCheck(server);
  const { rows } = await syncCall(server.url, () => server.client.query<{ revoked: boolean }>('select credit_companion.member_revoke($1, $2) as revoked', [ws, who]));
  return rows[0]!.revoked;
}
