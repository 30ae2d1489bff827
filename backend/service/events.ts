/** Any event of the account: added, previewed, replaced or deleted, each change checked by the engine first. */
import type { ChangePreview, EventPreview } from '../../shared/api.ts';
import { chargesOnlyIn, changesBetween } from '../../shared/engine/changes.ts';
import { eventTitle, planChangeKind } from '../../shared/engine/history.ts';
import type { Replay } from '../../shared/engine/incremental.ts';
import type { Ledger } from '../../shared/engine/ledger.ts';
import { lastEventDate } from '../../shared/engine/replay.ts';
import { ExpectedError, reject } from '../../shared/errors.ts';
import type { Account, AccountEvent } from '../../shared/formats/account.ts';
import type { Op } from '../../shared/store.ts';
import { ZERO_CREDITS, type IsoDate } from '../../shared/units.ts';
import { fresh, mutator, undoable, type Handlers, type Input, type Outcome, type Subject } from './handlers.ts';
import { eventIndex, opSpan } from './ops.ts';
import { revisionOfEvent } from './revisions.ts';
import { replayLedger, sessionCheck, sessionEventsWith, sessionReplay, type Session } from './session.ts';

/** The change a new event list makes, checked by the engine; `label` says what it did (given the engine's replay of the new account). */
export function eventsEdit(s: Session, events: AccountEvent[], op: Op, label: (next: Replay) => string): Outcome<Record<never, never>> {
  const next = sessionCheck(s, { ...s.data.account, events }, opSpan(s.data, op));
  return { edit: { op, label: label(next), next } };
}

/** The event `input.id`, as a save edited from a revision sees it: gone (another window deleted it), or when it last changed. */
export function eventSubject(what: string): (s: Session, input: { readonly id: string }) => Subject {
  return (s, { id }) => {
    const i = s.data.account.events.findIndex((e) => e.id === id);
    if (i < 0) throw new ExpectedError({ code: 'not-found', message: `Another window deleted ${what} since you opened it.`, field: 'event' });
    return { changedAt: revisionOfEvent(s.revisions, id), field: 'event', message: () => `Another window changed ${what} since you opened it: it is now “${eventTitle(s.data.account.events[i]!)}”.` };
  };
}

/** An event's name, a plan change named for what the engine made of it (an upgrade, a downgrade). */
function titleIn(next: Replay, event: AccountEvent, index: number): string {
  return eventTitle(event, planChangeKind(next.tip.notes, index));
}

/** The event that replaces event `id` (its id kept). */
function replacement(id: string, event: AccountEvent): AccountEvent {
  if (event.id !== undefined && event.id !== id) reject('invalid-input', 'event.id', `must be ${JSON.stringify(id)}, the id of the event it replaces, or left out`);
  return { ...event, id };
}

function eventAdd(s: Session, { event }: Input<'event-add'>) {
  const events = s.data.account.events;
  if (event.id !== undefined && events.some((e) => e.id === event.id)) reject('conflict', 'event.id', `${JSON.stringify(event.id)} is already the id of an event`);
  const withId: AccountEvent = { ...event, id: event.id ?? s.newId() };
  const index = events.length;
  return eventsEdit(s, sessionEventsWith(s, withId), { op: 'event-add', event: withId }, (next) => `${withId.type === 'usage' ? 'Added a usage' : 'Recorded'}: ${titleIn(next, withId, index)}`);
}

function eventPreview(s: Session, { event }: Input<'event-preview'>): EventPreview {
  const index = s.data.account.events.length;
  const candidate = { ...s.data.account, events: s.data.account.events.concat([{ ...event, id: event.id ?? 'preview' }]) };
  const before = s.data.account.events.length ? replayLedger(sessionReplay(s), event.date) : null;
  const after = replayLedger(sessionCheck(s, candidate, undefined, { preview: true }), event.date);
  return {
    notes: after.notes.filter((n) => n.index === index),
    // A second add-on the same day is a second charge, not one the account already had.
    charges: chargesOnlyIn(after.charges, before?.charges ?? [])
      .filter((c) => c.date === event.date)
      .map((c) => ({ date: c.date, amount: c.amount, reason: c.reason, assumptions: c.assumptions })),
    balanceBefore: before?.balance ?? ZERO_CREDITS,
    balanceAfter: after.balance,
  };
}

function eventDelete(s: Session, { id }: Input<'event-delete'>) {
  const i = eventIndex(s.data, id);
  const deleted = s.data.account.events[i]!;
  const events = s.data.account.events.filter((_, j) => j !== i);
  return { ...eventsEdit(s, events, { op: 'event-delete', id }, () => `Deleted: ${eventTitle(deleted)}`), reply: { deleted } };
}

function eventReplace(s: Session, { id, event }: Input<'event-replace'>) {
  const i = eventIndex(s.data, id);
  const replaced = replacement(id, event);
  const events = s.data.account.events.slice();
  events[i] = replaced;
  return eventsEdit(s, events, { op: 'event-replace', id, event: replaced }, (next) => `Changed: ${titleIn(next, replaced, i)}`);
}

function eventChangePreview(s: Session, { id, event }: Input<'event-change-preview'>): ChangePreview {
  const i = eventIndex(s.data, id);
  const before = s.data.account;
  const events = before.events.slice();
  if (event) events[i] = replacement(id, event);
  else events.splice(i, 1);
  const after: Account = { ...before, events };
  const date = event ? event.date : before.events[i]!.date;
  const now = s.today();
  const ends = [now, lastEventDate(before), lastEventDate(after)].filter((d): d is IsoDate => d !== null).sort();
  const horizon = ends.at(-1)!;
  const replays = new Map<Account, Replay>([[before, sessionReplay(s)], [after, sessionCheck(s, after, undefined, { preview: true })]]);
  const read = (account: Account, at: IsoDate): Ledger | null => (account.events.length === 0 ? null : replayLedger(replays.get(account)!, at));
  const [lb, la] = [read(before, horizon), read(after, horizon)];
  const balance = (account: Account, at: IsoDate) => read(account, at)?.balance ?? ZERO_CREDITS;
  // Every other event keeps its place, but those after a deleted one move up by one.
  const indexAfter = (j: number) => (j === i ? null : event || j < i ? j : j - 1);
  return {
    date,
    today: now,
    notes: event ? (la?.notes ?? []).filter((n) => n.index === i) : [],
    balanceOnDate: { before: balance(before, date), after: balance(after, date) },
    balanceToday: { before: balance(before, now), after: balance(after, now) },
    ...changesBetween(before.events, lb, la, indexAfter),
  };
}

export const eventHandlers: Handlers<'event-add' | 'event-preview' | 'event-delete' | 'event-replace' | 'event-change-preview'> = {
  'event-add': mutator(undoable(eventAdd)),
  'event-preview': eventPreview,
  'event-delete': mutator(fresh(eventSubject('this event'), undoable(eventDelete))),
  'event-replace': mutator(fresh(eventSubject('this event'), undoable(eventReplace))),
  'event-change-preview': eventChangePreview,
};
