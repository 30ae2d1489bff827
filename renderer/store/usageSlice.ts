/**
 * The usage log slice: the filter, the pages of its rows read so far, the
 * entries still being saved, and the usage being edited.
 *
 * The log reads its rows a page at a time, only the pages on screen. Pages are
 * kept for one filter and one revision of the account: a change to either
 * starts a new generation. When the account changes, the rows read before stay on
 * screen (as `stale`) until the pages on screen are read again, so nothing
 * flickers; when the filter changes, they go at once (they are another list).
 */
import type { StateCreator } from 'zustand';
import type { UsageList, UsageRow } from '../../shared/api.ts';
import type { FeatureId } from '../../shared/catalog/rateCard.ts';
import { memberMatches } from '../../shared/formats/fields.ts';
import type { AccountEvent } from '../../shared/formats/account.ts';
import type { IsoDate } from '../../shared/units.ts';
import type { AppError } from '../../shared/errors.ts';
import { send } from '../bridge.ts';
import type { UsageInput } from '../components/UsageForm/usageValues.ts';
import type { AccountSlice } from './accountSlice.ts';

export interface UsageFilter {
  readonly project?: string | undefined;
  readonly feature?: FeatureId | undefined;
  readonly month?: string | undefined;
  /** A member's name, or '' for the usages that name nobody. */
  readonly by?: string | undefined;
}

/** The filter's totals, from the latest page read. */
export type UsageTotals = Omit<UsageList, 'rows' | 'revision'>;

/** An entry sent and not yet answered: shown at the top of the log, marked as saving. */
export interface PendingUsage extends UsageRow {
  /** The generation whose pages hold it once saved; null while the reply is awaited. */
  readonly savedIn: number | null;
}

export interface UsageSlice {
  readonly filter: UsageFilter;
  readonly list: UsageTotals | null;
  readonly listError: AppError | null;
  /** Rows read for the current filter and account state, by page number. */
  readonly pages: ReadonlyMap<number, readonly UsageRow[]>;
  /** Rows read before the account last changed: shown where a page is not read again yet. */
  readonly stale: ReadonlyMap<number, readonly UsageRow[]>;
  readonly pending: readonly PendingUsage[];
  readonly editing: UsageRow | null;
  /** The account's revision the usage being edited was read at: its save says so, and is refused if another window changed it since. */
  readonly editRevision: number | null;
  setFilter(filter: UsageFilter): void;
  /** The account changed: the rows read are now stale; the pages on screen are read again. */
  listReset(): void;
  /** The pages the log shows now: those not read yet are read (the others are no longer wanted). */
  pagesWant(pages: readonly number[]): void;
  /** Add a usage, shown at once with the cost the form estimated; the error (if any) is returned for the form. */
  usageAdd(input: UsageInput, estimate: Pick<UsageRow, 'credits' | 'freeVideos'>): Promise<AppError | null>;
  /** Delete a usage: gone from the log at once; the error (if any) is returned. Refused if another window changed it since it was read, unless `force`. */
  usageDelete(row: UsageRow, force?: boolean): Promise<{ readonly error: AppError } | { readonly deleted: AccountEvent }>;
  edit(row: UsageRow | null): void;
}

/** Rows a page holds (the backend answers up to 1,000). */
export const PAGE = 100;
/** Pages read at once at most: a fast scroll asks only for where it stops. */
const IN_FLIGHT = 2;

export const createUsageSlice: StateCreator<UsageSlice & AccountSlice, [], [], UsageSlice> = (set, get) => {
  let generation = 0;
  /** The account's revision each row was read at. */
  const readAt = new WeakMap<UsageRow, number>();
  const revisionOf = (row: UsageRow) => readAt.get(row) ?? get().app?.revision ?? 0;
  let wanted: readonly number[] = [];
  const inFlight = new Set<number>();
  let pendingNo = 0;

  const matches = (row: Pick<UsageRow, 'project' | 'feature' | 'date' | 'by'>, filter: UsageFilter) =>
    (filter.project === undefined || (row.project ?? '') === filter.project) &&
    (filter.feature === undefined || row.feature === filter.feature) &&
    (filter.month === undefined || row.date.startsWith(filter.month)) &&
    (filter.by === undefined || memberMatches(row.by, filter.by));

  /** Send the wanted pages not read yet, a few at a time. */
  function pump(): void {
    const { pages } = get();
    for (const page of wanted) {
      if (inFlight.size >= IN_FLIGHT) return;
      if (pages.has(page) || inFlight.has(page)) continue;
      void read(page);
    }
  }

  async function read(page: number): Promise<void> {
    const gen = generation;
    inFlight.add(page);
    const reply = await send('usage-list', { ...get().filter, offset: page * PAGE, limit: PAGE });
    // A reply for another filter or an older account state is of no use now.
    if (gen !== generation) return pump();
    inFlight.delete(page);
    if (!reply.ok) {
      set({ listError: reply.error });
      return;
    }
    const { rows, revision, ...totals } = reply.value;
    for (const row of rows) readAt.set(row, revision);
    const pages = new Map(get().pages).set(page, rows);
    // The same totals as the last page's keep their object: the screen around the list is not drawn again.
    const list = get().list;
    const same = list !== null && JSON.stringify(list) === JSON.stringify(totals);
    set({ list: same ? list : totals, listError: null, pages, pending: get().pending.filter((p) => p.savedIn === null || p.savedIn > gen) });
    pump();
  }

  function restart(keep: boolean): void {
    generation += 1;
    inFlight.clear();
    const { pages, stale } = get();
    set({ stale: keep ? new Map([...stale, ...pages]) : new Map(), pages: new Map(), ...(keep ? {} : { list: null }) });
    pump();
  }

  return {
    filter: {},
    list: null,
    listError: null,
    pages: new Map(),
    stale: new Map(),
    pending: [],
    editing: null,
    editRevision: null,
    setFilter(filter) {
      set({ filter });
      restart(false);
    },
    listReset: () => restart(true),
    pagesWant(pages) {
      wanted = pages;
      pump();
    },
    async usageAdd(input, estimate) {
      pendingNo += 1;
      const id = `pending-${pendingNo}`;
      const row: PendingUsage = { id, date: input.date as IsoDate, feature: input.feature, minutes: input.minutes, seconds: input.seconds, count: input.count, videos: input.videos ?? 1, project: input.project, by: input.by, ...estimate, refused: null, savedIn: null };
      if (matches(row, get().filter)) set({ pending: [row, ...get().pending] });
      const reply = await get().commit('usage-add', input);
      if (!reply.ok) {
        set({ pending: get().pending.filter((p) => p.id !== id) });
        return reply.error;
      }
      // Setting the account started a new generation: the row stays until a page of it is read (or at once, with no log on screen).
      const pending = get().pending;
      set({ pending: wanted.length === 0 ? pending.filter((p) => p.id !== id) : pending.map((p) => (p.id === id ? { ...p, savedIn: generation } : p)) });
      return null;
    },
    async usageDelete(row, force = false) {
      const reply = await get().commit('event-delete', { id: row.id, revision: revisionOf(row), ...(force ? { force } : {}) });
      if (!reply.ok) return { error: reply.error };
      const { deleted } = reply.value;
      // Gone at once from the rows still shown, before its page is read again.
      const stale = new Map([...get().stale].map(([n, rows]) => [n, rows.filter((r) => r.id !== row.id)]));
      set({ stale });
      return { deleted };
    },
    edit: (row) => set({ editing: row, editRevision: row ? revisionOf(row) : null }),
  };
};
