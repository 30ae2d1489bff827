/** JSON text read as data: a file, a request body, an import. */
import { errorFromIssues, fail, ok, type Result } from '../errors.ts';
import { JSON_DEPTH_LIMIT, jsonDepthExceeds, jsonDepthIssue } from './depth.ts';

/** Control characters as escapes, so a message quoting the text stays on one line. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JSON.parse with its failure as data, a UTF-8 byte order mark (some editors
 * write one) skipped, and no depth check: for a reader that makes its own as
 * it walks the value (`accountParse`, which takes a million flat usages as
 * they are and would otherwise walk them twice).
 */
export function jsonRead(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  } catch (e) {
    return fail({ code: 'invalid-json', message: `not valid JSON: ${printable((e as Error).message)}` });
  }
}

/**
 * JSON text as data (`jsonRead`), with a value nested deeper than any file
 * needs refused here, before anything walks it recursively.
 */
export function jsonParse(text: string): Result<unknown> {
  const json = jsonRead(text);
  if (!json.ok) return json;
  const deep = jsonDepthExceeds(json.value, JSON_DEPTH_LIMIT);
  return deep ? fail(errorFromIssues('invalid-file', [jsonDepthIssue(deep, JSON_DEPTH_LIMIT)])) : json;
}
