/**
 * The account service: every handler the app's screens call, the same behind
 * IPC (Electron) and HTTP (browser mode). A handler validates its input with the
 * contract's schema, checks the account it would produce with the engine, and
 * only then commits the change; it returns the new derived state. Expected
 * failures come back as `{ code, message, field }`; nothing is stored for them.
 */
import { api, type WorkProgress, type AccountSize, type AccountSummary, type ApiReply, type AppState, type BackupSummary, type ChangeEntry, type ChangePreview, type HandlerName, type HandlerOutput, type HandlerOutputs, type LadderPoint, type LedgerRow, type UsageRow } from '../shared/api.ts';
import { changesBetween } from '../shared/engine/changes.ts';
import { compareCredits, compareHistory, proTierSizes, type HistoryComparison } from '../shared/engine/compare.ts';
import { PLANS, type Billing } from '../shared/catalog/plans.ts';
import { eventTitle, historyCompute } from '../shared/engine/history.ts';
import { planLabel } from '../shared/engine/subscription.ts';
import { ledgerOf, type Ledger } from '../shared/engine/ledger.ts';
import { tierPricesFromFile } from '../shared/engine/pricing.ts';
import { pipelineCompute, projectFitCompute } from '../shared/engine/pipeline.ts';
import { quoteCompute } from '../shared/engine/quote.ts';
import { reportCompute } from '../shared/engine/report.ts';
import { lastEventDate, replayOrder, type StateSource } from '../shared/engine/replay.ts';
import { today as systemToday } from '../shared/dates.ts';
import { errorFromIssues, ExpectedError, reject, type AppError } from '../shared/errors.ts';
import { jsonRead } from '../shared/formats/json.ts';
import { accountEmpty, accountParse, type Account, type AccountEvent, type UsageEvent } from '../shared/formats/account.ts';
import { JSON_DEPTH_LIMIT, jsonDepthExceeds, jsonDepthIssue } from '../shared/formats/depth.ts';
import { issuesFromZod } from '../shared/formats/issues.ts';
import type { Project } from '../shared/formats/project.ts';
import type { FeatureId } from '../shared/catalog/rateCard.ts';
import type { Cents, Credits, IsoDate } from '../shared/units.ts';
import { reportCsv } from '../shared/formats/reportCsv.ts';
import { usageCsv } from '../shared/formats/usageCsv.ts';
import type { DateFormat, ImportField } from '../shared/formats/importFields.ts';
import { engineProblem, usageImport } from '../shared/usageImport.ts';
import { accountViewOf, type AccountView } from '../shared/view.ts';
import { replayBuild, replayStateAt, replayUpdate, type FileSpan, type Progress, type Replay, type UpdateOptions } from '../shared/engine/incremental.ts';
import { demoAccount } from '../shared/demo.ts';
import { applyOp, checkedReplay, listDiff, listPatchFits, listPatchInverse, sameValue, type AccountRoot, type Data, type Op } from '../shared/store.ts';
import type { Store } from './store.ts';
import { changesOpen, type Change, type ChangeOp, type HistoryBounds } from './changes.ts';

export interface ServiceOptions {
  readonly store: Store;
  /** Today in the user's time zone (tests fix it). */
  readonly today?: () => IsoDate;
  /** Where bugs are reported. */
  readonly logBug?: (name: string, error: unknown) => void;
  /** Where what the user is not shown is logged (an undo history that was not of the data, and so starts empty). */
  readonly log?: (message: string) => void;
  /** How far Undo goes back (tests make it short). */
  readonly historyBounds?: HistoryBounds;
  /** Hears how far a long call (an import) has got, now and then, while it runs. */
  readonly progress?: (progress: WorkProgress) => void;
}

/** How often at most a long call reports its progress. */
const PROGRESS_MS = 50;

export interface Service {
  /** Run a handler on an unvalidated input (from IPC or HTTP). Never throws. */
  handle(name: string, input: unknown): ApiReply<HandlerName>;
  /** The state for a shell's own use (a tray, a notification): it leaves the one-time notices for the window. */
  current(): AppState;
  /** Call `listener` with the new revision after every committed change (one call per change; a failed change makes none). Returns the unsubscribe. */
  subscribe(listener: (revision: number) => void): () => void;
  readonly store: Store;
}

type Handler<K extends HandlerName> = (input: never) => HandlerOutput<K>;

/** The time part of the last id made, and its counter within that millisecond. */
let lastTime = 0;
let lastCount = 0;
const COUNTS_PER_MS = 36 ** 3;
/**
 * Ids that increase in the order they are made (time, then a counter): the file's id check stays one pass. A
 * clock set back keeps the last time; a millisecond's counter used up moves on to the next one.
 */
function newId(): string {
  const now = Date.now();
  if (now > lastTime) {
    lastTime = now;
    lastCount = 0;
  } else if (++lastCount === COUNTS_PER_MS) {
    lastTime += 1;
    lastCount = 0;
  }
  return `e${lastTime.toString(36).padStart(9, '0')}${lastCount.toString(36).padStart(3, '0')}`;
}

/** Events without an id (a file written by hand) get one, so they can be edited and deleted. */
function withIds(account: Account): Account {
  if (account.events.every((e) => e.id !== undefined)) return account;
  return { ...account, events: account.events.map((e) => (e.id === undefined ? { ...e, id: newId() } : e)) };
}

/** The account in date order (same-day events keep their order): how it is exported. */
function sortedByDate(account: Account): Account {
  return { ...account, events: replayOrder(account.events).map((i) => account.events[i]!) };
}


/** The account's fields other than its events. */
function rootOf(account: Account): AccountRoot {
  const { events: _, ...root } = account;
  return root;
}

/** Whether an op still applies to `data` (the events it names are there, or not yet): why not, or null. */
function opConflict(data: Data, op: ChangeOp): string | null {
  const ids = new Set(data.account.events.map((e) => e.id));
  switch (op.op) {
    case 'event-add':
      return ids.has(op.event.id) ? 'its event is already in the account' : null;
    case 'events-add':
      return op.events.some((e) => ids.has(e.id)) ? 'some of its events are already in the account' : null;
    case 'event-replace':
    case 'event-delete':
      return ids.has(op.id) ? null : 'its event is no longer in the account';
    case 'events-delete':
      return op.ids.every((id) => ids.has(id)) ? null : 'some of its events are no longer in the account';
    case 'patch':
      if (op.events && (!listPatchFits(data.account.events.length, op.events) || op.events.add.some((e) => e.id !== undefined && ids.has(e.id)))) return 'the account is no longer as it left it';
      if (op.projects && !listPatchFits(data.projects.length, op.projects)) return 'the projects are no longer as it left them';
      return null;
  }
}

function parseAccountOrThrow(input: unknown): Account {
  const parsed = accountParse(input);
  if (!parsed.ok) throw new ExpectedError(parsed.error);
  return withIds(parsed.value);
}

export function serviceCreate(options: ServiceOptions): Service {
  const { store } = options;
  const today = options.today ?? systemToday;
  const data = store.data;
  const notices = [...store.notices];
  const listeners = new Set<(revision: number) => void>();
  const logBug = options.logBug ?? ((n: string, err: unknown) => console.error(`handler ${n} failed:`, err));
  // The undo history, kept in the data folder: a reload, a new window and a restart keep it.
  const changes = changesOpen(store, options.log, options.historyBounds);
  const entryOf = (c: Change | undefined): ChangeEntry | null => (c ? { id: c.id, label: c.label, at: c.at, ...(c.whole ? { whole: c.whole } : {}) } : null);

  /** Tell every listener the revision a handler's change made (a listener that throws is a bug, and the others still hear). */
  function announce(revision: number): void {
    for (const listener of [...listeners]) {
      try {
        listener(revision);
      } catch (e) {
        logBug('subscribe', e);
      }
    }
  }

  /**
   * The revision at which each whole object a window edits (a project, the settings, the price list) last
   * changed: a save edited from an older revision is refused only when its own object changed since, not
   * because of an entry made in another window. What changed before this service opened is not known, so it
   * counts as changed at the opening revision.
   */
  const opened = store.seq;
  const projectChanged = new Map<string, number>();
  let settingsChanged = opened;
  let catalogChanged = opened;
  const catalogOf = (account: Account) => JSON.stringify([account.proTiers, account.freeQuota, account.rounding]);
  const differ = (a: unknown, b: unknown) => a !== b && JSON.stringify(a) !== JSON.stringify(b);

  /** Note which whole objects a committed change touched, from the data before it. */
  function noteChanged(before: Data): void {
    const now = store.seq;
    if (differ(before.settings, data.settings)) settingsChanged = now;
    if (before.account !== data.account && catalogOf(before.account) !== catalogOf(data.account)) catalogChanged = now;
    if (before.projects === data.projects) return;
    const was = new Map(before.projects.map((p) => [p.id, p]));
    for (const p of data.projects) {
      if (p.id !== undefined && differ(was.get(p.id), p)) projectChanged.set(p.id, now);
      was.delete(p.id);
    }
    for (const id of was.keys()) if (id !== undefined) projectChanged.set(id, now);
  }

  /** Refuse a save edited from `revision` if its object changed at `changedAt`, after it (unless the user chose to overwrite). */
  function refuseStale({ revision, force }: { revision?: number | undefined; force?: boolean | undefined }, changedAt: number, field: string, message: string): void {
    if (revision === undefined || force === true || changedAt <= revision) return;
    throw new ExpectedError({ code: 'conflict', message, field });
  }

  /**
   * The account's replay (the incremental engine), in step with every change:
   * a change is checked by updating it, and the update is kept once the change
   * is committed. Made from the stored account when first needed (and again
   * after a change that did not come with its replay).
   */
  let replayed: { readonly replay: Replay; readonly seq: number } | null = null;
  function replay(): Replay {
    // Made again if the store changed other than through here (its journal position moved).
    if (replayed === null || replayed.seq !== store.seq) {
      try {
        // Its own list: the store changes the account's list in place. The store checked the account it opened by replaying it: that replay is taken over while nothing changed since.
        const events = data.account.events.slice();
        const checked = replayed === null ? checkedReplay(data.account) : undefined;
        const fresh = checked !== undefined && checked.account.events === data.account.events && checked.order.length === events.length;
        replayed = { replay: fresh ? { ...checked, account: { ...checked.account, events } } : replayBuild({ ...data.account, events }), seq: store.seq };
      } catch (e) {
        if (e instanceof ExpectedError) throw new Error(`the stored account does not replay: ${e.error.message}`);
        throw e;
      }
    }
    return replayed.replay;
  }
  /** The replay of `account` (the account now, changed): the engine's verdict on it, replaying only from the first event the change touches. Throws `ExpectedError` for an event the plan at the time does not allow. */
  function check(account: Account, span?: FileSpan, options?: UpdateOptions): Replay {
    return replayUpdate(replay(), account, span, options);
  }

  /** The call being run, for its reports of progress. */
  let running: HandlerName | null = null;
  let reportedAt = 0;
  /** A stage of the running call's progress: reported at its start and end, and at most every PROGRESS_MS between. */
  function stageProgress(stage: WorkProgress['stage']): Progress {
    return (done, total) => {
      if (!options.progress || running === null) return;
      const now = performance.now();
      if (done !== 0 && done !== total && now - reportedAt < PROGRESS_MS) return;
      reportedAt = now;
      options.progress({ call: running, stage, done, total });
    };
  }
  /** Where an op changes the account's list of events, when that is one place (the engine then compares nothing else). */
  function spanOf(op: Op): FileSpan | undefined {
    const n = data.account.events.length;
    switch (op.op) {
      case 'event-add':
        return op.index === undefined || op.index >= n ? { prefix: n, suffix: 0 } : { prefix: op.index, suffix: n - op.index };
      case 'events-add':
        return op.at === undefined ? { prefix: n, suffix: 0 } : undefined;
      case 'event-replace':
      case 'event-delete': {
        const i = eventIndex(op.id);
        return { prefix: i, suffix: n - 1 - i };
      }
      default:
        return undefined;
    }
  }
  /** The account's state on any date, from the kept replay (for the engine's other computations). */
  function stateSource(): StateSource {
    const r = replay();
    return (at) => replayStateAt(r, at);
  }
  /** The ledger of a replay's account on a date. */
  function ledgerAt(r: Replay, at: IsoDate): Ledger {
    return ledgerOf(replayStateAt(r, at), at);
  }
  /** The view last shown, for the replay, date and horizon it was made for: asking again costs nothing. */
  let viewMade: { readonly replay: Replay; readonly at: IsoDate; readonly months: number; readonly budget: Cents | null; readonly view: AccountView } | null = null;
  function viewOn(at: IsoDate): AccountView {
    const r = replay();
    const months = data.settings.forecastMonths;
    const budget = data.settings.monthlyBudget as Cents | null;
    if (viewMade?.replay !== r || viewMade.at !== at || viewMade.months !== months || viewMade.budget !== budget) viewMade = { replay: r, at, months, budget, view: accountViewOf(r, at, months, budget) };
    return viewMade.view;
  }

  /** The app state; `takeNotices` hands the one-time notices over (to the window), once. */
  function state(at?: IsoDate, takeNotices = true): AppState {
    const account = data.account;
    const view = account.events.length > 0 ? viewOn(at ?? today()) : null;
    const shown = takeNotices ? notices.splice(0) : [...notices];
    return {
      view,
      firstRun: account.events.length === 0,
      projects: data.projects,
      settings: data.settings,
      catalog: { proTiers: account.proTiers, freeQuota: account.freeQuota, rounding: account.rounding },
      dataDir: store.dir,
      notices: shown,
      readOnly: store.readOnly,
      changes: { undo: entryOf(changes.undo.at(-1)), redo: entryOf(changes.redo.at(-1)) },
      revision: store.seq,
    };
  }

  /** The op that undoes `op`, from the data before it. */
  function inverseOf(op: ChangeOp): ChangeOp {
    const events = data.account.events;
    switch (op.op) {
      case 'event-add':
        return { op: 'event-delete', id: op.event.id! };
      case 'event-replace':
        return { op: 'event-replace', id: op.id, event: events[eventIndex(op.id)]! };
      case 'event-delete': {
        const index = eventIndex(op.id);
        return { op: 'event-add', event: events[index]!, index };
      }
      case 'events-add':
        return { op: 'events-delete', ids: op.events.map((e) => e.id!) };
      case 'events-delete': {
        const gone = new Set(op.ids);
        const at: number[] = [];
        events.forEach((e, i) => e.id !== undefined && gone.has(e.id) && at.push(i));
        return { op: 'events-add', events: at.map((i) => events[i]!), at };
      }
      case 'patch':
        return {
          op: 'patch',
          ...(op.events ? { events: listPatchInverse(events, op.events) } : {}),
          ...(op.root ? { root: rootOf(data.account) } : {}),
          ...(op.projects ? { projects: listPatchInverse(data.projects, op.projects) } : {}),
          ...(op.settings ? { settings: data.settings } : {}),
        };
    }
  }

  /**
   * The data changed as a whole, as a record of what changes: the events and projects taken out and put in (the
   * same by id and content), the account's other fields and the settings where they change.
   */
  function patchOf(next: Partial<Data>): ChangeOp {
    const key = (item: { readonly id?: string | undefined }) => item.id ?? item;
    const events = next.account && next.account.events !== data.account.events ? listDiff(data.account.events, next.account.events, key) : null;
    const projects = next.projects ? listDiff(data.projects, next.projects, key) : null;
    const changed = (p: { remove: readonly unknown[]; add: readonly unknown[] } | null) => p !== null && p.remove.length + p.add.length > 0;
    return {
      op: 'patch',
      ...(changed(events) ? { events: events! } : {}),
      ...(next.account && !sameValue(rootOf(data.account), rootOf(next.account)) ? { root: rootOf(next.account) } : {}),
      ...(changed(projects) ? { projects: projects! } : {}),
      ...(next.settings ? { settings: next.settings } : {}),
    };
  }

  /** Whether an op changes the account (not only the projects or the settings). */
  function touchesAccount(op: Op): boolean {
    if (op.op === 'set') return op.data.account !== undefined;
    if (op.op === 'patch') return op.events !== undefined || op.root !== undefined;
    return true;
  }

  /**
   * The revision at which each event last changed (an edit, a delete, an import, an undo of any), and at which the
   * account was last set as a whole (every event then counts as changed): an edit of an event from an older
   * revision is refused only when that event changed since.
   */
  const eventChanged = new Map<string, number>();
  let eventsReplaced = opened;
  /** Note the events `op` changed, committed at `now`; `out`: the ids of those it took out. */
  function noteEvents(op: Op, out: readonly (string | undefined)[], now: number): void {
    switch (op.op) {
      case 'event-add':
        return void (op.event.id !== undefined && eventChanged.set(op.event.id, now));
      case 'event-replace':
      case 'event-delete':
        return void eventChanged.set(op.id, now);
      case 'events-add':
        return op.events.forEach((e) => e.id !== undefined && eventChanged.set(e.id, now));
      case 'events-delete':
        return op.ids.forEach((id) => eventChanged.set(id, now));
      case 'set':
        if (op.data.account !== undefined) eventsReplaced = now;
        return;
      case 'patch':
        for (const id of [...out, ...(op.events?.add.map((e) => e.id) ?? [])]) if (id !== undefined) eventChanged.set(id, now);
    }
  }

  /** The event `id`, for an edit or delete made from `stale.revision`: refused when another window deleted or changed it since (changed: unless `force`). */
  function eventFresh(id: string, stale: { revision?: number | undefined; force?: boolean | undefined }, what: string): number {
    const i = data.account.events.findIndex((e) => e.id === id);
    if (i < 0 && stale.revision !== undefined) throw new ExpectedError({ code: 'not-found', message: `Another window deleted ${what} since you opened it.`, field: 'event' });
    const index = eventIndex(id);
    refuseStale(stale, Math.max(eventChanged.get(id) ?? opened, eventsReplaced), 'event', `Another window changed ${what} since you opened it: it is now “${eventTitle(data.account.events[index]!)}”.`);
    return index;
  }

  const sizeOf = (): AccountSize => ({ events: data.account.events.length, projects: data.projects.length });

  /** Commit an op; `next`: the replay of the account it makes (checked before), kept once it is committed. */
  function commit(op: Op, next: Replay | null): void {
    const kept = replayed !== null && replayed.seq === store.seq ? replayed.replay : null;
    // The events a patch takes out, named before they go.
    const out = op.op === 'patch' && op.events ? op.events.remove.map((i) => data.account.events[i]?.id) : [];
    store.commit(op);
    noteEvents(op, out, store.seq);
    const replay = touchesAccount(op) ? next : kept;
    replayed = replay ? { replay, seq: store.seq } : null;
  }

  /**
   * Commit a change and keep it for Undo (a new change clears Redo); a `set` of the data is committed and kept as
   * a patch of what it changes. `whole`: it replaces the account as a whole, and undoing or redoing it asks first.
   */
  function record(op: Op, label: string, next: Replay | null = null, whole = false): void {
    const change = op.op === 'set' ? patchOf(op.data) : op;
    const undo = inverseOf(change);
    const before = sizeOf();
    commit(change, next);
    changes.push({ label, at: new Date().toISOString(), ...(whole ? { whole: { before, after: sizeOf() } } : {}), redo: change, undo });
  }

  /** Commit a kept op if it still applies and still makes an account the engine accepts; otherwise say why, changing nothing. */
  function reapply(op: ChangeOp, why: string): void {
    const conflict = opConflict(data, op);
    if (conflict !== null) reject('conflict', '', `${why}: ${conflict}`);
    const after: Data = { account: { ...data.account, events: data.account.events.slice() }, projects: data.projects, settings: data.settings };
    applyOp(after, op);
    let next: Replay | null = null;
    try {
      if (touchesAccount(op)) next = check(after.account, spanOf(op));
    } catch (e) {
      if (e instanceof ExpectedError) reject('conflict', '', `${why}: ${e.error.message}`);
      throw e;
    }
    commit(op, next);
  }

  function eventIndex(id: string): number {
    const i = data.account.events.findIndex((e) => e.id === id);
    if (i < 0) reject('not-found', 'id', `no event with id ${JSON.stringify(id)}`);
    return i;
  }

  /** Check the account a new event list makes, then commit the change; `label` says what it did (given the engine's replay of the new account). */
  function commitEvents(events: AccountEvent[], op: Op, label: (next: Replay) => string): AppState {
    const next = check({ ...data.account, events }, spanOf(op));
    record(op, label(next), next);
    return state();
  }

  /** An event's name, a plan change named for what the engine made of it (an upgrade, a downgrade). */
  function titleIn(next: Replay, event: AccountEvent, index: number): string {
    return eventTitle(event, next.tip.notes.find((n) => n.index === index)?.kind);
  }

  /** The account replaced by `account`; `whole`: as a whole (a setup), not only its prices. */
  function replaceAccount(account: Account, label: string, whole: boolean, next: Replay = check(account)): AppState {
    record({ op: 'set', data: { account } }, label, next, whole);
    return state();
  }

  /** A new account with the projects planned against it, as one change of the account as a whole. */
  function replaceAccountAndProjects(account: Account, projects: readonly Project[], label: string, next: Replay = check(account)): AppState {
    const ids = new Set<string>();
    const saved = projects.map((p): Project => {
      const id = p.id === undefined || ids.has(p.id) ? newId() : p.id;
      ids.add(id);
      return { ...p, id };
    });
    saved.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    record({ op: 'set', data: { account, projects: saved } }, label, next, true);
    return state();
  }

  const handlers = new Map<HandlerName, Handler<HandlerName>>();
  function register<K extends HandlerName>(name: K, handler: (input: ReturnType<(typeof api)[K]['input']['parse']>) => HandlerOutputs[K]): void {
    if (handlers.has(name)) throw new Error(`handler ${name} is registered twice`);
    handlers.set(name, handler as unknown as Handler<HandlerName>);
  }

  register('state-get', ({ at }) => state(at));
  register('usage-add', (input) => {
    const event: AccountEvent = { type: 'usage', id: newId(), ...input };
    return commitEvents(data.account.events.concat([event]), { op: 'event-add', event }, () => `Added a usage: ${eventTitle(event)}`);
  });
  register('usage-edit', ({ id, revision, force, ...fields }) => {
    const i = eventFresh(id, { revision, force }, 'this usage');
    if (data.account.events[i]!.type !== 'usage') reject('invalid-input', 'id', `event ${JSON.stringify(id)} is not a usage`);
    const event: AccountEvent = { type: 'usage', id, ...fields };
    const events = data.account.events.slice();
    events[i] = event;
    return commitEvents(events, { op: 'event-replace', id, event }, () => `Changed a usage: ${eventTitle(event)}`);
  });
  /** Every usage matching the filter, newest first, with what it cost. */
  type UsageFilter = { project?: string | undefined; feature?: string | undefined; month?: string | undefined };
  /** The usages a filter keeps, newest day first (same-day ones in the order they were entered), with their totals. */
  interface UsageSelection {
    readonly indices: Int32Array;
    readonly credits: number;
    readonly freeVideos: number;
  }
  /**
   * The usage log, made once per replay: every usage newest day first, the
   * months that have any, why each refused one was refused, and the selections
   * of the filters asked for since (a page of the log is then a slice).
   */
  interface UsageLog {
    readonly replay: Replay;
    readonly all: Int32Array;
    readonly months: string[];
    readonly refused: ReadonlyMap<number, string>;
    readonly selections: Map<string, UsageSelection>;
  }
  let logMade: UsageLog | null = null;
  function usageLog(): UsageLog {
    const r = replay();
    if (logMade?.replay === r) return logMade;
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
    logMade = { replay: r, all, months, refused: new Map(r.tip.refused.map((x) => [x.index, x.reason])), selections: new Map() };
    return logMade;
  }
  function usageSelect(filter: UsageFilter): { log: UsageLog; selection: UsageSelection } {
    const log = usageLog();
    const key = JSON.stringify([filter.project ?? null, filter.feature ?? null, filter.month ?? null]);
    let selection = log.selections.get(key);
    if (!selection) {
      const events = log.replay.account.events;
      const costs = log.replay.usageCosts;
      const free = log.replay.tip.usageFreeVideos;
      const kept: number[] = [];
      let credits = 0;
      let freeVideos = 0;
      for (const i of log.all) {
        const e = events[i] as UsageEvent;
        if ((filter.project !== undefined && (e.project ?? '') !== filter.project) || (filter.feature !== undefined && e.feature !== filter.feature) || (filter.month !== undefined && !e.date.startsWith(filter.month))) continue;
        kept.push(i);
        if (!log.refused.has(i)) credits += costs[i]!;
        freeVideos += free.get(i) ?? 0;
      }
      selection = { indices: Int32Array.from(kept), credits, freeVideos };
      // A few filters per replay: the log switches between them, each answered from here.
      if (log.selections.size >= 8) log.selections.delete(log.selections.keys().next().value!);
      log.selections.set(key, selection);
    }
    return { log, selection };
  }
  function usageRow(log: UsageLog, i: number): UsageRow {
    const e = log.replay.account.events[i] as UsageEvent;
    return { id: e.id!, date: e.date, feature: e.feature, minutes: e.minutes, seconds: e.seconds, count: e.count, videos: e.videos ?? 1, project: e.project, credits: log.replay.usageCosts[i]! as Credits, freeVideos: log.replay.tip.usageFreeVideos.get(i) ?? 0, refused: log.refused.get(i) ?? null };
  }

  register('usage-list', ({ offset, limit, ...filter }) => {
    const { log, selection } = usageSelect(filter);
    const start = offset ?? 0;
    const page = Array.from(selection.indices.subarray(start, start + (limit ?? 200)), (i) => usageRow(log, i));
    return { rows: page, revision: store.seq, total: selection.indices.length, totalCredits: selection.credits as Credits, totalFreeVideos: selection.freeVideos, months: log.months };
  });
  register('usage-csv', (filter) => {
    const { log, selection } = usageSelect(filter);
    return { text: usageCsv(Array.from(selection.indices, (i) => usageRow(log, i))), fileName: `credit-companion-usage-${today()}.csv` };
  });
  register('event-add', ({ event }) => {
    if (event.id !== undefined && data.account.events.some((e) => e.id === event.id)) reject('conflict', 'event.id', `${JSON.stringify(event.id)} is already the id of an event`);
    const withId: AccountEvent = { ...event, id: event.id ?? newId() };
    const index = data.account.events.length;
    return commitEvents(data.account.events.concat([withId]), { op: 'event-add', event: withId }, (ledger) => `${withId.type === 'usage' ? 'Added a usage' : 'Recorded'}: ${titleIn(ledger, withId, index)}`);
  });
  register('event-preview', ({ event }) => {
    const index = data.account.events.length;
    const candidate = { ...data.account, events: data.account.events.concat([{ ...event, id: event.id ?? 'preview' }]) };
    const before = data.account.events.length ? ledgerAt(replay(), event.date) : null;
    const after = ledgerAt(check(candidate, undefined, { preview: true }), event.date);
    // Charges the account already had, counted: a second add-on the same day is a second charge, not one already known.
    const known = new Map<string, number>();
    for (const c of before?.charges ?? []) known.set(`${c.date}|${c.amount}|${c.reason}`, (known.get(`${c.date}|${c.amount}|${c.reason}`) ?? 0) + 1);
    const isNew = (c: { date: string; amount: number; reason: string }) => {
      const key = `${c.date}|${c.amount}|${c.reason}`;
      const seen = known.get(key) ?? 0;
      known.set(key, seen - 1);
      return seen <= 0;
    };
    return {
      notes: after.notes.filter((n) => n.index === index).map((n) => n.message),
      charges: after.charges.filter((c) => isNew(c) && c.date === event.date).map((c) => ({ date: c.date, amount: c.amount, reason: c.reason, assumptions: c.assumptions })),
      balanceBefore: (before?.balance ?? 0) as Credits,
      balanceAfter: after.balance,
    };
  });
  register('event-delete', ({ id, ...stale }) => {
    const i = eventFresh(id, stale, 'this event');
    const deleted = data.account.events[i]!;
    const events = data.account.events.filter((_, j) => j !== i);
    return { ...commitEvents(events, { op: 'event-delete', id }, () => `Deleted: ${eventTitle(deleted)}`), deleted };
  });
  /** A spreadsheet's usages read against the account: what they add, and the replay of the account they make (null: nothing to add, or a problem). */
  type ImportInput = { text: string; map?: Partial<Record<ImportField, string>> | undefined; dateFormat?: DateFormat | undefined; features?: Record<string, FeatureId> | undefined; skip?: number[] | undefined };
  function importEvents(input: ImportInput) {
    const read = usageImport(input.text, data.account, { map: input.map, dateFormat: input.dateFormat, features: input.features, skip: input.skip, replay: false, progress: stageProgress('reading') });
    const events = read.events.map((e): AccountEvent => ({ ...e, id: newId() }));
    if (events.length === 0) return { read, events, next: null };
    const n = data.account.events.length;
    try {
      // The kept replay, brought on by the new usages: what they cost and what the engine refuses, the one replay the import needs.
      return { read, events, next: check({ ...data.account, events: data.account.events.concat(events) }, { prefix: n, suffix: 0 }, { progress: stageProgress('checking') }) };
    } catch (e) {
      if (!(e instanceof ExpectedError)) throw e;
      return { read: { ...read, events: [], eventRows: [], problems: [engineProblem(e.error, n, read.eventRows, read.columns.date)] }, events: [], next: null };
    }
  }
  /** What the preview shows besides the rows: each one's cost or refusal, the balance after, and what they change in what the account held. */
  function importRead(input: ImportInput) {
    const { read, events, next } = importEvents(input);
    if (next === null) return { read, events, next, costs: [], refusal: [], balanceAfter: null, changes: null };
    const n = data.account.events.length;
    const refused = new Map(next.tip.refused.filter((r) => r.index >= n).map((r) => [r.index, r.reason]));
    const refusal = events.map((_, i) => refused.get(n + i) ?? null);
    // A refused usage costs nothing: the vendor would not have made it.
    const costs = events.map((_, i) => (refusal[i] === null ? next.usageCosts[n + i]! : 0) as Credits);
    const last = next.account.events[next.order.at(-1)!]!.date;
    const at = last > today() ? last : today();
    const after = ledgerAt(next, at);
    // The events the account had keep their places; the new ones follow them.
    const changes = n === 0 ? null : changesBetween(data.account.events, ledgerAt(replay(), at), after, (i) => i);
    return { read, events, next, costs, refusal, balanceAfter: after.balance, changes };
  }

  /**
   * The last preview read, kept for the pages that follow and for the import: the same file and mapping on the same
   * revision is not read again.
   */
  let previewKept: { readonly revision: number; readonly key: string; readonly value: ReturnType<typeof importRead> } | null = null;
  const importKey = (input: ImportInput) => JSON.stringify([input.text, input.map ?? null, input.dateFormat ?? null, input.features ?? null, input.skip ?? null]);
  register('usage-import-preview', ({ offset, limit, ...input }) => {
    const key = importKey(input);
    if (previewKept?.revision !== store.seq || previewKept.key !== key) previewKept = { revision: store.seq, key, value: importRead(input) };
    const { read, events, costs, refusal, balanceAfter, changes } = previewKept.value;
    const start = offset ?? 0;
    return {
      header: read.header,
      columns: read.columns,
      rows: events.slice(start, start + (limit ?? 200)).map((e, k) => {
        const i = start + k;
        const u = e as UsageEvent;
        return { row: read.eventRows[i]!, date: u.date, feature: u.feature, minutes: u.minutes, seconds: u.seconds, count: u.count, videos: u.videos ?? 1, project: u.project, credits: costs[i]!, refused: refusal[i]! };
      }),
      added: events.length,
      refused: refusal.filter((r) => r !== null).length,
      skipped: read.skipped,
      problems: read.problems.slice(0, 100),
      problemCount: read.problems.length,
      unmatched: read.unmatched,
      credits: costs.reduce((a, b) => a + b, 0) as Credits,
      balanceAfter,
      undatedRows: read.undatedRows,
      changes,
    };
  });
  register('usage-import', (input) => {
    // What was just previewed is what is imported: read again only when the file, its mapping or the account changed.
    const previewed = previewKept?.revision === store.seq && previewKept.key === importKey(input) ? previewKept.value : null;
    const { read, events, next } = previewed ?? importEvents(input);
    if (read.problems.length > 0) {
      throw new ExpectedError(errorFromIssues('invalid-input', read.problems.map((p) => ({ path: '', message: `row ${p.row}${p.column ? `, column "${p.column}"` : ''}: ${p.message}` }))));
    }
    if (next === null) return { ...state(), added: 0, skipped: read.skipped, ids: [] };
    stageProgress('saving')(0, 1);
    previewKept = null;
    record({ op: 'events-add', events }, `Imported ${events.length} ${events.length === 1 ? 'usage' : 'usages'}`, next);
    return { ...state(), added: events.length, skipped: read.skipped, ids: events.map((e) => e.id!) };
  });
  // One call runs at a time here: by the time this is answered, none is under way (the host answers it while one runs).
  register('progress-get', () => null);
  register('account-replace', ({ account }) => {
    const { projects, ...parsed } = parseAccountOrThrow(account);
    const next = check(parsed);
    // An empty account given one is an account set up (the welcome screen's form): its change is named so, with its plan.
    const setUp = data.account.events.length === 0 ? `Set up the account on ${next.tip.sub ? planLabel(next.tip.sub.choice) : 'Free'}` : null;
    if (projects === undefined) return replaceAccount(parsed, setUp ?? 'Replaced the account', true, next);
    return replaceAccountAndProjects(parsed, projects, setUp ? `${setUp}, with its projects` : 'Replaced the account and its projects', next);
  });
  /** An account file's account and its projects (an export from the app lists them). */
  function accountFileRead(text: string): { account: Account; projects: Project[] | undefined; replay: Replay } {
    // accountParse checks the depth as it reads the value.
    const json = jsonRead(text);
    if (!json.ok) throw new ExpectedError(json.error);
    const { projects, ...account } = parseAccountOrThrow(json.value);
    return { account, projects, replay: replayBuild(account) };
  }
  function accountSummary(r: Replay, projects: number): AccountSummary {
    const events = r.account.events;
    const first = r.order[0];
    const last = r.order.at(-1);
    const plan = r.tip.sub ? planLabel(r.tip.sub.choice) : null;
    return { events: events.length, usages: r.usages, from: first === undefined ? null : events[first]!.date, to: last === undefined ? null : events[last]!.date, plan, projects };
  }
  register('account-import-preview', ({ text }) => {
    const file = accountFileRead(text);
    return { current: accountSummary(replay(), data.projects.length), file: accountSummary(file.replay, file.projects?.length ?? 0), fileHasProjects: file.projects !== undefined };
  });
  register('account-import', ({ text, projects: keep }) => {
    const file = accountFileRead(text);
    return replaceAccountAndProjects(file.account, keep === 'current' ? data.projects : (file.projects ?? []), 'Imported an account', file.replay);
  });
  // The whole account, its planned projects included, so that an export is everything a reset deletes.
  register('account-export', () => ({ text: `${JSON.stringify({ ...sortedByDate(data.account), projects: data.projects }, null, 2)}\n`, fileName: `credit-companion-account-${today()}.json` }));
  register('account-demo', () => {
    if (data.account.events.length > 0) reject('conflict', '', 'the demo replaces an empty account only: reset the account first');
    const demo = demoAccount(today());
    record({ op: 'set', data: { account: demo.account, projects: demo.projects } }, 'Opened the demo account', null, true);
    return state();
  });
  register('account-reset', () => {
    record({ op: 'set', data: { account: accountEmpty(), projects: [] } }, 'Reset the account', null, true);
    return state();
  });
  register('project-save', ({ project, ...stale }) => {
    if (project.id !== undefined) {
      const stored = data.projects.find((p) => p.id === project.id);
      refuseStale(stale, projectChanged.get(project.id) ?? opened, 'project', `Another window ${stored ? `changed the project “${stored.name}”` : `deleted the project “${project.name}”`} since you opened it.`);
    }
    // A new project with the name and date of one already planned is the same project typed twice.
    if (project.id === undefined && data.projects.some((p) => p.name === project.name && p.date === project.date)) {
      reject('conflict', 'project.name', `a project named “${project.name}” on ${project.date} is already planned: open it from the list to change it, or give this one another name or date`);
    }
    const saved: Project = { ...project, id: project.id ?? newId() };
    const projects = data.projects.filter((p) => p.id !== saved.id);
    projects.push(saved);
    projects.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    record({ op: 'set', data: { projects } }, `Saved the project “${saved.name}”`);
    return state();
  });
  register('project-delete', ({ id, ...stale }) => {
    const project = data.projects.find((p) => p.id === id);
    if (!project) reject('not-found', 'id', `no project with id ${JSON.stringify(id)}`);
    refuseStale(stale, projectChanged.get(id) ?? opened, 'project', `Another window changed the project “${project.name}” since you opened it.`);
    record({ op: 'set', data: { projects: data.projects.filter((p) => p.id !== id) } }, `Deleted the project “${project.name}”`);
    return state();
  });
  register('quote-run', ({ project, plan, retryFactor }) => {
    const account = data.account.events.length ? data.account : undefined;
    const r = quoteCompute(project, { plan, retryFactor, account, stateAt: stateSource() });
    if (!r.ok) throw new ExpectedError(r.error);
    const fit = account ? projectFitCompute(account, data.projects, project, today(), stateSource()) : null;
    if (fit && !fit.ok) throw new ExpectedError(fit.error);
    return { ...r.value, fit: fit ? fit.value : null };
  });
  register('pipeline-get', ({ months }) => {
    if (data.account.events.length === 0) return null;
    const r = pipelineCompute(data.account, data.projects, today(), months ?? data.settings.forecastMonths, stateSource());
    if (!r.ok) throw new ExpectedError(r.error);
    return r.value;
  });
  register('report-get', ({ by, months }) => {
    if (data.account.events.length === 0) return null;
    const r = reportCompute(data.account, today(), by ?? 'project', months ?? data.settings.forecastMonths, data.settings.monthlyBudget as Cents | null, stateSource());
    if (!r.ok) throw new ExpectedError(r.error);
    return { report: r.value, csv: { text: `${reportCsv(r.value)}\n`, fileName: `credit-companion-report-by-${r.value.by}-${today()}.csv` } };
  });
  /** The last comparison of the account's own months, for the replay, day, months and billing it was made for: the dashboard and Compare ask the same. */
  let compareMade: { readonly replay: Replay; readonly key: string; readonly history: HistoryComparison } | null = null;
  function historyCompared(months: number, billing: Billing): HistoryComparison {
    const r = replay();
    const key = `${today()}|${months}|${billing}`;
    if (compareMade?.replay === r && compareMade.key === key) return compareMade.history;
    const history = compareHistory(r.account, today(), months, billing, stateSource());
    if (!history.ok) throw new ExpectedError(history.error);
    compareMade = { replay: r, key, history: history.value };
    return history.value;
  }
  register('compare-run', ({ credits, billing, months }) => {
    const history = data.account.events.length ? historyCompared(months ?? 3, billing ?? 'monthly') : null;
    const tiers = tierPricesFromFile(data.account.proTiers);
    // From 100 credits a month (Creator's range is a segment, not a dot) through the figure asked about, so the chart can mark it.
    const sizes = [...new Set([100, credits ?? 100, PLANS.creator.monthlyCredits ?? 600, ...proTierSizes(tiers)])].sort((a, b) => a - b);
    const ladder = sizes.map((size): LadderPoint => {
      const options = compareCredits(size, billing ?? 'monthly', tiers).options;
      const pro = options.find((o) => o.plan === 'pro');
      return { credits: size, creator: options.find((o) => o.plan === 'creator')?.monthly ?? null, pro: pro?.monthly ?? null, proEstimated: pro?.estimated ?? false, business: options.find((o) => o.plan === 'business')!.monthly };
    });
    return { credits: credits === undefined ? null : compareCredits(credits, billing ?? 'monthly', tiers), history, ladder };
  });
  register('catalog-update', ({ revision, force, ...input }) => {
    refuseStale({ revision, force }, catalogChanged, 'catalog', 'Another window changed the price list since you opened it.');
    const account = { ...data.account };
    if (input.proTiers) account.proTiers = input.proTiers;
    if (input.freeQuota) account.freeQuota = input.freeQuota;
    if (input.rounding) account.rounding = input.rounding;
    return replaceAccount(parseAccountOrThrow(account), 'Changed the price list', false);
  });
  register('settings-update', ({ revision, force, ...input }) => {
    refuseStale({ revision, force }, settingsChanged, 'settings', 'Another window changed the settings since you opened them.');
    record({ op: 'set', data: { settings: { ...data.settings, ...input } } }, 'Changed the settings');
    return state();
  });

  /** The history screen's rows (newest first) with the months and projects its filters offer, made once per replay and day. */
  let historyMade: { readonly replay: Replay; readonly at: IsoDate; readonly rows: readonly LedgerRow[]; readonly months: string[]; readonly projects: string[] } | null = null;
  function historyRows(): NonNullable<typeof historyMade> {
    const r = replay();
    const at = today();
    if (historyMade?.replay === r && historyMade.at === at) return historyMade;
    const account = r.account;
    const history = historyCompute(account, at);
    if (!history.ok) throw new ExpectedError(history.error);
    const months = new Set<string>();
    const projects = new Set<string>();
    const rows: LedgerRow[] = [];
    for (const row of history.value) {
      const event = row.index === null ? null : account.events[row.index]!;
      const tag = event?.type === 'usage' ? (event.project ?? null) : null;
      months.add(row.date.slice(0, 7));
      if (tag !== null) projects.add(tag);
      rows.push({ ...row, id: event?.id ?? null, event, project: tag });
    }
    rows.reverse();
    historyMade = { replay: r, at, rows, months: [...months].sort().reverse(), projects: [...projects].sort() };
    return historyMade;
  }
  register('ledger-get', ({ kind, project, month, offset, limit }) => {
    if (data.account.events.length === 0) return { rows: [], revision: store.seq, total: 0, months: [], projects: [] };
    const made = historyRows();
    const rows = made.rows.filter((row) => (kind === undefined || row.kind === kind) && (month === undefined || row.date.startsWith(month)) && (project === undefined || (row.event?.type === 'usage' && (row.project ?? '') === project)));
    const start = offset ?? 0;
    return { rows: rows.slice(start, start + (limit ?? 200)), revision: store.seq, total: rows.length, months: made.months, projects: made.projects };
  });
  /** The event that replaces event `id` (its id kept). */
  function replacement(id: string, event: AccountEvent): AccountEvent {
    if (event.id !== undefined && event.id !== id) reject('invalid-input', 'event.id', `must be ${JSON.stringify(id)}, the id of the event it replaces, or left out`);
    return { ...event, id };
  }
  register('event-replace', ({ id, event, ...stale }) => {
    const i = eventFresh(id, stale, 'this event');
    const replaced = replacement(id, event);
    const events = data.account.events.slice();
    events[i] = replaced;
    return commitEvents(events, { op: 'event-replace', id, event: replaced }, (ledger) => `Changed: ${titleIn(ledger, replaced, i)}`);
  });
  register('event-change-preview', ({ id, event }) => {
    const i = eventIndex(id);
    const before = data.account;
    const events = before.events.slice();
    if (event) events[i] = replacement(id, event);
    else events.splice(i, 1);
    const after: Account = { ...before, events };
    const date = event ? event.date : before.events[i]!.date;
    const now = today();
    const ends = [now, lastEventDate(before), lastEventDate(after)].filter((d): d is IsoDate => d !== null).sort();
    const horizon = ends.at(-1)!;
    const replays = new Map<Account, Replay>([[before, replay()], [after, check(after, undefined, { preview: true })]]);
    const read = (account: Account, at: IsoDate): Ledger | null => (account.events.length === 0 ? null : ledgerAt(replays.get(account)!, at));
    const [lb, la] = [read(before, horizon), read(after, horizon)];
    const balance = (account: Account, at: IsoDate) => (read(account, at)?.balance ?? 0) as Credits;
    // Every other event keeps its place, but those after a deleted one move up by one.
    const indexAfter = (j: number) => (j === i ? null : event || j < i ? j : j - 1);
    const preview: ChangePreview = {
      date,
      today: now,
      notes: event ? (la?.notes ?? []).filter((n) => n.index === i).map((n) => n.message) : [],
      balanceOnDate: { before: balance(before, date), after: balance(after, date) },
      balanceToday: { before: balance(before, now), after: balance(after, now) },
      ...changesBetween(before.events, lb, la, indexAfter),
    };
    return preview;
  });
  register('history-get', () => ({ undo: changes.undo.map((c) => entryOf(c)!).reverse(), redo: changes.redo.map((c) => entryOf(c)!).reverse() }));
  /** The next change to undo or redo, if it is the one asked for; a whole change only once the user confirmed it. */
  function top(what: 'undo' | 'redo', id: number | undefined, confirm: true | undefined): Change {
    const change = changes[what].at(-1);
    if (!change) reject('conflict', '', `there is nothing to ${what}`);
    if (id !== undefined && change.id !== id) {
      const other = [...changes.undo, ...changes.redo].find((c) => c.id === id);
      reject('conflict', '', other ? `“${other.label}” is ${what === 'undo' && changes.redo.includes(other) ? 'already undone' : what === 'redo' && changes.undo.includes(other) ? 'not undone' : `not the next change to ${what}`}` : 'that change is no longer in the history');
    }
    if (change.whole && confirm !== true) throw new ExpectedError({ code: 'conflict', message: `${what === 'undo' ? 'Undoing' : 'Redoing'} “${change.label}” replaces the whole account: it is done once you confirm it.`, field: 'confirm' });
    return change;
  }
  register('history-undo', ({ id, confirm }) => {
    const change = top('undo', id, confirm);
    reapply(change.undo, `“${change.label}” cannot be undone`);
    changes.undone();
    return { ...state(), undone: entryOf(change)! };
  });
  register('history-redo', ({ id, confirm }) => {
    const change = top('redo', id, confirm);
    reapply(change.redo, `“${change.label}” cannot be redone`);
    changes.redone();
    return { ...state(), redone: entryOf(change)! };
  });

  /** What each backup holds and its balance on a day, read once per file and day (a backup does not change once written). */
  const backupsSeen = new Map<string, { readonly at: IsoDate; readonly summary: Omit<BackupSummary, 'name' | 'time' | 'revision'> }>();
  register('backup-list', () => {
    const at = today();
    const files = store.backups();
    for (const name of backupsSeen.keys()) if (!files.some((f) => f.name === name)) backupsSeen.delete(name);
    return {
      backups: files.map((file): BackupSummary => {
        let seen = backupsSeen.get(file.name);
        if (seen?.at !== at) {
          const kept = store.backupRead(file.name);
          const r = kept ? (checkedReplay(kept.account) ?? replayBuild(kept.account)) : null;
          seen = { at, summary: { account: kept && r ? accountSummary(r, kept.projects.length) : null, balance: r && r.account.events.length > 0 ? ledgerAt(r, at).balance : null } };
          backupsSeen.set(file.name, seen);
        }
        return { ...file, ...seen.summary };
      }),
    };
  });
  register('backup-restore', ({ name }) => {
    const file = store.backups().find((f) => f.name === name);
    if (!file) reject('not-found', 'name', `no backup is called ${name}: choose one from the list`);
    const kept = store.backupRead(name);
    if (!kept) reject('invalid-file', 'name', `the backup ${name} no longer reads: choose another`);
    return replaceAccountAndProjects(kept.account, kept.projects, `Restored the backup of ${file.time.slice(0, 10)} ${file.time.slice(11, 16)} UTC`, check(kept.account));
  });

  /** Run a handler, then announce the revision if it committed a change. */
  function run(name: string, handler: Handler<HandlerName>, input: unknown): ApiReply<HandlerName> {
    const before = store.seq;
    const was: Data = { account: data.account, projects: data.projects, settings: data.settings };
    try {
      return { ok: true, value: handler(input as never) };
    } catch (e) {
      if (e instanceof ExpectedError) return { ok: false, error: e.error };
      logBug(name, e);
      const error: AppError = { code: 'internal', message: `Something went wrong in ${name}. Please report it.` };
      return { ok: false, error };
    } finally {
      if (store.seq !== before) {
        noteChanged(was);
        announce(store.seq);
      }
    }
  }

  return {
    store,
    current: () => state(undefined, false),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    handle(name, input) {
      const handler = handlers.get(name as HandlerName);
      const spec = (api as Record<string, { input: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: unknown } } }>)[name];
      if (!handler || !spec || !Object.hasOwn(api, name)) return { ok: false, error: { code: 'not-found', message: `unknown handler ${JSON.stringify(name)}` } };
      // Absurd nesting is bad input, refused before anything walks it recursively.
      const deep = jsonDepthExceeds(input, JSON_DEPTH_LIMIT);
      if (deep !== null) return { ok: false, error: errorFromIssues('invalid-input', [jsonDepthIssue(deep, JSON_DEPTH_LIMIT)]) };
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) return { ok: false, error: errorFromIssues('invalid-input', issuesFromZod(parsed.error as never, input)) };
      running = name as HandlerName;
      try {
        return run(name, handler, parsed.data);
      } finally {
        running = null;
      }
    },
  };
}
