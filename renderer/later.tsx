/**
 * Components whose code loads on first use, so the first screen's stays small.
 * Unlike React.lazy (whose Suspense holds a revealed screen back for 300 ms),
 * a component whose code has loaded draws at once, and one still loading shows
 * its fallback only as long as the load takes. `preload` fetches the code
 * ahead, when the window is idle.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

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

/** The component of `of` once its code has loaded (starting the load), or the error that stopped it. */
export function useLoaded<P>(of: Later<P>): { component: ComponentType<P> | null; error: Error | null } {
  const [, loadedNow] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const component = of.loaded();
  useEffect(() => {
    if (component) return;
    let shown = true;
    of.load().then(
      () => shown && loadedNow((n) => n + 1),
      (e: unknown) => shown && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      shown = false;
    };
  }, [of, component]);
  return { component, error };
}

/** What shows where code could not load (the server stopped, say). */
export function LoadFailed({ error }: { error: Error }) {
  return (
    <p role="alert" className="form-error">
      This part of the app could not load ({error.message}). Reload the window to try again.
    </p>
  );
}

/** `of` drawn with `props`, or `fallback` while its code loads; a failed load says so. */
export function LaterComponent<P extends object>({ of, props, fallback }: { of: Later<P>; props: P; fallback: ReactNode }) {
  const { component: Component, error } = useLoaded(of);
  if (error) return <LoadFailed error={error} />;
  return Component ? <Component {...props} /> : fallback;
}
