// `npm run test:mutation -- TARGET --survivors`: the survivors of a target's last whole run (its mutants that survived
// or that no test covered, in test/mutation/<target>.json), tested again on today's sources, and only they: a whole
// run of the engine takes hours, and after tests were added for its survivors nearly every mutant would be run again.
// Each survivor's code is found again where it now stands (its lines, by their text, nearest their old place); Stryker
// mutates only those spans; each survivor is then matched to the mutant of the same change at its new place.

/** Survived and not covered: the mutants a re-test is for. */
const LEFT = new Set(['Survived', 'NoCoverage']);

/** The line of `lines` (0-based) whose text is `text`, nearest `near`; -1 when none is. */
function lineNear(lines, text, near) {
  let best = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i] === text && (best < 0 || Math.abs(i - near) < Math.abs(best - near))) best = i;
  return best;
}

/**
 * Where each survivor of `report` (a mutation-testing report, with its files' sources) stands in today's sources
 * (`read(path)`: a file's text, or null when it is gone). Returns each survivor with its new location (null when its
 * code is gone: simplified away or rewritten) and Stryker's mutate ranges for the found ones (0-based columns).
 */
export function survivorsPlace(report, read) {
  const survivors = [];
  const ranges = [];
  for (const [path, file] of Object.entries(report.files)) {
    const left = file.mutants.filter((m) => LEFT.has(m.status));
    if (left.length === 0) continue;
    const now = read(path);
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
  return { survivors, ranges: [...new Set(ranges)] };
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
