/**
 * `npm run web`: the app in a browser. Serves the built renderer and the
 * handlers on 127.0.0.1 (port from PORT, default 5180), with the data in the
 * user's data folder or `--data DIR`.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { webStart } from './http.ts';
import { userDataDir } from './paths.ts';
import { serviceCreate } from './service.ts';
import { storeOpen } from './store.ts';

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' } }, strict: true }).values;
  } catch (e) {
    process.stderr.write(`credit-companion web: ${(e as Error).message}\nUsage: npm run web -- [--data DIR] [--port N]   (or PORT=N)\n`);
    process.exitCode = 2;
    return;
  }
  const portText = args.port ?? process.env.PORT ?? '5180';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`credit-companion web: port must be a whole number from 0 to 65535, not ${JSON.stringify(portText)}\n`);
    process.exitCode = 2;
    return;
  }
  const dir = args.data ?? userDataDir();
  const store = storeOpen({ dir });
  const service = serviceCreate({ store });
  const staticDir = join(import.meta.dirname, '..', 'renderer');
  let server;
  try {
    server = await webStart({ service, port, staticDir });
  } catch (e) {
    store.close();
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`credit-companion web: cannot listen on 127.0.0.1:${port}${code === 'EADDRINUSE' ? ' (in use: set PORT to another port)' : ` (${code ?? String(e)})`}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`Credit Companion is running at ${server.url}\nData: ${dir}\nPress Ctrl+C to stop.\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server.close().then(() => {
        store.close();
        process.exit(0);
      });
    });
  }
}

void main();
