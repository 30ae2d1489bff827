#!/usr/bin/env node
// The installed command. `npm install` builds dist/cli/main.mjs; in a checkout whose sources
// changed since, it is rebuilt first, so the command never runs stale code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist/cli/main.mjs`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(built) || ['shared', 'cli', 'backend/sync'].some((d) => existsSync(`${root}${d}`) && newestSource(`${root}${d}`) > statSync(built).mtimeMs);
if (stale) {
  const build = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0 || !existsSync(built)) {
    process.stderr.write('credit-companion: could not build the command; run `npm install` in the checkout first.\n');
    process.exit(2);
  }
}
await import(new URL('../dist/cli/main.mjs', import.meta.url).href);
