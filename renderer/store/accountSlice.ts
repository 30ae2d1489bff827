/** The account slice: the app state the backend returns, and the calls that change it. */
import type { StateCreator } from 'zustand';
import type { AppState, HandlerInput, HandlerName } from '../../shared/api.ts';
import type { AppError } from '../../shared/errors.ts';
import { send } from '../bridge.ts';

type Changing = Exclude<HandlerName, 'quote-run' | 'compare-run' | 'account-export' | 'account-import-preview'>;

export interface AccountSlice {
  readonly app: AppState | null;
  readonly loadError: AppError | null;
  load(): Promise<void>;
  /** Run a handler that returns the new state; the error (if any) is returned for the form that asked. */
  change<K extends Changing>(name: K, input: HandlerInput<K>): Promise<AppError | null>;
}

export const createAccountSlice: StateCreator<AccountSlice, [], [], AccountSlice> = (set) => ({
  app: null,
  loadError: null,
  async load() {
    const reply = await send('state-get', {});
    if (reply.ok) set({ app: reply.value, loadError: null });
    else set({ loadError: reply.error });
  },
  async change(name, input) {
    const reply = await send(name, input);
    if (!reply.ok) return reply.error;
    set({ app: reply.value as AppState });
    return null;
  },
});
