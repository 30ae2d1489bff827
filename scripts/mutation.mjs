// `npm run test:mutation [-- TARGET …]`: StrykerJS on each target of stryker.config.mjs in turn (all of them
// when none is named), one mutant at a time, then each target's mutation score against the bar it must clear.
// Incremental: each target keeps its results in test/mutation/<target>.json, so a re-run tests again only the
// mutants whose code or tests changed. Not part of `npm test`: a full first run takes hours on two cores.
// With `--survivors`, each target named tests again only the survivors of its last whole run (scripts/mutationSurvivors.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { eventsFold, sourcesKeep } from './mutationEvents.mjs';
import { survivorsOutcome, survivorsPlace } from './mutationSurvivors.mjs';

/** The mutation score each target must reach (%). */
const BAR = { engine: 90, formats: 90, units: 90, durable: 85, store: 85, lock: 85, http: 85, security: 100 };

const survivorsOnly = process.argv.includes('--survivors');
const asked = process.argv.slice(2).filter((a) => a !== '--survivors');
const unknown = asked.filter((t) => !(t in BAR));
if (unknown.length) {
  process.stderr.write(`test:mutation: no target ${unknown.join(', ')}; the targets: ${Object.keys(BAR).join(', ')}\n`);
  process.exit(2);
}
const targets = asked.length ? asked : Object.keys(BAR);
if (survivorsOnly) process.exit(targets.map(survivorsRetest).every(Boolean) ? 0 : 1);

/** Every mutant of a report. */
function mutantsOf(report) {
  return Object.values(report.files).flatMap((f) => f.mutants);
}

/** How many of `mutants` (anything with a status) have each status. */
function statusCount(mutants) {
  const count = {};
  for (const m of mutants) count[m.status] = (count[m.status] ?? 0) + 1;
  return count;
}

/** The mutation score of a status count: killed and timed-out mutants over every mutant that compiled (survived, not covered, killed, timed out). */
function percentOf(count) {
  const detected = (count.Killed ?? 0) + (count.Timeout ?? 0);
  const valid = detected + (count.Survived ?? 0) + (count.NoCoverage ?? 0);
  return valid === 0 ? 100 : (100 * detected) / valid;
}

function score(name) {
  const file = `reports/mutation/${name}.json`;
  if (!existsSync(file)) return null;
  const count = statusCount(mutantsOf(JSON.parse(readFileSync(file, 'utf8'))));
  return { percent: percentOf(count), count };
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

/**
 * Test again the survivors of target `name`'s last whole run, on today's sources; write what became of each to
 * test/mutation/<name>.survivors.md, and the run's score had they been so then. Whether none is left alive.
 */
function survivorsRetest(name) {
  console.log(`\n== the survivors of ${name}'s last whole run, tested again`);
  const whole = JSON.parse(readFileSync(`test/mutation/${name}.json`, 'utf8'));
  const { survivors, ranges, gone } = survivorsPlace(whole, (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null));
  const report = `reports/mutation/${name}.survivors.json`;
  rmSync(report, { force: true });
  if (ranges.length > 0) {
    const run = spawnSync('npx', ['stryker', 'run'], { stdio: 'inherit', env: { ...process.env, MUTATION_TARGET: name, MUTATION_RANGES: JSON.stringify(ranges) } });
    if (run.status !== 0 || !existsSync(report)) {
      console.log(`${name}: stryker failed before a report, see above`);
      return false;
    }
  }
  const retest = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : { files: {}, testFiles: {} };
  const testName = new Map();
  for (const file of Object.values(retest.testFiles ?? {})) for (const t of file.tests) testName.set(t.id, t.name);
  const outcomes = survivorsOutcome(survivors, retest);
  const cell = (text) => String(text).replace(/\s+/g, ' ').replaceAll('|', '\\|');
  // Code in a table cell: between double backticks when it holds one (an empty template literal, say).
  const code = (text) => (cell(text).includes('`') ? `\`\` ${cell(text)} \`\`` : `\`${cell(text)}\``);
  const why = (status, reason, killedBy) =>
    status === 'Killed' ? `by “${killedBy.map((id) => testName.get(id) ?? id).join('”, “')}”` : status === 'Ignored' ? reason : status === 'Gone' ? 'its line was rewritten or removed (the lines written since are tested below)' : '';
  const rows = outcomes.map(({ path, mutant, location, status, reason, killedBy }) => {
    const at = location ? `${path}:${location.start.line}:${location.start.column}` : `${path} (was ${mutant.location.start.line}:${mutant.location.start.column})`;
    return `| ${cell(at)} | ${mutant.mutatorName} | ${code(mutant.replacement ?? '')} | ${mutant.status} → **${status}** | ${cell(why(status, reason, killedBy) ?? '')} |`;
  });
  const count = statusCount(outcomes);
  const fresh = statusCount(mutantsOf(retest));
  // The score today: the whole run's results where its code stands as it was (its survivors aside, tested again), and
  // this run's for the survivors and every line written since.
  const kept = Object.entries(whole.files).flatMap(([path, file]) => file.mutants.filter((m) => m.status !== 'Survived' && m.status !== 'NoCoverage' && !gone[path].has(m.location.start.line)));
  const percent = percentOf(statusCount([...kept, ...mutantsOf(retest)]));
  const alive = Object.entries(retest.files).flatMap(([path, file]) =>
    file.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').map((m) => `| ${cell(`${path}:${m.location.start.line}:${m.location.start.column}`)} | ${m.mutatorName} | ${code(m.replacement ?? '')} | **${m.status}** |`),
  );
  const summary = [
    `${outcomes.length} survivors of the last whole run: ${Object.entries(count).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}.`,
    `This run tested ${Object.values(fresh).reduce((a, b) => a + b, 0)} mutants (the survivors' spans and the lines written since): ${Object.entries(fresh).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}; ${alive.length} left alive.`,
    `The score today (the whole run's results where its code is unchanged, this run's elsewhere): ${percent.toFixed(2)}% (bar ${BAR[name]}%).`,
  ].join(' ');
  writeFileSync(
    `test/mutation/${name}.survivors.md`,
    [
      `# ${name}: the survivors of its last whole run, and the lines written since, tested again`,
      '',
      `\`npm run test:mutation -- ${name} --survivors\`, on the sources of ${new Date().toISOString().slice(0, 10)}. ${summary}`,
      '',
      ...(alive.length ? ['## Left alive', '', '| where | mutator | replacement | status |', '|---|---|---|---|', ...alive, ''] : []),
      '## What became of each survivor',
      '',
      '| where now | mutator | replacement | status | why |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  console.log(summary);
  return alive.length === 0;
}
