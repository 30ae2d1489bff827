/**
 * A device's team sync: the cycle that records its local changes as ops, pushes them, pulls everyone's, folds them
 * and brings the result into its store; and what runs it (a change committed, a NOTIFY from the server, a poll).
 *
 * What is durable, and in which order, is the point. The store holds what the user made; `sync.json` holds the
 * fold of what was pulled, the ops in flight (their ids fixed before the first push, so a push retried after a
 * crash is the same push), and the store revision at which the data was that fold with those ops on top. Every
 * change after that revision is a local change still to record, so one committed and not yet pushed survives
 * anything the store survives. The state is saved before the store is written, naming the revision the write
 * takes: a crash between the two is seen at the next cycle (the store behind that revision) and the write is made
 * again, never taken for local changes.
 *
 * The cycle's steps between its awaits are synchronous and run in the service's own thread (the worker), so no
 * handler commits between reading the data and writing it: a change made while a push or pull is on the wire is
 * recorded by the next step, based on what the device showed when it was made.
 */
import { randomUUID } from 'node:crypto';
import { v7 } from 'uuid';
import type { SyncConflictView, SyncView } from '../../shared/api.ts';
import { ExpectedError } from '../../shared/errors.ts';
import { SYNC_PULL_MAX, SYNC_PUSH_MAX, type SyncOp } from '../../shared/formats/syncOp.ts';
import { syncStateNew, type PulledOp, type SyncFoldAt, type SyncState } from '../../shared/formats/syncState.ts';
import { entriesData, entriesPatch, patchEmpty, type EntriesPatch, type TouchedEntries } from '../../shared/sync/entries.ts';
import { mergeApplyNew, mergeFold, mergeOver, mergeSettle, type Merged, type MergeOp, type SyncConflict } from '../../shared/sync/merge.ts';
import { outboxPending, outboxRecord, outboxRecordTouched, outboxView } from '../../shared/sync/outbox.ts';
import { sameValue, type Data } from '../../shared/store.ts';
import type { Service } from '../service.ts';
import { syncClose, syncConnect, SyncError, syncTarget, type SyncServer } from './connection.ts';
import { workspaceOpen } from './members.ts';
import { opsHead, opsListen, opsPull, opsPush } from './ops.ts';
import { syncPasswordRead, syncPasswordSave, syncSeenClear, syncSeenSave, syncStateLoad, syncStateSave } from './state.ts';

/** The device's data, as the sync reads and writes it (the service's, in its thread). */
export interface SyncLocal {
  data(): Data;
  /** The store's revision: one more with each change committed. */
  revision(): number;
  /** Make the account and projects `next`, as one change not kept for Undo; false when nothing changes. Throws `ExpectedError` when the engine refuses them. */
  write(next: Pick<Data, 'account' | 'projects'>): boolean;
  /** Change a few entries (`entriesPatch`'s), as `write` does; null when the patch does not apply to the data (then `write` the whole). */
  patch(patch: EntriesPatch): boolean | null;
  /** What the changes committed after revision `since` touched; null when that is not known. */
  touched(since: number): TouchedEntries | null;
  /** Hear each change committed (its revision); returns the unsubscribe. */
  subscribe(listener: (revision: number) => void): () => void;
}

/** The device's data as its service holds it. */
export function syncLocalOf(service: Service): SyncLocal {
  return {
    data: () => service.store.data,
    revision: () => service.store.seq,
    write: (next) => service.syncWrite(next),
    patch: (patch) => service.syncPatch(patch),
    touched: (since) => service.syncTouched(since),
    subscribe: (listener) => service.subscribe(listener),
  };
}

export type SyncPhase =
  /** The last cycle reached the server and brought everything in. */
  | 'synced'
  /** The server cannot be reached: the app works on, and the changes wait. */
  | 'offline'
  /** The team's data cannot be brought in (the engine refuses the merged account): the device keeps its own, and what it made waits. */
  | 'refused'
  /** The server refused the device (its password, its membership, its schema): `message` says what to do. */
  | 'failed'
  /** No cycle has run yet. */
  | 'idle';

export interface SyncStatus {
  readonly phase: SyncPhase;
  readonly message: string | null;
  /** When the phase began (ISO): "offline since 10:42". */
  readonly since: string;
  readonly lastSyncAt: string | null;
  /** The device's changes the server does not hold yet. */
  readonly pending: number;
  /** The conflicts unsettled, as the device shows them. */
  readonly conflicts: readonly SyncConflict[];
  /** A cycle bringing in more than a page of the team's changes (a first sync): how many of them so far. */
  readonly receiving: { readonly done: number; readonly total: number } | null;
}

export interface DeviceSyncOptions {
  /** The workspace's folder (`sync.json` lives there). */
  readonly dir: string;
  readonly local: SyncLocal;
  readonly state: SyncState;
  /** Where the state's fold stands on disk (`syncStateLoad`'s); none: the first save writes it anew. */
  readonly at?: SyncFoldAt | null;
  /** A connection to the team's server (the password added where it is kept). */
  readonly connect: () => Promise<SyncServer>;
  /** How often the server is asked when no NOTIFY came (a connection lost says nothing): 30 s. */
  readonly pollMs?: number;
  /** While the server cannot be reached, the first try again after this long (1 s), each next one twice as long, up to the poll's interval. */
  readonly retryMs?: number;
  /** How many ops a pull asks for at once: `SYNC_PULL_MAX` (tests ask for fewer, to see pages). */
  readonly pullPage?: number;
  readonly log?: (message: string) => void;
}

export interface DeviceSync {
  /** Sync now (after the cycle running, if one is); resolves to the status it ends in. Never rejects for what the sync expects. */
  sync(): Promise<SyncStatus>;
  /** Keep syncing: on each local change, each NOTIFY of the workspace's channel, and each poll; offline, again soon (`retryMs`). */
  start(): void;
  /** Stop, the running cycle finished and the connection closed. */
  stop(): Promise<void>;
  status(): SyncStatus;
  /** Hear each new status (a cycle ended in another phase, brought changes, left other changes waiting or other conflicts). Returns the unsubscribe. */
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /**
   * Settle the conflicts of entry `eventId` with the version op `op` made (the standing one, or the other): one more
   * op, based on the version that stands, made the device's data at once and pushed by the next cycle. Throws
   * `ExpectedError` when no unsettled conflict holds that version, or the engine refuses the data it makes.
   */
  keep(eventId: string, op: string): void;
  state(): SyncState;
}

/** How many rounds one cycle runs at most (record, push, pull) while its own ops are not yet shown back. */
const ROUNDS = 3;

/**
 * Link the workspace in `dir` to `name` on `server` (made there when the role may): its id there, a new device id;
 * saved as the folder's sync state, the password apart (in the folder, mode 0600, unless `keepPassword` is false: the
 * desktop app keeps it with safeStorage).
 */
export async function deviceLink(dir: string, server: SyncServer, name: string, member: string | null, revision: number, keepPassword = true): Promise<SyncState> {
  const opened = await workspaceOpen(server, name);
  const url = new URL(server.url);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const state = syncStateNew({ server: url.toString(), workspace: opened.id, name: opened.name, device: randomUUID(), member }, revision);
  // The password first: a link cut off between the two is one the next link replaces, never one that cannot sync.
  if (keepPassword && password !== '') syncPasswordSave(dir, password);
  // A time of an earlier link's last sync is not this one's.
  syncSeenClear(dir);
  syncStateSave(dir, state, null);
  return state;
}

/**
 * The sync of the workspace in `dir` when it is linked and its password kept (what a start finds in its folder:
 * a workspace stays linked across restarts); null when it is not linked, or cannot sync (said to `log`). `held`: the
 * password the desktop app keeps for it (safeStorage); without one, the folder's own.
 */
export function deviceResume(dir: string, local: SyncLocal, log: (message: string) => void, held: string | null = null): DeviceSync | null {
  const disk = syncStateLoad(dir, true);
  if (disk.kind === 'damaged') {
    log(`the team sync's state in ${dir} could not be read (${disk.reason})${disk.aside === null ? '' : `; it is kept as ${disk.aside}`}: the workspace is no longer linked, and nothing it holds is lost`);
    return null;
  }
  if (disk.kind === 'none') return null;
  const password = held ?? syncPasswordRead(dir);
  const url = new URL(disk.state.link.server);
  if (password === null) {
    log(`the workspace in ${dir} is linked to ${syncTarget(url.toString())}, but no password is kept for it: link it again`);
    return null;
  }
  url.password = encodeURIComponent(password);
  return deviceSync({ dir, local, state: disk.state, at: disk.at, connect: () => syncConnect(url.toString()), log });
}

/**
 * The pulled ops after `state.seq`, `pageSize` at a time (each page asked for while the one before is folded),
 * folded onto a layer over the state's fold (the state's own when none came). More than a page: how many there are is asked once, and `told` hears how many are in after each page.
 */
async function pullAll(server: SyncServer, state: SyncState, pageSize: number, told: (done: number, total: number) => void): Promise<Pulled> {
  let fold: Merged | null = null;
  const mine = new Set(state.inflight.map((op) => op.id));
  const shown = new Set<string>();
  const ops: PulledOp[] = [];
  let seq = state.seq;
  let total: number | null = null;
  const pull = (after: number) => {
    const page = opsPull(server, state.link.workspace, after, pageSize);
    // Awaited in its turn: failing before then is not a rejection nobody handles.
    page.catch(() => {});
    return page;
  };
  let next = pull(seq);
  for (let more = true; more; ) {
    const page = await next;
    if (page.more && total === null) total = page.ops.length + (await opsHead(server, state.link.workspace, page.lastSeq)).waiting;
    // The next page is asked for before this one is folded: the server reads it meanwhile.
    if (page.more) next = pull(page.lastSeq);
    for (const op of page.ops) {
      fold ??= mergeOver(state.fold);
      mergeApplyNew(fold, op);
      if (mine.has(op.id)) shown.add(op.id);
      ops.push(op);
    }
    seq = page.lastSeq;
    more = page.more;
    // Ops pushed meanwhile come too: the total grows with them.
    if (total !== null) told(ops.length, (total = Math.max(total, ops.length)));
  }
  return { fold: fold ?? state.fold, seq, shown, ops };
}

/** The views shown of each state (read only: a view to record into is `outboxView`'s own copy). */
const shownViews = new WeakMap<SyncState, Merged>();

/** What the device shows of `state`: its fold, its ops in flight on top; made once per state. */
function viewShown(state: SyncState): Merged {
  if (state.inflight.length === 0) return state.fold;
  let view = shownViews.get(state);
  if (view === undefined) shownViews.set(state, (view = outboxView(state)));
  return view;
}

/** What a cycle pulled: the fold with it, the last seq, which of the device's ops came back, and the ops. */
interface Pulled {
  readonly fold: Merged;
  readonly seq: number;
  /** The ids of the device's ops in flight that came back. */
  readonly shown: Set<string>;
  readonly ops: readonly PulledOp[];
}

/** `fold` with `ops` on top: a layer over it, or the fold itself when there are none (to read only: it may be the state's). */
function foldOn(ops: readonly MergeOp[], fold: Merged): Merged {
  return ops.length === 0 ? fold : mergeFold(ops, mergeOver(fold));
}

export function deviceSync(options: DeviceSyncOptions): DeviceSync {
  const { dir, local, connect } = options;
  const log = options.log ?? ((message: string) => console.error(`credit-companion: ${message}`));
  let state = options.state;
  /** Where the state's fold stands on disk (null: not written as this version writes it: the next save does). */
  let at = options.at ?? null;
  let server: SyncServer | null = null;
  let status: SyncStatus = { phase: 'idle', message: null, since: new Date().toISOString(), lastSyncAt: state.lastSyncAt, pending: 0, conflicts: [], receiving: null };
  let running: Promise<SyncStatus> | null = null;
  /** The data is exactly the view's (written, or found equal, by the last settle), at the state's revision. */
  let inStep = false;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  /** Listening on the workspace's channel, on the connection open now (closing it stops that). */
  let listening = false;
  const pollMs = options.pollMs ?? 30_000;
  const retryFirstMs = options.retryMs ?? 1000;
  /** Offline while started: the next try, sooner than the poll, so a server back is seen within seconds. */
  let retry: NodeJS.Timeout | null = null;
  let retryMs = retryFirstMs;
  let unsubscribe: (() => void) | null = null;
  const statusListeners = new Set<(status: SyncStatus) => void>();

  /** Save `next`; `pulled`: the ops its fold has on top of the state's, in the server's order. */
  function save(next: SyncState, pulled: readonly PulledOp[] = []): void {
    at = syncStateSave(dir, next, at, pulled);
    state = next;
  }

  /** The store behind the revision the last sync write was to take (a crash between the state saved and the write): the write, made again. */
  function catchUp(): void {
    if (local.revision() >= state.localSeq) return;
    local.write(entriesData(viewShown(state), local.data().settings));
    save({ ...state, localSeq: local.revision() });
  }

  /** Write `patch` to the store, or the whole data (`whole`) where there is none or the store finds it does not fit its data; false when nothing changed. */
  function bring(patch: EntriesPatch | null, whole: () => Pick<Data, 'account' | 'projects'>): boolean {
    return (patch === null ? null : local.patch(patch)) ?? local.write(whole());
  }

  /**
   * The local changes since the state's revision, recorded as ops in flight (saved before they are pushed): those
   * of the entries the store says its changes touched, or, when it cannot say, of every entry.
   */
  function record(): void {
    if (!state.joined || local.revision() === state.localSeq) return;
    const touched = local.touched(state.localSeq);
    const view = outboxView(state);
    let made: SyncOp[];
    if (touched === null) {
      // The data holds the view's entries again, perhaps not in the view's order: the next settle writes it whole.
      inStep = false;
      made = outboxRecord(local.data(), view, state, v7);
    } else {
      const recorded = outboxRecordTouched(local.data(), touched, view, state, v7);
      made = recorded.ops;
      inStep &&= recorded.inOrder;
    }
    save({ ...state, inflight: [...state.inflight, ...made], localSeq: local.revision() });
  }

  async function push(to: SyncServer): Promise<void> {
    for (let i = 0; i < state.inflight.length; i += SYNC_PUSH_MAX) {
      const { reused } = await opsPush(to, state.inflight.slice(i, i + SYNC_PUSH_MAX));
      // An id the server holds for another op: v7 ids do not meet by chance, so this is a bug to hear of.
      if (reused.length > 0) throw new SyncError('invalid', `the server holds other ops under the ids of ${reused.length} of this device's: they were not pushed`);
    }
  }

  /**
   * Bring what was pulled into the store: the changes made meanwhile recorded (based on what the device showed,
   * or on the team's data at a first sync), the ops shown back taken out of flight, the fold with the others on top
   * written as one change: only the entries the pulled ops and those in flight touch when the data is the view's in
   * its order (`entriesPatch`), the whole data otherwise. The state is saved first, naming the revision the write takes.
   */
  function settle(pulled: Pulled): void {
    // Nothing pulled, nothing changed here since the data was last made the view: only the time of the sync is new.
    if (inStep && state.joined && pulled.ops.length === 0 && local.revision() === state.localSeq) {
      const at = new Date().toISOString();
      syncSeenSave(dir, at);
      state = { ...state, lastSyncAt: at };
      return;
    }
    const data = local.data();
    let before: SyncState;
    if (state.joined) {
      record();
      before = state;
    } else {
      // The ops made now are folded into the base: a layer, never the fold the state keeps (what the server holds).
      const made = outboxRecord(data, mergeFold(state.inflight.filter((op) => !pulled.shown.has(op.id)), mergeOver(pulled.fold)), state, v7);
      before = { ...state, inflight: [...state.inflight, ...made], localSeq: local.revision() };
    }
    const inflight = before.inflight.filter((op) => !pulled.shown.has(op.id));
    const view = foldOn(inflight, pulled.fold);
    // What the device showed and the view differ only in the entries the pulled ops and those in flight touch.
    const patch = state.joined && inStep ? entriesPatch(state.fold, viewShown(state), view, new Set([...pulled.ops, ...before.inflight].map((op) => op.eventId))) : null;
    inStep = false;
    const next = patch === null ? entriesData(view, data.settings) : null;
    const writes = next === null ? !patchEmpty(patch!) : !sameValue(next.account, data.account) || !sameValue(next.projects, data.projects);
    save({ ...before, joined: true, seq: pulled.seq, fold: pulled.fold, inflight, localSeq: local.revision() + (writes ? 1 : 0), lastSyncAt: new Date().toISOString() }, pulled.ops);
    if (writes) {
      try {
        // Equal once checked as a file is (what another app version wrote may read back alike): the revision stays.
        if (!bring(patch, () => next ?? entriesData(view, data.settings))) save({ ...state, localSeq: local.revision() });
      } catch (e) {
        // Not written: the state goes back to the data the store holds, what was made now kept in flight.
        save(before);
        throw e;
      }
    }
    // What was pulled is the state's fold now: its layer is folded down (the fold before it is read no more).
    state = { ...state, fold: mergeSettle(state.fold) };
    inStep = true;
  }

  function statusOf(phase: SyncPhase, message: string | null, receiving: SyncStatus['receiving']): SyncStatus {
    const since = phase === status.phase ? status.since : new Date().toISOString();
    // No change since the last recorded: what waits is what is in flight (the whole difference is the account's size to compute).
    const recorded = state.joined && local.revision() === state.localSeq;
    // While a pull's pages come in, what waits is as the pull's first page found it (the pull's end counts it again):
    // before a device has joined, counting it compares the whole account, page after page.
    const pulling = receiving !== null && status.receiving !== null;
    const pending = pulling ? status.pending : recorded ? state.inflight.length : outboxPending(local.data(), state, local.touched(state.localSeq));
    const { conflicts } = viewShown(state);
    return { phase, message, since, lastSyncAt: state.lastSyncAt, pending, conflicts, receiving };
  }

  /** The cycle's status, told when it differs from the last; `receiving`: a pull under way. */
  function statusSet(phase: SyncPhase, message: string | null, receiving: SyncStatus['receiving'] = null): SyncStatus {
    const next = statusOf(phase, message, receiving);
    const same = sameValue(next, status);
    status = next;
    if (!same) for (const l of statusListeners) l(status);
    return status;
  }

  function keep(eventId: string, op: string): void {
    catchUp();
    // What was changed here since is recorded first: the data is about to be the view again.
    record();
    const view = viewShown(state);
    const standing = view.events.get(eventId);
    const conflict = view.conflicts.find((c) => c.eventId === eventId && (c.standing === op || c.other.op === op));
    if (standing === undefined || conflict === undefined) throw new ExpectedError({ code: 'not-found', message: 'This conflict is settled already: the history shows the entry as it stands.' });
    const body = conflict.other.op === op ? conflict.other.body : standing.body;
    const kind = body === null ? 'delete' : standing.body === null ? 'add' : 'replace';
    const { workspace, member, device } = state.link;
    const before = state;
    const ordered = inStep;
    save({ ...state, inflight: [...state.inflight, { id: v7(), workspace, eventId, kind, member, device, base: standing.version, body }] });
    inStep = false;
    try {
      const shown = viewShown(state);
      // The data is the view's in its order: only the entry kept changes (the entries in flight named too: they are not the fold's).
      bring(ordered ? entriesPatch(state.fold, view, shown, new Set(state.inflight.map((o) => o.eventId))) : null, () => entriesData(shown, local.data().settings));
    } catch (e) {
      save(before);
      throw e;
    }
    save({ ...state, localSeq: local.revision() });
    inStep = true;
    statusSet(status.phase, status.message);
    request();
  }

  async function rounds(): Promise<void> {
    catchUp();
    record();
    server ??= await connect();
    for (let round = 0; round < ROUNDS; round++) {
      await push(server);
      settle(await pullAll(server, state, options.pullPage ?? SYNC_PULL_MAX, (done, total) => statusSet(status.phase, status.message, { done, total })));
      record();
      if (state.inflight.length === 0) break;
    }
  }

  async function cycle(): Promise<SyncStatus> {
    for (let attempt = 0; ; attempt++) {
      // A connection kept from an earlier cycle may have died since (the server restarted): a new one is tried once.
      const kept = server !== null;
      try {
        await rounds();
        return statusSet('synced', null);
      } catch (e) {
        if (e instanceof ExpectedError) {
          return statusSet('refused', `The team's changes cannot be brought in: ${e.error.message}`);
        }
        if (!(e instanceof SyncError)) {
          // A pull under way says so no longer: the cycle ended.
          statusSet(status.phase, status.message);
          throw e;
        }
        if (server !== null) await syncClose(server).catch(() => {});
        server = null;
        listening = false;
        if (e.code === 'unreachable' && kept && attempt === 0) continue;
        return statusSet(e.code === 'unreachable' ? 'offline' : 'failed', e.message);
      }
    }
  }

  function sync(): Promise<SyncStatus> {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await cycle();
          // A push made between this cycle's pull and the LISTEN notified nobody here: one more cycle brings it.
          if (await listen()) again = true;
        } while (again && !stopped);
        retryPlan();
        return status;
      } finally {
        running = null;
      }
    })();
    return running;
  }

  /** After a cycle: offline while started, try again soon, each time later (up to the poll's interval); otherwise wait for the next reason. */
  function retryPlan(): void {
    if (retry !== null) clearTimeout(retry);
    retry = null;
    if (status.phase !== 'offline' || timer === null || stopped) {
      retryMs = retryFirstMs;
      return;
    }
    retry = setTimeout(() => {
      retry = null;
      request();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, pollMs);
  }

  /** Listen on the workspace's channel while connected: another device's push brings a cycle at once. True when it begins to listen now. */
  async function listen(): Promise<boolean> {
    if (timer === null || server === null || listening) return false;
    try {
      await opsListen(server, state.link.workspace, (seq) => {
        if (seq > state.seq) request();
      });
      listening = true;
      return true;
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      // The poll covers it.
      return false;
    }
  }

  function request(): void {
    void sync().catch((e: unknown) => log(`the team sync failed: ${String(e)}`));
  }

  return {
    sync,
    start() {
      if (timer !== null) return;
      timer = setInterval(request, pollMs);
      // A change of the user's (not the sync's own write) is pushed at once.
      unsubscribe = local.subscribe((revision) => {
        if (revision > state.localSeq) request();
      });
      request();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (retry !== null) clearTimeout(retry);
      retry = null;
      unsubscribe?.();
      await running?.catch(() => {});
      if (server !== null) await syncClose(server).catch(() => {});
      server = null;
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    keep,
    state: () => state,
  };
}

/** The sync's status as a page shows it: each conflict with the version that stands (the event as the device holds it) beside the other. */
export function deviceView(status: SyncStatus, state: SyncState): SyncView {
  const shown = status.conflicts.length === 0 ? null : viewShown(state);
  const conflicts = status.conflicts.map((c): SyncConflictView => {
    const standing = shown?.events.get(c.eventId);
    return { eventId: c.eventId, standing: { op: c.standing, body: standing?.body ?? null, member: standing?.member ?? null, device: standing?.device ?? '' }, other: { op: c.other.op, body: c.other.body, member: c.other.member, device: c.other.device } };
  });
  const { phase, message, since, lastSyncAt, pending, receiving } = status;
  return { phase, message, since, lastSyncAt, pending, conflicts, receiving, server: state.link.server, workspace: state.link.name, device: state.link.device };
}
