/** Who made the usages: names matched whatever their case or spaces, and what each used over a span of days. */
import { describe, expect, it } from 'vitest';
import { accountParse } from '../formats/account.ts';
import type { IsoDate } from '../units.ts';
import { replayBuild } from './incremental.ts';
import { memberKnown, memberNames, memberUseBetween } from './members.ts';

describe('members', () => {
  it('one name each, as first written, sorted whatever the case', () => {
    expect(memberNames(new Map([['ben', 1], ['Ana', 1], ['BEN', 2], ['cleo', 1]]))).toEqual(['Ana', 'ben', 'cleo']);
  });

  it('names that differ by an accent are two members, in the order of the alphabet whichever came first', () => {
    expect(memberNames(new Map([['Éva', 1], ['Eva', 1]]))).toEqual(['Eva', 'Éva']);
    expect(memberNames(new Map([['Eva', 1], ['Éva', 1]]))).toEqual(['Eva', 'Éva']);
  });

  it('a name typed is the member it means (" ana " is the known "Ana"), else the name trimmed', () => {
    const counts = new Map([['Ana', 2], ['Ben', 1]]);
    expect([memberKnown(counts, ' ana '), memberKnown(counts, 'BEN'), memberKnown(counts, ' Zed ')]).toEqual(['Ana', 'Ben', 'Zed']);
  });

  it('what each used from the first day to the last, both counted, ties by name, the usages naming none last', () => {
    const account = accountParse({
      format: 'credit-companion/account@1',
      events: [
        { date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 },
        { date: '2026-02-09', type: 'usage', feature: 'veo3', count: 1, by: 'Cleo' }, // the day before: not counted
        { date: '2026-02-10', type: 'usage', feature: 'avatar-iv', minutes: 1, by: 'ben' }, // 20
        { date: '2026-02-11', type: 'usage', feature: 'avatar-iv', minutes: 1 }, // 20, nobody
        { date: '2026-02-11', type: 'usage', feature: 'avatar-iv', minutes: 1 }, // 20 more, nobody: more than Ana's, still last
        { date: '2026-02-12', type: 'usage', feature: 'avatar-iv', minutes: 1, by: 'Ana' }, // 20
        { date: '2026-02-15', type: 'usage', feature: 'avatar-iii', minutes: 10, by: 'Cleo' }, // 30, the last day
        { date: '2026-02-16', type: 'usage', feature: 'veo3', count: 1, by: 'Ana' }, // the day after: not counted
      ],
    });
    if (!account.ok) throw new Error(account.error.message);
    const rows = memberUseBetween(replayBuild(account.value), '2026-02-10' as IsoDate, '2026-02-15' as IsoDate, ['Ana', 'Ben', 'Cleo']);
    expect(rows.map((m) => [m.member, m.credits / 3600, m.usages])).toEqual([
      ['Cleo', 30, 1],
      ['Ana', 20, 1],
      ['Ben', 20, 1],
      [null, 40, 2],
    ]);
  });

  it('a usage refused for want of credits is counted, at no cost; a tie between accented names goes by the alphabet', () => {
    const account = accountParse({
      format: 'credit-companion/account@1',
      events: [
        { date: '2026-01-10', type: 'subscribe', plan: 'pro', credits: 1000 },
        { date: '2026-02-10', type: 'usage', feature: 'avatar-iv', minutes: 1, by: 'Éva' }, // 20
        { date: '2026-02-11', type: 'usage', feature: 'avatar-iv', minutes: 1, by: 'Eva' }, // 20
        { date: '2026-02-12', type: 'usage', feature: 'avatar-iv', minutes: 100, by: 'Eva' }, // 2,000: refused
      ],
    });
    if (!account.ok) throw new Error(account.error.message);
    const replay = replayBuild(account.value);
    expect(replay.tip.refused.map((r) => r.index)).toEqual([3]);
    const rows = memberUseBetween(replay, '2026-02-01' as IsoDate, '2026-02-28' as IsoDate, ['Eva', 'Éva']);
    expect(rows.map((m) => [m.member, m.credits / 3600, m.usages])).toEqual([
      ['Eva', 20, 2],
      ['Éva', 20, 1],
    ]);
  });
});
