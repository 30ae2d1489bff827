/**
 * The replay's snapshot: the incremental engine's state (`Replay`: its order, costs, checkpoints, tip, marks) as
 * bytes, kept beside the store file so that an account opens without replaying every event again. It is derived,
 * never the truth: it names the store file it was made from (its id, its journal position, its size and checksum)
 * and carries a checksum of its own, and whoever reads it gets nothing (and replays the account) when any of them
 * does not match, when its format is another version's, or when it does not read.
 *
 * The bytes: one JSON line (the header: what it was made from, where its parts are, their checksum), then the
 * head (JSON: the account's fields other than its events, its first and last events' dates, the tip, and what the
 * store file keeps beside the account), the replay order (Int32), the costs (Float64), and the rest (JSON: the
 * checkpoints, the marks). The head alone gives the state after every event: the command line's `--data` reads no
 * more, the app draws its first screen from it while it reads the account, and when the store file is still the very
 * file the snapshot was written beside (its identity on disk, `storeStamp`: inode, time and size), neither reads that either.
 */
import type { Account } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { replayDateAt, replayRestore, type Checkpoint, type HistoryMark, type Replay } from './incremental.ts';
import { catalogOf } from './replay.ts';
import type { DayTotals } from './days.ts';
import type { Catalog, State } from './state.ts';

/** The snapshot's format: a snapshot of another version is not read (it is made again). */
export const SNAPSHOT_FORMAT = 'credit-companion/snapshot@3';

/** The store file a snapshot was made from: its id, the journal position it holds, its size and its checksum. */
export interface SnapshotKey {
  readonly storeId: string;
  readonly journalSeq: number;
  readonly storeSize: number;
  readonly storeCrc: number;
}

/** A CRC-32 of `bytes`, continued from `value` (node:zlib's `crc32`). */
export type Checksum = (bytes: Uint8Array, value?: number) => number;

interface Header extends SnapshotKey {
  /** The store file's identity on disk when the snapshot was written (its inode, time and size), null when not known. */
  readonly storeStamp: string | null;
  readonly format: string;
  readonly events: number;
  readonly littleEndian: boolean;
  readonly head: number;
  readonly rest: number;
  /** The checksum of the head alone (what `snapshotTip` reads), and of all the parts. */
  readonly headCrc: number;
  readonly crc: number;
}

/** The account's fields other than its events: what the engine's catalog is made from. */
type Root = Omit<Account, 'events'>;

interface Head {
  readonly root: Root;
  readonly firstDate: IsoDate | null;
  readonly lastDate: IsoDate | null;
  readonly usages: number;
  readonly projects: readonly (readonly [string, number])[];
  readonly members: readonly (readonly [string, number])[];
  readonly tip: unknown;
  /** What the store file keeps beside the account (its projects, its settings), as the store gave it. */
  readonly beside: unknown;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A day list as a prefix of `base`'s (a checkpoint's, of the tip's: only its last amount may differ), or whole. */
function daysOut(t: DayTotals, base: DayTotals | undefined): unknown {
  const n = t.days.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a list longer than its base fails the day test at the base's end; one as long as its base, written whole, reads back the same.
  const prefix = base !== undefined && n > 0 && n <= base.days.length && t.days.every((d, i) => d === base.days[i]) && t.amounts.every((a, i) => i === n - 1 || a === base.amounts[i]);
  return prefix ? { n, last: t.amounts[n - 1] } : { days: t.days, amounts: t.amounts };
}

function daysIn(value: { n?: number; last?: number; days?: string[]; amounts?: number[] }, base: DayTotals | undefined): DayTotals {
  if (value.n === undefined) return { days: value.days as IsoDate[], amounts: value.amounts! };
  const amounts = base!.amounts.slice(0, value.n);
  amounts[value.n - 1] = value.last!;
  return { days: base!.days.slice(0, value.n), amounts };
}

/** What a state holds but its catalog (the account's), its costs (the replay's) and its watcher (none). */
function stateOut(s: State, tip: State | undefined): unknown {
  const { catalog: _catalog, usageCosts: _costs, watcher: _watcher, sub, burnByDay, usageFreeVideos, assumptions, usage, ...plain } = s;
  // The charge a subscription may still make again is one of the charges: kept as its place among them.
  const start = sub?.startCharge;
  return {
    ...plain,
    sub: sub && { ...sub, startCharge: start && { ...start, charge: start.charge && { at: s.charges.lastIndexOf(start.charge) } } },
    burnByDay: daysOut(burnByDay, tip?.burnByDay),
    usageFreeVideos: [...usageFreeVideos],
    assumptions: [...assumptions],
    usage: usage && { byMonth: [...usage.byMonth], byDay: daysOut(usage.byDay, tip?.usage?.byDay) },
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- a state read back from JSON this module wrote, given its types again field by field */
function stateIn(value: any, catalog: Catalog, costs: Float64Array, tip: State | undefined): State {
  const s = { ...value, catalog, usageCosts: costs, watcher: null } as State;
  s.burnByDay = daysIn(value.burnByDay, tip?.burnByDay);
  s.usageFreeVideos = new Map(value.usageFreeVideos);
  s.assumptions = new Set(value.assumptions);
  s.usage = value.usage && { byMonth: new Map(value.usage.byMonth), byDay: daysIn(value.usage.byDay, tip?.usage?.byDay), last: null };
  const start = value.sub?.startCharge;
  if (start?.charge) s.sub!.startCharge = { ...start, charge: s.charges[start.charge.at]! };
  return s;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** JSON that says so when a value it cannot keep (a map, a set, a typed array: a field this module does not know) is in it. */
function jsonOf(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (v instanceof Map || v instanceof Set || ArrayBuffer.isView(v)) throw new Error(`the snapshot cannot keep ${key}, a ${v.constructor.name}`);
    return v;
  });
}

/**
 * The snapshot's bytes for `r` (a replay of the account in the store file `key` names, whose identity on disk is
 * `storeStamp`; `beside`: what that file keeps beside the account, JSON), in parts to write one after the other.
 * Throws when the replay holds what it cannot keep.
 */
export function snapshotBytes(r: Replay, key: SnapshotKey, crc: Checksum, storeStamp: string | null = null, beside: unknown = null): Uint8Array[] {
  const encoder = new TextEncoder();
  const { events: _events, ...root } = r.account;
  const head: Head = { root, firstDate: replayDateAt(r, 0), lastDate: replayDateAt(r, r.order.length - 1), usages: r.usages, projects: [...r.projects], members: [...r.members], tip: stateOut(r.tip, undefined), beside };
  const headBytes = encoder.encode(jsonOf(head));
  const rest = encoder.encode(jsonOf({ checkpoints: r.checkpoints.map((c) => ({ pos: c.pos, state: stateOut(c.state, r.tip) })), marks: r.marks }));
  const order = new Uint8Array(r.order.buffer, r.order.byteOffset, r.order.byteLength);
  const costs = new Uint8Array(r.usageCosts.buffer, r.usageCosts.byteOffset, r.usageCosts.byteLength);
  const headCrc = crc(headBytes);
  let sum = headCrc;
  for (const part of [order, costs, rest]) sum = crc(part, sum);
  const header: Header = { format: SNAPSHOT_FORMAT, ...key, storeStamp, events: r.order.length, littleEndian: LITTLE_ENDIAN, head: headBytes.length, rest: rest.length, headCrc, crc: sum };
  return [encoder.encode(`${JSON.stringify(header)}\n`), headBytes, order, costs, rest];
}

/** A snapshot's header, when it is one of this format's; null otherwise. */
function headerOf(bytes: Uint8Array): Header | null {
  const newline = bytes.indexOf(10);
  // Stryker disable next-line EqualityOperator: a newline first is an empty header, which does not parse.
  if (newline < 0) return null;
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline))) as Header;
  } catch {
    return null;
  }
  // Any JSON but null has properties to read (a number's or a text's are not a header's).
  return header !== null && header.format === SNAPSHOT_FORMAT && header.littleEndian === LITTLE_ENDIAN ? header : null;
}

/** The store file a snapshot says it was made from, with that file's identity on disk then (null: not known); null when it is not a snapshot of this format. */
export function snapshotOrigin(bytes: Uint8Array): (SnapshotKey & { readonly storeStamp: string | null }) | null {
  const header = headerOf(bytes);
  return header && { storeId: header.storeId, journalSeq: header.journalSeq, storeSize: header.storeSize, storeCrc: header.storeCrc, storeStamp: typeof header.storeStamp === 'string' ? header.storeStamp : null };
}

/**
 * The parts of a snapshot's bytes when they are whole and made from the store file `key` names (`headOnly`: the
 * head's checksum checked, not the others', and `bytes` may be the file's first `snapshotHeadEnd` bytes of its
 * `size`); null otherwise.
 */
function partsOf(bytes: Uint8Array, key: SnapshotKey, crc: Checksum, headOnly = false, size = bytes.length): { header: Header; head: Uint8Array; order: Uint8Array; costs: Uint8Array; rest: Uint8Array } | null {
  const header = headerOf(bytes);
  if (header === null) return null;
  const newline = bytes.indexOf(10);
  if (header.storeId !== key.storeId || header.journalSeq !== key.journalSeq || header.storeSize !== key.storeSize || header.storeCrc !== key.storeCrc) return null;
  const { events, head, rest } = header;
  if (![events, head, rest].every((n) => Number.isSafeInteger(n) && n >= 0)) return null;
  const at = newline + 1;
  const ends = [at + head, at + head + events * 4, at + head + events * 12, at + head + events * 12 + rest];
  // Stryker disable next-line ConditionalExpression: bytes too few for the head fail its checksum all the same; this says so before reading them.
  if (ends[3] !== size || bytes.length < (headOnly ? ends[0]! : size)) return null;
  const parts = { header, head: bytes.subarray(at, ends[0]), order: bytes.subarray(ends[0], ends[1]), costs: bytes.subarray(ends[1], ends[2]), rest: bytes.subarray(ends[2], ends[3]) };
  let sum = crc(parts.head);
  if (sum !== header.headCrc) return null;
  if (headOnly) return parts;
  for (const part of [parts.order, parts.costs, parts.rest]) sum = crc(part, sum);
  return sum === header.crc ? parts : null;
}

/** How many of a snapshot's first bytes hold its header and head (what `snapshotTip` reads), from its first bytes (its header line at least); null when they are no snapshot header of this format. */
export function snapshotHeadEnd(bytes: Uint8Array): number | null {
  const header = headerOf(bytes);
  return header === null || !Number.isSafeInteger(header.head) || header.head < 0 ? null : bytes.indexOf(10) + 1 + header.head;
}

/** A typed array's items from bytes at any offset (copied into its own buffer, or into `into`). */
function itemsOf<T extends Int32Array | Float64Array>(bytes: Uint8Array, into: T): T {
  new Uint8Array(into.buffer, into.byteOffset, into.byteLength).set(bytes);
  return into;
}

function catalogFor(root: Root): Catalog {
  return catalogOf({ ...root, events: [] } as Account);
}

/** The replay a snapshot holds, for `account` (the store file's, which `key` names); null when the snapshot does not match it or does not read. */
export function snapshotReplay(bytes: Uint8Array, account: Account, key: SnapshotKey, crc: Checksum): Replay | null {
  const parts = partsOf(bytes, key, crc);
  if (parts === null || parts.header.events !== account.events.length) return null;
  try {
    const decoder = new TextDecoder();
    const head = JSON.parse(decoder.decode(parts.head)) as Head;
    const rest = JSON.parse(decoder.decode(parts.rest)) as { checkpoints: { pos: number; state: unknown }[]; marks: HistoryMark[] };
    const catalog = catalogOf(account);
    return replayRestore(account, parts.header.events, (order, costs) => {
      itemsOf(parts.order, order);
      itemsOf(parts.costs, costs);
      const tip = stateIn(head.tip, catalog, costs, undefined);
      const checkpoints: Checkpoint[] = rest.checkpoints.map((c) => ({ pos: c.pos, state: stateIn(c.state, catalog, costs, tip) }));
      return { tip, checkpoints, usages: head.usages, projects: new Map(head.projects), members: new Map(head.members), marks: rest.marks };
    });
  } catch {
    return null;
  }
}

/**
 * What the head of a snapshot gives without the account's events: the state after every event (its costs per usage
 * not read: none), the first and last events' dates, how many events and usages there are, the projects and members the usages
 * name (with how many each), the account's fields other than its events, and what the store file keeps beside it.
 */
export interface SnapshotTip {
  readonly tip: State;
  readonly firstDate: IsoDate | null;
  readonly lastDate: IsoDate | null;
  readonly events: number;
  readonly usages: number;
  readonly projects: ReadonlyMap<string, number>;
  readonly members: ReadonlyMap<string, number>;
  readonly root: Root;
  readonly beside: unknown;
}

/**
 * The state after every event of the store file `key` names, from its snapshot alone: `bytes` the whole snapshot, or
 * its first `snapshotHeadEnd` bytes of `size`; null when it does not match or does not read.
 */
export function snapshotTip(bytes: Uint8Array, key: SnapshotKey, crc: Checksum, size = bytes.length): SnapshotTip | null {
  const parts = partsOf(bytes, key, crc, true, size);
  if (parts === null) return null;
  try {
    const head = JSON.parse(new TextDecoder().decode(parts.head)) as Head;
    const { root, firstDate, lastDate, usages, beside } = head;
    return { tip: stateIn(head.tip, catalogFor(root), new Float64Array(0), undefined), firstDate, lastDate, events: parts.header.events, usages, projects: new Map(head.projects), members: new Map(head.members), root, beside };
  } catch {
    return null;
  }
}

/** Whether a replay's events are all of the kind a snapshot keeps (the rate card the app uses: a replay made for another card is not kept). */
export function snapshotKeeps(r: Replay): boolean {
  return r.card === undefined;
}
