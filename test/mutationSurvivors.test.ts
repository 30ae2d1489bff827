/**
 * `npm run test:mutation -- TARGET --survivors` (scripts/mutationSurvivors.mjs): a whole run's survivors found again
 * in today's sources, mutated there alone, and each matched to what the re-test made of it.
 */
import { describe, expect, it } from 'vitest';
import { linesChanged, survivorsOutcome, survivorsPlace } from '../scripts/mutationSurvivors.mjs';

const OLD = ['export function f(a: number): boolean {', '  return a > 0;', '}'].join('\n');
const at = (line: number, column: number, endColumn: number) => ({ start: { line, column }, end: { line, column: endColumn } });
const mutant = (status: string, replacement: string, location = at(2, 10, 15)) => ({ mutatorName: 'EqualityOperator', replacement, status, location });

const whole = {
  files: {
    'src/f.ts': { source: OLD, mutants: [mutant('Survived', 'a >= 0'), mutant('Killed', 'a < 0'), mutant('NoCoverage', 'a <= 0')] },
    'src/gone.ts': { source: OLD, mutants: [mutant('Survived', 'a >= 0')] },
    'src/all-killed.ts': { source: OLD, mutants: [mutant('Killed', 'a >= 0')] },
  },
};
/** Today: a line inserted above the function, the same line once more far below, and gone.ts deleted. */
const TODAY = ['// a comment', 'export function f(a: number): boolean {', '  return a > 0;', '}', '', '', '', '', 'function g(a: number): boolean {', '  return a > 0;', '}'].join('\n');
const read = (path: string) => (path === 'src/f.ts' ? TODAY : path === 'src/all-killed.ts' ? OLD : null);

describe('the survivors of a whole mutation run, tested again', () => {
  it('finds each survivor at its line today, nearest its old place, and mutates that span and the lines written since (Stryker’s columns are 0-based)', () => {
    const { survivors, ranges, gone } = survivorsPlace(whole, read);
    expect(survivors.map((s) => [s.path, s.mutant.replacement, s.location])).toEqual([
      ['src/f.ts', 'a >= 0', at(3, 10, 15)],
      ['src/f.ts', 'a <= 0', at(3, 10, 15)],
      ['src/gone.ts', 'a >= 0', null],
    ]);
    expect(ranges).toEqual(['src/f.ts:1-1', 'src/f.ts:4-10', 'src/f.ts:3:9-3:14']);
    // No line of f.ts is gone (git takes its old last line, '}', for line 11 now); all of gone.ts is; none of all-killed.ts.
    expect(gone).toEqual({ 'src/f.ts': new Set(), 'src/gone.ts': new Set([1, 2, 3]), 'src/all-killed.ts': new Set() });
  });

  it('tells the lines written since from those gone or rewritten, as git’s diff does', () => {
    expect(linesChanged('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual({ written: [[2, 2], [4, 4]], gone: new Set([2]) });
    expect(linesChanged('a\nb\n', 'a\nb\n')).toEqual({ written: [], gone: new Set() });
  });

  it('matches each to the re-test’s mutant of the same change at its new place: killed, ignored with its reason, or gone', () => {
    const { survivors } = survivorsPlace(whole, read);
    const retest = {
      files: {
        'src/f.ts': {
          source: TODAY,
          mutants: [
            { ...mutant('Killed', 'a >= 0', at(3, 10, 15)), killedBy: ['7'] },
            { ...mutant('Ignored', 'a <= 0', at(3, 10, 15)), statusReason: 'a is never 0' },
            mutant('Survived', 'a >= 0', at(10, 10, 15)),
          ],
        },
      },
    };
    expect(survivorsOutcome(survivors, retest).map((o) => [o.path, o.mutant.replacement, o.status, o.reason, o.killedBy])).toEqual([
      ['src/f.ts', 'a >= 0', 'Killed', null, ['7']],
      ['src/f.ts', 'a <= 0', 'Ignored', 'a is never 0', []],
      ['src/gone.ts', 'a >= 0', 'Gone', null, []],
    ]);
  });
});
