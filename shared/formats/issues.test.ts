import { describe, expect, it } from 'vitest';
import { describeValue } from './issues.ts';

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
});
