/** The history slice: Undo and Redo of any change (the backend keeps each change's inverse), and the toast that offers them. */
import type { StateCreator } from 'zustand';
import type { AppState } from '../../shared/api.ts';
import { send } from '../bridge.ts';
import type { AccountSlice } from './accountSlice.ts';
import type { UiSlice } from './uiSlice.ts';

export interface HistorySlice {
  /** Undo the last change; with `id`, only that change, if it is still the last (a toast's Undo). */
  undo(id?: number): Promise<void>;
  redo(id?: number): Promise<void>;
  /** Tell what the change just made did, with an Undo for exactly that change. */
  notifyChange(message: string): void;
}

export const createHistorySlice: StateCreator<HistorySlice & AccountSlice & UiSlice, [], [], HistorySlice> = (set, get) => ({
  async undo(id) {
    const reply = await send('history-undo', id === undefined ? {} : { id });
    if (!reply.ok) return get().notify({ message: reply.error.message });
    const { undone, ...app } = reply.value;
    set({ app: app as AppState });
    get().notify({ message: `Undone: ${undone.label}`, redo: () => get().redo(undone.id) });
  },
  async redo(id) {
    const reply = await send('history-redo', id === undefined ? {} : { id });
    if (!reply.ok) return get().notify({ message: reply.error.message });
    const { redone, ...app } = reply.value;
    set({ app: app as AppState });
    get().notify({ message: `Redone: ${redone.label}`, undo: () => get().undo(redone.id) });
  },
  notifyChange(message) {
    const id = get().app?.changes.undo?.id;
    get().notify({ message, ...(id === undefined ? {} : { undo: () => get().undo(id) }) });
  },
});
