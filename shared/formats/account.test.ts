import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountEventSchema, accountParse, accountParseText, usageIsValid } from './account.ts';
import { projectParse } from './project.ts';
import { PLAN_IDS } from '../catalog/plans.ts';
import { FEATURE_IDS } from '../catalog/rateCard.ts';

const account = (events: unknown[], extra: object = {}) => ({ format: 'credit-companion/account@1', events, ...extra });
const sub = { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 };

/** `n` lists, one inside the next, around 1. */
function lists(n: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < n; i++) value = [value];
  return value;
}

/** The first issue as the command line prints it: its path, then the rule. */
function firstIssue(input: unknown): string {
  const r = accountParse(input);
  if (r.ok) throw new Error('expected the input to be rejected');
  const [issue] = r.error.issues!;
  return issue!.path ? `${issue!.path}: ${issue!.message}` : issue!.message;
}

describe('accountParse: errors name the path, the field and the rule', () => {
  it.each<[string, unknown, string]>([
    ['wrong format', { format: 'credit-companion/account@2', events: [] }, 'format: must be "credit-companion/account@1"'],
    ['no events', { format: 'credit-companion/account@1' }, 'events: required (an array)'],
    ['unknown feature', account([sub, { date: '2026-01-18', type: 'usage', feature: 'avatar-vii', minutes: 1 }]), 'events[1].feature: unknown feature "avatar-vii"; known: avatar-iii, avatar-iv'],
    ['unknown event type', account([sub, { date: '2026-01-18', type: 'refund' }]), 'events[1].type: unknown type "refund"; known: subscribe, change-plan, usage'],
    ['impossible date', account([{ ...sub, date: '2026-02-30' }]), 'events[0].date: must be a calendar date YYYY-MM-DD (years 2000 to 2999), not "2026-02-30"'],
    ['typo in a field', account([sub, { date: '2026-01-18', type: 'usage', feature: 'avatar-iv', minuts: 1 }]), 'events[1].minuts: unknown field'],
    ['both minutes and seconds', account([sub, { date: '2026-01-18', type: 'usage', feature: 'avatar-iv', minutes: 1, seconds: 60 }]), 'events[1].seconds: give minutes or seconds, not both'],
    ['no length', account([sub, { date: '2026-01-18', type: 'usage', feature: 'avatar-iv' }]), 'events[1].minutes: required: the length, as minutes or seconds'],
    ['minutes on a unit feature', account([sub, { date: '2026-01-18', type: 'usage', feature: 'veo3', minutes: 1 }]), 'events[1].minutes: veo3 is counted per generation: use count, not minutes'],
    ['fractional count', account([sub, { date: '2026-01-18', type: 'usage', feature: 'veo3', count: 1.5 }]), 'events[1].count: must be a whole number, not 1.5'],
    ['zero videos', account([sub, { date: '2026-01-18', type: 'usage', feature: 'veo3', count: 1, videos: 0 }]), 'events[1].videos: must be at least 1'],
    ['an empty member', account([sub, { date: '2026-01-18', type: 'usage', feature: 'veo3', count: 1, by: '  ' }]), 'events[1].by: must not be empty'],
    ['a member name too long', account([sub, { date: '2026-01-18', type: 'usage', feature: 'veo3', count: 1, by: 'x'.repeat(65) }]), 'events[1].by: must be at most 64 characters'],
    ['a member that is not a name', account([sub, { date: '2026-01-18', type: 'usage', feature: 'veo3', count: 1, by: 7 }]), 'events[1].by:'],
    ['pro without a tier', account([{ date: '2026-01-17', type: 'subscribe', plan: 'pro' }]), 'events[0].credits: required for pro'],
    ['pro tier out of range', account([{ ...sub, credits: 500 }]), 'events[0].credits: a Pro tier has 1,000 to 100,000 credits a month, not 500'],
    ['credits on creator', account([{ date: '2026-01-17', type: 'subscribe', plan: 'creator', credits: 900 }]), 'events[0].credits: only pro and enterprise take credits'],
    ['enterprise without price', account([{ date: '2026-01-17', type: 'subscribe', plan: 'enterprise', credits: 9000 }]), 'events[0].price: required for enterprise'],
    ['sub-cent price', account([{ date: '2026-01-17', type: 'subscribe', plan: 'enterprise', credits: 9000, price: 10.001 }]), 'events[0].price: must be whole cents'],
    ['negative balance check', account([sub, { date: '2026-01-18', type: 'balance-check', balance: -5 }]), 'events[1].balance: must not be negative'],
    ['unknown billing', account([{ ...sub, billing: 'weekly' }]), 'events[0].billing: "weekly" is not a billing period; use monthly or annual'],
    ['duplicate id', account([{ ...sub, id: 'a' }, { date: '2026-01-18', type: 'pause', id: 'a' }]), 'events[1].id: "a" is already the id of events[0]'],
    ['duplicate tier', account([sub], { proTiers: [{ credits: 2000, monthly: 88 }, { credits: 2000, monthly: 90 }] }), 'proTiers[1].credits: tier 2000 is already priced by proTiers[0]'],
    ['free quota out of range', account([sub], { freeQuota: { videos: 9, maxMinutes: 3 } }), 'freeQuota.videos: must be at most 3'],
    ['not an object', account([sub, 4]), 'events[1]: must be an object, not the number 4'],
    // Parsed already (the store's file is read so): accountParse checks the depth itself.
    ['an event field nested 5,000 deep', account([sub, { date: '2026-01-18', type: 'usage', feature: lists(5000) }]), 'events[1].feature: nested deeper than 64 levels'],
    ['a field of the root nested 5,000 deep', account([sub], { proTiers: lists(5000) }), 'proTiers[0][0]: nested deeper than 64 levels'],
    ['an event field one level past the limit', account([sub, { date: '2026-01-18', type: 'usage', feature: lists(62) }]), 'events[1].feature: nested deeper than 64 levels'],
  ])('%s', (_name, input, message) => {
    expect(firstIssue(input)).toContain(message);
  });

  it('names the rule, not the depth, for an event field nested right to the limit', () => {
    const issue = firstIssue(account([sub, { date: '2026-01-18', type: 'usage', feature: lists(61) }]));
    expect(issue).toMatch(/^events\[1\]\.feature: unknown feature /);
    expect(issue).not.toContain('nested deeper');
  });

  it('reports broken JSON as invalid-json', () => {
    const r = accountParseText('{"format": "credit-companion/account@1", "events": [');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-json');
  });

  const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  it.each<[string, string, string, string]>([
    ['a field nested 5,000 deep', `{"format":"credit-companion/account@1","events":[{"date":"2026-01-18","type":"usage","feature":${deep(5000)}}]}`, 'invalid-file', 'Event 1 feature: nested deeper than 64 levels'],
    ['a file nested 100,000 deep', deep(100_000), 'invalid-file', 'Item 1 item 1 item 1: nested deeper than 64 levels'],
    ['a control character in broken JSON', '[\u0001\n', 'invalid-json', 'not valid JSON: '],
    ['an empty file', '', 'invalid-json', 'not valid JSON: '],
  ])('refuses %s on one line', (_what, text, code, message) => {
    const r = accountParseText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toContain(message);
    expect(r.error.message).not.toMatch(/\p{Cc}/u);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const r = accountParseText(`\ufeff${JSON.stringify(account([sub]))}`);
    expect(r.ok && r.value.events).toEqual([sub]);
  });

  it('a usage may say who made it (by), kept trimmed', () => {
    const r = accountParse(account([sub, { date: '2026-01-18', type: 'usage', feature: 'veo3', count: 1, by: ' Ana Lima ' }, { date: '2026-01-18', type: 'usage', feature: 'veo3', count: 1, by: 'Ben' }]));
    expect(r.ok && r.value.events.slice(1).map((e) => e.type === 'usage' && e.by)).toEqual(['Ana Lima', 'Ben']);
  });

  it('accepts the FORMATS.md example unchanged', () => {
    const r = accountParse({
      format: 'credit-companion/account@1',
      freeQuota: { videos: 3, maxMinutes: 3 },
      proTiers: [{ credits: 2000, monthly: 88 }],
      events: [
        { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000, billing: 'monthly' },
        { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10, project: 'Launch' },
        { date: '2026-02-03', type: 'change-plan', plan: 'pro', credits: 2000 },
        { date: '2026-02-10', type: 'balance-check', balance: 1790 },
        { date: '2026-03-20', type: 'change-plan', plan: 'creator' },
        { date: '2026-04-02', type: 'pause' },
        { date: '2026-06-01', type: 'cancel' },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it('a file’s problem reads in words too (issue 9, defect 16)', () => {
    const r = accountParse({ format: 'credit-companion/account@1', events: [{ date: '2026-01-17', type: 'subscribe', plan: 'pro' }] });
    expect(r.ok ? null : r.error.message).toMatch(/^Event 1 credits: required for pro/);
  });
});

describe('projectParse', () => {
  it('accepts the FORMATS.md example', () => {
    const r = projectParse({
      format: 'credit-companion/project@1',
      name: 'Product launch, 5 languages',
      date: '2026-06-01',
      resolution: '4k',
      customAvatars: 1,
      lines: [
        { feature: 'avatar-iv', minutes: 12 },
        { feature: 'translation-precision', minutes: 12, videos: 5 },
        { feature: 'image-asset', count: 10 },
        { feature: 'veo3', count: 2 },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it('names the line and the rule', () => {
    const r = projectParse({ format: 'credit-companion/project@1', name: 'x', date: '2026-06-01', resolution: '8k', lines: [{ feature: 'image-asset', seconds: 3 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'resolution: "8k" is not a resolution; use 720p, 1080p or 4k',
      'lines[0].seconds: image-asset is counted per image: use count, not seconds',
      'lines[0].count: required: how many (image-asset costs 2 per image)',
    ]);
  });
});

describe('the fast path for usage events agrees with the schema', () => {
  const odd = fc.oneof(
    fc.constantFrom(null, 0, -1, 1, 1.5, 59.999, 10_000, 10_001, 600_000, 600_001, 1_000_000, 1_000_001, Number.NaN, Infinity, '', ' x', 'x ', 'Launch', true, '2026-02-30', 'avatar-vii'),
    fc.double({ min: -10, max: 2_000_000 }),
    fc.integer({ min: -5, max: 20_000 }),
    fc.string({ maxLength: 210 }),
  );
  const timeFeature = fc.constantFrom('avatar-iv', 'instant-highlights', 'seedance2', 'translation');
  const unitFeature = fc.constantFrom('veo3', 'image-asset', 'generate-look');
  const valid = fc.record(
    {
      type: fc.constant('usage'),
      date: fc.constantFrom('2026-01-18', '2028-02-29', '2999-12-31'),
      id: fc.string({ minLength: 1, maxLength: 100 }),
      videos: fc.integer({ min: 1, max: 10_000 }),
      project: fc.string({ minLength: 1, maxLength: 200 }).map((p) => p.trim() || 'p'),
      by: fc.string({ minLength: 1, maxLength: 70 }).map((p) => p.trim() || 'Ana'),
      measure: fc.oneof(
        fc.record({ feature: timeFeature, minutes: fc.double({ min: 0.01, max: 10_000, noNaN: true }) }),
        fc.record({ feature: timeFeature, seconds: fc.double({ min: 0.01, max: 600_000, noNaN: true }) }),
        fc.record({ feature: unitFeature, count: fc.integer({ min: 1, max: 1_000_000 }) }),
      ),
    },
    { requiredKeys: ['type', 'date', 'measure'] },
  ).map(({ measure, ...rest }) => ({ ...rest, ...measure }) as Record<string, unknown>);
  const field = fc.constantFrom('type', 'date', 'id', 'feature', 'minutes', 'seconds', 'count', 'videos', 'project', 'by', 'extra');
  const mutated = fc.tuple(valid, fc.option(fc.tuple(field, fc.option(odd, { nil: undefined })), { freq: 2 })).map(([event, mutation]) => {
    if (!mutation) return event;
    const [key, value] = mutation;
    const copy: Record<string, unknown> = { ...event };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  });

  it('accepts exactly what the schema accepts without changing it (about half the samples are valid)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(mutated, (event) => {
        const zod = accountEventSchema.safeParse(event);
        const unchanged = zod.success && isDeepStrictEqual(zod.data, event);
        const fast = usageIsValid(event);
        if (fast) accepted++;
        expect(fast).toBe(unchanged);
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(5_000);
  }, 30_000);
});

describe('accountParse: every issue, whole, for the plan rules and the prices', () => {
  /** Every issue as the command line prints them. */
  const issues = (input: unknown) => {
    const r = accountParse(input);
    return r.ok ? [] : r.error.issues!.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  };
  it.each<[string, unknown, string[]]>([
    ['enterprise without credits or price', account([{ date: '2026-01-17', type: 'subscribe', plan: 'enterprise' }]), ['events[0].credits: required for enterprise: the monthly credits of your contract', 'events[0].price: required for enterprise: the price per month in USD of your contract']],
    ['a price on creator', account([{ date: '2026-01-17', type: 'subscribe', plan: 'creator', price: 29 }]), ['events[0].price: only enterprise and legacy take a price; creator is priced by the catalog']],
    ['a price on pro, on a plan change', account([sub, { date: '2026-02-01', type: 'change-plan', plan: 'pro', credits: 2000, price: 88 }]), ['events[1].price: only enterprise and legacy take a price; pro is priced by the catalog']],
    ['a Pro tier one past the top', account([{ ...sub, credits: 100_001 }]), ['events[0].credits: a Pro tier has 1,000 to 100,000 credits a month, not 100,001']],
    ['a Pro tier one below the bottom', account([{ ...sub, credits: 999 }]), ['events[0].credits: a Pro tier has 1,000 to 100,000 credits a month, not 999']],
    ['a tier priced at 0', account([sub], { proTiers: [{ credits: 2000, monthly: 0 }] }), ['proTiers[0].monthly: must be greater than 0']],
    ['a tier’s annual price at 0', account([sub], { proTiers: [{ credits: 2000, monthly: 88, annualMonthly: 0 }] }), ['proTiers[0].annualMonthly: must be greater than 0']],
    ['the same id twice, not in order', account([{ ...sub, id: 'b' }, { date: '2026-01-18', type: 'pause', id: 'a' }, { date: '2026-01-19', type: 'cancel', id: 'b' }]), ['events[2].id: "b" is already the id of events[0]']],
    ['a plan missing', account([{ date: '2026-01-17', type: 'subscribe' }]), [`events[0].plan: required; one of ${PLAN_IDS.join(', ')}`]],
    ['a plan unknown', account([{ date: '2026-01-17', type: 'subscribe', plan: 'gold' }]), [`events[0].plan: unknown plan "gold"; known: ${PLAN_IDS.join(', ')}`]],
    ['a feature missing', account([sub, { date: '2026-01-18', type: 'usage', minutes: 1 }]), [`events[1].feature: required; one of ${FEATURE_IDS.join(', ')}`]],
    ['a count on a feature billed by time', account([sub, { date: '2026-01-18', type: 'usage', feature: 'avatar-iv', minutes: 1, count: 2 }]), ['events[1].count: avatar-iv is billed by time: use minutes or seconds, not count']],
    ['an issue inside an event’s list', account([sub], { proTiers: [{ credits: 2000, monthly: 88, extra: 1 }] }), ['proTiers[0].extra: unknown field']],
  ])('%s', (_name, input, expected) => {
    expect(issues(input)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['a Pro tier at the bottom', account([{ ...sub, credits: 1000 }])],
    ['a Pro tier at the top', account([{ ...sub, credits: 100_000 }])],
    ['enterprise with credits and a price', account([{ date: '2026-01-17', type: 'subscribe', plan: 'enterprise', credits: 9000, price: 900 }])],
    ['legacy with a price', account([{ date: '2026-01-17', type: 'subscribe', plan: 'legacy', price: 30 }])],
    ['ids that only increase', account([{ ...sub, id: 'a' }, { date: '2026-01-18', type: 'pause', id: 'b' }])],
    ['ids in any order, each once', account([{ ...sub, id: 'b' }, { date: '2026-01-18', type: 'pause', id: 'a' }])],
  ])('accepts %s', (_name, input) => {
    expect(issues(input)).toEqual([]);
  });
});

describe('the fast path takes a usage valid at every bound', () => {
  const usage = { type: 'usage', date: '2026-01-18', feature: 'avatar-iv', minutes: 1 };
  it.each<[string, Record<string, unknown>]>([
    ['an id of 1 character', { ...usage, id: 'a' }],
    ['an id of 100 characters', { ...usage, id: 'i'.repeat(100) }],
    ['a project of 200 characters', { ...usage, project: 'p'.repeat(200) }],
    ['a member of 64 characters', { ...usage, by: 'm'.repeat(64) }],
    ['10,000 minutes', { ...usage, minutes: 10_000 }],
    ['600,000 seconds', { type: 'usage', date: '2026-01-18', feature: 'avatar-iv', seconds: 600_000 }],
    ['a count of 1,000,000', { type: 'usage', date: '2026-01-18', feature: 'veo3', count: 1_000_000 }],
    ['10,000 videos', { ...usage, videos: 10_000 }],
  ])('%s', (_name, event) => {
    expect(usageIsValid(event)).toBe(true);
  });
  it.each<[string, Record<string, unknown>]>([
    ['an empty id', { ...usage, id: '' }],
    ['an id of 101 characters', { ...usage, id: 'i'.repeat(101) }],
    ['a project of 201 characters', { ...usage, project: 'p'.repeat(201) }],
    ['a list, not an event', [usage] as unknown as Record<string, unknown>],
  ])('not %s', (_name, event) => {
    expect(usageIsValid(event)).toBe(false);
  });
});

describe('accountParse: events that are not objects, ids named where they first were', () => {
  const issues = (input: unknown) => {
    const r = accountParse(input);
    return r.ok ? [] : r.error.issues!.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  };
  it.each<[string, unknown, string[]]>([
    ['null for an event', account([sub, null]), ['events[1]: must be an object, not null']],
    ['a list for an event', account([sub, [sub]]), ['events[1]: must be an object, not a list']],
    ['nothing for the account', undefined, ['required (an object)']],
    ['a hole for an event (a structured clone keeps it, JSON has none)', account([sub, undefined]), ['events[1]: required (an object)']],
    ['an id used again, named by its first use', account([{ ...sub, id: 'c' }, { date: '2026-01-18', type: 'pause', id: 'b' }, { date: '2026-01-19', type: 'cancel', id: 'b' }]), ['events[2].id: "b" is already the id of events[1]']],
    ['a field wrong and an id used again: the field first, the ids once the rest reads', account([{ ...sub, id: 'b' }, { date: '2026-01-18', type: 'pause', id: 'a', extra: 1 }, { date: '2026-01-19', type: 'cancel', id: 'b' }]), ['events[1].extra: unknown field']],
  ])('%s', (_name, input, expected) => {
    expect(issues(input)).toEqual(expected);
  });
});
