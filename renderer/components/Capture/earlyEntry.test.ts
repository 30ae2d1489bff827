import { describe, expect, it } from 'vitest';
import { featureSearch } from '../../../shared/catalog/featureNames.ts';
import { nameChoices } from '../Picker/nameChoices.ts';
import { earlyEntry, type EarlyChoices, type EarlyEntry } from './earlyEntry.ts';

const keys = (...k: string[]) => k;
const first = (names: readonly string[]) => (text: string) => nameChoices(names)(text)[0]?.value;
/** As the quick entry matches: the real feature search, an account whose usages name Ana and Ben and two projects, and Veo as the usual feature. */
const choices: EarlyChoices = { feature: (text) => featureSearch(text, ['veo3'])[0], usual: (n) => (n === 1 ? 'veo3' : undefined), project: first(['Launch', 'Lab notes']), member: first(['Ana', 'Ben']) };
const untouched = { text: null, typing: false };
/** What the keys leave when they touch neither the project nor the member. */
const entry = (fields: Partial<EarlyEntry>): EarlyEntry => ({ feature: '', picked: undefined, amount: null, project: untouched, member: untouched, at: 'feature', submitted: false, ...fields });

describe('earlyEntry: the quick entry’s keys typed before its form loaded, read as the form reads them', () => {
  it('the hint’s flow: veo Enter 2 Enter', () => {
    expect(earlyEntry(keys('v', 'e', 'o', 'Enter', '2', 'Enter'), choices)).toEqual(entry({ feature: 'veo', picked: 'veo3', amount: '2', at: 'amount', submitted: true }));
  });

  it('part of it: the feature typed, nothing picked yet', () => {
    expect(earlyEntry(keys('i', 'm', 'a'), choices)).toEqual(entry({ feature: 'ima' }));
  });

  it('picked, the amount under way', () => {
    expect(earlyEntry(keys('i', 'v', 'Enter', '1', ':', '3'), choices)).toEqual(entry({ feature: 'iv', picked: 'avatar-iv', amount: '1:3', at: 'amount' }));
  });

  it('Backspace takes back a character of the field it is in; in a field just come to, it empties it', () => {
    expect(earlyEntry(keys('v', 'x', 'Backspace', 'e', 'o', 'Enter', '2', '3', 'Backspace'), choices)).toEqual(entry({ feature: 'veo', picked: 'veo3', amount: '2', at: 'amount' }));
    expect(earlyEntry(keys('v', 'e', 'o', 'Enter', 'Backspace'), choices).amount).toBe('');
  });

  it('Enter in an empty feature field, or on a text nothing matches, picks nothing and waits; keys after the logging Enter are not this entry’s', () => {
    expect(earlyEntry(keys('Enter', 'v', 'e', 'o', 'Enter', 'Enter', '9'), choices)).toEqual(entry({ feature: 'veo', picked: 'veo3', at: 'amount', submitted: true }));
    expect(earlyEntry(keys('z', 'q', 'Enter'), choices)).toEqual(entry({ feature: 'zq' }));
  });

  it('a digit in the empty feature field picks that usual feature and goes on to the amount; one with no usual feature is typed', () => {
    expect(earlyEntry(keys('1', '3', 'Enter'), choices)).toEqual(entry({ picked: 'veo3', amount: '3', at: 'amount', submitted: true }));
    expect(earlyEntry(keys('2'), choices)).toEqual(entry({ feature: '2' }));
  });

  it('the members’ flow typed literally: iv Enter 1 Tab Tab ana Enter Enter: the member’s best match taken by the first Enter, logged by the second', () => {
    expect(earlyEntry(keys('i', 'v', 'Enter', '1', 'Tab', 'Tab', 'a', 'n', 'a', 'Enter', 'Enter'), choices)).toEqual(
      entry({ feature: 'iv', picked: 'avatar-iv', amount: '1', member: { text: 'Ana', typing: false }, at: 'member', submitted: true }),
    );
  });

  it('a new member (nothing matches): the first Enter logs it as typed', () => {
    expect(earlyEntry(keys('i', 'v', 'Enter', '1', 'Tab', 'Tab', 'Z', 'o', 'e', 'Enter'), choices)).toEqual(
      entry({ feature: 'iv', picked: 'avatar-iv', amount: '1', member: { text: 'Zoe', typing: true }, at: 'member', submitted: true }),
    );
  });

  it('Tab takes a field’s best match as it leaves it; the member not reached stays the form’s own (the one remembered)', () => {
    expect(earlyEntry(keys('v', 'e', 'o', 'Tab', '2', 'Tab', 'l', 'a', 'u', 'Tab'), choices)).toEqual(
      entry({ feature: 'veo', picked: 'veo3', amount: '2', project: { text: 'Launch', typing: false }, at: 'member' }),
    );
  });

  it('keys ending in the middle of a name: it is still being typed (its matches listed), the cursor in it', () => {
    expect(earlyEntry(keys('i', 'v', 'Enter', 'Tab', 'l', 'a'), choices)).toEqual(entry({ feature: 'iv', picked: 'avatar-iv', project: { text: 'la', typing: true }, at: 'project' }));
  });

  it('Shift+Tab goes back a field, whose text is then typed over; it stays in the feature field when there is none before it', () => {
    expect(earlyEntry(keys('Shift+Tab', 'i', 'v', 'Enter', '2', 'Shift+Tab', 'v', 'e', 'o', 'Enter'), choices)).toEqual(entry({ feature: 'veo', picked: 'veo3', amount: '2', at: 'amount' }));
  });

  it('a feature typed that matches nothing and left with Tab goes back to none, as the form’s field does', () => {
    expect(earlyEntry(keys('z', 'q', 'Tab', '3'), choices)).toEqual(entry({ amount: '3', at: 'amount' }));
  });

  it('past the member (the videos, the date): characters are not kept, Shift+Tab comes back, Enter logs', () => {
    expect(earlyEntry(keys('i', 'v', 'Enter', 'Tab', 'Tab', 'b', 'Tab', 'x', 'Shift+Tab', 'A', 'Enter', 'Enter'), choices)).toEqual(
      entry({ feature: 'iv', picked: 'avatar-iv', member: { text: 'Ana', typing: false }, at: 'member', submitted: true }),
    );
    expect(earlyEntry(keys('i', 'v', 'Enter', 'Tab', 'Tab', 'Tab', 'Enter'), choices).submitted).toBe(true);
  });

  it('Enter in the project or member field not typed in logs; back in a picked feature field, it logs too', () => {
    expect(earlyEntry(keys('i', 'v', 'Enter', 'Tab', 'Enter'), choices)).toEqual(entry({ feature: 'iv', picked: 'avatar-iv', at: 'project', submitted: true }));
    expect(earlyEntry(keys('i', 'v', 'Enter', 'Shift+Tab', 'Enter'), choices)).toMatchObject({ picked: 'avatar-iv', at: 'feature', submitted: true });
  });
});
