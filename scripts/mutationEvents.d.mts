/** Types of scripts/mutationEvents.mjs, for the test that folds a run. */
export function sourcesKeep(dir: string, root: string): void;
export function eventsFold(dir: string, root: string, incremental: string): number | null;
