/** The revisions at which events changed, as a patch notes them: one by one, or, beyond a bound, the account as a whole. */
import { describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../shared/formats/account.ts';
import { EVENTS_NOTED_MAX, revisionOfEvent, revisionsNoteEvents, revisionsOpen } from './revisions.ts';

const usage = (id: string) => ({ id, date: '2026-01-02', type: 'usage', feature: 'avatar-iv', minutes: 1 }) as AccountEvent;

describe('the revisions of events', () => {
  it('a patch notes the events it takes out and puts in, each at its revision; one of more than the bound counts as the account set whole, holding no id', () => {
    const r = revisionsOpen(3);
    revisionsNoteEvents(r, { op: 'patch', events: { remove: [0], add: [usage('b')], at: [0] } }, ['a'], 4);
    expect([revisionOfEvent(r, 'a'), revisionOfEvent(r, 'b'), revisionOfEvent(r, 'c')]).toEqual([4, 4, 3]);
    const many = Array.from({ length: EVENTS_NOTED_MAX + 1 }, (_, i) => usage(`n${i}`));
    revisionsNoteEvents(r, { op: 'patch', events: { remove: [], add: many, at: many.map((_, i) => i) } }, [], 5);
    expect([revisionOfEvent(r, 'a'), revisionOfEvent(r, 'c'), r.events.size]).toEqual([5, 5, 2]);
    const bound = many.slice(1);
    revisionsNoteEvents(r, { op: 'patch', events: { remove: [], add: bound, at: bound.map((_, i) => i) } }, [], 6);
    expect([revisionOfEvent(r, 'n1'), revisionOfEvent(r, 'c'), r.events.size]).toEqual([6, 5, 2 + EVENTS_NOTED_MAX]);
  });
});
