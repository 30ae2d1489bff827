/**
 * The workspace slice: the workspaces, the one this window shows, and moving between them. Each workspace keeps its
 * own state in this window (its account as last read, its screen, the log's filter, the usage being edited) while
 * another is shown, so that coming back finds it as it was left, at once, and read again behind it; its drafts are
 * kept under its own name (drafts.ts) and its undo history in its own service. Nothing of one shows in another.
 */
import type { StateCreator } from 'zustand';
import type { AppError } from '../../shared/errors.ts';
import type { WorkspaceReply, Workspaces } from '../../shared/workspaceApi.ts';
import { onWorkspacesChanged, sendWorkspace, workspaceShown, workspaceUse } from '../bridge.ts';
import type { AccountSlice } from './accountSlice.ts';
import type { HistorySlice } from './historySlice.ts';
import { FIRST_SCREEN, type UiSlice } from './uiSlice.ts';
import type { UsageSlice } from './usageSlice.ts';

export interface WorkspaceSlice {
  readonly workspaces: Workspaces | null;
  /** Read the list again (at start, and when another window changed it). */
  workspacesLoad(): Promise<void>;
  /** Read the list now and whenever another window changes it; returns the stop. */
  workspacesFollow(): () => void;
  /** Every workspace not archived, needing attention first (read, nothing kept). */
  overviewRead(): Promise<WorkspaceReply<'overview-get'>>;
  /** Show workspace `id`: its state as this window left it, read again. */
  workspaceSwitch(id: string): Promise<void>;
  /** A new workspace, shown at once (its first-run screen). */
  workspaceCreate(name: string): Promise<AppError | null>;
  /** A new workspace named `name` holding the account file `text` (its projects too), shown at once: the one shown before is left as it was. */
  workspaceImport(name: string, text: string): Promise<AppError | null>;
  workspaceRename(id: string, name: string): Promise<AppError | null>;
  workspaceArchive(id: string, archived: boolean): Promise<AppError | null>;
  /** Delete it (the user was asked): a toast offers to bring it back. */
  workspaceDelete(id: string): Promise<AppError | null>;
}

type Store = WorkspaceSlice & AccountSlice & UiSlice & UsageSlice & HistorySlice;

/** What each workspace keeps of this window's state while another is shown, and what one never shown starts with. */
type Kept = Pick<Store, 'app' | 'loadError' | 'screen' | 'anchor' | 'filter' | 'editing' | 'editRevision'>;
const fresh = (): Kept => ({ app: null, loadError: null, screen: FIRST_SCREEN, anchor: null, filter: {}, editing: null, editRevision: null });

export const createWorkspaceSlice: StateCreator<Store, [], [], WorkspaceSlice> = (set, get) => {
  const kept = new Map<string, Kept>();

  /** The list a reply brought, newer than the one shown. */
  const listed = (w: Workspaces) => {
    const shown = get().workspaces;
    if (!shown || w.revision >= shown.revision) set({ workspaces: w });
  };

  /** An undo from a message: what failed is said in its place. */
  async function undone(did: Promise<AppError | null>): Promise<void> {
    const failed = await did;
    if (failed) get().notify({ message: failed.message });
  }

  async function change(reply: Promise<{ ok: true; value: Workspaces } | { ok: false; error: AppError }>): Promise<AppError | null> {
    const r = await reply;
    if (!r.ok) return r.error;
    listed(r.value);
    return null;
  }

  return {
    workspaces: null,
    async workspacesLoad() {
      const r = await sendWorkspace('workspaces-get', {});
      if (!r.ok) return;
      listed(r.value);
      // The workspace this window showed is gone (deleted in another window): show the one open last.
      const shown = workspaceShown();
      if (shown !== undefined && !r.value.workspaces.some((w) => w.id === shown)) await get().workspaceSwitch(r.value.current);
    },
    workspacesFollow() {
      void get().workspacesLoad();
      return onWorkspacesChanged(() => void get().workspacesLoad());
    },
    overviewRead: () => sendWorkspace('overview-get', {}),
    async workspaceSwitch(id) {
      const from = workspaceShown();
      if (from === id) return;
      const s = get();
      if (from !== undefined) kept.set(from, { app: s.app, loadError: s.loadError, screen: s.screen, anchor: s.anchor, filter: s.filter, editing: s.editing, editRevision: s.editRevision });
      workspaceUse(id);
      // The overview is of every workspace: it stays on screen while the one behind it changes.
      set({ ...fresh(), ...kept.get(id), ...(s.screen === 'overview' ? { screen: 'overview' as const } : {}), toast: null, asking: null });
      get().listReset();
      const r = await sendWorkspace('workspace-switch', { id });
      // The window moved on meanwhile: what the reply brought is kept for this workspace (its notices with it), not shown.
      if (workspaceShown() !== id) {
        if (r.ok && r.value.shown.ok) kept.set(id, { ...fresh(), ...kept.get(id), app: r.value.shown.value, loadError: null });
        return;
      }
      if (!r.ok) return get().load();
      const { shown, ...list } = r.value;
      listed(list);
      await get().load(shown);
    },
    async workspaceCreate(name) {
      const r = await sendWorkspace('workspace-create', { name });
      if (!r.ok) return r.error;
      listed(r.value);
      await get().workspaceSwitch(r.value.created);
      return null;
    },
    async workspaceImport(name, text) {
      const from = workspaceShown();
      const failed = await get().workspaceCreate(name);
      if (failed) return failed;
      const created = workspaceShown()!;
      const reply = await get().commit('account-import', { text, projects: 'file' });
      if (reply.ok) return null;
      // Not imported (a full disk): the workspace made for it goes, the one shown before comes back, and the message says why (the dialog is gone).
      if (from !== undefined) await get().workspaceSwitch(from);
      const removed = await sendWorkspace('workspace-delete', { id: created, confirm: 'delete' });
      if (removed.ok) listed(removed.value);
      get().notify({ message: `Not imported: ${reply.error.message}` });
      return reply.error;
    },
    async workspaceRename(id, name) {
      const was = get().workspaces?.workspaces.find((w) => w.id === id)?.name;
      const failed = await change(sendWorkspace('workspace-rename', { id, name }));
      if (failed || was === undefined) return failed;
      get().notify({ message: `Renamed “${was}” to “${name.trim()}”`, undo: () => undone(get().workspaceRename(id, was)) });
      return null;
    },
    async workspaceArchive(id, archived) {
      const name = get().workspaces?.workspaces.find((w) => w.id === id)?.name ?? id;
      const failed = await change(sendWorkspace('workspace-archive', { id, archived }));
      if (failed) return failed;
      get().notify({ message: `${archived ? 'Archived' : 'Brought back'} “${name}”`, undo: () => undone(get().workspaceArchive(id, !archived)) });
      return null;
    },
    async workspaceDelete(id) {
      const name = get().workspaces?.workspaces.find((w) => w.id === id)?.name ?? id;
      const r = await sendWorkspace('workspace-delete', { id, confirm: 'delete' });
      if (!r.ok) return r.error;
      listed(r.value);
      kept.delete(id);
      if (workspaceShown() === id) await get().workspaceSwitch(r.value.current);
      const { deleted } = r.value;
      get().notify({
        message: `Deleted the workspace “${name}”`,
        undo: async () => {
          const back = await sendWorkspace('workspace-restore', { deleted });
          if (!back.ok) return get().notify({ message: back.error.message });
          listed(back.value);
          get().notify({ message: `Brought back “${name}”` });
        },
      });
      return null;
    },
  };
};
