/**
 * The names a feature is known by (its id, its name, each part of a name like
 * "Avatar IV / Avatar V", and common aliases), matched forgivingly: exactly by
 * the import, by what has been typed so far by the usage form's picker.
 */
import { RATE_CARD_2026_11, type FeatureId } from './rateCard.ts';

/** Lower case, letters and digits only, roman numerals as digits: `Avatar IV`, `avatar 4` and `AvatarIV` read alike. */
export function squash(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b(iii|iv|v)\b/g, (r) => ({ iii: '3', iv: '4', v: '5' })[r as 'iii' | 'iv' | 'v'])
    .replace(/(?<=[a-z])(iii|iv)$/g, (r) => ({ iii: '3', iv: '4' })[r as 'iii' | 'iv'])
    .replace(/[^a-z0-9]/g, '');
}

/** Every spelling a feature is known by, squashed. */
const FEATURE_NAMES = new Map<string, FeatureId>();
for (const rate of RATE_CARD_2026_11.rates) {
  for (const name of [rate.id, rate.name, ...rate.name.split(' / ')]) FEATURE_NAMES.set(squash(name), rate.id);
}
for (const [alias, id] of [
  ['translation precision', 'translation-precision'],
  ['video translation precision', 'translation-precision'],
  ['precision translation', 'translation-precision'],
  ['translation no lip sync', 'translation-no-lipsync'],
  ['video translation no lipsync', 'translation-no-lipsync'],
  ['image', 'image-asset'],
  ['images', 'image-asset'],
  ['look', 'generate-look'],
  ['podcast', 'batch'],
  ['highlights', 'instant-highlights'],
  ['expressive motion', 'expressive-motion'],
  ['veo', 'veo3'],
  ['veo 3', 'veo3'],
  ['seedance', 'seedance2'],
  ['seedance 2', 'seedance2'],
  ['agent', 'video-agent'],
] as const) {
  FEATURE_NAMES.set(squash(alias), id);
}

/** The feature a spreadsheet's name for it means, or null. */
export function featureMatch(text: string): FeatureId | null {
  return FEATURE_NAMES.get(squash(text)) ?? null;
}


/** A word as its roman numeral reads in digits: `iv` → `4`. */
function romanAsDigits(word: string): string {
  return ({ iii: '3', iv: '4', v: '5' } as Record<string, string>)[word] ?? word;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Each feature's names, as words (roman numerals also as digits) and squashed. */
const SEARCHABLE = RATE_CARD_2026_11.rates.map((rate) => {
  const names = [rate.name, rate.id, ...[...FEATURE_NAMES].filter(([, id]) => id === rate.id).map(([name]) => name)];
  return { id: rate.id, words: new Set(names.flatMap((n) => wordsOf(n).flatMap((w) => [w, romanAsDigits(w)]))), squashed: names.map(squash) };
});

/**
 * The features that what has been typed so far could mean, best first: an exact
 * name ("avatar 4", "veo"), then every typed word starting a word of a name ("iv",
 * "trans prec"), then the typed letters anywhere in a name; among equals, the
 * ones in `prefer` (the user's most used) first, in its order. Empty: none.
 */
export function featureSearch(text: string, prefer: readonly FeatureId[] = []): FeatureId[] {
  const typed = wordsOf(text);
  if (typed.length === 0) return [];
  const exact = featureMatch(text);
  const squashed = squash(text);
  const rank = (f: (typeof SEARCHABLE)[number]): number => {
    if (f.id === exact) return 0;
    if (typed.every((w) => [...f.words].some((n) => n.startsWith(w) || n.startsWith(romanAsDigits(w))))) return 1;
    return squashed !== '' && f.squashed.some((n) => n.includes(squashed)) ? 2 : 3;
  };
  const preferred = (id: FeatureId) => (prefer.includes(id) ? prefer.indexOf(id) : prefer.length);
  return SEARCHABLE.map((f) => ({ id: f.id, rank: rank(f) }))
    .filter((f) => f.rank < 3)
    .sort((a, b) => a.rank - b.rank || preferred(a.id) - preferred(b.id))
    .map((f) => f.id);
}
