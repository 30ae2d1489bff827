#!/usr/bin/env node
// The installed command. `npm install` builds dist/cli/main.mjs (the `prepare` script).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.mjs', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('credit-companion: the command is not built yet; run `npm install` (or `npm run build:cli`) in the checkout first.\n');
  process.exit(2);
}
await import(built.href);
