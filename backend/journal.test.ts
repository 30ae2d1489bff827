/**
 * The journal on the user's path, through real processes and files: the browser mode (`backend/web.ts`, as
 * `npm run web` runs it) killed with SIGKILL after ordinary use and started again on the folder it left, and
 * journals that do not belong to the folder's store file kept aside and said in the page's state.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../shared/api.ts';
import { journalBound } from '../shared/folder.ts';
import { journalLine } from '../shared/store.ts';
import type { IsoDate } from '../shared/units.ts';
import { webBundle } from '../test/fixtures/bundles.ts';
import { stop, web, type Web, type WebReply } from '../test/fixtures/webProcess.ts';
import { storeOpen, type Store } from './store.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'cc-journal-'));
/** The browser mode's bundle, built once for the file before its first start: tsx would load every module at each. */
beforeAll(() => void webBundle(), 60_000);
const quiet = { log: () => {} };
const sub = { type: 'subscribe' as const, date: '2024-01-01' as IsoDate, plan: 'enterprise' as const, credits: 10_000_000, price: 5000, id: 'sub' };
const usage = (id: string) => ({ type: 'usage' as const, date: '2024-01-02' as IsoDate, feature: 'avatar-iv' as const, minutes: 1, id });

function valueOf<T>(reply: WebReply): T {
  expect(reply.error).toBeUndefined();
  return reply.value as T;
}

const fileSize = (path: string) => statSync(path).size;
/** The journal is within its bound beside the store file as it is now. */
const withinBound = (dir: string) => fileSize(join(dir, 'account.journal')) <= journalBound(fileSize(join(dir, 'account.json')));

/** A usage sheet of `n` distinct rows over two years. */
function sheet(n: number): string {
  const rows = ['date,feature,minutes,project'];
  for (let i = 0; i < n; i++) rows.push(`${new Date(Date.UTC(2024, 0, 2) + (i % 700) * 86_400_000).toISOString().slice(0, 10)},Avatar IV,1,p${i}`);
  return `${rows.join('\n')}\n`;
}

async function usages(server: Web): Promise<number> {
  return valueOf<{ total: number }>(await server.call('usage-list', { limit: 1 })).total;
}

/** A folder whose store file holds a subscription and one usage (changes 1 and 2), closed. */
function folderOf(ids: string[]): string {
  const dir = tmp();
  const s = storeOpen({ dir, ...quiet });
  s.commit({ op: 'event-add', event: sub });
  for (const id of ids) s.commit({ op: 'event-add', event: usage(id) });
  s.close();
  return dir;
}

/** The journal another folder's store left after changes `ids` (a head naming its own store file, then its lines), as a process killed before compacting leaves it. */
function journalOfAnother(ids: string[]): string {
  const other = folderOf(['x']);
  const s: Store = storeOpen({ dir: other, ...quiet, compactEvery: 1000 });
  for (const id of ids) s.commit({ op: 'event-add', event: usage(id) });
  const text = readFileSync(join(other, 'account.journal'), 'utf8');
  s.close();
  return text;
}

describe('the journal through a crash', { timeout: 240_000 }, () => {
  it('the brick scenario: a 100,000-row import undone and redone 10 times, then SIGKILL: the app starts again, nothing acknowledged is lost, the journal within its bound', async () => {
    const dir = tmp();
    const server = await web(dir);
    valueOf(await server.call('event-add', { event: { date: '2024-01-01', type: 'subscribe', plan: 'enterprise', credits: 10_000_000, price: 5000 } }));
    expect(valueOf<{ added: number }>(await server.call('usage-import', { text: sheet(100_000) })).added).toBe(100_000);
    for (let i = 0; i < 10; i++) {
      valueOf(await server.call('history-undo', {}));
      expect(withinBound(dir)).toBe(true);
      valueOf(await server.call('history-redo', {}));
      expect(withinBound(dir)).toBe(true);
    }
    const acknowledged = valueOf<AppState>(await server.call('state-get', {})).revision;
    server.child.kill('SIGKILL');
    await server.exited;
    expect(withinBound(dir)).toBe(true);

    const again = await web(dir);
    const state = valueOf<AppState>(await again.call('state-get', {}));
    expect(state.revision).toBe(acknowledged);
    expect(state.notices).toEqual([]);
    expect(await usages(again)).toBe(100_000);
    expect(withinBound(dir)).toBe(true);
    await stop(again);
  });
});

describe('a journal that does not belong to the store file', { timeout: 60_000 }, () => {
  it('a journal with a gap after the store file: kept aside, said in the page’s state, nothing of it applied', async () => {
    const dir = folderOf(['a']);
    writeFileSync(join(dir, 'account.journal'), journalLine(5, { op: 'event-add', event: usage('gap') }));
    const server = await web(dir);
    const state = valueOf<AppState>(await server.call('state-get', {}));
    expect(state.notices).toEqual([expect.stringMatching(/^1 change in the change journal could not be applied: they do not follow the saved account \(it holds the changes up to 2, the journal starts at 5\); they are kept in .*\.unapplied\.$/)]);
    expect(await usages(server)).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.unapplied'))).toHaveLength(1);
    await stop(server);
  });

  it('another folder’s journal whose numbers follow on: recognised by the store id, kept aside, said, nothing of it applied', async () => {
    const dir = folderOf(['a']);
    writeFileSync(join(dir, 'account.journal'), journalOfAnother(['y', 'z']));
    const server = await web(dir);
    const state = valueOf<AppState>(await server.call('state-get', {}));
    expect(state.notices).toEqual([expect.stringMatching(/^2 changes in the change journal could not be applied: they were written for another data folder's account, not this one; they are kept in .*\.unapplied\.$/)]);
    expect(await usages(server)).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.unapplied'))).toHaveLength(1);
    await stop(server);
  });
});

describe('notices that reach the user', { timeout: 60_000 }, () => {
  const GAP = /^1 change in the change journal could not be applied: they do not follow the saved account/;
  /** A folder whose journal does not follow its store file: the next start keeps it aside and says so. */
  function gapped(): string {
    const dir = folderOf(['a']);
    writeFileSync(join(dir, 'account.journal'), journalLine(5, { op: 'event-add', event: usage('gap') }));
    return dir;
  }
  const notices = async (server: Web) => valueOf<AppState>(await server.call('state-get', {})).notices;
  /** The page, as a browser navigating to it asks for it: its text. */
  const navigate = (url: string, headers: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      get(url, { headers: { 'sec-fetch-mode': 'navigate', ...headers } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });

  it('a navigation without the token (a cross-site frame) and a call without it leave the notice for the page the user reads, which has it once', async () => {
    const server = await web(gapped());
    // The page as a browser navigates to it in another site's frame (node:http: fetch sets its own sec-fetch-mode).
    const framed = await navigate(server.url, { 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site' });
    expect(framed).toContain('could not be applied');
    const tokenless = await fetch(`${server.url}api/state-get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":{}}' });
    expect(tokenless.status).toBe(403);
    expect(await notices(server)).toEqual([expect.stringMatching(GAP)]);
    expect(await notices(server)).toEqual([]);
    await stop(server);
  });

  it('a start killed before any page asked: the next start still tells; once shown, the one after does not', async () => {
    const dir = gapped();
    const first = await web(dir);
    // The folder is open once its journal, kept aside, is emptied.
    await expect.poll(() => fileSize(join(dir, 'account.journal')), { timeout: 30_000 }).toBe(0);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await web(dir);
    expect(await notices(second)).toEqual([expect.stringMatching(GAP)]);
    await stop(second);
    const third = await web(dir);
    expect(await notices(third)).toEqual([]);
    await stop(third);
  });
});
