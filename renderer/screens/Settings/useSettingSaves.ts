/**
 * The changes Settings' controls make, one after another, each from the revision
 * the one before left; a change refused because another window changed the same
 * thing since is kept with how to make it anyway.
 */
import { useRef, useState } from 'react';
import type { HandlerInput, Settings as SettingsData } from '../../../shared/api.ts';
import type { AppError } from '../../../shared/errors.ts';
import { isStale } from '../../components/Conflict/Conflict.tsx';
import { useStore } from '../../store/store.ts';

export type Section = 'preferences' | 'prices' | 'free';

export function useSettingSaves() {
  const change = useStore((s) => s.change);
  const notify = useStore((s) => s.notify);
  /** A change refused because another window changed the same thing since this one showed it: where, and how to make it anyway. */
  const [stale, setStale] = useState<{ readonly section: Section; readonly error: AppError; readonly overwrite: () => Promise<void> } | null>(null);
  /**
   * Changes made by the controls, one after another, each from the revision the one before left: typing 12 saves 1
   * and then 12, and the second must not be refused as stale because of the first.
   */
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inTurn = (save: (revision: number) => Promise<void>) => (queue.current = queue.current.then(() => save(useStore.getState().app!.revision)));

  /** Settings changed by one control; a failure other than a stale save (a full disk, a read-only folder) is shown as a toast. */
  const update = (settings: Partial<SettingsData>, force = false): Promise<void> =>
    inTurn(async (revision) => {
      const err = await change('settings-update', { ...settings, revision, ...(force ? { force } : {}) });
      setStale(isStale(err, 'settings') ? { section: 'preferences', error: err, overwrite: () => update(settings, true) } : null);
      if (err && !isStale(err, 'settings')) notify({ message: err.message });
    });

  /** A catalog change made by a single control, likewise. */
  const updateCatalog = (input: HandlerInput<'catalog-update'>, section: Exclude<Section, 'preferences'>, force = false): Promise<void> =>
    inTurn(async (revision) => {
      const err = await change('catalog-update', { ...input, revision, ...(force ? { force } : {}) });
      setStale(isStale(err, 'catalog') ? { section, error: err, overwrite: () => updateCatalog(input, section, true) } : null);
      if (err && !isStale(err, 'catalog')) notify({ message: err.message });
    });

  return { stale, setStale, update, updateCatalog };
}

export type SettingSaves = ReturnType<typeof useSettingSaves>;
