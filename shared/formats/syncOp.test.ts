/** A sync op as a device pushes it: what it takes, and each refusal naming its field and rule; a pulled row's fast path, equal to its schema. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issuesFromZod } from './issues.ts';
import { SYNC_BODY_MAX, syncOpRowFast, syncOpRowSchema, syncOpSchema } from './syncOp.ts';

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

describe('a pulled row’s fast path', () => {
  const row = { seq: '42', ...op, author: 'ana', createdAt: '2026-12-07T01:02:03.456Z' };
  /** A field given another value: a valid one, or one the schema refuses. */
  const fieldArb = fc.oneof(
    fc.constant<[string, unknown]>(['seq', 7]),
    fc.constantFrom<[string, unknown]>(['seq', '-1'], ['seq', '1.5'], ['seq', '99999999999999999'], ['seq', 1.5], ['seq', -2], ['seq', null]),
    fc.constantFrom<[string, unknown]>(['id', 'ffffffff-ffff-ffff-ffff-ffffffffffff'], ['id', '0193b4a0-0000-9000-8000-000000000001'], ['id', 'x'], ['workspace', 3], ['workspace', '00000000-0000-0000-0000-000000000000']),
    fc.constantFrom<[string, unknown]>(['eventId', ''], ['eventId', 5], ['kind', 'move'], ['kind', 'delete'], ['author', null], ['member', null], ['member', 1], ['device', ''], ['base', 'b'], ['base', 2]),
    fc.constantFrom<[string, unknown]>(['body', null], ['body', []], ['body', 'e1'], ['body', Object.create(null)], ['body', { nested: { a: [1] } }], ['body', JSON.parse('{"__proto__":1,"id":"e1"}')]),
    fc.constantFrom<[string, unknown]>(['createdAt', '2026-12-07T01:02:03Z'], ['createdAt', '2026-02-30T00:00:00.000Z'], ['createdAt', '2026-12-07T01:02:03.456+01:00'], ['createdAt', 'soon'], ['createdAt', new Date(0)]),
    fc.constantFrom<[string, unknown]>(['createdAt', '+010000-01-01T00:00:00.000Z'], ['createdAt', '-000001-01-01T00:00:00.000Z'], ['createdAt', '1999-12-31T23:59:59.999Z'], ['workspace', ''], ['createdAt', '']),
    fc.constantFrom<[string, unknown]>(['extra', 1], ['__proto__', 1]),
  );
  it('gives what the schema gives, or null (the schema then says why); a row as the server sends it takes it', () => {
    // Before any row was taken: an empty workspace or time is no row it took before.
    expect([syncOpRowFast({ ...row, workspace: '' }), syncOpRowFast({ ...row, createdAt: '' })]).toEqual([null, null]);
    expect(syncOpRowFast(row)).toEqual({ ...row, seq: 42 });
    expect(syncOpRowFast(row)!.body).toBe(row.body);
    let fast = 0;
    fc.assert(
      fc.property(fc.array(fieldArb, { maxLength: 3 }), (fields) => {
        const r: Record<string, unknown> = { ...row };
        for (const [key, value] of fields) Object.defineProperty(r, key, { value, enumerable: true, configurable: true, writable: true });
        const got = syncOpRowFast(r);
        const parsed = syncOpRowSchema.safeParse(r);
        if (got === null) return;
        fast++;
        expect(parsed.success).toBe(true);
        expect(got).toEqual(parsed.data);
      }),
      { numRuns: 500 },
    );
    expect(fast).toBeGreaterThan(100);
  });
});
