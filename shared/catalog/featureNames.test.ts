/** The usage form's feature picker: what a hurried user types finds the feature first. */
import { describe, expect, it } from 'vitest';
import { featureSearch } from './featureNames.ts';

describe('featureSearch', () => {
  it.each([
    ['iv', 'avatar-iv'],
    ['avatar 4', 'avatar-iv'],
    ['Avatar IV', 'avatar-iv'],
    ['veo', 'veo3'],
    ['ve', 'veo3'],
    ['trans prec', 'translation-precision'],
    ['seed', 'seedance2'],
    ['look', 'generate-look'],
    ['iii', 'avatar-iii'],
  ])('%s → %s first', (text, id) => {
    expect(featureSearch(text)[0]).toBe(id);
  });

  it('among equal matches, the features the user uses most come first', () => {
    expect(featureSearch('tra')[0]).toBe('model-training');
    expect(featureSearch('tra', ['avatar-iv', 'translation'])[0]).toBe('translation');
    expect(featureSearch('veo', ['translation'])[0]).toBe('veo3');
  });

  it('nothing typed, or nothing like a feature: no match', () => {
    expect(featureSearch('  ')).toEqual([]);
    expect(featureSearch('zzz')).toEqual([]);
  });
});
