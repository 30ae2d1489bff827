/**
 * The op log on the team's server, for a device: push its ops (idempotent), pull the workspace's ops after the last
 * seq it has seen (keyset pages in the server's order), and hear of new ones at once (LISTEN/NOTIFY). The server's
 * row-level security decides what the connection's role may see and write; these calls say it as SyncErrors.
 */
import type pg from 'pg';
import { z } from 'zod';
import { issuesFromZod } from '../../shared/formats/issues.ts';
import { SYNC_PULL_MAX, SYNC_PUSH_MAX, syncOpRowFast, syncOpRowSchema, syncOpSchema, syncSeq, type SyncOp, type SyncOpRow } from '../../shared/formats/syncOp.ts';
import { syncCall, SyncError, type SyncServer } from './connection.ts';

const workspaceId = z.uuid({ error: 'must be a workspace id (a UUID)' });

/** The value, or a SyncError naming the field and the rule. */
function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = issuesFromZod(parsed.error, value)[0]!;
  throw new SyncError('invalid', `${what}${issue.path === '' || issue.path.startsWith('[') ? '' : '.'}${issue.path}: ${issue.message}`);
}

const pushSchema = z
  .array(syncOpSchema)
  .max(SYNC_PUSH_MAX, { error: `must hold at most ${SYNC_PUSH_MAX} ops (push the rest in another batch)` })
  .refine((ops) => new Set(ops.map((op) => op.id)).size === ops.length, { error: 'must hold each op once (two have one id)' });

export interface PushResult {
  /** The ops the server holds now, with their seq: those this push inserted, and those it already held (a repeated push). */
  readonly acked: readonly { readonly id: string; readonly seq: number }[];
  /** Ops refused because another op, different from them, holds their id (never taken for them). */
  readonly reused: readonly string[];
}

/** Push `ops` (at most SYNC_PUSH_MAX, in the order they apply) in one transaction; pushing an op again is a no-op. */
export async function opsPush(server: SyncServer, ops: readonly SyncOp[]): Promise<PushResult> {
  const valid = checked(pushSchema, ops, 'ops');
  if (valid.length === 0) return { acked: [], reused: [] };
  const batch = valid.map((op) => ({ id: op.id, workspace: op.workspace, event_id: op.eventId, kind: op.kind, member: op.member, device: op.device, base: op.base, body: op.body }));
  const { rows } = await syncCall(server.url, () => server.client.query<{ id: string; seq: string | null; status: 'inserted' | 'duplicate' | 'id-reused' }>('select id, seq, status from credit_companion.ops_push($1::jsonb)', [JSON.stringify(batch)]));
  return {
    acked: rows.filter((r) => r.status !== 'id-reused').map((r) => ({ id: r.id, seq: syncSeq.parse(r.seq) })),
    reused: rows.filter((r) => r.status === 'id-reused').map((r) => r.id),
  };
}

/** Throw `not-a-member` unless the connection's role is a member of `workspace`. */
async function memberCheck(server: SyncServer, workspace: string): Promise<void> {
  const { rows } = await syncCall(server.url, () => server.client.query<{ member: boolean }>('select exists (select from credit_companion.members where workspace = $1 and role = current_user) as member', [workspace]));
  if (!rows[0]!.member) throw new SyncError('not-a-member', `role ${server.client.user ?? ''} is not a member of this workspace (any more): its ops can no longer be pulled or pushed`);
}

export interface OpsPage {
  /** The ops after the seq asked for, in the server's order. */
  readonly ops: readonly SyncOpRow[];
  /** The seq the next page starts after: the last op's, or the one asked for when there is none. */
  readonly lastSeq: number;
  /** Whether more ops follow (another page). */
  readonly more: boolean;
}

const rowsSchema = z.array(syncOpRowSchema);

/** A page of at most `limit` of `workspace`'s ops with a seq above `afterSeq`, in seq order (keyset: as fast on the millionth op as on the first). */
export async function opsPull(server: SyncServer, workspace: string, afterSeq: number, limit: number): Promise<OpsPage> {
  checked(workspaceId, workspace, 'workspace');
  checked(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), afterSeq, 'afterSeq');
  checked(z.number().int().min(1).max(SYNC_PULL_MAX), limit, 'limit');
  const { rows } = await syncCall(server.url, () =>
    server.client.query({
      text: `select seq, id, workspace, event_id as "eventId", kind, author, member, device, base, body, created_at as "createdAt"
             from credit_companion.ops_page($1, $2, $3)`,
      values: [workspace, afterSeq, limit + 1],
    }),
  );
  if (rows.length === 0) await memberCheck(server, workspace);
  const page = rows.slice(0, limit).map((r: { createdAt: Date }) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  const fast = page.map(syncOpRowFast);
  const ops = fast.every((op) => op !== null) ? (fast as SyncOpRow[]) : checked(rowsSchema, page, 'the server’s ops');
  return { ops, lastSeq: ops.at(-1)?.seq ?? afterSeq, more: rows.length > limit };
}

/** How far `workspace`'s log goes: its last seq, and how many ops follow `afterSeq` (a first sync's progress). */
export async function opsHead(server: SyncServer, workspace: string, afterSeq = 0): Promise<{ lastSeq: number; waiting: number }> {
  checked(workspaceId, workspace, 'workspace');
  await memberCheck(server, workspace);
  const { rows } = await syncCall(server.url, () =>
    server.client.query<{ last: string | null; waiting: string }>('select max(seq) as last, count(*) filter (where seq > $2) as waiting from credit_companion.ops where workspace = $1', [workspace, afterSeq]),
  );
  return { lastSeq: syncSeq.parse(rows[0]!.last ?? afterSeq), waiting: Number(rows[0]!.waiting) };
}

/** The channel the server notifies `workspace`'s new ops on (./migrations.ts, ops_notify). */
function channelOf(workspace: string): string {
  return `credit_companion_ops_${workspace.replaceAll('-', '')}`;
}

/**
 * Call `onSeq` with the last seq of each commit of ops into `workspace`, by anyone, for as long as the connection
 * stays open; resolves once listening, to the function that stops. A lost connection ends it: poll as well.
 */
export async function opsListen(server: SyncServer, workspace: string, onSeq: (seq: number) => void): Promise<() => Promise<void>> {
  checked(workspaceId, workspace, 'workspace');
  await memberCheck(server, workspace);
  const channel = channelOf(workspace.toLowerCase());
  const heard = (n: pg.Notification) => {
    const seq = syncSeq.safeParse(n.payload);
    if (n.channel === channel && seq.success) onSeq(seq.data);
  };
  server.client.on('notification', heard);
  await syncCall(server.url, () => server.client.query(`listen ${server.client.escapeIdentifier(channel)}`));
  return async () => {
    server.client.off('notification', heard);
    await syncCall(server.url, () => server.client.query(`unlisten ${server.client.escapeIdentifier(channel)}`));
  };
}
