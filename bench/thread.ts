/**
 * `npm run bench` (issue #8, off the UI thread): how long a `state-get` waits
 * when it is sent while a 50,000-row `usage-import` is under way, through the
 * real HTTP bridge, in one run: the service on the server's own thread (how
 * the browser mode ran it before) against the service host with the service
 * in a worker thread (how it runs now). The server runs on a thread of its own
 * (bench/threadServer.ts), as it runs in a process of its own. Median of 3 of
 * each, alternated.
 */
import { request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { TOKEN_HEADER } from '../shared/page.ts';
import { fmtMs, median, textTable } from './measure.ts';

const ROWS = 50_000;
const RUNS = 3;
const SUBSCRIBE = { event: { date: '2024-01-01', type: 'subscribe', plan: 'enterprise', credits: 10_000_000, price: 5000 } };

function sheet(): string {
  const lines = ['date,feature,minutes'];
  for (let i = 0; i < ROWS; i++) lines.push(`${new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10)},Avatar IV,1`);
  return `${lines.join('\n')}\n`;
}

interface Sample {
  readonly importMs: number;
  readonly stateMs: number;
}

/** A server on a thread of its own, with the service on that thread or in a worker behind the host. */
function serverStart(mode: 'in-thread' | 'worker'): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const entry = new URL('./threadServer.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData: { mode } });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { url: string; token: string }) =>
      resolve({
        ...m,
        close: () =>
          new Promise((done) => {
            worker.once('exit', () => done());
            worker.postMessage('close');
          }),
      }),
    );
  });
}

/** One import with a state-get sent 300 ms into it, on a fresh folder. */
async function sample(mode: 'in-thread' | 'worker', text: string): Promise<Sample> {
  const server = await serverStart(mode);
  // Each call on a connection of its own: a server thread busy for seconds drops its idle kept-alive ones.
  const call = (name: string, input: unknown) =>
    new Promise<{ ok: boolean }>((resolve, reject) => {
      const body = JSON.stringify({ input });
      const req = request(`${server.url}api/${name}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), [TOKEN_HEADER]: server.token } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean }));
      });
      req.on('error', reject);
      req.end(body);
    });
  try {
    if (!(await call('event-add', SUBSCRIBE)).ok) throw new Error('the subscription was refused');
    const started = performance.now();
    const importing = call('usage-import', { text }).then((r) => ({ r, ms: performance.now() - started }));
    await new Promise((r) => setTimeout(r, 300));
    const asked = performance.now();
    if (!(await call('state-get', {})).ok) throw new Error('state-get failed');
    const stateMs = performance.now() - asked;
    const done = await importing;
    if (!done.r.ok) throw new Error('the import failed');
    return { importMs: done.ms, stateMs };
  } finally {
    await server.close();
  }
}

async function threadFigures(): Promise<string> {
  const text = sheet();
  const before: Sample[] = [];
  const after: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    before.push(await sample('in-thread', text));
    after.push(await sample('worker', text));
  }
  const row = (what: string, samples: readonly Sample[]) => [what, fmtMs(median(samples.map((s) => s.importMs))), fmtMs(median(samples.map((s) => s.stateMs)))];
  const ratio = median(before.map((s) => s.stateMs)) / median(after.map((s) => s.stateMs));
  return [
    `state-get sent 300 ms into a ${ROWS.toLocaleString('en-US')}-row usage-import, through the HTTP bridge (median of ${RUNS})`,
    textTable(['service', 'import', 'state-get'], [row('on the server thread (before)', before), row('in a worker (now)', after)], [1, 2]),
    `state-get waits ${ratio.toFixed(0)}× less with the service in a worker`,
  ].join('\n');
}

console.log(await threadFigures());
