/** The session's state as the app shows it (on any date), and how far a long call has got. */
import type { Handlers } from './handlers.ts';
import { sessionState } from './session.ts';

export const stateHandlers: Handlers<'state-get' | 'progress-get' | 'sync-get'> = {
  'state-get': (s, { at }) => sessionState(s, at),
  // One call runs at a time here: by the time this is answered, none is under way (the host answers it while one runs).
  'progress-get': () => null,
  // The team sync runs beside the service: the host answers from what it last said (null when not linked).
  'sync-get': () => null,
};
