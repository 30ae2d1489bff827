/**
 * The incremental engine against the full replay, its reference: on random
 * valid histories, random edits anywhere (entries added at the end or in the
 * past, events changed, moved to another date, deleted, put back at an index)
 * made one after another on the same replay, every ledger it gives equals the
 * full replay's, and every edit the full replay refuses it refuses with the
 * same error, leaving the replay it started from usable.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accountParse, type Account, type AccountEvent } from '../formats/account.ts';
import { ExpectedError } from '../errors.ts';
import type { IsoDate } from '../units.ts';
import { checkpointEvery, replayBuild, replayStateAt, replayUpdate, type Replay } from './incremental.ts';
import { ledgerCompute, ledgerOf } from './ledger.ts';
import { buildHistory, dayOf, FORMAT, historyArb, isoOf, parseOk, runs } from '../../test/fixtures/histories.ts';
import { expectSamePages, expectSameTotals } from '../../test/fixtures/replayChecks.ts';

type Edit =
  | { readonly k: 'append'; readonly day: number; readonly feature: string; readonly minutes: number }
  | { readonly k: 'move'; readonly at: number; readonly day: number }
  | { readonly k: 'delete'; readonly at: number }
  | { readonly k: 'insert'; readonly at: number; readonly from: number; readonly day: number }
  | { readonly k: 'replace'; readonly at: number; readonly from: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('append' as const), day: fc.integer({ min: -400, max: 60 }), feature: fc.constantFrom('avatar-iv', 'avatar-iii', 'translation', 'veo3'), minutes: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('move' as const), at: fc.nat(), day: fc.integer({ min: -200, max: 200 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('insert' as const), at: fc.nat(), from: fc.nat(), day: fc.integer({ min: -100, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('replace' as const), at: fc.nat(), from: fc.nat() }) },
);

function shifted(date: string, days: number): IsoDate {
  return isoOf(dayOf(date) + days);
}

/** The account after an edit: a new events array sharing every event it does not change (as the app's service makes them). */
function edited(account: Account, edit: Edit): Account {
  const events = account.events.slice();
  const n = events.length;
  const last = events.reduce((d, e) => (e.date > d ? e.date : d), events[0]!.date);
  switch (edit.k) {
    case 'append': {
      const e = { type: 'usage', date: shifted(last, edit.day), feature: edit.feature, ...(edit.feature === 'veo3' ? { count: 1 } : { minutes: edit.minutes }) };
      events.push(parseOk({ format: FORMAT, events: [e] }).events[0]!);
      break;
    }
    case 'move': {
      const i = edit.at % n;
      events[i] = { ...events[i]!, date: shifted(events[i]!.date, edit.day) } as AccountEvent;
      break;
    }
    case 'delete':
      events.splice(edit.at % n, 1);
      break;
    case 'insert': {
      const source = events[edit.from % n]!;
      events.splice(edit.at % (n + 1), 0, { ...source, date: shifted(source.date, edit.day) } as AccountEvent);
      break;
    }
    case 'replace':
      events[edit.at % n] = { ...events[edit.from % n]! };
      break;
  }
  return { ...account, events };
}

type Outcome = { ok: true } | { ok: false; message: string; field: string | undefined };

function fullOutcome(account: Account): Outcome {
  const last = account.events.reduce<string | null>((d, e) => (d === null || e.date > d ? e.date : d), null);
  if (last === null) return { ok: true };
  const r = ledgerCompute(account, last as IsoDate);
  return r.ok ? { ok: true } : { ok: false, message: r.error.message, field: r.error.field };
}

function attemptReplay(fn: () => Replay): Replay | Outcome {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof ExpectedError)) throw e;
    return { ok: false, message: e.error.message, field: e.error.field };
  }
}

/** The replay's ledger on each date equals the full replay's. */
/** Pro from 2026-01-01, with two usages in January. */
function smallAccount(): Account {
  return parseOk({
    format: FORMAT,
    events: [
      { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-02', type: 'usage', feature: 'avatar-iv', minutes: 2 },
      { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 3 },
    ],
  });
}

function expectSameLedgers(r: Replay, dates: readonly IsoDate[]): void {
  for (const at of dates) {
    const full = ledgerCompute(r.account, at);
    expect(full.ok).toBe(true);
    if (!full.ok) return;
    expect(ledgerOf(replayStateAt(r, at), at)).toEqual(full.value);
  }
}

function datesOf(account: Account, probes: readonly number[]): IsoDate[] {
  const dates = account.events.map((e) => e.date);
  const first = dates.reduce((a, b) => (a < b ? a : b));
  const last = dates.reduce((a, b) => (a > b ? a : b));
  return [...new Set([last, shifted(last, 45), shifted(first, -1), ...probes.map((p) => shifted(first, p))])];
}

describe('incremental replay == full replay', () => {
  it('after random edits, one after another, anywhere in random histories (ledgers on many dates, usage totals, refusals)', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(historyArb(40), fc.array(editArb, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 3 }), (spec, edits, probes) => {
        const built = buildHistory(spec);
        const parsed = accountParse(built.raw);
        if (!parsed.ok) return;
        let current = attemptReplay(() => replayBuild(parsed.value));
        expect('tip' in current ? { ok: true } : current).toEqual(fullOutcome(parsed.value));
        if (!('tip' in current)) return;
        for (const edit of edits) {
          if (current.account.events.length === 0) break;
          const next = edited(current.account, edit);
          const outcome = attemptReplay(() => replayUpdate(current as Replay, next));
          expect('tip' in outcome ? { ok: true } : outcome).toEqual(fullOutcome(next));
          if ('tip' in outcome) {
            accepted++;
            current = outcome;
            if (current.account.events.length > 0) expectSameLedgers(current, datesOf(current.account, probes));
          } else refused++;
        }
        if (current.account.events.length === 0) return;
        expectSameLedgers(current, datesOf(current.account, probes));
        expectSameTotals(current);
        for (const at of datesOf(current.account, probes).slice(0, 2)) expectSamePages(current, at);
      }),
      { numRuns: runs(1000) },
    );
    // Both paths are exercised: edits the engine takes, and edits it refuses.
    expect(accepted).toBeGreaterThan(runs(1000));
    expect(refused).toBeGreaterThan(runs(50));
  }, 240_000);

  it('checkpoints 2,048 positions apart up to 262,144 events, then a power of two from 1/128th to 1/64th of them', () => {
    expect([0, 1, 6000, 262_144, 262_145, 1_000_000, 2_000_000].map(checkpointEvery)).toEqual([2048, 2048, 2048, 2048, 4096, 8192, 16_384]);
  });

  it('entries at the end past the room left after the order and the costs: they move to larger arrays, and match the full replay', () => {
    const account = smallAccount();
    const r = replayBuild(account);
    const more = Array.from({ length: 1100 }, (_, i) => ({ date: isoOf(dayOf('2026-01-25') + Math.floor(i / 50)), type: 'usage', feature: 'avatar-iv', minutes: 1 }));
    const grown = replayUpdate(r, { ...account, events: [...account.events, ...parseOk({ format: FORMAT, events: more }).events] });
    expect([grown.order.buffer === r.order.buffer, grown.usageCosts.buffer === r.usageCosts.buffer]).toEqual([false, false]);
    expectSameLedgers(grown, [grown.account.events.at(-1)!.date]);
  });

  it('an edit of the event just before a checkpoint is replayed from the checkpoint before it, not from the one after', () => {
    const events: Record<string, unknown>[] = [{ date: '2020-01-05', type: 'subscribe', plan: 'pro', credits: 100_000 }];
    for (let i = 0; i < 3000; i++) events.push({ date: isoOf(dayOf('2020-01-05') + Math.floor(i / 3)), type: 'usage', feature: 'avatar-iii', minutes: 1 + (i % 5) });
    const r = replayBuild(parseOk({ format: FORMAT, events }));
    const every = checkpointEvery(events.length);
    const index = r.order[every - 1]!;
    const edited = { ...r.account, events: r.account.events.map((x, i) => (i === index ? ({ ...x, minutes: 30 } as AccountEvent) : x)) };
    const heard: number[] = [];
    const updated = replayUpdate(r, edited, undefined, { progress: (done, total) => heard.push(total - done) });
    // From the checkpoint at 0: every event after it replayed (or met again).
    expect(heard[0]).toBeGreaterThan(every);
    expectSameLedgers(updated, [r.account.events[index]!.date, r.account.events.at(-1)!.date]);
  });

  it('on a history longer than the checkpoint spacing: edits before, between and after checkpoints resume from one and match the full replay', () => {
    const events: Record<string, unknown>[] = [{ date: '2020-01-05', type: 'subscribe', plan: 'pro', credits: 100_000 }];
    const every = checkpointEvery(6000);
    for (let i = 0; i < 6000; i++) {
      const day = isoOf(dayOf('2020-01-05') + Math.floor(i / 3));
      events.push({ date: day, type: 'usage', feature: i % 7 === 0 ? 'veo3' : 'avatar-iii', ...(i % 7 === 0 ? { count: 1 } : { minutes: 1 + (i % 5) }), project: `P${i % 4}`, ...(i % 3 === 0 ? {} : { by: i % 3 === 1 ? 'Ana' : i % 9 === 2 ? 'ana ' : 'Ben' }) });
      if (i % 500 === 0) events.push({ date: day, type: 'balance-check', balance: 1000 + i });
    }
    let r = replayBuild(parseOk({ format: FORMAT, events }));
    expect(r.checkpoints.map((c) => c.pos)).toEqual(Array.from({ length: Math.floor((r.order.length - 1) / every) + 1 }, (_, k) => k * every));
    for (const at of [10, 2500, 4097, 6011, r.account.events.length - 1]) {
      const index = Math.min(at, r.account.events.length - 1);
      const e = r.account.events[index]!;
      const moved = { ...r.account, events: r.account.events.map((x, i) => (i === index ? ({ ...x, date: shifted(x.date, 40) } as AccountEvent) : x)) };
      r = replayUpdate(r, moved);
      expectSameLedgers(r, [e.date, shifted(e.date, 40), r.account.events.at(-1)!.date]);
      const deleted = { ...r.account, events: r.account.events.filter((_, i) => i !== Math.floor(index / 2)) };
      r = replayUpdate(r, deleted);
      expectSameLedgers(r, [e.date, r.account.events.at(-1)!.date]);
    }
    expectSameTotals(r);
    expectSamePages(r, shifted(r.account.events.at(-1)!.date, 200));
  }, 120_000);

  it('entries at the end grow the order and the costs in place, yet two made from the same replay (a preview, then the entry) each equal their full replay, and neither changes the other', () => {
    const usage = (date: string, minutes: number) => parseOk({ format: FORMAT, events: [{ date, type: 'usage', feature: 'avatar-iv', minutes }] }).events[0]!;
    const account = smallAccount();
    const r = replayBuild(account);
    const a = replayUpdate(r, { ...account, events: [...account.events, usage('2026-01-25', 5)] });
    const b = replayUpdate(r, { ...account, events: [...account.events, usage('2026-01-25', 7)] });
    const c = replayUpdate(a, { ...a.account, events: [...a.account.events, usage('2026-01-26', 1), usage('2026-01-27', 4)] });
    // a grew r's arrays in place; b found that room taken and made its own; c grew a's.
    expect([a.order.buffer === r.order.buffer, a.usageCosts.buffer === r.usageCosts.buffer]).toEqual([true, true]);
    expect([b.order.buffer === r.order.buffer, b.usageCosts.buffer === r.usageCosts.buffer]).toEqual([false, false]);
    expect([c.order.buffer === a.order.buffer, c.usageCosts.buffer === a.usageCosts.buffer]).toEqual([true, true]);
    for (const x of [r, a, b, c]) {
      expectSameLedgers(x, ['2026-01-20' as IsoDate, '2026-01-25' as IsoDate, '2026-02-10' as IsoDate]);
      expectSameTotals(x);
    }
    expect([r.order.length, a.order.length, b.order.length, c.order.length]).toEqual([3, 4, 4, 6]);
    // A replay made to look at (a preview) takes no room: the entry made after it still grows c's arrays.
    const preview = replayUpdate(c, { ...c.account, events: [...c.account.events, usage('2026-01-28', 2)] }, undefined, { preview: true });
    const d = replayUpdate(c, { ...c.account, events: [...c.account.events, usage('2026-01-28', 3)] });
    expect([preview.order.buffer === c.order.buffer, d.order.buffer === c.order.buffer, d.usageCosts.buffer === c.usageCosts.buffer]).toEqual([false, true, true]);
    expectSameLedgers(preview, ['2026-02-10' as IsoDate]);
    expectSameLedgers(d, ['2026-02-10' as IsoDate]);
  });

  it('an account checked again (its prices the same values in new objects, as the schema copies them) is updated from its change, not replayed whole; with other prices it is replayed at them', () => {
    const account = parseOk({ format: FORMAT, proTiers: [{ credits: 2000, monthly: 88 }], events: [{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 2000 }, { date: '2026-01-02', type: 'usage', feature: 'avatar-iv', minutes: 2 }] });
    const r = replayBuild(account);
    const entry = parseOk({ format: FORMAT, events: [{ date: '2026-01-25', type: 'usage', feature: 'avatar-iv', minutes: 5 }] }).events[0]!;
    const again = { ...account, proTiers: account.proTiers!.map((t) => ({ ...t })), events: [...account.events, entry] };
    const heard: [number, number][] = [];
    const updated = replayUpdate(r, again, undefined, { progress: (done, total) => heard.push([done, total]) });
    // Only the entry at the end is replayed.
    expect([heard.at(0), heard.at(-1)]).toEqual([[0, 1], [1, 1]]);
    expectSameLedgers(updated, ['2026-01-25' as IsoDate, '2026-03-10' as IsoDate]);
    const dearer = replayUpdate(updated, { ...again, proTiers: [{ credits: 2000, monthly: 90 }] });
    expect(ledgerOf(replayStateAt(dearer, '2026-03-10' as IsoDate), '2026-03-10' as IsoDate).charges.map((c) => c.amount)).toEqual([9000, 9000, 9000]);
    expectSameLedgers(dearer, ['2026-03-10' as IsoDate]);
  });

  it('an edit past the first checkpoint is replayed from it, and says how far it has gone at each checkpoint it passes', () => {
    const raw: Record<string, unknown>[] = [{ date: '2020-01-05', type: 'subscribe', plan: 'pro', credits: 100_000 }];
    for (let i = 0; i < 5000; i++) raw.push({ date: isoOf(dayOf('2020-01-05') + Math.floor(i / 3)), type: 'usage', feature: 'avatar-iii', minutes: 1 + (i % 5) });
    const account = parseOk({ format: FORMAT, events: raw });
    const r = replayBuild(account);
    expect(r.checkpoints.map((c) => c.pos)).toEqual([0, 2048, 4096]);
    const entry = parseOk({ format: FORMAT, events: [{ ...raw[3000], minutes: 7 }] }).events[0]!;
    const events = [...account.events.slice(0, 3000), entry, ...account.events.slice(3000)];
    const heard: [number, number][] = [];
    const updated = replayUpdate(r, { ...account, events }, undefined, { progress: (done, total) => heard.push([done, total]) });
    // From position 2048 to the 5002nd event: 2954 to replay, 2048 of them done at position 4096.
    expect(heard).toEqual([[0, 2954], [2048, 2954], [2954, 2954]]);
    expectSameLedgers(updated, [events[3000]!.date, events.at(-1)!.date]);
  });

  it('events added in the past, on one date and out of date order, go where the full replay puts them: by date, then in file order', () => {
    const usage = (date: string, minutes: number) => parseOk({ format: FORMAT, events: [{ date, type: 'usage', feature: 'avatar-iv', minutes }] }).events[0]!;
    const account = smallAccount();
    const r = replayBuild(account);
    const events = [...account.events.slice(0, 2), usage('2026-01-10', 1), usage('2026-01-10', 2), usage('2026-01-05', 3), account.events[2]!];
    const updated = replayUpdate(r, { ...account, events });
    expect([...updated.order]).toEqual([0, 1, 4, 2, 3, 5]);
    expect([...updated.order]).toEqual([...replayBuild({ ...account, events }).order]);
    expectSameLedgers(updated, ['2026-01-10' as IsoDate, '2026-02-10' as IsoDate]);
  });

  it('a refused edit leaves the replay it started from as it was', () => {
    const account = smallAccount();
    const r = replayBuild(account);
    const before = ledgerOf(replayStateAt(r, '2026-02-10' as IsoDate), '2026-02-10' as IsoDate);
    const bad = { ...account, events: [...account.events, parseOk({ format: FORMAT, events: [{ date: '2026-01-21', type: 'addon', blocks: 1 }] }).events[0]!] };
    expect(() => replayUpdate(r, bad)).toThrow(/Business only/);
    expect(ledgerOf(replayStateAt(r, '2026-02-10' as IsoDate), '2026-02-10' as IsoDate)).toEqual(before);
    // The room the refused entry took is given back: the next entry at the end grows r's arrays.
    const next = replayUpdate(r, { ...account, events: [...account.events, parseOk({ format: FORMAT, events: [{ date: '2026-01-21', type: 'usage', feature: 'avatar-iv', minutes: 1 }] }).events[0]!] });
    expect([next.order.buffer === r.order.buffer, next.usageCosts.buffer === r.usageCosts.buffer]).toEqual([true, true]);
    expectSameLedgers(next, ['2026-02-10' as IsoDate]);
    expectSameLedgers(replayUpdate(r, { ...account, events: account.events.slice(0, 2) }), ['2026-01-02' as IsoDate, '2026-03-01' as IsoDate]);
  });
});
