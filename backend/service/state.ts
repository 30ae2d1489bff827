/** The session's state as the app shows it (on any date), and how far a long call has got. */
import type { Handlers } from './handlers.ts';
import { ExpectedError } from '../../shared/errors.ts';
import { sessionState } from './session.ts';

const NOT_LINKED = { code: 'not-found', message: 'This workspace is not linked to a team.' } as const;

export const stateHandlers: Handlers<'state-get' | 'progress-get' | 'sync-get' | 'sync-keep' | 'sync-leave' | 'sync-link'> = {
  'state-get': (s, { at }) => sessionState(s, at),
  // One call runs at a time here: by the time this is answered, none is under way (the host answers it while one runs).
  'progress-get': () => null,
  // The team sync runs beside the service: the host answers from what it last said (null when not linked).
  'sync-get': () => null,
  'sync-keep': (s, { eventId, op }) => {
    if (s.syncKeep === undefined) throw new ExpectedError(NOT_LINKED);
    s.syncKeep(eventId, op);
    return sessionState(s);
  },
  // A linked workspace's worker answers it (it stops the sync first): here, the workspace is not linked.
  'sync-leave': () => {
    throw new ExpectedError(NOT_LINKED);
  },
  // The worker links a workspace (it reaches the server and starts the sync beside the service): here, the input was
  // checked, and this service runs with no worker to sync it (a read-only folder, or a test's service alone).
  'sync-link': () => {
    throw new ExpectedError({ code: 'unavailable', message: 'This window cannot link the workspace to a team: another app holds it, or it is opened read-only.' });
  },
};
