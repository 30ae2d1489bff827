/**
 * The server `bench/thread.ts` measures, on a thread of its own (as `npm run
 * web` runs on its process's main thread), so that the bench's client is not
 * held up by it: the service on this same thread (`in-thread`, how the browser
 * mode ran it before) or in a worker thread behind the service host (`worker`).
 * Posts `{ url, token }` once it listens; ends when told `close`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { IsoDate } from '../shared/units.ts';
import { hostStart, workerThreadLink, type ServiceClient } from '../backend/host.ts';
import { webStart } from '../backend/http.ts';
import { serviceCreate } from '../backend/service.ts';
import { storeOpen } from '../backend/store.ts';

const TODAY = '2026-03-13' as IsoDate;
const dir = mkdtempSync(join(tmpdir(), 'cc-bench-thread-'));
const mode = (workerData as { mode: 'in-thread' | 'worker' }).mode;

let client: ServiceClient;
let close: () => Promise<void>;
if (mode === 'in-thread') {
  const service = serviceCreate({ store: storeOpen({ dir }), today: () => TODAY });
  client = { handle: (name, input) => Promise.resolve(service.handle(name, input)), current: () => Promise.resolve(service.current()), subscribe: (l) => service.subscribe(l), revision: () => service.store.seq };
  close = () => Promise.resolve(service.store.close());
} else {
  const host = await hostStart({
    spawn: () => workerThreadLink(new URL('../backend/worker.ts', import.meta.url), (e) => console.error(e)),
    open: { dir, owner: { app: 'test' }, whenLocked: 'fail', today: TODAY },
    log: { warn: (m) => console.error(m), error: (m) => console.error(m) },
  });
  client = host;
  close = () => host.close();
}
const server = await webStart({ service: client, port: 0, staticDir: tmpdir() });
parentPort!.on('message', () => {
  void server
    .close()
    .then(close)
    .then(() => parentPort!.close());
});
parentPort!.postMessage({ url: server.url, token: server.token });
