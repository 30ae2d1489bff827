// Layering, enforced: which layer may import which (see ../shared/design/STYLE.md).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];

/** One `no-restricted-imports` rule per layer: the paths it must never reach (`also`: more patterns, for a part of a layer). */
function layer(files, { node, forbidden, ignores = [], electron = false, also = [] }) {
  const patterns = [
    ...forbidden.map((dir) => ({
      regex: `^(\\.{1,2}/)+(.*/)?${dir.replaceAll('.', '\\.')}(/|$)`,
      message: `This layer must not import from ${dir}${dir.endsWith('.ts') ? '' : '/'} (see STYLE.md, layers).`,
    })),
    ...also,
  ];
  const paths = [
    ...(node ? [] : nodeBuiltins.map((name) => ({ name, message: 'No Node APIs in this layer: it runs in a sandboxed renderer or anywhere.' }))),
    ...(electron === true
      ? []
      : electron === 'types'
        ? ['electron', 'electron-log', 'electron-log/main', 'electron-store', 'electron-updater'].map((name) => ({
            name,
            allowTypeImports: true,
            message: 'The shell takes Electron as a parameter (ElectronApi), so that tests drive it with a double: import its types only; electron/main.ts passes the real modules.',
          }))
        : [{ name: 'electron', message: 'Only electron/ may import electron.' }]),
  ];
  return { files, ignores, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

/**
 * Inside shared/, layers too, at any depth: the base modules (units, dates, text, errors, page), then catalog/, formats/
 * (the files' schemas), engine/ (what the data means), and on top the contract and what is built on it (api.ts, view.ts,
 * notices.ts, demo.ts, store.ts, usageImport.ts, wording.ts). A layer never imports one above it.
 */
function sharedLayers() {
  const outside = ['backend', 'electron', 'renderer', 'cli'];
  const base = ['units', 'dates', 'text', 'errors', 'page'].map((name) => `shared/${name}`);
  const top = ['api.ts', 'view.ts', 'notices.ts', 'demo.ts', 'store.ts', 'folder.ts', 'usageImport.ts', 'wording.ts'];
  const layers = [
    { files: ['shared/*'], above: [], ignores: base },
    { files: base, above: ['catalog', 'formats', 'engine', ...top] },
    { files: ['shared/catalog/**/*'], above: ['formats', 'engine', ...top] },
    { files: ['shared/formats/**/*'], above: ['engine', ...top] },
    { files: ['shared/engine/**/*'], above: top },
  ];
  // Tests beside shared code run in Node, and may use it; they still stay inside their layer.
  return layers.flatMap(({ files, above, ignores = [] }) => [
    layer(files.map((f) => `${f}.ts`), { node: false, forbidden: [...outside, 'test', ...above], ignores: [...ignores.map((f) => `${f}.ts`), '**/*.test.ts'] }),
    layer(files.map((f) => `${f}.test.ts`), { node: true, forbidden: [...outside, ...above], ignores: ignores.map((f) => `${f}.test.ts`) }),
  ]);
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-results/', 'bench/out/', '.scratch/', 'reports/', '.stryker-tmp*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  ...sharedLayers(),
  layer(['renderer/**/*.{ts,tsx}'], { node: false, forbidden: ['backend', 'electron', 'cli'] }),
  // One road to the backend: screens and components read the store and call its actions; only the store reaches the bridge.
  layer(['renderer/screens/**/*.{ts,tsx}', 'renderer/components/**/*.{ts,tsx}'], {
    node: false,
    forbidden: ['backend', 'electron', 'cli'],
    also: [{ regex: '^(\\.{1,2}/)+(.*/)?bridge(\\.ts)?$', message: 'Screens and components reach the backend through the store (renderer/store/) and useCall, never the bridge.' }],
  }),
  {
    files: ['renderer/screens/**/*.{ts,tsx}', 'renderer/components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='useStore'][property.name='setState']", message: 'The store’s actions set its state: call one (commit sets the app state a change returns).' }] },
  },
  layer(['backend/**/*.ts'], { node: true, forbidden: ['electron', 'renderer', 'cli'] }),
  // The command line sets up the team's sync server with the code the app syncs with (backend/sync/), and takes nothing else of the backend.
  layer(['cli/**/*.ts'], {
    node: true,
    forbidden: ['electron', 'renderer'],
    also: [{ regex: '^(\\.{1,2}/)+(.*/)?backend(/(?!sync/)|$)', message: 'This layer must not import from backend/ but its sync server, backend/sync/ (see STYLE.md, layers).' }],
  }),
  layer(['electron/**/*.ts'], { node: true, forbidden: ['renderer', 'cli'], electron: 'types', ignores: ['electron/main.ts', 'electron/preload.ts'] }),
  layer(['electron/main.ts', 'electron/preload.ts'], { node: true, forbidden: ['renderer', 'cli'], electron: true }),
  {
    files: ['**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  // Served as they are to the page.
  {
    files: ['renderer/public/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
