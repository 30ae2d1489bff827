// `npm run test:package`: packs the app as `npm run dist` would (electron-builder.yml, unpacked
// Linux target), with a stand-in for the Electron binary, which cannot be downloaded on every
// machine, and without the fuses (they are flipped inside the real binary, which the stand-in is
// not; `npm run test:security` checks they are set). Then reads app.asar's index and checks the
// package holds what runs and nothing else: no node_modules, no sources.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The page's icons and web app manifest (renderer/public) serve the browser mode's install; the page names them in Electron too.
const PAGE_FILES = ['icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'index.html', 'manifest.webmanifest'].map((f) => `dist/renderer/${f}`);
const EXPECTED = ['build/icon.png', 'dist/electron/main.mjs', 'dist/electron/preload.cjs', 'dist/electron/worker.mjs', ...PAGE_FILES, 'package.json'];

function fail(message) {
  process.stderr.write(`package check: ${message}\n`);
  process.exit(1);
}

if (!existsSync(join(root, 'dist/electron/main.mjs'))) fail('dist/ is missing: run npm run build first');
const work = mkdtempSync(join(tmpdir(), 'cc-package-'));
const fakeElectron = join(work, 'electron-dist');
mkdirSync(fakeElectron);
writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\nexit 0\n');
chmodSync(join(fakeElectron, 'electron'), 0o755);
writeFileSync(join(fakeElectron, 'version'), createRequire(import.meta.url)('electron/package.json').version);

const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
  .replace(/^electronFuses:\n(?: {2}.*\n)+/m, '')
  .replace(/^ {2}output: .*$/m, `  output: ${join(work, 'release')}`);
writeFileSync(join(work, 'electron-builder.yml'), `${config}electronDist: ${fakeElectron}\n`);
const run = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('electron-builder/cli.js'), '--dir', '--linux', 'dir', '--config', join(work, 'electron-builder.yml')], { cwd: root, encoding: 'utf8', timeout: 300_000 });
if (run.status !== 0) fail(`electron-builder failed:\n${run.stdout}${run.stderr}`);

// app.asar: a pickled header (its JSON's length at byte 12, the JSON from byte 16), then the files.
const asar = join(work, 'release', 'linux-unpacked', 'resources', 'app.asar');
const fd = openSync(asar, 'r');
const head = Buffer.alloc(16);
readSync(fd, head, 0, 16, 0);
const json = Buffer.alloc(head.readUInt32LE(12));
readSync(fd, json, 0, json.length, 16);
closeSync(fd);
const files = [];
const walk = (node, path) => {
  for (const [name, entry] of Object.entries(node.files)) {
    if (entry.files) walk(entry, `${path}${name}/`);
    else files.push(`${path}${name}`);
  }
};
walk(JSON.parse(json.toString('utf8')), '');
const assets = files.filter((f) => f.startsWith('dist/renderer/assets/'));
const others = files.filter((f) => !f.startsWith('dist/renderer/assets/')).sort();
const extra = others.filter((f) => !EXPECTED.includes(f));
const absent = EXPECTED.filter((f) => !others.includes(f));
const size = readFileSync(asar).length;
console.log(`app.asar: ${files.length} files, ${(size / 1024 / 1024).toFixed(1)} MB: ${others.slice(0, 12).join(', ')}${others.length > 12 ? `, … (${others.length - 12} more)` : ''} and ${assets.length} assets of the page`);
rmSync(work, { recursive: true, force: true });
if (extra.length || absent.length || assets.some((f) => !/\.(js|css)$/.test(f))) fail(`the package holds ${extra.length} files beyond what runs (${extra.slice(0, 5).join(', ')}…), and lacks ${absent.join(', ') || 'nothing'}`);
