/** Types of scripts/mutationSurvivors.mjs, for its test. */
interface Position { line: number; column: number }
interface Location { start: Position; end: Position }
interface Mutant { mutatorName: string; replacement?: string; status: string; statusReason?: string; killedBy?: string[]; location: Location }
interface Report { files: Record<string, { source: string; mutants: Mutant[] }> }
interface Survivor { path: string; mutant: Mutant; location: Location | null }
export function linesChanged(before: string, now: string): { written: [number, number][]; gone: Set<number> };
export function survivorsPlace(report: Report, read: (path: string) => string | null): { survivors: Survivor[]; ranges: string[]; gone: Record<string, Set<number>> };
export function survivorsOutcome(survivors: Survivor[], report: Report): (Survivor & { status: string; reason: string | null; killedBy: string[] })[];
