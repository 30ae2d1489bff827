/**
 * The first call, made while the rest of the app's code still loads: this
 * small module runs before the main one (index.html names it first), so the
 * account is on its way while React and the screens are read. The store's
 * first `load` takes its answer.
 */
import type { ApiReply } from '../shared/api.ts';
import { send } from './bridge.ts';

let first: Promise<ApiReply<'state-get'>> | null = send('state-get', {});

/** The answer to the state asked for at start, the first time (null after: a later load asks again). */
export function firstState(): Promise<ApiReply<'state-get'>> | null {
  const asked = first;
  first = null;
  return asked;
}
