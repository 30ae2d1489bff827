/**
 * The app's day-at-a-time paths against the usage-by-usage replay, their reference: on random valid histories
 * with bursts of usages on a few days (days the balance covers and days it does not, auto-reloads of many blocks
 * at once, usages that need more blocks than one spending may buy), the incremental replay, the comparison of
 * plans and the report the app makes from it equal those made usage by usage, to the byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpectedError } from '../errors.ts';
import { accountParse, type Account, type UsageEvent } from '../formats/account.ts';
import type { Cents, IsoDate } from '../units.ts';
import { compareHistory } from './compare.ts';
import { replayBuild, replayStateAt, replayUpdate, type Replay } from './incremental.ts';
import { ledgerCompute, ledgerOf } from './ledger.ts';
import { reportCompute } from './report.ts';
import { buildHistory, dayOf, FORMAT, historyArb, isoOf, parseOk, runs } from '../../test/fixtures/histories.ts';
import { expectSameTotals } from '../../test/fixtures/replayChecks.ts';

interface Burst {
  readonly day: number;
  readonly usages: readonly { readonly feature: string; readonly size: number; readonly by: string | undefined }[];
}

/** Mostly everyday usages; now and then a big one, some (veo3, 90 credits each) bigger than a thousand auto-reload blocks. */
const sizeArb = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 2, arbitrary: fc.integer({ min: 500, max: 1300 }) });
const burstArb: fc.Arbitrary<Burst> = fc.record({
  day: fc.nat(),
  usages: fc.array(fc.record({ feature: fc.constantFrom('avatar-iv', 'avatar-iii', 'veo3', 'generate-look'), size: sizeArb, by: fc.constantFrom(undefined, 'Ann', ' ann', 'ANN', 'Bo') }), { minLength: 1, maxLength: 80 }),
});

/** The history with each burst's usages on one of its days (a usage is valid on any plan: one the plan cannot take is refused). */
function withBursts(raw: { events: Record<string, unknown>[] }, bursts: readonly Burst[]): Account {
  const days = raw.events.map((e) => dayOf(e.date as string));
  const first = Math.min(...days);
  const span = Math.max(...days) - first + 1;
  const usages = bursts.flatMap((b) => b.usages.map((u) => ({ date: isoOf(first + (b.day % span)), type: 'usage', feature: u.feature, ...(u.feature === 'veo3' || u.feature === 'generate-look' ? { count: u.size } : { minutes: u.size }), project: `P${u.size % 3}`, ...(u.by === undefined ? {} : { by: u.by }) })));
  return parseOk({ format: FORMAT, events: [...raw.events, ...usages] });
}

function datesOf(account: Account, probes: readonly number[]): IsoDate[] {
  const days = account.events.map((e) => dayOf(e.date));
  const first = Math.min(...days);
  return [...new Set([isoOf(Math.max(...days)), ...probes.map((p) => isoOf(first + p))])];
}

/** The account's replay; null for a history with an event its plan does not allow (the generator's rogue event). */
function replayed(account: Account): Replay | null {
  try {
    return replayBuild(account);
  } catch (e) {
    if (e instanceof ExpectedError) return null;
    throw e;
  }
}

/** A random history with its bursts added, and its replay; null when the history is not a valid account or its plan refuses one of its events. */
function burstReplayed(spec: Parameters<typeof buildHistory>[0], bursts: readonly Burst[]): { readonly account: Account; readonly r: Replay } | null {
  const built = buildHistory(spec);
  if (!accountParse(built.raw).ok) return null;
  const account = withBursts(built.raw, bursts);
  const r = replayed(account);
  return r === null ? null : { account, r };
}

/** The replay's ledgers on `dates` and its usage totals equal the full replay's. */
function expectAsFull(r: Replay, dates: readonly IsoDate[]): void {
  for (const at of dates) {
    const full = ledgerCompute(r.account, at);
    if (!full.ok) throw new Error(full.error.message);
    expect(ledgerOf(replayStateAt(r, at), at)).toEqual(full.value);
  }
  expectSameTotals(r);
}

const statesOf = (r: Replay) => (at: IsoDate) => replayStateAt(r, at);

describe('a day at a time == usage by usage', () => {
  it('compares plans over the last months to the byte, from the replay a day at a time and usage by usage', () => {
    let compared = 0;
    fc.assert(
      fc.property(historyArb(30), fc.array(burstArb, { maxLength: 4 }), fc.array(fc.integer({ min: 20, max: 900 }), { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom('monthly' as const, 'annual' as const), (spec, bursts, probes, months, billing) => {
        const made = burstReplayed(spec, bursts);
        if (made === null) return;
        const { account, r } = made;
        for (const at of datesOf(account, probes)) {
          const byUsage = compareHistory(account, at, months, billing);
          expect(compareHistory(account, at, months, billing, statesOf(r), r)).toEqual(byUsage);
          if (byUsage.ok && byUsage.value.months > 0) compared++;
        }
      }),
      { numRuns: runs(300) },
    );
    expect(compared).toBeGreaterThan(runs(300));
  }, 240_000);

  it('keeps the incremental replay equal to the full one, built and after an edit of the oldest usage (ledgers on many dates, usage totals by month and day)', () => {
    fc.assert(
      fc.property(historyArb(30), fc.array(burstArb, { maxLength: 4 }), fc.array(fc.integer({ min: -10, max: 900 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 30 }), (spec, bursts, probes, minutes) => {
        const made = burstReplayed(spec, bursts);
        if (made === null) return;
        const { account } = made;
        let r = made.r;
        expectAsFull(r, datesOf(account, probes));
        const oldest = r.order.find((i) => account.events[i]!.type === 'usage');
        if (oldest === undefined) return;
        const events = account.events.slice();
        events[oldest] = { ...(events[oldest] as UsageEvent), minutes, count: undefined, seconds: undefined, feature: 'avatar-iv' };
        r = replayUpdate(r, { ...account, events });
        expectAsFull(r, datesOf(r.account, probes));
      }),
      { numRuns: runs(200) },
    );
  }, 240_000);

  it('values the credits of the report to the byte (every row, lot, loss and total), from the replay a day at a time and usage by usage', () => {
    let valued = 0;
    fc.assert(
      fc.property(historyArb(30), fc.array(burstArb, { maxLength: 4 }), fc.array(fc.integer({ min: -10, max: 900 }), { minLength: 1, maxLength: 2 }), fc.constantFrom('project' as const, 'feature' as const, 'month' as const, 'member' as const), fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }), (spec, bursts, probes, by, budget) => {
        const made = burstReplayed(spec, bursts);
        if (made === null) return;
        const { account, r } = made;
        for (const at of datesOf(account, probes)) {
          const byUsage = reportCompute(account, at, by, 2, budget as Cents | null);
          expect(reportCompute(account, at, by, 2, budget as Cents | null, statesOf(r), r)).toEqual(byUsage);
          if (byUsage.ok && byUsage.value.rows.length > 0) valued++;
        }
      }),
      { numRuns: runs(300) },
    );
    expect(valued).toBeGreaterThan(runs(300));
  }, 240_000);
});
