/** The rate card: what each feature costs in credits. Data, dated and versioned. */
import type { IsoDate } from '../units.ts';

/** How a feature is measured: by time (credits per so many seconds) or by unit (credits per look, image, …). */
export type RateBasis =
  | { readonly kind: 'time'; readonly perSeconds: number; readonly label: string }
  | { readonly kind: 'count'; readonly label: string };

export interface Rate {
  readonly id: FeatureId;
  readonly name: string;
  /** Whole credits per `basis` (per minute, per look, …). */
  readonly credits: number;
  readonly basis: RateBasis;
  /** Whether the plan's maximum video length applies to this feature's output. */
  readonly lengthLimited: boolean;
}

/** Rounding of each generation's cost: none, up to the next half credit, up to the next credit. */
export type Rounding = 'none' | 'half-credit' | 'credit';

export interface RateCard {
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly rounding: Rounding;
  readonly rates: readonly Rate[];
}

export const FEATURE_IDS = [
  'avatar-iii',
  'avatar-iv',
  'expressive-motion',
  'generate-look',
  'model-training',
  'translation',
  'translation-precision',
  'translation-no-lipsync',
  'image-asset',
  'seedance2',
  'veo3',
  'video-agent',
  'motion-designer-asset',
  'batch',
  'instant-highlights',
] as const;

export type FeatureId = (typeof FEATURE_IDS)[number];

const perMinute: RateBasis = { kind: 'time', perSeconds: 60, label: 'minute' };

/** The card as published with the credit-based plans (catalog dated 2026-11). */
export const RATE_CARD_2026_11: RateCard = {
  version: '2026-11',
  effectiveFrom: '2026-11-01' as IsoDate,
  rounding: 'none',
  rates: [
    { id: 'avatar-iii', name: 'Avatar III', credits: 3, basis: perMinute, lengthLimited: true },
    { id: 'avatar-iv', name: 'Avatar IV / Avatar V', credits: 20, basis: perMinute, lengthLimited: true },
    { id: 'expressive-motion', name: 'Custom Expressive Motion', credits: 40, basis: perMinute, lengthLimited: true },
    { id: 'generate-look', name: 'Generate Look', credits: 1, basis: { kind: 'count', label: 'look' }, lengthLimited: false },
    { id: 'model-training', name: 'AI Model Training', credits: 60, basis: { kind: 'count', label: 'training' }, lengthLimited: false },
    { id: 'translation', name: 'Video Translation', credits: 5, basis: perMinute, lengthLimited: true },
    { id: 'translation-precision', name: 'Video Translation, precision mode', credits: 10, basis: perMinute, lengthLimited: true },
    { id: 'translation-no-lipsync', name: 'Video Translation, no lip-sync', credits: 2, basis: perMinute, lengthLimited: true },
    { id: 'image-asset', name: 'Generate Image Assets', credits: 2, basis: { kind: 'count', label: 'image' }, lengthLimited: false },
    { id: 'seedance2', name: 'Seedance2', credits: 4, basis: { kind: 'time', perSeconds: 1, label: 'second' }, lengthLimited: false },
    { id: 'veo3', name: 'VEO3', credits: 90, basis: { kind: 'count', label: 'generation' }, lengthLimited: false },
    { id: 'video-agent', name: 'Video Agent', credits: 20, basis: perMinute, lengthLimited: true },
    { id: 'motion-designer-asset', name: 'Motion Designer Assets', credits: 3, basis: { kind: 'count', label: 'asset' }, lengthLimited: false },
    { id: 'batch', name: 'Video podcast / Batch mode', credits: 3, basis: perMinute, lengthLimited: true },
    { id: 'instant-highlights', name: 'Instant Highlights', credits: 1, basis: { kind: 'time', perSeconds: 300, label: '5 minutes' }, lengthLimited: false },
  ],
};

const rateIndex = new Map<RateCard, Map<string, Rate>>();

/** The rate for a feature id, or undefined for an id not on the card. */
export function rateOf(card: RateCard, feature: string): Rate | undefined {
  let index = rateIndex.get(card);
  if (!index) {
    index = new Map(card.rates.map((r) => [r.id, r]));
    rateIndex.set(card, index);
  }
  return index.get(feature);
}
