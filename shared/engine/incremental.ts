/**
 * The incremental engine: an account's replay kept between changes, so that a
 * change replays only from the last point it leaves untouched.
 *
 * A `Replay` holds the state after every event (the tip) and copies of the
 * state taken every few thousand events along the replay order (checkpoints).
 * `replayUpdate` finds the first place in the replay order where the new
 * account differs from the old one, resumes from the checkpoint before it (or
 * from the tip, for an entry at the end) and replays the rest: the steps are
 * exactly those of a full replay (`replayState`), from a state equal to the
 * one a full replay has at that point, so the result is the same. An edit in
 * place stops replaying where it meets the old replay again (meet.ts) and takes
 * the rest from it, with what the edit changed added. The property tests hold
 * it to that on random histories and random edits.
 *
 * A replay never changes: an update makes a new one and shares with the old
 * one only what neither changes, so a change the engine refuses leaves the
 * previous replay as it was.
 */
import type { Account, AccountEvent } from '../formats/account.ts';
import type { RateCard } from '../catalog/rateCard.ts';
import type { IsoDate } from '../units.ts';
import { advanceTo, catalogOf, firstMustSubscribe, replayOrder, replayStep, usageRunSpent } from './replay.ts';
import { dayTotalsNew } from './days.ts';
import { stepRow, tallyOf, tallyTake, type RowDone } from './history.ts';
import { stateDelta, stateMet, statesMeet } from './meet.ts';
import { stateClone, stateNew, type State } from './state.ts';
import { usageTagsFill, type UsageTags } from './usageTags.ts';

/** A copy of the state after the events at replay positions [0, pos). */
export interface Checkpoint {
  readonly pos: number;
  readonly state: State;
}

export interface Replay {
  readonly account: Account;
  /** File indices in the order the events apply: by date, file order within a day. */
  readonly order: Int32Array;
  /** What each usage cost, by file index (NaN for other events). */
  readonly usageCosts: Float64Array;
  /** The state after every event, at the last event's date. Read only: `replayStateAt` gives a copy to work on. */
  readonly tip: State;
  /** Sorted by position; the first is the empty state at 0. */
  readonly checkpoints: readonly Checkpoint[];
  /** Usage events in the file, and how many each project has, and each member by the name as written (`by`; future-dated ones too). */
  readonly usages: number;
  readonly projects: ReadonlyMap<string, number>;
  readonly members: ReadonlyMap<string, number>;
  /** The history's rows of every calendar step and every event but a usage, in replay order (a few per month): see `HistoryMark`. */
  readonly marks: readonly HistoryMark[];
  /** Each usage's project and member as numbers, by file index: what History's filters walk (`usageTags.ts`). */
  readonly tags: UsageTags;
  readonly card: RateCard | undefined;
}

/**
 * A history row the replay keeps as it goes (`historyPage` reads the usages' own from the checkpoints), with its
 * replay position: an event's own, or for a calendar step the position of the event it came before.
 */
export type HistoryMark = RowDone & { readonly pos: number };

/**
 * Positions between checkpoints: a resumed replay runs at most this many events before the first one a change
 * touches. A power of two, 1/128th to 1/64th of the events past 262,144: it changes only when their number doubles, and
 * then the checkpoints at multiples of the new spacing are kept.
 */
export function checkpointEvery(events: number): number {
  return Math.max(2048, 2 ** Math.ceil(Math.log2(Math.max(1, events) / 128)));
}

/**
 * The replay order and the costs grow in place at an append: each is a view of the first items of a larger buffer,
 * and `claimed` says how many items of a buffer some view holds. A view that holds them all may be extended into the
 * room after them; the views already made never see it, so every replay stays as it was made.
 */
const claimed = new WeakMap<ArrayBufferLike, number>();

function roomFor(length: number): number {
  return length + Math.max(1024, length >> 3);
}

/** A list of Int32 with room to grow: the replay order, the usages' tags. */
function int32sNew(length: number): Int32Array {
  const order = new Int32Array(new ArrayBuffer(roomFor(length) * Int32Array.BYTES_PER_ELEMENT), 0, length);
  claimed.set(order.buffer, length);
  return order;
}

function costsNew(length: number): Float64Array {
  const costs = new Float64Array(new ArrayBuffer(roomFor(length) * Float64Array.BYTES_PER_ELEMENT), 0, length);
  claimed.set(costs.buffer, length);
  return costs;
}

/** `prev` with `more` items after it, in the room after it when no other view has taken that room; null when it cannot. */
function extended<T extends Int32Array | Float64Array>(prev: T, more: number, make: (buffer: ArrayBufferLike, length: number) => T): T | null {
  const length = prev.length + more;
  // Stryker disable next-line ConditionalExpression: every view the engine makes begins its buffer (int32sNew, costsNew); this keeps it so.
  if (prev.byteOffset !== 0) return null;
  // Stryker disable next-line EqualityOperator: a view that would fill its buffer exactly gets a new one instead, to the same results.
  if (claimed.get(prev.buffer) !== prev.length || length * prev.BYTES_PER_ELEMENT > prev.buffer.byteLength) return null;
  claimed.set(prev.buffer, length);
  return make(prev.buffer, length);
}

/** Give the room a view took back to the one it grew from, `length` long (the view is thrown away). */
function roomGiveBack(view: Int32Array | Float64Array, length: number): void {
  // Stryker disable next-line ConditionalExpression: a view gives its room back as soon as it is made, before any other can claim it.
  if (claimed.get(view.buffer) === view.length) claimed.set(view.buffer, length);
}

export interface UpdateOptions {
  /** Hears how many of the events to replay are done. */
  readonly progress?: Progress | undefined;
  /** A replay to look at, not to keep (a preview): it takes none of the room the next entry would grow into. */
  readonly preview?: boolean | undefined;
}

/** The same prices, quota and rounding: the same objects, or (an account read again) the same values. */
function sameCatalog(a: Account, b: Account): boolean {
  // Stryker disable next-line ConditionalExpression: the same objects have the same JSON; comparing them first only spares writing it.
  const same = (x: unknown, y: unknown) => x === y || JSON.stringify(x) === JSON.stringify(y);
  return a.rounding === b.rounding && same(a.proTiers, b.proTiers) && same(a.freeQuota, b.freeQuota);
}

/** Whether event `a` is dated before event `b`. */
function before(events: readonly AccountEvent[], a: number, b: number): boolean {
  return events[a]!.date < events[b]!.date;
}

/** Where event `index` of `events` goes in `order` (sorted as replayOrder sorts): how many entries of `order[0, length)` come before it. */
function positionOf(order: Int32Array, length: number, events: readonly AccountEvent[], index: number): number {
  const date = events[index]!.date;
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const j = order[mid]!;
    const d = events[j]!.date;
    if (d < date || (d === date && j < index)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether events [from, to) of `after` are each on the date of the one they replace in `before`. */
function datesKept(before: readonly AccountEvent[], after: readonly AccountEvent[], from: number, to: number): boolean {
  // Stryker disable next-line ConditionalExpression: saying dates moved when they did not only replays more, to the same results.
  for (let i = from; i < to; i++) if (before[i]!.date !== after[i]!.date) return false;
  return true;
}

/**
 * Where a resumed replay may meet the previous one (`prev`, of as many events) again: from position `from` on,
 * the order is `prev`'s and holds no event the edit changed. `resume`: the state both went on from.
 */
interface Meeting {
  readonly prev: Replay;
  readonly from: number;
  readonly resume: State;
}

/** The first position from which `order` is `prev` (as long) and holds none of the events an edit changed (file indices [start, end)). */
function meetingFrom(prev: Int32Array, order: Int32Array, start: number, end: number): number {
  let from = order.length;
  // Stryker disable next-line EqualityOperator: one more turn at 0 reads no event and gives -1; from 0 or -1 alike, a meeting may come anywhere.
  while (from > 0) {
    const index = order[from - 1]!;
    if (index !== prev[from - 1] || (index >= start && index < end)) break;
    from--;
  }
  return from;
}

/**
 * The new replay order from the old one, and the first position where the two
 * differ. The file changed in [prefix, end - suffix) only: the events outside
 * it keep their relative order (their indices shifted past it), the changed
 * part's events are sorted and merged in. The first difference is the earliest
 * of: a removed event's old place, an added event's new place, and the place of
 * the first event whose index shifted.
 */
function orderAfter(prev: Int32Array, oldEvents: readonly AccountEvent[], events: readonly AccountEvent[], prefix: number, suffix: number, grow: boolean): { order: Int32Array; first: number } {
  const n = prev.length;
  const shift = events.length - n;
  const oldEnd = n - suffix;
  // From n, also for fewer events: k removed from k places of [0, n), the first at most n - k <= events.length.
  let first = n;
  for (let i = prefix; i < oldEnd; i++) first = Math.min(first, positionOf(prev, n, oldEvents, i));
  // The events after the change in the file have new indices: where the first of them stands is a difference too.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: with none after the change (suffix 0, an entry at the end) no index reaches oldEnd, and the loop would only pass over the whole order to find that.
  const after = suffix > 0;
  if (shift !== 0 && after) {
    // Stryker disable next-line EqualityOperator: at p = first, taking first = p changes nothing.
    for (let p = 0; p < first; p++) {
      if (prev[p]! >= oldEnd) {
        first = p;
        break;
      }
    }
  }
  // Events changed in place, each on its date: the order stands as it is (shared: no replay changes it).
  if (shift === 0 && datesKept(oldEvents, events, prefix, oldEnd)) return { order: prev, first };
  let kept = prev;
  // Events only added at the end (no event removed nor after them: here the order changed, so some were added) shift nothing: the old order stands as it is.
  if (oldEnd > prefix || suffix > 0) {
    kept = new Int32Array(n - (oldEnd - prefix));
    let k = 0;
    for (const index of prev) {
      if (index < prefix) kept[k++] = index;
      else if (index >= oldEnd) kept[k++] = index + shift;
    }
  }
  const added: number[] = [];
  for (let i = prefix; i < events.length - suffix; i++) added.push(i);
  // By date (-1, 1 or 0); the sort is stable, and `added` is in file order: events of one date stay in it, as replayOrder puts them.
  added.sort((a, b) => (before(events, a, b) ? -1 : Number(before(events, b, a))));
  // An entry after every other event goes at the end: in the room after the old order, when it is free.
  if (grow && kept === prev && positionOf(kept, kept.length, events, added[0]!) === kept.length) {
    const order = extended(prev, added.length, (buffer, length) => new Int32Array(buffer, 0, length));
    if (order) {
      order.set(added, n);
      return { order, first };
    }
  }
  const order = int32sNew(events.length);
  let from = 0;
  let k = 0;
  for (const a of added) {
    const at = positionOf(kept, kept.length, events, a);
    order.set(kept.subarray(from, at), k);
    k += at - from;
    from = at;
    first = Math.min(first, k);
    order[k++] = a;
  }
  order.set(kept.subarray(from), k);
  return { order, first };
}

/**
 * Replay positions [from, order.length) on `s`, taking a checkpoint at every multiple of `every` and the history's
 * marks. A run of usages on one day (no other event nor checkpoint between them) is spent in one step where it can
 * be (`usageRunSpent`), usage by usage otherwise; the costs the state holds for them are taken as known. With a
 * `meeting`, stops at the first checkpoint position where it meets the previous replay (`statesMeet`). Returns the
 * position it stopped at: `order.length` when it replayed every event.
 */
function replayFrom(s: State, account: Account, order: Int32Array, from: number, every: number, checkpoints: Checkpoint[], marks: HistoryMark[], progress?: Progress, meeting?: Meeting): number {
  const events = account.events;
  const was = tallyOf(s);
  let p = from;
  const onStep = (date: IsoDate) => {
    const row = stepRow(account, s, { kind: 'calendar', date }, was);
    if (row) marks.push({ ...row, pos: p });
    tallyTake(was, s);
  };
  for (; p < order.length; p++) {
    if (p % every === 0) {
      // meeting.from is past the first changed event, so past the resume position (whose checkpoint this replay starts from).
      if (meeting && p >= meeting.from) {
        const old = meeting.prev.checkpoints[p / every];
        if (old?.pos === p && statesMeet(s, old.state, meeting.resume)) return p;
      }
      if (checkpoints.at(-1)!.pos < p) checkpoints.push({ pos: p, state: stateClone(s) });
      if (p > from) progress?.(p - from, order.length - from);
    }
    const index = order[p]!;
    const e = events[index]!;
    // A run of a day's usages spent at once is a shortcut: stepped usage by usage, they leave the same state (the
    // property tests hold both to the full replay). Mutants that only take it less often, or never, are named so below.
    // Stryker disable next-line ConditionalExpression,BlockStatement: without the shortcut every usage is stepped: the same state.
    if (e.type === 'usage') {
      // Stryker disable next-line ArithmeticOperator: a bound short of the next checkpoint only ends the run sooner.
      const stop = Math.min(order.length, p - (p % every) + every);
      // Stryker disable next-line ArithmeticOperator: from p - 1 the walk passes p too, or stops at once (the first event, a subscribe, stops any walk before 0).
      let q = p + 1;
      // A known cost is a usage's (the type is read only for the others).
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,UpdateOperator: each only ends the run sooner (or walks back, ending it): a usage's known cost is above 0 and any other event's is NaN.
      while (q < stop && (s.usageCosts[order[q]!]! > 0 || events[order[q]!]!.type === 'usage') && events[order[q]!]!.date === e.date) q++;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,BlockStatement: a run of one usage spent at once or stepped, or a run stepped usage by usage (the block skipped), leaves the same state.
      if (q - p > 1) {
        // Stryker disable next-line ConditionalExpression: a walk to the date the state is on does nothing.
        if (s.cursor !== e.date) advanceTo(s, e.date, onStep);
        // Stryker disable next-line ConditionalExpression: stepped usage by usage, the run leaves the same state.
        if (!usageRunSpent(s, events, order, p, q, s.usageCosts)) for (let k = p; k < q; k++) replayStep(s, events[order[k]!]!, order[k]!);
        p = q - 1;
        tallyTake(was, s);
        continue;
      }
    }
    replayStep(s, e, index, onStep);
    if (e.type !== 'usage') marks.push({ ...stepRow(account, s, { kind: 'event', index }, was)!, pos: p });
    tallyTake(was, s);
  }
  return p;
}

function countAdd(counts: Map<string, number>, name: string | undefined, sign: 1 | -1): void {
  if (!name) return;
  const n = (counts.get(name) ?? 0) + sign;
  if (n === 0) counts.delete(name);
  else counts.set(name, n);
}

/** Counts the usages of events [from, to) into the projects' and members' counts (`sign` -1: out of them); returns how many there were. */
function projectsOf(events: readonly AccountEvent[], from: number, to: number, counts: { projects: Map<string, number>; members: Map<string, number> }, sign: 1 | -1): number {
  let usages = 0;
  for (let i = from; i < to; i++) {
    const e = events[i]!;
    if (e.type !== 'usage') continue;
    usages += sign;
    countAdd(counts.projects, e.project, sign);
    countAdd(counts.members, e.by, sign);
  }
  return usages;
}

function withCosts(s: State, costs: Float64Array): State {
  s.usageCosts = costs;
  return s;
}

/** The date of the event at position `pos` of the replay's order (0: the account's first, the last: its last), null when there is none. */
export function replayDateAt(r: Replay, pos: number): IsoDate | null {
  return pos < 0 || pos >= r.order.length ? null : r.account.events[r.order[pos]!]!.date;
}

/** The state on `at` (the last event's date or after) from the state after every event (`tip`, its usages' costs `costs`). */
export function tipStateAt(tip: State, costs: Float64Array, at: IsoDate): State {
  const s = withCosts(stateClone(tip), costs);
  advanceTo(s, at);
  return s;
}

/** The tags of the first `count` events of `events`, numbered anew. */
function tagsOf(events: readonly AccountEvent[], count: number): UsageTags {
  const tags = { project: int32sNew(count), member: int32sNew(count), projects: new Map<string, number>(), members: new Map<string, number>() };
  usageTagsFill(tags, events, 0, count);
  return tags;
}

/**
 * The tags of `events` (`m` of them), an edit of the `n` events `prev` tags: the first `prefix` and the last
 * `suffix` are the same events, whose numbers stand; only the others are read. Entries at the end grow the lists
 * in place, when `grow` and no other view took the room after them.
 */
function tagsAfter(prev: UsageTags, events: readonly AccountEvent[], n: number, m: number, prefix: number, suffix: number, grow: boolean): UsageTags {
  const make = (buffer: ArrayBufferLike, length: number) => new Int32Array(buffer, 0, length);
  const grown = grow && prefix === n ? extended(prev.project, m - n, make) : null;
  const member = grown && extended(prev.member, m - n, make);
  if (grown && !member) roomGiveBack(grown, n);
  const tags = grown && member ? { ...prev, project: grown, member } : { ...prev, project: int32sNew(m), member: int32sNew(m) };
  if (!member) {
    for (const list of ['project', 'member'] as const) {
      tags[list].set(prev[list].subarray(0, prefix));
      tags[list].set(prev[list].subarray(n - suffix, n), m - suffix);
    }
  }
  usageTagsFill(tags, events, prefix, m - suffix);
  return tags;
}

/** The replay of a whole account. Throws `ExpectedError` for an event the plan at the time does not allow (as `replayState`). */
export function replayBuild(account: Account, card?: RateCard): Replay {
  const events = account.events;
  const order = int32sNew(events.length);
  order.set(replayOrder(events));
  firstMustSubscribe(events, order[0]);
  const start = withCosts(stateNew(catalogOf(account, card), 0), costsNew(events.length).fill(Number.NaN));
  start.usage = { byMonth: new Map(), byDay: dayTotalsNew(), last: null };
  const costs = start.usageCosts;
  const checkpoints: Checkpoint[] = [{ pos: 0, state: stateClone(start) }];
  const marks: HistoryMark[] = [];
  replayFrom(start, account, order, 0, checkpointEvery(events.length), checkpoints, marks);
  const counts = { projects: new Map<string, number>(), members: new Map<string, number>() };
  const usages = projectsOf(events, 0, events.length, counts, 1);
  return { account, order, usageCosts: costs, tip: start, checkpoints, usages, ...counts, marks, tags: tagsOf(events, events.length), card };
}

/** The parts of a replay other than its account, order and costs. */
export type ReplayParts = Pick<Replay, 'tip' | 'checkpoints' | 'usages' | 'projects' | 'members' | 'marks'>;

/**
 * A replay of `account` (`events` of them, replayed with the app's rate card) made again from what a snapshot kept
 * (`snapshot.ts`): `fill` writes the replay order and the costs into arrays with room to grow, as `replayBuild`'s,
 * and gives the rest.
 */
export function replayRestore(account: Account, events: number, fill: (order: Int32Array, costs: Float64Array) => ReplayParts): Replay {
  const order = int32sNew(events);
  const costs = costsNew(events);
  return { account, order, usageCosts: costs, ...fill(order, costs), tags: tagsOf(account.events, events), card: undefined };
}

/** The marks of the replay positions before `pos` (a calendar step's goes with the event after it, so it is replayed again with it). */
function marksBefore(marks: readonly HistoryMark[], pos: number): HistoryMark[] {
  let kept = marks.length;
  while (kept > 0 && marks[kept - 1]!.pos >= pos) kept--;
  return marks.slice(0, kept);
}

/** Hears how far a long piece of work is: `done` of `total`, now and then. */
export type Progress = (done: number, total: number) => void;

/** Where an edit changed the file: the events before `prefix` and the last `suffix` events are the same objects as before. */
export interface FileSpan {
  readonly prefix: number;
  readonly suffix: number;
}

/** Where `after` differs from `before` (its first `n` events): the events at its start and at its end that are the same objects. */
export function fileSpan(before: readonly AccountEvent[], after: readonly AccountEvent[], n = before.length): FileSpan {
  const m = after.length;
  let prefix = 0;
  let suffix = 0;
  while (prefix < n && prefix < m && before[prefix] === after[prefix]) prefix++;
  while (suffix < n - prefix && suffix < m - prefix && before[n - 1 - suffix] === after[m - 1 - suffix]) suffix++;
  return { prefix, suffix };
}

/**
 * The replay of `account`, an edit of `prev.account` (events added, changed or
 * deleted anywhere): only what follows the first difference in the replay
 * order is replayed. `span` says where the file changed when the caller knows
 * (found by comparing the two lists otherwise). `prev` is left as it was.
 * `account.events` may be `prev.account.events` itself with entries pushed at
 * its end by the list's owner, who no longer reads `prev` (an entry then copies
 * no list): `prev` replayed its first `prev.order.length` events.
 * Throws as `replayBuild`, giving back the room it took.
 */
export function replayUpdate(prev: Replay, account: Account, span?: FileSpan, options: UpdateOptions = {}): Replay {
  const { progress } = options;
  const oldEvents = prev.account.events;
  const events = account.events;
  if (!sameCatalog(prev.account, account)) return replayBuild(account, prev.card);
  const n = prev.order.length;
  const m = events.length;
  const { prefix, suffix } = span ?? fileSpan(oldEvents, events, n);
  const grow = options.preview !== true;
  const { order, first } = orderAfter(prev.order, oldEvents, events, prefix, suffix, grow);
  let costs: Float64Array | null = null;
  try {
    firstMustSubscribe(events, order[0]);
    // Costs by file index: the unchanged parts of the file keep theirs (moved with their indices); whatever is replayed writes its own.
    const every = checkpointEvery(m);
    const kept: Checkpoint[] = [];
    for (const c of prev.checkpoints) if (c.pos <= first && c.pos % every === 0) kept.push(c);
    const resume = first === n ? { pos: n, state: prev.tip } : kept.at(-1)!;
    // Entries at the end, after every other event: only they are replayed, so the costs before them stand, in place.
    // (Resuming at n, nothing before n changed: no event removed, edited or moved, none added before the last.)
    costs = grow && resume.pos === n ? extended(prev.usageCosts, m - n, (buffer, length) => new Float64Array(buffer, 0, length)) : null;
    if (costs) costs.fill(Number.NaN, n);
    else {
      costs = costsNew(m);
      costs.set(prev.usageCosts.subarray(0, prefix));
      // Stryker disable next-line ArithmeticOperator: past m - suffix, the next line writes over the fill.
      costs.fill(Number.NaN, prefix, m - suffix);
      costs.set(prev.usageCosts.subarray(n - suffix, n), m - suffix);
    }
    const s = withCosts(stateClone(resume.state), costs);
    const marks = marksBefore(prev.marks, resume.pos);
    // As many events, an edit in place: the replay may meet the previous one past the last event it changed, and take the rest from it.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: resumed at n, no event is replayed and no meeting is asked for.
    const replays = resume.pos < n;
    const meeting = m === n && replays ? { prev, from: meetingFrom(prev.order, order, prefix, m - suffix), resume: resume.state } : undefined;
    progress?.(0, m - resume.pos);
    const met = replayFrom(s, account, order, resume.pos, every, kept, marks, progress, meeting);
    progress?.(m - resume.pos, m - resume.pos);
    let tip = s;
    if (met < m) {
      const delta = stateDelta(s, prev.checkpoints[met / every]!.state);
      for (const c of prev.checkpoints) if (c.pos >= met) kept.push({ pos: c.pos, state: stateMet(c.state, delta, costs) });
      tip = stateMet(prev.tip, delta, costs);
      for (const mark of prev.marks) if (mark.pos >= met) marks.push(mark);
    }
    const counts = { projects: new Map(prev.projects), members: new Map(prev.members) };
    const usages = prev.usages + projectsOf(oldEvents, prefix, n - suffix, counts, -1) + projectsOf(events, prefix, m - suffix, counts, 1);
    return { account, order, usageCosts: costs, tip, checkpoints: kept, usages, ...counts, marks, tags: tagsAfter(prev.tags, events, n, m, prefix, suffix, grow), card: prev.card };
  } catch (e) {
    // A refused change keeps nothing: the room it took is the next entry's.
    roomGiveBack(order, prev.order.length);
    if (costs) roomGiveBack(costs, prev.usageCosts.length);
    throw e;
  }
}

/** The first replay position whose event's date is not `before` (a bound the dates in replay order pass once): a binary search. */
export function positionWhere(r: Replay, before: (date: IsoDate) => boolean): number {
  const events = r.account.events;
  let lo = 0;
  let hi = r.order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(events[r.order[mid]!]!.date)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The state on `at`, as `replayState(account, at)` makes it, for the caller to
 * read or project from: from the tip when `at` is on or after the last event,
 * otherwise from the checkpoint before the first event after `at`.
 */
export function replayStateAt(r: Replay, at: IsoDate): State {
  // The first event dated after `at`.
  const end = positionWhere(r, (date) => date <= at);
  // Stryker disable next-line ConditionalExpression: from the last checkpoint the same state is reached, more slowly.
  if (end === r.order.length) return tipStateAt(r.tip, r.usageCosts, at);
  let c = r.checkpoints[0]!;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: from an earlier checkpoint the same state is reached, more slowly.
  for (const k of r.checkpoints) if (k.pos <= end) c = k;
  const s = withCosts(stateClone(c.state), r.usageCosts.slice());
  const events = r.account.events;
  for (let p = c.pos; p < end; p++) {
    const index = r.order[p]!;
    replayStep(s, events[index]!, index);
  }
  // Usages after `at` cost nothing yet (a full replay to `at` never reaches them).
  for (let p = end; p < r.order.length; p++) s.usageCosts[r.order[p]!] = Number.NaN;
  advanceTo(s, at);
  return s;
}
