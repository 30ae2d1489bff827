/**
 * Run by `npm run bench` in a fresh process: open a data folder as the app does
 * (the store, locked and checked, then the service) and answer the first
 * screen's `state-get`. Prints one JSON line: the milliseconds of each step
 * and the process's peak memory.
 */
import { serviceCreate } from '../backend/service.ts';
import { storeOpen } from '../backend/store.ts';
import type { IsoDate } from '../shared/units.ts';

const [dir, at] = process.argv.slice(2);
if (!dir || !at) throw new Error('usage: open.ts DATA_DIR TODAY');
const t0 = performance.now();
const store = storeOpen({ dir });
const t1 = performance.now();
const service = serviceCreate({ store, today: () => at as IsoDate });
const reply = service.handle('state-get', {});
const t2 = performance.now();
if (!reply.ok) throw new Error(reply.error.message);
const text = JSON.stringify(reply.value);
const t3 = performance.now();
store.close();
process.stdout.write(`${JSON.stringify({ storeOpen: t1 - t0, firstState: t2 - t1, serialize: t3 - t2, total: t3 - t0, stateBytes: text.length, maxRssKb: process.resourceUsage().maxRSS })}\n`);
