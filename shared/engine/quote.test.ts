import { describe, expect, it } from 'vitest';
import { accountOf as account } from '../../test/fixtures/ledgers.ts';
import { projectParse, type Project } from '../formats/project.ts';
import type { IsoDate } from '../units.ts';
import type { PlanChoice } from './pricing.ts';
import { quoteCompute, type Quote, type QuoteOptions } from './quote.ts';

/** Credits in the engine's units (1/3,600 of a credit). */
const cr = (n: number) => n * 3600;
const creator: PlanChoice = { plan: 'creator', credits: 600, billing: 'monthly' };
const free: PlanChoice = { plan: 'free', credits: 0, billing: 'monthly' };

function project(lines: object[], extra: object = {}): Project {
  const r = projectParse({ format: 'credit-companion/project@1', name: 'Launch', date: '2026-02-10', lines, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function quote(p: Project, options: QuoteOptions): Quote {
  const r = quoteCompute(p, options);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const findings = (p: Project, options: QuoteOptions) => quote(p, options).findings;

describe('quote: the lines', () => {
  it('price each line, say its rate, its length or count and its videos', () => {
    const q = quote(project([{ feature: 'avatar-iv', minutes: 2.5, videos: 2 }, { feature: 'generate-look', count: 1 }, { feature: 'veo3', count: 1 }, { feature: 'seedance2', seconds: 10 }]), {});
    expect(q.lines).toEqual([
      { feature: 'avatar-iv', name: 'Avatar IV / Avatar V', credits: cr(100), seconds: 150, count: undefined, videos: 2, rate: '20 credits / minute' },
      { feature: 'generate-look', name: 'Generate Look', credits: cr(1), seconds: undefined, count: 1, videos: 1, rate: '1 credit / look' },
      { feature: 'veo3', name: 'VEO3', credits: cr(90), seconds: undefined, count: 1, videos: 1, rate: '90 credits / generation' },
      { feature: 'seedance2', name: 'Seedance2', credits: cr(40), seconds: 10, count: undefined, videos: 1, rate: '4 credits / second' },
    ]);
    expect([q.credits, q.plan, q.cost, q.account, q.findings]).toEqual([cr(231), null, null, null, []]);
  });

  it('count the generations a counted line asks for', () => {
    expect(quote(project([{ feature: 'veo3', count: 3 }]), {}).lines[0]).toMatchObject({ count: 3, credits: cr(270), videos: 1 });
  });

  it('price a Pro tier at the price the account’s own tiers give it', () => {
    const tiered = account([{ date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1500 }], { proTiers: [{ credits: 1500, monthly: 60 }] });
    const q = quote(project([{ feature: 'avatar-iv', minutes: 75 }]), { account: tiered });
    // 1,500 credits for $60: $0.04 a credit; 1,500 credits of Avatar IV cost $60.
    expect(q.cost).toMatchObject({ amount: 6000, perCredit: 60 / 1500, estimated: false });
  });

  it('price the credits at the plan’s price per credit, with retries as the high end', () => {
    const q = quote(project([{ feature: 'avatar-iv', minutes: 30 }]), { plan: creator, retryFactor: 1.5 });
    expect(q.plan).toEqual({ choice: creator, label: 'Creator (monthly)' });
    expect([q.credits, q.creditsHigh, q.retryFactor]).toEqual([cr(600), cr(900), 1.5]);
    expect(q.cost).toEqual({ amount: 2900, amountHigh: 4350, perCredit: 29 / 600, basis: '$29/month ÷ 600 credits on Creator (monthly)', estimated: false, assumptions: [] });
    expect(quote(project([{ feature: 'avatar-iv', minutes: 30 }]), { plan: { plan: 'pro', credits: 0, billing: 'monthly' } }).cost).toBeNull();
    expect(quote(project([{ feature: 'avatar-iv', minutes: 1 }]), { plan: free }).cost).toBeNull();
  });
});

describe('quote: what the plan’s limits say, and the smallest plan that allows it', () => {
  it('a video up to the plan’s longest is fine; a second more names the plan that takes it', () => {
    expect(findings(project([{ feature: 'avatar-iv', minutes: 30 }]), { plan: creator })).toEqual([]);
    expect(findings(project([{ feature: 'avatar-iii', minutes: 1 }, { feature: 'avatar-iv', seconds: 1801 }]), { plan: creator })).toEqual([
      { rule: 'max-length', line: 1, params: { feature: 'avatar-iv', seconds: 1801, plan: 'creator', maxMinutes: 30 }, allowedBy: 'business' },
    ]);
    expect(findings(project([{ feature: 'avatar-iv', minutes: 60 }]), { plan: creator })[0]!.allowedBy).toBe('business');
    expect(findings(project([{ feature: 'avatar-iv', seconds: 3601 }]), { plan: creator })[0]!.allowedBy).toBe('enterprise');
    // Seedance2 and counted features have no length limit.
    expect(findings(project([{ feature: 'seedance2', seconds: 4000 }, { feature: 'veo3', count: 3 }]), { plan: creator })).toEqual([]);
  });

  it('on Free: video features only, up to the free length', () => {
    expect(findings(project([{ feature: 'avatar-iv', minutes: 3 }]), { plan: free })).toEqual([]);
    expect(findings(project([{ feature: 'avatar-iv', seconds: 181 }, { feature: 'veo3', count: 1 }, { feature: 'seedance2', seconds: 5 }]), { plan: free })).toEqual([
      { rule: 'max-length', line: 0, params: { feature: 'avatar-iv', seconds: 181, plan: 'free', maxMinutes: 3 }, allowedBy: 'creator' },
      { rule: 'free-no-credits', line: 1, params: { feature: 'veo3' }, allowedBy: 'creator' },
      { rule: 'free-no-credits', line: 2, params: { feature: 'seedance2' }, allowedBy: 'creator' },
    ]);
  });

  it('the export resolution: up to the plan’s, else the smallest plan that exports it', () => {
    const at = (resolution: string, plan: PlanChoice) => findings(project([{ feature: 'avatar-iv', minutes: 1 }], { resolution }), { plan });
    expect(at('1080p', creator)).toEqual([]);
    expect(at('4k', creator)).toEqual([{ rule: 'resolution', params: { wanted: '4k', plan: 'creator', max: '1080p' }, allowedBy: 'pro' }]);
    expect(at('1080p', free)).toEqual([{ rule: 'resolution', params: { wanted: '1080p', plan: 'free', max: '720p' }, allowedBy: 'creator' }]);
    expect(at('720p', free)).toEqual([]);
  });

  it('custom avatars: up to the plan’s slots and those the account added, else the smallest plan with room', () => {
    const at = (customAvatars: number, options: QuoteOptions) => findings(project([{ feature: 'avatar-iv', minutes: 1 }], { customAvatars }), options);
    expect(at(1, { plan: creator })).toEqual([]);
    expect(at(2, { plan: creator })).toEqual([{ rule: 'avatar-slots', params: { avatars: 2, plan: 'creator', included: 1, extraSlots: 0 }, allowedBy: 'business' }]);
    expect(at(5, { plan: creator })[0]!.allowedBy).toBe('business');
    expect(at(6, { plan: creator })[0]!.allowedBy).toBe('enterprise');
    // An account with two slots bought (one monthly, one annual) has room for three on Pro.
    const slots = account([
      { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-01-20', type: 'avatar-slots', count: 1, billing: 'monthly' },
      { date: '2026-01-21', type: 'avatar-slots', count: 1, billing: 'annual' },
    ]);
    expect(at(3, { account: slots })).toEqual([]);
    expect(at(4, { account: slots })).toEqual([{ rule: 'avatar-slots', params: { avatars: 4, plan: 'pro', included: 1, extraSlots: 2 }, allowedBy: 'business' }]);
    // A plan named for the quote has no slots bought on it.
    expect(at(3, { account: slots, plan: { plan: 'pro', credits: 1000, billing: 'monthly' } })[0]!.params).toEqual({ avatars: 3, plan: 'pro', included: 1, extraSlots: 0 });
  });
});

describe('quote against an account: the balance on the project’s date', () => {
  const pro = account([
    { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
    { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10 },
  ]);
  // On 2026-02-10: January's 800 left, February's 1,000 granted on the 17th not yet.

  it('fits when the balance covers it, to the credit, drawing from the lots in order', () => {
    const q = quote(project([{ feature: 'avatar-iv', minutes: 20 }, { feature: 'avatar-iv', minutes: 20 }]), { account: pro });
    expect(q.plan?.label).toBe('Pro 1,000 (monthly)');
    expect(q.account).toEqual({ date: '2026-02-10' as IsoDate, balance: cr(800), fits: true, shortfall: 0, draws: [expect.objectContaining({ credits: cr(800) })] });
    expect(q.findings).toEqual([]);
  });

  it('counts no free videos on a paid plan: more videos than Free’s quota are no finding', () => {
    const q = quote(project([{ feature: 'avatar-iv', minutes: 1, videos: 4 }]), { account: pro });
    expect([q.findings, q.account?.fits]).toEqual([[], true]);
  });

  it('says how short it falls and draws what there is', () => {
    const q = quote(project([{ feature: 'avatar-iv', minutes: 20 }, { feature: 'avatar-iv', minutes: 20 }, { feature: 'generate-look', count: 1 }]), { account: pro });
    expect(q.account).toEqual({ date: '2026-02-10', balance: cr(800), fits: false, shortfall: cr(1), draws: [expect.objectContaining({ credits: cr(800) })] });
    expect(q.findings).toEqual([{ rule: 'insufficient-credits', params: { needs: cr(801), date: '2026-02-10', balance: cr(800), short: cr(1) }, allowedBy: null }]);
  });

  describe('on Free', () => {
    const onFree = account([{ date: '2026-01-05', type: 'subscribe', plan: 'free' }, { date: '2026-02-01', type: 'usage', feature: 'avatar-iv', minutes: 1 }], { freeQuota: { videos: 3, maxMinutes: 2 } });

    it('fits within the free videos left and the free length', () => {
      const q = quote(project([{ feature: 'avatar-iv', minutes: 2, videos: 2 }]), { account: onFree });
      expect(q.plan?.choice.plan).toBe('free');
      expect(q.account).toEqual({ date: '2026-02-10', balance: 0, fits: true, shortfall: 0, draws: [] });
      expect(q.findings).toEqual([]);
    });

    it.each<[string, object[], string[]]>([
      ['more videos than are left', [{ feature: 'avatar-iv', minutes: 1, videos: 3 }], ['free-quota']],
      ['a video over the free length', [{ feature: 'avatar-iv', seconds: 121 }], ['max-length']],
      ['a feature Free does not have', [{ feature: 'veo3', count: 1 }], ['free-no-credits']],
    ])('does not fit with %s', (_, lines, rules) => {
      const q = quote(project(lines), { account: onFree });
      expect(q.account?.fits).toBe(false);
      expect(q.findings.map((f) => f.rule)).toEqual(rules);
    });

    it('fits with a limit the replay does not check (a resolution above Free’s), which stays a finding', () => {
      const q = quote(project([{ feature: 'avatar-iv', minutes: 1 }], { resolution: '4k' }), { account: onFree });
      expect(q.findings.map((f) => f.rule)).toEqual(['resolution']);
      expect(q.account?.fits).toBe(true);
    });

    it('names the videos asked and those left', () => {
      expect(quote(project([{ feature: 'avatar-iv', minutes: 1, videos: 3 }]), { account: onFree }).findings).toEqual([{ rule: 'free-quota', params: { videos: 3, left: 2 }, allowedBy: 'creator' }]);
    });
  });

  it('on a plan without credits (legacy unlimited), fits and checks no limit', () => {
    const legacy = account([{ date: '2026-01-17', type: 'subscribe', plan: 'legacy', price: 30 }]);
    const q = quote(project([{ feature: 'avatar-iv', minutes: 500 }], { resolution: '4k', customAvatars: 9 }), { account: legacy });
    expect(q.account).toEqual({ date: '2026-02-10', balance: 0, fits: true, shortfall: 0, draws: [] });
    expect(q.findings).toEqual([]);
  });

  it('on a plan without credits, weighed against another plan: the account fits it as it is, the other plan’s limits are findings', () => {
    const legacy = account([{ date: '2026-01-17', type: 'subscribe', plan: 'legacy', price: 30 }]);
    const q = quote(project([{ feature: 'avatar-iv', minutes: 500 }]), { account: legacy, plan: free });
    expect(q.account?.fits).toBe(true);
    expect(q.findings.map((f) => f.rule)).toContain('max-length');
  });
});
