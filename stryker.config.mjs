// Mutation testing (StrykerJS), one target at a time: `npm run test:mutation` (scripts/mutation.mjs) runs
// every target in turn, or the ones named (`npm run test:mutation -- units security`). Each target mutates its
// files and runs the unit tests that cover them; its results are kept in test/mutation/<target>.json
// (incremental: a re-run tests again only the mutants whose code or tests changed).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The window's options in electron/shell.ts: the lines of its `new electron.BrowserWindow({ … })`. */
function windowOptions() {
  const lines = readFileSync('electron/shell.ts', 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes('new electron.BrowserWindow({'));
  const end = lines.findIndex((l, i) => i > start && /^ {2}\}\);$/.test(l));
  if (start < 0 || end < 0) throw new Error('stryker.config.mjs: the window options are not where they were in electron/shell.ts');
  return `electron/shell.ts:${start + 1}-${end + 1}`;
}

/**
 * What each target mutates; the unit tests that cover it (`names`: only the tests so named, where a file holds
 * many slow ones that do not; `exclude`: files left out of `tests`); the layer's tsconfig, which type-checks each
 * mutant before a test runs it.
 */
export const TARGETS = {
  // The incremental engine and History's pages are held to the full replay by their property test, at a twentieth
  // of its runs (PROPERTY_RUNS_SCALE): a second a mutant. The replay's own property tests (a minute a run) are left
  // out; the examples, the golden scenarios and the view's tests carry the rest.
  engine: { mutate: ['shared/engine/**/*.ts', '!shared/engine/**/*.test.ts'], tests: ['shared/engine/**/*.test.ts', 'shared/view.test.ts', 'test/scenarios.test.ts'], exclude: ['**/replay.property.test.ts'], tsconfig: 'shared/tsconfig.json' },
  // The files' formats, and the words the engine's records are written in at each edge (shared/wording.ts).
  formats: { mutate: ['shared/formats/**/*.ts', '!shared/formats/**/*.test.ts', 'shared/wording.ts'], tests: ['shared/formats/**/*.test.ts', 'shared/wording.test.ts', 'shared/csvExport.test.ts', 'shared/usageImport.test.ts', 'renderer/format.test.ts', 'test/scenarios.test.ts'], tsconfig: 'shared/tsconfig.json' },
  units: { mutate: ['shared/units.ts'], tests: ['shared/units.test.ts', 'test/scenarios.test.ts'], tsconfig: 'shared/tsconfig.json' },
  durable: { mutate: ['backend/durable.ts'], tests: ['backend/durable.test.ts'], tsconfig: 'backend/tsconfig.json' },
  // The store's I/O, its journal writer, and its decisions (shared/folder.ts) and journal reading (shared/store.ts).
  // Its tests that kill other processes, or write hundreds of megabytes, take 20–45 s each and would run for nearly
  // every mutant: left out (a mutant is never active in another process; smaller tests hold the same rules here:
  // the journal's byte bound, for one, by "is due once it holds more bytes than its bound", not by eight imports).
  store: {
    mutate: ['backend/store.ts', 'backend/journal.ts', 'shared/folder.ts', 'shared/consistent.ts', 'shared/store.ts'],
    tests: ['backend/store.test.ts', 'backend/journalWriter.test.ts', 'backend/durable.test.ts', 'shared/folder.test.ts', 'shared/consistent.test.ts', 'shared/store.test.ts'],
    names: '^(?!.*(killed with SIGKILL|a 200 MB file|a 576 MB journal line|six processes starting at once|compacted by bytes as well as lines))',
    tsconfig: 'backend/tsconfig.json',
  },
  // The lock's rules are tested in this process (lock.test.ts); the store's and the CLI's tests take it in other
  // processes, where a mutant is never active.
  lock: { mutate: ['backend/lock.ts'], tests: ['backend/lock.test.ts'], tsconfig: 'backend/tsconfig.json' },
  // The fuzz of every handler's input (one test per handler) holds the service's validation, which the server only
  // carries: left out here, where each would run for nearly every mutant of the request path.
  http: { mutate: ['backend/http.ts'], tests: ['backend/http.test.ts', 'backend/http.bounds.test.ts'], names: '^(?!.*fuzz [a-z-]+: 1,000 random)', tsconfig: 'backend/tsconfig.json' },
  security: {
    mutate: ['electron/security.ts', windowOptions()],
    tests: ['electron/shell.test.ts'],
    names: 'IPC: only our page|the window cannot be led away|what the window’s security rests on|the app:// protocol',
    tsconfig: 'electron/tsconfig.json',
  },
};

const name = process.env.MUTATION_TARGET ?? 'units';
// `--survivors` (scripts/mutation.mjs): only these spans are mutated, and the target's results are left as they are.
const ranges = process.env.MUTATION_RANGES ? JSON.parse(process.env.MUTATION_RANGES) : null;
const reportName = ranges ? `${name}.survivors` : name;
const target = TARGETS[name];
if (!target) throw new Error(`stryker.config.mjs: no mutation target "${name}"; the targets: ${Object.keys(TARGETS).join(', ')}`);
// The test runner's processes read the same variable (vitest.mutation.config.ts).
process.env.MUTATION_TESTS = target.tests.join(',');
process.env.MUTATION_TEST_NAMES = target.names ?? '';
process.env.MUTATION_EXCLUDE = (target.exclude ?? []).join(',');
process.env.PROPERTY_RUNS_SCALE = '0.05';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  checkers: ['typescript'],
  tsconfigFile: target.tsconfig,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  mutate: ranges ?? target.mutate,
  incremental: ranges === null,
  incrementalFile: `test/mutation/${name}.json`,
  // Two cores shared with others: one mutant at a time, unless MUTATION_CONCURRENCY says more (a quiet machine).
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 20_000,
  // The first run of every test, to learn which covers which mutant: minutes for the store's and the server's on a busy machine.
  dryRunTimeoutMinutes: 30,
  // The event recorder writes each mutant's result as it comes: a run stopped before its end is folded into the
  // incremental file by the next (scripts/mutationEvents.mjs).
  reporters: ['clear-text', 'progress', 'html', 'json', ...(ranges ? [] : ['event-recorder'])],
  eventReporter: { baseDir: resolve(import.meta.dirname, `reports/mutation/events/${name}`) },
  htmlReporter: { fileName: `reports/mutation/${reportName}.html` },
  jsonReporter: { fileName: `reports/mutation/${reportName}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // A folder of its own for each run, so two targets may run at once.
  tempDirName: `.stryker-tmp-${reportName}`,
  cleanTempDir: 'always',
};
