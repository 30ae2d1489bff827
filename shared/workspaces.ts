/**
 * Workspaces: the accounts one data folder holds side by side, each with its own event log, projects, settings,
 * journal, snapshot and backups. The first lives in the data folder itself, as the only account always has (a folder
 * of an earlier version opens as it, nothing moved); each other one in `workspaces/<id>/`. Their names, order and
 * which are archived are the app's preferences (`workspaces` in preferences.json); the folders are the truth of what
 * exists: a folder the list does not name is listed again (named by its id), and a listed one whose folder is gone is
 * dropped. Nothing here touches the disk: the backend and the command line read it and pass it in.
 */
import { z } from 'zod';

/** The first workspace's id: its folder is the data folder itself. */
export const FIRST_WORKSPACE = 'first';
/** Where the other workspaces' folders are, in the data folder. */
export const WORKSPACES_DIR = 'workspaces';
/** Where a deleted workspace's folder is moved (undo moves it back). */
export const DELETED_DIR = 'deleted';
/** What the first workspace is called until it is renamed. */
export const FIRST_NAME = 'My account';
/** The most workspaces one folder lists. */
export const WORKSPACES_MAX = 100;

/** A workspace's id: its folder's name. Lower-case letters, digits and dashes. */
export const workspaceId = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, { error: 'must be lower-case letters, digits and dashes (at most 48)' });

/** A name as the user writes it: trimmed, 1 to 64 characters, no control characters. */
export const workspaceName = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  // eslint-disable-next-line no-control-regex -- exactly the characters refused.
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: 'must not hold control characters' });

export const workspaceEntrySchema = z.strictObject({ id: workspaceId, name: workspaceName, archived: z.boolean() });
export type WorkspaceEntry = z.infer<typeof workspaceEntrySchema>;

export const workspaceListSchema = z.array(workspaceEntrySchema).max(WORKSPACES_MAX);

/** The folder of workspace `id`, relative to the data folder, as path segments (none: the data folder itself). */
export function workspaceSegments(id: string): readonly string[] {
  return id === FIRST_WORKSPACE ? [] : [WORKSPACES_DIR, id];
}

/** How two names compare: trimmed, case folded. */
export function nameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en-US');
}

/** What the data folder holds. */
export interface WorkspacesOnDisk {
  /** The data folder itself holds an account (its store file, or backups of one). */
  readonly first: boolean;
  /** The folders in `workspaces/` whose names are ids. */
  readonly folders: readonly string[];
}

/**
 * The workspaces of a data folder: the listed ones that exist, in their order, then the folders the list does not
 * name (sorted, named by their ids). The first workspace is listed while nothing else exists (a new folder's first
 * run writes into it) or when it is listed, or its folder holds an account.
 */
export function workspacesOf(listed: readonly WorkspaceEntry[] | null, disk: WorkspacesOnDisk): WorkspaceEntry[] {
  const folders = new Set(disk.folders.filter((f) => f !== FIRST_WORKSPACE && workspaceId.safeParse(f).success));
  const exists = (id: string) => (id === FIRST_WORKSPACE ? disk.first : folders.has(id));
  const kept = (listed ?? []).filter((w) => exists(w.id) || (w.id === FIRST_WORKSPACE && listed !== null));
  const named = new Set(kept.map((w) => w.id));
  const found = [...folders].filter((f) => !named.has(f)).sort();
  const list: WorkspaceEntry[] = [...kept, ...found.map((id) => ({ id, name: id, archived: false }))];
  if (!named.has(FIRST_WORKSPACE) && (disk.first || list.length === 0)) list.unshift({ id: FIRST_WORKSPACE, name: FIRST_NAME, archived: false });
  return list.slice(0, WORKSPACES_MAX);
}

/** The workspace a name (any case, spaces around) or an id selects; null when none does. */
export function workspaceFind(list: readonly WorkspaceEntry[], nameOrId: string): WorkspaceEntry | null {
  const key = nameKey(nameOrId);
  return list.find((w) => nameKey(w.name) === key) ?? list.find((w) => w.id === nameOrId.trim()) ?? null;
}

/** The workspace a command reads without `--workspace`: the first one listed that is not archived, else the first. */
export function workspaceDefault(list: readonly WorkspaceEntry[]): WorkspaceEntry | null {
  return list.find((w) => !w.archived) ?? list[0] ?? null;
}

/** Why a name cannot be given to a workspace (another one has it), or null. */
export function nameTaken(list: readonly WorkspaceEntry[], name: string, except?: string): string | null {
  const other = list.find((w) => w.id !== except && nameKey(w.name) === nameKey(name));
  return other ? `name: another workspace is already called “${other.name}”` : null;
}

/** A new workspace's id from its name: its letters and digits, dashes between; a number after it when `taken` has it. */
export function workspaceIdFor(name: string, taken: (id: string) => boolean): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'workspace';
  const base = slug === FIRST_WORKSPACE || slug === WORKSPACES_DIR || slug === DELETED_DIR ? `${slug}-1` : slug;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/** The file calls reading a data folder's workspaces makes (node:fs's). */
export interface WorkspacesFs {
  readFileSync(path: string, encoding: 'utf8'): string;
  readdirSync(path: string, options: { withFileTypes: true }): readonly { readonly name: string; isDirectory(): boolean }[];
  existsSync(path: string): boolean;
}

/** The preferences file the list is kept in (backend/prefs.ts writes it with conf). */
export const PREFS_FILE = 'preferences.json';

/** Whether a folder holds an account: its store file, or backups of one (it is then recovered on opening). */
export function holdsAccount(fs: WorkspacesFs, dir: string): boolean {
  return fs.existsSync(`${dir}/account.json`) || fs.existsSync(`${dir}/backups`);
}

/** The list the preferences in `dataDir` keep; null when there is none, or it does not read (the folders then say). */
export function workspacesListed(fs: WorkspacesFs, dataDir: string): WorkspaceEntry[] | null {
  try {
    const prefs = JSON.parse(fs.readFileSync(`${dataDir}/${PREFS_FILE}`, 'utf8')) as { workspaces?: unknown };
    const parsed = workspaceListSchema.nullable().safeParse(prefs.workspaces ?? null);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What the data folder `dataDir` holds of workspaces. */
export function workspacesOnDisk(fs: WorkspacesFs, dataDir: string): WorkspacesOnDisk {
  let folders: string[] = [];
  try {
    folders = fs
      .readdirSync(`${dataDir}/${WORKSPACES_DIR}`, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch (e) {
    // None yet; or the data folder is no folder at all, which opening it says.
    const code = (e as { code?: unknown }).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
  }
  return { first: holdsAccount(fs, dataDir), folders };
}

/** The workspaces of the data folder `dataDir`, as the app lists them. */
export function workspacesIn(fs: WorkspacesFs, dataDir: string): WorkspaceEntry[] {
  return workspacesOf(workspacesListed(fs, dataDir), workspacesOnDisk(fs, dataDir));
}

/** The folder of workspace `id` in the data folder `dataDir`. */
export function workspaceDir(dataDir: string, id: string): string {
  return [dataDir, ...workspaceSegments(id)].join('/');
}
