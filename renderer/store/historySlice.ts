/** The history slice: Undo and Redo of any change (the backend keeps each change's inverse), the question a whole-account change asks first, and the toast that offers them. */
import type { StateCreator } from 'zustand';
import type { ChangeEntry } from '../../shared/api.ts';
import type { AccountSlice } from './accountSlice.ts';
import type { UiSlice } from './uiSlice.ts';

/** An undo or redo of a change that replaces the account as a whole, waiting for the user's answer. */
export interface Asking {
  readonly what: 'undo' | 'redo';
  readonly change: ChangeEntry & { readonly whole: NonNullable<ChangeEntry['whole']> };
}

export interface HistorySlice {
  /** The question on screen, if any. */
  readonly asking: Asking | null;
  /** Undo the last change; with `id`, only that change, if it is still the last (a toast's Undo). A whole-account change asks first. */
  undo(id?: number): Promise<void>;
  redo(id?: number): Promise<void>;
  /** The answer to the question asked: yes does it. */
  answer(yes: boolean): Promise<void>;
  /** Tell what the change just made did, with an Undo for exactly that change. */
  notifyChange(message: string): void;
}

export const createHistorySlice: StateCreator<HistorySlice & AccountSlice & UiSlice, [], [], HistorySlice> = (set, get) => {
  /** Undo or redo, asked for (`id`) or the next one; `confirmed`: the user said yes to the question. */
  async function run(what: 'undo' | 'redo', id: number | undefined, confirmed: boolean): Promise<void> {
    const next = get().app?.changes[what];
    if (!confirmed && next?.whole && (id === undefined || id === next.id)) return set({ asking: { what, change: { ...next, whole: next.whole } } });
    const reply = await get().commit(`history-${what}`, { ...(id === undefined ? {} : { id }), ...(confirmed ? { confirm: true as const } : {}) });
    if (!reply.ok) {
      // Another window made a whole change the next one: read it, and ask.
      if (reply.error.field === 'confirm') {
        await get().load();
        const now = get().app?.changes[what];
        if (now?.whole) return set({ asking: { what, change: { ...now, whole: now.whole } } });
      }
      return get().notify({ message: reply.error.message });
    }
    if ('undone' in reply.value) {
      const { undone } = reply.value;
      get().notify({ message: `Undone: ${undone.label}`, redo: () => get().redo(undone.id) });
    } else {
      const { redone } = reply.value;
      get().notify({ message: `Redone: ${redone.label}`, undo: () => get().undo(redone.id) });
    }
  }

  return {
    asking: null,
    undo: (id) => run('undo', id, false),
    redo: (id) => run('redo', id, false),
    async answer(yes) {
      const asking = get().asking;
      set({ asking: null });
      if (yes && asking) await run(asking.what, asking.change.id, true);
    },
    notifyChange(message) {
      const id = get().app?.changes.undo?.id;
      get().notify({ message, ...(id === undefined ? {} : { undo: () => get().undo(id) }) });
    },
  };
};
