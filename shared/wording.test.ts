/** The engine's records in words: every code as the command line words it, and each value through the edge's own formatter. */
import { describe, expect, it } from 'vitest';
import { accountParse } from './formats/account.ts';
import { PROJECT_FORMAT, type Project } from './formats/project.ts';
import { pipelineCompute } from './engine/pipeline.ts';
import type { PlanChoice } from './engine/pricing.ts';
import type { FindingSays } from './engine/quote.ts';
import { quoteCompute } from './engine/quote.ts';
import { ledgerCompute } from './engine/ledger.ts';
import type { ChargeReason, NoteSays, RefusalReason } from './engine/state.ts';
import type { Suggestion } from './engine/pipeline.ts';
import type { Notice } from './notices.ts';
import { centsOf, creditsFromDecimal, creditsFromWhole, type IsoDate } from './units.ts';
import { chargeText, FILE_WORDS, findingText, freeUsageText, noteText, noticeText, refusalText, suggestionText, type Formatters } from './wording.ts';

const day = (iso: string) => iso as IsoDate;
const pro = (credits: number, billing: 'monthly' | 'annual' = 'monthly'): PlanChoice => ({ plan: 'pro', credits, billing, price: undefined });
const creator: PlanChoice = { plan: 'creator', credits: 200, billing: 'monthly', price: undefined };
const business: PlanChoice = { plan: 'business', credits: 1500, billing: 'monthly', price: undefined };

/** One example of every code: a missing or an unknown one fails to compile. */
const NOTES = {
  'free-start': [{ code: 'free-start', params: {} }, 'On Free: a quota of free videos, no credits'],
  subscribed: [{ code: 'subscribed', params: { plan: pro(1000) } }, 'New subscription to Pro 1,000 (monthly) from that day'],
  stays: [{ code: 'stays', params: { plan: pro(1000) } }, 'Stays on Pro 1,000 (monthly): the scheduled change is withdrawn'],
  'already-on': [{ code: 'already-on', params: { plan: business } }, 'Already on Business (monthly): nothing changes'],
  'legacy-left': [{ code: 'legacy-left', params: { plan: creator } }, 'Legacy unlimited plan left for Creator (monthly) (one-way): a new subscription from that day'],
  'cancel-withdrawn': [{ code: 'cancel-withdrawn', params: {} }, 'The scheduled cancel is withdrawn'],
  'change-withdrawn': [{ code: 'change-withdrawn', params: { plan: creator } }, 'The scheduled change to Creator (monthly) is withdrawn'],
  upgraded: [
    { code: 'upgraded', params: { plan: pro(2000), charge: centsOf(2013), daysLeft: 16, days: 31, credits: creditsFromWhole(1000), fullFrom: day('2026-02-10') } },
    'Upgrade to Pro 2,000 (monthly) at once: $20.13 prorated for 16 of 31 days, 1,000 more credits that day; the full allocation from 2026-02-10',
  ],
  'billing-switched': [
    { code: 'billing-switched', params: { from: business, to: { ...business, billing: 'annual' }, unused: centsOf(14_900), daysLeft: 30, days: 30 } },
    'Billing switch Business (monthly) → Business (annual): a new annual period starts that day, less $149 for the unused 30 of 30 days',
  ],
  'change-scheduled': [
    { code: 'change-scheduled', params: { from: pro(1000, 'annual'), to: creator, on: day('2027-01-17') } },
    'Pro 1,000 (annual) → Creator (monthly) on 2027-01-17, at the end of the year; credits already granted keep their expiry',
  ],
  downgraded: [{ code: 'downgraded', params: { from: pro(1000), to: creator } }, 'Pro 1,000 (monthly) → Creator (monthly) took effect'],
  'already-cancelled': [{ code: 'already-cancelled', params: {} }, 'Already cancelled'],
  'cancel-scheduled': [{ code: 'cancel-scheduled', params: { plan: pro(1000), until: day('2026-03-17') } }, 'Cancel: Pro 1,000 (monthly) runs until 2026-03-17, when every remaining credit is forfeited'],
  cancelled: [{ code: 'cancelled', params: { plan: pro(1000) } }, 'Pro 1,000 (monthly) ended: now on Free; every remaining credit was forfeited'],
  paused: [
    { code: 'paused', params: { due: day('2026-03-17'), starts: day('2026-04-16'), days: 30, renewDay: 16 } },
    'Pause: the cycle due 2026-03-17 starts 2026-04-16 instead (30 days later), and cycles renew on day 16 of the month from then on',
  ],
  'monthly-slots-ended': [{ code: 'monthly-slots-ended', params: { slots: 1 } }, '1 monthly avatar slot ended: annual billing offers yearly slots only'],
  'monthly-slots': [{ code: 'monthly-slots', params: { slots: 2, price: centsOf(2900) } }, '2 monthly avatar slots from the next charge ($29 each a month)'],
  'annual-slots': [{ code: 'annual-slots', params: { slots: 1, dropped: true } }, '1 annual avatar slot (the others are not renewed; no refund)'],
  'balance-check': [
    { code: 'balance-check', params: { actual: creditsFromDecimal(3180.67), computed: creditsFromWhole(1790), difference: creditsFromDecimal(1390.67) } },
    'Balance check: 3180.67 shown, 1790 computed (+1390.67)',
  ],
  'auto-reload-on': [{ code: 'auto-reload-on', params: { blocks: 1, threshold: 1500 } }, 'Auto-reload on: 1 block when the balance falls below 1500'],
  'auto-reload-off': [{ code: 'auto-reload-off', params: {} }, 'Auto-reload off'],
  'seats-at-start': [{ code: 'seats-at-start', params: { seats: 3, charge: centsOf(18_900) } }, '3 seats from the start: the first charge is $189'],
  'seats-next': [{ code: 'seats-next', params: { seats: 1 } }, '1 seat from the next charge'],
} satisfies { [C in NoteSays['code']]: [NoteSays & { readonly code: C }, string] };

const CHARGES = {
  plan: [{ code: 'plan', params: { plan: { ...business, billing: 'annual' }, seats: 3, credit: { amount: centsOf(7926), billing: 'monthly', daysLeft: 13, days: 31 } } }, 'Business (annual), 3 seats, less $79.26 unused of the monthly period (13/31 days)'],
  upgrade: [{ code: 'upgrade', params: { from: creator, to: pro(2000), difference: centsOf(3900), daysLeft: 14, days: 31 } }, 'Upgrade Creator (monthly) → Pro 2,000 (monthly): $39 × 14/31 days'],
  'slots-monthly': [{ code: 'slots-monthly', params: { slots: 2 } }, '2 avatar slots (monthly)'],
  'slots-annual': [{ code: 'slots-annual', params: { slots: 1 } }, '1 avatar slot (annual)'],
  'slots-renewal': [{ code: 'slots-renewal', params: { slots: 1 } }, '1 avatar slot (annual renewal)'],
  addon: [{ code: 'addon', params: { blocks: 1, credits: 100 } }, 'Add-on: 1 block of 100 credits'],
  'auto-reload': [{ code: 'auto-reload', params: { blocks: 10, credits: 100, times: 2 } }, 'Auto-reload × 2: 10 blocks of 100 credits'],
} satisfies { [C in ChargeReason['code']]: [ChargeReason & { readonly code: C }, string] };

const REFUSALS = {
  'insufficient-credits': [{ code: 'insufficient-credits', params: { needs: creditsFromWhole(10_000), available: creditsFromWhole(4700), short: creditsFromWhole(5300) } }, 'needs 10,000 credits, 4,700 available: 5,300 short'],
  'reload-cap': [{ code: 'reload-cap', params: { reloads: 1234, max: 1000 } }, 'would take 1,234 auto-reloads at once, more than the 1,000 assumed possible: buy add-on blocks first'],
  'free-no-credits': [{ code: 'free-no-credits', params: { feature: 'veo3' } }, 'VEO3 uses credits, and Free has none: subscribe to a paid plan'],
  'free-length': [{ code: 'free-length', params: { maxMinutes: 3 } }, 'a Free video is at most 3 minutes in your region'],
  'free-quota': [{ code: 'free-quota', params: { videos: 3, used: 2 } }, 'the Free quota of 3 videos is down to 1'],
} satisfies { [C in RefusalReason['code']]: [RefusalReason & { readonly code: C }, string] };

type FindingOf<R extends FindingSays['rule']> = Extract<FindingSays, { rule: R }> & { readonly allowedBy: 'creator' | 'pro' | 'business' | null };
const FINDINGS = {
  'free-no-credits': [{ rule: 'free-no-credits', line: 1, params: { feature: 'image-asset' }, allowedBy: 'creator' }, 'Line 2: Generate Image Assets uses credits, and Free has none'],
  'max-length': [{ rule: 'max-length', line: 0, params: { feature: 'avatar-iv', seconds: 2700, plan: 'pro', maxMinutes: 30 }, allowedBy: 'business' }, 'Line 1: a 45-minute Avatar IV / Avatar V video is longer than Pro allows (30 minutes); Business allows 60 minutes'],
  resolution: [{ rule: 'resolution', params: { wanted: '4k', plan: 'creator', max: '1080p' }, allowedBy: 'pro' }, '4K export is not on Creator (up to 1080p); Pro exports 4K'],
  'avatar-slots': [{ rule: 'avatar-slots', params: { avatars: 2, plan: 'creator', included: 1, extraSlots: 0 }, allowedBy: 'business' }, '2 custom avatars, and Creator includes 1: add 1 avatar slot ($29/month or $300/year each), or Business includes 5'],
  'insufficient-credits': [
    { rule: 'insufficient-credits', params: { needs: creditsFromWhole(2500), date: day('2026-03-25'), balance: creditsFromWhole(1500), short: creditsFromWhole(1000) }, allowedBy: null },
    'Needs 2,500 credits; the balance on 2026-03-25 is 1,500: 1,000 short',
  ],
  'free-quota': [{ rule: 'free-quota', params: { videos: 1, left: 0 }, allowedBy: 'creator' }, '1 video, and 0 of the Free quota are left'],
} satisfies { [R in FindingSays['rule']]: [FindingOf<R>, string] };

const SUGGESTIONS = {
  pull: [
    { code: 'pull', params: { project: 'Teaser', planned: day('2026-03-20'), before: day('2026-03-17'), uses: creditsFromWhole(500), expiring: creditsFromWhole(1000) } },
    'Pull “Teaser” (planned 2026-03-20) before 2026-03-17: it would use 500 of the 1,000 credits that expire then.',
  ],
  'buy-blocks': [{ code: 'buy-blocks', params: { blocks: 3, price: centsOf(1500), project: 'Launch' } }, 'Buy 3 add-on blocks ($15) before “Launch”, or turn on auto-reload.'],
  'no-plan': [{ code: 'no-plan', params: { project: 'Epic', finding: FINDINGS.resolution[0] } }, 'No self-serve plan makes “Epic” (4K export is not on Creator (up to 1080p); Pro exports 4K): Enterprise sets custom limits.'],
  move: [
    { code: 'move', params: { option: { label: 'Pro 2,000', monthly: centsOf(8800), estimated: false }, projects: ['A', 'B', 'C'], today: centsOf(2013) } },
    'Move to Pro 2,000 ($88/month) before “A”, “B” and “C”: the cheapest plan on which they fit; changing today charges $20.13.',
  ],
} satisfies { [C in Suggestion['code']]: [Suggestion & { readonly code: C }, string] };

describe('every code, as the command line words it (FILE_WORDS: the sentences the engine wrote before it spoke data)', () => {
  it.each(Object.values(NOTES))('note %j', (note, words) => expect(noteText(note, FILE_WORDS)).toBe(words));
  it.each(Object.values(CHARGES))('charge %j', (reason, words) => expect(chargeText(reason, FILE_WORDS)).toBe(words));
  it.each(Object.values(REFUSALS))('refusal %j', (reason, words) => expect(refusalText(reason, FILE_WORDS)).toBe(words));
  it.each(Object.values(FINDINGS))('finding %j', (finding, words) => expect(findingText(finding, FILE_WORDS)).toBe(words));
  it.each(Object.values(SUGGESTIONS))('suggestion %j', (suggestion, words) => expect(suggestionText(suggestion, FILE_WORDS)).toBe(words));

  it('a notice: its title and body', () => {
    const expiry: Notice = { key: 'expiry:2026-03-17', code: 'expiry', params: { date: day('2026-03-17'), credits: creditsFromWhole(1) } };
    const runout: Notice = { key: 'runout:2026-03-02', code: 'runout', params: { date: day('2026-03-02'), renewal: day('2026-03-17') } };
    expect(noticeText(expiry, FILE_WORDS)).toEqual({ title: '1 credit expires on 2026-03-17', body: 'Use it before then, or it is lost.' });
    expect(noticeText(runout, FILE_WORDS)).toEqual({ title: 'Credits run out around 2026-03-02', body: 'At your current pace, before the renewal on 2026-03-17.' });
  });
});

/** The other side of each choice the words make: one or many, with or without, up to or past a bound. */
/** Each worded inside its test: a mutant is active only while a test runs. */
const OTHER_SIDES: [string, string, () => string][] = [
  ['note', '2 monthly avatar slots ended: annual billing offers yearly slots only', () => noteText({ code: 'monthly-slots-ended', params: { slots: 2 } }, FILE_WORDS)],
  ['note', '1 monthly avatar slot from the next charge ($29 each a month)', () => noteText({ code: 'monthly-slots', params: { slots: 1, price: centsOf(2900) } }, FILE_WORDS)],
  ['note', '3 annual avatar slots', () => noteText({ code: 'annual-slots', params: { slots: 3, dropped: false } }, FILE_WORDS)],
  ['note', 'Pro 1,000 (monthly) → Creator (monthly) on 2026-02-17, at the end of the cycle; credits already granted keep their expiry', () => noteText({ code: 'change-scheduled', params: { from: pro(1000), to: creator, on: day('2026-02-17') } }, FILE_WORDS)],
  ['note', 'Balance check: 100 shown, 150.5 computed (-50.5)', () => noteText({ code: 'balance-check', params: { actual: creditsFromWhole(100), computed: creditsFromDecimal(150.5), difference: creditsFromDecimal(-50.5) } }, FILE_WORDS)],
  ['note', 'Balance check: 100 shown, 100 computed (+0)', () => noteText({ code: 'balance-check', params: { actual: creditsFromWhole(100), computed: creditsFromWhole(100), difference: creditsFromWhole(0) } }, FILE_WORDS)],
  ['note', 'Auto-reload on: 2 blocks when the balance falls below 300', () => noteText({ code: 'auto-reload-on', params: { blocks: 2, threshold: 300 } }, FILE_WORDS)],
  ['note', '1 seat from the start: the first charge is $149', () => noteText({ code: 'seats-at-start', params: { seats: 1, charge: centsOf(14_900) } }, FILE_WORDS)],
  ['note', '4 seats from the next charge', () => noteText({ code: 'seats-next', params: { seats: 4 } }, FILE_WORDS)],
  ['charge', 'Business (monthly)', () => chargeText({ code: 'plan', params: { plan: business, seats: 1, credit: null } }, FILE_WORDS)],
  ['charge', 'Pro 1,000 (monthly)', () => chargeText({ code: 'plan', params: { plan: pro(1000), seats: 2, credit: null } }, FILE_WORDS)],
  ['charge', '1 avatar slot (monthly)', () => chargeText({ code: 'slots-monthly', params: { slots: 1 } }, FILE_WORDS)],
  ['charge', '2 avatar slots (annual)', () => chargeText({ code: 'slots-annual', params: { slots: 2 } }, FILE_WORDS)],
  ['charge', '3 avatar slots (annual renewal)', () => chargeText({ code: 'slots-renewal', params: { slots: 3 } }, FILE_WORDS)],
  ['charge', 'Add-on: 4 blocks of 400 credits', () => chargeText({ code: 'addon', params: { blocks: 4, credits: 400 } }, FILE_WORDS)],
  ['charge', 'Auto-reload: 1 block of 100 credits', () => chargeText({ code: 'auto-reload', params: { blocks: 1, credits: 100, times: 1 } }, FILE_WORDS)],
  ['refusal', 'needs 1 credit, 0 available: 1 short', () => refusalText({ code: 'insufficient-credits', params: { needs: creditsFromWhole(1), available: creditsFromWhole(0), short: creditsFromWhole(1) } }, FILE_WORDS)],
  ['refusal', 'a Free video is at most 1 minute in your region', () => refusalText({ code: 'free-length', params: { maxMinutes: 1 } }, FILE_WORDS)],
  ['refusal', 'the Free quota of 1 video is used up', () => refusalText({ code: 'free-quota', params: { videos: 1, used: 1 } }, FILE_WORDS)],
  ['refusal', 'the Free quota of 3 videos is down to 3', () => refusalText({ code: 'free-quota', params: { videos: 3, used: 0 } }, FILE_WORDS)],
  ['finding', 'Line 3: a 2.5-minute Avatar IV / Avatar V video is longer than Creator allows (30 minutes)', () => findingText({ rule: 'max-length', line: 2, params: { feature: 'avatar-iv', seconds: 150, plan: 'creator', maxMinutes: 30 }, allowedBy: null }, FILE_WORDS)],
  ['finding', 'Line 1: a 75-minute Avatar IV / Avatar V video is longer than Business allows (60 minutes); Enterprise allows custom lengths', () => findingText({ rule: 'max-length', line: 0, params: { feature: 'avatar-iv', seconds: 4500, plan: 'business', maxMinutes: 60 }, allowedBy: 'enterprise' }, FILE_WORDS)],
  ['finding', '1080p export is not on Free (up to 720p)', () => findingText({ rule: 'resolution', params: { wanted: '1080p', plan: 'free', max: '720p' }, allowedBy: null }, FILE_WORDS)],
  ['finding', '4 custom avatars, and Pro includes 1 plus 2 add-on slots: add 1 avatar slot ($29/month or $300/year each)', () => findingText({ rule: 'avatar-slots', params: { avatars: 4, plan: 'pro', included: 1, extraSlots: 2 }, allowedBy: 'pro' }, FILE_WORDS)],
  ['finding', '3 custom avatars, and Pro includes 1 plus 1 add-on slot: add 1 avatar slot ($29/month or $300/year each)', () => findingText({ rule: 'avatar-slots', params: { avatars: 3, plan: 'pro', included: 1, extraSlots: 1 }, allowedBy: null }, FILE_WORDS)],
  ['finding', '1 custom avatar, and Free includes 0; Creator includes 1', () => findingText({ rule: 'avatar-slots', params: { avatars: 1, plan: 'free', included: 0, extraSlots: 0 }, allowedBy: 'creator' }, FILE_WORDS)],
  ['finding', '9 custom avatars, and Business includes 5: add 4 avatar slots ($29/month or $300/year each), or Enterprise includes custom', () => findingText({ rule: 'avatar-slots', params: { avatars: 9, plan: 'business', included: 5, extraSlots: 0 }, allowedBy: 'enterprise' }, FILE_WORDS)],
  ['finding', 'Needs 1 credit; the balance on 2026-03-25 is 0: 1 short', () => findingText({ rule: 'insufficient-credits', params: { needs: creditsFromWhole(1), date: day('2026-03-25'), balance: creditsFromWhole(0), short: creditsFromWhole(1) }, allowedBy: null }, FILE_WORDS)],
  ['finding', '2 videos, and 1 of the Free quota is left', () => findingText({ rule: 'free-quota', params: { videos: 2, left: 1 }, allowedBy: 'creator' }, FILE_WORDS)],
  ['suggestion', 'Pull “Teaser” (planned 2026-03-20) before 2026-03-17: it would use 1 of the 1 credit that expires then.', () => suggestionText({ code: 'pull', params: { project: 'Teaser', planned: day('2026-03-20'), before: day('2026-03-17'), uses: creditsFromWhole(1), expiring: creditsFromWhole(1) } }, FILE_WORDS)],
  ['suggestion', 'Buy 1 add-on block ($5) before “Launch”, or turn on auto-reload.', () => suggestionText({ code: 'buy-blocks', params: { blocks: 1, price: centsOf(500), project: 'Launch' } }, FILE_WORDS)],
  ['suggestion', 'Move to Pro 2,000 ($91.94/month, estimated) before “A”: the cheapest plan on which it fits.', () => suggestionText({ code: 'move', params: { option: { label: 'Pro 2,000', monthly: centsOf(9194), estimated: true }, projects: ['A'], today: centsOf(0) } }, FILE_WORDS)],
  ['suggestion', 'Move to Creator ($29/month) before “A” and “B”: the cheapest plan on which they fit; changing today charges $29.', () => suggestionText({ code: 'move', params: { option: { label: 'Creator', monthly: centsOf(2900), estimated: false }, projects: ['A', 'B'], today: centsOf(2900) } }, FILE_WORDS)],
  ['notice', '2 credits expire on 2026-03-17', () => noticeText({ key: 'expiry:2026-03-17', code: 'expiry', params: { date: day('2026-03-17'), credits: creditsFromWhole(2) } }, FILE_WORDS).title],
  ['notice', 'Use them before then, or they are lost.', () => noticeText({ key: 'expiry:2026-03-17', code: 'expiry', params: { date: day('2026-03-17'), credits: creditsFromWhole(2) } }, FILE_WORDS).body],
];

describe('every choice of words, its other side too', () => {
  it.each(OTHER_SIDES)('%s: %s', (_kind, words, text) => expect(text()).toBe(words));
});

describe('the usage form’s line on Free: the free videos it takes, or why Free refuses it', () => {
  const free = { quota: 3, used: 1, maxMinutes: 3 };
  it.each<[string, Parameters<typeof freeUsageText>[1], typeof free, string]>([
    ['one video, of several left', { feature: 'avatar-iii', minutes: 2 }, free, 'Uses 1 of the 2 free videos left, no credits'],
    ['two videos at once', { feature: 'avatar-iii', minutes: 1, videos: 2 }, free, 'Uses 2 of the 2 free videos left, no credits'],
    ['the last one', { feature: 'avatar-iii', minutes: 1 }, { ...free, used: 2 }, 'Uses 1 of the 1 free video left, no credits'],
    ['more than are left', { feature: 'avatar-iii', minutes: 1, videos: 3 }, free, 'Refused on Free: the Free quota of 3 videos is down to 2'],
    ['too long', { feature: 'avatar-iii', minutes: 4 }, free, 'Refused on Free: a Free video is at most 3 minutes in your region'],
    ['a feature that takes credits', { feature: 'veo3', count: 1 }, free, 'Refused on Free: VEO3 uses credits, and Free has none: subscribe to a paid plan'],
  ])('%s', (_what, measure, quota, words) => expect(freeUsageText(quota, measure, FILE_WORDS)).toBe(words));
});

describe("each value goes through the edge's own formatter, never pre-written", () => {
  const MARKED: Formatters = { date: (d) => `<date ${d}>`, money: (c) => `<money ${c}>`, credits: (c) => `<credits ${c}>`, plan: (p) => `<plan ${p.plan}>` };

  it.each<[string, string, string]>([
    ['a date and a plan (a note)', noteText(NOTES['cancel-scheduled'][0], MARKED), 'Cancel: <plan pro> runs until <date 2026-03-17>, when every remaining credit is forfeited'],
    ['money, credits and a date (a note)', noteText(NOTES.upgraded[0], MARKED), 'Upgrade to <plan pro> at once: <money 2013> prorated for 16 of 31 days, <credits 3600000> more credits that day; the full allocation from <date 2026-02-10>'],
    ['money and plans (a charge)', chargeText(CHARGES.upgrade[0], MARKED), 'Upgrade <plan creator> → <plan pro>: <money 3900> × 14/31 days'],
    ['credits (a refusal)', refusalText(REFUSALS['insufficient-credits'][0], MARKED), 'needs <credits 36000000> credits, <credits 16920000> available: <credits 19080000> short'],
    ['credits and a date (a finding)', findingText(FINDINGS['insufficient-credits'][0], MARKED), 'Needs <credits 9000000> credits; the balance on <date 2026-03-25> is <credits 5400000>: <credits 3600000> short'],
    ['dates and credits (a suggestion)', suggestionText(SUGGESTIONS.pull[0], MARKED), 'Pull “Teaser” (planned <date 2026-03-20>) before <date 2026-03-17>: it would use <credits 1800000> of the <credits 3600000> credits that expire then.'],
    ['a date (a notice)', noticeText({ key: 'runout:2026-03-02', code: 'runout', params: { date: day('2026-03-02'), renewal: day('2026-03-17') } }, MARKED).body, 'At your current pace, before the renewal on <date 2026-03-17>.'],
  ])('%s', (_, words, expected) => expect(words).toBe(expected));

  it('a balance check keeps the figures as the vendor shows them, to the hundredth and ungrouped, whatever the edge', () => {
    expect(noteText(NOTES['balance-check'][0], MARKED)).toBe(NOTES['balance-check'][1]);
  });
});

describe('what the engine says about a real account, worded', () => {
  const account = accountParse({
    format: 'credit-companion/account@1',
    events: [
      { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
      { date: '2026-02-03', type: 'change-plan', plan: 'pro', credits: 2000 },
      { date: '2026-02-10', type: 'usage', feature: 'avatar-iv', minutes: 200 },
      { date: '2026-03-20', type: 'change-plan', plan: 'creator' },
    ],
  });
  if (!account.ok) throw new Error(account.error.message);

  it('the ledger: notes, charges and refusals', () => {
    const ledger = ledgerCompute(account.value, day('2026-04-30'));
    if (!ledger.ok) throw new Error(ledger.error.message);
    expect(ledger.value.notes.map((n) => noteText(n, FILE_WORDS))).toEqual([
      'New subscription to Pro 1,000 (monthly) from that day',
      'Upgrade to Pro 2,000 (monthly) at once: $19.39 prorated for 14 of 31 days, 1,000 more credits that day; the full allocation from 2026-02-17',
      'Pro 2,000 (monthly) → Creator (monthly) on 2026-04-17, at the end of the cycle; credits already granted keep their expiry',
      'Pro 2,000 (monthly) → Creator (monthly) took effect',
    ]);
    expect(ledger.value.charges.map((c) => chargeText(c.reason, FILE_WORDS))).toEqual(['Pro 1,000 (monthly)', 'Upgrade Pro 1,000 (monthly) → Pro 2,000 (monthly): $42.94 × 14/31 days', 'Pro 2,000 (monthly)', 'Pro 2,000 (monthly)', 'Creator (monthly)']);
    expect(ledger.value.refused.map((r) => refusalText(r.reason, FILE_WORDS))).toEqual(['needs 4,000 credits, 2,000 available: 2,000 short']);
  });

  it('a quote and the pipeline: findings and suggestions', () => {
    const project: Project = { format: PROJECT_FORMAT, name: 'Launch', date: day('2026-05-01'), resolution: '4k', lines: [{ feature: 'avatar-iv', minutes: 45 }] };
    const quote = quoteCompute(project, { account: account.value });
    if (!quote.ok) throw new Error(quote.error.message);
    expect(quote.value.findings.map((f) => findingText(f, FILE_WORDS))).toEqual([
      'Line 1: a 45-minute Avatar IV / Avatar V video is longer than Creator allows (30 minutes); Business allows 60 minutes',
      '4K export is not on Creator (up to 1080p); Pro exports 4K',
    ]);
    const pipeline = pipelineCompute(account.value, [project], day('2026-04-20'), 1);
    if (!pipeline.ok) throw new Error(pipeline.error.message);
    expect(pipeline.value.suggestions.map((s) => suggestionText(s, FILE_WORDS))).toEqual([expect.stringMatching(/^Move to Business \(\$149\/month\) before “Launch”: the cheapest plan on which it fits; changing today charges \$\d+(\.\d\d)?\.$/)]);
  });
});
