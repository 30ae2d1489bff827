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
      regex: `^(\\.{1,2}/)+(.*/)?${dir}(/|$)`,
      message: `This layer must not import from ${dir}/ (see STYLE.md, layers).`,
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

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-results/', 'bench/out/', '.scratch/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  layer(['shared/**/*.ts'], { node: false, forbidden: ['backend', 'electron', 'renderer', 'cli', 'test'], ignores: ['**/*.test.ts'] }),
  // Tests beside shared code run in Node, and may use it; they still stay inside their layer.
  layer(['shared/**/*.test.ts'], { node: true, forbidden: ['backend', 'electron', 'renderer', 'cli'] }),
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
  layer(['cli/**/*.ts'], { node: true, forbidden: ['electron', 'renderer', 'backend'] }),
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
