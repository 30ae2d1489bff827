/**
 * The account's history, as a register: every event in the order the replay
 * applies it, and every date the calendar acted on (a cycle start, an expiry, a
 * renewal), each with what it did (credits granted, used, expired, forfeited,
 * the charges, the notes) and the balance once it was done. Read from the
 * replay itself, step by step: nothing here re-derives a rule.
 */
import { BUSINESS, PLANS } from '../catalog/plans.ts';
import { RATE_CARD_2026_11, rateOf } from '../catalog/rateCard.ts';
import { maxDate } from '../dates.ts';
import { attempt, type Result } from '../errors.ts';
import type { Account, AccountEvent, PlanEvent } from '../formats/account.ts';
import { lengthLabel, numberLabel, pluralWord } from '../text.ts';
import { creditsSub, ZERO_CREDITS, type Credits, type IsoDate } from '../units.ts';
import { measureSeconds } from './cost.ts';
import { lastEventDate, replayState, type ReplayStep } from './replay.ts';
import type { BalanceCheckRecord, Charge, Note, NoteKind, RefusalReason, State } from './state.ts';

/** What a row of the history is: an event of the account's file, or the calendar. */
export type HistoryKind = AccountEvent['type'] | 'calendar';

export interface HistoryRow {
  readonly date: IsoDate;
  /** The event's index in the account's file; null for what the calendar did. */
  readonly index: number | null;
  readonly kind: HistoryKind;
  /** A short name for it: "Avatar IV / Avatar V, 2 min", "Upgrade to Pro 2,000", "New cycle". */
  readonly title: string;
  readonly granted: Credits;
  readonly used: Credits;
  readonly expired: Credits;
  readonly forfeited: Credits;
  /** Free videos it took (on Free). */
  readonly freeVideos: number;
  readonly charges: readonly Charge[];
  /** The engine's notes about it (what changed and why). */
  readonly notes: readonly Note[];
  /** The credit balance once it was done. */
  readonly balance: Credits;
  /** A usage the vendor would have refused, and why (it cost nothing). */
  readonly refused: RefusalReason | null;
  /** A balance check: the balance shown, the one computed, and the difference (kept visible). */
  readonly check: Pick<BalanceCheckRecord, 'computed' | 'actual' | 'difference'> | null;
}

function planName(e: PlanEvent): string {
  const info = PLANS[e.plan];
  const tier = e.plan === 'pro' || e.plan === 'enterprise' ? ` ${numberLabel(e.credits ?? 0)}` : '';
  return `${info.name}${tier}${e.billing ? ` (${e.billing})` : ''}`;
}

/** How much of a feature a usage took, one format for every length (as billed): "2 min", "1 min 30 s", "3 looks". */
export function usageAmountText(e: Pick<Extract<AccountEvent, { type: 'usage' }>, 'feature' | 'count' | 'seconds' | 'minutes'>): string {
  const rate = rateOf(RATE_CARD_2026_11, e.feature)!;
  if (e.count !== undefined) return `${numberLabel(e.count)} ${pluralWord(e.count, rate.basis.label, `${rate.basis.label}s`)}`;
  return lengthLabel(measureSeconds(e));
}

/** What a plan change turned out to be, from the kind of the engine's note on it. */
const PLAN_CHANGE_TITLES: Partial<Record<NoteKind, string>> = {
  upgrade: 'Upgrade to',
  'downgrade-scheduled': 'Downgrade to',
  'billing-switch': 'Billing switch to',
  subscribe: 'New subscription to',
};

/**
 * The kind of the engine's note on event `index`, among `notes`, that tells what a plan change turned out to be: an
 * upgrade or a downgrade is noted after the withdrawal of a pending change or cancel it makes.
 */
export function planChangeKind(notes: readonly Note[], index: number): NoteKind | undefined {
  return notes.find((n) => n.index === index && PLAN_CHANGE_TITLES[n.kind] !== undefined)?.kind;
}

/** A short name for an event, as the history and the undo list show it; `noteKind`, the engine's note on it (`planChangeKind`), tells what a plan change was. */
export function eventTitle(e: AccountEvent, noteKind?: NoteKind): string {
  switch (e.type) {
    case 'usage': {
      const videos = e.videos ?? 1;
      return `${rateOf(RATE_CARD_2026_11, e.feature)!.name}, ${usageAmountText(e)}${videos > 1 ? ` × ${numberLabel(videos)} videos` : ''}`;
    }
    case 'subscribe':
      return `Subscribe to ${planName(e)}`;
    case 'change-plan':
      return `${(noteKind && PLAN_CHANGE_TITLES[noteKind]) ?? 'Plan change to'} ${planName(e)}`;
    case 'cancel':
      return 'Cancel the plan';
    case 'pause':
      return 'Pause the plan';
    case 'addon':
      return `Add-on: ${numberLabel(e.blocks)} ${e.blocks === 1 ? 'block' : 'blocks'} of ${BUSINESS.block.credits} credits`;
    case 'auto-reload':
      return e.blocks > 0 ? `Auto-reload: ${numberLabel(e.blocks)} ${e.blocks === 1 ? 'block' : 'blocks'} below ${numberLabel(e.threshold)} credits` : 'Auto-reload off';
    case 'seats':
      return `Seats: ${numberLabel(e.count)}`;
    case 'avatar-slots':
      return `Avatar slots: ${numberLabel(e.count)} (${e.billing})`;
    case 'balance-check':
      return `Balance check: ${numberLabel(e.balance)} shown`;
  }
}

/** A calendar date by what it did; a plan ends by its cancel's note, with or without credits left to forfeit. */
function calendarTitle(granted: number, expired: number, charges: readonly Charge[], notes: readonly Note[]): string {
  if (notes.some((n) => n.code === 'cancelled')) return 'Plan ended';
  if (granted > 0 || charges.some((c) => c.kind === 'plan')) return 'New cycle';
  if (expired > 0) return 'Credits expired';
  return 'Renewal';
}

/** A row as the replay leaves it: everything but its charges, read once the replay is done (`historyCharged`). */
export type RowDone = Omit<HistoryRow, 'charges'>;

/** What the history counts, as it stood after a step: the next step's row is the difference. */
export interface Tally {
  granted: Credits;
  used: Credits;
  expired: Credits;
  forfeited: Credits;
  free: number;
  charges: number;
  notes: number;
  refused: number;
  checks: number;
}

/** The tally of a new account, or of `s` now. */
export function tallyOf(s?: State): Tally {
  const t = { granted: ZERO_CREDITS, used: ZERO_CREDITS, expired: ZERO_CREDITS, forfeited: ZERO_CREDITS, free: 0, charges: 0, notes: 0, refused: 0, checks: 0 };
  if (s) tallyTake(t, s);
  return t;
}

/** Bring `t` to what `s` counts now (in place: it runs after every step of a replay). */
export function tallyTake(t: Tally, s: State): void {
  t.granted = s.totals.granted;
  t.used = s.totals.used;
  t.expired = s.totals.expired;
  t.forfeited = s.totals.forfeited;
  t.free = s.freeVideosUsed;
  t.charges = s.charges.length;
  t.notes = s.notes.length;
  t.refused = s.refused.length;
  t.checks = s.balanceChecks.length;
}

/**
 * The row a step made, read off the state after it against `was`, the tally before it; null for a calendar
 * step that did nothing the history shows. `was` is left as it was.
 */
export function stepRow(account: Account, s: State, step: ReplayStep, was: Tally): RowDone | null {
  const granted = creditsSub(s.totals.granted, was.granted);
  const used = creditsSub(s.totals.used, was.used);
  const expired = creditsSub(s.totals.expired, was.expired);
  const forfeited = creditsSub(s.totals.forfeited, was.forfeited);
  const newNotes = s.notes.slice(was.notes);
  // The calendar expires, grants, charges and notes; it never uses credits, and forfeits only with a cancel's note.
  if (step.kind === 'calendar' && granted === 0 && expired === 0 && s.charges.length === was.charges && newNotes.length === 0) return null;
  const check = s.balanceChecks.length > was.checks ? s.balanceChecks.at(-1)! : null;
  const common = {
    granted,
    used,
    expired,
    forfeited,
    freeVideos: s.freeVideosUsed - was.free,
    notes: newNotes,
    balance: s.balance,
    refused: s.refused.length > was.refused ? s.refused.at(-1)!.reason : null,
    check: check && { computed: check.computed, actual: check.actual, difference: check.difference },
  };
  // What the calendar charged (it only adds charges; an event may make one again, so its own are read at the end).
  if (step.kind === 'calendar') return { date: step.date, index: null, kind: 'calendar', title: calendarTitle(granted, expired, s.charges.slice(was.charges), newNotes), ...common };
  const e = account.events[step.index]!;
  return { date: e.date, index: step.index, kind: e.type, title: eventTitle(e, planChangeKind(newNotes, step.index)), ...common };
}

/** The charges of the final state `end`, by the rows they go to (`historyCharged`). */
export interface ChargesByRow {
  readonly byEvent: ReadonlyMap<number, readonly Charge[]>;
  readonly byDate: ReadonlyMap<IsoDate, readonly Charge[]>;
}

/**
 * The charges of each row, from the engine's final list of charges: an event's
 * are those made for it (a subscription's first charge made again for the seats
 * set that day is still its subscribe's), the calendar's those of its date.
 */
export function chargesByRow(charges: readonly Charge[]): ChargesByRow {
  const byEvent = new Map<number, Charge[]>();
  const byDate = new Map<IsoDate, Charge[]>();
  const add = <K>(map: Map<K, Charge[]>, key: K, c: Charge) => {
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  };
  for (const c of charges) {
    if (c.index === undefined) add(byDate, c.date, c);
    else add(byEvent, c.index, c);
  }
  return { byEvent, byDate };
}

/** A row with its charges. */
export function historyCharged(row: RowDone, charges: ChargesByRow): HistoryRow {
  return { ...row, charges: (row.index === null ? charges.byDate.get(row.date) : charges.byEvent.get(row.index)) ?? [] };
}

/**
 * The history of an account up to `at` (the last event's date when later):
 * oldest first. Fails as the replay does, naming the event. A walk of every
 * event: the app reads pages of it from its replay (`historyPage`), held to
 * this by the property tests.
 */
export function historyCompute(account: Account, at: IsoDate): Result<HistoryRow[]> {
  return attempt(() => {
    const last = lastEventDate(account);
    const until = maxDate(last ?? at, at);
    const rows: RowDone[] = [];
    const was = tallyOf();
    const end = replayState(account, until, undefined, (s: State, step) => {
      const row = stepRow(account, s, step, was);
      if (row) rows.push(row);
      tallyTake(was, s);
    });
    const charges = chargesByRow(end.charges);
    return rows.map((row) => historyCharged(row, charges));
  });
}
