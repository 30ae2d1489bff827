/**
 * The fold of a mutation run stopped before its end (scripts/mutationEvents.mjs): its events become the target's
 * incremental file, each mutant recorded against the source the run began with, even when the file changed since.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsFold, sourcesKeep } from '../scripts/mutationEvents.mjs';

/** A folder git knows, holding `files`. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cc-fold-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  writeFileSync(join(root, '.gitignore'), 'reports/\n');
  return root;
}

describe('a stopped mutation run folded', () => {
  it('records each mutant against the source the run began with, not the file as edited since', () => {
    const before = 'export const a = 1 + 2;\n';
    const root = project({ 'src/a.ts': before, 'src/a.test.ts': 'it("adds", () => {});\n' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    const events = join(root, 'reports', 'events', 't');
    sourcesKeep(events, root);
    mkdirSync(events, { recursive: true });
    const mutant = { id: '1', fileName: join(root, 'src/a.ts'), mutatorName: 'ArithmeticOperator', replacement: '1 - 2', location: { start: { line: 0, column: 17 }, end: { line: 0, column: 22 } } };
    writeFileSync(join(events, '00000-onDryRunCompleted.json'), JSON.stringify({ result: { tests: [{ id: 't1', name: 'adds', fileName: join(root, 'src/a.test.ts') }] } }));
    writeFileSync(join(events, '00001-onMutationTestingPlanReady.json'), JSON.stringify({ mutantPlans: [{ plan: 'Run', mutant }] }));
    writeFileSync(join(events, '00002-onMutantTested.json'), JSON.stringify({ id: '1', status: 'Killed', coveredBy: ['t1'], killedBy: ['t1'] }));
    // Edited while the run went on: a line above moves the mutant's place.
    writeFileSync(join(root, 'src/a.ts'), `// a comment\n${before}`);
    writeFileSync(join(root, 'src/a.test.ts'), 'it("adds", () => {});\nit("more", () => {});\n');
    const incremental = join(root, 'inc.json');
    expect(eventsFold(events, root, incremental)).toBe(1);
    const report = JSON.parse(readFileSync(incremental, 'utf8'));
    expect(report.files['src/a.ts'].source).toBe(before);
    expect(report.files['src/a.ts'].mutants).toMatchObject([{ status: 'Killed', location: { start: { line: 1, column: 18 } }, killedBy: ['0'] }]);
    expect(report.testFiles['src/a.test.ts'].source).toBe('it("adds", () => {});\n');
  });
});
