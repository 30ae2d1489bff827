/**
 * Which of a data folder's workspaces a command reads (shared/workspaceList.ts): the one a name selects (its name in
 * any case, spaces around, or its id), else the first one listed that is not archived. It loads no schema library:
 * the fast answers (`balance --data`, `overview`) choose with it before the rest of the command is loaded.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { workspaceDefault, workspaceDir, workspaceFind, workspacesInPlain, type WorkspaceEntry } from '../shared/workspaceList.ts';

export const workspacesFs = { readFileSync, readdirSync, existsSync };

/** The workspaces of `dataDir` when its preferences' list reads without its schema (./workspaces.ts's otherwise); null when only the schema can tell, or the folder cannot be listed. */
export function workspacesPlain(dataDir: string): WorkspaceEntry[] | null {
  try {
    return workspacesInPlain(workspacesFs, dataDir);
  } catch {
    return null;
  }
}

/** The folder of the workspace `name` selects in `list`, the workspaces of `dataDir` (the default one without it), or one line that says why there is none. */
export function workspaceChosen(list: readonly WorkspaceEntry[], dataDir: string, name: string | undefined): { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly error: string } {
  // The list always holds the first workspace: there is a default.
  if (name === undefined) return { ok: true, dir: workspaceDir(dataDir, workspaceDefault(list)!.id) };
  const chosen = workspaceFind(list, name);
  if (chosen !== null) return { ok: true, dir: workspaceDir(dataDir, chosen.id) };
  const known = list.map((w) => `“${w.name}”${w.archived ? ' (archived)' : ''}`).join(', ');
  return { ok: false, error: `--workspace: no workspace called “${name.trim()}” in ${dataDir}; it holds ${known}` };
}
