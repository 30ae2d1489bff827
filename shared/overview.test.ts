import { describe, expect, it } from 'vitest';
import type { Account } from './formats/account.ts';
import { attentionOn, overviewRow, overviewSorted, type OverviewRow } from './overview.ts';
import { creditsFromWhole as credits, type IsoDate } from './units.ts';
import { accountView, type AccountView } from './view.ts';

const at = '2026-03-10' as IsoDate;

function viewOf(account: Account): AccountView {
  const view = accountView(account, at);
  if (!view.ok) throw new Error(view.error.message);
  return view.value;
}

describe('an overview row', () => {
  it('holds the dashboard’s own figures: plan, balance, next expiry, run-out, this cycle’s burn; the month’s charges summed', () => {
    const account: Account = {
      format: 'credit-companion/account@1',
      events: [
        { type: 'subscribe', date: '2026-01-05', plan: 'pro', credits: 2000, billing: 'monthly', id: 'sub' },
        { type: 'usage', date: '2026-03-06', feature: 'avatar-iv', minutes: 10, id: 'u1' },
      ],
    } as Account;
    const view = viewOf(account);
    const row = overviewRow('client-b', 'Client B', view);
    expect(row).toEqual({
      id: 'client-b',
      name: 'Client B',
      plan: view.ledger.plan!.label,
      balance: view.ledger.balance,
      nextExpiry: view.glance.expiring,
      runOutOn: view.forecast.runOutOn,
      runsOutBeforeRenewal: view.forecast.runsOutBeforeRenewal,
      chargesThisMonth: view.ledger.charges.filter((c) => c.date.startsWith('2026-03')).reduce((n, c) => n + c.amount, 0),
      cycleBurn: view.cycleBurn,
      renewalOn: view.forecast.renewalOn,
    });
    expect(row.chargesThisMonth).toBeGreaterThan(0);
    expect(view.ledger.charges.length).toBe(3);
  });

  it('a Free account is “Free”, nothing charged', () => {
    const row = overviewRow('first', 'Me', viewOf({ format: 'credit-companion/account@1', events: [] } as unknown as Account));
    expect(row).toMatchObject({ plan: 'Free', chargesThisMonth: 0, renewalOn: null });
  });
});

describe('what needs attention first', () => {
  const row = (name: string, expiry: string | null, runOutOn: string | null, runsOutBeforeRenewal = false): OverviewRow => ({
    id: name.toLowerCase(),
    name,
    plan: 'Pro',
    balance: credits(1),
    nextExpiry: expiry === null ? null : { on: expiry as IsoDate, inDays: 1, credits: credits(1), forfeited: false },
    runOutOn: runOutOn as IsoDate | null,
    runsOutBeforeRenewal,
    chargesThisMonth: 0 as OverviewRow['chargesThisMonth'],
    cycleBurn: null,
    renewalOn: null,
  });

  it('running out before the renewal, then the soonest expiry or run-out, then the quiet ones by name', () => {
    const rows = [row('Quiet B', null, null), row('Expires late', '2026-06-01', null), row('Quiet A', null, null), row('Runs out', null, '2026-08-01', true), row('Runs out soon', '2026-05-01', '2026-04-01')];
    expect(overviewSorted(rows).map((r) => r.name)).toEqual(['Runs out', 'Runs out soon', 'Expires late', 'Quiet A', 'Quiet B']);
    expect(attentionOn(rows[4]!)).toBe('2026-04-01');
  });
});
