/**
 * Workspaces (./workspaceList.ts, re-exported here): the schemas of a workspace's id, name and list, and the list
 * the preferences keep read through them.
 */
import { z } from 'zod';
import { WORKSPACE_ID, WORKSPACE_NAME_CHARS, WORKSPACE_NAME_MAX, workspacesListedRaw, workspacesOf, workspacesOnDisk, WORKSPACES_MAX, type WorkspaceEntry, type WorkspacesFs } from './workspaceList.ts';

export * from './workspaceList.ts';

/** A workspace's id: its folder's name. Lower-case letters, digits and dashes. */
export const workspaceId = z.string().regex(WORKSPACE_ID, { error: 'must be lower-case letters, digits and dashes (at most 48)' });

/** A name as the user writes it: trimmed, 1 to 64 characters, no control characters. */
export const workspaceName = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(WORKSPACE_NAME_MAX, { error: `must be at most ${WORKSPACE_NAME_MAX} characters` })
  .regex(WORKSPACE_NAME_CHARS, { error: 'must not hold control characters' });

export const workspaceEntrySchema = z.strictObject({ id: workspaceId, name: workspaceName, archived: z.boolean() });

export const workspaceListSchema = z.array(workspaceEntrySchema).max(WORKSPACES_MAX);

/** The list the preferences in `dataDir` keep; null when there is none, or it does not read (the folders then say). */
export function workspacesListed(fs: WorkspacesFs, dataDir: string): WorkspaceEntry[] | null {
  const parsed = workspaceListSchema.nullable().safeParse(workspacesListedRaw(fs, dataDir) ?? null);
  return parsed.success ? parsed.data : null;
}

/** The workspaces of the data folder `dataDir`, as the app lists them. */
export function workspacesIn(fs: WorkspacesFs, dataDir: string): WorkspaceEntry[] {
  return workspacesOf(workspacesListed(fs, dataDir), workspacesOnDisk(fs, dataDir));
}
