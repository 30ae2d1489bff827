/** The UI slice: which screen is shown, and the one toast (with its undo) at a time: it goes when its screen does. */
import type { StateCreator } from 'zustand';

export const SCREENS = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'usage', label: 'Usage log' },
  { id: 'history', label: 'History' },
  { id: 'projects', label: 'Projects' },
  { id: 'pipeline', label: 'Pipeline' },
  { id: 'compare', label: 'Compare plans' },
  { id: 'reports', label: 'Reports' },
  { id: 'settings', label: 'Settings' },
  { id: 'about', label: 'About these numbers' },
  { id: 'overview', label: 'All workspaces' },
] as const;

/** The screens Ctrl (⌘) + 1… opens, in the sidebar's order: every workspace's own (all workspaces is Ctrl+Shift+0). */
export const NUMBERED = SCREENS.filter((s) => s.id !== 'overview');

export type ScreenId = (typeof SCREENS)[number]['id'];

export interface Toast {
  readonly message: string;
  readonly undo?: () => Promise<void>;
  /** After an undo: do it again. */
  readonly redo?: () => Promise<void>;
}

export interface UiSlice {
  readonly screen: ScreenId;
  /** The part of the screen to bring into view (an assumption's id on About these numbers), or null for its top. */
  readonly anchor: string | null;
  readonly toast: Toast | null;
  show(screen: ScreenId, anchor?: string): void;
  notify(toast: Toast | null): void;
}

/** The screen the app opens on. */
export const FIRST_SCREEN: ScreenId = 'dashboard';

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  screen: FIRST_SCREEN,
  anchor: null,
  toast: null,
  // Another screen: the toast about this one goes (its change stays undoable with Ctrl+Z and from History).
  show: (screen, anchor) => set((s) => (s.screen === screen ? { anchor: anchor ?? null } : { screen, anchor: anchor ?? null, toast: null })),
  notify: (toast) => set({ toast }),
});
