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

interface Frame {
  readonly node: object;
  /** The object's keys; null for a list, whose indexes are counted. */
  readonly keys: readonly string[] | null;
  readonly size: number;
  next: number;
  /** Where the node sits in its parent. */
  readonly key: string | number;
}

function frameOf(node: object, key: string | number): Frame {
  const keys = Array.isArray(node) ? null : Object.keys(node);
  return { node, keys, size: keys ? keys.length : (node as unknown[]).length, next: 0, key };
}

/**
 * Where `value` first nests more than `max` levels of lists and objects (a
 * scalar is 0 levels, `[]` is 1, `[[1]]` is 2): the path to the list or object
 * past the limit, or null when there is none. Iterative, so any depth is safe.
 */
export function jsonDepthExceeds(value: unknown, max: number): JsonPath | null {
  if (value === null || typeof value !== 'object') return null;
  if (max < 1) return [];
  const stack: Frame[] = [frameOf(value, '')];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.size) {
      stack.pop();
      continue;
    }
    const key = frame.keys ? frame.keys[frame.next]! : frame.next;
    frame.next++;
    const child: unknown = (frame.node as Record<string | number, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    if (stack.length === max) return [...stack.slice(1).map((f) => f.key), key];
    stack.push(frameOf(child, key));
  }
  return null;
}

/** The issue for a value nested too deep, at the field it starts under (the first steps of its path). */
export function jsonDepthIssue(path: JsonPath, max: number): Issue {
  return { path: pathToString(path.slice(0, 3)), message: `nested deeper than ${max} levels` };
}
