/**
 * The replay's snapshot in itself, without a store (`backend/snapshot.test.ts` holds it in the store's folder):
 * whatever the account, the replay read back from its bytes is the replay they were made from, and goes on as it
 * would have (an edit after it, a view on any date); its head alone gives the state after every event; and bytes
 * that are not whole, not of this format, or made from another store file give nothing at all.
 */
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account, AccountEvent } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { historyPage } from './historyPage.ts';
import { replayBuild, replayStateAt, replayUpdate, type Replay } from './incremental.ts';
import { ledgerCompute, ledgerOf } from './ledger.ts';
import { SNAPSHOT_FORMAT, snapshotBytes, snapshotHeadEnd, snapshotKeeps, snapshotOrigin, snapshotReplay, snapshotTip, type SnapshotKey } from './snapshot.ts';
import type { State } from './state.ts';
import { buildHistory, dayOf, FORMAT, historyArb, isoOf, mixedAccount, parseOk, runs } from '../../test/fixtures/histories.ts';

const KEY: SnapshotKey = { storeId: '6f1c2d1e-0000-4000-8000-000000000001', journalSeq: 41, storeSize: 123_456, storeCrc: 987_654 };

/** `bytes` with bit `mask` of the byte at `at` flipped. */
function flip(bytes: Uint8Array, at: number, mask: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at] = copy[at]! ^ mask;
  return copy;
}

function bytesOf(r: Replay, key: SnapshotKey = KEY, stamp: string | null = null): Uint8Array {
  return Buffer.concat(snapshotBytes(r, key, crc32, stamp));
}

/** A state as the snapshot keeps it: all but its catalog, its costs (the replay's), its watcher and the last usage it saw. */
function kept(s: State): unknown {
  const { catalog: _catalog, usageCosts: _costs, watcher: _watcher, usage, ...rest } = s;
  return { ...rest, usage: usage && { byMonth: usage.byMonth, byDay: usage.byDay } };
}

function expectSameReplay(back: Replay | null, r: Replay): asserts back is Replay {
  expect(back).not.toBeNull();
  if (back === null) return;
  expect(back.account).toBe(r.account);
  expect([...back.order]).toEqual([...r.order]);
  expect([...back.usageCosts]).toEqual([...r.usageCosts]);
  expect(kept(back.tip)).toEqual(kept(r.tip));
  expect(back.checkpoints.map((c) => [c.pos, kept(c.state)])).toEqual(r.checkpoints.map((c) => [c.pos, kept(c.state)]));
  expect(back.usages).toBe(r.usages);
  expect([...back.projects]).toEqual([...r.projects]);
  expect([...back.members]).toEqual([...r.members]);
  expect(back.marks).toEqual(r.marks);
  expect(back.card).toBeUndefined();
  // Every state read back uses the replay's own costs, not a copy.
  for (const s of [back.tip, ...back.checkpoints.map((c) => c.state)]) expect(s.usageCosts).toBe(back.usageCosts);
}

function lastDate(account: Account): IsoDate {
  return account.events.reduce((d, e) => (e.date > d ? e.date : d), account.events[0]!.date);
}

const bigAccount = () => mixedAccount(2600);

describe('the replay read back from its snapshot', () => {
  it('is the replay it was made from, on random accounts of every plan and change', () => {
    fc.assert(
      fc.property(historyArb(30), (spec) => {
        const built = buildHistory(spec);
        fc.pre(!built.rogue);
        const account = parseOk(built.raw);
        const r = replayBuild(account);
        const back = snapshotReplay(bytesOf(r), account, KEY, crc32);
        expectSameReplay(back, r);
        for (const at of [lastDate(account), isoOf(dayOf(lastDate(account)) - 40)]) expect(ledgerOf(replayStateAt(back, at), at)).toEqual(ledgerOf(replayStateAt(r, at), at));
      }),
      { numRuns: runs(40) },
    );
  });

  it('past several checkpoints: the same replay, the same ledger and History on any date, and an edit of the oldest usage after it gives the full replay’s ledger', () => {
    const account = bigAccount();
    const r = replayBuild(account);
    expect(r.checkpoints.length).toBeGreaterThan(1);
    const back = snapshotReplay(bytesOf(r), account, KEY, crc32);
    expectSameReplay(back, r);
    for (const at of ['2025-03-31', '2025-09-15', '2026-06-01'] as IsoDate[]) {
      expect(ledgerOf(replayStateAt(back, at), at)).toEqual(ledgerOf(replayStateAt(r, at), at));
      expect(historyPage(back, at, {}, 100, 50)).toEqual(historyPage(r, at, {}, 100, 50));
    }
    const events = account.events.slice();
    events[1] = { ...events[1]!, date: '2025-01-12' } as AccountEvent;
    const edited: Account = { ...account, events };
    const at = '2026-06-01' as IsoDate;
    const full = ledgerCompute(edited, at);
    if (!full.ok) throw new Error(full.error.message);
    expect(ledgerOf(replayStateAt(replayUpdate(back, edited, { prefix: 1, suffix: events.length - 2 }), at), at)).toEqual(full.value);
  });

  it('writes a checkpoint’s day totals as the length of the tip’s they begin with and their last amount, not again', () => {
    const r = replayBuild(bigAccount());
    const bytes = bytesOf(r);
    const newline = bytes.indexOf(10);
    const header = JSON.parse(Buffer.from(bytes.subarray(0, newline)).toString()) as { head: number; rest: number };
    const rest = JSON.parse(Buffer.from(bytes.subarray(bytes.length - header.rest)).toString()) as { checkpoints: { pos: number; state: { burnByDay: { n?: number; last?: number; days?: unknown } } }[] };
    const later = rest.checkpoints.filter((c) => c.pos > 0);
    expect(later.length).toBeGreaterThan(0);
    for (const c of later) {
      const state = r.checkpoints.find((k) => k.pos === c.pos)!.state;
      expect(c.state.burnByDay).toEqual({ n: state.burnByDay.days.length, last: state.burnByDay.amounts.at(-1) });
    }
    // The first checkpoint (nothing burnt yet) and the tip itself hold their days whole.
    expect(rest.checkpoints[0]!.state.burnByDay).toEqual({ days: [], amounts: [] });
  });

  it('writes a checkpoint’s day totals whole when they are not the first of the tip’s (another day, or another amount before the last), and reads them back as they were', () => {
    const r = replayBuild(bigAccount());
    const c = r.checkpoints[1]!;
    const days = c.state.burnByDay;
    const n = days.days.length;
    for (const burnByDay of [
      { days: [...days.days.slice(0, n - 1), '1999-01-01' as IsoDate], amounts: days.amounts },
      { days: days.days, amounts: days.amounts.map((a, i) => (i === 0 ? a + 1 : a)) },
    ]) {
      const odd: Replay = { ...r, checkpoints: [r.checkpoints[0]!, { pos: c.pos, state: { ...c.state, burnByDay } }, ...r.checkpoints.slice(2)] };
      const back = snapshotReplay(bytesOf(odd), r.account, KEY, crc32);
      expect(back!.checkpoints[1]!.state.burnByDay).toEqual(burnByDay);
    }
  });

  it('keeps the charge a new subscription may still make again as that very charge: seats added on its first day replace it, as in the full replay', () => {
    const account = parseOk({ format: FORMAT, events: [{ date: '2026-03-01', type: 'subscribe', plan: 'business', billing: 'monthly' }] });
    const r = replayBuild(account);
    const back = snapshotReplay(bytesOf(r), account, KEY, crc32);
    expectSameReplay(back, r);
    expect(back.tip.sub!.startCharge!.charge).toBe(back.tip.charges[0]);
    const withSeats = parseOk({ format: FORMAT, events: [...account.events, { date: '2026-03-01', type: 'seats', count: 4 }] });
    const full = ledgerCompute(withSeats, '2026-03-01' as IsoDate);
    if (!full.ok) throw new Error(full.error.message);
    const after = replayUpdate(back, withSeats, { prefix: 1, suffix: 0 });
    expect(ledgerOf(replayStateAt(after, '2026-03-01' as IsoDate), '2026-03-01' as IsoDate)).toEqual(full.value);
    expect(full.value.charges).toHaveLength(1);
  });

  it('keeps no charge to make again for a subscription whose first charge was nothing (Enterprise at no price)', () => {
    const account = parseOk({ format: FORMAT, events: [{ date: '2026-03-01', type: 'subscribe', plan: 'enterprise', credits: 1000, price: 0 }] });
    const r = replayBuild(account);
    expect(r.tip.sub!.startCharge).toEqual({ charge: null, credit: undefined });
    const back = snapshotReplay(bytesOf(r), account, KEY, crc32);
    expectSameReplay(back, r);
    expect(back.tip.sub!.startCharge!.charge).toBeNull();
  });

  it('on Free with free videos used, a legacy plan left, an estimated Pro tier: the videos each usage took, the plan and the assumptions are kept', () => {
    const free = parseOk({ format: FORMAT, events: [{ date: '2026-01-05', type: 'subscribe', plan: 'free' }, { date: '2026-01-06', type: 'usage', feature: 'avatar-iii', minutes: 1, videos: 1 }] });
    const r = replayBuild(free);
    expect(r.tip.usageFreeVideos.size).toBe(1);
    expectSameReplay(snapshotReplay(bytesOf(r), free, KEY, crc32), r);
    const legacy = parseOk({ format: FORMAT, events: [{ date: '2026-01-05', type: 'subscribe', plan: 'legacy' }, { date: '2026-02-01', type: 'change-plan', plan: 'pro', credits: 1000, billing: 'monthly' }] });
    const l = replayBuild(legacy);
    expect(l.tip.sub!.choice.plan).toBe('pro');
    expectSameReplay(snapshotReplay(bytesOf(l), legacy, KEY, crc32), l);
    const estimated = parseOk({ format: FORMAT, proTiers: [{ credits: 2000, monthly: 88 }], events: [{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 5000, billing: 'monthly' }] });
    const e = replayBuild(estimated);
    expect(e.tip.assumptions.size).toBeGreaterThan(0);
    expectSameReplay(snapshotReplay(bytesOf(e), estimated, KEY, crc32), e);
  });

  it('refuses to write what it could not read back (a map, a set or a typed array where it expects none)', () => {
    const r = replayBuild(bigAccount());
    const odd = { ...r, marks: [{ ...r.marks[0]!, extra: new Map([[1, 2]]) }] } as unknown as Replay;
    expect(() => snapshotBytes(odd, KEY, crc32)).toThrow('the snapshot cannot keep extra, a Map');
    const set = { ...r, marks: [{ ...r.marks[0]!, extra: new Set([1]) }] } as unknown as Replay;
    expect(() => snapshotBytes(set, KEY, crc32)).toThrow('a Set');
    const typed = { ...r, marks: [{ ...r.marks[0]!, extra: new Int8Array(2) }] } as unknown as Replay;
    expect(() => snapshotBytes(typed, KEY, crc32)).toThrow('a Int8Array');
  });

  it('is kept only for the app’s own rate card', () => {
    const account = bigAccount();
    expect(snapshotKeeps(replayBuild(account))).toBe(true);
    expect(snapshotKeeps(replayBuild(account, replayBuild(account).tip.catalog.card))).toBe(false);
  });
});

describe('the head alone', () => {
  it('gives the state after every event and the last event’s date, with no costs', () => {
    const account = bigAccount();
    const r = replayBuild(account);
    const tip = snapshotTip(bytesOf(r), KEY, crc32);
    expect(tip).not.toBeNull();
    expect(tip!.lastDate).toBe('2026-05-02');
    expect(ledgerOf(tip!.tip, '2026-06-01' as IsoDate).lots).toEqual(ledgerOf(replayStateAt(r, '2026-06-01' as IsoDate), '2026-06-01' as IsoDate).lots);
    expect(tip!.tip.usageCosts).toHaveLength(0);
    expect(kept(tip!.tip)).toEqual(kept(r.tip));
  });

  it('gives what the account holds besides (the first event’s date, how many events and usages, the projects and members, its other fields) and what the store keeps beside it', () => {
    const account = bigAccount();
    const r = replayBuild(account);
    const beside = { projects: [{ id: 'p1', name: 'Launch' }], settings: { theme: 'dark' } };
    const tip = snapshotTip(Buffer.concat(snapshotBytes(r, KEY, crc32, null, beside)), KEY, crc32)!;
    const { events: _events, ...root } = account;
    expect(tip).toMatchObject({ firstDate: account.events[r.order[0]!]!.date, events: account.events.length, usages: r.usages, root: JSON.parse(JSON.stringify(root)), beside });
    expect([...tip.projects]).toEqual([...r.projects]);
    expect([...tip.members]).toEqual([...r.members]);
    expect(tip.members.size).toBeGreaterThan(0);
    expect(snapshotTip(bytesOf(r), KEY, crc32)!.beside).toBeNull();
  });

  it('of an account with no events: no first or last date', () => {
    const empty = parseOk({ format: FORMAT, events: [] });
    const r = replayBuild(empty);
    expect(snapshotTip(bytesOf(r), KEY, crc32)).toMatchObject({ firstDate: null, lastDate: null, events: 0 });
    expectSameReplay(snapshotReplay(bytesOf(r), empty, KEY, crc32), r);
  });

  it('is read when only the parts after it are damaged; not when it is', () => {
    const r = replayBuild(bigAccount());
    const bytes = bytesOf(r);
    const tail = flip(bytes, bytes.length - 3, 1);
    expect(snapshotTip(tail, KEY, crc32)).not.toBeNull();
    expect(snapshotReplay(tail, r.account, KEY, crc32)).toBeNull();
    const head = flip(bytes, bytes.indexOf(10) + 5, 1);
    expect(snapshotTip(head, KEY, crc32)).toBeNull();
  });

  it('is read from the file’s first bytes through the head, given the whole file’s size; not from fewer, nor for another size', () => {
    const r = replayBuild(bigAccount());
    const bytes = bytesOf(r);
    const end = snapshotHeadEnd(bytes.subarray(0, bytes.indexOf(10) + 1))!;
    expect(end).toBeLessThan(bytes.length);
    expect(snapshotTip(bytes.subarray(0, end), KEY, crc32, bytes.length)).toEqual(snapshotTip(bytes, KEY, crc32));
    expect(snapshotTip(bytes.subarray(0, end - 1), KEY, crc32, bytes.length)).toBeNull();
    for (const size of [bytes.length - 1, bytes.length + 1]) expect(snapshotTip(bytes.subarray(0, end), KEY, crc32, size)).toBeNull();
    expect(snapshotHeadEnd(bytes.subarray(0, bytes.indexOf(10)))).toBeNull();
    // A head's length that is no count gives no end; one of 0 ends with the header's line.
    const line = (head: unknown) => Buffer.from(`${JSON.stringify({ ...JSON.parse(Buffer.from(bytes.subarray(0, bytes.indexOf(10))).toString()), head })}\n`);
    for (const head of [-1, 1.5, '12']) expect(snapshotHeadEnd(line(head))).toBeNull();
    expect(snapshotHeadEnd(line(0))).toBe(line(0).length);
  });
});

describe('a snapshot that gives nothing', () => {
  const account = bigAccount();
  const r = replayBuild(account);
  const good = bytesOf(r);
  const newline = good.indexOf(10);
  const header = JSON.parse(Buffer.from(good.subarray(0, newline)).toString()) as Record<string, unknown>;
  const withHeader = (changes: Record<string, unknown>) => Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, ...changes })}\n`), good.subarray(newline + 1)]);
  const nothing = (bytes: Uint8Array, key: SnapshotKey = KEY) => {
    expect(snapshotReplay(bytes, account, key, crc32)).toBeNull();
    expect(snapshotTip(bytes, key, crc32)).toBeNull();
  };

  it('made from another store file: another id, journal position, size or checksum', () => {
    for (const changed of [{ storeId: 'another' }, { journalSeq: 42 }, { storeSize: 123_457 }, { storeCrc: 987_655 }]) nothing(good, { ...KEY, ...changed });
  });

  it('of another account (another number of events), or read against it', () => {
    expect(snapshotReplay(good, { ...account, events: account.events.slice(1) }, KEY, crc32)).toBeNull();
  });

  it('cut short, one byte longer, or flipped in any of its parts', () => {
    nothing(good.subarray(0, good.length - 1));
    nothing(Buffer.concat([good, Buffer.from([0])]));
    nothing(good.subarray(0, newline));
    for (const at of [newline + 1, newline + 1 + (header.head as number), good.length - 200, good.length - 1]) {
      expect(snapshotReplay(flip(good, at, 0x20), account, KEY, crc32)).toBeNull();
    }
  });

  it('of another format or byte order, or with a header that is not one', () => {
    nothing(withHeader({ format: `${SNAPSHOT_FORMAT.slice(0, -1)}0` }));
    nothing(withHeader({ littleEndian: !header.littleEndian }));
    nothing(Buffer.concat([Buffer.from('null\n'), good.subarray(newline + 1)]));
    nothing(Buffer.concat([Buffer.from('{"format"\n'), good.subarray(newline + 1)]));
    nothing(Buffer.concat([Buffer.from(`"${SNAPSHOT_FORMAT}"\n`), good.subarray(newline + 1)]));
    expect(snapshotOrigin(Buffer.from('no newline at all'))).toBeNull();
    // The header's line whole but for its newline, a space in its place: no header.
    expect(snapshotOrigin(Buffer.concat([good.subarray(0, newline), Buffer.from(' ')]))).toBeNull();
    expect(snapshotOrigin(good.subarray(0, newline + 1))).not.toBeNull();
  });

  it('with lengths that are not counts: negative, fractional, or past its end', () => {
    for (const changes of [{ events: -1 }, { head: 1.5 }, { rest: -(header.rest as number) }, { events: (header.events as number) + 1 }, { head: Number.MAX_SAFE_INTEGER + 2 }]) nothing(withHeader(changes));
    // Lengths that add up to the file's size all the same: a negative count, a fractional one.
    const [events, rest] = [header.events as number, header.rest as number];
    for (const changes of [{ events: -1, rest: rest + 12 * (events + 1) }, { events: 1.5, rest: rest + 12 * events - 18 }]) nothing(withHeader(changes));
  });

  it('with the right lengths and a checksum of other bytes', () => {
    nothing(withHeader({ headCrc: (header.headCrc as number) ^ 1 }));
    expect(snapshotReplay(withHeader({ crc: (header.crc as number) ^ 1 }), account, KEY, crc32)).toBeNull();
  });

  it('whose JSON parts do not read, though their checksums match', () => {
    const headStart = newline + 1;
    const headBytes = good.subarray(headStart, headStart + (header.head as number));
    const badHead = Buffer.from(`[${Buffer.from(headBytes).toString().slice(1)}`);
    const rebuilt = (head: Uint8Array, rest: Uint8Array) => {
      const middle = good.subarray(headStart + (header.head as number), good.length - (header.rest as number));
      let sum = crc32(head);
      const headCrc = sum;
      for (const part of [middle.subarray(0, (header.events as number) * 4), middle.subarray((header.events as number) * 4), rest]) sum = crc32(part, sum);
      return Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, head: head.length, rest: rest.length, headCrc, crc: sum })}\n`), head, middle, rest]);
    };
    nothing(rebuilt(badHead, good.subarray(good.length - (header.rest as number))));
    expect(snapshotReplay(rebuilt(headBytes, Buffer.from('{"checkpoints":')), account, KEY, crc32)).toBeNull();
    // The same rebuilding with the parts as they were reads: it is the damage that is refused.
    expectSameReplay(snapshotReplay(rebuilt(headBytes, good.subarray(good.length - (header.rest as number))), account, KEY, crc32), r);
  });
});

describe('where a snapshot says it comes from', () => {
  const r = replayBuild(bigAccount());
  it('the store file’s key, and its identity on disk when it was known', () => {
    expect(snapshotOrigin(bytesOf(r, KEY, 'ino 5 mtime 7 size 9'))).toEqual({ ...KEY, storeStamp: 'ino 5 mtime 7 size 9' });
    expect(snapshotOrigin(bytesOf(r))).toEqual({ ...KEY, storeStamp: null });
  });
  it('a stamp that is not text is not one', () => {
    const good = bytesOf(r);
    const newline = good.indexOf(10);
    const header = JSON.parse(Buffer.from(good.subarray(0, newline)).toString()) as Record<string, unknown>;
    const odd = Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, storeStamp: 12 })}\n`), good.subarray(newline + 1)]);
    expect(snapshotOrigin(odd)).toEqual({ ...KEY, storeStamp: null });
  });
});
