import { describe, expect, it } from 'vitest';
import { accountOf } from '../../test/fixtures/ledgers.ts';
import { PROJECT_FORMAT, type Project } from '../formats/project.ts';
import type { IsoDate } from '../units.ts';
import { forecastCompute } from './forecast.ts';
import { ledgerCompute } from './ledger.ts';
import { pipelineCompute, projectFitCompute, type ProjectFit } from './pipeline.ts';

const project = (name: string, date: string, minutes: number, more: Partial<Project> = {}): Project => ({ format: PROJECT_FORMAT, name, date: date as IsoDate, lines: [{ feature: 'avatar-iv', minutes }], ...more });
const subscribed = { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 };

describe('pipeline', () => {
  // No usage logged, so no regular burn: on Feb 20, 1,000 of Jan 17 (gone Mar 17) + 1,000 of Feb 17. Mar 17 grants 1,000.
  // Computed in each test, not once beside them: a mutation run changes the engine only while a test runs.
  const pipeline = () => {
    const result = pipelineCompute(accountOf([subscribed]), [project('Teaser', '2026-03-20', 25), project('Launch', '2026-03-25', 25, { lines: [{ feature: 'avatar-iv', minutes: 25, videos: 5 }] })], '2026-02-20' as IsoDate, 2);
    return result.ok ? result.value : (null as never);
  };

  it('spends each project on its date and says which do not fit', () => {
    const p = pipeline();
    // Teaser 500 on Mar 20: 2,000 held (Feb 17 and Mar 17 lots) → fits, 1,500 left. Launch 2,500 → 1,000 short.
    expect(p.projects.map((x) => [x.name, x.credits / 3600, x.fits, x.fit!.atPace!.shortfall / 3600])).toEqual([
      ['Teaser', 500, true, 0],
      ['Launch', 2500, false, 1000],
    ]);
  });

  it('lists the credits no project uses, suggests pulling a project before they expire, and the cheapest plan change that makes the rest fit', () => {
    const p = pipeline();
    // Mar 17: the Jan lot's 1,000 expire unused. Apr 17: the Feb lot's 500 left after the Teaser (Launch was refused).
    expect(p.unusedExpiring.map((e) => [e.date, e.credits / 3600])).toEqual([['2026-03-17', 1000], ['2026-04-17', 500]]);
    expect(p.renewals).toEqual(['2026-03-17', '2026-04-17']);
    expect(p.suggestions[0]).toEqual({ code: 'pull', params: { project: 'Teaser', planned: '2026-03-20', before: '2026-03-17', uses: 500 * 3600, expiring: 1000 * 3600 } });
    // The Apr 17 credits have no project after them to pull; Pro cannot buy add-on blocks, so none are suggested.
    expect(p.suggestions.map((x) => x.code)).toEqual(['pull', 'move']);
    // Pro 2,000 today: +1,000 at once (expiring Apr 17) and 2,000 on Mar 17: 4,000 on Mar 20, enough for both. Creator, cheaper, is a
    // downgrade from Mar 17 (600 a month): 1,600 on Mar 25 less the Teaser, short. Pro 2,000 is the cheapest change on which it fits.
    expect(p.suggestions.at(-1)).toMatchObject({ code: 'move', params: { option: { label: 'Pro 2,000', estimated: true }, projects: ['Launch'] } });
  });

  it('says what a suggested change charges today, as the same change logged today does', () => {
    const move = pipeline().suggestions.at(-1)!;
    const logged = ledgerCompute(accountOf([subscribed, { date: '2026-02-20', type: 'change-plan', plan: 'pro', credits: 2000 }]), '2026-02-20' as IsoDate);
    if (!logged.ok) throw new Error(logged.error.message);
    const today = logged.value.charges.filter((c) => c.date === '2026-02-20').reduce((n, c) => n + c.amount, 0);
    expect(today).toBeGreaterThan(0);
    expect(move).toMatchObject({ code: 'move', params: { option: { label: 'Pro 2,000' }, projects: ['Launch'], today } });
  });

  it('leaves out the projects of today and before, and spends those of a day in the list’s order', () => {
    // 2,000 held on Mar 20 (no burn): A's 1,500 fits, then B's 1,000 falls 500 short; listed the other way, B fits and A is 500 short.
    const a = project('A', '2026-03-20', 25, { lines: [{ feature: 'avatar-iv', minutes: 25, videos: 3 }] });
    const b = project('B', '2026-03-20', 25, { lines: [{ feature: 'avatar-iv', minutes: 25, videos: 2 }] });
    const past = project('Done', '2026-02-20', 1);
    const run = (list: Project[]) => {
      const r = pipelineCompute(accountOf([subscribed]), list, '2026-02-20' as IsoDate, 1);
      return r.ok ? r.value.projects.map((x) => [x.name, x.fits, x.fit!.atPace!.shortfall / 3600]) : r.error.message;
    };
    expect(run([past, a, b])).toEqual([['A', true, 0], ['B', false, 500]]);
    expect(run([b, past, a])).toEqual([['B', true, 0], ['A', false, 500]]);
    expect(run([project('Later', '2026-03-25', 1), a])).toEqual([['A', true, 0], ['Later', true, 0]]);
  });

  it('spends the forecast’s regular burn between projects, as the dashboard’s balance ahead does', () => {
    const account = accountOf([subscribed, { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10 }]);
    const at = '2026-02-20' as IsoDate;
    const withBurn = pipelineCompute(account, [project('Teaser', '2026-04-10', 25)], at, 2);
    const forecast = forecastCompute(account, at, 2);
    if (!withBurn.ok || !forecast.ok) throw new Error('both compute');
    expect(withBurn.value.burnPerMonth).toBe(forecast.value.burn.perMonth);
    expect(forecast.value.burn.perMonth).toBeGreaterThan(0);
    const beforeProject = withBurn.value.balance.filter((b) => b.date < '2026-04-10');
    expect(beforeProject.map((b) => b.balance)).toEqual(forecast.value.projection.filter((b) => b.date < '2026-04-10').map((b) => b.balance));
  });

  it('never says a project fits when the plan cannot make it, and names the cheapest plan that can', () => {
    // A 45-minute video in 4K: 900 credits, which the 2,000 held cover; Pro exports 4K but allows 30-minute videos.
    // Business (60 minutes) is the cheapest plan that makes it: an upgrade by price, at once.
    const r = pipelineCompute(accountOf([subscribed]), [project('Webinar', '2026-03-01', 45, { resolution: '4k' })], '2026-02-20' as IsoDate, 1);
    const v = r.ok ? r.value : (null as never);
    expect(v.projects.map((x) => [x.fits, x.fit!.atPace!.shortfall, x.findings.map((f) => f.rule)])).toEqual([[false, 0, ['max-length']]]);
    expect(v.suggestions).toContainEqual({ code: 'move', params: { option: { label: 'Business', monthly: 14_900, estimated: false }, projects: ['Webinar'], today: expect.any(Number) } });
  });

  it('on Business, names the add-on blocks that cover the worst shortfall', () => {
    // 1,500 on Jan 17 and Feb 17: 3,000 on Mar 1 for Big's 3,600 (30 min × 6 videos × 20): 600 short, 6 blocks, $30.
    // Big refused, Bigger's 1,200 on Mar 5 fits.
    const r = pipelineCompute(
      accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'business' }]),
      [project('Big', '2026-03-01', 30, { lines: [{ feature: 'avatar-iv', minutes: 30, videos: 6 }] }), project('Bigger', '2026-03-05', 30, { lines: [{ feature: 'avatar-iv', minutes: 30, videos: 2 }] })],
      '2026-02-20' as IsoDate,
      2,
    );
    const v = r.ok ? r.value : (null as never);
    expect(v.projects.map((x) => [x.name, x.fits])).toEqual([['Big', false], ['Bigger', true]]);
    expect(v.suggestions[0]).toEqual({ code: 'buy-blocks', params: { blocks: 6, price: 3000, project: 'Big' } });
  });

  it('on Free, each project that fits takes its free videos from the quota', () => {
    const twoVideos = (name: string, date: string) => project(name, date, 1, { lines: [{ feature: 'avatar-iv', minutes: 1, videos: 2 }] });
    const r = pipelineCompute(accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'free' }]), [twoVideos('One', '2026-03-01'), twoVideos('Two', '2026-03-05')], '2026-02-20' as IsoDate, 2);
    const v = r.ok ? r.value : (null as never);
    expect(v.projects.map((x) => [x.name, x.fits, x.findings])).toEqual([
      ['One', true, []],
      ['Two', false, [{ rule: 'free-quota', params: { videos: 2, left: 1 }, allowedBy: 'creator' }]],
    ]);
    expect(v.suggestions).toEqual([{ code: 'move', params: { option: { label: 'Creator', monthly: 2900, estimated: false }, projects: ['Two'], today: 2900 } }]);
  });

  it('counts the avatar slots bought, and says when no plan on sale makes a project', () => {
    const r = pipelineCompute(
      accountOf([subscribed, { date: '2026-01-18', type: 'avatar-slots', count: 1, billing: 'monthly' }]),
      [project('Two faces', '2026-03-01', 1, { customAvatars: 2 }), project('Nine faces', '2026-03-05', 10, { customAvatars: 9 })],
      '2026-02-20' as IsoDate,
      2,
    );
    const v = r.ok ? r.value : (null as never);
    expect(v.projects.map((x) => [x.name, x.fits])).toEqual([['Two faces', true], ['Nine faces', false]]);
    expect(v.suggestions).toEqual([{ code: 'no-plan', params: { project: 'Nine faces', finding: { rule: 'avatar-slots', params: { avatars: 9, plan: 'pro', included: 1, extraSlots: 1 }, allowedBy: 'enterprise' } } }]);
  });

  it('counts annual avatar slots as monthly ones, and sets no limit on a legacy unlimited plan', () => {
    // Pro includes 1 custom avatar; a yearly slot bought on monthly billing makes 2.
    const slots = pipelineCompute(accountOf([subscribed, { date: '2026-01-18', type: 'avatar-slots', count: 1, billing: 'annual' }]), [project('Two faces', '2026-03-01', 1, { customAvatars: 2 })], '2026-02-20' as IsoDate, 1);
    expect(slots.ok && slots.value.projects.map((x) => [x.fits, x.findings])).toEqual([[true, []]]);
    // Legacy unlimited: any length, any export, any number of avatars; no credits, so no reading of them.
    const legacy = pipelineCompute(accountOf([{ date: '2026-01-05', type: 'subscribe', plan: 'legacy', price: 30 }]), [project('Anything', '2026-03-01', 90, { resolution: '4k', customAvatars: 9 })], '2026-02-20' as IsoDate, 1);
    expect(legacy.ok && legacy.value.projects.map((x) => [x.fits, x.findings, x.fit])).toEqual([[true, [], null]]);
    expect(legacy.ok && legacy.value.suggestions).toEqual([]);
  });

  it('on Free, a project past the quota takes none of it, and one that takes exactly what is left fits', () => {
    // The quota is 3 videos: Four is refused and leaves all 3, which Three then takes.
    const videos = (name: string, date: string, n: number) => project(name, date, 1, { lines: [{ feature: 'avatar-iv', minutes: 1, videos: n }] });
    const r = pipelineCompute(accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'free' }]), [videos('Four', '2026-03-01', 4), videos('Three', '2026-03-05', 3)], '2026-02-20' as IsoDate, 1);
    expect(r.ok && r.value.projects.map((x) => [x.name, x.fits, x.findings])).toEqual([
      ['Four', false, [{ rule: 'free-quota', params: { videos: 4, left: 3 }, allowedBy: 'creator' }]],
      ['Three', true, []],
    ]);
  });

  it('buys no auto-reload blocks on a day nothing is spent, even with the balance under the threshold', () => {
    // Business: 1,500 granted Jan 17, reload below 2,000. No usage, so no burn: nothing leaves the balance below the
    // threshold, and it stays 1,500 until Feb 17's 1,500 more.
    const r = pipelineCompute(accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'business' }, { date: '2026-01-18', type: 'auto-reload', threshold: 2000, blocks: 1 }]), [], '2026-01-20' as IsoDate, 1);
    const v = r.ok ? r.value : (null as never);
    expect(v.balance.filter((b) => b.date === '2026-01-21' || b.date === '2026-02-16' || b.date === '2026-02-17').map((b) => [b.date, b.balance / 3600])).toEqual([
      ['2026-01-21', 1500],
      ['2026-02-16', 1500],
      ['2026-02-17', 3000],
    ]);
  });

  it('never suggests moving to the plan the account is on, even with a downgrade from it scheduled', () => {
    // Pro 2,000, Creator from Feb 17: 600 on Feb 17 and Mar 17, 1,200 on Mar 20 for Big's 3,000 (25 min × 6 videos).
    // Pro 1,000 instead of Creator: 2,000 then, short. Pro 3,000, an upgrade at once that drops the downgrade: 2,000 + 1,000
    // today (gone Mar 17), 3,000 on Feb 17 and Mar 17: 6,000 on Mar 20. Staying on Pro 2,000 is not a move.
    const r = pipelineCompute(
      accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 2000 }, { date: '2026-02-01', type: 'change-plan', plan: 'creator' }]),
      [project('Big', '2026-03-20', 25, { lines: [{ feature: 'avatar-iv', minutes: 25, videos: 6 }] })],
      '2026-02-10' as IsoDate,
      2,
    );
    const v = r.ok ? r.value : (null as never);
    expect(v.projects.map((x) => [x.fits, x.fit!.alone.balance / 3600])).toEqual([[false, 1200]]);
    expect(v.suggestions).toMatchObject([{ code: 'move', params: { option: { label: 'Pro 3,000' }, projects: ['Big'] } }]);
  });

  it('offers a plan of the same credits as the current one when it makes what the current cannot', () => {
    // A Pro tier of 1,500 credits entered by the user: a 45-minute video needs Business (60 minutes), 1,500 credits too.
    const r = pipelineCompute(accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1500 }], { proTiers: [{ credits: 1500, monthly: 75 }] }), [project('Webinar', '2026-03-01', 45)], '2026-02-20' as IsoDate, 1);
    expect(r.ok && r.value.suggestions).toMatchObject([{ code: 'move', params: { option: { label: 'Business' }, projects: ['Webinar'] } }]);
  });

  it('suggests for a project that does not fit the change that makes it fit, not one for another of the same name and day', () => {
    // 2,000 held on Mar 1: the first Episode (500) fits, the second (2,000) falls 500 short. Creator (from Mar 17) does
    // nothing by then; Pro 2,000 today adds 1,000: 2,500 after the first, enough.
    const r = pipelineCompute(accountOf([subscribed]), [project('Episode', '2026-03-01', 25), project('Episode', '2026-03-01', 25, { lines: [{ feature: 'avatar-iv', minutes: 25, videos: 4 }] })], '2026-02-20' as IsoDate, 1);
    const v = r.ok ? r.value : (null as never);
    expect(v.projects.map((x) => x.fits)).toEqual([true, false]);
    expect(v.suggestions).toMatchObject([{ code: 'move', params: { option: { label: 'Pro 2,000' }, projects: ['Episode'] } }]);
  });

  it('runs past the horizon up to the last project', () => {
    const r = pipelineCompute(accountOf([subscribed]), [project('A', '2026-03-01', 1), project('C', '2026-04-10', 1), project('B', '2026-03-05', 1)], '2026-02-20' as IsoDate, 1);
    const v = r.ok ? r.value : (null as never);
    expect([v.until, v.balance.at(-1)!.date, v.projects.map((x) => x.name)]).toEqual(['2026-04-10', '2026-04-10', ['A', 'B', 'C']]);
  });

  it('suggests pulling a project planned on the very day credits expire, which cannot use them', () => {
    // Credits that expire on Mar 17 are not usable on Mar 17: the project's 500 come from the Feb lot, the Jan lot's 1,000 expire.
    const r = pipelineCompute(accountOf([subscribed]), [project('On the day', '2026-03-17', 25)], '2026-02-20' as IsoDate, 2);
    const v = r.ok ? r.value : (null as never);
    expect(v.unusedExpiring.map((e) => [e.date, e.credits / 3600])).toEqual([['2026-03-17', 1000], ['2026-04-17', 500]]);
    expect(v.suggestions).toEqual([{ code: 'pull', params: { project: 'On the day', planned: '2026-03-17', before: '2026-03-17', uses: 500 * 3600, expiring: 1000 * 3600 } }]);
  });

  it('on Business, the blocks are for the first project short of credits, not one the plan cannot make', () => {
    // 3,000 held on Mar 1. Long (61 minutes, 1,220 credits) is over Business's 60 minutes; its credits are spent all the
    // same. Big (1,800) on Mar 5 finds 1,780: 20 short, one block, $5.
    const r = pipelineCompute(
      accountOf([{ date: '2026-01-17', type: 'subscribe', plan: 'business' }]),
      [project('Long', '2026-03-01', 61), project('Big', '2026-03-05', 30, { lines: [{ feature: 'avatar-iv', minutes: 30, videos: 3 }] })],
      '2026-02-20' as IsoDate,
      1,
    );
    const v = r.ok ? r.value : (null as never);
    expect(v.projects.map((x) => [x.name, x.fits, x.findings.map((f) => f.rule), x.fit!.atPace!.shortfall / 3600])).toEqual([
      ['Long', false, ['max-length'], 0],
      ['Big', false, [], 20],
    ]);
    expect(v.suggestions[0]).toEqual({ code: 'buy-blocks', params: { blocks: 1, price: 500, project: 'Big' } });
  });

  it('suggests nothing for a project no plan’s credits cover by its date and every plan can make', () => {
    // 150,000 credits on Mar 1 (250 videos of 30 minutes): Pro 100,000 today holds 101,000 by then.
    const r = pipelineCompute(accountOf([subscribed]), [project('Huge', '2026-03-01', 30, { lines: [{ feature: 'avatar-iv', minutes: 30, videos: 250 }] })], '2026-02-20' as IsoDate, 1);
    const v = r.ok ? r.value : (null as never);
    expect(v.projects.map((x) => [x.fits, x.findings, x.fit!.atPace!.shortfall / 3600])).toEqual([[false, [], 148_000]]);
    expect(v.suggestions).toEqual([]);
  });

  describe('whether a project fits, said both ways', () => {
    // Creator since Jan 1 (600 credits), 10 credits a day from Jan 2 to Jan 20: 410 left on Jan 21. The pace is the
    // 21 days of the account's life: 190 × 30.436875 / 21 = 275.38 a month. Five days of it to Jan 26: 45.24.
    const account = accountOf([
      { date: '2026-01-01', type: 'subscribe', plan: 'creator' },
      ...Array.from({ length: 19 }, (_, i) => ({ date: `2026-01-${String(i + 2).padStart(2, '0')}`, type: 'usage', feature: 'avatar-iv', seconds: 30 })),
    ]);
    const at = '2026-01-21' as IsoDate;
    const launch = { ...project('Launch', '2026-01-26', 20), id: 'p-launch' };
    const teaser = { ...project('Teaser', '2026-01-23', 5), id: 'p-teaser' };
    const read = (f: ProjectFit | null) => f && [f.alone.balance / 3600, f.alone.shortfall / 3600, f.atPace && [Math.round(f.atPace.balance / 36) / 100, Math.round(f.atPace.shortfall / 36) / 100], Math.round(f.pace.perMonth / 36) / 100, f.pace.since, f.pace.months];

    it('fits if nothing else is used, and at the pace falls short: both said, on the pipeline and on a quote', () => {
      // 400 credits on Jan 26: the 410 held cover it; at the pace, 410 − 45.24 = 364.76 are left by then, 35.24 short.
      const pipeline = pipelineCompute(account, [launch], at, 1);
      if (!pipeline.ok) throw new Error(pipeline.error.message);
      expect(read(pipeline.value.projects[0]!.fit)).toEqual([410, 0, [364.76, 35.24], 275.38, '2026-01-01', null]);
      expect(pipeline.value.projects[0]!.fits).toBe(false);
      const quoted = projectFitCompute(account, [launch], launch, at);
      expect(quoted.ok && quoted.value).toEqual(pipeline.value.projects[0]!.fit);
    });

    it('reads an edited or new project among the planned ones, as the pipeline will once it is saved', () => {
      // The Teaser's 100 credits on Jan 23 come first: 135.24 short at the pace, and still 10 to spare if nothing else is used.
      const saved = pipelineCompute(account, [teaser, launch], at, 1);
      if (!saved.ok) throw new Error(saved.error.message);
      expect(read(saved.value.projects[1]!.fit)).toEqual([410, 0, [264.76, 135.24], 275.38, '2026-01-01', null]);
      const edited = projectFitCompute(account, [teaser, { ...launch, lines: [{ feature: 'avatar-iv', minutes: 1 }] }], launch, at);
      const added = projectFitCompute(account, [teaser], { ...launch, id: undefined }, at);
      expect(edited.ok && edited.value).toEqual(saved.value.projects[1]!.fit);
      expect(added.ok && added.value).toEqual(saved.value.projects[1]!.fit);
    });

    it('reads a new project beside planned ones without an id, or with an id of its own, after them', () => {
      const saved = pipelineCompute(account, [teaser, launch], at, 1);
      if (!saved.ok) throw new Error(saved.error.message);
      const unnamed = projectFitCompute(account, [project('Teaser', '2026-01-23', 5)], project('Launch', '2026-01-26', 20), at);
      const fresh = projectFitCompute(account, [teaser], { ...launch, id: 'p-new' }, at);
      expect(unnamed.ok && unnamed.value).toEqual(saved.value.projects[1]!.fit);
      expect(fresh.ok && fresh.value).toEqual(saved.value.projects[1]!.fit);
    });

    it('reads the pace over the last 3 months once the account is older', () => {
      // Creator since Oct 1, 200 credits used on Dec 1: the window is the 92 days after Oct 21, the pace 200 × 30.436875 / 92 = 66.17.
      const older = accountOf([{ date: '2025-10-01', type: 'subscribe', plan: 'creator' }, { date: '2025-12-01', type: 'usage', feature: 'avatar-iv', minutes: 10 }]);
      const f = projectFitCompute(older, [], launch, at);
      expect(f.ok && f.value && [Math.round(f.value.pace.perMonth / 36) / 100, f.value.pace.since, f.value.pace.months]).toEqual([66.17, '2025-10-22', 3]);
    });

    it('has no pace part for a project dated today or earlier, and no reading at all on Free', () => {
      const today = projectFitCompute(account, [], { ...launch, date: at }, at);
      expect(today.ok && read(today.value)).toEqual([410, 0, null, 275.38, '2026-01-01', null]);
      const free = projectFitCompute(accountOf([{ date: '2026-01-01', type: 'subscribe', plan: 'free' }]), [], launch, at);
      expect(free.ok && free.value).toBeNull();
    });
  });
});
