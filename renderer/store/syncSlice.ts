/**
 * The sync slice: the team sync of the workspace shown, as its service last said (null: not linked). Read at start,
 * again with each revision the page hears (the host says the revision again when only the sync's status changed),
 * and when another workspace is shown.
 */
import type { StateCreator } from 'zustand';
import type { SyncView } from '../../shared/api.ts';
import { onRevision, send } from '../bridge.ts';

export interface SyncSlice {
  readonly sync: SyncView | null;
  /** Read the sync's status now; a failed read leaves it as it is (the server banner says why). */
  syncLoad(): Promise<void>;
  /** Read it now and with each revision heard; returns the stop. */
  syncFollow(): () => void;
}

export const createSyncSlice: StateCreator<SyncSlice, [], [], SyncSlice> = (set, get) => {
  /** Reads answer in the order asked; only the newest asked is shown. */
  let asked = 0;
  return {
    sync: null,
    async syncLoad() {
      const mine = ++asked;
      const reply = await send('sync-get', {});
      if (reply.ok && mine === asked) set({ sync: reply.value });
    },
    syncFollow() {
      void get().syncLoad();
      return onRevision(() => void get().syncLoad());
    },
  };
};
