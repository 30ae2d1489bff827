/** The account slice: the app state the backend returns, the calls that change it, and keeping it as new as the account. */
import type { StateCreator } from 'zustand';
import type { AppState, HandlerInput, HandlerName } from '../../shared/api.ts';
import type { AppError } from '../../shared/errors.ts';
import { callsPending, send } from '../bridge.ts';
import { firstState, pageApp } from '../boot.ts';

type Changing = Exclude<HandlerName, 'quote-run' | 'compare-run' | 'account-export' | 'account-import-preview'>;

export interface AccountSlice {
  readonly app: AppState | null;
  readonly loadError: AppError | null;
  load(): Promise<void>;
  /** Run a handler that returns the new state; the error (if any) is returned for the form that asked. */
  change<K extends Changing>(name: K, input: HandlerInput<K>): Promise<AppError | null>;
  /**
   * The backend announced the account's revision (a change here, in another window, from the menu): a state older
   * than it is read again. `connected`: the first on a new connection, the server's own word even if lower.
   */
  revisionHeard(revision: number, connected: boolean): void;
}

/**
 * How long a newer revision heard while a call of this window is on its way waits for the reply that may bring it:
 * this window's own change is announced just before its reply arrives, and reading the state for it again would be
 * wasted. Heard with no call on its way, it is another window's and is read at once.
 */
const SETTLE_MS = 100;

export const createAccountSlice: StateCreator<AccountSlice, [], [], AccountSlice> = (set, get) => {
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
        if (!reply.ok) return;
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
    async load() {
      const reply = await (firstState() ?? send('state-get', {}));
      if (reply.ok) set({ app: reply.value, loadError: null });
      else set({ loadError: reply.error });
      void catchUp();
    },
    async change(name, input) {
      const reply = await send(name, input);
      if (!reply.ok) return reply.error;
      set({ app: reply.value as AppState });
      return null;
    },
    revisionHeard(revision, connected) {
      const shown = get().app?.revision;
      if (connected && shown !== undefined && revision !== shown) {
        mustRead = true;
        newest = revision;
      } else newest = Math.max(newest, revision);
      clearTimeout(settle);
      settle = setTimeout(() => void catchUp(), connected || !callsPending() ? 0 : SETTLE_MS);
    },
  };
};
