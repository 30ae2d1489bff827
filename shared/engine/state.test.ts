/** The state's primitive moves (state.ts), seen through the replay's ledger. */
import { describe, expect, it } from 'vitest';
import { accountParse } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { ledgerCompute } from './ledger.ts';

describe('lots', () => {
  it('two add-ons bought the same day are used in the order they were bought', () => {
    const account = accountParse({
      format: 'credit-companion/account@1',
      events: [
        { date: '2026-01-10', type: 'subscribe', plan: 'business' },
        { date: '2026-01-12', type: 'addon', blocks: 3 },
        { date: '2026-01-12', type: 'addon', blocks: 1 },
        // 1,600 credits: Business's 1,500, then 100 of the first add-on.
        { date: '2026-01-13', type: 'usage', feature: 'avatar-iv', minutes: 80 },
      ],
    });
    if (!account.ok) throw new Error(account.error.message);
    const l = ledgerCompute(account.value, '2026-01-13' as IsoDate);
    if (!l.ok) throw new Error(l.error.message);
    expect(l.value.lots.map((x) => [x.id, x.kind, x.remaining / 3600])).toEqual([
      [2, 'addon', 200],
      [3, 'addon', 100],
    ]);
  });
});
