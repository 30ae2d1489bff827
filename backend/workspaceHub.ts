/**
 * The workspace hub: one account service per workspace (each its own folder, lock, journal and undo history),
 * opened when a call first names it, and the calls about the workspaces themselves (`workspaceApi`). Every other
 * call goes to the workspace it names (the one open last when it names none), and a state it answers says which
 * workspace it is of, so that a window never shows one workspace's state as another's. The browser mode's server
 * and the desktop shell both serve their windows through it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { ApiReply, AppState, Settings } from '../shared/api.ts';
import { today as systemToday } from '../shared/dates.ts';
import { errorFromIssues, type AppError } from '../shared/errors.ts';
import { folderTip, journalHoldsIn } from '../shared/folderTip.ts';
import { overviewRow, overviewSorted, type OverviewRow } from '../shared/overview.ts';
import type { IsoDate } from '../shared/units.ts';
import { tipView } from '../shared/tipView.ts';
import type { AccountView } from '../shared/view.ts';
import { isWorkspaceCall, workspaceApi, type WorkspaceCall, type WorkspaceOutputs, type WorkspaceReply, type Workspaces } from '../shared/workspaceApi.ts';
import { DELETED_DIR, FIRST_WORKSPACE, nameTaken, workspaceDefault, workspaceEntrySchema, workspaceIdFor, workspacesIn, WORKSPACES_DIR, WORKSPACES_MAX, workspaceSegments, type WorkspaceEntry } from '../shared/workspaces.ts';
import { DIR_MODE, dirSync, realFs } from './durable.ts';
import { HostOpenError, type ServiceClient, type ServiceHost } from './host.ts';
import type { Reply } from './hostProtocol.ts';
import type { PrefsStore } from './prefs.ts';

/** How many workspaces' services stay open besides the one open last: each holds its account in memory. */
export const HOSTS_OPEN = 6;

export interface HubOptions {
  /** The data folder: the first workspace's, and the others' beside it. */
  readonly dataDir: string;
  readonly prefs: PrefsStore;
  /** Open the service of workspace `id` in `dir`; `first`: the first one this run opens (the browser mode refuses to start on a folder another process holds). Rejects with `HostOpenError`. */
  readonly open: (dir: string, first: boolean, id: string) => Promise<ServiceHost>;
  readonly today?: () => IsoDate;
}

/** A workspace's view today and its settings (what the tray shows and warns of), named. */
export interface WorkspaceState {
  readonly id: string;
  readonly name: string;
  readonly view: AccountView | null;
  readonly settings: Settings;
}

/** The view on `at` of the account in `dir` and its settings, from its snapshot's head (shared/folderTip.ts), nothing opened; null when that does not answer. */
function headView(dir: string, at: IsoDate): ReturnType<typeof tipView> {
  const tip = folderTip(realFs, crc32, dir, journalHoldsIn(realFs));
  return tip === null ? null : tipView(tip, at);
}

export interface WorkspaceHub extends ServiceClient {
  /** Today's view and settings of every workspace not archived (the tray's); those that cannot be read are left out. */
  states(): Promise<readonly WorkspaceState[]>;
  /** The workspaces and the one open last. */
  workspaces(): Workspaces;
  /** The service of workspace `id` (the one open last when left out), opened if it is not. */
  host(id?: string): Promise<ServiceHost>;
  /**
   * Open the services of the workspaces not archived (as many as stay open), one after the other, in the background:
   * a switch to one then shows its first screen without waiting for its folder to open.
   */
  warm(): Promise<void>;
  /** The revision of every workspace whose service is open: what a window that connects hears first. */
  revisions(): readonly (readonly [workspace: string, revision: number])[];
  /** Each change to the list, with its revision. Returns the unsubscribe. */
  onList(listener: (revision: number) => void): () => void;
  close(): Promise<void>;
}

interface Opened {
  readonly host: Promise<ServiceHost>;
  /** When a call last named it: the least recent closes first. */
  used: number;
}

/** What a workspace's folder keeps of it while it is deleted: enough to list it again as it was. */
const DELETED_NOTE = 'workspace.json';
const deletedNote = z.object({ entry: workspaceEntrySchema, index: z.number().int().min(0) });

const fail = (message: string, field?: string, code: AppError['code'] = 'invalid-input'): { ok: false; error: AppError } => ({ ok: false, error: field ? errorFromIssues(code, [{ path: field, message }]) : { code, message } });

class RefusedError extends Error {
  constructor(readonly reply: { ok: false; error: AppError }) {
    super(reply.error.message);
  }
}

export function workspaceHub(options: HubOptions): WorkspaceHub {
  const { dataDir, prefs } = options;
  const today = options.today ?? systemToday;
  const opened = new Map<string, Opened>();
  const revisionListeners = new Set<(revision: number, workspace?: string) => void>();
  const listListeners = new Set<(revision: number) => void>();
  const revisions = new Map<string, number>();
  let listRevision = 0;
  let uses = 0;
  let firstOpen = true;
  let closing = false;

  const dirOf = (id: string) => join(dataDir, ...workspaceSegments(id));
  const list = (): WorkspaceEntry[] => workspacesIn(realFs, dataDir);
  function currentOf(entries: readonly WorkspaceEntry[]): string {
    const last = prefs.get('lastWorkspace');
    return entries.some((w) => w.id === last) ? last! : (workspaceDefault(entries)?.id ?? FIRST_WORKSPACE);
  }
  const workspaces = (): Workspaces => {
    const entries = list();
    return { workspaces: entries, current: currentOf(entries), revision: listRevision };
  };

  function listSave(entries: readonly WorkspaceEntry[], current?: string): Workspaces {
    prefs.set('workspaces', [...entries]);
    if (current !== undefined) prefs.set('lastWorkspace', current);
    listRevision += 1;
    for (const l of listListeners) l(listRevision);
    return workspaces();
  }

  /** Close the services used least lately, beyond `HOSTS_OPEN` besides the one open last. */
  function trim(): void {
    const keep = currentOf(list());
    const others = [...opened.entries()].filter(([id]) => id !== keep).sort((a, b) => b[1].used - a[1].used);
    for (const [id] of others.slice(HOSTS_OPEN)) void hostClose(id);
  }

  async function hostClose(id: string): Promise<void> {
    const o = opened.get(id);
    if (!o) return;
    opened.delete(id);
    revisions.delete(id);
    try {
      await (await o.host).close();
    } catch {
      // It never opened: nothing to close.
    }
  }

  /** `entries`: the list as the caller just read it (read here otherwise). */
  function host(id?: string, entries = list()): Promise<ServiceHost> {
    const target = id ?? currentOf(entries);
    if (!entries.some((w) => w.id === target)) return Promise.reject(new RefusedError(fail(`there is no workspace “${target}” (it was deleted, or renamed in another window: reload)`, 'workspace', 'not-found')));
    const known = opened.get(target);
    if (known) {
      known.used = ++uses;
      return known.host;
    }
    const dir = dirOf(target);
    if (target !== FIRST_WORKSPACE) mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    const first = firstOpen;
    firstOpen = false;
    const opening = options.open(dir, first, target).then((h) => {
      revisions.set(target, h.revision());
      h.subscribe((revision) => {
        revisions.set(target, revision);
        for (const l of revisionListeners) l(revision, target);
      });
      for (const l of revisionListeners) l(h.revision(), target);
      return h;
    });
    opened.set(target, { host: opening, used: ++uses });
    opening.catch(() => opened.delete(target));
    trim();
    return opening;
  }

  /** What `ask` answers of workspace `id`'s service (opened if it is not), a state stamped with the workspace. */
  async function served(id: string, ask: (h: ServiceHost) => Promise<Reply>, entries = list()): Promise<Reply> {
    try {
      return stamped(await ask(await host(id, entries)), id);
    } catch (e) {
      if (e instanceof RefusedError) return e.reply;
      if (e instanceof HostOpenError) return { ok: false, error: { code: 'unavailable', message: e.message } };
      throw e;
    }
  }

  /** A state answered for workspace `id` says so. */
  function stamped(reply: Reply, id: string): Reply {
    if (!reply.ok || typeof reply.value !== 'object' || reply.value === null || !('revision' in reply.value) || !('settings' in reply.value)) return reply;
    return { ok: true, value: { ...reply.value, workspace: id } };
  }

  const create = (name: string): WorkspaceOutputs['workspace-create'] => {
    const entries = list();
    const taken = nameTaken(entries, name);
    if (taken) throw new RefusedError(fail(taken.slice('name: '.length), 'name'));
    if (entries.length >= WORKSPACES_MAX) throw new RefusedError(fail(`a data folder holds at most ${WORKSPACES_MAX} workspaces: delete one first`, 'name'));
    const id = workspaceIdFor(name, (candidate) => entries.some((w) => w.id === candidate) || existsSync(dirOf(candidate)));
    mkdirSync(join(dataDir, WORKSPACES_DIR), { recursive: true, mode: DIR_MODE });
    mkdirSync(dirOf(id), { mode: DIR_MODE });
    dirSync(realFs, join(dataDir, WORKSPACES_DIR));
    return { ...listSave([...entries, { id, name, archived: false }], id), created: id };
  };

  function entryOf(entries: readonly WorkspaceEntry[], id: string): WorkspaceEntry {
    const entry = entries.find((w) => w.id === id);
    if (!entry) throw new RefusedError(fail(`there is no workspace “${id}”`, 'id', 'not-found'));
    return entry;
  }

  async function remove(id: string): Promise<WorkspaceOutputs['workspace-delete']> {
    const entries = list();
    const entry = entryOf(entries, id);
    if (id === FIRST_WORKSPACE) throw new RefusedError(fail('the first workspace is the data folder itself and cannot be deleted: archive it to put it away', 'id'));
    await hostClose(id);
    const deleted = `${id}@${Date.now()}`;
    writeFileSync(join(dirOf(id), DELETED_NOTE), JSON.stringify({ entry, index: entries.indexOf(entry) }));
    mkdirSync(join(dataDir, DELETED_DIR), { recursive: true, mode: DIR_MODE });
    renameSync(dirOf(id), join(dataDir, DELETED_DIR, deleted));
    dirSync(realFs, join(dataDir, WORKSPACES_DIR));
    dirSync(realFs, join(dataDir, DELETED_DIR));
    const rest = entries.filter((w) => w.id !== id);
    const current = currentOf(entries) === id ? (workspaceDefault(rest)?.id ?? FIRST_WORKSPACE) : undefined;
    return { ...listSave(rest, current), deleted };
  }

  function restore(deleted: string): WorkspaceOutputs['workspace-restore'] {
    const from = join(dataDir, DELETED_DIR, deleted);
    let note: z.infer<typeof deletedNote>;
    try {
      note = deletedNote.parse(JSON.parse(readFileSync(join(from, DELETED_NOTE), 'utf8')));
    } catch {
      throw new RefusedError(fail('that workspace is no longer among the deleted ones', 'deleted', 'not-found'));
    }
    const entries = list();
    const { entry } = note;
    if (existsSync(dirOf(entry.id))) throw new RefusedError(fail(`a workspace “${entry.id}” exists again: rename it first`, 'deleted'));
    const name = nameTaken(entries, entry.name) ? `${entry.name} (restored)`.slice(0, 64) : entry.name;
    mkdirSync(join(dataDir, WORKSPACES_DIR), { recursive: true, mode: DIR_MODE });
    renameSync(from, dirOf(entry.id));
    unlinkSync(join(dirOf(entry.id), DELETED_NOTE));
    dirSync(realFs, join(dataDir, WORKSPACES_DIR));
    const back = [...entries];
    back.splice(Math.min(note.index, back.length), 0, { ...entry, name });
    return { ...listSave(back), restored: entry.id };
  }

  /** Workspace `w`'s state on `at` from its service, opened if it is not; or why it cannot be read. */
  async function stateOn(w: WorkspaceEntry, at: IsoDate): Promise<{ ok: true; value: AppState } | { ok: false; reason: string }> {
    try {
      const h = await host(w.id);
      const reply = at === today() ? { ok: true as const, value: await h.current() } : ((await h.handle('state-get', { at })) as { ok: true; value: AppState } | { ok: false; error: AppError });
      return reply.ok ? reply : { ok: false, reason: reply.error.message };
    } catch (e) {
      return { ok: false, reason: e instanceof HostOpenError || e instanceof RefusedError ? e.message : String(e) };
    }
  }

  /**
   * The view on `at` and the settings of every workspace not archived, or why one cannot be read. One whose service is
   * not open is read from its snapshot's head, as the command line's `overview` reads it, and stays closed: opening
   * each (their accounts read whole, more than the services kept open) would take seconds. One whose head does not
   * answer is opened.
   */
  function views(at: IsoDate): Promise<{ w: WorkspaceEntry; got: { ok: true; view: AccountView | null; settings: Settings } | { ok: false; reason: string } }[]> {
    return Promise.all(
      list()
        .filter((e) => !e.archived)
        .map(async (w) => {
          const head = opened.has(w.id) ? null : headView(dirOf(w.id), at);
          if (head !== null) return { w, got: { ok: true as const, ...head } };
          const got = await stateOn(w, at);
          return { w, got: got.ok ? { ok: true as const, view: got.value.view, settings: got.value.settings } : got };
        }),
    );
  }

  /** Every workspace not archived on `at`, needing attention first; those with nothing yet, and those that cannot be read, apart. */
  async function overview(at: IsoDate): Promise<WorkspaceOutputs['overview-get']> {
    const read = await views(at);
    const rows: OverviewRow[] = [];
    const empty: WorkspaceOutputs['overview-get']['empty'][number][] = [];
    const unread: WorkspaceOutputs['overview-get']['unread'][number][] = [];
    for (const { w, got } of read) {
      if (!got.ok) unread.push({ id: w.id, name: w.name, reason: got.reason });
      else if (got.view === null || got.view.eventCount === 0) empty.push({ id: w.id, name: w.name });
      else rows.push(overviewRow(w.id, w.name, got.view));
    }
    return { at, rows: overviewSorted(rows), empty, unread };
  }

  async function workspaceCall(name: WorkspaceCall, raw: unknown): Promise<WorkspaceReply<WorkspaceCall>> {
    const parsed = workspaceApi[name].input.safeParse(raw ?? {});
    if (!parsed.success) return { ok: false, error: errorFromIssues('invalid-input', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))) };
    const input = parsed.data as Record<string, unknown>;
    try {
      switch (name) {
        case 'workspaces-get':
          return { ok: true, value: workspaces() };
        case 'workspace-create':
          return { ok: true, value: create(input.name as string) };
        case 'workspace-rename': {
          const entries = list();
          entryOf(entries, input.id as string);
          const taken = nameTaken(entries, input.name as string, input.id as string);
          if (taken) return fail(taken.slice('name: '.length), 'name');
          return { ok: true, value: listSave(entries.map((w) => (w.id === input.id ? { ...w, name: input.name as string } : w))) };
        }
        case 'workspace-archive': {
          const entries = list();
          entryOf(entries, input.id as string);
          return { ok: true, value: listSave(entries.map((w) => (w.id === input.id ? { ...w, archived: input.archived as boolean } : w))) };
        }
        case 'workspace-delete':
          return { ok: true, value: await remove(input.id as string) };
        case 'workspace-restore':
          return { ok: true, value: restore(input.deleted as string) };
        case 'workspace-switch': {
          const entries = list();
          entryOf(entries, input.id as string);
          // Its folder opens (in its own thread) while the list is saved here.
          const shown = served(input.id as string, (h) => h.first(), entries) as Promise<ApiReply<'state-get'>>;
          // Answered below; if the save throws first, its failure is the reply's and this one is not left unheard.
          shown.catch(() => undefined);
          const value = listSave(entries, input.id as string);
          return { ok: true, value: { ...value, shown: await shown } };
        }
        case 'overview-get':
          return { ok: true, value: await overview((input.at as IsoDate | undefined) ?? today()) };
      }
    } catch (e) {
      if (e instanceof RefusedError) return e.reply;
      const code = (e as NodeJS.ErrnoException).code;
      if (typeof code === 'string') return fail(`the data folder could not be changed (${code}): ${(e as Error).message}`, undefined, 'storage');
      throw e;
    }
  }

  return {
    workspaces,
    host,
    states: async () => (await views(today())).flatMap(({ w, got }) => (got.ok ? [{ id: w.id, name: w.name, view: got.view, settings: got.settings }] : [])),
    async warm() {
      const current = currentOf(list());
      for (const w of list().filter((e) => !e.archived && e.id !== current).slice(0, HOSTS_OPEN)) {
        if (closing) return;
        await host(w.id).catch(() => undefined);
      }
    },
    revisions: () => [...revisions.entries()],
    async handle(name, input, workspace) {
      if (closing) return { ok: false, error: { code: 'unavailable', message: 'The app is closing.' } };
      if (isWorkspaceCall(name)) return workspaceCall(name, input);
      const entries = list();
      const id = workspace ?? currentOf(entries);
      return served(id, (h) => h.handle(name, input), entries);
    },
    async current(workspace) {
      const id = workspace ?? currentOf(list());
      return { ...(await (await host(id)).current()), workspace: id };
    },
    subscribe(listener) {
      revisionListeners.add(listener);
      return () => void revisionListeners.delete(listener);
    },
    revision: (workspace) => revisions.get(workspace ?? currentOf(list())) ?? 0,
    onList(listener) {
      listListeners.add(listener);
      return () => void listListeners.delete(listener);
    },
    async close() {
      closing = true;
      await Promise.all([...opened.keys()].map(hostClose));
    },
  };
}

