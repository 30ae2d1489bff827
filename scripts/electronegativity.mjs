// Electronegativity over everything the desktop app ships, failing on any HIGH or MEDIUM finding
// that is not reviewed below. Scanned: electron/ (the sources), the built bundles (dist/electron:
// main and preload) and the built page (dist/renderer: its HTML and script), renderer/index.html
// and package.json. The tool reads only .js/.ts/.html and package.json, and its parser stops at
// syntax newer than ES2019 (class private fields), so the bundles are scanned as copies lowered
// to ES2019 by esbuild (same calls, same object literals). A file it cannot parse fails the run.
// electron-builder.yml is YAML, which it does not read: its fuses and packing are checked here.
// The release-list check needs the network and is skipped; the Electron version is the installed one.
// The tool's window checks (context isolation, sandbox, Node integration, web security…) look only at
// `new BrowserWindow(…)`: the app makes its window as `new electron.BrowserWindow(…)` (Electron is a
// parameter, so that tests drive the shell with a double), and the bundle as `new electron.BrowserWindow(…)`
// or `new import_electron.BrowserWindow(…)`. So every scanned copy is written with the constructor's name
// alone (same line, same options). The tool also misses some options (it reports `nodeIntegration: true`
// only where no `sandbox` is written), so WINDOW_OPTIONS_CHECK, here, reads every window's webPreferences
// with TypeScript's parser: each security option must be written out, with its secure value. Deliberately
// insecure windows (test/fixtures/insecureWindow.ts, as source and lowered to JavaScript like the bundles)
// are scanned beside the app: each one's bad option must be flagged, or the scan fails.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import Papa from 'papaparse';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** Findings that flag every use of an API, each reviewed by hand: where it is, and why it is safe. */
const REVIEWED = [
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^(electron\/security\.ts|bundle\/main\.js)$/,
    sample: /shell\d*\.openExternal\(url\d*\);/,
    reason: 'openExternal in electron/security.ts (and its copy in the bundle): it opens only URLs that start with an allow-listed https origin (EXTERNAL_ALLOW: www.heygen.com, help.heygen.com); tested in electron/shell.test.ts.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^bundle\/main\.js$/,
    sample: /\.openExternal\(url\d*\)\.catch\(logFunction\)/,
    reason: "electron-log's ElectronExternalApi.openUrl, bundled: electron-log calls it only from ErrorHandler.createIssue, which it hands to an onError callback; the app passes none (main.ts: errorHandler.startCatching()), so nothing ever calls it.",
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: /^(electron\/shell\.ts|bundle\/main\.js)$/,
    sample: /preload: options\d*\.preloadPath,/,
    reason: 'the window\'s preload is electron/preload.ts (bundled as preload.cjs), run sandboxed with context isolation: it exposes only the typed bridge (send a handler call, hear of changes and of Edit › Undo/Redo), never ipcRenderer; every call is checked against its sender in electron/security.ts and validated by the service (tested in electron/shell.test.ts).',
  },
  {
    id: 'PROTOCOL_HANDLER_JS_CHECK',
    file: /^(electron\/shell\.ts|bundle\/main\.js)$/,
    sample: /setAsDefaultProtocolClient\(LINK_SCHEME\d*\)/,
    reason: 'credit-companion:// links: a link only ever shows a quote in a native dialog (linkOpen in electron/open.ts); the project it carries is validated by the service like any input, and it is added to the projects only when the user clicks Add to Projects. Bad links are refused with a message (tested).',
  },
];

/** electron-builder.yml: the fuses and packing the app must ship with (checked line by line; the file is ours and flat). */
const BUILDER_RULES = [
  ['asar: true', 'the app is packed in an asar (the integrity fuse checks it)'],
  ['  runAsNode: false', 'fuse: ELECTRON_RUN_AS_NODE ignored'],
  ['  enableNodeOptionsEnvironmentVariable: false', 'fuse: NODE_OPTIONS ignored'],
  ['  enableNodeCliInspectArguments: false', 'fuse: --inspect ignored'],
  ['  enableCookieEncryption: true', 'fuse: cookies encrypted'],
  ['  enableEmbeddedAsarIntegrityValidation: true', 'fuse: the asar checked against its hash'],
  ['  onlyLoadAppFromAsar: true', 'fuse: the app loaded from its asar only'],
  ['  grantFileProtocolExtraPrivileges: false', 'fuse: no extra privileges for file:// (the page is on app://)'],
  ['beforeBuild: ./scripts/builder-no-node-modules.mjs', 'no node_modules packed: the bundles hold every dependency but Electron'],
];

function fail(message) {
  process.stderr.write(`electronegativity: ${message}\n`);
  process.exit(1);
}

const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8').split('\n');
const missing = BUILDER_RULES.filter(([line]) => !builder.includes(line));
for (const [line, what] of BUILDER_RULES) console.log(`${missing.some(([l]) => l === line) ? 'MISSING ' : 'ok      '} electron-builder.yml: ${line.trim()} (${what})`);
if (missing.length) fail(`electron-builder.yml lacks ${missing.map(([l]) => l.trim()).join(', ')}`);

for (const built of ['dist/electron/main.mjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
  if (!existsSync(join(root, built))) fail(`${built} is missing: run npm run build first`);
}

// The tree the tool scans: sources, lowered bundles, pages, package.json.
const stage = mkdtempSync(join(tmpdir(), 'eneg-'));
const put = (to, text) => {
  mkdirSync(dirname(join(stage, to)), { recursive: true });
  writeFileSync(join(stage, to), text);
};
/** `new electron.BrowserWindow(` → `new BrowserWindow(`, on the same line: the form the tool's window checks read. */
const constructorsNamed = (text) => text.replace(/\bnew\s+(?:[A-Za-z_$][\w$]*\s*\.\s*)+(BrowserWindow|BrowserView)\s*\(/g, 'new $1(');
const source = (from) => constructorsNamed(readFileSync(join(root, from), 'utf8'));
const lowered = (from, loader = 'js') => constructorsNamed(transformSync(readFileSync(join(root, from), 'utf8'), { loader, target: 'es2019' }).code);
for (const f of readdirSync(join(root, 'electron'))) if (f.endsWith('.ts') && !f.endsWith('.test.ts')) put(`electron/${f}`, source(`electron/${f}`));
put('bundle/main.js', lowered('dist/electron/main.mjs'));
put('bundle/preload.js', lowered('dist/electron/preload.cjs'));
const CANARY = 'test/fixtures/insecureWindow.ts';
put('canary/insecureWindow.ts', source(CANARY));
put('canary/insecureWindow.js', lowered(CANARY, 'ts'));
put('renderer-dist/index.html', readFileSync(join(root, 'dist/renderer/index.html'), 'utf8'));
for (const f of readdirSync(join(root, 'dist/renderer/assets'))) if (f.endsWith('.js')) put(`renderer-dist/assets/${f}`, lowered(`dist/renderer/assets/${f}`));
put('renderer/index.html', readFileSync(join(root, 'renderer/index.html'), 'utf8'));
copyFileSync(join(root, 'package.json'), join(stage, 'package.json'));
const scanned = [];
const walk = (dir, rel = '') => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
    else scanned.push(`${rel}${e.name}`);
  }
};
walk(stage);

const version = require('electron/package.json').version;
const out = join(mkdtempSync(join(tmpdir(), 'eneg-out-')), 'findings.csv');
const SEVERITIES = new Set(['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']);
/**
 * The tool's findings, from the CSV it writes. It writes that file as two unawaited writes, the header (truncating)
 * and the rows (appending), which libuv's pool of threads may run in either order: the rows before the header, or
 * lost to its truncation (three runs in a row once). With one thread the pool runs them in the order they were asked
 * for, header first; a file whose rows are still not each a whole finding is scanned again.
 */
function findingsScanned() {
  for (let attempt = 1; ; attempt++) {
    const run = spawnSync(process.execPath, [require.resolve('@doyensec/electronegativity/dist/index.js'), '-i', stage, '-e', version, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', out, '-r'], { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '1' } });
    // eslint-disable-next-line no-control-regex -- the tool colours its output
    const said = (run.stdout + run.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    if (run.status !== 0) fail(said);
    const unparsed = said.split('\n').filter((l) => /error parsing/i.test(l));
    if (unparsed.length) fail(`files the tool could not read, so it checked nothing in them:\n${unparsed.join('\n')}`);
    const [header, ...rows] = Papa.parse(readFileSync(out, 'utf8').trim(), { skipEmptyLines: true }).data.map((row) => row.map((f) => f.trim()));
    if (header?.[0] === 'issue' && rows.every((row) => row.length === 8 && SEVERITIES.has(row[1]))) return rows;
    if (attempt === 3) fail(`the tool wrote ${out} out of order ${attempt} times: its findings cannot be read`);
  }
}
const scannedFindings = findingsScanned();

/** What a window's webPreferences must say, each written out: the secure value of every option that matters. */
const WINDOW_SECURE = { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false };
/** Options that must not be turned on at all. */
const WINDOW_OFF = ['nodeIntegrationInSubFrames', 'experimentalFeatures', 'enableBlinkFeatures'];
const WINDOWS = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView']);

/** WINDOW_OPTIONS_CHECK over one file: a finding (a row as the tool writes them) for each window option that is not written out secure. */
function windowOptionFindings(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const findings = [];
  const report = (node, what) => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push(['WINDOW_OPTIONS_CHECK', 'HIGH', 'CERTAIN', file, `${line + 1}:${character}`, node.getText(source).split('\n')[0].slice(0, 120), what]);
  };
  const name = (p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : null);
  /** The literal a value is (`true`, `false`, and the bundler's `!0`, `!1`), or undefined. */
  const literal = (v) => {
    if (v.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (v.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isStringLiteral(v)) return v.text;
    if (ts.isPrefixUnaryExpression(v) && v.operator === ts.SyntaxKind.ExclamationToken && ts.isNumericLiteral(v.operand)) return !Number(v.operand.text);
    return undefined;
  };
  const visit = (node) => {
    if (ts.isNewExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : ts.isIdentifier(node.expression) ? node.expression.text : null;
      if (callee !== null && WINDOWS.has(callee)) {
        const options = node.arguments?.[0];
        const prefs = options && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => ts.isPropertyAssignment(p) && name(p) === 'webPreferences') : undefined;
        if (!prefs || !ts.isObjectLiteralExpression(prefs.initializer)) report(node, `${callee}'s webPreferences are not written out as an object here, so they cannot be checked`);
        else {
          const props = prefs.initializer.properties;
          for (const p of props) if (!ts.isPropertyAssignment(p)) report(p, `${callee}'s webPreferences take ${p.getText(source)}: every option must be written out to be checked`);
          const given = new Map(props.filter(ts.isPropertyAssignment).map((p) => [name(p), p]));
          for (const [option, secure] of Object.entries(WINDOW_SECURE)) {
            const p = given.get(option);
            if (!p) report(prefs, `${callee}'s webPreferences leave ${option} to Electron's default: write ${option}: ${secure}`);
            else if (literal(p.initializer) !== secure) report(p, `${option} must be ${secure}`);
          }
          for (const option of WINDOW_OFF) {
            const p = given.get(option);
            if (p && literal(p.initializer) !== false) report(p, `${option} must not be set`);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

const ownFindings = scanned.filter((f) => /\.(ts|js)$/.test(f)).flatMap((f) => windowOptionFindings(f, readFileSync(join(stage, f), 'utf8')));
/** The lines of the bad sample's windows, one mistake each: each must be flagged. */
const canaryLines = Object.fromEntries(['canary/insecureWindow.ts', 'canary/insecureWindow.js'].map((f) => [f, readFileSync(join(stage, f), 'utf8').split('\n').flatMap((l, i) => (/new BrowserWindow\(/.test(l) ? [i + 1] : []))]));
rmSync(stage, { recursive: true, force: true });
rmSync(dirname(out), { recursive: true, force: true });
const all = [...scannedFindings, ...ownFindings];
const isSerious = ([, severity]) => severity === 'HIGH' || severity === 'MEDIUM';
const inCanary = ([, , , file]) => file.startsWith('canary/');
for (const [id, severity, , file, location] of all.filter(inCanary)) console.log(`bad sample ${severity.padEnd(6)} ${id} ${file}:${location}`);
// The bad sample: each of its windows flagged, in the source and in the lowered copy.
const canaryWindows = readFileSync(join(root, CANARY), 'utf8').split('new electron.BrowserWindow(').length - 1;
const canaryMissed = Object.entries(canaryLines).flatMap(([file, lines]) => (lines.length !== canaryWindows ? [`${file} (${lines.length} windows found, not ${canaryWindows})`] : lines.filter((line) => !all.some((row) => isSerious(row) && row[3] === file && row[4].split(':')[0] === String(line))).map((line) => `${file}:${line}`)));
if (canaryMissed.length) fail(`the deliberately insecure windows (${CANARY}) were not all flagged: ${canaryMissed.join(', ')}. The scan would miss the same in the app's window.`);
const rows = all.filter((row) => !inCanary(row));
const review = ([id, , , file, , sample]) => REVIEWED.find((r) => r.id === id && r.file.test(file) && (!r.sample || r.sample.test(sample)));
const serious = rows.filter(isSerious);
const unreviewed = serious.filter((row) => !review(row));
console.log(`scanned ${scanned.length} files: ${scanned.join(', ')} (canary/: the bad sample, which must be flagged)`);
for (const row of serious) {
  const [id, severity, , file, location, sample] = row;
  const r = review(row);
  console.log(`${r ? 'reviewed' : 'FINDING '} ${severity.padEnd(6)} ${id} ${file}:${location} ${sample}${r ? `\n         ${r.reason}` : ''}`);
}
for (const [id, severity, , file, location, , description] of rows.filter((row) => !serious.includes(row))) console.log(`${severity.toLowerCase().padEnd(8)} ${id} ${file}:${location} ${description}`);
console.log(`electronegativity (Electron ${version}): ${rows.length} findings, ${serious.length} HIGH/MEDIUM, ${unreviewed.length} not reviewed`);
process.exit(unreviewed.length ? 1 : 0);
