/** JSON text read as data: its failures said on one line, a byte order mark skipped, a value too deep refused. */
import { describe, expect, it } from 'vitest';
import { jsonParse, jsonRead } from './json.ts';

function lists(n: number): string {
  return `${'['.repeat(n)}1${']'.repeat(n)}`;
}

describe('jsonRead and jsonParse', () => {
  it('read JSON, a UTF-8 byte order mark skipped', () => {
    expect(jsonRead('\ufeff{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(jsonParse('\ufeff{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
  });

  it('say what is wrong on one line: control characters and line separators in the quoted text become escapes', () => {
    const r = jsonRead('x\ny\u2028z\tw');
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.error.message;
    expect(r.ok ? '' : r.error.code).toBe('invalid-json');
    expect(message).toMatch(/^not valid JSON: /);
    expect(message).toContain('x\\u000ay\\u2028z\\u0009w');
    expect(message).not.toMatch(/[\n\t\u2028]/);
  });

  it('a value nested deeper than any file needs is refused by jsonParse, named by the start of its path; jsonRead leaves that to its caller', () => {
    const deep = `{"a":${lists(70)}}`;
    expect(jsonRead(deep).ok).toBe(true);
    const r = jsonParse(deep);
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'invalid-file', issues: [{ path: 'a[0][0]', message: 'nested deeper than 64 levels' }] });
  });
});
