/** The one renderer store, made of slices. */
import { create } from 'zustand';
import { createAccountSlice, type AccountSlice } from './accountSlice.ts';
import { createHistorySlice, type HistorySlice } from './historySlice.ts';
import { createUiSlice, type UiSlice } from './uiSlice.ts';
import { createSyncSlice, type SyncSlice } from './syncSlice.ts';
import { createUsageSlice, type UsageSlice } from './usageSlice.ts';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspaceSlice.ts';

export type Store = AccountSlice & UiSlice & UsageSlice & HistorySlice & WorkspaceSlice & SyncSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAccountSlice(...a),
  ...createUiSlice(...a),
  ...createUsageSlice(...a),
  ...createHistorySlice(...a),
  ...createWorkspaceSlice(...a),
  ...createSyncSlice(...a),
}));

// Whatever changed the account (a form, undo, another window), its revision moved: the log's rows read so far are stale.
useStore.subscribe((state, before) => {
  if (state.app?.revision !== before.app?.revision) state.listReset();
  // Another workspace shown: its own sync (or none) is read.
  if (state.app?.workspace !== before.app?.workspace) void state.syncLoad();
  // A reply that was on its way replaced a newer state (another window's change, read meanwhile): read it again.
  if (before.app && state.app && state.app.revision < before.app.revision) state.revisionHeard(before.app.revision, false);
});
