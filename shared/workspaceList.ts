/**
 * Workspaces: the accounts one data folder holds side by side, each with its own event log, projects, settings,
 * journal, snapshot and backups. The first lives in the data folder itself, as the only account always has (a folder
 * of an earlier version opens as it, nothing moved); each other one in `workspaces/<id>/`. Their names, order and
 * which are archived are the app's preferences (`workspaces` in preferences.json); the folders are the truth of what
 * exists: a folder the list does not name is listed again (named by its id), and a listed one whose folder is gone is
 * dropped. Nothing here touches the disk: the backend and the command line read it and pass it in.
 *
 * This module loads no schema library: the command line's fast answers (`balance --data`, `overview`) read the list
 * with it alone. The schemas of a workspace's id, name and list, and the preferences' list read through them, are
 * ./workspaces.ts's (which re-exports all of this).
 */

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
/** The most characters of a workspace's name. */
export const WORKSPACE_NAME_MAX = 64;

/** A workspace's id: its folder's name. Lower-case letters, digits and dashes. */
export const WORKSPACE_ID = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
/** The characters a workspace's name may hold: no control characters. */
// eslint-disable-next-line no-control-regex -- exactly the characters refused.
export const WORKSPACE_NAME_CHARS = /^[^\u0000-\u001f\u007f]*$/;

export interface WorkspaceEntry {
  readonly id: string;
  readonly name: string;
  readonly archived: boolean;
}

/** The folder of workspace `id`, relative to the data folder, as path segments (none: the data folder itself). */
export function workspaceSegments(id: string): readonly string[] {
  return id === FIRST_WORKSPACE ? [] : [WORKSPACES_DIR, id];
}

/**
 * The key something of workspace `id` is kept under in a store shared by the workspaces (the notices shown, the
 * drafts): `key` itself for the first (where a single account kept it, or when no workspace is known yet), else
 * under the workspace's id.
 */
export function workspaceKeyed(id: string | undefined, key: string): string {
  return id === undefined || id === FIRST_WORKSPACE ? key : `${id}/${key}`;
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
  const folders = new Set(disk.folders.filter((f) => f !== FIRST_WORKSPACE && WORKSPACE_ID.test(f)));
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

/** The preferences' `workspaces` in `dataDir` as they are on disk: undefined when the file holds none or does not read. */
export function workspacesListedRaw(fs: WorkspacesFs, dataDir: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(`${dataDir}/${PREFS_FILE}`, 'utf8')) as { workspaces?: unknown } | null)?.workspaces ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A list the schema (./workspaces.ts's `workspaceListSchema`) takes as it is, every name already trimmed: the same
 * list; anything else, null (only the schema then says whether it reads). What this takes the schema takes, equal.
 */
export function workspaceListPlain(value: unknown): WorkspaceEntry[] | null {
  if (!Array.isArray(value) || value.length > WORKSPACES_MAX) return null;
  const plain = (w: unknown): w is WorkspaceEntry => {
    if (typeof w !== 'object' || w === null || Array.isArray(w) || Object.keys(w).length !== 3) return false;
    const { id, name, archived } = w as Record<string, unknown>;
    return typeof id === 'string' && WORKSPACE_ID.test(id) && typeof name === 'string' && name === name.trim() && name.length >= 1 && name.length <= WORKSPACE_NAME_MAX && WORKSPACE_NAME_CHARS.test(name) && typeof archived === 'boolean';
  };
  return value.every(plain) ? (value as WorkspaceEntry[]) : null;
}

/**
 * The workspaces of the data folder `dataDir` as ./workspaces.ts's `workspacesIn` lists them, read without the
 * schema: when the preferences hold no list, or one it takes as it is; null when only the schema can tell.
 */
export function workspacesInPlain(fs: WorkspacesFs, dataDir: string): WorkspaceEntry[] | null {
  const raw = workspacesListedRaw(fs, dataDir);
  const listed = raw === undefined || raw === null ? null : workspaceListPlain(raw);
  if (raw !== undefined && raw !== null && listed === null) return null;
  return workspacesOf(listed, workspacesOnDisk(fs, dataDir));
}

/** The folder of workspace `id` in the data folder `dataDir`. */
export function workspaceDir(dataDir: string, id: string): string {
  return [dataDir, ...workspaceSegments(id)].join('/');
}
