// `npm run test:mutation -- TARGET --survivors`: the survivors of a target's last whole run (its mutants that survived
// or that no test covered, in test/mutation/<target>.json) tested again on today's sources, with every line written
// since that run, and only they: a whole run of the engine takes hours, and after tests were added for its survivors
// nearly every mutant would be run again. Each survivor's code is found again where it now stands (its lines, by their
// text, nearest their old place); Stryker mutates only those spans and the new lines; each survivor is then matched to
// the mutant of the same change at its new place.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Survived and not covered: the mutants a re-test is for. */
const LEFT = new Set(['Survived', 'NoCoverage']);

/** The line of `lines` (0-based) whose text is `text`, nearest `near`; -1 when none is. */
function lineNear(lines, text, near) {
  let best = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i] === text && (best < 0 || Math.abs(i - near) < Math.abs(best - near))) best = i;
  return best;
}

/**
 * What changed from `before` to `now` (git's diff of the two texts): the lines of `now` written since, as [first, last]
 * ranges (1-based), and the lines of `before` gone or rewritten.
 */
export function linesChanged(before, now) {
  const dir = mkdtempSync(join(tmpdir(), 'cc-lines-'));
  try {
    writeFileSync(join(dir, 'before'), before);
    writeFileSync(join(dir, 'now'), now);
    const diff = spawnSync('git', ['diff', '--no-index', '--unified=0', '--no-color', 'before', 'now'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (diff.status !== 0 && diff.status !== 1) throw new Error(`git diff failed: ${diff.stderr}`);
    const written = [];
    const gone = new Set();
    for (const [, from, count = '1', to, added = '1'] of diff.stdout.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
      for (let i = 0; i < Number(count); i++) gone.add(Number(from) + i);
      if (Number(added) > 0) written.push([Number(to), Number(to) + Number(added) - 1]);
    }
    return { written, gone };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where each survivor of `report` (a mutation-testing report, with its files' sources) stands in today's sources
 * (`read(path)`: a file's text, or null when it is gone). Returns each survivor with its new location (null when its
 * code is gone: simplified away or rewritten), Stryker's mutate ranges for the found ones (0-based columns) and for
 * every line written since, and for each file the lines of the run's source gone or rewritten since.
 */
export function survivorsPlace(report, read) {
  const survivors = [];
  const ranges = [];
  const gone = {};
  for (const [path, file] of Object.entries(report.files)) {
    const now = read(path);
    const changed = now === null ? null : linesChanged(file.source, now);
    gone[path] = changed ? changed.gone : new Set(file.source.split('\n').map((_, i) => i + 1));
    for (const [first, last] of changed?.written ?? []) ranges.push(`${path}:${first}-${last}`);
    const left = file.mutants.filter((m) => LEFT.has(m.status));
    const oldLines = file.source.split('\n');
    const lines = now === null ? [] : now.split('\n');
    for (const m of left) {
      const { start, end } = m.location;
      const startLine = lineNear(lines, oldLines[start.line - 1], start.line - 1);
      const endLine = startLine < 0 ? -1 : lineNear(lines, oldLines[end.line - 1], startLine + end.line - start.line);
      const found = startLine >= 0 && endLine >= startLine;
      const location = found ? { start: { line: startLine + 1, column: start.column }, end: { line: endLine + 1, column: end.column } } : null;
      survivors.push({ path, mutant: m, location });
      if (location) ranges.push(`${path}:${location.start.line}:${location.start.column - 1}-${location.end.line}:${location.end.column - 1}`);
    }
  }
  return { survivors, ranges: [...new Set(ranges)], gone };
}

/** What became of each survivor in `report`, the re-test's: its new status (and reason), or 'Gone' where its code is. */
export function survivorsOutcome(survivors, report) {
  const key = (path, m, location) => JSON.stringify([path, m.mutatorName, m.replacement, location.start.line, location.start.column, location.end.line, location.end.column]);
  const now = new Map();
  for (const [path, file] of Object.entries(report.files)) for (const m of file.mutants) now.set(key(path, m, m.location), m);
  return survivors.map(({ path, mutant, location }) => {
    const found = location && now.get(key(path, mutant, location));
    return { path, mutant, location, status: found ? found.status : 'Gone', reason: found?.statusReason ?? null, killedBy: found?.killedBy ?? [] };
  });
}
