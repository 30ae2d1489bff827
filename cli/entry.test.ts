/** The command's entry loads only what `balance --data` needs from a snapshot: the rest (every other command, the formats' schemas) is loaded when asked for. */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the entry', () => {
  it('imports no schema library, CSV reader, store or PostgreSQL driver before it knows the command needs them', async () => {
    // Built as build:cli builds it: what the entry imports at once is its own file and the chunks it imports statically.
    const built = await build({ entryPoints: { main: join(import.meta.dirname, 'entry.ts') }, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', outdir: 'out', outExtension: { '.js': '.mjs' }, write: false, metafile: true, logLevel: 'silent' });
    const outputs = built.metafile.outputs;
    const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint?.endsWith('cli/entry.ts'))!;
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const i of outputs[file]!.imports) if (i.kind === 'import-statement' && !i.external && i.path in outputs) visit(i.path);
    };
    visit(entry);
    const inputs = [...loaded].flatMap((file) => Object.keys(outputs[file]!.inputs));
    expect(inputs).toContain('cli/balance.ts');
    expect(inputs).toContain('cli/overview.ts');
    expect(inputs.filter((i) => /node_modules\/(zod|papaparse|semver|pg|umzug)\/|shared\/(store|folder|api|workspaces|formats\/account)\.ts|cli\/(main|overviewRead|workspaces|syncServer)\.ts|backend\//.test(i))).toEqual([]);
  });
});
