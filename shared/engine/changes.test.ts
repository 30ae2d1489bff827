import { describe, expect, it } from 'vitest';
import type { Cents, IsoDate } from '../units.ts';
import { accountParse, type Account } from '../formats/account.ts';
import { changesBetween, chargesOnlyIn, USAGE_CHANGES_SHOWN, type ChargeLine } from './changes.ts';
import { ledgerCompute, type Ledger } from './ledger.ts';
import type { ChargeReason } from './state.ts';

const addon: ChargeReason = { code: 'addon', params: { blocks: 1, credits: 100 } };
const renewal: ChargeReason = { code: 'slots-renewal', params: { slots: 1 } };
const c = (date: string, amount: number, reason: ChargeReason = addon): ChargeLine => ({ date: date as IsoDate, amount: amount as Cents, reason });

describe('chargesOnlyIn', () => {
  it.each<[string, ChargeLine[], ChargeLine[], ChargeLine[]]>([
    ['none before: all are new', [c('2026-02-03', 100)], [], [c('2026-02-03', 100)]],
    ['the same charge before: none is new', [c('2026-02-03', 100)], [c('2026-02-03', 100)], []],
    ['a second identical one the same day is a charge of its own', [c('2026-02-03', 100), c('2026-02-03', 100)], [c('2026-02-03', 100)], [c('2026-02-03', 100)]],
    ['another day, amount or reason is another charge', [c('2026-02-04', 100), c('2026-02-03', 200), c('2026-02-03', 100, renewal)], [c('2026-02-03', 100)], [c('2026-02-04', 100), c('2026-02-03', 200), c('2026-02-03', 100, renewal)]],
  ])('%s', (_, a, b, only) => {
    expect(chargesOnlyIn(a, b)).toEqual(only);
  });
});

/** Credits in the engine's units (1/3,600 of a credit). */
const cr = (n: number) => n * 3600;

function account(events: object[]): Account {
  const r = accountParse({ format: 'credit-companion/account@1', events: [{ date: '2026-01-05', type: 'subscribe', plan: 'pro', credits: 1000 }, ...events] });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function ledger(a: Account, at: string): Ledger {
  const r = ledgerCompute(a, at as IsoDate);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const insufficient = (needs: number, available: number) => ({ code: 'insufficient-credits', params: { needs: cr(needs), available: cr(available), short: cr(needs - available) } });

describe('changesBetween', () => {
  // Usage 1 is the one edited (its own outcome is the caller's to state); 2 is dated after 3.
  const events = (minutes: number) => [
    { date: '2026-01-10', type: 'usage', feature: 'avatar-iv', minutes, id: 'edited' },
    { date: '2026-01-14', type: 'usage', feature: 'avatar-iv', minutes: 20, id: 'later' },
    { date: '2026-01-12', type: 'usage', feature: 'avatar-iii', minutes: 70, id: 'earlier' },
  ];
  const small = account(events(10));
  const large = account(events(40));
  const edited = (i: number) => (i === 1 ? null : i);

  it('lists each usage the change refuses, by date, and the credits left to expire ahead', () => {
    // Before: 200 + 400 + 210 of 1,000. After: 800 leaves 200, short of the 210 and the 400 after it.
    const changes = changesBetween(small.events, ledger(small, '2026-01-20'), ledger(large, '2026-01-20'), edited);
    expect(changes.usages).toEqual([
      { id: 'earlier', date: '2026-01-12', title: expect.stringMatching(/^Avatar III/), before: { credits: cr(210), refused: null }, after: { credits: cr(210), refused: insufficient(210, 200) } },
      { id: 'later', date: '2026-01-14', title: expect.stringMatching(/^Avatar IV/), before: { credits: cr(400), refused: null }, after: { credits: cr(400), refused: insufficient(400, 200) } },
    ]);
    expect(changes.usagesChanged).toBe(2);
    expect(changes.expiries).toEqual([{ date: '2026-03-05', ahead: true, before: cr(190), after: cr(200) }]);
    expect([changes.chargesAdded, changes.chargesRemoved]).toEqual([[], []]);
  });

  it('lists the usages a change lets through again, and the credits that expired on a past date', () => {
    const changes = changesBetween(large.events, ledger(large, '2026-03-20'), ledger(small, '2026-03-20'), edited);
    expect(changes.usages.map((u) => [u.id, u.before.refused?.code ?? null, u.after.refused])).toEqual([
      ['earlier', 'insufficient-credits', null],
      ['later', 'insufficient-credits', null],
    ]);
    // The January credits expired on March 5th, past the ledgers' date; February's expire ahead, untouched.
    expect(changes.expiries).toEqual([{ date: '2026-03-05', ahead: false, before: cr(200), after: cr(190) }]);
    // On the expiry date itself, they have expired: not ahead.
    const onTheDay = changesBetween(large.events, ledger(large, '2026-03-05'), ledger(small, '2026-03-05'), edited);
    expect(onTheDay.expiries).toEqual([{ date: '2026-03-05', ahead: false, before: cr(200), after: cr(190) }]);
  });

  it('leaves out usages whose outcome stays, events that are not usages, and usages the change removed', () => {
    const same = changesBetween(small.events, ledger(small, '2026-01-20'), ledger(small, '2026-01-20'), (i) => i);
    expect(same).toEqual({ chargesAdded: [], chargesRemoved: [], expiries: [], usages: [], usagesChanged: 0 });
    const gone = changesBetween(small.events, ledger(small, '2026-01-20'), ledger(large, '2026-01-20'), (i) => (i === 2 ? i : null));
    expect(gone.usages.map((u) => u.id)).toEqual(['later']);
  });

  it('names the first usages by date, those of a day in the file’s order, and counts them all', () => {
    const many = Array.from({ length: USAGE_CHANGES_SHOWN + 5 }, (_, k) => ({ date: `2026-01-${String(28 - (k % 20)).padStart(2, '0')}`, type: 'usage', feature: 'avatar-iii', minutes: 1, id: `u${k}` }));
    const before = account(many);
    const after = account([{ date: '2026-01-06', type: 'usage', feature: 'avatar-iv', minutes: 50 }, ...many]);
    const changes = changesBetween(before.events, ledger(before, '2026-01-30'), ledger(after, '2026-01-30'), (i) => (i === 0 ? 0 : i + 1));
    expect(changes.usagesChanged).toBe(USAGE_CHANGES_SHOWN + 5);
    expect(changes.usages).toHaveLength(USAGE_CHANGES_SHOWN);
    const dates = changes.usages.map((u) => u.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]).toBe('2026-01-09');
    const byDateThenFile = many.map((u, k) => ({ ...u, k })).sort((a, b) => (a.date === b.date ? a.k - b.k : a.date < b.date ? -1 : 1));
    expect(changes.usages.map((u) => u.id)).toEqual(byDateThenFile.slice(0, USAGE_CHANGES_SHOWN).map((u) => u.id));
  });

  it('lists a usage whose credits change though it goes through before and after, and not one refused before and after', () => {
    const usages = [{ date: '2026-01-10', type: 'usage', feature: 'avatar-iv', minutes: 10.01, id: 'rounded' }, { date: '2026-01-11', type: 'usage', feature: 'avatar-iv', minutes: 100.01, id: 'refused' }];
    const exact = account(usages);
    const rounded = accountParse({ ...exact, events: exact.events, rounding: 'credit' });
    if (!rounded.ok) throw new Error(rounded.error.message);
    // 10.01 minutes, 601 seconds at 20 credits a minute: 200⅓ credits, or 201 at whole credits; the 2,000⅓-credit one (2,001) is refused on both.
    const changes = changesBetween(exact.events, ledger(exact, '2026-01-20'), ledger(rounded.value, '2026-01-20'), (i) => i);
    expect(changes.usages.map((u) => [u.id, u.before, u.after])).toEqual([['rounded', { credits: (601 * 20 * 3600) / 60, refused: null }, { credits: cr(201), refused: null }]]);
  });

  it('lists the expiries by date, whether credits expired, were forfeited at a cancel, or expire ahead', () => {
    // The first month's credits are forfeited when the cancel ends the plan (Feb 5); the new plan's first credits expire on Apr 10.
    const resubscribed = account([{ date: '2026-01-20', type: 'cancel' }, { date: '2026-02-10', type: 'subscribe', plan: 'pro', credits: 1000 }]);
    const dates = changesBetween([], null, ledger(resubscribed, '2026-04-20'), (i) => i).expiries.map((x) => x.date);
    expect(dates.length).toBeGreaterThan(2);
    expect(dates).toEqual(dates.slice().sort());
    expect(dates.slice(0, 2)).toEqual(['2026-02-05', '2026-04-10']);
  });

  it('with no ledger before (the first events of an account), lists what the change adds and no usage', () => {
    const changes = changesBetween([], null, ledger(small, '2026-01-20'), (i) => i);
    expect(changes.chargesAdded).toEqual([{ date: '2026-01-05', amount: expect.any(Number), reason: expect.objectContaining({ code: 'plan' }) }]);
    expect(changes.chargesRemoved).toEqual([]);
    expect(changes.expiries).toEqual([{ date: '2026-03-05', ahead: true, before: 0, after: cr(190) }]);
    expect(changes.usages).toEqual([]);
  });
});
