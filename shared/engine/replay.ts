/**
 * Replay: turn an account's event log into its state on a date. Events apply in
 * date order (file order within a day), each day after its cycle start and
 * expiries. Rules that depend on the plan at the time are checked here and
 * reported as errors naming the event.
 */
import { AVATAR_SLOT, BUSINESS, FREE_QUOTA, PLANS } from '../catalog/plans.ts';
import { RATE_CARD_2026_11, rateOf, type RateCard } from '../catalog/rateCard.ts';
import { dateAddYears } from '../dates.ts';
import { reject } from '../errors.ts';
import type { Account, AccountEvent, UsageEvent } from '../formats/account.ts';
import { centsOf, creditsAdd, creditsFromDecimal, creditsFromWhole, creditsNeg, creditsOf, creditsSub, ZERO_CENTS, ZERO_CREDITS, type Credits, type IsoDate } from '../units.ts';
import { dayAdd } from './days.ts';
import { measureCost, measureSeconds, type Measure } from './cost.ts';
import { eventCancel, eventChangePlan, eventPause, eventSubscribe } from './planChange.ts';
import { tierPricesFromFile } from './pricing.ts';
import { ADJUSTMENT_BASIS, type Draw } from './lots.ts';
import { stateCharge, stateConsume, stateExpire, stateGrant, stateNew, stateNote, type Catalog, type LotWatcher, type MonthUsage, type RefusalCode, type RefusalReason, type State, type Subscription } from './state.ts';
import { cycleBoundary, planLabel, seatsAtStart, slotsNextRenewal, slotsRenew } from './subscription.ts';

export function catalogOf(account: Account, card: RateCard = RATE_CARD_2026_11): Catalog {
  return {
    card,
    rounding: account.rounding ?? card.rounding,
    proTiers: tierPricesFromFile(account.proTiers),
    freeQuota: account.freeQuota ?? { videos: FREE_QUOTA.videos.default, maxMinutes: FREE_QUOTA.maxMinutes.default },
  };
}

/** Event indices in the order they apply: by date, file order within a day. */
export function replayOrder(events: readonly AccountEvent[]): number[] {
  const order = events.map((_, i) => i);
  // Stryker disable next-line BooleanLiteral: a file in order only spares the sort, which leaves it as it is.
  let sorted = true;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the same: saying a file in order is not only sorts it, to the same order.
  for (let i = 1; i < events.length; i++) if (events[i]!.date < events[i - 1]!.date) sorted = false;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: the sort (stable, the order starting as the file's) only ever asks of two events whether the later one in the array goes first, so the tie and "after" answers are never asked the other way round; replay.test holds a long scrambled file to its order.
  if (!sorted) order.sort((a, b) => (events[a]!.date < events[b]!.date ? -1 : events[a]!.date > events[b]!.date ? 1 : a - b));
  return order;
}

/**
 * Move the state forward to `date`: every expiry, slot renewal and cycle start on or before it, in date order; `onStep` is told each date the calendar acted on.
 * Each step must leave nothing due on its date (or before): the dates stepped on only go up, so the walk ends. A step that
 * does not is a bug, and throws rather than loop for ever.
 */
export function advanceTo(s: State, date: IsoDate, onStep?: (date: IsoDate) => void): void {
  let last: IsoDate | null = null;
  for (;;) {
    const sub = s.sub;
    let next: IsoDate | null = sub ? sub.nextCycleStart : null;
    const front = s.lots[0];
    // Stryker disable next-line EqualityOperator: on a tie (<=) next takes the same date.
    if (front && front.expiresOn !== null && (next === null || front.expiresOn < next)) next = front.expiresOn;
    const slot = slotsNextRenewal(sub);
    // Stryker disable next-line EqualityOperator: on a tie (<=) next takes the same date.
    if (slot !== null && (next === null || slot < next)) next = slot;
    if (next === null || next > date) break;
    if (last !== null && next <= last) throw new Error(`advanceTo: the calendar stood still: after its step on ${last}, an expiry, cycle start or renewal on ${next} is still due (an engine bug; the walk to ${date} would never end)`);
    last = next;
    stateExpire(s, next);
    if (sub && sub.nextCycleStart === next) cycleBoundary(s);
    slotsRenew(s, next);
    onStep?.(next);
  }
  s.cursor = date;
}

function businessOnly(s: State, index: number, what: string, advice: 'credits' | 'none' = 'credits'): Subscription {
  const sub = s.sub;
  const plan = sub ? sub.choice.plan : 'free';
  if (sub && plan === 'business') return sub;
  // Only Business, which returned above, has no advice.
  const more = advice === 'credits' ? PLANS[plan].noAddonsAdvice! : `The account is on ${sub ? planLabel(sub.choice) : 'Free'}.`;
  reject('invalid-event', `events[${index}].type`, `${what} ${what.endsWith('s') ? 'are' : 'is'} for Business only. ${more}`);
}

/** Buy `blocks` add-on blocks, `times` over, as one charge: 100 credits each, no expiry. */
function buyBlocks(s: State, date: IsoDate, blocks: number, kind: 'addon' | 'auto-reload', times = 1): void {
  const total = blocks * times;
  const credits = creditsFromWhole(total * BUSINESS.block.credits);
  const cents = centsOf(total * BUSINESS.block.price);
  const blocksOf = { blocks: total, credits: BUSINESS.block.credits };
  stateCharge(s, date, cents, kind, kind === 'addon' ? { code: 'addon', params: blocksOf } : { code: 'auto-reload', params: { ...blocksOf, times } });
  stateGrant(s, 'addon', date, credits, { cycle: null, date: null }, { source: kind, cents, credits: total * BUSINESS.block.credits, plan: null, assumptions: [] });
  s.assumptions.add('addons-no-expiry');
}

function refuse(s: State, index: number, e: UsageEvent, cost: Credits, shortfall: Credits, code: RefusalCode, reason: RefusalReason): void {
  s.refused.push({ index, date: e.date, feature: e.feature, credits: cost, shortfall, code, reason });
}

/** Count a usage that went through in the state's usage totals, when it keeps them. */
function usageCount(s: State, e: UsageEvent, cost: Credits, freeVideos: number): void {
  const totals = s.usage;
  if (!totals) return;
  // Usages come in date order: most are in the month of the one before.
  // Stryker disable next-line MethodExpression: a shortcut: the month it finds is the one the map holds under its key (a state whose map was copied has no last), found by the lookup below.
  let month = totals.last !== null && e.date.startsWith(totals.last.key) ? totals.last.month : undefined;
  // Stryker disable next-line ConditionalExpression: the same: the lookup finds the month the shortcut found.
  if (!month) {
    const key = e.date.slice(0, 7);
    month = totals.byMonth.get(key);
    if (!month) totals.byMonth.set(key, (month = { total: ZERO_CREDITS, byFeature: {}, freeVideos: 0 }));
    totals.last = { key, month };
  }
  month.total = creditsAdd(month.total, cost);
  if (freeVideos > 0) month.freeVideos += freeVideos;
  else month.byFeature[e.feature] = creditsAdd(month.byFeature[e.feature] ?? ZERO_CREDITS, cost);
  dayAdd(totals.byDay, e.date, cost);
}

/** What a usage's own figures rest on: its length billed to the second, when the seconds billed are not the length given (but for a double's rounding). */
export function usageAssumptions(s: State, e: UsageEvent): void {
  const length = e.seconds ?? (e.minutes ?? 0) * 60;
  // Stryker disable next-line EqualityOperator: no length is billed exactly 1e-9 s off: under half a second it bills as 1 s, and from there on the difference is a multiple of the length's last bit (2^-53 or more), which 1e-9 is not.
  if (length > 0 && Math.abs(length - measureSeconds(e)) > 1e-9) s.assumptions.add('duration-seconds');
}

function eventUsage(s: State, e: UsageEvent, index: number): void {
  const cost = measureCost(s.catalog.card, e, s.catalog.rounding);
  s.usageCosts[index] = cost;
  usageAssumptions(s, e);
  const sub = s.sub;
  if (!sub) return usageOnFree(s, e, index, cost);
  if (!PLANS[sub.choice.plan].creditBased) {
    s.legacyUsage = creditsAdd(s.legacyUsage, cost);
    return usageCount(s, e, cost, 0);
  }
  const available = s.balance;
  const shortfall = consumeCredits(s, e.date, cost, index);
  if (shortfall === 0) return usageCount(s, e, cost, 0);
  const reload = sub.autoReload;
  const why: RefusalReason = reload
    ? { code: 'reload-cap', params: { reloads: reloadsToCover(shortfall, reload.blocks), max: MAX_RELOADS_PER_USAGE } }
    : { code: 'insufficient-credits', params: { needs: cost, available, short: shortfall } };
  refuse(s, index, e, cost, shortfall, 'insufficient-credits', why);
}

/**
 * Spend the usages at replay positions [from, to) of `order`, all on the state's day, in one step, when none of
 * them can be refused nor buy an auto-reload: the plan has credits, the balance covers their sum and leaves it at
 * the auto-reload threshold or above. The state is then as the usages one by one would leave it (the same lots
 * drawn, in the same order, as `draws` says when given; without, the state must have no watcher). `costs`: what
 * each usage costs, by file index, where known (NaN, or 0 from a usage once taken on Free: worked out here).
 * Returns false when the run cannot be spent at once, having only noted what each usage costs (as each usage
 * does first).
 */
export function usageRunSpent(s: State, events: readonly AccountEvent[], order: Int32Array, from: number, to: number, costs: Float64Array, draws?: Draw[]): boolean {
  const sub = s.sub;
  if (!sub || !PLANS[sub.choice.plan].creditBased || (s.watcher && !draws)) return false;
  let total = ZERO_CREDITS;
  for (let p = from; p < to; p++) {
    const index = order[p]!;
    const known = costs[index]!;
    const cost = known > 0 ? creditsOf(known) : measureCost(s.catalog.card, events[index] as UsageEvent, s.catalog.rounding);
    s.usageCosts[index] = cost;
    total = creditsAdd(total, cost);
  }
  const reload = sub.autoReload;
  if (total > s.balance || (reload !== null && creditsSub(s.balance, total) < reload.threshold)) return false;
  stateConsume(s, s.cursor!, total, draws);
  const totals = s.usage;
  let month: MonthUsage | undefined;
  if (totals) {
    const date = s.cursor!;
    // Stryker disable next-line MethodExpression: a shortcut, as usageCount's: the month it finds is the one the map holds under its key.
    month = totals.last !== null && date.startsWith(totals.last.key) ? totals.last.month : undefined;
    // Stryker disable next-line ConditionalExpression: the same: the lookup finds the month the shortcut found.
    if (!month) {
      const key = date.slice(0, 7);
      month = totals.byMonth.get(key);
      if (!month) totals.byMonth.set(key, (month = { total: ZERO_CREDITS, byFeature: {}, freeVideos: 0 }));
      totals.last = { key, month };
    }
    month.total = creditsAdd(month.total, total);
    dayAdd(totals.byDay, date, total);
  }
  for (let p = from; p < to; p++) {
    const index = order[p]!;
    const e = events[index] as UsageEvent;
    const cost = creditsOf(s.usageCosts[index]!);
    usageAssumptions(s, e);
    if (month) month.byFeature[e.feature] = creditsAdd(month.byFeature[e.feature] ?? ZERO_CREDITS, cost);
  }
  return true;
}

/** A bound on auto-reloads for one usage: a real card would be declined long before, and the replay stays bounded. */
const MAX_RELOADS_PER_USAGE = 1000;

function reloadsToCover(shortfall: number, blocks: number): number {
  return Math.ceil(shortfall / creditsFromWhole(blocks * BUSINESS.block.credits));
}

/** Consume credits for event `index`, telling the state's watcher, when there is one, which lots paid. */
function stateConsumeWatched(s: State, date: IsoDate, amount: Credits, index: number): void {
  if (!s.watcher) return stateConsume(s, date, amount);
  const draws: Draw[] = [];
  stateConsume(s, date, amount, draws);
  s.watcher.consumed(index, draws);
}

/**
 * Spend `cost` credits on a credit plan, as the vendor would: with auto-reload
 * on, reloads are bought until the balance covers it, and once more if it leaves
 * the balance below the threshold. Returns the shortfall (0 when spent); a usage
 * that falls short consumes nothing. `index`: the usage spending them, for the
 * state's watcher (a projection's spending has none).
 */
// Stryker disable next-line UnaryOperator: the index only reaches the state's watcher, and the spending that leaves it out (a projection's, on a fork) has none.
export function consumeCredits(s: State, date: IsoDate, cost: Credits, index = -1): Credits {
  const reload = s.sub?.autoReload ?? null;
  if (reload && cost > s.balance) {
    const reloads = reloadsToCover(cost - s.balance, reload.blocks);
    if (reloads <= MAX_RELOADS_PER_USAGE) buyBlocks(s, date, reload.blocks, 'auto-reload', reloads);
    else s.assumptions.add('auto-reload-cap');
  }
  if (cost > s.balance) return creditsSub(cost, s.balance);
  stateConsumeWatched(s, date, cost, index);
  if (reload && s.balance < reload.threshold) buyBlocks(s, date, reload.blocks, 'auto-reload');
  return ZERO_CREDITS;
}

/** Why Free refuses a usage that took `videos` free videos after `used` (null: the quota takes it). */
export function freeRefusal(card: RateCard, quota: Catalog['freeQuota'], used: number, m: Measure): Extract<RefusalReason, { code: 'free-no-credits' | 'free-length' | 'free-quota' }> | null {
  const rate = rateOf(card, m.feature)!;
  const videos = m.videos ?? 1;
  // Stryker disable next-line ConditionalExpression: every length-limited feature of the rate card is priced by time; the test of the basis says what a video feature is, as quote.ts's does, for a card where that changes.
  if (rate.basis.kind !== 'time' || !rate.lengthLimited) return { code: 'free-no-credits', params: { feature: rate.id } };
  if (measureSeconds(m) > quota.maxMinutes * 60) return { code: 'free-length', params: { maxMinutes: quota.maxMinutes } };
  if (used + videos > quota.videos) return { code: 'free-quota', params: { videos: quota.videos, used } };
  return null;
}

/** A usage on Free takes free videos from the quota, never credits: it costs 0 credits. */
function usageOnFree(s: State, e: UsageEvent, index: number, cost: Credits): void {
  const refusal = freeRefusal(s.catalog.card, s.catalog.freeQuota, s.freeVideosUsed, e);
  if (refusal) {
    if (refusal.code === 'free-no-credits') s.assumptions.add('free-credit-features');
    return refuse(s, index, e, cost, cost, refusal.code, refusal);
  }
  const videos = e.videos ?? 1;
  s.freeVideosUsed += videos;
  s.usageCosts[index] = 0;
  s.usageFreeVideos.set(index, videos);
  usageCount(s, e, ZERO_CREDITS, videos);
}

function eventAvatarSlots(s: State, e: Extract<AccountEvent, { type: 'avatar-slots' }>, index: number): void {
  const sub = s.sub;
  if (!sub) reject('invalid-event', `events[${index}].type`, 'avatar slots are an add-on to a paid plan; the account is on Free');
  if (e.billing === 'monthly') {
    if (sub.choice.billing === 'annual') reject('invalid-event', `events[${index}].billing`, 'on annual billing avatar slots are sold yearly: use billing "annual"');
    sub.monthlySlots = e.count;
    s.assumptions.add('seats-next-charge');
    stateNote(s, e.date, 'avatar-slots', { code: 'monthly-slots', params: { slots: e.count, price: centsOf(AVATAR_SLOT.monthly) } }, index);
    return;
  }
  const held = sub.annualSlots.reduce((n, g) => n + g.count, 0);
  if (e.count > held) {
    const bought = e.count - held;
    sub.annualSlots.push({ boughtOn: e.date, count: bought, renewals: 0, nextRenewal: dateAddYears(e.date, 1) });
    stateCharge(s, e.date, centsOf(bought * AVATAR_SLOT.annual), 'avatar-slots', { code: 'slots-annual', params: { slots: bought } });
  } else {
    let drop = held - e.count;
    while (drop > 0) {
      const newest = sub.annualSlots.at(-1)!;
      const take = Math.min(drop, newest.count);
      newest.count -= take;
      drop -= take;
      if (newest.count === 0) sub.annualSlots.pop();
    }
  }
  stateNote(s, e.date, 'avatar-slots', { code: 'annual-slots', params: { slots: e.count, dropped: e.count < held } }, index);
}

function eventBalanceCheck(s: State, e: Extract<AccountEvent, { type: 'balance-check' }>, index: number): void {
  const sub = s.sub;
  if (!sub || !PLANS[sub.choice.plan].creditBased) {
    reject('invalid-event', `events[${index}].type`, `${sub ? 'a legacy unlimited plan' : 'Free'} has no credit balance to check`);
  }
  const actual = creditsFromDecimal(e.balance);
  const computed = s.balance;
  const difference = creditsSub(actual, computed);
  s.balanceChecks.push({ index, date: e.date, computed, actual, difference });
  // A difference above 0 is granted (stateGrant takes no amount of 0 or less), one below 0 consumed.
  stateGrant(s, 'adjustment', e.date, difference, sub.allocationExpiry, ADJUSTMENT_BASIS);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a difference of 0 consumes nothing, and the watcher (the report) hears a balance check draw on no lot, which no row shows.
  if (difference < 0) stateConsumeWatched(s, e.date, creditsNeg(difference), index);
  stateNote(s, e.date, 'balance-check', { code: 'balance-check', params: { actual, computed, difference } }, index);
}

/** Apply one event (the state already moved to its date). Throws `ExpectedError` for an event the plan at the time does not allow. */
function applyEvent(s: State, e: AccountEvent, index: number): void {
  switch (e.type) {
    case 'usage':
      return eventUsage(s, e, index);
    case 'subscribe':
      return eventSubscribe(s, e, index);
    case 'change-plan':
      return eventChangePlan(s, e, index);
    case 'cancel':
      return eventCancel(s, e.date, index);
    case 'pause':
      return eventPause(s, e.date, index);
    case 'addon': {
      businessOnly(s, index, 'add-on credit blocks');
      buyBlocks(s, e.date, e.blocks, 'addon');
      return;
    }
    case 'auto-reload': {
      const sub = businessOnly(s, index, 'auto-reload');
      sub.autoReload = e.blocks > 0 ? { threshold: creditsFromDecimal(e.threshold), blocks: e.blocks } : null;
      stateNote(s, e.date, 'auto-reload', e.blocks > 0 ? { code: 'auto-reload-on', params: { blocks: e.blocks, threshold: e.threshold } } : { code: 'auto-reload-off', params: {} }, index);
      return;
    }
    case 'seats': {
      const sub = businessOnly(s, index, 'seats', 'none');
      if (seatsAtStart(s, sub, e.date, e.count)) {
        s.assumptions.add('seats-at-start').add('seats-no-credits');
        stateNote(s, e.date, 'seats', { code: 'seats-at-start', params: { seats: e.count, charge: sub.startCharge?.charge?.amount ?? ZERO_CENTS } }, index);
        return;
      }
      sub.seats = e.count;
      s.assumptions.add('seats-next-charge').add('seats-no-credits');
      stateNote(s, e.date, 'seats', { code: 'seats-next', params: { seats: e.count } }, index);
      return;
    }
    case 'avatar-slots':
      return eventAvatarSlots(s, e, index);
    case 'balance-check':
      return eventBalanceCheck(s, e, index);
  }
}

/** The event a replay starts with (`first`, its index) must start a plan. */
export function firstMustSubscribe(events: readonly AccountEvent[], first: number | undefined): void {
  if (first !== undefined && events[first]!.type !== 'subscribe') {
    reject('invalid-event', `events[${first}].type`, `the first event must be a subscribe (the plan the account starts on), not ${JSON.stringify(events[first]!.type)}`);
  }
}

/** One step of a replay: move to the event's date, then apply it. */
export function replayStep(s: State, e: AccountEvent, index: number, onStep?: (date: IsoDate) => void): void {
  // Stryker disable next-line ConditionalExpression: a walk to the date the state is on does nothing: an event leaves nothing due on its own date (what it schedules comes later).
  if (s.cursor !== e.date) advanceTo(s, e.date, onStep);
  s.applying = index;
  applyEvent(s, e, index);
  s.applying = undefined;
}

/** What a replay tells an observer: a date the calendar acted on (a cycle start, an expiry, a renewal), or an event just applied. */
export type ReplayStep = { readonly kind: 'calendar'; readonly date: IsoDate } | { readonly kind: 'event'; readonly index: number };

/**
 * Replay the events dated on or before `until`, then move to `until`.
 * Throws `ExpectedError` for an event the plan at the time does not allow.
 * `observe` sees the state after each step (the history reads what each did);
 * `watcher` hears every lot's grant, draws and loss (the report values them).
 */
export function replayState(account: Account, until: IsoDate, card?: RateCard, observe?: (s: State, step: ReplayStep) => void, watcher?: LotWatcher): State {
  const s = stateNew(catalogOf(account, card), account.events.length);
  s.watcher = watcher ?? null;
  const onStep = observe && ((date: IsoDate) => observe(s, { kind: 'calendar', date }));
  const order = replayOrder(account.events);
  firstMustSubscribe(account.events, order[0]);
  for (const index of order) {
    const e = account.events[index]!;
    if (e.date > until) break;
    replayStep(s, e, index, onStep);
    observe?.(s, { kind: 'event', index });
  }
  advanceTo(s, until, onStep);
  return s;
}

/**
 * The state on `at`, with every event of the account checked: an invalid file is
 * invalid whatever date is asked about. Events after `at` cost a second pass,
 * only when there are any.
 */
export function replayValidated(account: Account, at: IsoDate): State {
  const s = replayState(account, at);
  const last = lastEventDate(account);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the second pass only checks the events after `at`; with none, it checks again events the first pass did, and its state is thrown away.
  if (last !== null && last > at) replayState(account, last);
  return s;
}

/**
 * How an engine function gets an account's state on a date (every event of
 * the account checked): a full replay unless the caller keeps one (the app's
 * incremental engine). The state is the caller's to read or advance; to spend
 * credits on it, fork it first (`stateFork`).
 */
export type StateSource = (at: IsoDate) => State;

export function fullReplay(account: Account): StateSource {
  return (at) => replayValidated(account, at);
}

/** The date of the last event (or null for an empty log). */
export function lastEventDate(account: Account): IsoDate | null {
  let last: IsoDate | null = null;
  // Stryker disable next-line EqualityOperator: on a tie (>=) last takes the same date.
  for (const e of account.events) if (last === null || e.date > last) last = e.date;
  return last;
}
