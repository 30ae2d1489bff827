/**
 * `--data DIR [--workspace NAME]`: which of the data folder's workspaces a command reads (shared/workspaces.ts): the
 * one NAME names (its name in any case, spaces around, or its id), else the first one listed that is not archived.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { workspaceDefault, workspaceDir, workspaceFind, workspacesIn, type WorkspaceEntry } from '../shared/workspaces.ts';

const fs = { readFileSync, readdirSync, existsSync };

/** The workspaces of the data folder `dataDir`, as the app lists them; null when the folder cannot be listed (its read then says why). */
export function workspacesOf(dataDir: string): WorkspaceEntry[] | null {
  try {
    return workspacesIn(fs, dataDir);
  } catch {
    return null;
  }
}

/** The folder of the workspace `name` selects in `dataDir` (the default one without it), or one line that says why there is none. */
export function workspaceFolder(dataDir: string, name: string | undefined): { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly error: string } {
  const list = workspacesOf(dataDir);
  if (list === null) return { ok: true, dir: dataDir };
  // The list always holds the first workspace: there is a default.
  if (name === undefined) return { ok: true, dir: workspaceDir(dataDir, workspaceDefault(list)!.id) };
  const chosen = workspaceFind(list, name);
  if (chosen !== null) return { ok: true, dir: workspaceDir(dataDir, chosen.id) };
  const known = list.map((w) => `“${w.name}”${w.archived ? ' (archived)' : ''}`).join(', ');
  return { ok: false, error: `--workspace: no workspace called “${name.trim()}” in ${dataDir}; it holds ${known}` };
}
