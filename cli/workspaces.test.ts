/** `--workspace NAME` and `overview`: a data folder's several accounts, as the app writes them (real processes). */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsSchema } from '../shared/api.ts';
import { overviewRow, overviewSorted } from '../shared/overview.ts';
import { centsToUsd, creditsToNumber } from '../shared/units.ts';
import type { AccountView } from '../shared/view.ts';
import { balanceFromHead } from './balance.ts';
import { overviewFromHeads, viewSettingsPlain } from './overview.ts';
import { run } from './main.ts';
import { cliBundle, fixtureBundle } from '../test/fixtures/bundles.ts';

const root = join(import.meta.dirname, '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'cc-ws-'));
const AT = '2026-12-10';
/** The command as the installed one runs it, and the app's writer of a folder alike: bundles built once for the file, not loaded through tsx at each run. */
beforeAll(() => {
  cliBundle();
  fixtureBundle('workspace-folder');
}, 60_000);

/** What a process of Node with `args` printed and how it ended. */
function spawnRun(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 1 << 26 }, (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

interface Spec {
  readonly events: readonly object[];
  readonly settings?: object;
  readonly pending?: readonly object[];
}

/** The account written into `dir` by the app's own store and service (test/fixtures/workspace-folder.ts); the dashboard's view on AT. */
async function written(dir: string, spec: Spec): Promise<AccountView> {
  mkdirSync(dir, { recursive: true });
  const account = { format: 'credit-companion/account@1', events: spec.events };
  const out = await spawnRun([fixtureBundle('workspace-folder'), dir, JSON.stringify({ account, settings: spec.settings, pending: spec.pending, viewAt: AT })]);
  if (out.code !== 0) throw new Error(out.stderr);
  return JSON.parse(/^view (.*)$/m.exec(out.stdout)![1]!) as AccountView;
}

/** The account file of the same events (the pending usages after them): what `balance FILE` reads. */
function accountFile(spec: Spec): string {
  const file = join(tmp(), 'account.json');
  const pending = (spec.pending ?? []).map((u) => ({ type: 'usage', ...u }));
  writeFileSync(file, JSON.stringify({ format: 'credit-companion/account@1', events: [...spec.events, ...pending] }));
  return file;
}

const usage = (date: string, minutes: number, project = 'Launch') => ({ date, type: 'usage', feature: 'avatar-iv', minutes, project });
const PERSONAL: Spec = {
  events: [{ date: '2026-10-01', type: 'subscribe', plan: 'pro', credits: 1000 }, usage('2026-10-05', 10), usage('2026-11-03', 20), usage('2026-12-02', 5)],
  settings: { forecastMonths: 6 },
};
const CLIENT: Spec = {
  events: [{ date: '2026-09-15', type: 'subscribe', plan: 'business' }, { date: '2026-09-15', type: 'seats', count: 3 }, usage('2026-10-01', 40, 'Ads'), usage('2026-11-20', 60, 'Ads')],
  pending: [
    { date: '2026-12-01', feature: 'avatar-iv', minutes: 30, project: 'Ads' },
    { date: '2026-12-03', feature: 'avatar-iv', minutes: 2 },
  ],
};
const OLD: Spec = { events: [{ date: '2026-01-10', type: 'subscribe', plan: 'creator' }] };

const prefs = (dir: string, list: readonly { id: string; name: string; archived: boolean }[]) => writeFileSync(join(dir, 'preferences.json'), JSON.stringify({ window: null, notified: [], carriedOver: true, workspaces: list, lastWorkspace: null }));

/** A data folder of four workspaces: the first (renamed), a client's with changes still in its journal, an archived one, a damaged one. */
const folder = { dir: '', clean: '', views: {} as Record<string, AccountView> };
beforeAll(async () => {
  const dir = tmp();
  // And one whose every workspace's snapshot answers (no change left in a journal).
  const clean = tmp();
  const [personal, client] = await Promise.all([
    written(dir, PERSONAL),
    written(join(dir, 'workspaces', 'client-b'), CLIENT),
    written(join(dir, 'workspaces', 'old'), OLD),
    written(clean, PERSONAL),
    written(join(clean, 'workspaces', 'client-b'), { ...CLIENT, pending: [] }),
  ]);
  prefs(clean, [{ id: 'client-b', name: 'Client B', archived: false }]);
  mkdirSync(join(dir, 'workspaces', 'broken'));
  writeFileSync(join(dir, 'workspaces', 'broken', 'account.json'), '{"account":');
  prefs(dir, [
    { id: 'first', name: 'Personal', archived: false },
    { id: 'client-b', name: 'Client B', archived: false },
    { id: 'old', name: 'Old', archived: true },
    { id: 'broken', name: 'Broken', archived: false },
  ]);
  Object.assign(folder, { dir, clean, views: { Personal: personal!, 'Client B': client! } });
}, 60_000);

const ok = (args: string[]) => {
  const out = run(args);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return out.stdout;
};

describe('--workspace NAME', () => {
  it('selects one of the folder’s accounts by its name (any case, spaces around) or its id, for every command that takes --data', () => {
    const { dir } = folder;
    const clientDir = join(dir, 'workspaces', 'client-b');
    const balance = ok(['balance', '--data', clientDir, '--at', AT, '--json']);
    expect(JSON.parse(balance).balance).toBe(JSON.parse(ok(['balance', accountFile(CLIENT), '--at', AT, '--json'])).balance);
    for (const name of ['Client B', '  client b ', 'client-b']) expect(ok(['balance', '--data', dir, '--workspace', name, '--at', AT, '--json'])).toBe(balance);
    const sheet = join(tmp(), 'sheet.csv');
    writeFileSync(sheet, 'date,feature,minutes\n2026-12-05,Avatar IV,1\n');
    const project = join(tmp(), 'project.json');
    writeFileSync(project, JSON.stringify({ format: 'credit-companion/project@1', name: 'Ad', date: '2026-12-20', lines: [{ feature: 'avatar-iv', minutes: 2 }] }));
    for (const args of [
      ['forecast', '--at', AT, '--json'],
      ['report', '--at', AT, '--by', 'project', '--json'],
      ['export-usage', '--json'],
      ['compare', '--at', AT, '--json'],
      ['import-usage', sheet, '--json'],
      ['quote', project, '--json'],
    ]) {
      const [command, ...rest] = args;
      expect(run([command!, '--data', dir, '--workspace', 'Client B', ...rest])).toEqual(run([command!, '--data', clientDir, ...rest]));
    }
  });

  it('without it: the first workspace not archived', () => {
    const { dir } = folder;
    const personal = ok(['balance', '--data', dir, '--at', AT, '--json']);
    expect(JSON.parse(personal).balance).toBe(JSON.parse(ok(['balance', accountFile(PERSONAL), '--at', AT, '--json'])).balance);
    expect(ok(['balance', '--data', dir, '--workspace', 'personal', '--at', AT, '--json'])).toBe(personal);
    // The first one archived: the next one listed is read.
    const copy = tmp();
    cpSync(dir, copy, { recursive: true });
    prefs(copy, [
      { id: 'first', name: 'Personal', archived: true },
      { id: 'old', name: 'Old', archived: true },
      { id: 'client-b', name: 'Client B', archived: false },
    ]);
    expect(ok(['balance', '--data', copy, '--at', AT, '--json'])).toBe(ok(['balance', '--data', join(copy, 'workspaces', 'client-b'), '--at', AT, '--json']));
  });

  it('a name no workspace has: exit 2 naming the option and the workspaces there are', () => {
    const out = run(['balance', '--data', folder.dir, '--workspace', 'Client C']);
    expect(out).toEqual({ code: 2, stdout: '', stderr: `--workspace: no workspace called “Client C” in ${folder.dir}; it holds “Personal”, “Client B”, “Old” (archived), “Broken”` });
    expect(run(['overview', '--data', folder.dir, '--workspace', 'Personal']).code).toBe(2);
  });

  it('without --data: exit 2', () => {
    expect(run(['balance', 'account.json', '--workspace', 'Personal'])).toEqual({ code: 2, stdout: '', stderr: '--workspace: goes with --data DIR (a workspace is one of the accounts of the app’s data folder)' });
    expect(run(['compare', '--credits', '1000', '--workspace', 'Personal']).code).toBe(2);
    expect(run(['balance', '--data', folder.dir, '--workspace', ' ']).code).toBe(2);
  });

  it('balance --data from the snapshot of the workspace chosen before the rest of the command loads, as a process too', async () => {
    const { dir } = folder;
    for (const args of [
      ['balance', '--data', dir, '--at', AT, '--json'],
      ['balance', '--data', dir, '--workspace', ' PERSONAL', '--at', AT],
      ['balance', '--data', folder.clean, '--workspace', 'client-b', '--at', AT, '--json'],
    ]) {
      const fast = balanceFromHead(args);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(run(args));
    }
    // Changes in its journal, a name no workspace has, a list only its schema reads: the whole command's.
    expect(balanceFromHead(['balance', '--data', dir, '--workspace', 'client b', '--at', AT])).toBeNull();
    expect(balanceFromHead(['balance', '--data', dir, '--workspace', 'nobody', '--at', AT])).toBeNull();
    const padded = tmp();
    cpSync(folder.clean, padded, { recursive: true });
    prefs(padded, [{ id: 'client-b', name: ' Client B ', archived: false }]);
    expect(balanceFromHead(['balance', '--data', padded, '--workspace', 'client b', '--at', AT])).toBeNull();
    expect(run(['balance', '--data', padded, '--workspace', 'client b', '--at', AT])).toEqual(run(['balance', '--data', folder.clean, '--workspace', 'client b', '--at', AT]));
    for (const args of [
      ['balance', '--data', dir, '--at', AT, '--json'],
      ['balance', '--data', dir, '--workspace', 'client b', '--at', AT],
    ]) {
      const out = run(args);
      expect(await spawnRun([cliBundle(), ...args])).toEqual({ code: out.code, stdout: `${out.stdout}\n`, stderr: '' });
    }
  }, 30_000);
});

describe('overview --data DIR', () => {
  /** The row FORMATS.md gives of a workspace, from the app's own dashboard view. */
  const rowOf = (name: string, view: AccountView) => {
    const row = overviewRow(name, name, view);
    return { name, plan: row.plan, balance: creditsToNumber(row.balance), nextExpiry: row.nextExpiry && { date: row.nextExpiry.on, credits: creditsToNumber(row.nextExpiry.credits) }, runOutOn: row.runOutOn, chargesThisMonth: centsToUsd(row.chargesThisMonth) };
  };

  it('every workspace not archived, needing attention first, each with its dashboard’s figures; one that cannot be read said, the others listed', () => {
    const out = run(['overview', '--data', folder.dir, '--at', AT, '--json']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(`workspace “Broken” (${join(folder.dir, 'workspaces', 'broken')}) left out: ${join(folder.dir, 'workspaces', 'broken', 'account.json')}: it is not valid JSON (Unexpected end of JSON input); open Credit Companion on this folder to recover it from a backup`);
    const json = JSON.parse(out.stdout);
    expect(json.at).toBe(AT);
    // The app's order: its rows of the two dashboards, sorted as its Overview screen sorts them.
    const order = overviewSorted(Object.entries(folder.views).map(([name, view]) => overviewRow(name, name, view))).map((r) => r.name);
    expect(json.workspaces.map((w: { name: string }) => w.name)).toEqual(order);
    expect(order).toEqual(['Personal', 'Client B']);
    for (const w of json.workspaces) expect(w).toMatchObject(rowOf(w.name, folder.views[w.name]!));
    expect(json.workspaces[0]).toMatchObject({ name: 'Personal', plan: 'Pro 1,000 (monthly)', nextExpiry: { date: '2027-01-01' } });
  });

  it('a workspace with nothing recorded yet is said and left out, as the app’s Overview leaves it out', () => {
    const copy = tmp();
    cpSync(folder.dir, copy, { recursive: true });
    mkdirSync(join(copy, 'workspaces', 'new'));
    writeFileSync(join(copy, 'workspaces', 'new', 'account.json'), JSON.stringify({ account: { format: 'credit-companion/account@1', events: [] }, projects: [], settings: {}, journalSeq: 0 }));
    const out = run(['overview', '--data', copy, '--at', AT, '--json']);
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n')).toContain(`workspace “new” (${join(copy, 'workspaces', 'new')}) left out: nothing recorded yet`);
    expect(JSON.parse(out.stdout).workspaces.map((w: { name: string }) => w.name)).toEqual(['Personal', 'Client B']);
  });

  it('a readable table: the next expiry with its countdown, the run-out, this month’s charges', () => {
    const out = run(['overview', '--data', folder.dir, '--at', AT]);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[2]).toMatch(/^workspace +plan +balance +next expiry +runs out +charged this month$/);
    expect(out.stdout).toMatch(/Personal +Pro 1,000 \(monthly\) +[\d,]+ +[\d,]+ credits on 2027-01-01 \(in 22 days\) +(-|\d{4}-\d\d-\d\d) +\$49\.00/);
    expect(out.stdout).toContain('Client B');
    expect(out.stdout).not.toContain('Old');
  });

  it('from the snapshots’ heads before the rest of the command loads, when every workspace’s answers; as a process too', async () => {
    const { clean } = folder;
    for (const args of [
      ['overview', '--data', clean, '--at', AT, '--json'],
      ['overview', '--data', clean, '--at', AT],
    ]) {
      const fast = overviewFromHeads(args);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(run(args));
      expect(await spawnRun([cliBundle(), ...args])).toEqual({ code: 0, stdout: `${fast!.stdout}\n`, stderr: '' });
    }
    expect(JSON.parse(overviewFromHeads(['overview', '--data', clean, '--at', AT, '--json'])!.stdout).workspaces.map((w: { name: string }) => w.name)).toEqual(['Client B', 'My account']);
    // A workspace with changes in its journal, or one that cannot be read, is the whole command's.
    expect(overviewFromHeads(['overview', '--data', folder.dir, '--at', AT, '--json'])).toBeNull();
    expect(overviewFromHeads(['overview', '--data', clean, '--at', '2026-02-30'])).toBeNull();
    expect(overviewFromHeads(['overview', '--data', clean, '--workspace', 'x'])).toBeNull();
  }, 30_000);

  it('the settings a snapshot keeps are taken as the settings’ schema takes them, or left to it', () => {
    const value = fc.oneof(
      fc.record({ notifyExpiryDays: fc.oneof(fc.integer({ min: -1, max: 61 }), fc.double()), notifyRunOut: fc.oneof(fc.boolean(), fc.constant(0)), theme: fc.constantFrom('system', 'light', 'dark', 'blue'), forecastMonths: fc.oneof(fc.integer({ min: 0, max: 25 }), fc.constant(2.5), fc.constant('3')), monthlyBudget: fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 100_000_001 }), fc.constant(1.5)), extra: fc.constant(1) }, { requiredKeys: ['notifyExpiryDays', 'notifyRunOut', 'theme', 'forecastMonths', 'monthlyBudget'] }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(value, (settings) => {
        const plain = viewSettingsPlain({ settings });
        if (plain === null) return;
        const parsed = settingsSchema.safeParse(settings);
        expect(parsed.success).toBe(true);
        expect(plain).toEqual({ forecastMonths: parsed.data!.forecastMonths, monthlyBudget: parsed.data!.monthlyBudget });
      }),
      { numRuns: 2000 },
    );
    expect(viewSettingsPlain({ settings: DEFAULT_SETTINGS })).toEqual({ forecastMonths: 3, monthlyBudget: null });
    expect(viewSettingsPlain({ settings: { ...DEFAULT_SETTINGS, forecastMonths: 6, monthlyBudget: 25_000 } })).toEqual({ forecastMonths: 6, monthlyBudget: 25_000 });
  });

  it('a folder that is not there, or holds no account: exit 2', () => {
    expect(run(['overview', '--data', join(folder.dir, 'nope')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/nope: cannot read \(no such folder\)$/) });
    expect(run(['overview', '--data', tmp()])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no Credit Companion data here/) });
    expect(run(['overview'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^overview: --data DIR is required/) });
  });
});

describe('a folder of the current format (one account, its journal and backups, no workspaces): opens as the first workspace', () => {
  /** Every file's name and bytes under `dir`. */
  const files = (dir: string): Record<string, string> =>
    Object.fromEntries(
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => statSync(join(dir, f)).isFile())
        .sort()
        .map((f) => [relative(dir, join(dir, f)), readFileSync(join(dir, f)).toString('base64')]),
    );

  it('is listed as “My account”, balance --data answers for it with or without --workspace, and nothing is written', async () => {
    const dir = tmp();
    await written(dir, { ...PERSONAL, pending: CLIENT.pending });
    expect(readdirSync(dir).sort()).toEqual(['account.history', 'account.journal', 'account.json', 'account.lock.json', 'account.snapshot', 'backups']);
    expect(readFileSync(join(dir, 'account.journal'), 'utf8').trim().split('\n')).toHaveLength(3);
    const before = files(dir);
    const expected = ok(['balance', accountFile({ ...PERSONAL, pending: CLIENT.pending }), '--at', AT, '--json']);
    expect(ok(['balance', '--data', dir, '--at', AT, '--json'])).toBe(expected);
    expect(ok(['balance', '--data', dir, '--workspace', 'my account', '--at', AT, '--json'])).toBe(expected);
    expect((await spawnRun([cliBundle(), 'balance', '--data', dir, '--at', AT, '--json'])).stdout).toBe(`${expected}\n`);
    const overview = JSON.parse(ok(['overview', '--data', dir, '--at', AT, '--json']));
    expect(overview.workspaces).toEqual([expect.objectContaining({ name: 'My account', balance: JSON.parse(expected).balance })]);
    expect(files(dir)).toEqual(before);
  }, 30_000);
});
