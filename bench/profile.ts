/**
 * Summarise a V8 .cpuprofile: top functions by self time, self time by source
 * module, and inclusive time of the `balance` pipeline's steps. Lines of an
 * esbuild bundle are mapped back to the module they came from (esbuild marks
 * each module with a `// path` comment), so a profile of the built CLI reads
 * like one of the sources.
 *
 *   node --cpu-prof --cpu-prof-dir=bench/out/prof bench/out/cli.mjs balance bench/out/account-pro-1000000.json --json --at 2026-12-31 > /dev/null
 *   npx tsx bench/profile.ts bench/out/prof/CPU.*.0.001.cpuprofile [top] [fn1,fn2,… for inclusive time]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg, inclArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/profile.ts FILE.cpuprofile [top] [fn1,fn2,…]');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const inclusiveOf = (inclArg ?? 'readText,jsonParse,accountParse,ledgerCompute,replayState,advanceTo,applyEvent,balanceJson,stringify').split(',');

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = profile.endTime - profile.startTime;

/** Module start lines of an esbuild bundle, from its `// path` comments. */
const bundles = new Map<string, { line: number; module: string }[]>();
function moduleOf(url: string, line: number): string {
  if (!url.startsWith('file://')) return url;
  let marks = bundles.get(url);
  if (!marks) {
    marks = [];
    if (/\.(mjs|js)$/.test(url) && !url.includes('/node_modules/')) {
      try {
        readFileSync(fileURLToPath(url), 'utf8')
          .split('\n')
          .forEach((text, i) => {
            const m = /^\/\/ ((?:node_modules|shared|cli|bench)\/\S+\.(?:m?[jt]s|json))$/.exec(text);
            if (m) marks!.push({ line: i, module: m[1]! });
          });
      } catch {
        // not readable: keep the url
      }
    }
    bundles.set(url, marks);
  }
  let found: string | null = null;
  for (const mark of marks) {
    if (mark.line > line) break;
    found = mark.module;
  }
  return found ?? url.replace(/^file:\/\/.*?\/(node_modules|shared|cli|bench|dist)\//, '$1/');
}

const byFunction = new Map<string, number>();
const byModule = new Map<string, number>();
const inclusive = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  const f = byId.get(id)!.callFrame;
  const mod = f.url ? moduleOf(f.url, f.lineNumber) : f.functionName.startsWith('(') ? f.functionName : '(native)';
  const bundled = f.url.startsWith('file://') && (bundles.get(f.url)?.length ?? 0) > 0;
  const where = !f.url ? '(native)' : bundled ? `${mod} (${f.url.slice(f.url.lastIndexOf('/') + 1)}:${f.lineNumber + 1})` : `${mod}:${f.lineNumber + 1}`;
  const key = `${f.functionName || '(anonymous)'}  ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byModule.set(mod, (byModule.get(mod) ?? 0) + us);
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const name = byId.get(n)!.callFrame.functionName;
    if (inclusiveOf.includes(name) && !seen.has(name)) {
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
});

function print(title: string, entries: [string, number][], n: number): void {
  console.log(`\n${title}`);
  for (const [key, us] of entries.slice(0, n)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}

console.log(`${file}: ${(total / 1000).toFixed(0)} ms profiled, ${profile.samples.length} samples`);
print('Self time by function:', [...byFunction].sort((a, b) => b[1] - a[1]), top);
print('Self time by module:', [...byModule].sort((a, b) => b[1] - a[1]), Math.min(top, 20));
print('Inclusive time (GC is not attributed to callers):', inclusiveOf.filter((f) => inclusive.has(f)).map((f) => [f, inclusive.get(f)!]), inclusiveOf.length);
