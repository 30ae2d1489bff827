/**
 * Components whose code loads on first use, so the first screen's stays small.
 * Unlike React.lazy (whose Suspense holds a revealed screen back for 300 ms),
 * a component whose code has loaded draws at once, and one still loading shows
 * its fallback only as long as the load takes. Code that failed to load (the
 * browser mode's server restarting, say) is tried again by itself.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { onServerBack, RETRY_MS } from './bridge.ts';

export interface Later<P> {
  /** The component once its code has loaded, else null. */
  readonly loaded: () => ComponentType<P> | null;
  /** Loads the code (once; again after a failure). */
  readonly load: () => Promise<ComponentType<P>>;
}

export function later<P>(load: () => Promise<ComponentType<P>>): Later<P> {
  let component: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  return {
    loaded: () => component,
    load: () =>
      (loading ??= load().then(
        (c) => (component = c),
        (e: unknown) => {
          loading = null;
          throw e;
        },
      )),
  };
}

/**
 * Loads `of`'s code, and after each failure tries again: after a wait that lengthens, or at once when the browser
 * mode's server is back. `failed` hears each failure; returns the stop.
 */
export function loadRetrying<P>(of: Later<P>, loaded: (component: ComponentType<P>) => void, failed: (e: Error) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let offBack = () => {};
  const attempt = (failures: number) => {
    of.load().then(
      (component) => !stopped && loaded(component),
      (e: unknown) => {
        if (stopped) return;
        failed(e instanceof Error ? e : new Error(String(e)));
        const again = () => {
          clearTimeout(timer);
          offBack();
          if (!stopped) attempt(failures + 1);
        };
        timer = setTimeout(again, RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]);
        offBack = onServerBack(again);
      },
    );
  };
  attempt(0);
  return () => {
    stopped = true;
    clearTimeout(timer);
    offBack();
  };
}

/** The component of `of` once its code has loaded (starting the load), or the error of the last try while it cannot. */
export function useLoaded<P>(of: Later<P>): { component: ComponentType<P> | null; error: Error | null } {
  const [, loadedNow] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const component = of.loaded();
  useEffect(() => {
    if (component) return;
    return loadRetrying(
      of,
      () => {
        setError(null);
        loadedNow((n) => n + 1);
      },
      setError,
    );
  }, [of, component]);
  return { component, error };
}

/** What shows where code could not load (the server stopped, say). */
export function LoadFailed({ error }: { error: Error }) {
  return (
    <p role="alert" className="form-error">
      This part of the app could not load ({error.message}). It tries again by itself; if it keeps failing, reload the window.
    </p>
  );
}

/** `of` drawn with `props`, or `fallback` while its code loads; a failed load says so. */
export function LaterComponent<P extends object>({ of, props, fallback }: { of: Later<P>; props: P; fallback: ReactNode }) {
  const { component: Component, error } = useLoaded(of);
  if (error) return <LoadFailed error={error} />;
  return Component ? <Component {...props} /> : fallback;
}
