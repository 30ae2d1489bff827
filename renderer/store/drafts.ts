/**
 * Half-filled forms, kept per workspace and form in the browser's storage so
 * that switching screens or workspaces, or reloading, loses nothing and shows
 * nothing of one workspace in another; a form clears its draft when it is
 * saved or cancelled. A page that goes away while a form's values are being
 * saved (a reload) keeps no draft of them: the save may well have landed, and
 * the next page reads the account, so the entry is not offered to be typed twice.
 */
import { useEffect } from 'react';
import type { FieldValues, UseFormWatch } from 'react-hook-form';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { workspaceKeyed } from '../../shared/workspaces.ts';
import { workspaceShown } from '../bridge.ts';

interface Drafts {
  readonly drafts: Readonly<Record<string, unknown>>;
  put(key: string, values: unknown): void;
  clear(key: string): void;
}

export const useDrafts = create<Drafts>()(
  persist(
    (set) => ({
      drafts: {},
      put: (key, values) => set((s) => ({ drafts: { ...s.drafts, [key]: values } })),
      clear: (key) => set((s) => ({ drafts: Object.fromEntries(Object.entries(s.drafts).filter(([k]) => k !== key)) })),
    }),
    { name: 'credit-companion-drafts', storage: createJSONStorage(() => localStorage), version: 1 },
  ),
);

/** The drafts (their keys in storage) whose values are being saved now. */
const saving = new Map<string, number>();
/** The page is going away: what its forms do after that is not kept. */
let leaving = false;
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    leaving = true;
    for (const key of saving.keys()) useDrafts.getState().clear(key);
  });
  // Back from the browser's page cache: the page is shown again as it was left.
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) leaving = false;
  });
}

/** Where a form's draft is kept: under the workspace shown (each has its own; the first's where they always were), then the form's key. */
const keyIn = (key: string) => workspaceKeyed(workspaceShown(), key);

/** The draft saved under `key` (undefined: none), to start a form from. */
export function draftOf<T>(key: string): T | undefined {
  return useDrafts.getState().drafts[keyIn(key)] as T | undefined;
}

/** Keep `values` as the draft under `key`. */
export function draftPut(key: string, values: unknown): void {
  if (!leaving) useDrafts.getState().put(keyIn(key), values);
}

/** Runs `save`, the saving of the values drafted under `keys`: a page that goes away before it is answered drops those drafts. */
export async function draftSaving<T>(keys: readonly string[], save: () => Promise<T>): Promise<T> {
  const held = keys.map(keyIn);
  for (const key of held) saving.set(key, (saving.get(key) ?? 0) + 1);
  try {
    return await save();
  } finally {
    for (const key of held) {
      const n = saving.get(key)! - 1;
      if (n === 0) saving.delete(key);
      else saving.set(key, n);
    }
  }
}

/** Keep the form's values as a draft under `key` while it is being filled in (null: no draft, as while editing a saved entry). */
export function useDraft<T extends FieldValues>(key: string | null, watch: UseFormWatch<T>): void {
  useEffect(() => {
    if (key === null) return;
    const sub = watch((values) => draftPut(key, values));
    return () => sub.unsubscribe();
  }, [key, watch]);
}

/** Forget the draft under `key`: the form was saved or cancelled. */
export function draftClear(key: string): void {
  useDrafts.getState().clear(keyIn(key));
}
