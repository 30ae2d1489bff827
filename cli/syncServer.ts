/**
 * `credit-companion sync-server init|grant|revoke`: the team's PostgreSQL server, set up and its members named.
 * Exit status as every command's: 0 done, 1 a problem to act on (the server cannot be reached, refused the role,
 * the role may not, the role named does not exist), 2 bad arguments. One line each, never a stack trace.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { syncClose, syncConnect, SyncError, syncUrl, type SyncServer } from '../backend/sync/connection.ts';
import { memberGrant, memberRevoke, syncRoleName } from '../backend/sync/members.ts';
import { schemaMigrate } from '../backend/sync/schema.ts';
import { workspaceName } from '../shared/workspaces.ts';
import type { Output } from './output.ts';

export const SYNC_SERVER_USAGE = `Usage:
  credit-companion sync-server init URL
  credit-companion sync-server grant URL WORKSPACE ROLE [--admin]
  credit-companion sync-server revoke URL WORKSPACE ROLE

URL is a PostgreSQL connection string (postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE, with
?sslmode=require&sslrootcert=FILE for TLS). init installs or migrates the team sync's schema
(as a role that may create schemas and roles); grant makes an existing PostgreSQL role a member
of WORKSPACE (--admin: one who grants and revokes too), creating the workspace when the schema's
owner grants in one that does not exist; revoke ends the membership. Every command takes --json.`;

class ArgumentError extends Error {}

function valid<T>(schema: z.ZodType<T>, value: string | undefined, what: string): T {
  const parsed = schema.safeParse(value ?? '');
  if (!parsed.success) throw new ArgumentError(`sync-server: ${what}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

interface Args {
  readonly command: 'init' | 'grant' | 'revoke';
  readonly url: string;
  readonly workspace: string;
  readonly role: string;
  readonly admin: boolean;
  readonly json: boolean;
}

function argsOf(argv: readonly string[]): Args | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { admin: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new ArgumentError(`sync-server: ${(e as Error).message.split('\n')[0]}\n\n${SYNC_SERVER_USAGE}`);
  }
  const { positionals, values } = parsed;
  if (values.help) return 'help';
  const [, command, url, workspace, role, extra] = positionals;
  if (command !== 'init' && command !== 'grant' && command !== 'revoke') {
    throw new ArgumentError(`sync-server: ${command === undefined ? 'missing' : `unknown command ${JSON.stringify(command)}:`} init, grant or revoke\n\n${SYNC_SERVER_USAGE}`);
  }
  const wanted = command === 'init' ? 3 : 5;
  if (positionals.length < wanted) throw new ArgumentError(`sync-server ${command}: missing ${['URL', 'WORKSPACE', 'ROLE'].slice(positionals.length - 2, wanted - 2).join(', ')}\n\n${SYNC_SERVER_USAGE}`);
  if (positionals.length > wanted) throw new ArgumentError(`sync-server ${command}: unexpected argument ${JSON.stringify(command === 'init' ? workspace : extra)}`);
  if (values.admin && command !== 'grant') throw new ArgumentError(`--admin: not an option of sync-server ${command}`);
  return {
    command,
    url: valid(syncUrl, url, 'URL'),
    workspace: command === 'init' ? '' : valid(workspaceName, workspace, 'WORKSPACE'),
    role: command === 'init' ? '' : valid(syncRoleName, role, 'ROLE'),
    admin: values.admin === true,
    json: values.json === true,
  };
}

async function init(server: SyncServer, args: Args): Promise<Output> {
  const { version, applied } = await schemaMigrate(server.client);
  if (args.json) return { code: 0, stdout: JSON.stringify({ schemaVersion: version, applied }, null, 2), stderr: '' };
  return { code: 0, stdout: `schema version ${version} (${applied.length > 0 ? `applied: ${applied.join(', ')}` : 'already up to date'})`, stderr: '' };
}

async function grant(server: SyncServer, args: Args): Promise<Output> {
  const granted = await memberGrant(server, args.workspace, args.role, args.admin);
  if (args.json) return { code: 0, stdout: JSON.stringify(granted, null, 2), stderr: '' };
  return { code: 0, stdout: `${args.role} is now ${args.admin ? 'an admin' : 'a member'} of "${args.workspace}"${granted.workspaceCreated ? ' (the workspace was created)' : ''}`, stderr: '' };
}

async function revoke(server: SyncServer, args: Args): Promise<Output> {
  const revoked = await memberRevoke(server, args.workspace, args.role);
  if (args.json) return { code: 0, stdout: JSON.stringify({ workspace: args.workspace, role: args.role, revoked }, null, 2), stderr: '' };
  return { code: 0, stdout: revoked ? `${args.role} is no longer a member of "${args.workspace}"` : `${args.role} was not a member of "${args.workspace}"`, stderr: '' };
}

const COMMANDS = { init, grant, revoke } as const;

/** Run `sync-server …` (argv from the command's name on). */
export async function syncServerRun(argv: readonly string[]): Promise<Output> {
  let args;
  try {
    args = argsOf(argv);
  } catch (e) {
    if (e instanceof ArgumentError) return { code: 2, stdout: '', stderr: e.message };
    throw e;
  }
  if (args === 'help') return { code: 0, stdout: SYNC_SERVER_USAGE, stderr: '' };
  let server: SyncServer | undefined;
  try {
    server = await syncConnect(args.url);
    return await COMMANDS[args.command](server, args);
  } catch (e) {
    if (e instanceof SyncError) return { code: 1, stdout: '', stderr: e.message };
    throw e;
  } finally {
    if (server) await syncClose(server).catch(() => {});
  }
}
