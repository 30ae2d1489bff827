/**
 * How deeply parsed JSON nests. Checked before anything walks a value
 * recursively (zod, an error message, the engine): input nested thousands of
 * levels deep is refused as bad input instead of overflowing the stack.
 */
import type { Issue } from '../errors.ts';
import { pathToString } from './issues.ts';

/** Deeper than any file or message of the app needs (an account nests 3 levels). */
export const JSON_DEPTH_LIMIT = 64;

/** A path to a value inside parsed JSON: object keys and list indexes. */
export type JsonPath = readonly (string | number)[];

/**
 * Where a list or object at `level` (≤ max) has a child nested past `max`: the
 * path from it, or null. Recursion stops at `max`, so the stack stays shallow.
 * `for…in` walks the keys without copying them (a million events are a million
 * objects): the values come from JSON.parse or a structured clone, plain objects
 * whose prototypes add no keys.
 */
function deeper(node: object, level: number, max: number): (string | number)[] | null {
  if (Array.isArray(node)) {
    // Stryker disable next-line EqualityOperator: one step past the end reads undefined, which is not deep.
    for (let i = 0; i < node.length; i++) {
      const path = childDeeper(node[i], i, level, max);
      if (path) return path;
    }
    return null;
  }
  for (const key in node) {
    const path = childDeeper((node as Record<string, unknown>)[key], key, level, max);
    if (path) return path;
  }
  return null;
}

function childDeeper(child: unknown, key: string | number, level: number, max: number): (string | number)[] | null {
  if (child === null || typeof child !== 'object') return null;
  if (level === max) return [key];
  const path = deeper(child, level + 1, max);
  if (path) path.unshift(key);
  return path;
}

/**
 * Where `value` first nests more than `max` levels of lists and objects (a
 * scalar is 0 levels, `[]` is 1, `[[1]]` is 2): the path to the list or object
 * past the limit, or null when there is none. Any depth is safe: the walk goes
 * no deeper than `max`.
 */
export function jsonDepthExceeds(value: unknown, max: number): JsonPath | null {
  if (value === null || typeof value !== 'object') return null;
  if (max < 1) return [];
  return deeper(value, 1, max);
}

/** The issue for a value nested too deep, at the field it starts under (the first steps of its path). */
export function jsonDepthIssue(path: JsonPath, max: number): Issue {
  return { path: pathToString(path.slice(0, 3)), message: `nested deeper than ${max} levels` };
}
