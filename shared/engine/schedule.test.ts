/** Billing cycles and annual years, read on the ledger. */
import { describe, expect, it } from 'vitest';
import { accountParse } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { ledgerCompute } from './ledger.ts';

const downgradeToAnnual = [
  { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 },
  { date: '2026-02-10', type: 'change-plan', plan: 'creator', billing: 'annual' },
];

function ledgerOn(events: unknown[], at: string) {
  const account = accountParse({ format: 'credit-companion/account@1', events });
  if (!account.ok) throw new Error(account.error.message);
  const l = ledgerCompute(account.value, at as IsoDate);
  if (!l.ok) throw new Error(l.error.message);
  return l.value;
}

describe('annual renewals', () => {
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
