/**
 * The browser mode's `--sync URL --workspace NAME` (FORMATS.md): the data folder's workspace NAME (made when the
 * folder has none of that name) linked to the workspace NAME on the team's server (made there when the role may),
 * and opened first. The link is the workspace folder's (`sync.json`, the password in `sync.password`), so a later
 * start without `--sync` keeps syncing it. A folder already linked to it is only given the password again; a server
 * that cannot be reached leaves the workspace as it is, the app working offline, and says so.
 */
import { workspaceDir, workspaceFind } from '../shared/workspaceList.ts';
import type { PrefsStore } from './prefs.ts';
import { syncClose, syncConnect, SyncError, syncTarget, syncUrl } from './sync/connection.ts';
import { deviceLink } from './sync/device.ts';
import { syncPasswordSave, syncStateLoad } from './sync/state.ts';
import type { WorkspaceHub } from './workspaceHub.ts';

/** Why the server cannot start with these options (exit 2: bad input, 1: the server refused), or null once linked (or left offline, said to `log`). */
export async function webSyncLink(dataDir: string, hub: WorkspaceHub, prefs: PrefsStore, url: string, name: string | undefined, log: (message: string) => void): Promise<{ code: 1 | 2; message: string } | null> {
  const checked = syncUrl.safeParse(url);
  if (!checked.success) return { code: 2, message: `--sync: ${checked.error.issues[0]!.message}` };
  if (name === undefined) return { code: 2, message: '--sync: goes with --workspace NAME (the team workspace to sync)' };
  let entry = workspaceFind(hub.workspaces().workspaces, name);
  if (entry === null) {
    const made = await hub.handle('workspace-create', { name });
    if (!made.ok) return { code: 2, message: `--workspace: ${made.error.message}` };
    entry = workspaceFind(hub.workspaces().workspaces, name)!;
  }
  prefs.set('lastWorkspace', entry.id);
  const dir = workspaceDir(dataDir, entry.id);
  const target = syncTarget(url);
  const disk = syncStateLoad(dir, false);
  if (disk.kind === 'linked') {
    const { link } = disk.state;
    if (syncTarget(link.server) !== target || link.name.toLowerCase() !== name.trim().toLowerCase()) return { code: 2, message: `--workspace: “${entry.name}” is linked to “${link.name}” on ${syncTarget(link.server)} already` };
    syncPasswordSave(dir, decodeURIComponent(new URL(url).password));
    return null;
  }
  try {
    const server = await syncConnect(url);
    try {
      await deviceLink(dir, server, name.trim(), null, 0);
    } finally {
      await syncClose(server).catch(() => {});
    }
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    if (e.code !== 'unreachable') return { code: 1, message: `--sync: ${e.message}` };
    log(`“${entry.name}” is not linked yet: ${e.message}; start again with --sync once the server can be reached`);
  }
  return null;
}
