/**
 * A backend call whose answer a screen shows: made again whenever its input
 * changes (pass a memoized input, or null to skip) and whenever the account
 * changes, optionally debounced while the user types. Late replies to an older
 * input are dropped. `value` is the last good answer; `error` the last failure,
 * cleared by the next success.
 */
import { useEffect, useState } from 'react';
import type { HandlerInput, HandlerOutput } from '../shared/api.ts';
import type { AppError } from '../shared/errors.ts';
import type { ReadName } from './store/accountSlice.ts';
import { useStore } from './store/store.ts';

export function useCall<K extends ReadName>(name: K, input: HandlerInput<K> | null, debounceMs = 0): { value: HandlerOutput<K> | null; error: AppError | null } {
  const app = useStore((s) => s.app);
  const read = useStore((s) => s.read);
  const [value, setValue] = useState<HandlerOutput<K> | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    if (input === null) return;
    let current = true;
    const timer = setTimeout(() => {
      void read(name, input).then((reply) => {
        if (!current) return;
        if (reply.ok) {
          setValue(reply.value);
          setError(null);
        } else setError(reply.error);
      });
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name, input, debounceMs, app, read]);
  return { value, error };
}
