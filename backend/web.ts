/**
 * `npm run web`: the app in a browser. Serves the built renderer and the
 * handlers on 127.0.0.1 (port from PORT, default 5180), with the data in the
 * user's data folder or `--data DIR`; `--sync URL --workspace NAME` links a workspace to a team's server
 * (./webSync.ts), and a linked workspace syncs in its worker, with or without it.
 *
 * The order matters: the port is taken first, so a second server that cannot
 * listen never touches the data; then the folder is opened (and locked), so a
 * second server on a folder another process holds says so and stops; only then
 * does it say it is listening.
 *
 * The service and its store run in a worker thread (`worker.ts`, bundled beside
 * this file as `worker.mjs`): the server keeps answering while it works. Each
 * workspace of the folder has its own, opened by the workspace hub when a call
 * first names it; the app's preferences (the workspaces' list among them) are
 * kept with conf, as the desktop app keeps them with electron-store.
 */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { webStart, type FirstPaint, type WebServer } from './http.ts';
import Conf from 'conf';
import { HostOpenError, hostSpare, hostSpawn, workerThreadLink, type ServiceHost } from './host.ts';
import { prefsOpen } from './prefs.ts';
import { workspaceHub } from './workspaceHub.ts';
import { workspaceFind } from '../shared/workspaceList.ts';
import { userDataDir } from './paths.ts';

/** The worker's entry: the sources' when this runs from them, the bundle's beside `main.mjs` otherwise. */
const WORKER_ENTRY = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.mjs', import.meta.url);
const logLine = (message: string) => process.stderr.write(`credit-companion web: ${message}\n`);
/** The renderer's first-screen painter, built beside this bundle (`npm run build:paint`); run from the sources, pages come bare. */
const PAINT_ENTRY = new URL('../paint/paint.mjs', import.meta.url);
/** How long after the first screen the other workspaces start opening: the page loads first. */
const WARM_AFTER_MS = 1500;

async function paintLoad(): Promise<FirstPaint | undefined> {
  if (import.meta.url.endsWith('.ts')) return undefined;
  try {
    return ((await import(PAINT_ENTRY.href)) as { firstScreenPaint: FirstPaint }).firstScreenPaint;
  } catch (e) {
    logLine(`pages come without their first screen painted: ${(e as Error).message}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' }, sync: { type: 'string' }, workspace: { type: 'string' } }, strict: true }).values;
  } catch (e) {
    process.stderr.write(`credit-companion web: ${(e as Error).message}\nUsage: npm run web -- [--data DIR] [--port N] [--sync URL --workspace NAME]   (or PORT=N)\n`);
    process.exitCode = 2;
    return;
  }
  const portText = args.port ?? process.env.PORT ?? '5180';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    process.stderr.write(`credit-companion web: port must be a whole number from 0 to 65535, not ${JSON.stringify(portText)}\n`);
    process.exitCode = 2;
    return;
  }
  const dir = resolve(args.data ?? userDataDir());
  const painter = paintLoad();
  // The worker loads its code while the port is taken; it opens nothing until told to.
  const starting = hostSpawn({ spawn: () => workerThreadLink(WORKER_ENTRY, (e) => logLine(`the account service failed: ${e.stack ?? e.message}`)), log: { warn: logLine, error: logLine } });
  try {
    // Loaded first: once the server listens, the folder opens in the time of a message and the store's own.
    await starting.loaded;
  } catch (e) {
    logLine((e as Error).message);
    process.exitCode = 1;
    return;
  }
  let server: WebServer;
  try {
    // A tab that calls while the folder opens (a reload as the server restarts) waits for it rather than being refused.
    server = await webStart({ port, staticDir: join(import.meta.dirname, '..', 'renderer'), openWaitMs: 30_000, paint: await painter });
  } catch (e) {
    starting.kill();
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`credit-companion web: cannot listen on 127.0.0.1:${port}${code === 'EADDRINUSE' ? ' (in use: set PORT to another port)' : ` (${code ?? String(e)})`}\n`);
    process.exitCode = 1;
    return;
  }
  // The worker started above opens the first workspace; each other one gets its own when a call first names it, one
  // already loaded (a switch then waits for the folder's opening alone, not for a worker's code too).
  const workerSpawn = () => hostSpawn({ spawn: () => workerThreadLink(WORKER_ENTRY, (e) => logLine(`the account service failed: ${e.stack ?? e.message}`)), log: { warn: logLine, error: logLine } });
  const spare = hostSpare(workerSpawn, starting);
  const prefs = prefsOpen((options) => new Conf(options), dir, logLine);
  const hub = workspaceHub({
    dataDir: dir,
    prefs,
    // A second server on a folder another process holds says so and stops; a workspace another process holds later opens read-only.
    open: (workspaceDir, first) => spare.open({ dir: workspaceDir, owner: { app: 'browser', url: server.url }, whenLocked: first ? 'fail' : 'read-only' }),
  });
  if (args.sync === undefined && args.workspace !== undefined) {
    const chosen = workspaceFind(hub.workspaces().workspaces, args.workspace);
    if (chosen === null) {
      spare.end();
      await server.close();
      process.stderr.write(`credit-companion web: --workspace: no workspace called “${args.workspace.trim()}” in ${dir}\n`);
      process.exitCode = 2;
      return;
    }
    prefs.set('lastWorkspace', chosen.id);
  }
  if (args.sync !== undefined) {
    // Loaded only when asked for: the PostgreSQL client is not read at every start.
    const { webSyncLink } = await import('./webSync.ts');
    const refused = await webSyncLink(dir, hub, prefs, args.sync, args.workspace, logLine);
    if (refused !== null) {
      spare.end();
      await server.close();
      process.stderr.write(`credit-companion web: ${refused.message}\n`);
      process.exitCode = refused.code;
      return;
    }
  }
  let host: ServiceHost;
  try {
    host = await hub.host();
  } catch (e) {
    spare.end();
    await server.close();
    if (!(e instanceof HostOpenError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
    return;
  }
  server.attach(hub);
  // The other workspaces open behind the first screen, so that switching to one shows it at once.
  setTimeout(() => void hub.warm(), WARM_AFTER_MS).unref();
  const readOnly = host.readOnly();
  const { workspaces, current } = hub.workspaces();
  const named = workspaces.length > 1 ? ` (workspace “${workspaces.find((w) => w.id === current)?.name ?? current}”, ${workspaces.length} in all)` : '';
  process.stdout.write(`Credit Companion is running at ${server.url}\nData: ${dir}${named}\n${readOnly ? `Read-only: ${readOnly}\n` : ''}Press Ctrl+C to stop.\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      spare.end();
      void server
        .close()
        .then(() => hub.close())
        .then(() => process.exit(0));
    });
  }
}

void main();
