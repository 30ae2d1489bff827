import { describe, expect, it } from 'vitest';
import { accountParse } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { evenBurnDue, forecastCompute, type Forecast } from './forecast.ts';

function forecast(events: unknown[], at: string, months = 3): Forecast {
  const a = accountParse({ format: 'credit-companion/account@1', events });
  if (!a.ok) throw new Error(a.error.message);
  const f = forecastCompute(a.value, at as IsoDate, months);
  if (!f.ok) throw new Error(f.error.message);
  return f.value;
}

const credits = (units: number) => units / 3600;

describe('burn', () => {
  // 100, 200, … 600 credits (Avatar IV at 20/min) on the 15th of January to June.
  const events = [
    { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 },
    ...[1, 2, 3, 4, 5, 6].map((m) => ({ date: `2026-0${m}-15`, type: 'usage', feature: 'avatar-iv', minutes: 5 * m })),
  ];
  // Computed in each test, not once beside them: a mutation run changes the engine only while a test runs.
  const f = () => forecast(events, '2026-06-30');

  it('is the last 3 months per mean month: (400 + 500 + 600) × 30.436875 / 92 days', () => {
    expect(credits(f().burn.perMonth)).toBeCloseTo((1500 * 30.436875) / 92, 3);
  });

  it('ranges over the whole one-month windows since the start: 200…600 → P10 240, P50 400, P90 560', () => {
    const { burn } = f();
    expect([burn.windows, burn.since]).toEqual([5, '2026-03-30']);
    expect([credits(burn.p10), credits(burn.p50), credits(burn.p90)]).toEqual([240, 400, 560]);
  });

  it('counts a window that starts on the day before the first event, and at most 12 of them', () => {
    // From 2026-01-31 (the day before the first event) to 2026-07-31: six whole months.
    expect(forecast([{ date: '2026-02-01', type: 'subscribe', plan: 'pro', credits: 1000 }], '2026-07-31').burn.windows).toBe(6);
    expect(forecast([{ date: '2026-02-02', type: 'subscribe', plan: 'pro', credits: 1000 }], '2026-07-31').burn.windows).toBe(5);
    // 100 credits in each of the last 3 months of 30: of the 12 windows, 9 burned nothing.
    const usages = ['2026-04-15', '2026-05-15', '2026-06-15'].map((date) => ({ date, type: 'usage', feature: 'avatar-iv', minutes: 5 }));
    const old = forecast([{ date: '2024-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }, ...usages], '2026-06-30');
    expect([old.burn.windows, credits(old.burn.p90), credits(old.burn.p50)]).toEqual([12, 100, 0]);
  });

  it('on the day before the first event, or earlier, burns nothing: no window, and no division by an empty span', () => {
    for (const at of ['2025-12-31', '2025-10-01']) {
      const { burn } = forecast(events, at);
      expect([burn.perMonth, burn.p10, burn.p50, burn.p90, burn.windows]).toEqual([0, 0, 0, 0, 0]);
      expect(Object.is(burn.perMonth, 0)).toBe(true);
    }
  });

  it('projects the balance day by day, the P90 burn lowest', () => {
    const { projection } = f();
    expect(projection).toHaveLength(92);
    expect(projection[0]!.date).toBe('2026-07-01');
    for (const p of projection) expect(p.low <= p.balance && p.balance <= p.high).toBe(true);
    expect(projection.at(-1)!.low).toBeLessThan(projection.at(-1)!.high);
  });

  it('names what it assumes, in order: the even burn, and the ledger’s own', () => {
    expect(f().assumptions).toEqual(['forecast-even-burn']);
    expect(forecast([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 2000 }], '2026-02-01').assumptions).toEqual(['forecast-even-burn', 'pro-estimated']);
  });
});

describe('run-out', () => {
  it('on Creator burning 30 credits a day, runs out before the renewal and says when', () => {
    const events = [
      { date: '2026-01-01', type: 'subscribe', plan: 'creator' },
      ...Array.from({ length: 10 }, (_, i) => ({ date: `2026-01-${String(i + 1).padStart(2, '0')}`, type: 'usage', feature: 'avatar-iv', minutes: 1.5 })),
    ];
    const f = forecast(events, '2026-01-10');
    // 300 used in 10 days; 300 left; ~30/day → gone in about 10 days, before Feb 1.
    expect(f.runsOutBeforeRenewal).toBe(true);
    expect(f.runOutOn! >= '2026-01-19' && f.runOutOn! <= '2026-01-22').toBe(true);
  });

  it('day by day: the burn takes its due until the balance falls short, then nothing is left until the renewal, whose credits it takes again', () => {
    const events = [
      { date: '2026-01-01', type: 'subscribe', plan: 'creator' },
      ...Array.from({ length: 10 }, (_, i) => ({ date: `2026-01-${String(i + 1).padStart(2, '0')}`, type: 'usage', feature: 'avatar-iv', minutes: 1.5 })),
    ];
    const f = forecast(events, '2026-01-10');
    const due = (k: number) => evenBurnDue(f.burn.perMonth, k);
    // The balance the projection should show, worked out from the dues alone: 300 credits left, 600 more on the 1st of
    // each month (each month's are gone before they could expire).
    let balance = 300 * 3600;
    let runOut: string | null = null;
    f.projection.forEach((p, i) => {
      if (p.date.endsWith('-01')) balance += 600 * 3600;
      const take = due(i + 1);
      if (runOut === null && take > balance) runOut = p.date;
      balance = Math.max(0, balance - take);
      expect([p.date, p.balance]).toEqual([p.date, balance]);
    });
    expect(f.runOutOn).toBe(runOut);
    expect(f.runOutOn! < '2026-02-01').toBe(true);
    const renewal = f.projection.findIndex((p) => p.date === '2026-02-01');
    expect(f.projection[renewal - 1]!.balance).toBe(0);
    expect(f.projection[renewal]!.balance).toBe(600 * 3600 - due(renewal + 1));
  });

  it('runs out after the renewal when the burn only just exceeds the allocation: not before it; and past a short horizon, still found', () => {
    // 660 credits a month (33 minutes of Avatar IV) on Creator's 600, 420 left: about 60 a month more than comes in.
    const events = [
      { date: '2025-10-01', type: 'subscribe', plan: 'creator' },
      ...['2026-01-15', '2026-02-15', '2026-03-15'].map((date) => ({ date, type: 'usage', feature: 'avatar-iv', minutes: 33 })),
    ];
    const f = forecast(events, '2026-03-31', 1);
    expect([f.ledger.balance, f.renewalOn]).toEqual([420 * 3600, '2026-04-01']);
    expect([f.runOutOn, f.runsOutBeforeRenewal]).toEqual(['2026-09-30', false]);
    expect(f.projection).toHaveLength(30);
  });

  it('dates the burn’s window from the earliest event, whatever the file’s order', () => {
    const inOrder = [{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-03-15', type: 'usage', feature: 'avatar-iv', minutes: 5 }];
    const f = forecast([inOrder[1], inOrder[0]], '2026-04-30');
    expect(f.burn).toEqual(forecast(inOrder, '2026-04-30').burn);
    expect(f.burn.windows).toBe(3);
  });

  it('never runs out when the allocation covers the burn', () => {
    const f = forecast([{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-01-05', type: 'usage', feature: 'avatar-iv', minutes: 5 }], '2026-02-01');
    expect(f.runOutOn).toBeNull();
  });

  it('with auto-reload on Business, buys blocks instead of running out', () => {
    const f = forecast([
      { date: '2026-01-01', type: 'subscribe', plan: 'business' },
      { date: '2026-01-01', type: 'auto-reload', threshold: 100, blocks: 5 },
      ...Array.from({ length: 28 }, (_, i) => ({ date: `2026-01-${String(i + 2).padStart(2, '0')}`, type: 'usage', feature: 'avatar-iv', minutes: 5 })),
    ], '2026-01-29');
    expect(f.runOutOn).toBeNull();
  });

  it('with auto-reload below its threshold but nothing burning, buys nothing ahead: only a usage sets it off', () => {
    // 1,500 credits under a threshold of 2,000 until the next allocation (Feb 1): the days ahead take nothing, so nothing is bought.
    const f = forecast([
      { date: '2026-01-01', type: 'subscribe', plan: 'business' },
      { date: '2026-01-01', type: 'auto-reload', threshold: 2000, blocks: 5 },
    ], '2026-01-10');
    expect(f.burn.perMonth).toBe(0);
    expect(f.projection.slice(0, 21).map((p) => credits(p.balance))).toEqual(Array(21).fill(1500));
    expect(credits(f.projection[21]!.balance)).toBe(3000);
  });
});

describe('a scheduled cancel', () => {
  it('runs the credits out on the day it takes effect', () => {
    const f = forecast([
      { date: '2026-01-17', type: 'subscribe', plan: 'creator' },
      { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10 },
      { date: '2026-02-20', type: 'usage', feature: 'avatar-iv', minutes: 10 },
      { date: '2026-03-05', type: 'cancel' },
    ], '2026-03-10');
    expect([f.runOutOn, f.endsOn]).toEqual(['2026-03-17', '2026-03-17']);
    // Out on the day the plan would have renewed: that is no run-out before a renewal.
    expect([f.renewalOn, f.runsOutBeforeRenewal]).toEqual(['2026-03-17', false]);
  });

  it('leaves an earlier run-out where it is, and with no burn nothing runs out', () => {
    const cancel = { date: '2026-03-05', type: 'cancel' };
    // 590 credits in each of the first two months leave 20 on March 10th: at ~22 a day they are gone on the 11th, before the cancel.
    const heavy = forecast([
      { date: '2026-01-17', type: 'subscribe', plan: 'creator' },
      { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 29.5 },
      { date: '2026-02-18', type: 'usage', feature: 'avatar-iv', minutes: 29.5 },
      cancel,
    ], '2026-03-10');
    expect([heavy.runOutOn, heavy.endsOn]).toEqual(['2026-03-11', '2026-03-17']);
    const idle = forecast([{ date: '2026-01-17', type: 'subscribe', plan: 'creator' }, cancel], '2026-03-10');
    expect([idle.burn.perMonth, idle.runOutOn, idle.endsOn]).toEqual([0, null, '2026-03-17']);
  });

  it('names the end when it falls within the horizon, to the day', () => {
    // Cancelled the day it began: it ends at the first renewal, a month ahead, the horizon's last day.
    const monthly = [{ date: '2026-01-17', type: 'subscribe', plan: 'creator' }, { date: '2026-01-17', type: 'cancel' }];
    expect(forecast(monthly, '2026-01-17', 1).endsOn).toBe('2026-02-17');
    // An annual plan ends at the end of its year: past a 3-month horizon.
    const annual = [{ date: '2026-01-17', type: 'subscribe', plan: 'creator', billing: 'annual' }, { date: '2026-01-20', type: 'cancel' }];
    expect(forecast(annual, '2026-01-20', 3).endsOn).toBeNull();
  });
});

describe('expiring', () => {
  it('lists what each future date takes if usage stopped now, new grants included', () => {
    const f = forecast([{ date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 }, { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10 }], '2026-02-20', 3);
    expect(f.expiring.map((e) => [e.date, credits(e.credits)])).toEqual([
      ['2026-03-17', 800],
      ['2026-04-17', 1000],
      ['2026-05-17', 1000],
    ]);
  });
});
