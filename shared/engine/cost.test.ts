import { describe, expect, it } from 'vitest';
import { RATE_CARD_2026_11 } from '../catalog/rateCard.ts';
import { creditsToNumber } from '../units.ts';
import { measureCost, type Measure } from './cost.ts';

const cost = (m: Measure, rounding?: 'none' | 'half-credit' | 'credit') => creditsToNumber(measureCost(RATE_CARD_2026_11, m, rounding));

describe('measureCost: the rate card, pro-rata to the second', () => {
  it.each<[string, Measure, number]>([
    ['90 s of Avatar IV', { feature: 'avatar-iv', seconds: 90 }, 30],
    ['1.5 min of Avatar IV', { feature: 'avatar-iv', minutes: 1.5 }, 30],
    ['7 min of Instant Highlights', { feature: 'instant-highlights', minutes: 7 }, 1.4],
    ['10 min of Avatar III', { feature: 'avatar-iii', minutes: 10 }, 30],
    ['2 min of Expressive Motion', { feature: 'expressive-motion', minutes: 2 }, 80],
    ['3 looks', { feature: 'generate-look', count: 3 }, 3],
    ['one model training', { feature: 'model-training', count: 1 }, 60],
    ['12 min translation × 5 languages', { feature: 'translation', minutes: 12, videos: 5 }, 300],
    ['12 min precision translation × 5', { feature: 'translation-precision', minutes: 12, videos: 5 }, 600],
    ['30 min translation, no lip-sync', { feature: 'translation-no-lipsync', minutes: 30 }, 60],
    ['10 images', { feature: 'image-asset', count: 10 }, 20],
    ['8 s of Seedance2', { feature: 'seedance2', seconds: 8 }, 32],
    ['2 VEO3 generations', { feature: 'veo3', count: 2 }, 180],
    ['5 min of Video Agent', { feature: 'video-agent', minutes: 5 }, 100],
    ['4 motion designer assets', { feature: 'motion-designer-asset', count: 4 }, 12],
    ['60 min podcast', { feature: 'batch', minutes: 60 }, 180],
    ['1 s of Avatar IV', { feature: 'avatar-iv', seconds: 1 }, 1 / 3],
  ])('%s = %d credits', (_name, measure, credits) => {
    expect(cost(measure)).toBeCloseTo(credits, 12);
  });

  it('rounds minutes to the nearest second', () => {
    expect(cost({ feature: 'avatar-iv', minutes: 1 / 3 })).toBe(cost({ feature: 'avatar-iv', seconds: 20 }));
  });

  it.each<[Measure, 'half-credit' | 'credit', number]>([
    [{ feature: 'avatar-iv', seconds: 1 }, 'half-credit', 0.5],
    [{ feature: 'avatar-iv', seconds: 1 }, 'credit', 1],
    [{ feature: 'instant-highlights', minutes: 7, videos: 3 }, 'credit', 6], // each of 1.4 → 2, × 3
    [{ feature: 'avatar-iv', seconds: 90 }, 'credit', 30], // already whole
  ])('rounds each generation up when the card says so: %o %s', (measure, rounding, credits) => {
    expect(cost(measure, rounding)).toBe(credits);
  });

  it('is exact: 10,000 one-minute Instant Highlights sum to 2,000 credits', () => {
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += measureCost(RATE_CARD_2026_11, { feature: 'instant-highlights', minutes: 1 });
    expect(creditsToNumber(total as never)).toBe(2000);
  });

  it('every rate on the card costs whole units for one second or one unit', () => {
    for (const rate of RATE_CARD_2026_11.rates) {
      const m = rate.basis.kind === 'time' ? { feature: rate.id, seconds: 1 } : { feature: rate.id, count: 1 };
      expect(Number.isInteger(measureCost(RATE_CARD_2026_11, m))).toBe(true);
    }
  });

  it('names a feature the card has no rate for (input that skipped validation) rather than cost it at nothing', () => {
    expect(() => measureCost(RATE_CARD_2026_11, { feature: 'hologram', minutes: 1 })).toThrow('no rate for hologram: the input was not validated');
  });
});
