/** Who made a usage, as a filter keeps it: '' keeps those that name no one, a name its member however it is written. */
import { describe, expect, it } from 'vitest';
import { memberMatches } from './fields.ts';

describe('memberMatches', () => {
  it.each<[string | undefined, string, boolean]>([
    [undefined, '', true],
    ['Ana', '', false],
    [undefined, 'Ana', false],
    ['Ana', 'Ana', true],
    [' ana ', 'ANA', true],
    ['Ana', 'Bo', false],
  ])('by %j, filter %j: %s', (by, member, kept) => {
    expect(memberMatches(by, member)).toBe(kept);
  });
});
