/**
 * The store file and its journal as one consistent pair: the app that holds the folder may compact while another
 * reads it (the store file replaced, the journal emptied), so `read` runs again while the store file's `stamp`
 * (its identity, size and time) changed under it, up to `tries` times.
 */
export function readConsistent<T>(read: () => T, stamp: () => string | null, tries: number): T {
  for (let i = 1; ; i++) {
    const before = stamp();
    const pair = read();
    if (i >= tries || stamp() === before) return pair;
  }
}
