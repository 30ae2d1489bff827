import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds, jsonDepthIssue } from './depth.ts';

/** `n` lists, one inside the next, around `inner`. */
function lists(n: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < n; i++) value = [value];
  return value;
}

function objects(n: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < n; i++) value = { a: value };
  return value;
}

describe('jsonDepthExceeds', () => {
  it.each<[string, unknown, number, (string | number)[] | null]>([
    ['a scalar is 0 levels', 'text', 0, null],
    ['null is 0 levels', null, 0, null],
    ['an empty list is 1 level', [], 1, null],
    ['an empty list past 0', [], 0, []],
    ['2 levels within 2', [[1]], 2, null],
    ['2 levels past 1', [[1]], 1, [0]],
    ['an object counts like a list', { a: { b: 1 } }, 1, ['a']],
    ['the first too-deep branch is named', { x: [1, 2], y: [3, [4, [5]]] }, 2, ['y', 1]],
    ['an account nests 3 levels', { format: 'f', events: [{ date: '2026-01-01', type: 'pause' }] }, 3, null],
    ['64 levels within 64', lists(64), 64, null],
    ['65 levels past 64', lists(65), 64, Array<number>(64).fill(0)],
    ['5,000 lists', lists(5000), 64, Array<number>(64).fill(0)],
    ['5,000 objects', objects(5000), 64, Array<string>(64).fill('a')],
    ['100,000 lists, without a stack overflow', lists(100_000), 64, Array<number>(64).fill(0)],
    ['a "__proto__" key from JSON.parse is walked like any other', JSON.parse('{"a": 1, "__proto__": {"b": [1]}}'), 2, ['__proto__', 'b']],
    ['a wide list is shallow', Array.from({ length: 100_000 }, () => ({ a: [1] })), 3, null],
  ])('%s', (_what, value, max, path) => {
    expect(jsonDepthExceeds(value, max)).toEqual(path);
  });
});

describe('jsonDepthIssue', () => {
  it.each<[(string | number)[], string]>([
    [['input', 'event', 0, 0, 0], 'input.event[0]'],
    [['events', 3, 'feature'], 'events[3].feature'],
    [[0, 0, 0, 0], '[0][0][0]'],
    [[], ''],
  ])('%j is reported at %j', (path, field) => {
    expect(jsonDepthIssue(path, 64)).toEqual({ path: field, message: 'nested deeper than 64 levels' });
  });
});
