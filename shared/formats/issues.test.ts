import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue, issuesFromZod } from './issues.ts';

function lists(n: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < n; i++) value = [value];
  return value;
}

describe('describeValue', () => {
  it.each<[string, unknown, string]>([
    ['a short text, quoted', 'avatar-vii', '"avatar-vii"'],
    ['a number', 4, '4'],
    ['null', null, 'null'],
    ['a small list', [1, 'a', null], '[1,"a",null]'],
    ['a small object', { a: 1, b: [true] }, '{"a":1,"b":[true]}'],
    ['an empty object', {}, '{}'],
    ['a control character, escaped', 'a\nb', '"a\\nb"'],
    ['a long text, cut', 'x'.repeat(1000), `"${'x'.repeat(39)}…`],
    ['a long list, cut', Array.from({ length: 100_000 }, (_, i) => i), '[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,1…'],
    ['a long key, cut', { ['k'.repeat(1000)]: 1 }, `{"${'k'.repeat(38)}…`],
    ['5,000 lists deep', lists(5000), `${'['.repeat(40)}…`],
  ])('%s', (_what, value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('keeps to the length it is given', () => {
    expect(describeValue({ a: 'b'.repeat(50) }, 10)).toBe('{"a":"bbbb…');
  });

  it.each<[string, unknown, string]>([
    ['true', true, 'true'],
    ['undefined', undefined, 'undefined'],
    ['a bigint', 5n, '5'],
    ['a function, by its kind', () => 1, 'a function'],
    ['a symbol, by its kind', Symbol('s'), 'a symbol'],
    ['a text of exactly the length, whole', 'x'.repeat(8), `"${'x'.repeat(8)}"`],
    ['a text one longer than the length, cut', 'x'.repeat(9), `"${'x'.repeat(9)}…`],
    ['lists in lists', [1, [2, [3]]], '[1,[2,[3]]…'],
    ['objects in objects', { a: { b: {} } }, '{"a":{"b":…'],
    ['a list inside the length, whole', [0, [0], 0], '[0,[0],0]'],
    ['an object past the length', { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 }, '{"a":0,"b"…'],
    ['an output of exactly the length, whole', [1, 2, 3, 45], '[1,2,3,45]'],
    ['an output one past the length, cut', [1, 2, 3, 456], '[1,2,3,456…'],
    ['an object of exactly the length, whole', { a: 'bc' }, '{"a":"bc"}'],
  ])('%s (at 10 characters)', (_what, value, text) => {
    expect(describeValue(value, 10)).toBe(text);
  });
});

describe('issuesFromZod: zod’s issues in our words, each at its path', () => {
  const ab = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('a') }), z.strictObject({ type: z.literal('b') })]);
  it.each<[string, z.ZodType, unknown, { path: string; message: string }[]]>([
    ['each unknown field its own', z.strictObject({ a: z.number() }), { a: 1, b: 2, c: 3 }, [{ path: 'b', message: 'unknown field' }, { path: 'c', message: 'unknown field' }]],
    ['an unknown field inside another', z.strictObject({ x: z.strictObject({}) }), { x: { q: 1 } }, [{ path: 'x.q', message: 'unknown field' }]],
    ['a missing field, with its type', z.strictObject({ n: z.number() }), {}, [{ path: 'n', message: 'required (a number)' }]],
    ['a fraction where a whole number goes', z.strictObject({ n: z.int() }), { n: 1.5 }, [{ path: 'n', message: 'must be a whole number, not the number 1.5' }]],
    ['a text where a number goes', z.strictObject({ n: z.number() }), { n: 'abc' }, [{ path: 'n', message: 'must be a number, not the text "abc"' }]],
    ['a list where a number goes', z.strictObject({ n: z.number() }), { n: [1] }, [{ path: 'n', message: 'must be a number, not a list' }]],
    ['null where a text goes', z.strictObject({ s: z.string() }), { s: null }, [{ path: 's', message: 'must be a string, not null' }]],
    ['"an" before a vowel', z.strictObject({ o: z.object({}) }), { o: 5 }, [{ path: 'o', message: 'must be an object, not the number 5' }]],
    ['a boolean where a list goes', z.strictObject({ o: z.array(z.number()) }), { o: true }, [{ path: 'o', message: 'must be an array, not a boolean' }]],
    ['an object where a text goes', z.strictObject({ s: z.string() }), { s: {} }, [{ path: 's', message: 'must be a string, not an object' }]],
    ['a bigint where a number goes', z.strictObject({ n: z.number() }), { n: 10n }, [{ path: 'n', message: 'must be a number, not a bigint' }]],
    ['the one value allowed', z.strictObject({ k: z.literal('usage') }), { k: 'x' }, [{ path: 'k', message: 'must be "usage", not the text "x"' }]],
    ['one of several values', z.strictObject({ k: z.enum(['a', 'b']) }), { k: 7 }, [{ path: 'k', message: 'the number 7 is not one of "a", "b"' }]],
    ['a kind missing', ab, {}, [{ path: 'type', message: 'required; one of "a", "b"' }]],
    ['a kind unknown', ab, { type: 'zz' }, [{ path: 'type', message: 'unknown type "zz"; known: a, b' }]],
    ['a union without a kind: zod’s words', z.strictObject({ u: z.union([z.string(), z.number()]) }), { u: true }, [{ path: 'u', message: 'Invalid input' }]],
    ['below a minimum', z.strictObject({ n: z.number().min(3) }), { n: 1 }, [{ path: 'n', message: 'must be at least 3' }]],
    ['below a minimum, in the schema’s own words', z.strictObject({ n: z.number().min(3, { error: 'needs three' }) }), { n: 1 }, [{ path: 'n', message: 'needs three' }]],
    ['above a maximum', z.strictObject({ n: z.number().max(3) }), { n: 9 }, [{ path: 'n', message: 'must be at most 3' }]],
    ['too many items', z.strictObject({ s: z.array(z.number()).max(1) }), { s: [1, 2] }, [{ path: 's', message: 'must be at most 1' }]],
    ['a rule’s own words', z.strictObject({ s: z.string().refine(() => false, { error: 'ours' }) }), { s: 'a' }, [{ path: 's', message: 'ours' }]],
    ['a format: zod’s words', z.strictObject({ s: z.email() }), { s: 'a' }, [{ path: 's', message: 'Invalid email address' }]],
    ['a path through a list', z.strictObject({ l: z.array(z.strictObject({ n: z.number() })) }), { l: [{ n: 1 }, { n: 'x' }] }, [{ path: 'l[1].n', message: 'must be a number, not the text "x"' }]],
    ['a path past a value that is not an object', z.strictObject({ a: z.strictObject({ b: z.number() }) }), { a: 'x' }, [{ path: 'a', message: 'must be an object, not the text "x"' }]],
  ])('%s', (_what, schema, input, issues) => {
    const parsed = schema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(issuesFromZod(parsed.error!, input)).toEqual(issues);
  });
});
