/** The usage log slice: the filter, the page of rows it shows, and the usage being edited. */
import type { StateCreator } from 'zustand';
import type { UsageList, UsageRow } from '../../shared/api.ts';
import type { FeatureId } from '../../shared/catalog/rateCard.ts';
import type { AppError } from '../../shared/errors.ts';
import { send } from '../bridge.ts';

export interface UsageFilter {
  readonly project?: string | undefined;
  readonly feature?: FeatureId | undefined;
  readonly month?: string | undefined;
}

export interface UsageSlice {
  readonly filter: UsageFilter;
  readonly list: UsageList | null;
  readonly listError: AppError | null;
  readonly editing: UsageRow | null;
  setFilter(filter: UsageFilter): void;
  loadList(): Promise<void>;
  edit(row: UsageRow | null): void;
}

export const PAGE = 200;

export const createUsageSlice: StateCreator<UsageSlice, [], [], UsageSlice> = (set, get) => ({
  filter: {},
  list: null,
  listError: null,
  editing: null,
  setFilter(filter) {
    set({ filter });
    void get().loadList();
  },
  async loadList() {
    const reply = await send('usage-list', { ...get().filter, limit: PAGE });
    if (reply.ok) set({ list: reply.value, listError: null });
    else set({ listError: reply.error });
  },
  edit: (row) => set({ editing: row }),
});
