/** Turns zod's issues into ours: a path like `events[3].feature` and a rule said plainly. */
import type { z } from 'zod';
import type { Issue } from '../errors.ts';

export function pathToString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** One step of `describeValue`: a value still to show, or text to emit as it is. */
type Piece = { readonly value: unknown } | { readonly text: string };

function scalarText(value: unknown, max: number): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,MethodExpression,ArithmeticOperator: the cut here only spares quoting a long text whole; describeValue's own cut at the end gives the same.
  if (typeof value === 'string') return JSON.stringify(value.length > max ? value.slice(0, max + 1) : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) return String(value);
  return `a ${typeof value}`;
}

/**
 * Any input, shown as JSON for a message and cut to `max` characters and an
 * ellipsis. It walks with a stack of its own and stops once the text is long
 * enough, so a value nested thousands of levels deep (where JSON.stringify
 * overflows the stack) or megabytes long is shown like any other.
 */
export function describeValue(value: unknown, max = 40): string {
  let out = '';
  const pending: Piece[] = [{ value }];
  // Stryker disable next-line ConditionalExpression: the walk stops early only to spare work; the cut at the end gives the same.
  while (pending.length > 0 && out.length <= max) {
    const piece = pending.pop()!;
    if ('text' in piece) {
      out += piece.text;
      continue;
    }
    const v = piece.value;
    if (v === null || typeof v !== 'object') {
      out += scalarText(v, max);
      continue;
    }
    // Each entry adds at least one character, so more than `max` of them are never shown.
    const entries: Piece[] = [];
    if (Array.isArray(v)) {
      out += '[';
      // Stryker disable next-line EqualityOperator: max entries already make more than max characters; the cut at the end gives the same.
      for (let i = 0; i < v.length && i <= max; i++) {
        if (i > 0) entries.push({ text: ',' });
        entries.push({ value: v[i] as unknown });
      }
      pending.push({ text: ']' }, ...entries.reverse());
      continue;
    }
    out += '{';
    let shown = 0;
    for (const key in v) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: as for a list's entries.
      if (shown > max) break;
      entries.push({ text: `${shown > 0 ? ',' : ''}${scalarText(key, max)}:` }, { value: (v as Record<string, unknown>)[key] });
      shown++;
    }
    pending.push({ text: '}' }, ...entries.reverse());
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function describeType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'string') return `the text ${describeValue(input)}`;
  if (typeof input === 'number') return `the number ${input}`;
  return `${typeof input === 'object' ? 'an' : 'a'} ${typeof input}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: zod never names a path below a value that is not an object; this guards a walk it never asks for.
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** zod's own wording; anything else is a message our schemas wrote, and is kept. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

/** One of our issues per zod issue (an unknown field each its own). */
export function issuesFromZod(error: z.ZodError, input: unknown): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const path = pathToString(issue.path);
    if (!ZOD_DEFAULT.test(issue.message)) {
      out.push({ path, message: issue.message });
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: pathToString([...issue.path, key]), message: 'unknown field' });
        break;
      case 'invalid_type': {
        const got = valueAt(input, issue.path);
        const expected = issue.expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
        out.push({ path, message: got === undefined ? `required (${expected})` : `must be ${expected}, not ${describeType(got)}` });
        break;
      }
      case 'invalid_value':
        out.push({
          path,
          message:
            issue.values.length === 1
              ? `must be ${quoteList(issue.values)}, not ${describeType(valueAt(input, issue.path))}`
              : `${describeType(valueAt(input, issue.path))} is not one of ${quoteList(issue.values)}`,
        });
        break;
      case 'invalid_union': {
        const discriminator = (issue as { discriminator?: string; options?: unknown[] }).discriminator;
        // Stryker disable next-line ArrayDeclaration: zod gives a discriminator's options with it; none is a union without one, worded by zod.
        const options = (issue as { options?: unknown[] }).options ?? [];
        const got = valueAt(input, issue.path);
        out.push({
          path,
          message:
            discriminator && got === undefined
              ? `required; one of ${quoteList(options)}`
              : discriminator
                ? `unknown ${discriminator} ${describeValue(got)}; known: ${options.join(', ')}`
                : issue.message,
        });
        break;
      }
      case 'too_small':
        out.push({ path, message: `must be at least ${String(issue.minimum)}` });
        break;
      case 'too_big':
        out.push({ path, message: `must be at most ${String(issue.maximum)}` });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}
