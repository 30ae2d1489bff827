/**
 * A resumed replay that meets the previous one again takes the rest from it (meet.ts): whatever the account and
 * the edit in place, the replay it gives is the full replay's to the byte (its snapshot: order, costs, the state
 * after every event, every checkpoint, History's marks), and it did take the rest when the edit's effect ended.
 */
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpectedError } from '../errors.ts';
import type { Account, AccountEvent, UsageEvent } from '../formats/account.ts';
import { creditsAdd, creditsSub, type Credits, type IsoDate } from '../units.ts';
import { replayBuild, replayUpdate, type Replay } from './incremental.ts';
import { stateDelta, stateMet, statesMeet } from './meet.ts';
import { snapshotBytes, snapshotReplay, type SnapshotKey } from './snapshot.ts';
import { stateClone, type LotWatcher, type State } from './state.ts';
import { buildHistory, dayOf, FORMAT, historyArb, isoOf, parseOk, runs, type RawEvent } from '../../test/fixtures/histories.ts';
import { expectSamePages } from '../../test/fixtures/replayChecks.ts';

/** A watcher that hears nothing: a state with one never meets another. */
const watcher: LotWatcher = { granted: () => {}, consumed: () => {}, lost: () => {} };

const KEY: SnapshotKey = { storeId: '6f1c2d1e-0000-4000-8000-000000000002', journalSeq: 7, storeSize: 1, storeCrc: 1 };

/** The replay's snapshot equals the full replay's to the byte (its JSON parts compared as text, so that a difference reads). */
function expectSameAsFull(r: Replay): void {
  const [header, head, order, costs, rest] = snapshotBytes(r, KEY, crc32);
  const full = snapshotBytes(replayBuild(r.account), KEY, crc32);
  const text = (b: Uint8Array | undefined) => Buffer.from(b!).toString('utf8');
  expect(text(head)).toBe(text(full[1]));
  expect(text(rest)).toBe(text(full[4]));
  expect(Buffer.from(order!).equals(Buffer.from(full[2]!))).toBe(true);
  expect(Buffer.from(costs!).equals(Buffer.from(full[3]!))).toBe(true);
  expect(text(header)).toBe(text(full[0]));
}

/** Whether `next` took its last checkpoint and its tip from `prev` (met it) rather than replaying them. */
function tookRest(next: Replay, prev: Replay): boolean {
  return next.checkpoints.at(-1)!.state.lots === prev.checkpoints.at(-1)!.state.lots && next.tip.lots === prev.tip.lots;
}

/** `usages` usages from `from`, evenly over `days` days, after `head`'s events. */
function withUsages(head: readonly RawEvent[], from: string, days: number, usages: number): Account {
  const events: RawEvent[] = [...head];
  const features = ['avatar-iv', 'avatar-iii', 'translation'] as const;
  for (let i = 0; i < usages; i++) events.push({ date: isoOf(dayOf(from) + Math.floor((i * days) / usages)), type: 'usage', feature: features[i % 3]!, minutes: 1 + (i % 3), project: `P${i % 5}` });
  return parseOk({ format: FORMAT, events: events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) });
}

/** The account with event `index` (a usage) given `fields`. */
function usageChanged(account: Account, index: number, fields: Partial<UsageEvent>): Account {
  const events = account.events.slice();
  events[index] = { ...(events[index] as UsageEvent), ...fields };
  return { ...account, events };
}

const oldestUsage = (account: Account) => account.events.findIndex((e) => e.type === 'usage');

describe('a replay that meets the previous one again', () => {
  // The app's bench shapes, smaller: Enterprise (its credits roll over a month), usages over 11 months or 10 years.
  for (const [shape, days] of [
    ['dense', 334],
    ['spread', 3651],
  ] as const) {
    it(`${shape}: an edit of the oldest usage, then its undo, each the full replay to the byte, the rest taken from the replay before`, () => {
      const account = withUsages([{ date: '2016-12-05', type: 'subscribe', plan: 'enterprise', credits: 10_000_000, price: 5000 }], '2016-12-05', days, 20_000);
      const r = replayBuild(account);
      const i = oldestUsage(account);
      const edited = replayUpdate(r, usageChanged(account, i, { minutes: 3, feature: 'avatar-iii' }));
      expectSameAsFull(edited);
      expect(tookRest(edited, r)).toBe(true);
      const undone = replayUpdate(edited, { ...edited.account, events: edited.account.events.map((e, k) => (k === i ? account.events[i]! : e)) });
      expectSameAsFull(undone);
      expect(tookRest(undone, edited)).toBe(true);
      expectSamePages(undone, '2027-01-10' as IsoDate);
    }, 60_000);
  }

  it('a replay read back from its snapshot (as the app opens a folder) meets too: a value left undefined is a key the snapshot does not keep', () => {
    const account = withUsages([{ date: '2016-12-05', type: 'subscribe', plan: 'enterprise', credits: 10_000_000, price: 5000 }], '2016-12-05', 334, 20_000);
    const back = snapshotReplay(Buffer.concat(snapshotBytes(replayBuild(account), KEY, crc32)), account, KEY, crc32)!;
    const i = oldestUsage(account);
    const edited = replayUpdate(back, usageChanged(account, i, { minutes: 3 }));
    expectSameAsFull(edited);
    expect(tookRest(edited, back)).toBe(true);
  }, 60_000);

  it('adds what the edit changed to what only grows: credits expired, forfeited by a cancel, used on a legacy plan, by day, by month (the one still growing too) and by feature', () => {
    const cases: { what: string; head: RawEvent[]; days: number }[] = [
      { what: 'Pro, credits rolled over then expired', head: [{ date: '2025-01-10', type: 'subscribe', plan: 'pro', credits: 100_000, billing: 'monthly' }], days: 400 },
      {
        what: 'a cancel forfeits what is left',
        head: [
          { date: '2025-01-10', type: 'subscribe', plan: 'pro', credits: 100_000, billing: 'annual' },
          { date: '2025-03-01', type: 'cancel' },
        ],
        days: 500,
      },
      { what: 'a legacy plan counts what its usages would cost', head: [{ date: '2025-01-10', type: 'subscribe', plan: 'legacy', price: 30 }], days: 400 },
      { what: 'a legacy plan, met in the month of the edit', head: [{ date: '2025-01-10', type: 'subscribe', plan: 'legacy', price: 30 }], days: 60 },
    ];
    for (const { what, head, days } of cases) {
      const account = withUsages(head, '2025-01-10', days, 9000);
      const r = replayBuild(account);
      const i = oldestUsage(account);
      for (const fields of [{ minutes: 30 }, { feature: 'avatar-iii' as const, minutes: 7 }]) {
        const edited = replayUpdate(r, usageChanged(account, i, fields));
        expect({ what, fields, met: tookRest(edited, r) }).toEqual({ what, fields, met: true });
        expectSameAsFull(edited);
      }
    }
  }, 60_000);

  it('replays on when what a later step reads still differs: a usage refused for want of credits, a lot that never expires', () => {
    // Creator's 600 credits a month, about 550 of them used: an edit of 90 minutes of Avatar IV leaves too few for the month's last usages.
    const tight = withUsages([{ date: '2025-01-10', type: 'subscribe', plan: 'creator', billing: 'monthly' }], '2025-01-10', 3000, 4000);
    const r = replayBuild(tight);
    const edited = replayUpdate(r, usageChanged(tight, oldestUsage(tight), { minutes: 90 }));
    expectSameAsFull(edited);
    expect(edited.tip.refused.length).toBeGreaterThan(r.tip.refused.length);
    // An add-on's credits never expire: an edit before it changes what is left of it for ever.
    const addon = withUsages(
      [
        { date: '2025-01-10', type: 'subscribe', plan: 'business', billing: 'monthly' },
        { date: '2025-01-10', type: 'addon', blocks: 50 },
      ],
      '2025-01-10',
      300,
      9000,
    );
    const a = replayBuild(addon);
    const edited2 = replayUpdate(a, usageChanged(addon, oldestUsage(addon), { minutes: 60 }));
    expectSameAsFull(edited2);
    expect(tookRest(edited2, a)).toBe(false);
  }, 60_000);

  it('on random histories past several checkpoints, one or two usages edited in place (the oldest often) and put back, each the full replay to the byte', () => {
    const changeArb = fc.record({ at: fc.nat(), minutes: fc.integer({ min: 1, max: 90 }), feature: fc.constantFrom('avatar-iv', 'avatar-iii', 'translation'), days: fc.constantFrom(0, 0, 0, 3, -2) });
    const editArb = fc.record({ oldest: fc.boolean(), changes: fc.array(changeArb, { minLength: 1, maxLength: 2 }) });
    fc.assert(
      fc.property(historyArb(20), fc.integer({ min: 2100, max: 7000 }), fc.array(editArb, { minLength: 1, maxLength: 3 }), (spec, usages, edits) => {
        const raw = buildHistory(spec).raw.events;
        const first = raw[0]!.date;
        const last = raw.reduce((d, e) => (e.date > d ? e.date : d), first);
        let r: Replay;
        try {
          r = replayBuild(withUsages(raw, first, dayOf(last) - dayOf(first) + 30, usages));
        } catch (e) {
          if (e instanceof ExpectedError) return;
          throw e;
        }
        const usageIndices = r.account.events.flatMap((e, i) => (e.type === 'usage' ? [i] : []));
        for (const { oldest, changes } of edits) {
          // Two usages changed at once may be far apart: the replay must not meet the old one before the later.
          const picked = changes.map((c, k) => ({ ...c, i: oldest && k === 0 ? usageIndices[0]! : usageIndices[c.at % usageIndices.length]! }));
          const events = r.account.events.slice();
          for (const { i, minutes, feature, days } of picked) {
            const before = r.account.events[i] as UsageEvent;
            events[i] = { ...before, minutes, feature, date: isoOf(Math.max(dayOf(first), dayOf(before.date) + days)) };
          }
          const next = replayUpdate(r, { ...r.account, events });
          expectSameAsFull(next);
          const back = replayUpdate(next, { ...next.account, events: r.account.events.slice() as AccountEvent[] });
          expectSameAsFull(back);
          r = back;
        }
      }),
      { numRuns: runs(60) },
    );
  }, 240_000);

  it('meets only when every field a later step reads is the same: each changed alone keeps two states apart, and the ones a step only adds to do not', () => {
    const account = withUsages([{ date: '2025-01-10', type: 'subscribe', plan: 'pro', credits: 100_000, billing: 'monthly' }], '2025-01-10', 400, 9000);
    const r = replayBuild(account);
    const from = r.checkpoints[1]!.state;
    const was = r.checkpoints[3]!.state;
    const now = () => stateClone(was);
    const apart: [string, (s: State) => void][] = [
      ['balance', (s) => void (s.balance = creditsAdd(s.balance, 1 as Credits))],
      ['lots: as much left, in other lots', (s) => void (s.lots = [{ ...s.lots[0]!, remaining: creditsAdd(s.lots[0]!.remaining, 1 as Credits) }, { ...s.lots[1]!, remaining: creditsSub(s.lots[1]!.remaining, 1 as Credits) }, ...s.lots.slice(2)])],
      ['the plan', (s) => void (s.sub = { ...s.sub!, seats: 2 })],
      ['a cancel pending', (s) => void (s.sub = { ...s.sub!, pending: { kind: 'cancel', index: 1 } })],
      ['a lot fewer', (s) => void (s.lots = s.lots.slice(0, -1))],
      ['a lot without its last field', (s) => void (s.lots = [Object.fromEntries(Object.entries(s.lots[0]!).slice(0, -1)) as unknown as State['lots'][number], ...s.lots.slice(1)])],
      ['a lot with its fields in another order', (s) => void (s.lots = [Object.fromEntries(Object.entries(s.lots[0]!).reverse()) as unknown as State['lots'][number], ...s.lots.slice(1)])],
      ['a charge fewer', (s) => void (s.charges = s.charges.slice(0, -1))],
      ['the next lot id', (s) => void s.nextLotId++],
      ['on Free', (s) => void (s.onFree = true)],
      ['free videos used', (s) => void s.freeVideosUsed++],
      ['the date', (s) => void (s.cursor = '2025-12-31' as IsoDate)],
      ['a refusal', (s) => void s.refused.push({ ...r.tip.refused[0]!, index: 1 })],
      ['a note', (s) => void s.notes.push(r.tip.notes[0]!)],
      ['a charge', (s) => void s.charges.push(r.tip.charges[0]!)],
      ['a balance check', (s) => void s.balanceChecks.push({ index: 1, date: s.cursor!, computed: 0 as Credits, actual: 0 as Credits, difference: 0 as Credits })],
      ['an assumption', (s) => void s.assumptions.add('duration-seconds')],
      ['a free video of a usage', (s) => void s.usageFreeVideos.set(1, 1)],
      ['another expiry date', (s) => void s.expirations.push({ date: s.cursor!, credits: 1 as Credits })],
      ['the last day of burn on another date', (s) => void (s.burnByDay = { days: [...s.burnByDay.days.slice(0, -1), '2099-01-01' as IsoDate], amounts: s.burnByDay.amounts })],
      ['the last month under another name', (s) => void (s.usage = { ...s.usage!, byMonth: new Map([...s.usage!.byMonth].map(([k, v], i, all) => [i === all.length - 1 ? '2099-01' : k, v])) })],
      ['no usage figures kept', (s) => void (s.usage = null)],
      ['the last expiry on another date', (s) => void (s.expirations[s.expirations.length - 1] = { ...s.expirations.at(-1)!, date: '2099-01-01' as IsoDate })],
      ['another day of burn', (s) => void (s.burnByDay = { days: [...s.burnByDay.days, '2099-01-01' as IsoDate], amounts: [...s.burnByDay.amounts, 1] })],
      ['another month', (s) => void s.usage!.byMonth.set('2099-01', { total: 0 as Credits, byFeature: {}, freeVideos: 0 })],
      ['the last month’s features in another order', (s) => {
        const [key, month] = [...s.usage!.byMonth].at(-1)!;
        s.usage!.byMonth.set(key, { ...month, byFeature: Object.fromEntries(Object.entries(month.byFeature).reverse()) });
      }],
      ['another rounding', (s) => void Object.assign(s, { catalog: { ...s.catalog, rounding: s.catalog.rounding === 'credit' ? 'none' : 'credit' } })],
      ['another event being applied', (s) => void (s.applying = (s.applying ?? 0) + 1)],
      ['a watcher on its lots', (s) => void (s.watcher = watcher)],
      ['a day of burn fewer', (s) => void (s.burnByDay = { days: s.burnByDay.days.slice(0, -1), amounts: s.burnByDay.amounts.slice(0, -1) })],
      ['a month fewer', (s) => void s.usage!.byMonth.delete([...s.usage!.byMonth.keys()].at(-1)!)],
      // The first record of each list after the state both went on from.
      ['the first expiry since on another date', (s) => void (s.expirations[from.expirations.length] = { ...s.expirations[from.expirations.length]!, date: '2099-01-01' as IsoDate })],
      ['the first day of burn since on another date', (s) => void (s.burnByDay = { days: s.burnByDay.days.map((d, i) => (i === from.burnByDay.days.length ? ('2099-01-01' as IsoDate) : d)), amounts: s.burnByDay.amounts })],
      ['the first day of usage since on another date', (s) => void (s.usage = { ...s.usage!, byDay: { days: s.usage!.byDay.days.map((d, i) => (i === from.usage!.byDay.days.length ? ('2099-01-01' as IsoDate) : d)), amounts: s.usage!.byDay.amounts } })],
    ];
    expect(r.checkpoints.length).toBeGreaterThan(3);
    expect(was.lots.length).toBeGreaterThan(1);
    expect(was.expirations.length).toBeGreaterThan(from.expirations.length + 1);
    expect(was.burnByDay.days.length).toBeGreaterThan(from.burnByDay.days.length + 1);
    expect(was.usage!.byDay.days.length).toBeGreaterThan(from.usage!.byDay.days.length + 1);
    expect(statesMeet(now(), was, from)).toBe(true);
    for (const [what, change] of apart) {
      const s = now();
      change(s);
      expect({ what, meet: statesMeet(s, was, from) }).toEqual({ what, meet: false });
    }
    const grown = now();
    grown.totals = { ...grown.totals, used: creditsAdd(grown.totals.used, 5 as Credits) };
    grown.legacyUsage = creditsAdd(grown.legacyUsage, 5 as Credits);
    grown.expirations[0] = { ...grown.expirations[0]!, credits: creditsAdd(grown.expirations[0]!.credits, 5 as Credits) };
    grown.burnByDay.amounts[0]! += 5;
    grown.usage!.byDay.amounts[0]! += 5;
    const [firstMonth, month] = [...grown.usage!.byMonth][0]!;
    grown.usage!.byMonth.set(firstMonth, { ...month, total: creditsAdd(month.total, 5 as Credits), byFeature: Object.fromEntries(Object.entries(month.byFeature).reverse()) });
    expect(statesMeet(grown, was, from)).toBe(true);
    // Both changed: a watcher on the old one only; credits forfeited on another first date (none before); no usage figures in either.
    const pairs: [string, (now: State, was: State) => void, boolean][] = [
      ['a watcher on the old state only', (_, w) => void (w.watcher = watcher), false],
      ['credits forfeited first on another date', (n, w) => {
        w.forfeits = [{ date: '2026-01-01' as IsoDate, credits: 5 as Credits }, { date: '2026-02-01' as IsoDate, credits: 5 as Credits }];
        n.forfeits = [{ date: '2026-01-02' as IsoDate, credits: 5 as Credits }, { date: '2026-02-01' as IsoDate, credits: 5 as Credits }];
      }, false],
      ['no usage figures in either', (n, w) => void (n.usage = w.usage = null), true],
    ];
    for (const [what, change, meet] of pairs) {
      const [n, w] = [now(), now()];
      change(n, w);
      expect({ what, meet: statesMeet(n, w, from) }).toEqual({ what, meet });
    }
  });

  it('a met state shares with the old one what the edit left as it was, adds what it changed (a month’s free videos too), and leaves the old one as it was', () => {
    const account = withUsages([{ date: '2025-01-10', type: 'subscribe', plan: 'pro', credits: 100_000, billing: 'monthly' }], '2025-01-10', 400, 9000);
    const was = stateClone(replayBuild(account).checkpoints[3]!.state);
    const months = [...was.usage!.byMonth.keys()];
    for (const key of months) was.usage!.byMonth.set(key, { ...was.usage!.byMonth.get(key)!, freeVideos: 2 });
    const kept = stateClone(was);

    const same = stateMet(was, stateDelta(stateClone(was), was), was.usageCosts);
    expect([same.expirations, same.forfeits, same.burnByDay, same.usage!.byDay, same.usage!.byMonth]).toEqual([was.expirations, was.forfeits, was.burnByDay, was.usage!.byDay, was.usage!.byMonth]);
    for (const [what, mine, old] of [
      ['expirations', same.expirations, was.expirations],
      ['forfeits', same.forfeits, was.forfeits],
      ['burn by day', same.burnByDay, was.burnByDay],
      ['usage by day', same.usage!.byDay, was.usage!.byDay],
      ['usage by month', same.usage!.byMonth, was.usage!.byMonth],
    ] as const) expect({ what, shared: mine === old }).toEqual({ what, shared: true });

    // The edit: 5 more credits used on the first day, expired on the first expiry date; a free video more in the first month (done with) and in the last.
    const now = stateClone(was);
    now.expirations[0] = { ...now.expirations[0]!, credits: creditsAdd(now.expirations[0]!.credits, 5 as Credits) };
    now.burnByDay.amounts[0]! += 5;
    now.usage!.byDay.amounts[0]! += 5;
    const first = now.usage!.byMonth.get(months[0]!)!;
    now.usage!.byMonth.set(months[0]!, { ...first, freeVideos: 3 });
    const last = now.usage!.byMonth.get(months.at(-1)!)!;
    const feature = Object.keys(last.byFeature)[0] as keyof typeof last.byFeature;
    now.usage!.byMonth.set(months.at(-1)!, { total: creditsAdd(last.total, 5 as Credits), byFeature: { ...last.byFeature, [feature]: creditsAdd(last.byFeature[feature]!, 5 as Credits) }, freeVideos: 3 });
    const met = stateMet(was, stateDelta(now, was), was.usageCosts);
    expect([met.expirations, met.burnByDay, met.usage!.byDay, met.usage!.byMonth]).toEqual([now.expirations, now.burnByDay, now.usage!.byDay, now.usage!.byMonth]);
    // The last month's credits alone.
    const credits = stateClone(was);
    credits.usage!.byMonth.set(months.at(-1)!, { ...now.usage!.byMonth.get(months.at(-1)!)!, freeVideos: 2 });
    expect(stateMet(was, stateDelta(credits, was), was.usageCosts).usage!.byMonth).toEqual(credits.usage!.byMonth);
    expect(was).toEqual(kept);
  });
});
