/** The usage log: a usage added or edited, and the log listed (a page at a time, filtered, with its totals) or exported as CSV. */
import type { UsageList, UsageRow } from '../../shared/api.ts';
import { eventTitle } from '../../shared/engine/history.ts';
import type { Replay } from '../../shared/engine/incremental.ts';
import { memberKnown } from '../../shared/engine/members.ts';
import { memberMatches } from '../../shared/formats/fields.ts';
import type { RefusalReason } from '../../shared/engine/state.ts';
import { reject } from '../../shared/errors.ts';
import type { AccountEvent, UsageEvent } from '../../shared/formats/account.ts';
import { usageCsv } from '../../shared/formats/usageCsv.ts';
import { creditsOf } from '../../shared/units.ts';
import { FILE_WORDS, refusalText } from '../../shared/wording.ts';
import { eventsEdit, eventSubject } from './events.ts';
import { fresh, mutator, undoable, type Handlers, type Input } from './handlers.ts';
import { eventIndex } from './ops.ts';
import { cacheKey, sessionCached, sessionEventsWith, sessionReplay, type Session } from './session.ts';

/** Which usages to list: by project, feature, month or member. */
type UsageFilter = Input<'usage-csv'>;

/** The usages a filter keeps, newest day first (same-day ones in the order they were entered), with their totals. */
interface UsageSelection {
  readonly indices: Int32Array;
  readonly credits: number;
  readonly freeVideos: number;
}

/**
 * The usage log of a replay: every usage newest day first, the months that have any, why each refused one was
 * refused, and the selections of the filters asked for since (a page of the log is then a slice).
 */
interface UsageLog {
  readonly replay: Replay;
  readonly all: Int32Array;
  readonly months: string[];
  readonly refused: ReadonlyMap<number, RefusalReason>;
  readonly selections: Map<string, UsageSelection>;
}

const USAGE_LOG = cacheKey<UsageLog>('usage log');

function usageLogOf(r: Replay): UsageLog {
  const events = r.account.events;
  const all = new Int32Array(r.usages);
  const months: string[] = [];
  let k = 0;
  // Days from the newest, each day's usages in file order.
  for (let end = r.order.length; end > 0; ) {
    const day = events[r.order[end - 1]!]!.date;
    let start = end - 1;
    while (start > 0 && events[r.order[start - 1]!]!.date === day) start--;
    for (let p = start; p < end; p++) {
      const i = r.order[p]!;
      if (events[i]!.type === 'usage') all[k++] = i;
    }
    const month = day.slice(0, 7);
    if (k > 0 && events[all[k - 1]!]!.date === day && months.at(-1) !== month) months.push(month);
    end = start;
  }
  return { replay: r, all, months, refused: new Map(r.tip.refused.map((x) => [x.index, x.reason])), selections: new Map() };
}

function selectionOf(log: UsageLog, filter: UsageFilter): UsageSelection {
  const events = log.replay.account.events;
  const costs = log.replay.usageCosts;
  const free = log.replay.tip.usageFreeVideos;
  const kept: number[] = [];
  let credits = 0;
  let freeVideos = 0;
  for (const i of log.all) {
    const e = events[i] as UsageEvent;
    if (
      (filter.project !== undefined && (e.project ?? '') !== filter.project) ||
      (filter.feature !== undefined && e.feature !== filter.feature) ||
      (filter.month !== undefined && !e.date.startsWith(filter.month)) ||
      (filter.by !== undefined && !memberMatches(e.by, filter.by))
    )
      continue;
    kept.push(i);
    if (!log.refused.has(i)) credits += costs[i]!;
    freeVideos += free.get(i) ?? 0;
  }
  return { indices: Int32Array.from(kept), credits, freeVideos };
}

/** The usages `filter` keeps, from the log kept for the replay. */
function usageSelect(s: Session, filter: UsageFilter): { log: UsageLog; selection: UsageSelection } {
  const log = sessionCached(s, USAGE_LOG, [], () => usageLogOf(sessionReplay(s)));
  const key = JSON.stringify([filter.project ?? null, filter.feature ?? null, filter.month ?? null, filter.by?.trim().toLowerCase() ?? null]);
  let selection = log.selections.get(key);
  if (!selection) {
    selection = selectionOf(log, filter);
    // A few filters per replay: the log switches between them, each answered from here.
    if (log.selections.size >= 8) log.selections.delete(log.selections.keys().next().value!);
    log.selections.set(key, selection);
  }
  return { log, selection };
}

function usageRow(log: UsageLog, i: number): UsageRow {
  const e = log.replay.account.events[i] as UsageEvent;
  return { id: e.id!, date: e.date, feature: e.feature, minutes: e.minutes, seconds: e.seconds, count: e.count, videos: e.videos ?? 1, project: e.project, by: e.by, credits: creditsOf(log.replay.usageCosts[i]!), freeVideos: log.replay.tip.usageFreeVideos.get(i) ?? 0, refused: log.refused.get(i) ?? null };
}

/** A usage's fields with its member (if any) written as the account knows them: "ana " is the Ana it has. */
function memberWritten<T extends { by?: string | undefined }>(s: Session, fields: T): T {
  return fields.by === undefined ? fields : { ...fields, by: memberKnown(sessionReplay(s).members, fields.by) };
}

function usageAdd(s: Session, input: Input<'usage-add'>) {
  const event: AccountEvent = { type: 'usage', id: s.newId(), ...memberWritten(s, input) };
  return eventsEdit(s, sessionEventsWith(s, event), { op: 'event-add', event }, () => `Added a usage: ${eventTitle(event)}`);
}

function usageEdit(s: Session, { id, revision: _, force: __, ...fields }: Input<'usage-edit'>) {
  const i = eventIndex(s.data, id);
  if (s.data.account.events[i]!.type !== 'usage') reject('invalid-input', 'id', `event ${JSON.stringify(id)} is not a usage`);
  const event: AccountEvent = { type: 'usage', id, ...memberWritten(s, fields) };
  const events = s.data.account.events.slice();
  events[i] = event;
  return eventsEdit(s, events, { op: 'event-replace', id, event }, () => `Changed a usage: ${eventTitle(event)}`);
}

function usageList(s: Session, { offset, limit, ...filter }: Input<'usage-list'>): UsageList {
  const { log, selection } = usageSelect(s, filter);
  const start = offset ?? 0;
  const page = Array.from(selection.indices.subarray(start, start + (limit ?? 200)), (i) => usageRow(log, i));
  return { rows: page, revision: s.store.seq, total: selection.indices.length, totalCredits: creditsOf(selection.credits), totalFreeVideos: selection.freeVideos, months: log.months };
}

function usageCsvGet(s: Session, filter: Input<'usage-csv'>) {
  const { log, selection } = usageSelect(s, filter);
  const rows = Array.from(selection.indices, (i) => {
    const row = usageRow(log, i);
    return { ...row, refused: row.refused && refusalText(row.refused, FILE_WORDS) };
  });
  return { text: usageCsv(rows), fileName: `credit-companion-usage-${s.today()}.csv` };
}

export const usageHandlers: Handlers<'usage-add' | 'usage-edit' | 'usage-list' | 'usage-csv'> = {
  'usage-add': mutator(undoable(usageAdd)),
  'usage-edit': mutator(fresh(eventSubject('this usage'), undoable(usageEdit))),
  'usage-list': usageList,
  'usage-csv': usageCsvGet,
};
