/**
 * A session: one account opened from its store, with what the handlers share — the engine's replay of the
 * account kept in step with every change, the check of a change before it is committed, the commit itself, the
 * undo history, the revisions at which things changed, the answers worth keeping, and who hears of a change.
 * Everything is held here, nothing in the module: several sessions can live in one process.
 */
import type { AppState, ChangeEntry, HandlerName, WorkProgress } from '../../shared/api.ts';
import { today as systemToday } from '../../shared/dates.ts';
import { replayBuild, replayStateAt, replayUpdate, type FileSpan, type Progress, type Replay, type UpdateOptions } from '../../shared/engine/incremental.ts';
import { ledgerOf, type Ledger } from '../../shared/engine/ledger.ts';
import type { StateSource } from '../../shared/engine/replay.ts';
import { ExpectedError, reject } from '../../shared/errors.ts';
import { accountParse, type Account, type AccountEvent } from '../../shared/formats/account.ts';
import { projectParse, type Project } from '../../shared/formats/project.ts';
import { checkedReplay, dataApplied, sameValue, type Data, type ListPatch, type Op } from '../../shared/store.ts';
import type { EntriesPatch } from '../../shared/sync/entries.ts';
import type { IsoDate } from '../../shared/units.ts';
import { accountViewOf, snapshotViewOf, type AccountView } from '../../shared/view.ts';
import { changesOpen, type Change, type ChangeOp, type Changes, type HistoryBounds } from '../changes.ts';
import type { Store, StoreGlance } from '../store.ts';
import { opConflict, opInverse, opPatch, opSpan, opTouchesAccount, rootOf } from './ops.ts';
import { revisionsNoteData, revisionsNoteEvents, revisionsOpen, type Revisions } from './revisions.ts';
import { touchedNote, touchedOf, touchedOpen, type TouchedLog } from './touched.ts';

export interface SessionOptions {
  readonly store: Store;
  /** Today in the user's time zone (tests fix it). */
  readonly today?: (() => IsoDate) | undefined;
  /** Where bugs are reported. */
  readonly logBug?: ((name: string, error: unknown) => void) | undefined;
  /** Where what the user is not shown is logged (an undo history that was not of the data, and so starts empty). */
  readonly log?: ((message: string) => void) | undefined;
  /** How far Undo goes back (tests make it short). */
  readonly historyBounds?: HistoryBounds | undefined;
  /** Hears how far a long call (an import) has got, now and then, while it runs. */
  readonly progress?: ((progress: WorkProgress) => void) | undefined;
  /** The team sync's choice of a conflict's version (a linked workspace's, beside the service): `sync-keep`. */
  readonly syncKeep?: SyncKeep | undefined;
}

/** Keep the version op `op` made of entry `eventId` (a conflict's standing or other one): throws `ExpectedError` when no unsettled conflict holds it. */
export type SyncKeep = (eventId: string, op: string) => void;

/** A kind of answer a session keeps (the view, the usage log, …), typed by what it holds. */
export interface CacheKey<T> {
  readonly name: string;
  /** Only carries the type. */
  readonly value?: T;
}

export function cacheKey<T>(name: string): CacheKey<T> {
  return { name };
}

/** What an answer was made for, besides the replay and the day: compared item by item. */
export type Params = readonly (string | number | null)[];

const sameParams = (a: Params, b: Params) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The answers kept, each with the parameters it was made for. The rule: an answer is a function of the account's
 * replay, today and its parameters, so all are dropped together when the replay changes (a change of the account
 * committed, or the store moved on other than through the session) or the day does.
 */
interface Cache {
  readonly replay: Replay | null;
  readonly day: IsoDate | null;
  readonly entries: Map<CacheKey<unknown>, { readonly params: Params; readonly value: unknown }>;
}

export interface Session {
  readonly store: Store;
  /** The store's data, changed in place by each commit. */
  readonly data: Data;
  readonly today: () => IsoDate;
  readonly logBug: (name: string, error: unknown) => void;
  readonly progress: ((progress: WorkProgress) => void) | undefined;
  readonly syncKeep: SyncKeep | undefined;
  /** The one-time notices not yet handed to a window (the store keeps them in the folder until one has them). */
  readonly notices: string[];
  /** The undo history, kept in the data folder: a reload, a new window and a restart keep it. */
  readonly changes: Changes;
  readonly revisions: Revisions;
  /** What each recent change touched (for the team sync: what changed since it last recorded). */
  readonly touched: TouchedLog;
  readonly listeners: Set<(revision: number) => void>;
  /** Ids that increase in the order they are made. */
  readonly newId: () => string;
  /** The account's replay, for the store's revision it was made at. */
  replayed: { readonly replay: Replay; readonly seq: number } | null;
  cache: Cache;
  /** What a feature keeps for the session's life, whatever the replay (it says itself when an entry is stale). */
  readonly kept: Map<CacheKey<unknown>, unknown>;
  /** The call being run (for its reports of progress), and when it last reported. */
  running: HandlerName | null;
  reportedAt: number;
  /** A mutator is running: only then may a change be committed. */
  mutating: boolean;
}

/** How often at most a long call reports its progress. */
const PROGRESS_MS = 50;
const COUNTS_PER_MS = 36 ** 3;

/**
 * A maker of ids that increase in the order they are made (time, then a counter): the file's id check stays one
 * pass. A clock set back keeps the last time; a millisecond's counter used up moves on to the next one.
 */
export function idMaker(): () => string {
  let lastTime = 0;
  let lastCount = 0;
  return () => {
    const now = Date.now();
    if (now > lastTime) {
      lastTime = now;
      lastCount = 0;
    } else if (++lastCount === COUNTS_PER_MS) {
      lastTime += 1;
      lastCount = 0;
    }
    return `e${lastTime.toString(36).padStart(9, '0')}${lastCount.toString(36).padStart(3, '0')}`;
  };
}

export function sessionOpen(options: SessionOptions): Session {
  const { store } = options;
  const s: Session = {
    store,
    data: store.data,
    today: options.today ?? systemToday,
    logBug: options.logBug ?? ((n: string, err: unknown) => console.error(`handler ${n} failed:`, err)),
    progress: options.progress,
    syncKeep: options.syncKeep,
    notices: [...store.notices],
    changes: changesOpen(store, options.log, options.historyBounds),
    revisions: revisionsOpen(store.seq),
    touched: touchedOpen(store.seq),
    listeners: new Set(),
    newId: idMaker(),
    replayed: null,
    cache: { replay: null, day: null, entries: new Map() },
    kept: new Map(),
    running: null,
    reportedAt: 0,
    mutating: false,
  };
  // The store's snapshot is written from the replay the session keeps: it has the one of the data at its position.
  store.snapshotSource((seq) => (s.replayed !== null && s.replayed.seq === seq ? s.replayed.replay : null));
  return s;
}

/** An account from outside (a file, a form), checked; its events without an id (written by hand) get one, so they can be edited and deleted. */
export function sessionAccountParse(s: Session, input: unknown): Account {
  const parsed = accountParse(input);
  if (!parsed.ok) throw new ExpectedError(parsed.error);
  const account = parsed.value;
  if (account.events.every((e) => e.id !== undefined)) return account;
  return { ...account, events: account.events.map((e) => (e.id === undefined ? { ...e, id: s.newId() } : e)) };
}

/**
 * The account's replay (the incremental engine), in step with every change: a change is checked by updating it,
 * and the update is kept once the change is committed. Made from the stored account when first needed, and again
 * after a change that did not come with its replay or when the store changed other than through the session.
 */
export function sessionReplay(s: Session): Replay {
  if (s.replayed === null || s.replayed.seq !== s.store.seq) {
    const account = s.data.account;
    try {
      // Its own list: the store changes the account's list in place. The store checked the account it opened by replaying it: that replay is taken over while nothing changed since.
      const events = account.events.slice();
      const checked = s.replayed === null ? checkedReplay(account) : undefined;
      const fresh = checked !== undefined && checked.account.events === account.events && checked.order.length === events.length;
      s.replayed = { replay: fresh ? { ...checked, account: { ...checked.account, events } } : replayBuild({ ...account, events }), seq: s.store.seq };
    } catch (e) {
      if (e instanceof ExpectedError) throw new Error(`the stored account does not replay: ${e.error.message}`);
      throw e;
    }
    s.store.snapshotTake();
  }
  return s.replayed.replay;
}

/** The replay of `account` (the account now, changed): the engine's verdict on it, replaying only from the first event the change touches. Throws `ExpectedError` for an event the plan at the time does not allow. */
export function sessionCheck(s: Session, account: Account, span?: FileSpan, options?: UpdateOptions): Replay {
  return replayUpdate(sessionReplay(s), account, span, options);
}

/**
 * The account's events with `event` after them, for an entry at the end: the kept replay's own list grown in place
 * (an entry copies no list) when it is the replay's own and no other entry grew it, a copy otherwise. Once the entry
 * is committed the replay it grew from is the session's no more; when it is not, the mutator gives that replay its
 * list back as it was (`sessionMutate`). A preview copies: a preview and the entry made after it never see each other.
 */
export function sessionEventsWith(s: Session, event: AccountEvent): AccountEvent[] {
  const r = sessionReplay(s);
  const events = r.account.events as AccountEvent[];
  if (s.mutating && events !== s.data.account.events && events.length === r.order.length) {
    events.push(event);
    return events;
  }
  return s.data.account.events.concat([event]);
}

/** A list the kept replay grew for an entry that was not committed: as it was. */
function sessionEventsRestore(s: Session): void {
  const r = s.replayed?.replay;
  if (r && r.account.events.length > r.order.length) (r.account.events as AccountEvent[]).length = r.order.length;
}

/** The account's state on any date, from the kept replay (for the engine's other computations). */
export function sessionStates(s: Session): StateSource {
  const r = sessionReplay(s);
  return (at) => replayStateAt(r, at);
}

/** The ledger of a replay's account on a date. */
export function replayLedger(r: Replay, at: IsoDate): Ledger {
  return ledgerOf(replayStateAt(r, at), at);
}

/** The answer kept under `key` for `params`, made by `make` when there is none (see `Cache` for when they are dropped). */
export function sessionCached<T>(s: Session, key: CacheKey<T>, params: Params, make: () => T): T {
  const kept = sessionCacheGet(s, key, params);
  if (kept !== undefined) return kept;
  const value = make();
  s.cache.entries.set(key, { params, value });
  return value;
}

/** The answer kept under `key` for `params`, if there is one; nothing is made. */
export function sessionCacheGet<T>(s: Session, key: CacheKey<T>, params: Params): T | undefined {
  const replay = sessionReplay(s);
  const day = s.today();
  if (s.cache.replay !== replay || s.cache.day !== day) s.cache = { replay, day, entries: new Map() };
  const kept = s.cache.entries.get(key);
  return kept !== undefined && sameParams(kept.params, params) ? (kept.value as T) : undefined;
}

/** Forget the answer kept under `key`. */
export function sessionCacheDrop(s: Session, key: CacheKey<unknown>): void {
  s.cache.entries.delete(key);
}

/** What is kept under `key` for the session's life, made by `make` the first time. */
export function sessionKept<T>(s: Session, key: CacheKey<T>, make: () => T): T {
  if (!s.kept.has(key)) s.kept.set(key, make());
  return s.kept.get(key) as T;
}

const VIEW = cacheKey<AccountView>('view');

/** The account's view on `at`, with the settings' horizon and budget: asking again costs nothing. */
function sessionView(s: Session, at: IsoDate): AccountView {
  const months = s.data.settings.forecastMonths;
  const budget = s.data.settings.monthlyBudget;
  return sessionCached(s, VIEW, [at, months, budget], () => accountViewOf(sessionReplay(s), at, months, budget));
}

export function changeEntry(c: Change): ChangeEntry {
  return { id: c.id, label: c.label, at: c.at, ...(c.whole ? { whole: c.whole } : {}) };
}

/** The app state; `takeNotices` hands the one-time notices over (to the window the user reads), once: the store keeps them no longer. */
export function sessionState(s: Session, at?: IsoDate, takeNotices = true): AppState {
  const { account, projects, settings } = s.data;
  const notices = takeNotices ? s.notices.splice(0) : [...s.notices];
  if (takeNotices && notices.length > 0) s.store.noticesShown();
  const undo = s.changes.undo.at(-1);
  const redo = s.changes.redo.at(-1);
  return {
    view: account.events.length > 0 ? sessionView(s, at ?? s.today()) : null,
    firstRun: account.events.length === 0,
    projects,
    settings,
    catalog: { proTiers: account.proTiers, freeQuota: account.freeQuota, rounding: account.rounding },
    dataDir: s.store.dir,
    notices,
    readOnly: s.store.readOnly,
    changes: { undo: undo ? changeEntry(undo) : null, redo: redo ? changeEntry(redo) : null },
    revision: s.store.seq,
  };
}

/**
 * The app state drawn from the store's glance (its snapshot, before the account is read), on `at`: what `sessionState`
 * gives once it is read, but the undo history and the notices, and marked as `opening`; null when the account has
 * no event, or one dated after `at` (then the account is read first).
 */
export function glanceState(glance: StoreGlance, dir: string, at: IsoDate): AppState | null {
  const { tip, projects, settings, seq } = glance;
  const view = tip.events === 0 ? null : snapshotViewOf(tip, at, settings.forecastMonths, settings.monthlyBudget);
  if (view === null) return null;
  const { proTiers, freeQuota, rounding } = tip.root;
  return { view, firstRun: false, projects, settings, catalog: { proTiers, freeQuota, rounding }, dataDir: dir, notices: [], readOnly: null, changes: { undo: null, redo: null }, revision: seq, opening: true };
}

/** A stage of the running call's progress: reported at its start and end, and at most every PROGRESS_MS between. */
export function sessionProgress(s: Session, stage: WorkProgress['stage']): Progress {
  return (done, total) => {
    if (!s.progress || s.running === null) return;
    const now = performance.now();
    if (done !== 0 && done !== total && now - s.reportedAt < PROGRESS_MS) return;
    s.reportedAt = now;
    s.progress({ call: s.running, stage, done, total });
  };
}

/** Tell every listener the revision a change made (a listener that throws is a bug, and the others still hear). */
export function sessionAnnounce(s: Session, revision: number): void {
  for (const listener of [...s.listeners]) {
    try {
      listener(revision);
    } catch (e) {
      s.logBug('subscribe', e);
    }
  }
}

/** Run `fn`, a call that may commit; once it has, note what it changed and announce the new revision. */
export function sessionMutate<T>(s: Session, fn: () => T): T {
  const before = s.store.seq;
  const was: Data = { account: s.data.account, projects: s.data.projects, settings: s.data.settings };
  s.mutating = true;
  try {
    return fn();
  } finally {
    s.mutating = false;
    sessionEventsRestore(s);
    if (s.store.seq !== before) {
      revisionsNoteData(s.revisions, was, s.data, s.store.seq);
      sessionAnnounce(s, s.store.seq);
    }
  }
}

/** Commit an op; `next`: the replay of the account it makes (checked before), kept once it is committed. */
function sessionCommit(s: Session, op: Op, next: Replay | null): void {
  if (!s.mutating) throw new Error('a change was committed outside a mutator: it would not be announced');
  const kept = s.replayed !== null && s.replayed.seq === s.store.seq ? s.replayed.replay : null;
  // The events a patch takes out, named before they go.
  const out = op.op === 'patch' && op.events ? op.events.remove.map((i) => s.data.account.events[i]?.id) : [];
  const touched = touchedOf(s.data, op);
  s.store.commit(op);
  touchedNote(s.touched, touched, s.store.seq);
  revisionsNoteEvents(s.revisions, op, out, s.store.seq);
  const replay = opTouchesAccount(op) ? next : kept;
  s.replayed = replay ? { replay, seq: s.store.seq } : null;
  s.store.snapshotTake();
}

/** A change a handler asks for: the op, what it did in the user's words, the replay of the account it makes (checked before; null: made when needed), and whether it replaces the account as a whole. */
export interface Edit {
  readonly op: Op;
  readonly label: string;
  readonly next?: Replay | null | undefined;
  readonly whole?: boolean | undefined;
  /** Hears how far saving has got, in `SAVE_STEPS`: the change committed (its journal line, the store file when due), then kept for Undo. */
  readonly progress?: Progress | undefined;
}

/** The steps of saving a change that `Edit.progress` hears. */
export const SAVE_STEPS = 2;

/**
 * Commit a change and keep it for Undo (a new change clears Redo); a `set` of the data is committed and kept as
 * a patch of what it changes. A whole change (it replaces the account) asks first before it is undone or redone.
 */
export function sessionRecord(s: Session, { op, label, next = null, whole = false, progress }: Edit): void {
  const change = op.op === 'set' ? opPatch(s.data, op.data) : op;
  const undo = opInverse(s.data, change);
  const before = { events: s.data.account.events.length, projects: s.data.projects.length };
  progress?.(0, SAVE_STEPS);
  sessionCommit(s, change, next);
  progress?.(1, SAVE_STEPS);
  const after = { events: s.data.account.events.length, projects: s.data.projects.length };
  s.changes.push({ label, at: new Date().toISOString(), ...(whole ? { whole: { before, after } } : {}), redo: change, undo });
  progress?.(SAVE_STEPS, SAVE_STEPS);
}

/** Commit a kept op (an undo, a redo) if it still applies and still makes an account the engine accepts; otherwise say why, changing nothing. */
export function sessionReapply(s: Session, op: ChangeOp, why: string): void {
  const conflict = opConflict(s.data, op);
  if (conflict !== null) reject('conflict', '', `${why}: ${conflict}`);
  const after = dataApplied(s.data, op);
  let next: Replay | null = null;
  try {
    if (opTouchesAccount(op)) next = sessionCheck(s, after.account, opSpan(s.data, op));
  } catch (e) {
    if (e instanceof ExpectedError) reject('conflict', '', `${why}: ${e.error.message}`);
    throw e;
  }
  sessionCommit(s, op, next);
}

/** What the server sent, checked as a file is (another device may run a newer app, or have read a file made by hand): refused naming the field and rule. */
function teamAccount(input: unknown): Account {
  const parsed = accountParse(input);
  if (!parsed.ok) throw new ExpectedError({ ...parsed.error, message: `the team's account is not valid: ${parsed.error.message}` });
  return parsed.value;
}

/** The team's projects, each checked as a file is. */
function teamProjects(input: readonly unknown[]): Project[] {
  return input.map((p, i) => {
    const parsed = projectParse(p);
    if (!parsed.ok) throw new ExpectedError({ ...parsed.error, message: `the team's project ${i + 1} is not valid: ${parsed.error.message}` });
    return parsed.value;
  });
}

/**
 * Commit the team's patch `op` as one change not kept for Undo, checked by the engine first when it changes the
 * account (`account`: the account it makes); false when it changes nothing.
 */
function teamCommit(s: Session, op: Op, account: () => Account): boolean {
  if (op.op !== 'patch' || (op.events === undefined && op.root === undefined && op.projects === undefined)) return false;
  return sessionMutate(s, () => {
    const replay = op.events !== undefined || op.root !== undefined ? sessionCheck(s, account()) : null;
    sessionCommit(s, op, replay);
    return true;
  });
}

/**
 * A few entries of the team's data brought in by a sync (`entriesPatch`'s), the rest not read: each event and
 * project put in checked as a file's are, the account's root as its file's; then as `sessionSyncWrite`. Null when
 * the patch does not apply to the data (an id to take out or replace is not there, one to put at the end is):
 * the caller writes the whole data then.
 */
export function sessionSyncPatch(s: Session, patch: EntriesPatch): boolean | null {
  const { account, projects } = s.data;
  const { events: ev, projects: pr } = patch;
  const checked = teamAccount({ ...(patch.root ?? rootOf(account)), events: [...ev.replace, ...ev.append] });
  const put = teamProjects([...pr.replace, ...pr.append]);
  const events = listChange(account.events, ev.remove, checked.events.slice(0, ev.replace.length), checked.events.slice(ev.replace.length));
  const projectList = listChange(projects, pr.remove, put.slice(0, pr.replace.length), put.slice(pr.replace.length));
  if (events === null || projectList === null) return null;
  const root = rootOf(checked);
  const changed = (l: ListPatch<unknown>) => l.remove.length + l.add.length > 0;
  const op: Op = { op: 'patch', ...(changed(events) ? { events } : {}), ...(sameValue(root, rootOf(account)) ? {} : { root }), ...(changed(projectList) ? { projects: projectList } : {}) };
  return teamCommit(s, op, () => dataApplied(s.data, op).account);
}

/**
 * `list` with the items of the ids `remove` taken out, each of `replace` put in the place of the one of its id, and
 * `append` put at the end, as a list patch (an item replaced by its like left out of it); null when an id to take
 * out or replace is not in `list`, or one to put at the end is and is not taken out.
 */
function listChange<T extends { readonly id?: string | undefined }>(list: readonly T[], remove: readonly string[], replace: readonly T[], append: readonly T[]): ListPatch<T> | null {
  const wanted = new Map<string, T | null>(remove.map((id) => [id, null]));
  for (const item of replace) wanted.set(item.id!, item);
  const appended = new Set(append.map((item) => item.id!));
  const at = new Map<string, number>();
  if (wanted.size > 0 || appended.size > 0) {
    list.forEach((item, i) => {
      if (item.id !== undefined && (wanted.has(item.id) || appended.has(item.id))) at.set(item.id, i);
    });
  }
  for (const id of wanted.keys()) if (!at.has(id)) return null;
  for (const id of appended) if (at.has(id) && !wanted.has(id)) return null;
  // An item replaced by its like stays as it is.
  for (const item of replace) if (sameValue(list[at.get(item.id!)!], item)) wanted.delete(item.id!);
  const removed = [...wanted.keys()].map((id) => at.get(id)!).sort((x, y) => x - y);
  const patch = { remove: removed, add: [] as T[], at: [] as number[] };
  let gone = 0;
  for (const i of removed) {
    const item = wanted.get(list[i]!.id!)!;
    if (item === null) gone++;
    else {
      patch.add.push(item);
      patch.at.push(i - gone);
    }
  }
  const end = list.length - gone;
  append.forEach((item, k) => {
    patch.add.push(item);
    patch.at.push(end + k);
  });
  return patch;
}

/**
 * The team's data brought in by a sync: the account and projects become `next` (the settings stay the device's) as
 * one change, announced like any other but not kept for Undo (it is not the user's edit: undoing it would make ops
 * that take back other members' changes). Throws `ExpectedError` when the engine refuses the account, changing
 * nothing. False when there was nothing to change.
 */
export function sessionSyncWrite(s: Session, next: Pick<Data, 'account' | 'projects'>): boolean {
  const account = teamAccount(next.account);
  return teamCommit(s, opPatch(s.data, { account, projects: teamProjects(next.projects) }), () => account);
}
