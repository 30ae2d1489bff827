/** The UI slice: which screen is shown, and the one toast (with its undo) at a time. */
import type { StateCreator } from 'zustand';

export const SCREENS = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'usage', label: 'Usage log' },
  { id: 'projects', label: 'Projects' },
  { id: 'pipeline', label: 'Pipeline' },
  { id: 'compare', label: 'Compare plans' },
  { id: 'reports', label: 'Reports' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

export interface Toast {
  readonly message: string;
  readonly undo?: () => Promise<void>;
}

export interface UiSlice {
  readonly screen: ScreenId;
  readonly toast: Toast | null;
  show(screen: ScreenId): void;
  notify(toast: Toast | null): void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  screen: 'dashboard',
  toast: null,
  show: (screen) => set({ screen }),
  notify: (toast) => set({ toast }),
});
