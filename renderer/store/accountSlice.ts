/** The account slice: the app state the backend returns, the calls that change it, and keeping it as new as the account. */
import type { StateCreator } from 'zustand';
import { appStateOf, type ApiReply, type AppState, type HandlerInput, type HandlerName, type HandlerOutput } from '../../shared/api.ts';
import type { AppError } from '../../shared/errors.ts';
import { callsPending, onRevision, onServerBack, send, workspaceShown, workspaceUse } from '../bridge.ts';
import { firstState, pageApp } from './boot.ts';
import type { UsageSlice } from './usageSlice.ts';

/** The handlers whose reply is the account's new state (some with what the change did beside it), as the api's types say. */
export type ChangeName = { [K in HandlerName]: HandlerOutput<K> extends AppState ? K : never }[HandlerName];
/** The handlers that only answer: the account stays as it is. */
export type ReadName = Exclude<HandlerName, ChangeName>;

export interface AccountSlice {
  readonly app: AppState | null;
  readonly loadError: AppError | null;
  /** Read the state and show it; `shown`: one already read (a switch's reply brings the workspace's first screen). */
  load(shown?: ApiReply<'state-get'>): Promise<void>;
  /** Run a handler that returns the new state, which the store then shows: the one place the app state is set from a change. The reply is returned whole, for what the change did beside it. */
  commit<K extends ChangeName>(name: K, input: HandlerInput<K>): Promise<ApiReply<K>>;
  /** Run a handler that returns the new state; the error (if any) is returned for the form that asked. */
  change<K extends ChangeName>(name: K, input: HandlerInput<K>): Promise<AppError | null>;
  /** Ask a handler that changes nothing. */
  read<K extends ReadName>(name: K, input: HandlerInput<K>): Promise<ApiReply<K>>;
  /**
   * The backend announced the account's revision (a change here, in another window, from the menu): a state older
   * than it is read again. `connected`: the first on a new connection, the server's own word even if lower.
   */
  revisionHeard(revision: number, connected: boolean): void;
  /** Keep the state as new as the account: hear each revision, and read everything again when the browser mode's server is back. Returns the stop. */
  follow(): () => void;
}

/**
 * How long a newer revision heard while a call of this window is on its way waits for the reply that may bring it:
 * this window's own change is announced just before its reply arrives, and reading the state for it again would be
 * wasted. Heard with no call on its way, it is another window's and is read at once.
 */
const SETTLE_MS = 100;

/**
 * Whether a state is of the workspace this window shows: a reply on its way while the window moved to another is
 * not. The first state the window has says which workspace it shows, when nothing did yet.
 */
function shownHere(app: AppState): boolean {
  const shown = workspaceShown();
  if (shown === undefined && app.workspace !== undefined) workspaceUse(app.workspace);
  return app.workspace === undefined || shown === undefined || app.workspace === shown;
}

/**
 * A state read again says nothing new of the one shown: the same workspace at the same revision, as of the same day,
 * saved or not alike, the same changes to undo and redo (a service opened again may have none), neither drawn from a
 * snapshot, and nothing to tell. Drawing the screen again would only cost the time (a switch back to a workspace shows
 * what it kept, and its reply says the same).
 */
function sameShown(was: AppState | null, now: AppState): boolean {
  return (
    was !== null &&
    was.workspace === now.workspace &&
    was.revision === now.revision &&
    was.view?.at === now.view?.at &&
    was.readOnly === now.readOnly &&
    was.dataDir === now.dataDir &&
    was.changes.undo?.id === now.changes.undo?.id &&
    was.changes.redo?.id === now.changes.redo?.id &&
    !was.opening &&
    !now.opening &&
    now.notices.length === 0 &&
    was.notices.length === 0
  );
}

export const createAccountSlice: StateCreator<AccountSlice & Pick<UsageSlice, 'listReset'>, [], [], AccountSlice> = (set, get) => {
  /** The newest revision announced. */
  let newest = 0;
  /** The server's revision on a new connection differs from the one shown (a restart onto other data): read it whatever it is. */
  let mustRead = false;
  let reading = false;
  let settle: ReturnType<typeof setTimeout> | undefined;

  const behind = () => {
    const app = get().app;
    return app !== null && (mustRead || app.revision < newest);
  };

  /** Read the state while the one shown is behind; a failed read leaves the screen as it is (the server banner says why). */
  async function catchUp(): Promise<void> {
    if (reading) return;
    reading = true;
    try {
      while (behind()) {
        const force = mustRead;
        mustRead = false;
        const reply = await send('state-get', {});
        if (!reply.ok || !shownHere(reply.value)) return;
        newest = Math.max(reply.value.revision, force ? 0 : newest);
        if (force || reply.value.revision >= (get().app?.revision ?? 0)) set({ app: reply.value, loadError: null });
      }
    } finally {
      reading = false;
    }
  }

  return {
    app: pageApp,
    loadError: null,
    async load(shown) {
      const reply = shown ?? (await (firstState() ?? send('state-get', {})));
      if (reply.ok) {
        if (!shownHere(reply.value)) return;
        newest = reply.value.revision;
        if (!sameShown(get().app, reply.value)) set({ app: reply.value, loadError: null });
        else if (get().loadError) set({ loadError: null });
        // Drawn from the snapshot while the account is still read: shown, and asked for again (the answer waits for the account, the window does not).
        if (reply.value.opening) return void get().load();
      } else set({ loadError: reply.error });
      void catchUp();
    },
    async commit(name, input) {
      const reply = await send(name, input);
      if (reply.ok && shownHere(reply.value)) set({ app: appStateOf(reply.value) });
      return reply;
    },
    async change(name, input) {
      const reply = await get().commit(name, input);
      return reply.ok ? null : reply.error;
    },
    read: (name, input) => send(name, input),
    revisionHeard(revision, connected) {
      const shown = get().app?.revision;
      if (connected && shown !== undefined && revision !== shown) {
        mustRead = true;
        newest = revision;
      } else newest = Math.max(newest, revision);
      clearTimeout(settle);
      settle = setTimeout(() => void catchUp(), connected || !callsPending() ? 0 : SETTLE_MS);
    },
    follow() {
      // Whatever failed while the server was away is read again, the log's pages too (the account's revision may be the same).
      const offBack = onServerBack(() => {
        void get().load();
        get().listReset();
      });
      const offRevision = onRevision(get().revisionHeard);
      return () => {
        offBack();
        offRevision();
      };
    },
  };
};
