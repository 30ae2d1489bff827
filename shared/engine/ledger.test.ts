/** The ledger's account of the plan in force (what each screen's plan card reads), and its cycles and years. */
import { describe, expect, it } from 'vitest';
import { ledgerAt as ledgerOn } from '../../test/fixtures/ledgers.ts';
import { accountParse } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { ledgerOf, type Ledger } from './ledger.ts';
import { advanceTo, replayOrder, replayState, replayStep } from './replay.ts';

describe('the plan in force', () => {
  it('says its cycle (anchor 31 clamped to Feb 28), its seats, slots and auto-reload, and a cancel waiting for the cycle’s end', () => {
    // Business from Jan 31: cycles start Jan 31, Feb 28, Mar 31. Three seats, a monthly slot and two yearly ones, a
    // reload of 2 blocks below 500 credits; cancelled Mar 10, so Free from Mar 31, the date the next charge would be.
    const l = ledgerOn(
      [
        { date: '2026-01-31', type: 'subscribe', plan: 'business' },
        { date: '2026-02-01', type: 'avatar-slots', count: 1, billing: 'monthly' },
        { date: '2026-02-02', type: 'avatar-slots', count: 2, billing: 'annual' },
        { date: '2026-02-05', type: 'seats', count: 3 },
        { date: '2026-02-06', type: 'auto-reload', threshold: 500, blocks: 2 },
        { date: '2026-03-10', type: 'cancel' },
      ],
      '2026-03-15',
    );
    expect(l.plan).toEqual({
      choice: { plan: 'business', credits: 1500, billing: 'monthly', price: undefined },
      label: 'Business (monthly)',
      startedOn: '2026-01-31',
      since: '2026-01-31',
      cycleStart: '2026-02-28',
      nextCycleStart: '2026-03-31',
      previousCycleStart: '2026-01-31',
      anchorDay: 31,
      nextChargeOn: '2026-03-31',
      price: { monthly: 18_900, period: 18_900, estimated: false, basis: 'Business: $149/month + $20 × 2 extra seats', assumptions: [] },
      pending: { kind: 'cancel', label: 'Free', on: '2026-03-31' },
      seats: 3,
      avatarSlots: { monthly: 1, annual: 2 },
      autoReload: { threshold: 500 * 3600, blocks: 2 },
    });
  });

  it('names a downgrade waiting for the cycle’s end by the plan it goes to, and has no previous cycle in the first', () => {
    const l = ledgerOn([{ date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 2000 }, { date: '2026-02-01', type: 'change-plan', plan: 'creator' }], '2026-02-10');
    expect([l.plan?.previousCycleStart, l.plan?.pending]).toEqual([null, { kind: 'change', label: 'Creator (monthly)', on: '2026-02-17' }]);
  });
});

const downgradeToAnnual = [
  { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 },
  { date: '2026-02-10', type: 'change-plan', plan: 'creator', billing: 'annual' },
];

describe('annual renewals (schedule)', () => {
  it('a year that starts at a later cycle (a downgrade to annual billing) renews twelve cycles after it, whichever cycle it is in', () => {
    // Pro 100,000 monthly from Jan 1; Creator annual ($288 a year, less than a month of Pro) waits for Mar 1 (cycle 2).
    // The year runs Mar 1 to Mar 1, 2027: on Nov 15 (cycle 10) the next charge is that renewal, and the monthly
    // grants of Creator (600) all expire on it.
    const l = ledgerOn(downgradeToAnnual, '2026-11-15');
    expect(l.plan?.label).toBe('Creator (annual)');
    expect(l.plan?.nextChargeOn).toBe('2027-03-01');
    expect(l.lots.map((x) => [x.grantedOn, x.expiresOn, x.remaining / 3600])).toEqual([
      ...['03', '04', '05', '06', '07', '08', '09', '10', '11'].map((m) => [`2026-${m}-01`, '2027-03-01', 600]),
    ]);
  });

  it('an upgrade within that year is prorated over the whole year, from its first day', () => {
    // Creator annual ($288) to Pro 1,000 annual (12 × $49 = $588) on Nov 15: $300 × 106 days left / 365 = $87.12.
    const l = ledgerOn([...downgradeToAnnual, { date: '2026-11-15', type: 'change-plan', plan: 'pro', credits: 1000 }], '2026-11-15');
    expect(l.charges.filter((c) => c.kind === 'upgrade').map((c) => [c.date, c.amount])).toEqual([['2026-11-15', 8712]]);
  });
});

describe('a ledger taken from a replay under way (#22)', () => {
  it('is a copy: the replay going on after it changes none of its lists; its assumptions are in the order of the alphabet', () => {
    const account = accountParse({
      format: 'credit-companion/account@1',
      events: [
        { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 },
        { date: '2026-01-05', type: 'usage', feature: 'avatar-iv', minutes: 1.001 }, // billed to the second: an assumption
        { date: '2026-02-03', type: 'usage', feature: 'avatar-iv', minutes: 200 }, // 4,000 credits: refused
        { date: '2026-02-05', type: 'balance-check', balance: 5 },
        { date: '2026-02-10', type: 'change-plan', plan: 'pro', credits: 1000, billing: 'annual' },
      ],
    });
    if (!account.ok) throw new Error(account.error.message);
    const s = replayState(account.value, '2026-01-20' as IsoDate);
    const taken = ledgerOf(s, '2026-01-20' as IsoDate);
    const lists = (l: Pick<Ledger, 'lots' | 'charges' | 'refused' | 'expirations' | 'forfeits' | 'balanceChecks' | 'notes' | 'totals' | 'assumptions'>) =>
      structuredClone({ lots: l.lots, charges: l.charges, refused: l.refused, expirations: l.expirations, forfeits: l.forfeits, balanceChecks: l.balanceChecks, notes: l.notes, totals: l.totals, assumptions: l.assumptions });
    const before = lists(taken);
    for (const index of replayOrder(account.value.events)) {
      const e = account.value.events[index]!;
      if (e.date > '2026-01-20') replayStep(s, e, index);
    }
    advanceTo(s, '2026-04-15' as IsoDate);
    const after = ledgerOf(s, '2026-04-15' as IsoDate);
    // The replay went on: each list grew.
    expect([after.charges.length > taken.charges.length, after.refused.length, after.balanceChecks.length, after.notes.length > taken.notes.length]).toEqual([true, 1, 1, true]);
    expect(lists(taken)).toEqual(before);
    expect([...s.assumptions]).toEqual(['duration-seconds', 'billing-switch-restart', 'annual-assumed']);
    expect(after.assumptions).toEqual(['annual-assumed', 'billing-switch-restart', 'duration-seconds']);
  });
});
