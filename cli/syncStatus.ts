/**
 * `sync-status --data DIR [--workspace NAME]`: how a workspace's team sync stands, read from its folder and nothing
 * else (its `sync.json` and its data, read-only: safe while the app syncs it). The changes waiting are counted as
 * the app counts them: the ops in flight, and the changes of the data since it was last the team's.
 */
import { syncStateLoad } from '../backend/sync/state.ts';
import type { DataFolderRead } from './dataFolder.ts';
import { outboxPending, outboxView } from '../shared/sync/outbox.ts';

/** FORMATS.md's keys. */
export interface SyncStatusJson {
  readonly linked: boolean;
  /** The workspace's name on the team's server; null when not linked. */
  readonly workspace: string | null;
  readonly pending: number;
  readonly conflicts: number;
  readonly lastSyncAt: string | null;
  /** The server, without its password; null when not linked. */
  readonly server: string | null;
}

/** The sync status of the workspace in `dir`, whose data `read` reads; a string says why it cannot be told (its sync state is damaged). */
export function syncStatusOf(dir: string, read: () => DataFolderRead): SyncStatusJson | string {
  const disk = syncStateLoad(dir, false);
  if (disk.kind === 'none') return { linked: false, workspace: null, pending: 0, conflicts: 0, lastSyncAt: null, server: null };
  if (disk.kind === 'damaged') return `${dir}/sync.json: ${disk.reason}; the app keeps it aside when it next opens the workspace, and the workspace is then no longer linked`;
  const data = read();
  if (!data.ok) return data.error;
  const { state } = disk;
  return { linked: true, workspace: state.link.name, pending: outboxPending(data, state), conflicts: outboxView(state).conflicts.length, lastSyncAt: state.lastSyncAt, server: state.link.server };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What `sync-status` prints without --json. */
export function syncStatusText(s: SyncStatusJson): string {
  if (!s.linked) return 'This workspace is not linked to a team’s server.';
  return [
    `Linked to “${s.workspace}” on ${s.server}.`,
    s.lastSyncAt === null ? 'Not synced yet.' : `Last synced at ${s.lastSyncAt}.`,
    s.pending === 0 ? 'No change waiting.' : `${plural(s.pending, 'change', 'changes')} waiting to be pushed.`,
    s.conflicts === 0 ? 'No conflict.' : `${plural(s.conflicts, 'conflict', 'conflicts')} to settle (History shows both versions).`,
  ].join('\n');
}
