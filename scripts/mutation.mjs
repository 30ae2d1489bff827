// `npm run test:mutation [-- TARGET …]`: StrykerJS on each target of stryker.config.mjs in turn (all of them
// when none is named), one mutant at a time, then each target's mutation score against the bar it must clear.
// Incremental: each target keeps its results in test/mutation/<target>.json, so a re-run tests again only the
// mutants whose code or tests changed. Not part of `npm test`: a full first run takes hours on two cores.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { eventsFold, sourcesKeep } from './mutationEvents.mjs';

/** The mutation score each target must reach (%). */
const BAR = { engine: 90, formats: 90, units: 90, durable: 85, store: 85, lock: 85, http: 85, security: 100 };

const asked = process.argv.slice(2);
const unknown = asked.filter((t) => !(t in BAR));
if (unknown.length) {
  process.stderr.write(`test:mutation: no target ${unknown.join(', ')}; the targets: ${Object.keys(BAR).join(', ')}\n`);
  process.exit(2);
}
const targets = asked.length ? asked : Object.keys(BAR);

/** Killed and timed-out mutants over every mutant that compiled (survived, not covered, killed, timed out). */
function score(name) {
  const file = `reports/mutation/${name}.json`;
  if (!existsSync(file)) return null;
  const count = {};
  for (const f of Object.values(JSON.parse(readFileSync(file, 'utf8')).files)) for (const m of f.mutants) count[m.status] = (count[m.status] ?? 0) + 1;
  const detected = (count.Killed ?? 0) + (count.Timeout ?? 0);
  const valid = detected + (count.Survived ?? 0) + (count.NoCoverage ?? 0);
  return { percent: valid === 0 ? 100 : (100 * detected) / valid, count };
}

const results = [];
for (const name of targets) {
  console.log(`\n== mutation testing: ${name}`);
  const events = `reports/mutation/events/${name}`;
  const folded = eventsFold(events, process.cwd(), `test/mutation/${name}.json`);
  if (folded !== null) console.log(`an earlier run stopped before its end: its results are kept (test/mutation/${name}.json holds ${folded} mutants); testing the rest`);
  sourcesKeep(events, process.cwd());
  const run = spawnSync('npx', ['stryker', 'run'], { stdio: 'inherit', env: { ...process.env, MUTATION_TARGET: name } });
  // A run that reached its end wrote its results to the incremental file itself.
  if (run.status === 0) {
    rmSync(events, { recursive: true, force: true });
    rmSync(`${events}.sources.json`, { force: true });
  }
  results.push({ name, ran: run.status === 0, score: score(name) });
}
console.log('\ntarget     score    bar   killed timeout survived no-coverage');
let short = false;
for (const { name, ran, score: s } of results) {
  if (!s) {
    short = true;
    console.log(`${name.padEnd(10)} (stryker failed before a report${ran ? '' : ', see above'})`);
    continue;
  }
  const below = s.percent < BAR[name];
  short ||= below || !ran;
  const c = s.count;
  console.log(`${name.padEnd(10)} ${s.percent.toFixed(2).padStart(6)}% ${String(BAR[name]).padStart(4)}%  ${String(c.Killed ?? 0).padStart(6)} ${String(c.Timeout ?? 0).padStart(7)} ${String(c.Survived ?? 0).padStart(8)} ${String(c.NoCoverage ?? 0).padStart(11)}${below ? '  BELOW THE BAR' : ''}`);
}
process.exit(short ? 1 : 0);
