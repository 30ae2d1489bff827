import { describe, expect, it } from 'vitest';
import { readConsistent } from './consistent.ts';

describe('readConsistent', () => {
  it('reads again while the store file changed under the read, up to the tries given', () => {
    const stamps = ['a', 'b', 'b', 'b'];
    let reads = 0;
    expect(readConsistent(() => ++reads, () => stamps.shift() ?? null, 10)).toBe(2);
    let always = 0;
    let stamp = 0;
    expect(readConsistent(() => ++always, () => String(stamp++), 3)).toBe(3);
  });
});
