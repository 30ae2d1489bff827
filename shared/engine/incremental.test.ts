/**
 * How much the incremental engine replays. The property tests hold its results to the full replay's; these hold
 * it to the work it does, as `progress` says it: the first call gives how many events it replays from where it
 * resumed (the checkpoint before the first place the edit changes, 2,048 positions apart here), the calls after
 * it how far it had gone at each checkpoint it passed, until, for an edit in place, it meets the previous replay
 * again at a checkpoint and takes the rest from it (the last call then says all done at once).
 */
import { describe, expect, it } from 'vitest';
import type { Account, AccountEvent } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { checkpointEvery, fileSpan, replayBuild, replayStateAt, replayUpdate, type Replay } from './incremental.ts';
import { ledgerCompute, ledgerOf } from './ledger.ts';
import { dayOf, FORMAT, isoOf, parseOk } from '../../test/fixtures/histories.ts';

type Raw = Record<string, unknown>;

const START = '2020-01-05';

function usage(day: number, minutes: number): Raw {
  return { date: isoOf(dayOf(START) + day), type: 'usage', feature: 'avatar-iii', minutes };
}

/** Pro from START, then 5,000 usages three a day (days 0 to 1666), in date order: file index = replay position. */
function history(): Raw[] {
  const raw: Raw[] = [{ date: START, type: 'subscribe', plan: 'pro', credits: 100_000 }];
  for (let i = 0; i < 5000; i++) raw.push(usage(Math.floor(i / 3), 1 + (i % 5)));
  return raw;
}

function accountOf(raw: readonly Raw[], rounding?: string, freeQuota?: { videos: number; maxMinutes: number }): Account {
  return parseOk({ format: FORMAT, ...(rounding ? { rounding } : {}), ...(freeQuota ? { freeQuota } : {}), events: raw });
}

/** The events with event `index` changed (a new object). */
function changed(r: Replay, index: number, change: Raw): AccountEvent[] {
  return r.account.events.map((e, i) => (i === index ? ({ ...e, ...change } as AccountEvent) : e));
}

/** `replayUpdate` to `events`, what it said of its progress, and its ledgers checked against the full replay's. */
function updated(r: Replay, events: AccountEvent[], account: Account = { ...r.account, events }): { replay: Replay; heard: [number, number][] } {
  const heard: [number, number][] = [];
  const replay = replayUpdate(r, account, undefined, { progress: (done, total) => heard.push([done, total]) });
  const dates = events.map((e) => e.date).sort();
  for (const at of [dates[Math.floor(dates.length / 2)]!, dates.at(-1)!, isoOf(dayOf(dates.at(-1)!) + 45)]) {
    const full = ledgerCompute(account, at);
    expect(full.ok).toBe(true);
    if (full.ok) expect(ledgerOf(replayStateAt(replay, at), at)).toEqual(full.value);
  }
  return { replay, heard };
}

describe('how much an incremental replay replays', () => {
  it('checkpoints here are 2,048 positions apart: at 0, 2048 and 4096', () => {
    expect(checkpointEvery(5003)).toBe(2048);
    expect(replayBuild(accountOf(history())).checkpoints.map((c) => c.pos)).toEqual([0, 2048, 4096]);
  });

  it('an edit in place of an event, on its date, replays from the checkpoint before it, and keeps the replay order itself', () => {
    const r = replayBuild(accountOf(history()));
    const { replay, heard } = updated(r, changed(r, 4500, { minutes: 30 }));
    // From 4096 to the 5,001st event: 905.
    expect(heard).toEqual([[0, 905], [905, 905]]);
    expect(replay.order).toBe(r.order);
  });

  it('a deletion replays from the checkpoint before the deleted event', () => {
    const r = replayBuild(accountOf(history()));
    const { heard } = updated(r, r.account.events.filter((_, i) => i !== 4500));
    expect(heard).toEqual([[0, 904], [904, 904]]);
  });

  it('an insertion in the past replays from the checkpoint before its place', () => {
    const r = replayBuild(accountOf(history()));
    const entry = accountOf([usage(1500, 4)]).events[0]!;
    const { heard } = updated(r, [...r.account.events.slice(0, 4500), entry, ...r.account.events.slice(4500)]);
    expect(heard).toEqual([[0, 906], [906, 906]]);
  });

  it('an edit in place before an entry in the past at the end of the file (its index kept) replays only from the checkpoint before the edit', () => {
    // The entry at file index 5001 is dated day 0: replay position 4.
    const r = replayBuild(accountOf([...history(), usage(0, 2)]));
    expect(r.order[4]).toBe(5001);
    const { heard } = updated(r, changed(r, 4500, { minutes: 30 }));
    expect(heard).toEqual([[0, 906], [906, 906]]);
  });

  it('an insertion just before an entry in the past at the end of the file replays from the place of that entry, whose index it moves', () => {
    const r = replayBuild(accountOf([...history(), usage(0, 2)]));
    // Dated after every event: its own place is the last, yet the entry at position 4 is now file index 5002.
    const entry = accountOf([usage(2000, 4)]).events[0]!;
    const { heard } = updated(r, [...r.account.events.slice(0, 5001), entry, r.account.events[5001]!]);
    expect(heard[0]).toEqual([0, 5003]);
  });

  it('a change of rounding replays the account again at it', () => {
    const raw = [...history().slice(0, 40), { ...usage(20, 1), minutes: 1.5 }];
    const r = replayBuild(accountOf(raw, 'none'));
    const { replay } = updated(r, r.account.events, accountOf(raw, 'credit'));
    const at = isoOf(dayOf(START) + 40);
    expect(ledgerOf(replayStateAt(replay, at), at).balance).not.toEqual(ledgerOf(replayStateAt(r, at), at).balance);
  });
});

describe('where an edit in place meets the previous replay again', () => {
  /** History with an entry of the file's second place dated day 1000: replay position 3001. */
  function withOldEntry(): Replay {
    const raw = history();
    const r = replayBuild(accountOf([raw[0]!, usage(1000, 2), ...raw.slice(1)]));
    expect(r.order[3001]).toBe(1);
    return r;
  }

  it('an event replaced by an equal copy (as reading the file again makes it) meets it at the first checkpoint after it, and takes the rest from it', () => {
    const r = replayBuild(accountOf(history()));
    const { replay, heard } = updated(r, changed(r, 1000, {}));
    // Resumed at 0, met at 2048: no progress heard there.
    expect(heard).toEqual([[0, 5001], [5001, 5001]]);
    expect(replay.tip.lots).toBe(r.tip.lots);
  });

  it('an equal copy of the event just before a checkpoint meets it at that checkpoint', () => {
    const r = replayBuild(accountOf(history()));
    const { heard } = updated(r, changed(r, 2047, {}));
    expect(heard).toEqual([[0, 5001], [5001, 5001]]);
  });

  it('an equal copy meets it at the first checkpoint after it, though an earlier event of the file or the next one comes later in the replay', () => {
    const r = withOldEntry();
    expect(updated(r, changed(r, r.order[1000]!, {})).heard).toEqual([[0, 5002], [5002, 5002]]);
    expect(updated(r, changed(r, 0, {})).heard).toEqual([[0, 5002], [5002, 5002]]);
  });

  it('two events edited, the first to an equal copy, the second for real: no meeting before the second (here at the checkpoint after it, where its effect has ended)', () => {
    const r = replayBuild(accountOf(history()));
    const { heard } = updated(r, changed({ ...r, account: { ...r.account, events: changed(r, 1000, {}) } }, 3500, { minutes: 30 }));
    expect(heard).toEqual([[0, 5001], [2048, 5001], [5001, 5001]]);
  });

  it('an event of the file edited for real, dated later in the replay than the next one, copied equal: no meeting before the first', () => {
    const r = withOldEntry();
    const copied = { ...r, account: { ...r.account, events: changed(r, 2, {}) } };
    const { heard } = updated(r, changed(copied, 1, { minutes: 30 }));
    expect(heard.slice(0, 2)).toEqual([[0, 5002], [2048, 5002]]);
  });

  it('an event moved to an earlier date, past a checkpoint, meets it only past its old place: the events between are each one place later', () => {
    // Entries in the past at the end of the file: one on day 0 (so that position 2047 is the last usage of day 681),
    // and one of a minute on day 1000 (replay position 3005), moved to day 675: at 2048 the new replay's state is the
    // old one's (it took that minute where the old one took the usage of a minute at 2047), yet the order differs.
    const r = replayBuild(accountOf([...history(), usage(0, 2), usage(1000, 1)]));
    const at = (pos: number) => r.account.events[r.order[pos]!]!;
    expect([r.order[3005], at(2046).date, at(2047)]).toEqual([5002, usage(681, 1).date, usage(681, 1)]);
    const { heard } = updated(r, changed(r, 5002, { date: isoOf(dayOf(START) + 675) }));
    expect(heard).toEqual([[0, 5003], [2048, 5003], [5003, 5003]]);
  });
});

describe('what an incremental replay keeps', () => {
  it('the history rows at the checkpoint where it meets the previous replay: a cycle start just before the event there', () => {
    // 2,047 usages before the cycle of 2020-02-05, so the event at position 2048 is the first of that cycle: the cycle's
    // row goes with it. A copy of event 1000 meets the previous replay at 2048 and takes that row from it.
    const raw: Raw[] = [{ date: START, type: 'subscribe', plan: 'pro', credits: 100_000 }];
    for (let i = 0; i < 2047; i++) raw.push(usage(Math.floor(i / 70), 1));
    for (let i = 0; i < 1000; i++) raw.push(usage(31 + Math.floor(i / 70), 1));
    const r = replayBuild(accountOf(raw));
    expect(r.marks.filter((m) => m.pos === 2048).length).toBeGreaterThan(0);
    const { replay, heard } = updated(r, changed(r, 1000, {}));
    expect(heard).toEqual([[0, 3048], [3048, 3048]]);
    expect(replay.marks).toEqual(replayBuild(replay.account).marks);
  });

  it('leaves the replay it came from as it was, also when an entry at the end is dated before other events', () => {
    // Free, two videos a month: the entry dated before the month's second video takes it, which is then refused.
    const raw: Raw[] = [{ date: START, type: 'subscribe', plan: 'free' }, usage(5, 1), usage(20, 1)];
    const r = replayBuild(accountOf(raw, undefined, { videos: 2, maxMinutes: 3 }));
    const costs = [...r.usageCosts];
    const before = ledgerOf(replayStateAt(r, usage(25, 1).date as IsoDate), usage(25, 1).date as IsoDate);
    const { replay } = updated(r, [...r.account.events, accountOf([raw[0]!, usage(10, 1)]).events[1]!]);
    expect(replay.usageCosts[2]).toBeGreaterThan(0);
    expect([...r.usageCosts]).toEqual(costs);
    expect(ledgerOf(replayStateAt(r, usage(25, 1).date as IsoDate), usage(25, 1).date as IsoDate)).toEqual(before);
  });

  it('keeps checkpoints only where the new count places them: 4,096 apart once the account passes 262,144 events', () => {
    const first = accountOf([{ date: START, type: 'subscribe', plan: 'pro', credits: 100_000 }, usage(0, 1)]);
    const one = first.events[1]!;
    const events = [first.events[0]!, ...Array.from({ length: 262_143 }, (_, i) => ({ ...one, date: usage(Math.floor(i / 100), 1).date }) as AccountEvent)];
    const r = replayBuild({ ...first, events });
    expect(checkpointEvery(r.order.length)).toBe(2048);
    const grown = replayUpdate(r, { ...r.account, events: [...events, { ...one, date: usage(3000, 1).date } as AccountEvent] });
    expect(grown.checkpoints.map((c) => c.pos)).toEqual(Array.from({ length: 65 }, (_, i) => i * 4096));
  });
});

describe('fileSpan', () => {
  it('finds a start and an end that never overlap, even where the same event object stands twice', () => {
    const [a, c] = accountOf([{ date: START, type: 'subscribe', plan: 'pro', credits: 100_000 }, usage(1, 1)]).events as [AccountEvent, AccountEvent];
    expect(fileSpan([a, c], [a, a, c])).toEqual({ prefix: 1, suffix: 1 });
    expect(fileSpan([a, a, c], [a, c])).toEqual({ prefix: 1, suffix: 1 });
  });
});
