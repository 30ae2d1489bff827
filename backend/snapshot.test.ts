/**
 * The snapshot beside the store file (`account.snapshot`, the engine's replay of the store file's account): an
 * account opened from it shows, byte for byte, what a full replay of the stored account shows, whatever the changes,
 * undos, imports and restarts before; and a snapshot that is stale, another folder's, cut short, damaged, of another
 * format or of a store file edited since is ignored (the account replayed) and written again. Real stores in temp folders.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppState } from '../shared/api.ts';
import { replayBuild } from '../shared/engine/incremental.ts';
import { SNAPSHOT_FORMAT } from '../shared/engine/snapshot.ts';
import type { IsoDate } from '../shared/units.ts';
import { accountViewOf } from '../shared/view.ts';
import { runs } from '../test/fixtures/histories.ts';
import { ok } from '../test/fixtures/session.ts';
import { serviceCreate, type Service } from './service.ts';
import { storeOpen, type StoreGlance } from './store.ts';
import { glanceState } from './service/session.ts';
import { serviceStep, stepDay, type ServiceStep } from '../test/fixtures/serviceSteps.ts';

/** After every event the steps make: the view today is the replay's tip, advanced. */
const TODAY = '2026-04-30' as IsoDate;
const tmp = () => mkdtempSync(join(tmpdir(), 'cc-snapshot-'));

/** The first screen's state each opening drew from the snapshot before reading the account (null: it drew none), by folder. */
const firstDrawn = new Map<string, AppState | null>();

function open(dir: string): Service {
  firstDrawn.set(dir, null);
  const glance = (g: StoreGlance) => firstDrawn.set(dir, glanceState(g, dir, TODAY));
  return serviceCreate({ store: storeOpen({ dir, compactEvery: 4, glance }), today: () => TODAY, logBug: (n, e) => { throw new Error(`${n}: ${String(e)}`); } });
}

/** The state the opening of `dir` drew first is the account's once read, but for the undo history and the notices it has none of yet. */
function firstDrawnRight(dir: string, svc: Service): void {
  const first = firstDrawn.get(dir);
  expect(first).not.toBeNull();
  const full = ok<AppState>(svc.handle('state-get', {}));
  expect(JSON.parse(JSON.stringify(first))).toEqual(JSON.parse(JSON.stringify({ ...full, notices: [], changes: { undo: null, redo: null }, opening: true })));
}

type Step = ServiceStep | { readonly k: 'restart' };

/** An import of 2,500 rows takes the account past its first checkpoint (at 2,048 events): more is kept than the empty state. */
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('add' as const), day: fc.integer({ min: 0, max: 80 }), minutes: fc.integer({ min: 1, max: 60 }), project: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('edit' as const), pick: fc.nat(), day: fc.integer({ min: 0, max: 80 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('addon' as const), day: fc.integer({ min: 0, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('plan' as const), day: fc.integer({ min: 0, max: 80 }), credits: fc.constantFrom(1000, 2000, 5000) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cancel' as const), day: fc.integer({ min: 20, max: 80 }) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'redo' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('import' as const), rows: fc.constantFrom(3, 40), day: fc.integer({ min: 0, max: 80 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('import' as const), rows: fc.constant(2500), day: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 3, arbitrary: fc.constant({ k: 'restart' as const }) },
);

/** What the screens are given, as the bytes that cross the bridge: the view today and on days before (from the checkpoints), History's pages, the usage log. */
function shown(svc: Service): string[] {
  const view = (input: object) => JSON.stringify(ok<AppState>(svc.handle('state-get', input)).view);
  return [
    view({}),
    ...[10, 25, 40, 55, 70].map((day) => view({ at: stepDay(day) })),
    JSON.stringify(ok(svc.handle('ledger-get', { limit: 30 }))),
    JSON.stringify(ok(svc.handle('ledger-get', { limit: 30, month: '2026-02' }))),
    JSON.stringify(ok(svc.handle('ledger-get', { limit: 30, kind: 'usage' }))),
    JSON.stringify(ok(svc.handle('usage-list', { limit: 1000 }))),
  ];
}

/** The same, from a copy of the folder without its snapshot: the account replayed in full. */
function shownReplayed(dir: string): string[] {
  const copy = tmp();
  cpSync(dir, copy, { recursive: true });
  rmSync(join(copy, 'account.snapshot'), { force: true });
  const svc = open(copy);
  expect(svc.store.fromSnapshot).toBe(false);
  try {
    return shown(svc);
  } finally {
    svc.store.close();
  }
}

/** The view of the account now, from a full replay of it. */
function viewReplayed(svc: Service): string {
  const { account, settings } = svc.store.data;
  return JSON.stringify(account.events.length === 0 ? null : accountViewOf(replayBuild(account), TODAY, settings.forecastMonths, settings.monthlyBudget));
}

function subscribed(dir: string): Service {
  const svc = open(dir);
  // Credits enough for the imports (each usage a credit list changes), not for every entry: some are refused.
  ok(svc.handle('event-add', { event: { date: stepDay(0), type: 'subscribe', plan: 'enterprise', credits: 200_000, price: 2000 } }));
  return svc;
}

describe('the snapshot beside the store file', () => {
  it('an account opened from its snapshot shows what a full replay shows, byte for byte, after any changes, undos, imports and restarts; its first screen, drawn from the snapshot before the account is read, too', () => {
    let fromSnapshot = 0;
    let drawn = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 24 }), (steps) => {
        const dir = tmp();
        let svc = subscribed(dir);
        for (const step of steps) {
          if (step.k !== 'restart') {
            serviceStep(svc, step);
            // A replay restored from a snapshot goes on from it as the one it was made from.
            expect(JSON.stringify(ok<AppState>(svc.handle('state-get', {})).view)).toBe(viewReplayed(svc));
            continue;
          }
          svc.store.close();
          svc = open(dir);
          // Once opened (and shown), the folder has the snapshot of its store file: the next opening reads it.
          ok(svc.handle('state-get', {}));
          svc.store.close();
          svc = open(dir);
          if (svc.store.data.account.events.length > 0) {
            expect(svc.store.fromSnapshot).toBe(true);
            // Every event is dated today or before: the first screen was drawn from the snapshot's head, as the account shows it.
            firstDrawnRight(dir, svc);
            drawn++;
          }
          if (svc.store.fromSnapshot) fromSnapshot++;
          expect(shown(svc)).toEqual(shownReplayed(dir));
        }
        svc.store.close();
      }),
      { numRuns: runs(25) },
    );
    expect(fromSnapshot).toBeGreaterThan(0);
    expect(drawn).toBeGreaterThan(0);
  }, 240_000);

  it('a seats change on the day a subscription starts, after a restart from a snapshot taken that day, makes its first charge again as a full replay does', () => {
    const dir = tmp();
    let svc = open(dir);
    ok(svc.handle('event-add', { event: { date: stepDay(0), type: 'subscribe', plan: 'business', billing: 'monthly' } }));
    svc.store.close();
    svc = open(dir);
    ok(svc.handle('state-get', {}));
    svc.store.close();
    svc = open(dir);
    expect(svc.store.fromSnapshot).toBe(true);
    ok(svc.handle('event-add', { event: { date: stepDay(0), type: 'seats', count: 3 } }));
    const view = ok<AppState>(svc.handle('state-get', {})).view!;
    expect(JSON.stringify(view)).toBe(viewReplayed(svc));
    expect(view.ledger.charges.filter((c) => c.date === stepDay(0))).toHaveLength(1);
    svc.store.close();
  });

  /** A folder with some history and its snapshot; `svc` still open on it. */
  function folderWithSnapshot(): { dir: string; svc: Service } {
    const dir = tmp();
    const svc = subscribed(dir);
    for (let i = 0; i < 30; i++) ok(svc.handle('usage-add', { date: stepDay(i * 2), feature: 'avatar-iv', minutes: 1 + (i % 5), project: `P${i % 3}` }));
    svc.store.close();
    const again = open(dir);
    ok(again.handle('state-get', {}));
    return { dir, svc: again };
  }

  /**
   * Open `dir` with its snapshot as `spoil` leaves it: the snapshot is ignored, the account replayed, what it shows
   * right, and the snapshot written again so that the next opening reads it. No first screen is drawn from it, unless
   * `headWhole` (what is damaged lies after its head, which has a checksum of its own): then the one drawn is right.
   */
  function ignoredAndRebuilt(dir: string, spoil: (path: string) => void, headWhole = false): void {
    const path = join(dir, 'account.snapshot');
    spoil(path);
    const expected = shownReplayed(dir);
    const svc = open(dir);
    expect(svc.store.fromSnapshot).toBe(false);
    // Nothing is drawn from a snapshot whose head does not match: the first screen is the account's, once read.
    if (headWhole) firstDrawnRight(dir, svc);
    else expect(firstDrawn.get(dir)).toBeNull();
    expect(shown(svc)).toEqual(expected);
    svc.store.close();
    const again = open(dir);
    expect(again.store.fromSnapshot).toBe(true);
    firstDrawnRight(dir, again);
    expect(shown(again)).toEqual(expected);
    again.store.close();
  }

  it('a stale snapshot (of the store file before a compaction) is ignored and written again', () => {
    const { dir, svc } = folderWithSnapshot();
    const stale = readFileSync(join(dir, 'account.snapshot'));
    for (let i = 0; i < 6; i++) ok(svc.handle('usage-add', { date: stepDay(70), feature: 'avatar-iii', minutes: 2 }));
    svc.store.close();
    ignoredAndRebuilt(dir, (path) => writeFileSync(path, stale));
  });

  it("another folder's snapshot, of the same events, is ignored and written again", () => {
    const { dir, svc } = folderWithSnapshot();
    svc.store.close();
    const other = tmp();
    const stored = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    writeFileSync(join(other, 'account.json'), JSON.stringify({ ...stored, storeId: 'another-folder' }));
    const copy = open(other);
    ok(copy.handle('state-get', {}));
    copy.store.close();
    expect(existsSync(join(other, 'account.snapshot'))).toBe(true);
    ignoredAndRebuilt(dir, (path) => cpSync(join(other, 'account.snapshot'), path));
  });

  it('a snapshot cut short, damaged in one byte, emptied, or of another format is ignored and written again', () => {
    const { dir, svc } = folderWithSnapshot();
    svc.store.close();
    const good = readFileSync(join(dir, 'account.snapshot'));
    ignoredAndRebuilt(dir, (path) => writeFileSync(path, good.subarray(0, good.length >> 1)));
    ignoredAndRebuilt(dir, (path) => {
      const bad = Buffer.from(good);
      bad.writeUInt8(bad.readUInt8(bad.length - 100) ^ 0x20, bad.length - 100);
      writeFileSync(path, bad);
    }, true);
    ignoredAndRebuilt(dir, (path) => writeFileSync(path, ''));
    ignoredAndRebuilt(dir, (path) => writeFileSync(path, Buffer.from(good.toString('latin1').replace(SNAPSHOT_FORMAT, `${SNAPSHOT_FORMAT.slice(0, -1)}0`), 'latin1')));
  });

  it('a store file edited by hand (same journal position and id) is the truth: its snapshot is ignored', () => {
    const { dir, svc } = folderWithSnapshot();
    svc.store.close();
    const storePath = join(dir, 'account.json');
    const stored = JSON.parse(readFileSync(storePath, 'utf8'));
    stored.account.events = stored.account.events.map((e: { type: string; minutes?: number }) => (e.type === 'usage' ? { ...e, minutes: (e.minutes ?? 1) + 1 } : e));
    ignoredAndRebuilt(dir, () => writeFileSync(storePath, JSON.stringify(stored)));
  });

  it('a folder copied elsewhere: its snapshot still opens it (the store file matched by its bytes), and is written again for the copy, so that the next opening draws its first screen from it', () => {
    const { dir, svc } = folderWithSnapshot();
    svc.store.close();
    const copy = tmp();
    cpSync(dir, copy, { recursive: true });
    const first = open(copy);
    expect(first.store.fromSnapshot).toBe(true);
    // The copy's store file is another file on disk than the one the snapshot was written beside.
    expect(firstDrawn.get(copy)).toBeNull();
    const expected = shown(first);
    first.store.close();
    const again = open(copy);
    firstDrawnRight(copy, again);
    expect(shown(again)).toEqual(expected);
    again.store.close();
  });

  it('a journal that holds changes after the snapshot: no first screen is drawn from it, and the account opens from it with the changes applied, as a full replay shows it', () => {
    const { dir, svc } = folderWithSnapshot();
    ok(svc.handle('usage-add', { date: stepDay(3), feature: 'avatar-iii', minutes: 4, project: 'P1' }));
    ok(svc.handle('usage-add', { date: stepDay(75), feature: 'avatar-iv', minutes: 2 }));
    // The folder as a crash would leave it: the changes in the journal, the store file and its snapshot before them.
    const crashed = tmp();
    for (const f of ['account.json', 'account.journal', 'account.snapshot', 'account.history']) cpSync(join(dir, f), join(crashed, f));
    svc.store.close();
    const expected = shownReplayed(crashed);
    const copy = open(crashed);
    expect(firstDrawn.get(crashed)).toBeNull();
    expect(copy.store.fromSnapshot).toBe(true);
    expect(copy.store.data.account.events.filter((e) => e.type === 'usage')).toHaveLength(32);
    expect(shown(copy)).toEqual(expected);
    copy.store.close();
  });
});
