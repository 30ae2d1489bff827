/** `--data DIR`: the app's own data folder, journal folded in, read while the app writes to it (real processes). */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/api.ts';
import { replayBuild } from '../shared/engine/incremental.ts';
import { snapshotBytes, snapshotHeadEnd } from '../shared/engine/snapshot.ts';
import { ACCOUNT_FORMAT, accountParse } from '../shared/formats/account.ts';
import { storedText } from '../shared/store.ts';
import { balanceFromHead } from './balance.ts';
import { journalAdds } from './dataFolder.ts';
import { dataFolderTip } from './dataFolderTip.ts';
import { run } from './main.ts';
import { cliBundle, fixtureBundle, webBundle } from '../test/fixtures/bundles.ts';

const root = join(import.meta.dirname, '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'cc-data-'));
/** The command and the browser mode run as their builds run them, and the desktop's writer alike: bundled once for the file, not loaded through tsx at each start. */
beforeAll(() => {
  cliBundle();
  webBundle();
  fixtureBundle('desktop-store');
}, 60_000);

/** A process holding `dir` as the desktop app does, writing `count` usages of 20 credits each (ids d000…) a few ms apart. */
function holder(dir: string, count: number, compactEvery: number): { child: ChildProcess; acked: () => number; waitFor: (id: string) => Promise<void> } {
  const child = spawn(process.execPath, [fixtureBundle('desktop-store'), dir, String(count), String(compactEvery)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waiting: { id: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    for (const w of waiting.slice()) if (out.includes(`ack ${w.id}\n`)) w.resolve();
  });
  return {
    child,
    acked: () => (out.match(/^ack /gm) ?? []).length,
    waitFor: (id) => new Promise((resolve) => waiting.push({ id, resolve })),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  child.stdin!.end();
  await new Promise((r) => child.on('exit', r));
}

const balanceOf = (dir: string) => {
  const out = run(['balance', '--data', dir, '--at', '2026-01-10', '--json']);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout).balance as number;
};

describe('--data DIR', () => {
  it('reads the stored account with its journal folded in, without taking the folder from the app', async () => {
    const dir = tmp();
    const app = holder(dir, 30, 1000);
    await app.waitFor('d029');
    // Its head (the store file's id) and a line a change.
    expect(readFileSync(join(dir, 'account.journal'), 'utf8').trim().split('\n')).toHaveLength(32);
    expect(balanceOf(dir)).toBe(100_000 - 30 * 20);
    expect(run(['forecast', '--data', dir, '--at', '2026-01-10', '--json']).code).toBe(0);
    expect(JSON.parse(run(['compare', '--data', dir, '--at', '2026-02-10', '--json']).stdout).options.length).toBeGreaterThan(0);
    await stop(app.child);
    expect(balanceOf(dir)).toBe(100_000 - 30 * 20);
  }, 30_000);

  it('while the app writes and compacts: every read is whole, and never goes back', async () => {
    const dir = tmp();
    const app = holder(dir, 300, 7);
    await app.waitFor('d000');
    let last = 0;
    let reads = 0;
    while (app.acked() < 300) {
      const ackedBefore = app.acked();
      const used = (100_000 - balanceOf(dir)) / 20;
      reads++;
      expect(Number.isInteger(used)).toBe(true);
      expect(used).toBeGreaterThanOrEqual(Math.max(last, ackedBefore));
      last = used;
      await new Promise((r) => setTimeout(r, 3));
    }
    await stop(app.child);
    expect(balanceOf(dir)).toBe(100_000 - 300 * 20);
    expect(reads).toBeGreaterThan(5);
  }, 60_000);

  it('while the browser mode runs on the folder: the same balance it shows, and it goes on saving', async () => {
    const dir = tmp();
    const web = spawn(process.execPath, [webBundle(), '--data', dir, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve) => {
      let out = '';
      web.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /running at (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
    });
    const token = /content="([^"]+)"/.exec(await (await fetch(url)).text())![1]!;
    const call = async (name: string, input: unknown) => (await (await fetch(`${url}api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input }) })).json()) as { ok: boolean };
    expect((await call('event-add', { event: { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 } })).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect((await call('usage-add', { date: '2026-01-02', feature: 'avatar-iv', minutes: 1 })).ok).toBe(true);
    expect(balanceOf(dir)).toBe(100_000 - 5 * 20);
    expect((await call('usage-add', { date: '2026-01-02', feature: 'avatar-iv', minutes: 1 })).ok).toBe(true);
    expect(balanceOf(dir)).toBe(100_000 - 6 * 20);
    web.kill('SIGTERM');
    await new Promise((r) => web.on('exit', r));
  }, 30_000);

  it.each([
    ['a folder that is not there', (dir: string) => join(dir, 'nope'), /^.*nope: cannot read \(no such folder\)$/],
    ['a file, not a folder', (dir: string) => (writeFileSync(join(dir, 'f'), 'x'), join(dir, 'f')), /: not a folder \(--data takes the app's data folder\)$/],
    ['a folder with no data', (dir: string) => dir, /: no Credit Companion data here \(no account\.json\)$/],
    ['a damaged store file', (dir: string) => (writeFileSync(join(dir, 'account.json'), '{"account":'), dir), /account\.json: it is not valid JSON .*; open Credit Companion on this folder to recover it from a backup$/],
    ['a newer version’s data', (dir: string) => (writeFileSync(join(dir, 'account.json'), '{"account":{"format":"credit-companion/account@7","events":[]}}'), dir), /account\.json: it holds an account of format credit-companion\/account@7, newer than .*; update credit-companion to read it$/],
  ])('%s: exit 2 with one line', (_name, arrange, message) => {
    const dir = arrange(tmp());
    const out = run(['balance', '--data', dir]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.stderr.split('\n')).toHaveLength(1);
  });

  it('a journal that does not follow the store file (an older store copied back): read without it, and said', () => {
    const dir = tmp();
    const usage = (id: string) => ({ type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes: 1, id });
    const sub = { type: 'subscribe', date: '2026-01-01', plan: 'pro', credits: 100_000, id: 'sub' };
    writeFileSync(join(dir, 'account.json'), JSON.stringify({ account: { format: 'credit-companion/account@1', events: [sub, usage('a')] }, projects: [], settings: {}, journalSeq: 2 }));
    writeFileSync(join(dir, 'account.journal'), ['b', 'c'].map((id, i) => `${JSON.stringify({ seq: 5 + i, op: 'event-add', event: usage(id) })}\n`).join(''));
    const out = run(['balance', '--data', dir, '--at', '2026-01-10', '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).balance).toBe(100_000 - 20);
    expect(out.stderr).toBe(`${join(dir, 'account.journal')}: 2 changes could not be applied: they do not follow ${join(dir, 'account.json')} (it holds the changes up to 2, the journal starts at 5); the app keeps the journal aside when it next opens the folder`);
  });

  it('another folder’s journal whose numbers follow on (its head names another store file): read without it, and said', () => {
    const dir = tmp();
    const usage = (id: string) => ({ type: 'usage', date: '2026-01-02', feature: 'avatar-iv', minutes: 1, id });
    const sub = { type: 'subscribe', date: '2026-01-01', plan: 'pro', credits: 100_000, id: 'sub' };
    writeFileSync(join(dir, 'account.json'), JSON.stringify({ account: { format: 'credit-companion/account@1', events: [sub, usage('a')] }, projects: [], settings: {}, journalSeq: 2, storeId: 'this-one' }));
    writeFileSync(join(dir, 'account.journal'), `${JSON.stringify({ store: 'another' })}\n${['b', 'c'].map((id, i) => `${JSON.stringify({ seq: 3 + i, op: 'event-add', event: usage(id) })}\n`).join('')}`);
    const out = run(['balance', '--data', dir, '--at', '2026-01-10', '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).balance).toBe(100_000 - 20);
    expect(out.stderr).toBe(`${join(dir, 'account.journal')}: 2 changes could not be applied: they were written for another data folder's account; the app keeps the journal aside when it next opens the folder`);
  });

  it('an account file and --data together: exit 2', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'x'));
    expect(run(['balance', 'file.json', '--data', dir])).toEqual({ code: 2, stdout: '', stderr: 'balance: an account file or --data DIR, not both' });
    expect(run(['quote', 'p.json', '--account', 'a.json', '--data', dir]).code).toBe(2);
  });

  it('import-usage and export-usage read the data folder too', async () => {
    const dir = tmp();
    const app = holder(dir, 2, 1000);
    await app.waitFor('d001');
    const sheet = join(dir, '..', `${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(sheet, 'date,feature,minutes\n2026-01-02,Avatar IV,1\n2026-01-03,Avatar IV,1\n');
    expect(JSON.parse(run(['import-usage', '--data', dir, sheet, '--json']).stdout)).toMatchObject({ added: 1, skipped: 1 });
    expect(run(['export-usage', '--data', dir]).stdout.split('\r\n')).toHaveLength(3);
    await stop(app.child);
  }, 30_000);

  it('never writes to the folder', async () => {
    const dir = tmp();
    const app = holder(dir, 3, 1000);
    await app.waitFor('d002');
    await stop(app.child);
    const before = statSync(join(dir, 'account.json')).mtimeMs;
    balanceOf(dir);
    expect(statSync(join(dir, 'account.json')).mtimeMs).toBe(before);
    expect(existsSync(join(dir, 'account.lock'))).toBe(false);
  }, 30_000);
});

describe('--data DIR with its snapshot', () => {
  /** A data folder as the app leaves it: the store file and the snapshot of its account (the engine's replay), no journal. */
  const january = Array.from({ length: 40 }, (_, i) => ({ id: `u${i}`, date: `2026-01-${String(2 + (i % 27)).padStart(2, '0')}`, type: 'usage', feature: 'avatar-iv', minutes: 1 + (i % 3), project: `P${i % 4}` }));
  function folderWithSnapshot(usages: readonly object[] = january, from = '2026-01-01'): { dir: string; file: string } {
    const dir = tmp();
    const events = [{ id: 's', date: from, type: 'subscribe', plan: 'enterprise', credits: 50_000, price: 1000 }, ...usages];
    const parsed = accountParse({ format: ACCOUNT_FORMAT, events });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const bytes = Buffer.from(storedText({ account: parsed.value, projects: [], settings: DEFAULT_SETTINGS, journalSeq: 7, storeId: 'folder-a' }));
    writeFileSync(join(dir, 'account.json'), bytes);
    const key = { storeId: 'folder-a', journalSeq: 7, storeSize: bytes.length, storeCrc: crc32(bytes) };
    const st = statSync(join(dir, 'account.json'));
    writeFileSync(join(dir, 'account.snapshot'), Buffer.concat(snapshotBytes(replayBuild(parsed.value), key, crc32, `${st.ino}:${st.mtimeMs}:${st.size}`)));
    const file = join(dir, '..', `${dir.split('/').pop()}-account.json`);
    writeFileSync(file, JSON.stringify(parsed.value));
    return { dir, file };
  }

  const balanceJsonOf = (args: string[]) => {
    const out = run(['balance', ...args, '--json']);
    expect(out.code).toBe(0);
    return out.stdout;
  };

  it('balance takes the state from the snapshot that matches the store file, as a replay of the account file gives it', () => {
    const { dir, file } = folderWithSnapshot();
    expect(dataFolderTip(dir, journalAdds)).not.toBeNull();
    for (const at of ['2026-01-28', '2026-03-15']) expect(balanceJsonOf(['--data', dir, '--at', at])).toBe(balanceJsonOf([file, '--at', at]));
    // A copy of the folder is not the very file the snapshot was written beside: its bytes are checked, and match.
    const copy = tmp();
    cpSync(dir, copy, { recursive: true });
    expect(dataFolderTip(copy, journalAdds)).not.toBeNull();
    expect(balanceJsonOf(['--data', copy, '--at', '2026-03-15'])).toBe(balanceJsonOf([file, '--at', '2026-03-15']));
    // Before the last event the events are needed: the folder is read whole.
    expect(balanceJsonOf(['--data', dir, '--at', '2026-01-10'])).toBe(balanceJsonOf([file, '--at', '2026-01-10']));
  });

  it('a snapshot that does not match the store file, or a journal that adds to it, leaves the folder read whole', () => {
    const { dir, file } = folderWithSnapshot();
    const expected = balanceJsonOf([file, '--at', '2026-01-30']);
    const snapshotPath = join(dir, 'account.snapshot');
    const good = readFileSync(snapshotPath);
    writeFileSync(snapshotPath, good.subarray(0, good.length - 1));
    expect(dataFolderTip(dir, journalAdds)).toBeNull();
    expect(balanceJsonOf(['--data', dir, '--at', '2026-01-30'])).toBe(expected);
    writeFileSync(snapshotPath, good);
    const storePath = join(dir, 'account.json');
    writeFileSync(storePath, readFileSync(storePath, 'utf8').replace('"minutes":1', '"minutes":2'));
    // The store file edited by hand is the truth.
    expect(dataFolderTip(dir, journalAdds)).toBeNull();
    expect(JSON.parse(balanceJsonOf(['--data', dir, '--at', '2026-01-30'])).balance).toBeLessThan(JSON.parse(expected).balance);

    const { dir: other, file: otherFile } = folderWithSnapshot();
    writeFileSync(join(other, 'account.journal'), `${JSON.stringify({ store: 'folder-a' })}\n${JSON.stringify({ seq: 8, op: 'event-add', event: { id: 'late', date: '2026-02-20', type: 'usage', feature: 'avatar-iv', minutes: 5 } })}\n`);
    expect(dataFolderTip(other, journalAdds)).toBeNull();
    const withJournal = JSON.parse(balanceJsonOf(['--data', other, '--at', '2026-02-25'])).balance as number;
    expect(withJournal).toBeLessThan(JSON.parse(balanceJsonOf([otherFile, '--at', '2026-02-25'])).balance);
  });

  it('balance --data before the rest of the command loads: the whole command’s output, or null where it must read more', () => {
    const { dir } = folderWithSnapshot();
    for (const args of [
      ['balance', '--data', dir, '--at', '2026-01-28', '--json'],
      ['balance', '--data', dir, '--at', '2026-03-15'],
      ['balance', `--data=${dir}`, '--json', '--at=2026-02-01'],
    ]) {
      const fast = balanceFromHead(args);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(run(args));
    }
    for (const args of [
      // Before the last event, a value the whole command checks and words, another option, command or argument.
      ['balance', '--data', dir, '--at', '2026-01-10'],
      ['balance', '--data', dir, '--at', '2026-02-30'],
      ['balance', '--data', '', '--at', '2026-03-15'],
      ['balance', '--data', dir, '--at', '2026-03-15', '--months', '3'],
      ['balance', '--data', dir, '--help'],
      ['balance', 'account.json', '--data', dir],
      ['forecast', '--data', dir, '--at', '2026-03-15'],
      ['balance', '--data', dir, '--frob'],
    ]) {
      expect(balanceFromHead(args)).toBeNull();
    }
    // A journal with anything in it (a head line alone too) is the whole command’s to read.
    writeFileSync(join(dir, 'account.journal'), `${JSON.stringify({ store: 'folder-a' })}\n`);
    expect(balanceFromHead(['balance', '--data', dir, '--at', '2026-03-15'])).toBeNull();
    expect(run(['balance', '--data', dir, '--at', '2026-03-15', '--json']).code).toBe(0);
  });

  it('a head longer than the first read (a usage every day for 11 years): read on to its end, and the same balance', () => {
    const daily = Array.from({ length: 4000 }, (_, i) => ({ id: `d${i}`, date: new Date(Date.UTC(2015, 0, 2 + i)).toISOString().slice(0, 10), type: 'usage', feature: 'avatar-iii', minutes: 1 }));
    const { dir, file } = folderWithSnapshot(daily, '2015-01-01');
    const snapshot = readFileSync(join(dir, 'account.snapshot'));
    expect(snapshotHeadEnd(snapshot)).toBeGreaterThan(64 * 1024);
    expect(dataFolderTip(dir, journalAdds)).not.toBeNull();
    const args = ['balance', '--data', dir, '--at', '2026-03-15', '--json'];
    expect(balanceFromHead(args)).toEqual(run(['balance', file, '--at', '2026-03-15', '--json']));
  });

  it('the command as a process: the same output from the snapshot’s head, and the same refusal of a bad date', async () => {
    const { dir } = folderWithSnapshot();
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, [cliBundle(), ...args], (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }));
      });
    for (const args of [
      ['balance', '--data', dir, '--at', '2026-03-15', '--json'],
      ['balance', '--data', dir, '--at', '2026-02-30'],
    ]) {
      const out = run(args);
      expect(await cli(args)).toEqual({ code: out.code, stdout: out.stdout ? `${out.stdout}\n` : '', stderr: out.stderr ? `credit-companion: ${out.stderr}\n` : '' });
    }
  }, 30_000);
});
