/** JSON text read as data: a file, a request body, an import. */
import { errorFromIssues, fail, ok, type Result } from '../errors.ts';
import { JSON_DEPTH_LIMIT, jsonDepthExceeds, jsonDepthIssue } from './depth.ts';

/** Control characters as escapes, so a message quoting the text stays on one line. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JSON.parse with its failure as data. A UTF-8 byte order mark (some editors
 * write one) is skipped, and a value nested deeper than any file needs is
 * refused here, before anything walks it recursively.
 */
export function jsonParse(text: string): Result<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return fail({ code: 'invalid-json', message: `not valid JSON: ${printable((e as Error).message)}` });
  }
  const deep = jsonDepthExceeds(value, JSON_DEPTH_LIMIT);
  return deep ? fail(errorFromIssues('invalid-file', [jsonDepthIssue(deep, JSON_DEPTH_LIMIT)])) : ok(value);
}
