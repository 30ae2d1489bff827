/**
 * `--data DIR [--workspace NAME]`: which of the data folder's workspaces a command reads, the preferences' list read
 * through its schema (shared/workspaces.ts) and chosen from as ./workspaceChoice.ts says.
 */
import { workspacesIn, type WorkspaceEntry } from '../shared/workspaces.ts';
import { workspaceChosen, workspacesFs } from './workspaceChoice.ts';

/** The workspaces of the data folder `dataDir`, as the app lists them; null when the folder cannot be listed (its read then says why). */
export function workspacesOf(dataDir: string): WorkspaceEntry[] | null {
  try {
    return workspacesIn(workspacesFs, dataDir);
  } catch {
    return null;
  }
}

/** The folder of the workspace `name` selects in `dataDir` (the default one without it), or one line that says why there is none. */
export function workspaceFolder(dataDir: string, name: string | undefined): { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly error: string } {
  const list = workspacesOf(dataDir);
  return list === null ? { ok: true, dir: dataDir } : workspaceChosen(list, dataDir, name);
}
