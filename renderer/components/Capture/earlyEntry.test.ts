import { describe, expect, it } from 'vitest';
import { earlyEntry } from './earlyEntry.ts';

const keys = (...k: string[]) => k;

describe('earlyEntry: the quick entry’s keys typed before its form loaded', () => {
  it('the hint’s flow: veo Enter 2 Enter', () => {
    expect(earlyEntry(keys('v', 'e', 'o', 'Enter', '2', 'Enter'))).toEqual({ feature: 'veo', picked: true, amount: '2', submitted: true });
  });

  it('part of it: the feature typed, nothing picked yet', () => {
    expect(earlyEntry(keys('i', 'm', 'a'))).toEqual({ feature: 'ima', picked: false, amount: '', submitted: false });
  });

  it('picked, the amount under way', () => {
    expect(earlyEntry(keys('i', 'v', 'Enter', '1', ':', '3'))).toEqual({ feature: 'iv', picked: true, amount: '1:3', submitted: false });
  });

  it('Backspace takes back a character of the field it is in', () => {
    expect(earlyEntry(keys('v', 'x', 'Backspace', 'e', 'o', 'Enter', '2', '3', 'Backspace'))).toEqual({ feature: 'veo', picked: true, amount: '2', submitted: false });
  });

  it('Enter in an empty feature field picks nothing; keys after the second Enter are not this entry’s', () => {
    expect(earlyEntry(keys('Enter', 'v', 'e', 'o', 'Enter', 'Enter', '9'))).toEqual({ feature: 'veo', picked: true, amount: '', submitted: true });
  });
});
