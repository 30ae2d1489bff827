/**
 * A page of the account's history, newest first, read from the incremental engine's replay without walking
 * every event: the calendar's rows and the events other than usages are the replay's marks (a few a month); a
 * usage's row is replayed from the checkpoint before it, only for the usages the page shows. The rows are those
 * of `historyCompute` (the property tests hold them to it), filtered and counted.
 */
import type { IsoDate } from '../units.ts';
import { chargesByRow, historyCharged, stepRow, tallyOf, tallyTake, type HistoryKind, type HistoryRow, type RowDone } from './history.ts';
import { positionWhere, type HistoryMark, type Replay } from './incremental.ts';
import { memberNames } from './members.ts';
import { memberKey } from '../formats/fields.ts';
import { advanceTo, replayStep, usageRunSpent } from './replay.ts';
import { stateClone, type State } from './state.ts';
import { NOBODY } from './usageTags.ts';

export interface HistoryFilter {
  readonly kind?: HistoryKind | undefined;
  /** `YYYY-MM`. */
  readonly month?: string | undefined;
  /** A usage's project; '' for the usages that name none. */
  readonly project?: string | undefined;
  /** Who made a usage (`by`, whatever its case or spaces); '' for the usages that name nobody. */
  readonly by?: string | undefined;
}

export interface HistoryPage {
  /** Newest first. */
  readonly rows: readonly HistoryRow[];
  /** Rows matching the filter. */
  readonly total: number;
  /** Every month with a row (`YYYY-MM`), newest first, and every project and member a usage names. */
  readonly months: readonly string[];
  readonly projects: readonly string[];
  readonly members: readonly string[];
}

/** What the calendar does after the last event, up to `at`: its rows (oldest first) and the state then, whose charges are the history's final list. */
function historyTail(r: Replay, at: IsoDate): { rows: HistoryMark[]; end: State } {
  const end = stateClone(r.tip);
  const rows: HistoryMark[] = [];
  const was = tallyOf(end);
  // Stryker disable next-line EqualityOperator: a cursor on `at` itself is `at`.
  advanceTo(end, end.cursor !== null && end.cursor > at ? end.cursor : at, (date) => {
    const row = stepRow(r.account, end, { kind: 'calendar', date }, was);
    if (row) rows.push({ ...row, pos: r.order.length });
    tallyTake(was, end);
  });
  return { rows, end };
}

/** The replay positions of the events dated in `month` (all of them without one): [from, to). */
function positionsIn(r: Replay, month: string | undefined): { from: number; to: number } {
  if (month === undefined) return { from: 0, to: r.order.length };
  return { from: firstPositionFrom(r, month), to: firstPositionFrom(r, `${month}-32`) };
}

/** The first replay position whose event is dated on or after `date` (a prefix of a date is before every date it starts). */
function firstPositionFrom(r: Replay, date: string): number {
  // Stryker disable next-line EqualityOperator: `date` is a month or a month's day 32, which no event's date equals.
  return positionWhere(r, (d) => d < date);
}

/** Every month an event is dated in, by jumping from one month's first event to the next's. */
function eventMonths(r: Replay): string[] {
  const events = r.account.events;
  const months: string[] = [];
  for (let p = 0; p < r.order.length; ) {
    const month = events[r.order[p]!]!.date.slice(0, 7);
    months.push(month);
    p = firstPositionFrom(r, `${month}-32`);
  }
  return months;
}

function markMatches(m: RowDone, filter: HistoryFilter): boolean {
  return (filter.kind === undefined || m.kind === filter.kind) && (filter.month === undefined || m.date.startsWith(filter.month)) && filter.project === undefined && filter.by === undefined;
}

/** What the page walks over, newest first: a mark (or a tail row), or the usage at a replay position. */
type Item = { readonly mark: HistoryMark } | { readonly usage: number };

/** The page's items and the count of every row the filter lets through. */
interface Found {
  readonly items: readonly Item[];
  readonly total: number;
}

/** The usages in `positions` (no marks among them) with the marks the filter lets through (a kind, a month): the usages counted as the positions the marks leave. */
function markedFound(r: Replay, filter: HistoryFilter, positions: { from: number; to: number }, marks: readonly HistoryMark[], skip: number, take: number): Found {
  let total = 0;
  for (const m of marks) if (markMatches(m, filter)) total++;
  if (filter.kind === undefined || filter.kind === 'usage') {
    let others = 0;
    for (const m of r.marks) if (m.index !== null && m.pos >= positions.from && m.pos < positions.to) others++;
    total += positions.to - positions.from - others;
  }
  return { items: pageItems(r, filter, positions, marks, skip, take), total };
}

/**
 * The usages of the filter's project or member in `positions` (no mark is one), walked back from the newest once
 * over the replay's tags of them (`usageTags.ts`): counted, and the page's taken as they come. Where the replay's
 * counts say how many there are, the walk stops at the page's last.
 */
function usagesFound(r: Replay, filter: HistoryFilter, positions: { from: number; to: number }, skip: number, take: number): Found {
  const none = { items: [], total: 0 };
  if (filter.kind !== undefined && filter.kind !== 'usage') return none;
  const { tags, order } = r;
  const project = filter.project === undefined ? undefined : tags.projects.get(filter.project);
  const member = filter.by === undefined ? undefined : filter.by === '' ? NOBODY : tags.members.get(memberKey(filter.by));
  // A name no usage gives.
  if ((filter.project !== undefined && project === undefined) || (filter.by !== undefined && member === undefined)) return none;
  const known = usagesKnown(r, filter);
  // Stryker disable next-line ConditionalExpression,MethodExpression: a shortcut: walking on counts the usages the replay counted, and takes no more of them.
  const enough = known === undefined ? Infinity : Math.min(known, skip + take);
  const items: Item[] = [];
  let n = 0;
  // Stryker disable next-line EqualityOperator: the same shortcut.
  for (let p = positions.to - 1; p >= positions.from && n < enough; p--) {
    const index = order[p]!;
    if ((project !== undefined && tags.project[index] !== project) || (member !== undefined && tags.member[index] !== member)) continue;
    if (n >= skip && n < skip + take) items.push({ usage: p });
    n++;
  }
  return { items, total: known ?? n };
}

/** How many usages a filter on a project or a member alone lets through, from the replay's counts; undefined when it must be walked (a month, or both). */
function usagesKnown(r: Replay, { project, by, month }: HistoryFilter): number | undefined {
  if (month !== undefined || (project !== undefined && by !== undefined)) return undefined;
  return project !== undefined ? projectCounted(r, project) : membersCounted(r, by!);
}

/** The usages of `project` ('' for those naming none), from the replay's counts of each project. */
function projectCounted(r: Replay, project: string): number {
  if (project !== '') return r.projects.get(project) ?? 0;
  let named = 0;
  for (const n of r.projects.values()) named += n;
  return r.usages - named;
}

/** The usages of member `by` ('' for those naming nobody), from the replay's counts of each name as written. */
function membersCounted(r: Replay, by: string): number {
  let named = 0;
  let theirs = 0;
  for (const [name, n] of r.members) {
    named += n;
    if (memberKey(name) === memberKey(by)) theirs += n;
  }
  return by === '' ? r.usages - named : theirs;
}

/** The items of the page under a filter of no project nor member, newest first: the usages walked back from the end of `positions`, merged with the marks. */
function pageItems(r: Replay, filter: HistoryFilter, positions: { from: number; to: number }, marks: readonly HistoryMark[], skip: number, take: number): Item[] {
  const items: Item[] = [];
  const walkUsages = filter.kind === undefined || filter.kind === 'usage';
  const events = r.account.events;
  let p = positions.to - 1;
  let mi = marks.length - 1;
  let skipped = 0;
  // The next usage's replay position, and the next mark's index: -1 when none is left.
  const nextUsage = () => {
    if (!walkUsages) return -1;
    while (p >= positions.from && events[r.order[p]!]!.type !== 'usage') p--;
    return p >= positions.from ? p : -1;
  };
  const nextMark = () => {
    while (mi >= 0 && !markMatches(marks[mi]!, filter)) mi--;
    return mi;
  };
  while (items.length < take) {
    const u = nextUsage();
    const k = nextMark();
    if (u === -1 && k === -1) break;
    // At one position a calendar step comes before its event: newest first, the event (a usage here) goes first. No usage left (-1) is before every mark.
    const usageFirst = k === -1 || u >= marks[k]!.pos;
    const item: Item = usageFirst ? { usage: u } : { mark: marks[k]! };
    if (usageFirst) p--;
    else mi--;
    if (skipped < skip) skipped++;
    else items.push(item);
  }
  return items;
}

/** A list the replayed steps write each usage's cost into (never the replay's), shared by every page: a step reads only the costs it wrote. */
let scratchCosts = new Float64Array(0);

function costsScratch(length: number): Float64Array {
  if (scratchCosts.length < length) scratchCosts = new Float64Array(length);
  return scratchCosts;
}

/**
 * The rows of the usages at `positions` (ascending), each replayed from the checkpoint before it; a run of a
 * day's usages before the next of them is spent in one step where it can be (`usageRunSpent`), as the replay
 * itself spends them: stepped one by one, they leave the same state.
 */
function usageRows(r: Replay, positions: readonly number[]): Map<number, RowDone> {
  const rows = new Map<number, RowDone>();
  const events = r.account.events;
  const order = r.order;
  const costs = costsScratch(events.length);
  let c = 0;
  for (let i = 0; i < positions.length; ) {
    const want = positions[i]!;
    while (c + 1 < r.checkpoints.length && r.checkpoints[c + 1]!.pos <= want) c++;
    const from = r.checkpoints[c]!;
    const s = stateClone(from.state);
    s.usageCosts = costs;
    const was = tallyOf(s);
    const onStep = () => tallyTake(was, s);
    const nextCheckpoint = r.checkpoints[c + 1]?.pos ?? r.order.length;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a shortcut: replaying on past the next checkpoint reaches the same states, only over the events between the page's usages; past the last position, positions[i] is undefined, below no checkpoint.
    for (let p = from.pos; i < positions.length && positions[i]! < nextCheckpoint; p++) {
      const index = order[p]!;
      const e = events[index]!;
      // p is at most the next page usage's position: a run ends before it.
      let q = p + 1;
      // A known cost is a usage's (the type is read only for the others).
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,UpdateOperator: each only ends the run sooner: a usage's known cost is above 0 and any other event's is NaN.
      if (e.type === 'usage') while (q < positions[i]! && (r.usageCosts[order[q]!]! > 0 || events[order[q]!]!.type === 'usage') && events[order[q]!]!.date === e.date) q++;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: a run stepped usage by usage leaves the same state.
      if (q - p > 1) {
        // Stryker disable next-line ConditionalExpression: a walk to the date the state is on does nothing.
        if (s.cursor !== e.date) advanceTo(s, e.date, onStep);
        // Stryker disable next-line ConditionalExpression: stepped usage by usage, the run leaves the same state.
        if (!usageRunSpent(s, events, order, p, q, r.usageCosts)) for (let k = p; k < q; k++) replayStep(s, events[order[k]!]!, order[k]!);
        p = q - 1;
      } else {
        replayStep(s, e, index, onStep);
        if (p === positions[i]) {
          rows.set(p, stepRow(r.account, s, { kind: 'event', index }, was)!);
          i++;
        }
      }
      tallyTake(was, s);
    }
  }
  return rows;
}

/**
 * The history of the replay's account up to `at` (the last event's date when later), newest first, as the
 * filter lets it through: `limit` rows from the `offset`th, with the count of them all.
 */
export function historyPage(r: Replay, at: IsoDate, filter: HistoryFilter, offset: number, limit: number): HistoryPage {
  const tail = historyTail(r, at);
  const marks = tail.rows.length ? [...r.marks, ...tail.rows] : r.marks;
  const positions = positionsIn(r, filter.month);
  const { items, total } = filter.project === undefined && filter.by === undefined ? markedFound(r, filter, positions, marks, offset, limit) : usagesFound(r, filter, positions, offset, limit);
  const usages = items.flatMap((item) => ('usage' in item ? [item.usage] : [])).sort((a, b) => a - b);
  const replayed = usageRows(r, usages);
  const charges = chargesByRow(tail.end.charges);
  const rows = items.map((item) => historyCharged('usage' in item ? replayed.get(item.usage)! : withoutPos(item.mark), charges));
  const months = new Set(eventMonths(r));
  for (const m of marks) months.add(m.date.slice(0, 7));
  return { rows, total, months: [...months].sort().reverse(), projects: [...r.projects.keys()].sort(), members: memberNames(r.members) };
}

function withoutPos({ pos: _pos, ...row }: HistoryMark): RowDone {
  return row;
}
