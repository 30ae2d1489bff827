/** The account's history read from the replay: what each event and each calendar date did, with the running balance. */
import { describe, expect, it } from 'vitest';
import { accountOf } from '../../test/fixtures/ledgers.ts';
import type { Account } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { eventTitle, historyCompute, planChangeKind, type HistoryRow } from './history.ts';
import { ledgerCompute } from './ledger.ts';

function history(account: Account, at: string): HistoryRow[] {
  const r = historyCompute(account, at as IsoDate);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const credits = (units: number) => units / 3600;
const brief = (r: HistoryRow) => [r.date, r.kind, r.title, credits(r.granted), credits(r.used), credits(r.expired), credits(r.forfeited), r.charges.map((c) => c.amount / 100), credits(r.balance)];

describe('historyCompute', () => {
  const account = accountOf(
    [
      { date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10 },
      { date: '2026-01-25', type: 'change-plan', plan: 'pro', credits: 2000 },
      { date: '2026-01-28', type: 'balance-check', balance: 2700 },
      { date: '2026-02-12', type: 'usage', feature: 'avatar-iv', minutes: 500 },
      { date: '2026-02-15', type: 'cancel' },
    ],
    { proTiers: [{ credits: 2000, monthly: 88 }] },
  );

  it('lists every event and every date the calendar acted on, with what it did and the balance after', () => {
    // By hand: 1,000 granted and $49 on subscribing; 10 min of Avatar IV at 20 a minute is 200; the upgrade adds
    // 1,000 at once for $39 × 16/31 days = $20.13; the check finds 900 more than computed; the February cycle grants
    // 2,000 for $88; 500 minutes (10,000 credits) are refused; the cancel takes effect on 2026-03-10, when January's
    // 2,700 left expire (two cycles) and February's 2,000 are forfeited.
    expect(history(account, '2026-04-01').map(brief)).toEqual([
      ['2026-01-10', 'subscribe', 'Subscribe to Pro 1,000', 1000, 0, 0, 0, [49], 1000],
      ['2026-01-20', 'usage', 'Avatar IV / Avatar V, 10 min', 0, 200, 0, 0, [], 800],
      ['2026-01-25', 'change-plan', 'Upgrade to Pro 2,000', 1000, 0, 0, 0, [20.13], 1800],
      ['2026-01-28', 'balance-check', 'Balance check: 2,700 shown', 900, 0, 0, 0, [], 2700],
      ['2026-02-10', 'calendar', 'New cycle', 2000, 0, 0, 0, [88], 4700],
      ['2026-02-12', 'usage', 'Avatar IV / Avatar V, 8 h 20 min', 0, 0, 0, 0, [], 4700],
      ['2026-02-15', 'cancel', 'Cancel the plan', 0, 0, 0, 0, [], 4700],
      ['2026-03-10', 'calendar', 'Plan ended', 0, 0, 2700, 2000, [], 0],
    ]);
  });

  it('keeps a balance check difference and a refusal visible, and agrees with the ledger on every total', () => {
    const rows = history(account, '2026-04-01');
    expect(rows[3]!.check).toEqual({ computed: 1800 * 3600, actual: 2700 * 3600, difference: 900 * 3600 });
    expect(rows[3]!.notes).toEqual([{ code: 'balance-check', params: { actual: 2700 * 3600, computed: 1800 * 3600, difference: 900 * 3600 }, date: '2026-01-28', kind: 'balance-check', index: 3 }]);
    expect(rows[5]!.refused).toEqual({ code: 'insufficient-credits', params: { needs: 10_000 * 3600, available: 4700 * 3600, short: 5300 * 3600 } });
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 3, null, 4, 5, null]);
    const ledger = ledgerCompute(account, '2026-04-01' as IsoDate);
    if (!ledger.ok) throw new Error(ledger.error.message);
    const sum = (k: 'granted' | 'used' | 'expired' | 'forfeited') => rows.reduce((n, r) => n + r[k], 0);
    expect([sum('granted'), sum('used'), sum('expired'), sum('forfeited')]).toEqual([ledger.value.totals.granted, ledger.value.totals.used, ledger.value.totals.expired, ledger.value.totals.forfeited]);
    expect(rows.flatMap((r) => r.charges)).toEqual(ledger.value.charges);
  });

  it('puts a subscription’s first charge, made again for the seats set that day, on its subscribe row, as the ledger lists it', () => {
    // By hand: Business is $149 for one seat and $20 for each other; 3 seats set on the first day make the first
    // charge $189 (the subscribe's, made again), not $149 and nothing; the add-on bought between is its own $10.
    const business = accountOf([
      { date: '2026-01-10', type: 'subscribe', plan: 'business' },
      { date: '2026-01-10', type: 'addon', blocks: 2 },
      { date: '2026-01-10', type: 'seats', count: 3 },
    ]);
    const rows = history(business, '2026-02-10');
    expect(rows.map((r) => [r.title, r.charges.map((c) => c.amount / 100)])).toEqual([
      ['Subscribe to Business', [189]],
      ['Add-on: 2 blocks of 100 credits', [10]],
      ['Seats: 3', []],
      ['New cycle', [189]],
    ]);
    expect(rows[2]!.notes).toMatchObject([{ code: 'seats-at-start', params: { seats: 3, charge: 18_900 } }]);
    const ledger = ledgerCompute(business, '2026-02-10' as IsoDate);
    if (!ledger.ok) throw new Error(ledger.error.message);
    expect(rows.flatMap((r) => r.charges)).toEqual(ledger.value.charges);
  });

  it('replays to the last event when it is after the date asked, and stops at the date otherwise', () => {
    expect(history(account, '2026-01-01').map((r) => r.date).at(-1)).toBe('2026-02-15');
    expect(history(account, '2026-06-01').at(-1)!.date).toBe('2026-03-10');
    expect(history(account, '2026-02-15').at(-1)!.date).toBe('2026-02-15');
  });

  it('fails as the replay does, naming the event', () => {
    const r = historyCompute(accountOf([{ date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-01-11', type: 'addon', blocks: 1 }]), '2026-02-01' as IsoDate);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('Event 2 kind: add-on credit blocks are for Business only');
  });

  it.each<[unknown, string]>([
    [{ date: '2026-01-10', type: 'usage', feature: 'generate-look', count: 3, project: 'Ads' }, 'Generate Look, 3 looks'],
    [{ date: '2026-01-10', type: 'usage', feature: 'avatar-iv', seconds: 90, videos: 2 }, 'Avatar IV / Avatar V, 1 min 30 s × 2 videos'],
    [{ date: '2026-01-10', type: 'subscribe', plan: 'creator', billing: 'annual' }, 'Subscribe to Creator (annual)'],
    [{ date: '2026-01-10', type: 'subscribe', plan: 'enterprise', credits: 5000, price: 400 }, 'Subscribe to Enterprise 5,000'],
    [{ date: '2026-01-10', type: 'addon', blocks: 5 }, 'Add-on: 5 blocks of 100 credits'],
    [{ date: '2026-01-10', type: 'auto-reload', threshold: 200, blocks: 0 }, 'Auto-reload off'],
    [{ date: '2026-01-10', type: 'avatar-slots', count: 2, billing: 'monthly' }, 'Avatar slots: 2 (monthly)'],
  ])('names %j as %s', (event, title) => {
    expect(eventTitle(accountOf([event]).events[0]!)).toBe(title);
  });
});

describe('rows in words', () => {
  const at = { date: '2026-01-17' };
  it.each<[string, object, string]>([
    ['a usage of several videos', { type: 'usage', feature: 'avatar-iv', minutes: 1.5, videos: 2 }, 'Avatar IV / Avatar V, 1 min 30 s × 2 videos'],
    ['a usage counted', { type: 'usage', feature: 'generate-look', count: 3 }, 'Generate Look, 3 looks'],
    ['a subscription to a Pro tier, annual', { type: 'subscribe', plan: 'pro', credits: 2000, billing: 'annual' }, 'Subscribe to Pro 2,000 (annual)'],
    ['a subscription to Creator', { type: 'subscribe', plan: 'creator' }, 'Subscribe to Creator'],
    ['a plan change', { type: 'change-plan', plan: 'business' }, 'Plan change to Business'],
    ['a cancel', { type: 'cancel' }, 'Cancel the plan'],
    ['a pause', { type: 'pause' }, 'Pause the plan'],
    ['one add-on block', { type: 'addon', blocks: 1 }, 'Add-on: 1 block of 100 credits'],
    ['add-on blocks', { type: 'addon', blocks: 3 }, 'Add-on: 3 blocks of 100 credits'],
    ['auto-reload of one block', { type: 'auto-reload', threshold: 100, blocks: 1 }, 'Auto-reload: 1 block below 100 credits'],
    ['auto-reload of blocks', { type: 'auto-reload', threshold: 1000, blocks: 2 }, 'Auto-reload: 2 blocks below 1,000 credits'],
    ['auto-reload off', { type: 'auto-reload', threshold: 0, blocks: 0 }, 'Auto-reload off'],
    ['seats', { type: 'seats', count: 3 }, 'Seats: 3'],
    ['avatar slots', { type: 'avatar-slots', count: 2, billing: 'annual' }, 'Avatar slots: 2 (annual)'],
    ['a balance check', { type: 'balance-check', balance: 1234 }, 'Balance check: 1,234 shown'],
  ])('%s', (_, event, title) => {
    const e = accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'business' }, { ...at, ...event }]).events[1]!;
    expect(eventTitle(e)).toBe(title);
  });

  it('a plan change says what it turned out to be', () => {
    const account = accountOf([
      { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-20', type: 'change-plan', plan: 'pro', credits: 2000 },
      { date: '2026-01-25', type: 'change-plan', plan: 'creator' },
      { date: '2026-03-01', type: 'change-plan', plan: 'pro', credits: 2000, billing: 'annual' },
    ]);
    expect(history(account, '2026-03-01').filter((r) => r.kind === 'change-plan').map((r) => r.title)).toEqual(['Upgrade to Pro 2,000', 'Downgrade to Creator', 'Billing switch to Pro 2,000 (annual)']);
  });

  it('a plan change that withdraws a pending downgrade or cancel is named for what it did then: an upgrade', () => {
    // Pro 2,000 from Jan 17; a downgrade to Creator scheduled on Jan 20, withdrawn by the upgrade to Pro 3,000 of
    // Jan 25; a cancel scheduled on Jan 26, withdrawn by the upgrade to Pro 5,000 of Jan 27. The downgrade's date,
    // had it stood, is a new cycle, not a plan's end.
    const account = accountOf([
      { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 2000 },
      { date: '2026-01-20', type: 'change-plan', plan: 'creator' },
      { date: '2026-01-25', type: 'change-plan', plan: 'pro', credits: 3000 },
      { date: '2026-01-26', type: 'cancel' },
      { date: '2026-01-27', type: 'change-plan', plan: 'pro', credits: 5000 },
    ]);
    expect(history(account, '2026-02-17').map((r) => [r.date, r.title])).toEqual([
      ['2026-01-17', 'Subscribe to Pro 2,000'],
      ['2026-01-20', 'Downgrade to Creator'],
      ['2026-01-25', 'Upgrade to Pro 3,000'],
      ['2026-01-26', 'Cancel the plan'],
      ['2026-01-27', 'Upgrade to Pro 5,000'],
      ['2026-02-17', 'New cycle'],
    ]);
    // Among all the account's notes (the undo list names an event so), each change by its own note.
    const notes = ledgerCompute(account, '2026-02-17' as IsoDate);
    if (!notes.ok) throw new Error(notes.error.message);
    expect([1, 2, 4].map((i) => planChangeKind(notes.value.notes, i))).toEqual(['downgrade-scheduled', 'upgrade', 'upgrade']);
    const downgraded = accountOf([
      { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 2000 },
      { date: '2026-01-20', type: 'change-plan', plan: 'creator' },
    ]);
    expect(history(downgraded, '2026-02-17').at(-1)!.title).toBe('New cycle');
  });

  it('names what the calendar did on a date, and shows no date where it did nothing', () => {
    const account = accountOf([
      { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-18', type: 'avatar-slots', count: 1, billing: 'monthly' },
      { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 1, videos: 2 },
      { date: '2026-02-20', type: 'cancel' },
    ]);
    expect(history(account, '2026-04-20').map(brief)).toEqual([
      ['2026-01-17', 'subscribe', 'Subscribe to Pro 1,000', 1000, 0, 0, 0, [49], 1000],
      // A monthly slot is paid with each monthly charge, from the next one.
      ['2026-01-18', 'avatar-slots', 'Avatar slots: 1 (monthly)', 0, 0, 0, 0, [], 1000],
      ['2026-01-20', 'usage', 'Avatar IV / Avatar V, 1 min × 2 videos', 0, 40, 0, 0, [], 960],
      ['2026-02-17', 'calendar', 'New cycle', 1000, 0, 0, 0, [49, 29], 1960],
      ['2026-02-20', 'cancel', 'Cancel the plan', 0, 0, 0, 0, [], 1960],
      ['2026-03-17', 'calendar', 'Plan ended', 0, 0, 960, 1000, [], 0],
    ]);
    // Paused on Feb 1: the renewal due on Feb 17 moves 30 days, to Mar 19; Feb 17 shows nothing.
    const paused = accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'creator', billing: 'annual' }, { date: '2026-02-01', type: 'pause' }]);
    expect(history(paused, '2026-04-20').map((r) => [r.date, r.title])).toEqual([
      ['2026-01-17', 'Subscribe to Creator (annual)'],
      ['2026-02-01', 'Pause the plan'],
      ['2026-03-19', 'New cycle'],
      ['2026-04-19', 'New cycle'],
    ]);
  });

  it('names a date by what the calendar did there: a plan charge without credits is a new cycle, an expiry alone, a renewal of slots alone', () => {
    // By hand: a legacy plan grants no credits; its cycle start on Feb 5 charges its $30 all the same.
    const legacy = accountOf([{ date: '2026-01-05', type: 'subscribe', plan: 'legacy', price: 30, billing: 'monthly' }]);
    expect(history(legacy, '2026-02-10').map(brief)[1]).toEqual(['2026-02-05', 'calendar', 'New cycle', 0, 0, 0, 0, [30], 0]);
    // Creator monthly from Jan 17, 200 used, then annual from Feb 1 (new anchor; $288 less 16/31 of $29 unused, $14.97):
    // the January lot keeps its expiry, Mar 17, the start of the monthly cycle after next, which is no date of the
    // annual plan: 400 expire alone there. The annual plan grants 600 on the 1st of each month and charges nothing more.
    const switched = accountOf([
      { date: '2026-01-17', type: 'subscribe', plan: 'creator' },
      { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10 },
      { date: '2026-02-01', type: 'change-plan', plan: 'creator', billing: 'annual' },
    ]);
    expect(history(switched, '2026-04-01').map(brief).slice(2)).toEqual([
      ['2026-02-01', 'change-plan', 'Billing switch to Creator (annual)', 600, 0, 0, 0, [273.03], 1000],
      ['2026-03-01', 'calendar', 'New cycle', 600, 0, 0, 0, [], 1600],
      ['2026-03-17', 'calendar', 'Credits expired', 0, 0, 400, 0, [], 1200],
      ['2026-04-01', 'calendar', 'New cycle', 600, 0, 0, 0, [], 1800],
    ]);
    // A yearly slot bought on 2026-01-20 is charged $300 again on 2027-01-20, between two Business cycle starts.
    const slots = accountOf([
      { date: '2026-01-17', type: 'subscribe', plan: 'business' },
      { date: '2026-01-20', type: 'avatar-slots', count: 1, billing: 'annual' },
    ]);
    expect(history(slots, '2027-01-25').map(brief).slice(-2)).toEqual([
      ['2027-01-17', 'calendar', 'New cycle', 1500, 0, 1500, 0, [149], 3000],
      ['2027-01-20', 'calendar', 'Renewal', 0, 0, 0, 0, [300], 3000],
    ]);
  });

  it('shows no date where the calendar did nothing: the monthly cycle starts of a legacy plan billed by the year', () => {
    // By hand: a legacy plan grants no credits, and on annual billing charges the year's price ($300 × 12) on its
    // start and on each anniversary only: Feb 5 to Dec 5 grant, charge and note nothing.
    const account = accountOf([{ date: '2026-01-05', type: 'subscribe', plan: 'legacy', price: 300, billing: 'annual' }]);
    expect(history(account, '2027-01-10').map(brief)).toEqual([
      ['2026-01-05', 'subscribe', 'Subscribe to Legacy unlimited (annual)', 0, 0, 0, 0, [3600], 0],
      ['2027-01-05', 'calendar', 'New cycle', 0, 0, 0, 0, [3600], 0],
    ]);
  });

  it('names the date a cancel takes effect “Plan ended” even when no credit is left to forfeit', () => {
    // Creator's 600 all used on Jan 18, cancelled on Jan 20: the plan ends at the next cycle start, Feb 17, with
    // nothing to forfeit, no charge and no grant. A legacy plan, which holds no credits, ends the same way.
    const usedUp = accountOf([
      { date: '2026-01-17', type: 'subscribe', plan: 'creator' },
      { date: '2026-01-18', type: 'usage', feature: 'avatar-iv', minutes: 30 },
      { date: '2026-01-20', type: 'cancel' },
    ]);
    expect(history(usedUp, '2026-04-01').map(brief).at(-1)).toEqual(['2026-02-17', 'calendar', 'Plan ended', 0, 0, 0, 0, [], 0]);
    const legacy = accountOf([
      { date: '2026-01-05', type: 'subscribe', plan: 'legacy', price: 30, billing: 'monthly' },
      { date: '2026-01-20', type: 'cancel' },
    ]);
    expect(history(legacy, '2026-04-01').map((r) => [r.date, r.title, r.notes.map((n) => n.code)]).at(-1)).toEqual(['2026-02-05', 'Plan ended', ['cancelled']]);
  });

  it('counts the free videos a row took, on Free', () => {
    const free = accountOf([
      { date: '2026-01-17', type: 'subscribe', plan: 'free' },
      { date: '2026-01-18', type: 'usage', feature: 'avatar-iv', minutes: 1, videos: 2 },
      { date: '2026-01-19', type: 'usage', feature: 'avatar-iv', minutes: 1 },
    ]);
    expect(history(free, '2026-01-20').map((r) => r.freeVideos)).toEqual([0, 2, 1]);
  });
});
