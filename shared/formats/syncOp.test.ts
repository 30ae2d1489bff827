/** A sync op as a device pushes it: what it takes, and each refusal naming its field and rule. */
import { describe, expect, it } from 'vitest';
import { issuesFromZod } from './issues.ts';
import { SYNC_BODY_MAX, syncOpSchema } from './syncOp.ts';

const op = { id: '0193b4a0-0000-7000-8000-000000000001', workspace: '0193b4a0-0000-7000-8000-0000000000aa', eventId: 'e1', kind: 'add', member: 'Ana', device: 'laptop', base: null, body: { id: 'e1' } };

/** The body's JSON at exactly `bytes` bytes. */
const bodyOf = (bytes: number) => ({ t: 'x'.repeat(bytes - '{"t":""}'.length) });

describe('syncOpSchema', () => {
  it.each<[string, object]>([
    ['an add', op],
    ['a replace', { ...op, kind: 'replace', base: '0193b4a0-0000-7000-8000-000000000000' }],
    ['a delete, without a body', { ...op, kind: 'delete', base: '0193b4a0-0000-7000-8000-000000000000', body: null }],
    ['nobody named', { ...op, member: null }],
    ['a body of exactly the most bytes', { ...op, body: bodyOf(SYNC_BODY_MAX) }],
  ])('takes %s', (_what, value) => {
    expect(syncOpSchema.safeParse(value).success).toBe(true);
  });

  it.each<[string, object, { path: string; message: string }]>([
    ['a delete with a body', { ...op, kind: 'delete' }, { path: 'body', message: 'a delete has none, an add or a replace has the event' }],
    ['an add without one', { ...op, body: null }, { path: 'body', message: 'a delete has none, an add or a replace has the event' }],
    ['a body one byte too large', { ...op, body: bodyOf(SYNC_BODY_MAX + 1) }, { path: 'body', message: `must be at most ${SYNC_BODY_MAX} bytes of JSON` }],
    ['an id that is not a UUIDv7', { ...op, id: '0193b4a0-0000-4000-8000-000000000001' }, { path: 'id', message: 'must be a UUIDv7' }],
    ['another kind', { ...op, kind: 'move' }, { path: 'kind', message: 'must be add, replace or delete' }],
    ['an empty device', { ...op, device: '' }, { path: 'device', message: 'must not be empty' }],
  ])('refuses %s', (_what, value, issue) => {
    const parsed = syncOpSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(issuesFromZod(parsed.error!, value)).toEqual([issue]);
  });
});
