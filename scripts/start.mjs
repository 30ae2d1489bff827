// `npm start`: launch the desktop app. Where no Electron binary can be had, say so in one line and point to the browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const electronDir = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));

function binary() {
  const pathFile = `${electronDir}path.txt`;
  if (!existsSync(pathFile)) return null;
  const path = `${electronDir}dist/${readFileSync(pathFile, 'utf8')}`;
  return existsSync(path) ? path : null;
}

let electron = binary();
if (!electron && existsSync(`${electronDir}install.js`)) {
  // Electron's own installer fetches the binary where its download site is reachable.
  spawnSync(process.execPath, [`${electronDir}install.js`], { stdio: 'ignore', timeout: 120_000 });
  electron = binary();
}
if (!electron) {
  process.stderr.write('Credit Companion: the Electron binary could not be downloaded on this machine, so the desktop window cannot open; run `npm run web` to use the same app in your browser.\n');
  process.exit(1);
}
const child = spawn(electron, ['.'], { stdio: 'inherit', cwd: fileURLToPath(new URL('..', import.meta.url)) });
child.on('exit', (code) => process.exit(code ?? 1));
