/**
 * The sync state's files on a real folder: `sync.json` small and named last, the pulled ops appended to `sync.log`,
 * the fold's base written anew only when the log outgrows it or the state goes back before it, and whatever a crash
 * leaves between two steps read back as the last `sync.json` says.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncStateNew, type PulledOp, type SyncFoldAt, type SyncState } from '../../shared/formats/syncState.ts';
import { mergeFold, type Merged } from '../../shared/sync/merge.ts';
import { SYNC_LOG_FILE, SYNC_STATE_FILE, syncStateLoad, syncStateSave, syncUnlink } from './state.ts';

const link = { server: 'postgresql://ana@db.example:5432/cc', workspace: '0193b4a0-0000-7000-8000-000000000001', name: 'Studio', device: 'laptop', member: 'Ana' };
const tmp = () => mkdtempSync(join(tmpdir(), 'cc-sync-state-'));
/** Op `n` of the team's log (seq 10·n): an add of usage `e<n>`, a `pad` long project name making it bigger. */
const opAt = (n: number, pad = 0): PulledOp => ({ seq: 10 * n, id: `01939a00-0000-7000-8000-${String(n).padStart(12, '0')}`, eventId: `e${n}`, kind: 'add', base: null, body: { id: `e${n}`, date: '2026-01-02', type: 'usage', feature: 'avatar-iv', minutes: 1, project: 'p'.repeat(pad) }, member: 'Bo', device: 'desktop' });
const range = (from: number, to: number, pad = 0) => Array.from({ length: to - from + 1 }, (_, i) => opAt(from + i, pad));

/** A device's state after pulling `ops` on top of `state`: its fold and seq. */
function pulledOnto(state: SyncState, ops: readonly PulledOp[]): SyncState {
  return { ...state, joined: true, seq: ops.at(-1)?.seq ?? state.seq, fold: mergeFold(ops, copyOf(state.fold)) };
}

/** A fold of its own, with the same events (which are never changed in place). */
function copyOf(m: Merged): Merged {
  return { events: new Map([...m.events.values()].map((e) => [e.id, e])), conflicts: [...m.conflicts], seen: new Set(m.seen), nextPlace: m.nextPlace };
}
const unseen = (fold: Merged) => ({ ...fold, seen: new Set() });
const files = (dir: string) => readdirSync(dir).sort();

function loaded(dir: string): { state: SyncState; at: SyncFoldAt | null } {
  const disk = syncStateLoad(dir, true);
  if (disk.kind !== 'linked') throw new Error(`not linked: ${JSON.stringify(disk)}`);
  return disk;
}

describe('the sync state on disk', () => {
  it('a cycle appends what it pulled and rewrites only the small sync.json: the base is written once, the fold read back whole', () => {
    const dir = tmp();
    const s0 = syncStateNew(link, 0);
    const at0 = syncStateSave(dir, s0, null);
    expect(at0).toMatchObject({ seq: 0, log: 0 });
    const base = statSync(join(dir, at0.file));
    const s1 = pulledOnto(s0, range(1, 500));
    const at1 = syncStateSave(dir, s1, at0, range(1, 500));
    expect(at1).toEqual({ ...at0, log: statSync(join(dir, SYNC_LOG_FILE)).size });
    const s2 = pulledOnto(s1, range(501, 1000));
    const at2 = syncStateSave(dir, s2, at1, range(501, 1000));
    expect(at2.log).toBeGreaterThan(at1.log);
    // The base untouched, sync.json a few hundred bytes whatever the fold holds.
    expect(statSync(join(dir, at0.file)).mtimeMs).toBe(base.mtimeMs);
    expect(statSync(join(dir, SYNC_STATE_FILE)).size).toBeLessThan(1000);
    const back = loaded(dir);
    expect(back.at).toEqual(at2);
    expect(unseen(back.state.fold)).toEqual(unseen(s2.fold));
    expect({ ...back.state, fold: null }).toEqual({ ...s2, fold: null });
    expect(files(dir)).toEqual([at0.file, SYNC_STATE_FILE, SYNC_LOG_FILE].sort());
  });

  it('a crash after the log’s append and before sync.json: the state as it was; the next cycle pulls the same ops again and counts them once', () => {
    const dir = tmp();
    const s0 = pulledOnto(syncStateNew(link, 0), range(1, 3));
    const at0 = syncStateSave(dir, s0, null);
    const before = readFileSync(join(dir, SYNC_STATE_FILE));
    syncStateSave(dir, pulledOnto(s0, range(4, 6)), at0, range(4, 6));
    // The crash: sync.json as it was before that save.
    writeFileSync(join(dir, SYNC_STATE_FILE), before);
    const back = loaded(dir);
    expect(back.state.seq).toBe(30);
    expect(unseen(back.state.fold)).toEqual(unseen(s0.fold));
    // Pulled again, with one more: appended after the bytes the state counted, the crash's tail cut off.
    const s1 = pulledOnto(back.state, range(4, 7));
    syncStateSave(dir, s1, back.at, range(4, 7));
    const again = loaded(dir);
    expect(unseen(again.state.fold)).toEqual(unseen(mergeFold(range(1, 7))));
    expect(readFileSync(join(dir, SYNC_LOG_FILE), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('a log that outgrows its bound (16 MB, or the base’s size) is folded into a new base, the old base and the log removed', () => {
    const dir = tmp();
    const s0 = syncStateNew(link, 0);
    const at0 = syncStateSave(dir, s0, null);
    // About 17 MB of ops: past the 16 MB a small base allows.
    const big = range(1, 17_000, 800);
    const s1 = pulledOnto(s0, big);
    const at1 = syncStateSave(dir, s1, at0, big);
    expect(at1).toMatchObject({ seq: 170_000, log: 0 });
    expect(at1.file).not.toBe(at0.file);
    expect(files(dir)).toEqual([at1.file, SYNC_STATE_FILE].sort());
    expect(unseen(loaded(dir).state.fold)).toEqual(unseen(s1.fold));
    // The bound is now the base's size: a few ops more are appended again.
    const s2 = pulledOnto(s1, range(17_001, 17_010));
    expect(syncStateSave(dir, s2, at1, range(17_001, 17_010))).toMatchObject({ file: at1.file, seq: 170_000 });
    expect(unseen(loaded(dir).state.fold)).toEqual(unseen(s2.fold));
  });

  it('a state taken back before its base (a write the store refused after the pull was saved) writes its own fold as the base', () => {
    const dir = tmp();
    const s0 = pulledOnto(syncStateNew(link, 0), range(1, 2));
    const at1 = syncStateSave(dir, pulledOnto(s0, range(3, 4)), null);
    expect(at1.seq).toBe(40);
    const at2 = syncStateSave(dir, s0, at1);
    expect(at2).toMatchObject({ seq: 20, log: 0 });
    expect(files(dir)).toEqual([at2.file, SYNC_STATE_FILE].sort());
    expect(unseen(loaded(dir).state.fold)).toEqual(unseen(s0.fold));
  });

  it('a crash after a new base was written and before sync.json named it: the old state reads back, and the holder removes the stray base', () => {
    const dir = tmp();
    const s0 = pulledOnto(syncStateNew(link, 0), range(1, 2));
    const at0 = syncStateSave(dir, s0, null);
    const before = readFileSync(join(dir, SYNC_STATE_FILE));
    const baseBefore = readFileSync(join(dir, at0.file));
    syncStateSave(dir, pulledOnto(s0, range(3, 4)), null);
    writeFileSync(join(dir, SYNC_STATE_FILE), before);
    writeFileSync(join(dir, at0.file), baseBefore);
    expect(files(dir)).toHaveLength(3);
    const back = loaded(dir);
    expect(back.at).toEqual(at0);
    expect(unseen(back.state.fold)).toEqual(unseen(s0.fold));
    expect(files(dir)).toEqual([at0.file, SYNC_STATE_FILE].sort());
  });

  it('a sync@1 file (the fold inline) reads back, and the next save writes the base and a small sync.json', () => {
    const dir = tmp();
    const fold = mergeFold(range(1, 3));
    const { fold: _, ...rest } = { ...syncStateNew(link, 0), joined: true, seq: 30 };
    writeFileSync(join(dir, SYNC_STATE_FILE), JSON.stringify({ format: 'credit-companion/sync@1', ...rest, fold: { nextPlace: fold.nextPlace, events: [...fold.events.values()], conflicts: fold.conflicts } }));
    const back = loaded(dir);
    expect(back.at).toBeNull();
    expect(unseen(back.state.fold)).toEqual(unseen(fold));
    const at = syncStateSave(dir, back.state, back.at);
    expect(JSON.parse(readFileSync(join(dir, SYNC_STATE_FILE), 'utf8'))).toMatchObject({ format: 'credit-companion/sync@2', fold: at });
    expect(unseen(loaded(dir).state.fold)).toEqual(unseen(fold));
  });

  it.each([
    ['a base edited by hand', (dir: string, at: SyncFoldAt) => writeFileSync(join(dir, at.file), readFileSync(join(dir, at.file), 'utf8').replace('"place":0', '"place":"x"')), /^sync\.fold-[0-9a-f]{12}, line 2: place: /],
    ['a base gone', (dir: string, at: SyncFoldAt) => unlinkSync(join(dir, at.file)), /^sync\.fold-[0-9a-f]{12}: it cannot be read \(ENOENT\)/],
    ['a log cut short', (dir: string) => writeFileSync(join(dir, SYNC_LOG_FILE), readFileSync(join(dir, SYNC_LOG_FILE)).subarray(0, 100)), /^sync\.log: it holds 100 bytes, fewer than the \d+ the state counts/],
  ])('%s: kept aside with the reason, the fold’s files removed, the folder no longer linked', (_, damage, reason) => {
    const dir = tmp();
    const s0 = pulledOnto(syncStateNew(link, 0), range(1, 2));
    const at0 = syncStateSave(dir, s0, null);
    const at1 = syncStateSave(dir, pulledOnto(s0, range(3, 4)), at0, range(3, 4));
    damage(dir, at1);
    // A reader reports, and leaves everything as it is.
    const seen = files(dir);
    expect(syncStateLoad(dir, false)).toMatchObject({ kind: 'damaged', reason: expect.stringMatching(reason), aside: null });
    expect(files(dir)).toEqual(seen);
    const read = syncStateLoad(dir, true);
    expect(read).toMatchObject({ kind: 'damaged', reason: expect.stringMatching(reason) });
    const aside = (read as { aside: string }).aside;
    expect(readFileSync(`${aside}.txt`, 'utf8')).toMatch(reason);
    expect(files(dir).filter((f) => !f.includes('.corrupt'))).toEqual([]);
    expect(syncStateLoad(dir, true)).toEqual({ kind: 'none' });
  });

  it('leaving removes every file of the sync, the fold’s included', () => {
    const dir = tmp();
    const s0 = syncStateNew(link, 0);
    syncStateSave(dir, pulledOnto(s0, range(1, 2)), syncStateSave(dir, s0, null), range(1, 2));
    writeFileSync(join(dir, 'account.json'), '{}');
    syncUnlink(dir);
    expect(files(dir)).toEqual(['account.json']);
    expect(existsSync(join(dir, SYNC_LOG_FILE))).toBe(false);
  });
});
