/**
 * The account service in Electron's utility process (as Actual Budget's
 * desktop app forks its server): `backend/worker.ts`, bundled beside the main
 * process as `worker.mjs`, runs the service and its store; the main process
 * only forwards messages (`backend/host.ts`), so the window never waits on it.
 */
import type { UtilityProcess } from 'electron';
import { WORKER_HEAP_MB, type WorkerLink } from '../backend/host.ts';
import type { ToWorker } from '../backend/hostProtocol.ts';
import type { ElectronApi } from './api.ts';

/** A utility process running `entry`, its heap bounded as the browser mode's worker's; messages posted before it has spawned are sent once it has. */
export function utilityProcessLink(electron: Pick<ElectronApi, 'utilityProcess'>, entry: string): WorkerLink {
  const child: UtilityProcess = electron.utilityProcess.fork(entry, [], { serviceName: 'Credit Companion service', execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`] });
  let spawned = false;
  const early: ToWorker[] = [];
  child.once('spawn', () => {
    spawned = true;
    for (const m of early.splice(0)) child.postMessage(m);
  });
  return {
    post: (message) => (spawned ? child.postMessage(message) : early.push(message)),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill(),
  };
}
