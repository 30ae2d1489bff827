// A mutation run stopped before its end (a session over, a machine needed) writes no report, so the next run would
// test every mutant again. Stryker's event recorder has written each mutant's result as it came: this folds them into
// the target's incremental file (test/mutation/<target>.json), so the next run tests only the mutants still untested.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Where the sources a run began with are kept beside its events (`dir`): the files may change while it runs. */
const sourcesOf = (dir) => `${dir}.sources.json`;

/**
 * Keep the sources a run in `root` begins with (every TypeScript file git knows or would, outside what it ignores)
 * beside its events `dir`: a fold reads its mutants' and tests' text from them, not from files edited since.
 */
export function sourcesKeep(dir, root) {
  const names = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '--', '*.ts'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
  const sources = {};
  for (const name of names) if (existsSync(join(root, name))) sources[name] = readFileSync(join(root, name), 'utf8');
  mkdirSync(dirname(sourcesOf(dir)), { recursive: true });
  writeFileSync(sourcesOf(dir), JSON.stringify(sources));
}

/** The run's sources kept by `sourcesKeep`; a file they do not hold is read as it is now. */
function sourceReader(dir, root) {
  const kept = existsSync(sourcesOf(dir)) ? JSON.parse(readFileSync(sourcesOf(dir), 'utf8')) : {};
  return (fileName) => kept[relative(root, fileName)] ?? readFileSync(fileName, 'utf8');
}

/** Mutation-testing-report positions are 1-based, lines and columns; Stryker's events are 0-based. */
const position = (p) => ({ line: p.line + 1, column: p.column + 1 });
/** A mutant's place and change, whatever the order of its location's keys (Stryker's own reports and this fold write them differently). */
const keyOf = (m) => {
  const { start, end } = m.location;
  return JSON.stringify([start.line, start.column, end.line, end.column, m.mutatorName, m.replacement]);
};

/**
 * Fold the events in `dir` (of a run in `root`) into `incremental`; returns how many mutants' results it holds, or
 * null when there is nothing to fold (no run began there). Results in the events replace those the file held.
 */
export function eventsFold(dir, root, incremental) {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).sort();
  const read = (suffix) => {
    const f = files.find((name) => name.endsWith(suffix));
    return f ? JSON.parse(readFileSync(join(dir, f), 'utf8')) : null;
  };
  const dry = read('onDryRunCompleted.json');
  const plan = read('onMutationTestingPlanReady.json');
  if (!dry || !plan) return null;
  const sourceAt = sourceReader(dir, root);
  const tested = new Map();
  for (const f of files.filter((name) => name.endsWith('onMutantTested.json'))) {
    const m = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    tested.set(m.id, m);
  }
  const report = existsSync(incremental) ? JSON.parse(readFileSync(incremental, 'utf8')) : { schemaVersion: '1.0', thresholds: { high: 80, low: 60, break: null }, files: {}, testFiles: {} };
  // The tests as this run knew them: their ids in the report are numbers, each file's source beside them.
  const testId = new Map();
  report.testFiles = {};
  dry.result.tests.forEach((t, i) => {
    const path = relative(root, t.fileName);
    report.testFiles[path] ??= { source: sourceAt(t.fileName), tests: [] };
    testId.set(t.id, String(i));
    report.testFiles[path].tests.push({ id: String(i), name: t.name });
  });
  const ids = (list) => (list ?? []).map((id) => testId.get(id)).filter((id) => id !== undefined);
  for (const { mutant } of plan.mutantPlans) {
    const result = tested.get(mutant.id);
    if (!result) continue;
    const path = relative(root, mutant.fileName);
    const source = sourceAt(mutant.fileName);
    const file = report.files[path]?.source === source ? report.files[path] : (report.files[path] = { language: 'typescript', source, mutants: [] });
    const location = { start: position(mutant.location.start), end: position(mutant.location.end) };
    const entry = { id: mutant.id, mutatorName: mutant.mutatorName, replacement: mutant.replacement, location, status: result.status, statusReason: result.statusReason, static: result.static, coveredBy: ids(result.coveredBy), killedBy: result.killedBy ? ids(result.killedBy) : undefined, testsCompleted: result.testsCompleted };
    const at = file.mutants.findIndex((m) => keyOf(m) === keyOf(entry));
    if (at >= 0) file.mutants[at] = entry;
    else file.mutants.push(entry);
  }
  writeFileSync(incremental, JSON.stringify(report));
  rmSync(dir, { recursive: true, force: true });
  rmSync(sourcesOf(dir), { force: true });
  return Object.values(report.files).reduce((n, f) => n + f.mutants.length, 0);
}
