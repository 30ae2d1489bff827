/**
 * The engine's records in words. The engine says what happened as data (a note, a charge's reason, a refusal, a
 * finding, a suggestion: a code and its params); each edge words it here with its own formatters: the command line
 * and the files it writes with ISO dates (`FILE_WORDS`), the renderer in the user's locale (`renderer/format.ts`).
 */
import { AVATAR_SLOT, PLANS, type PlanId, type Resolution } from './catalog/plans.ts';
import { RATE_CARD_2026_11, rateOf } from './catalog/rateCard.ts';
import { freeRefusal } from './engine/replay.ts';
import type { Measure } from './engine/cost.ts';
import type { Ledger } from './engine/ledger.ts';
import type { Suggestion } from './engine/pipeline.ts';
import type { PlanChoice } from './engine/pricing.ts';
import type { FindingSays } from './engine/quote.ts';
import type { ChargeReason, NoteSays, RefusalReason } from './engine/state.ts';
import type { Notice } from './notices.ts';
import { planLabel } from './engine/subscription.ts';
import { numberLabel, pluralWord, usdLabel } from './text.ts';
import { centsOf, creditsToNumber, type Cents, type Credits, type IsoDate } from './units.ts';

/** How an edge writes the values a record carries. */
export interface Formatters {
  readonly date: (date: IsoDate) => string;
  /** Money in a sentence: "$49", "$17.61". */
  readonly money: (amount: Cents) => string;
  /** Credits, the number alone: "1,234.5". */
  readonly credits: (amount: Credits) => string;
  readonly plan: (choice: PlanChoice) => string;
}

/** What the command line and the files it writes say: ISO dates, dollars and credits as en-US writes them. */
export const FILE_WORDS: Formatters = {
  date: (date) => date,
  money: usdLabel,
  credits: (amount) => numberLabel(creditsToNumber(amount)),
  plan: planLabel,
};

/** "1 slot", "3 slots": a count, as it is. */
function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 credit", "1,234.5 credits". */
function creditsCounted(amount: Credits, f: Formatters): string {
  return `${f.credits(amount)} ${pluralWord(creditsToNumber(amount), 'credit', 'credits')}`;
}

/** A balance as the vendor shows it, to the hundredth: 3180.67, not 3180.6666666666665 (and no grouping, as typed). */
function asShown(amount: Credits): number {
  return Math.round(creditsToNumber(amount) * 100) / 100;
}

function featureName(feature: string): string {
  return rateOf(RATE_CARD_2026_11, feature)?.name ?? feature;
}

/** A note of the account's history in words. */
export function noteText(note: NoteSays, f: Formatters): string {
  switch (note.code) {
    case 'free-start':
      return 'On Free: a quota of free videos, no credits';
    case 'subscribed':
      return `New subscription to ${f.plan(note.params.plan)} from that day`;
    case 'stays':
      return `Stays on ${f.plan(note.params.plan)}: the scheduled change is withdrawn`;
    case 'already-on':
      return `Already on ${f.plan(note.params.plan)}: nothing changes`;
    case 'legacy-left':
      return `Legacy unlimited plan left for ${f.plan(note.params.plan)} (one-way): a new subscription from that day`;
    case 'cancel-withdrawn':
      return 'The scheduled cancel is withdrawn';
    case 'change-withdrawn':
      return `The scheduled change to ${f.plan(note.params.plan)} is withdrawn`;
    case 'upgraded': {
      const p = note.params;
      return `Upgrade to ${f.plan(p.plan)} at once: ${f.money(p.charge)} prorated for ${p.daysLeft} of ${p.days} days, ${f.credits(p.credits)} more credits that day; the full allocation from ${f.date(p.fullFrom)}`;
    }
    case 'billing-switched': {
      const p = note.params;
      return `Billing switch ${f.plan(p.from)} → ${f.plan(p.to)}: a new ${p.to.billing} period starts that day, less ${f.money(p.unused)} for the unused ${p.daysLeft} of ${p.days} days`;
    }
    case 'change-scheduled': {
      const p = note.params;
      return `${f.plan(p.from)} → ${f.plan(p.to)} on ${f.date(p.on)}, at the end of the ${p.from.billing === 'annual' ? 'year' : 'cycle'}; credits already granted keep their expiry`;
    }
    case 'downgraded':
      return `${f.plan(note.params.from)} → ${f.plan(note.params.to)} took effect`;
    case 'already-cancelled':
      return 'Already cancelled';
    case 'cancel-scheduled':
      return `Cancel: ${f.plan(note.params.plan)} runs until ${f.date(note.params.until)}, when every remaining credit is forfeited`;
    case 'cancelled':
      return `${f.plan(note.params.plan)} ended: now on Free; every remaining credit was forfeited`;
    case 'paused': {
      const p = note.params;
      return `Pause: the cycle due ${f.date(p.due)} starts ${f.date(p.starts)} instead (${p.days} days later), and cycles renew on day ${p.renewDay} of the month from then on`;
    }
    case 'monthly-slots-ended':
      return `${counted(note.params.slots, 'monthly avatar slot', 'monthly avatar slots')} ended: annual billing offers yearly slots only`;
    case 'monthly-slots':
      return `${counted(note.params.slots, 'monthly avatar slot', 'monthly avatar slots')} from the next charge (${f.money(note.params.price)} each a month)`;
    case 'annual-slots':
      return `${counted(note.params.slots, 'annual avatar slot', 'annual avatar slots')}${note.params.dropped ? ' (the others are not renewed; no refund)' : ''}`;
    case 'balance-check': {
      const p = note.params;
      return `Balance check: ${asShown(p.actual)} shown, ${asShown(p.computed)} computed (${p.difference >= 0 ? '+' : ''}${asShown(p.difference)})`;
    }
    case 'auto-reload-on':
      return `Auto-reload on: ${counted(note.params.blocks, 'block', 'blocks')} when the balance falls below ${note.params.threshold}`;
    case 'auto-reload-off':
      return 'Auto-reload off';
    case 'seats-at-start':
      return `${counted(note.params.seats, 'seat', 'seats')} from the start: the first charge is ${f.money(note.params.charge)}`;
    case 'seats-next':
      return `${counted(note.params.seats, 'seat', 'seats')} from the next charge`;
  }
}

/** What a charge is for, in words. */
export function chargeText(reason: ChargeReason, f: Formatters): string {
  switch (reason.code) {
    case 'plan': {
      const { plan, seats, credit } = reason.params;
      const seatsText = plan.plan === 'business' && seats > 1 ? `, ${seats} seats` : '';
      const less = credit ? `, less ${f.money(credit.amount)} unused of the ${credit.billing} period (${credit.daysLeft}/${credit.days} days)` : '';
      return `${f.plan(plan)}${seatsText}${less}`;
    }
    case 'upgrade': {
      const p = reason.params;
      return `Upgrade ${f.plan(p.from)} → ${f.plan(p.to)}: ${f.money(p.difference)} × ${p.daysLeft}/${p.days} days`;
    }
    case 'slots-monthly':
      return `${counted(reason.params.slots, 'avatar slot', 'avatar slots')} (monthly)`;
    case 'slots-annual':
      return `${counted(reason.params.slots, 'avatar slot', 'avatar slots')} (annual)`;
    case 'slots-renewal':
      return `${counted(reason.params.slots, 'avatar slot', 'avatar slots')} (annual renewal)`;
    case 'addon':
      return `Add-on: ${counted(reason.params.blocks, 'block', 'blocks')} of ${reason.params.credits} credits`;
    case 'auto-reload': {
      const p = reason.params;
      return `${p.times > 1 ? `Auto-reload × ${p.times}` : 'Auto-reload'}: ${counted(p.blocks, 'block', 'blocks')} of ${p.credits} credits`;
    }
  }
}

/** Why the vendor would refuse a usage, in words. */
export function refusalText(reason: RefusalReason, f: Formatters): string {
  switch (reason.code) {
    case 'insufficient-credits': {
      const p = reason.params;
      return `needs ${creditsCounted(p.needs, f)}, ${f.credits(p.available)} available: ${f.credits(p.short)} short`;
    }
    case 'reload-cap':
      return `would take ${numberLabel(reason.params.reloads)} auto-reloads at once, more than the ${numberLabel(reason.params.max)} assumed possible: buy add-on blocks first`;
    case 'free-no-credits':
      return `${featureName(reason.params.feature)} uses credits, and Free has none: subscribe to a paid plan`;
    case 'free-length':
      return `a Free video is at most ${counted(reason.params.maxMinutes, 'minute', 'minutes')} in your region`;
    case 'free-quota': {
      const { videos, used } = reason.params;
      return `the Free quota of ${counted(videos, 'video', 'videos')} is ${used >= videos ? 'used up' : `down to ${videos - used}`}`;
    }
  }
}

/** The usage form's cost line on Free: the free videos a usage would take (never credits), or why Free refuses it. */
export function freeUsageText(free: Ledger['freeVideos'], m: Measure, f: Formatters): string {
  const refusal = freeRefusal(RATE_CARD_2026_11, { videos: free.quota, maxMinutes: free.maxMinutes }, free.used, m);
  if (refusal) return `Refused on Free: ${refusalText(refusal, f)}`;
  const videos = m.videos ?? 1;
  const left = free.quota - free.used;
  return `Uses ${videos} of the ${left} free ${left === 1 ? 'video' : 'videos'} left, no credits`;
}

function resolutionName(r: Resolution): string {
  return r === '4k' ? '4K' : r;
}

/** "45-minute", "2.5-minute". */
function minutesLong(seconds: number): string {
  const minutes = seconds / 60;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)}-minute`;
}

function maxLengthText(by: PlanId | null): string {
  if (!by) return '';
  const max = PLANS[by].limits.maxVideoMinutes;
  return `; ${PLANS[by].name} allows ${max === null ? 'custom lengths' : `${max} minutes`}`;
}

function avatarSlotsText(p: Extract<FindingSays, { rule: 'avatar-slots' }>['params'], by: PlanId | null, f: Formatters): string {
  const name = PLANS[p.plan].name;
  const missing = p.avatars - p.included - p.extraSlots;
  const extra = p.extraSlots ? ` plus ${counted(p.extraSlots, 'add-on slot', 'add-on slots')}` : '';
  const addSlots = p.plan === 'free' ? '' : `: add ${counted(missing, 'avatar slot', 'avatar slots')} (${f.money(centsOf(AVATAR_SLOT.monthly))}/month or ${f.money(centsOf(AVATAR_SLOT.annual))}/year each)`;
  const other = by && by !== p.plan ? `${addSlots ? ', or' : ';'} ${PLANS[by].name} includes ${PLANS[by].limits.customAvatars ?? 'custom'}` : '';
  return `${p.avatars} custom ${pluralWord(p.avatars, 'avatar', 'avatars')}, and ${name} includes ${p.included}${extra}${addSlots}${other}`;
}

/** What a plan's limits or the balance say about a project, in words. */
export function findingText(finding: FindingSays & { readonly allowedBy: PlanId | null }, f: Formatters): string {
  const by = finding.allowedBy;
  switch (finding.rule) {
    case 'free-no-credits':
      return `Line ${finding.line + 1}: ${featureName(finding.params.feature)} uses credits, and Free has none`;
    case 'max-length': {
      const p = finding.params;
      return `Line ${finding.line + 1}: a ${minutesLong(p.seconds)} ${featureName(p.feature)} video is longer than ${PLANS[p.plan].name} allows (${p.maxMinutes} minutes)${maxLengthText(by)}`;
    }
    case 'resolution': {
      const p = finding.params;
      return `${resolutionName(p.wanted)} export is not on ${PLANS[p.plan].name} (up to ${resolutionName(p.max)})${by ? `; ${PLANS[by].name} exports ${resolutionName(p.wanted)}` : ''}`;
    }
    case 'avatar-slots':
      return avatarSlotsText(finding.params, by, f);
    case 'insufficient-credits': {
      const p = finding.params;
      return `Needs ${creditsCounted(p.needs, f)}; the balance on ${f.date(p.date)} is ${f.credits(p.balance)}: ${f.credits(p.short)} short`;
    }
    case 'free-quota': {
      const { videos, left } = finding.params;
      return `${videos} ${pluralWord(videos, 'video', 'videos')}, and ${left} of the Free quota ${left === 1 ? 'is' : 'are'} left`;
    }
  }
}

/** “A”, “A” and “B”, “A”, “B” and “C”. */
function namesList(names: readonly string[]): string {
  const quoted = names.map((n) => `“${n}”`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}`;
}

/** What the pipeline suggests, in words. */
export function suggestionText(suggestion: Suggestion, f: Formatters): string {
  switch (suggestion.code) {
    case 'pull': {
      const p = suggestion.params;
      return `Pull “${p.project}” (planned ${f.date(p.planned)}) before ${f.date(p.before)}: it would use ${f.credits(p.uses)} of the ${creditsCounted(p.expiring, f)} that ${pluralWord(creditsToNumber(p.expiring), 'expires', 'expire')} then.`;
    }
    case 'buy-blocks': {
      const p = suggestion.params;
      return `Buy ${counted(p.blocks, 'add-on block', 'add-on blocks')} (${f.money(p.price)}) before “${p.project}”, or turn on auto-reload.`;
    }
    case 'no-plan':
      return `No self-serve plan makes “${suggestion.params.project}” (${findingText(suggestion.params.finding, f)}): Enterprise sets custom limits.`;
    case 'move': {
      const { option, projects, today } = suggestion.params;
      const fits = projects.length === 1 ? 'it fits' : 'they fit';
      return `Move to ${option.label} (${f.money(option.monthly)}/month${option.estimated ? ', estimated' : ''}) before ${namesList(projects)}: the cheapest plan on which ${fits}${today > 0 ? `; changing today charges ${f.money(today)}` : ''}.`;
    }
  }
}

/** A warning's title and body, in words. */
export function noticeText(notice: Notice, f: Formatters): { readonly title: string; readonly body: string } {
  if (notice.code === 'runout') {
    const { date, renewal } = notice.params;
    return { title: `Credits run out around ${f.date(date)}`, body: `At your current pace, before the renewal on ${f.date(renewal)}.` };
  }
  const { date, credits } = notice.params;
  const n = creditsToNumber(credits);
  return { title: `${creditsCounted(credits, f)} ${pluralWord(n, 'expires', 'expire')} on ${f.date(date)}`, body: pluralWord(n, 'Use it before then, or it is lost.', 'Use them before then, or they are lost.') };
}
