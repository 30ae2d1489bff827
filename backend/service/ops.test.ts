/** Each op the history keeps, undone by its inverse (taken from the data before it): the data comes back as it was. */
import { describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../shared/formats/account.ts';
import { applyOp, dataEmpty, type Data } from '../../shared/store.ts';
import type { ChangeOp } from '../changes.ts';
import { opConflict, opInverse, opPatch } from './ops.ts';

const event = (id: string, date: string): AccountEvent => ({ id, date, type: 'usage', feature: 'avatar-iv', minutes: 1 }) as AccountEvent;

function data(): Data {
  const d = dataEmpty();
  d.account = { ...d.account, events: [event('a', '2026-01-01'), event('b', '2026-01-02'), event('c', '2026-01-02')] };
  return d;
}

const copy = (d: Data): Data => ({ ...d, account: { ...d.account, events: d.account.events.slice() } });

describe('op inverses', () => {
  it.each<[string, (d: Data) => ChangeOp]>([
    ['an event added', () => ({ op: 'event-add', event: event('d', '2026-01-03') })],
    ['an event replaced', () => ({ op: 'event-replace', id: 'b', event: event('b', '2026-01-05') })],
    ['an event deleted from the middle', () => ({ op: 'event-delete', id: 'b' })],
    ['events added', () => ({ op: 'events-add', events: [event('d', '2026-01-03'), event('e', '2026-01-04')] })],
    ['events deleted', () => ({ op: 'events-delete', ids: ['a', 'c'] })],
    ['a whole change as a patch', (d) => opPatch(d, { account: { ...d.account, rounding: 'credit', events: [event('c', '2026-01-02'), event('x', '2026-01-09')] }, settings: { ...d.settings, forecastMonths: 6 } })],
  ])('%s: applied, then its inverse, gives the data back; an inverse that adds or deletes no longer applies twice', (_, make) => {
    const before = data();
    const op = make(before);
    const after = copy(before);
    const undo = opInverse(before, op);
    applyOp(after, op);
    expect(opConflict(after, undo)).toBeNull();
    const back = copy(after);
    applyOp(back, undo);
    expect(back).toEqual(before);
    if (op.op !== 'patch' && op.op !== 'event-replace') expect(opConflict(back, undo)).not.toBeNull();
  });
});
